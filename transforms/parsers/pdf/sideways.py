"""Tables whose text does not run left to right: printed sideways, or on a rotated page.

PyMuPDF's table finder gives its cells in the rotated page's space (as the page is shown),
while MuPDF's words come in the page's unrotated space: on a page with ``/Rotate`` the
words are first carried over (:func:`words_in_table_space`). A table printed sideways (its
text running up or down, as landscape tables in portrait reports are) has its logical rows
as the grid's columns: :func:`turned_rows` reads the grid in the text's own direction, so
the header row comes first and every cell's words read in order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pymupdf

from transforms.model import Cell
from transforms.parsers.pdf.bidi import words_in_order

Rect = tuple[float, float, float, float]
Word = tuple[float, float, float, float, str, int, int]
Direction = tuple[int, int]
_TURNS = {(1, 0), (0, 1), (0, -1), (-1, 0)}  # directions a table can be turned from


def _box_mapper(matrix: pymupdf.Matrix) -> Callable[[Rect], Rect]:
    a, b, c, d, e, f = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)

    def apply(box: Rect) -> Rect:
        x0, y0, x1, y1 = box[:4]
        xs = (a * x0 + c * y0 + e, a * x1 + c * y1 + e)
        ys = (b * x0 + d * y0 + f, b * x1 + d * y1 + f)
        return (min(xs), min(ys), max(xs), max(ys))

    return apply


def words_in_table_space(page: pymupdf.Page, words: list[Word]) -> list[Word]:
    """``words`` carried into the space of the table finder's cells (the rotated page)."""
    if not page.rotation:
        return words
    apply = _box_mapper(page.rotation_matrix)
    return [(*apply(w[:4]), *w[4:]) for w in words]  # type: ignore[misc]


def box_in_page_space(page: pymupdf.Page, box: Rect) -> Rect:
    """A box of the table finder's space back in the page's (word) space."""
    if not page.rotation:
        return box
    return _box_mapper(page.derotation_matrix)(box)


def looks_vertical(words: list[Word], bbox: Rect) -> bool:
    """Most words of two or more characters inside ``bbox`` are taller than wide."""
    x0, y0, x1, y1 = bbox
    inside = [
        w
        for w in words
        if len(w[4]) >= 2 and x0 <= (w[0] + w[2]) / 2 <= x1 and y0 <= (w[1] + w[3]) / 2 <= y1
    ]
    tall = sum(1 for w in inside if w[3] - w[1] > w[2] - w[0])
    return bool(inside) and tall * 2 > len(inside)


def line_directions(
    page: pymupdf.Page, textpage: pymupdf.TextPage, finder_space: bool = True
) -> dict[tuple[int, int], Direction]:
    """(block, line) -> the line's writing direction, in the table finder's space.

    ``finder_space=False``: in the page's unrotated space, where MuPDF's words are.
    """
    m = page.rotation_matrix if page.rotation and finder_space else pymupdf.Identity
    out: dict[tuple[int, int], Direction] = {}
    data = page.get_text("dict", textpage=textpage, sort=False)
    for bno, block in enumerate(data["blocks"]):
        for lno, line in enumerate(block.get("lines", ())):
            dx, dy = line["dir"]
            out[(bno, lno)] = (round(m.a * dx + m.c * dy), round(m.b * dx + m.d * dy))
    return out


def table_direction(
    words: list[Word], bbox: Rect, directions: dict[tuple[int, int], Direction]
) -> Direction:
    """The writing direction of most of the text inside ``bbox`` (by characters)."""
    x0, y0, x1, y1 = bbox
    votes: Counter[Direction] = Counter()
    for w in words:
        if x0 <= (w[0] + w[2]) / 2 <= x1 and y0 <= (w[1] + w[3]) / 2 <= y1:
            votes[directions.get((w[5], w[6]), (1, 0))] += len(w[4])
    best = votes.most_common(1)[0][0] if votes else (1, 0)
    return best if best in _TURNS else (1, 0)  # slanted text is read as it stands


def _edges(values: list[float], tolerance: float = 1.5) -> list[float]:
    """Distinct coordinates, those closer than ``tolerance`` merged."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _without_frames(cells: list[Rect]) -> list[Rect]:
    """The cells without those holding two or more others: a frame around the grid."""

    def holds(outer: Rect, inner: Rect) -> bool:
        return (
            outer != inner
            and outer[0] <= inner[0] + 0.5
            and outer[1] <= inner[1] + 0.5
            and outer[2] >= inner[2] - 0.5
            and outer[3] >= inner[3] - 0.5
        )

    return [c for c in cells if sum(1 for other in cells if holds(c, other)) < 2]


def turned_rows(
    cells: list[Rect], words: list[Word], direction: Direction
) -> tuple[tuple[Cell, ...], ...]:
    """The grid of ``cells`` read with its text turned to run left to right.

    ``direction``: the text's writing direction (dx, dy) in the cells' space. Cells keep
    their spans (a cell over two grid columns of a sideways table spans two rows).
    """
    dx, dy = direction
    a, b, c, d = dx, -dy, dy, dx  # rotates (dx, dy) onto (1, 0)
    turn = _box_mapper(pymupdf.Matrix(a, b, c, d, 0, 0))
    cells = _without_frames(cells)
    boxes = [turn(cell) for cell in cells]
    xs = _edges([v for bx in boxes for v in (bx[0], bx[2])])
    ys = _edges([v for bx in boxes for v in (bx[1], bx[3])])
    placed: dict[tuple[int, int], tuple[int, int, int]] = {}  # (row, col) -> rows, cols, cell
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        row, col = _index(ys, y0), _index(xs, x0)
        rows, cols = max(1, _index(ys, y1) - row), max(1, _index(xs, x1) - col)
        placed.setdefault((row, col), (rows, cols, i))
    parts: list[list[tuple[float, float, str]]] = [[] for _ in cells]
    turned = [turn(w[:4]) for w in words]
    heights = sorted(t[3] - t[1] for t in turned) or [10.0]
    height = heights[len(heights) // 2]
    for w, (wx0, wy0, wx1, wy1) in zip(words, turned, strict=True):
        cx, cy = (wx0 + wx1) / 2, (wy0 + wy1) / 2
        inside = [i for i, bx in enumerate(boxes) if bx[0] <= cx <= bx[2] and bx[1] <= cy <= bx[3]]
        if inside:  # the innermost cell holding the word's centre
            i = min(inside, key=lambda i: (boxes[i][2] - boxes[i][0]) * (boxes[i][3] - boxes[i][1]))
            parts[i].append((cy, wx0, w[4]))
    texts = [" ".join(" ".join(t for _, t in cell_lines(p, height)).split()) for p in parts]
    # grid columns no text starts in (slivers between double rules) are dropped
    used = {col for (_, col), (_, _, i) in placed.items() if texts[i]}
    covered: set[tuple[int, int]] = set()
    out: list[tuple[Cell, ...]] = []
    for r in range(len(ys) - 1):
        row_cells: list[Cell] = []
        for col in range(len(xs) - 1):
            if (r, col) in covered:
                continue
            if (r, col) not in placed:
                if col in used:
                    row_cells.append(Cell(""))
                continue
            rows, cols, i = placed[(r, col)]
            covered.update((r + k, col + j) for k in range(rows) for j in range(cols))
            span = sum(1 for j in range(col, col + cols) if j in used)
            if span:
                row_cells.append(Cell(texts[i], row_span=rows, col_span=span))
        out.append(tuple(row_cells))
    return tuple(out)


def cell_lines(items: list[tuple[float, float, str]], height: float) -> list[tuple[float, str]]:
    """Words of one cell, (centre y, x0, text), grouped into text lines: (centre y, text).

    A line's words are read left to right, or right to left when most of its letters
    are of a right-to-left script.
    """
    lines: list[tuple[float, list[tuple[float, str]]]] = []
    for cy, x0, text in sorted(items):
        if lines and abs(cy - lines[-1][0]) <= 0.5 * height:
            lines[-1][1].append((x0, text))
        else:
            lines.append((cy, [(x0, text)]))
    return [(cy, " ".join(words_in_order([t for _, t in sorted(ws)]))) for cy, ws in lines]

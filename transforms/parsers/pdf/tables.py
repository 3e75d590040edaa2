"""Tables found by PyMuPDF's rule-based finder (its layout model switched off)."""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf

from transforms.model import Cell, Table
from transforms.parsers.pdf.lines import TEXT_FLAGS, normalize_text

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class PageTable:
    """A table found on a page, with its box."""

    bbox: Rect
    table: Table


def _clean(text: str | None) -> str:
    return " ".join((text or "").translate({0xAD: None}).split())


Word = tuple[float, float, float, float, str]


def _cell_texts(tab: pymupdf.table.Table, words: list[Word]) -> list[list[str | None]]:
    """Text of every cell slot from the page's words (``None`` where a merged cell continues).

    PyMuPDF's own ``extract()`` reorders characters in some fonts ("3.71T" -> "371T ."), so
    the words MuPDF already assembled are placed into the cells by their centres.
    """
    grid = [list(row.cells) for row in tab.rows]
    parts: list[list[list[str]]] = [[[] for _ in row] for row in grid]
    for x0, y0, x1, y1, text in words:
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        for r, row in enumerate(grid):
            band = next((c for c in row if c is not None), None)
            if band is None or not band[1] <= cy <= band[3]:
                continue
            col = next((i for i, c in enumerate(row) if c is not None and c[0] <= cx <= c[2]), None)
            if col is None:
                # inside a merged slot: the cell that covers it starts further left (or up)
                col = max((i for i, c in enumerate(row) if c is not None and c[0] <= cx),
                          default=None)  # fmt: skip
            if col is not None:
                parts[r][col].append(text)
            break
    return [
        [None if cell is None else _clean(" ".join(parts[r][c])) for c, cell in enumerate(row)]
        for r, row in enumerate(grid)
    ]


def _header_above(tab: pymupdf.table.Table, words: list[Word]) -> tuple[list[str], float] | None:
    """A row of words just above the table that splits into its columns: a header row."""
    x0, top, x1, _ = tab.bbox
    row = max(tab.rows, key=lambda r: sum(c is not None for c in r.cells))
    columns = [c for c in row.cells if c is not None]
    if len(columns) < 2:
        return None
    heights = sorted(w[3] - w[1] for w in words) or [10.0]
    reach = 1.5 * heights[len(heights) // 2]
    above = [w for w in words if top - reach <= (w[1] + w[3]) / 2 < top and x0 - 2 <= w[0]
             and w[2] <= x1 + 2]  # fmt: skip
    if not above:
        return None
    names = [""] * len(columns)
    for w in sorted(above, key=lambda w: (round(w[1]), w[0])):
        inside = (i for i, c in enumerate(columns) if c[0] - 2 <= w[0] and w[2] <= c[2] + 2)
        col = next(inside, None)
        if col is None:
            return None  # a word across a column boundary: running text, not a header
        names[col] = f"{names[col]} {w[4]}".strip()
    if sum(1 for n in names if n) < 2:
        return None
    return names, min(w[1] for w in above)


def _rows_with_spans(raw: list[list[str | None]]) -> tuple[tuple[Cell, ...], ...]:
    """Turn rows (``None`` where a merged cell continues) into cells with spans.

    A ``None`` right of a cell widens that cell; a ``None`` in the first column becomes an
    empty cell (vertical merges are not recovered).
    """
    rows: list[tuple[Cell, ...]] = []
    for raw_row in raw:
        cells: list[Cell] = []
        for value in raw_row:
            if value is None and cells:
                last = cells[-1]
                cells[-1] = Cell(last.text, last.row_span, last.col_span + 1)
            else:
                cells.append(Cell(_clean(value)))
        rows.append(tuple(cells))
    return tuple(rows)


def _external_header(tab: pymupdf.table.Table) -> tuple[list[str], Rect] | None:
    """PyMuPDF's header names when it found them outside (above) the table's box."""
    try:
        header = tab.header
    except Exception:  # header detection is a heuristic inside PyMuPDF; never fatal
        return None
    if header is None or not header.external or not any(header.names or ()):
        return None
    return [_clean(n) for n in header.names], tuple(header.bbox)


def _union(a: Rect, b: Rect) -> Rect:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def find_page_tables(page: pymupdf.Page) -> list[PageTable]:
    """Tables on ``page`` with at least two rows and two columns, header row first."""
    finder = page.find_tables(use_layout=False)
    if finder is None or not finder.tables:
        return []
    words = [
        (w[0], w[1], w[2], w[3], normalize_text(w[4]))
        for w in page.get_text("words", flags=TEXT_FLAGS)
    ]
    found: list[PageTable] = []
    for tab in finder.tables:
        raw = _cell_texts(tab, words)
        rows = _rows_with_spans(raw)
        bbox: Rect = tuple(tab.bbox)
        external = _external_header(tab)
        above = None if external else _header_above(tab, words)
        if external:
            rows = (tuple(Cell(n) for n in external[0]), *rows)
            bbox = _union(bbox, external[1])
        elif above:
            rows = (tuple(Cell(n) for n in above[0]), *rows)
            bbox = (bbox[0], above[1], bbox[2], bbox[3])
        rows = tuple(r for r in rows if any(c.text for c in r))
        width = max((sum(c.col_span for c in r) for r in rows), default=0)
        if len(rows) < 2 or width < 2:
            continue  # a framed paragraph or a single cell is text, not a table
        filled = sum(1 for r in rows for c in r if c.text)
        if filled < 3:
            continue
        found.append(PageTable(bbox=bbox, table=Table(rows=rows, header_rows=1)))
    return found

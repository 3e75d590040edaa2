"""Rows and columns a ruled table leaves unruled.

Statistical tables often rule only column groups ("Total", "Male", "Female") and a few
row bands: one ruled cell then holds a stack of text lines (one per table row) and, side
by side, the figures of several columns. This module recovers those rows and columns
from the words' positions:

- a grid row whose cells hold stacked lines that line up across cells, one of the
  stacks made of figures, is split into one row per text line (:func:`stacked_rows`);
- in a grid column of such rows, a vertical channel of white space that runs through
  all the stacked lines, with words on both sides in most of them, splits the column
  (:func:`column_cuts`);
- a cell the finder merged over several rows and columns of the grid (their rules drawn
  only beside it) whose lines fall one per row, figures in the columns after the first,
  is given back to those rows and columns (:func:`unmerge_stacks`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from transforms.parsers.pdf.sideways import cell_lines

WordBox = tuple[float, float, float, str]  # centre y, x0, x1, text
Rect = tuple[float, float, float, float]
Cells = list[list[WordBox] | None]  # a row's cells (None: a merged cell continues)

MIN_STACK = 3  # lines in a cell before it counts as a stack of rows
MIN_CHANNEL = 0.8  # white space wider than this share of the text height separates columns
WORD_SPACE = 0.4  # a gap up to this share of the text height is a space between words


def _line_centres(words: list[WordBox], height: float) -> list[float]:
    """Centres of the text lines the words make (words within half a height share one)."""
    centres: list[float] = []
    for cy in sorted(w[0] for w in words):
        if not centres or cy - centres[-1] > 0.5 * height:
            centres.append(cy)
    return centres


FIGURE = re.compile(
    r"^[(\[]?[-+$€£]?\d[\d.,:/%-]*[)\]]?[.,;:%*]*$|^[–—-]$|^\(?[A-Z]\)$|^\.\.?$"
    r"|^(?:NA|N/A|n\.?a\.?|n/a)$"
)


def mostly_figures(words: list[WordBox]) -> bool:
    """Whether the words are nearly all figures (12, 3.5%, (1,199); a dash or NA for none)."""
    return sum(1 for w in words if FIGURE.match(w[3])) >= 0.9 * len(words)


def _nearest(centres: list[float], y: float) -> int:
    """Index of the centre nearest to ``y`` (``centres`` sorted)."""
    i = bisect.bisect_left(centres, y)
    if i == len(centres) or (i > 0 and y - centres[i - 1] <= centres[i] - y):
        return i - 1
    return i


def stacked_rows(cells: Cells, height: float) -> list[Cells] | None:
    """Split a grid row whose cells stack aligned text lines into one row per line.

    Needs two or more cells of at least ``MIN_STACK`` lines; every line of every cell
    must fall on its own line of the whole row (a cell's wrapped text beside one-line
    cells is left alone: it has more lines than its neighbours and shares no stack).
    """
    filled = [c for c in cells if c]
    if len(filled) < 2:
        return None
    counts = [len(_line_centres(c, height)) for c in filled]
    if sum(1 for n in counts if n >= MIN_STACK) < 2:
        return None
    if not any(n >= MIN_STACK and mostly_figures(c) for c, n in zip(filled, counts, strict=True)):
        return None  # wrapped paragraphs side by side, not a stack of rows
    centres = _line_centres([w for c in filled for w in c], height)
    if len(centres) > 1.25 * max(counts):
        return None
    rows: list[Cells] = [[None if c is None else [] for c in cells] for _ in centres]
    for j, cell in enumerate(cells):
        if not cell:
            continue
        used: set[int] = set()
        for word in cell:
            k = _nearest(centres, word[0])
            rows[k][j].append(word)
            used.add(k)
        if len(used) != len(_line_centres(cell, height)):
            return None  # two lines of this cell fall on one line of the row
    return rows


def unmerge_stacks(
    grid: list[list[Rect | None]], parts: list[list[list[WordBox]]], height: float
) -> None:
    """Give a merged cell's stacked lines back to the grid rows and columns it covers.

    ``grid`` rows of cell boxes (``None`` where a merged cell continues) and ``parts``
    (words per cell slot) are changed in place. A cell qualifies when it spans two
    columns or more, each of its lines falls in a row of its own, no word crosses a
    column's edge, and the words after the first column are figures (a tall merged label
    keeps its wrapped lines together). A cell within one row needs figures in two
    columns (a merged heading may end with a year); its lines are split into rows later,
    as any row's aligned lines are.
    """
    if not grid:
        return
    tops = [min((c[1] for c in row if c is not None), default=float("nan")) for row in grid]
    fullest = max(grid, key=lambda row: sum(c is not None for c in row))
    if any(c is None for c in fullest) or len(fullest) != len(grid[0]):
        return
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            words = parts[r][c]
            if cell is None or len(words) < 2:
                continue
            rows = [k for k in range(r, len(grid)) if k == r or tops[k] < cell[3] - 0.5]
            cols = [j for j, col in enumerate(fullest) if col[0] >= cell[0] - 0.5
                    and col[2] <= cell[2] + 0.5]  # fmt: skip
            if len(cols) < 2 or cols[0] != c:
                continue
            placed = _unstack(words, rows, cols, tops, fullest, height)
            if placed is None:
                continue
            if len(rows) == 1 and len({j for _, j in placed if j != c}) < 2:
                continue
            for k in rows:
                bottom = tops[k + 1] if k + 1 in rows else cell[3]
                for j in cols:
                    grid[k][j] = (fullest[j][0], tops[k], fullest[j][2], bottom)
                    parts[k][j] = placed.get((k, j), [])


def _unstack(
    words: list[WordBox],
    rows: list[int],
    cols: list[int],
    tops: list[float],
    columns: list[Rect],
    height: float,
) -> dict[tuple[int, int], list[WordBox]] | None:
    """The words by (row, column) slot, or None when they are not a stack of rows."""
    centres = _line_centres(words, height)
    if len(rows) > 1 and len(centres) > len(rows):
        return None
    edges = [columns[j][2] for j in cols[:-1]]
    placed: dict[tuple[int, int], list[WordBox]] = {}
    line_rows: dict[int, int] = {}
    for word in words:
        cy, x0, x1, _ = word
        if any(x0 < edge < x1 for edge in edges):
            return None
        k = rows[0]
        for candidate in rows:
            if tops[candidate] <= cy:
                k = candidate
        line = _nearest(centres, cy)
        if line_rows.setdefault(line, k) != k:
            return None  # one line over two rows
        j = cols[sum(1 for edge in edges if (x0 + x1) / 2 > edge)]
        placed.setdefault((k, j), []).append(word)
    if len(rows) > 1 and len(set(line_rows.values())) != len(centres):
        return None  # two lines in one row: wrapped text
    later = [w for (_, j), ws in placed.items() if j != cols[0] for w in ws]
    if not later or not mostly_figures(later):
        return None
    return placed


def column_cuts(stacked: list[Cells], width: int, height: float) -> list[list[float]]:
    """For each grid column, the x positions where the stacked rows split it.

    A cut runs through white space at least ``MIN_CHANNEL`` heights wide that the words
    of at most a tenth of the stacked rows cross (headings wider than the figures under
    them), with words on both sides in at least half of the rows with text in the column.
    """
    cuts: list[list[float]] = [[] for _ in range(width)]
    for j in range(width):
        lines = [row[j] for row in stacked if j < len(row) and row[j]]
        if len(lines) < MIN_STACK:
            continue
        for gap in white_channels(lines, len(lines) // 10, MIN_CHANNEL * height):
            both = sum(
                1
                for line in lines
                if any(w[2] <= gap[0] for w in line) and any(w[1] >= gap[1] for w in line)
            )
            if both * 2 >= len(lines):
                cuts[j].append((gap[0] + gap[1]) / 2)
    return cuts


def white_channels(
    lines: list[list[WordBox]], allowed: int, min_width: float
) -> list[tuple[float, float]]:
    """Intervals of x, between the words' extremes, crossed by at most ``allowed`` words."""
    events = sorted(
        [(w[1], 1) for ln in lines for w in ln] + [(w[2], -1) for ln in lines for w in ln]
    )
    out: list[tuple[float, float]] = []
    depth = 0
    start: float | None = None
    for x, step in events:
        depth += step
        if depth <= allowed and start is None and step < 0:
            start = x
        elif depth > allowed and start is not None:
            if x - start >= min_width:
                out.append((start, x))
            start = None
    return out


def _split_cell(
    words: list[WordBox], cuts: list[float], height: float, stacked: bool
) -> list[str | None]:
    """A cell's text over its sub-columns, each word by its centre.

    In a row that is not one of the stacks (a header), words go by phrase: text crossing
    a cut stays whole (merged: a group heading over its columns), unless the cut only
    clips the end of one of several phrases on a line (headings a little wider than the
    figures under them, "Under 18  18 years" over "1,540.0  9,522.6": a third of the
    phrase on each side merges); a line with two phrases in one column is running text.
    """
    if not cuts:
        return [_text(words, height)]
    pieces = list(enumerate([w] for w in words)) if stacked else _phrases(words, height)
    merged = [_text(words, height)] + [None] * len(cuts)
    if not stacked:
        per_line = Counter(line for line, _ in pieces)
        if any(
            _straddles(p, cut) or (per_line[line] == 1 and p[0][1] < cut < p[-1][2])
            for line, p in pieces
            for cut in cuts
        ):
            return merged
    slots: list[list[WordBox]] = [[] for _ in range(len(cuts) + 1)]
    taken: set[tuple[int, int]] = set()  # (line, column)
    for line, piece in pieces:
        slot = sum(1 for cut in cuts if (piece[0][1] + piece[-1][2]) / 2 > cut)
        if not stacked and (line, slot) in taken:
            return merged  # two phrases of one line in one column: running text
        taken.add((line, slot))
        slots[slot].extend(piece)
    return [_text(slot, height) for slot in slots]


def _phrases(words: list[WordBox], height: float) -> list[tuple[int, list[WordBox]]]:
    """(line, words) of each phrase: words of a text line no more than a word space apart."""
    centres = _line_centres(words, height)
    lines: list[list[WordBox]] = [[] for _ in centres]
    for word in words:
        lines[_nearest(centres, word[0])].append(word)
    phrases: list[tuple[int, list[WordBox]]] = []
    for k, line in enumerate(lines):
        line.sort(key=lambda w: w[1])
        for word in line:
            gap = word[1] - phrases[-1][1][-1][2] if phrases and phrases[-1][0] == k else None
            if gap is not None and -0.5 <= gap <= WORD_SPACE * height:
                phrases[-1][1].append(word)
            else:
                phrases.append((k, [word]))
    return phrases


def _straddles(phrase: list[WordBox], cut: float) -> bool:
    """Whether a cut runs through a phrase with a third of it or more on each side."""
    x0, x1 = phrase[0][1], phrase[-1][2]
    return min(cut - x0, x1 - cut) >= (x1 - x0) / 3


def _text(words: list[WordBox], height: float) -> str:
    lines = cell_lines([(w[0], w[1], w[3]) for w in words], height)
    return " ".join(t for _, t in lines)


def render_rows(
    rows: list[Cells | list[str | None]],
    cuts: list[list[float]],
    height: float,
    stacked: list[Cells],
) -> list[list[str | None]]:
    """Rows of words (or of finished texts) as texts over the grid's split columns.

    A finished text row (a shaded band spread over the columns, an aligned stack) keeps
    its text in the first sub-column of each column, the others merged into it.
    """
    stacks = {id(row) for row in stacked}
    out: list[list[str | None]] = []
    for row in rows:
        texts: list[str | None] = []
        for j, cell in enumerate(row):
            n = len(cuts[j]) + 1 if j < len(cuts) else 1
            if cell is None:
                texts.extend([None] * n)
            elif isinstance(cell, str):
                texts.extend([cell] + [None] * (n - 1))
            else:
                split = cuts[j] if j < len(cuts) else []
                texts.extend(_split_cell(cell, split, height, id(row) in stacks))
        out.append(texts)
    return out

"""Header rows set over a ruled grid, outside its rules (PyMuPDF's finder leaves them out).

Many tables rule only their body: the column headings stand above the top rule. The
lines just over the grid are read as header rows when their phrases fall into the
grid's columns; a phrase over several columns spans them, and a lone phrase on top is a
caption or a unit, not a heading.
"""

from __future__ import annotations

import pymupdf

from transforms.model import Cell
from transforms.parsers.pdf.bidi import words_in_order
from transforms.parsers.pdf.cells import Rect, Word, cell_text


def _header_row(columns: list[Rect], phrases: list[tuple[float, float, str]]) -> tuple[Cell, ...]:
    """Place phrases (x0, x1, text) into columns; a phrase over several columns spans them.

    Phrases sharing a cell join from the left, or from the right in right-to-left text.
    """
    slots: dict[int, tuple[int, list[str]]] = {}
    taken: set[int] = set()
    for px0, px1, text in sorted(phrases):
        cols = [i for i, c in enumerate(columns) if min(c[2], px1) - max(c[0], px0) > 2]
        if px1 - px0 <= 2.5:  # a slanted heading, reduced to its centre (see _phrase)
            cols = [i for i, c in enumerate(columns) if c[0] <= px0 + 1 < c[2]][:1]
        if not cols:
            centre = (px0 + px1) / 2
            cols = [min(range(len(columns)), key=lambda i: abs(sum(columns[i][::2]) / 2 - centre))]
        if taken.intersection(cols):
            first = min(taken.intersection(cols))
            owner = max(k for k in slots if k <= first)
            slots[owner][1].append(text)
            continue
        slots[cols[0]] = (len(cols), [text])
        taken.update(range(cols[0], cols[0] + len(cols)))
    cells: list[Cell] = []
    i = 0
    while i < len(columns):
        span, texts = slots.get(i, (1, []))
        cells.append(Cell(cell_text(" ".join(words_in_order(texts))), col_span=span))
        i += span
    return tuple(cells)


def _phrase(words: list[Word]) -> tuple[float, float, str]:
    """A header line as (x0, x1, text); slanted or vertical words count at their centre.

    Column headings set at an angle have boxes that reach over the next column; the
    column they label is the one under the middle of the word.
    """
    x0, x1 = words[0][0], words[-1][2]
    text = " ".join(words_in_order([w[4] for w in words]))
    tall = max(w[3] for w in words) - min(w[1] for w in words)
    if len(words) == 1 and len(text) >= 3 and tall > 0.8 * (x1 - x0):
        centre = (x0 + x1) / 2
        return centre - 1, centre + 1, text
    return x0, x1, text


def _filled_columns(row: tuple[Cell, ...]) -> list[int]:
    """Grid columns covered by the row's cells that hold text."""
    filled: list[int] = []
    col = 0
    for cell in row:
        if cell.text:
            filled.extend(range(col, col + cell.col_span))
        col += cell.col_span
    return filled


def _spread_over(
    phrase: tuple[float, float, str], columns: list[Rect], below: tuple[Cell, ...]
) -> list[tuple[float, float, str]]:
    """A lone phrase centred over the headings below it ("Year Ended") spans all of them."""
    filled = _filled_columns(below)
    first, last = min(filled), max(filled)
    centre = (phrase[0] + phrase[1]) / 2
    if not columns[first][0] <= centre <= columns[last][2] or first == last:
        return [phrase]
    return [(columns[first][0] + 1, columns[last][2] - 1, phrase[2])]


def _spread_groups(
    phrases: list[tuple[float, float, str]], columns: list[Rect], below: tuple[Cell, ...]
) -> list[tuple[float, float, str]]:
    """Group headings ("ReACT", "Plan+Execute") over a row of sub-headings span their groups.

    Every filled column of the row below goes to the group heading whose centre is nearest;
    each heading then spans its columns. Left as they are unless every heading gets a
    contiguous run of two or more columns and keeps its own position inside it (a second
    line of two-line headings gets one column each).
    """
    filled = _filled_columns(below)
    centres = [(p[0] + p[1]) / 2 for p in phrases]
    groups: dict[int, list[int]] = {}
    for c in filled:
        middle = (columns[c][0] + columns[c][2]) / 2
        nearest = min(range(len(phrases)), key=lambda i: abs(centres[i] - middle))
        groups.setdefault(nearest, []).append(c)
    out = []
    for i, phrase in enumerate(phrases):
        cols = sorted(groups.get(i, ()))
        if len(cols) < 2 or cols != list(range(cols[0], cols[-1] + 1)):
            return phrases  # a group heading has a run of two or more sub-headings
        x0, x1 = columns[cols[0]][0], columns[cols[-1]][2]
        if not x0 - 2 <= centres[i] <= x1 + 2:
            return phrases
        out.append((x0 + 1, x1 - 1, phrase[2]))
    return out


def _beside(word: Word, line: list[Word], height: float) -> bool:
    """Whether ``word`` sits level with a word of ``line`` and (nearly) touches it."""
    centre = (word[1] + word[3]) / 2
    return any(
        abs((w[1] + w[3]) / 2 - centre) < 0.5 * height
        and max(w[0] - word[2], word[0] - w[2]) < 0.15 * height
        for w in line
    )


def headers_above(
    tab: pymupdf.table.Table, words: list[Word]
) -> tuple[list[tuple[Cell, ...]], float] | None:
    """Rows of words just above the table that fall into its columns: header rows.

    Running text is told apart by its phrases: a MuPDF line wider than half the table is
    a sentence, not a column heading; a line going on beyond the grid's edge (a section
    number hanging right of it, "3- ...") is a heading over the table. Up to three rows
    are taken, bottom up.
    """
    x0, top, x1, _ = tab.bbox
    row = max(tab.rows, key=lambda r: sum(c is not None for c in r.cells))
    columns = [c for c in row.cells if c is not None]
    if len(columns) < 2:
        return None
    heights = sorted(w[3] - w[1] for w in words) or [10.0]
    height = heights[len(heights) // 2]
    candidates: list[tuple[tuple[Cell, ...], bool]] = []  # bottom up: cells, several phrases
    for _ in range(3):
        level = [w for w in words if top - 1.5 * height <= (w[1] + w[3]) / 2 < top]
        band = [w for w in level if x0 - 2 <= w[0] and w[2] <= x1 + 2]
        if not band:
            break
        lowest = max((w[1] + w[3]) / 2 for w in band)
        band = [w for w in band if (w[1] + w[3]) / 2 >= lowest - 0.5 * height]
        if any(_beside(w, band, height) for w in level if w[2] <= x0 + 1 or w[0] >= x1 - 1):
            break  # a phrase of the line goes on beyond the grid
        lines: dict[tuple[int, int], list[Word]] = {}
        for w in sorted(band, key=lambda w: w[0]):
            lines.setdefault((w[5], w[6]), []).append(w)
        phrases = [_phrase(ws) for ws in lines.values()]
        if any(px1 - px0 > 0.5 * (x1 - x0) for px0, px1, _ in phrases):
            break
        if len(phrases) == 1 and candidates and candidates[-1][1]:
            phrases = _spread_over(phrases[0], columns, candidates[-1][0])
        elif len(phrases) > 1 and candidates and candidates[-1][1]:
            phrases = _spread_groups(phrases, columns, candidates[-1][0])
        cells = _header_row(columns, phrases)
        filled = sum(1 for c in cells if c.text)  # phrases in one column are one heading
        candidates.append((cells, filled > 1 or any(c.col_span > 1 for c in cells)))
        top = min(w[1] for w in band)
    while candidates and not candidates[-1][1]:
        candidates.pop()  # a lone phrase on top is a caption or a unit, not a heading row
    if not any(multi for _, multi in candidates):
        return None
    return [cells for cells, _ in reversed(candidates)], top

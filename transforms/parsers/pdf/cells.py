"""Words placed into the cells of a table grid found by PyMuPDF.

The finder gives rows of cell rectangles; a cell spanning rows appears in its first row
only (``None`` below it), and a frame drawn around a whole table becomes one more cell
that holds every other. Each word goes to the innermost cell holding its centre, and
counts in that cell's first row and column.
"""

from __future__ import annotations

import bisect
import re

from transforms.parsers.pdf.normalize import is_unmapped

Rect = tuple[float, float, float, float]
Word = tuple[float, float, float, float, str, int, int]  # box, text, block, line
WordBox = tuple[float, float, float, str]  # centre y, x0, x1, text
Slot = tuple[float, float, float, float, int, int]  # a cell's box and its first row, column


_LEADERS = re.compile(r"(?<=[^\s.·•])\s*(?:[.·•]\s*){4,}$")  # "Total . . . . ." (dot leaders)
_LEADING = re.compile(r"^(?:[.·•]\s*){4,}(?=[^\s.·•])")  # "........ 10%": the dots before
_SPLIT_DECIMAL = re.compile(r"([-+(]?\d[\d,]*)\. (\d+\)?%?)")


def tidy_cell(text: str) -> str:
    """A cell's text without dot leaders around it, a figure's decimal point kept in place.

    Statistical tables lead a row label to its figures with dots ("Total . . . ."); a
    figure whose decimals are positioned apart reads as two words ("11,062. 6").
    """
    if "." not in text and "·" not in text and "•" not in text:
        return text
    text = _LEADING.sub("", _LEADERS.sub("", text))
    if match := _SPLIT_DECIMAL.fullmatch(text):
        return f"{match[1]}.{match[2]}"
    return text


def vertical_lines_joined(words: list[tuple]) -> list[tuple]:
    """MuPDF's words with those of each line written up or down the page joined into one.

    A column heading turned on its side ("Brian Calley", read bottom up) is one MuPDF
    line of words stacked one over the other; placed into a cell and read top down,
    they would come out backwards. Joined in MuPDF's word order (the line's reading
    order, the order of ``words``), they stay one phrase. ``words``: ``(x0, y0, x1, y1,
    text, block, line)`` in the space where the table is upright.
    """
    if not any(w[3] - w[1] > 2 * (w[2] - w[0]) and len(w[4]) > 1 for w in words):
        return words
    lines: dict[tuple[int, int], list[tuple]] = {}
    for w in words:
        lines.setdefault((w[5], w[6]), []).append(w)
    out = []
    for line in lines.values():
        x0, y0 = min(w[0] for w in line), min(w[1] for w in line)
        x1, y1 = max(w[2] for w in line), max(w[3] for w in line)
        if len(line) == 1 or y1 - y0 < 2 * (x1 - x0):
            out.extend(line)
            continue
        text = " ".join(w[4] for w in line)
        out.append((x0, y0, x1, y1, text, *line[0][5:]))
    return out


def cell_text(text: str | None) -> str:
    """A cell's text on one line, without unmapped glyphs or soft hyphens."""
    text = text or ""
    if not text.isascii():  # unmapped glyphs and soft hyphens are beyond ASCII
        text = "".join(ch for ch in text if not is_unmapped(ch) and ch != "\xad")
    return " ".join(text.split())


def _covering(grid: list[list[Rect | None]]) -> tuple[list[float], list[list[Slot]]]:
    """Each row's top, and for each row the cells that reach into it (spans included)."""
    tops: list[float] = []
    for row in grid:
        ys = [c[1] for c in row if c is not None]
        tops.append(min(ys) if ys else (tops[-1] if tops else 0.0))
    covering: list[list[Slot]] = [[] for _ in grid]
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            k = r
            while k < len(grid) and (k == r or tops[k] < cell[3] - 0.5):
                covering[k].append((*cell[:4], r, c))
                k += 1
    return tops, covering


def place_words(
    grid: list[list[Rect | None]], words: list[Word]
) -> tuple[list[list[list[WordBox]]], list[list[tuple[float, float, float, str]]]]:
    """Words per cell slot (centre y, x0, x1, text), and per row (cx, cy, x0, text).

    A word in a gap between two cells of its row goes to the nearest cell on its left.
    Words outside the grid (above, below or beside it) are left out.
    """
    parts: list[list[list[WordBox]]] = [[[] for _ in row] for row in grid]
    centres: list[list[tuple[float, float, float, str]]] = [[] for _ in grid]
    if not grid:
        return parts, centres
    tops, covering = _covering(grid)
    for x0, y0, x1, y1, text, *_ in words:
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        k = max(bisect.bisect_right(tops, cy) - 1, 0)
        rows = [s for s in covering[k] if s[1] <= cy <= s[3]]
        inside = [s for s in rows if s[0] <= cx <= s[2]]
        if inside:
            slot = min(inside, key=lambda s: (s[2] - s[0]) * (s[3] - s[1]))
        else:
            left = [s for s in rows if s[0] <= cx]
            if not left or cx > max(s[2] for s in rows):
                continue  # beside the table, not in a gap between its cells
            slot = max(left, key=lambda s: s[0])
        r, c = slot[4], slot[5]
        parts[r][c].append((cy, x0, x1, text))
        centres[r].append((cx, cy, x0, text))
    return parts, centres

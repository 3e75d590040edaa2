"""Row labels set beside a ruled grid, outside its rules (PyMuPDF's finder leaves them out).

Election returns and statistical tables often rule only the figures: the name of each
row ("Alcona", "Caledonia", ...) stands to the left of the grid, level with its row.
Those names are the table's first column; left out, they end up as a list of names
before the table and the rows lose their keys.

A column of MuPDF lines to the left of the grid counts as labels when each line lies
wholly in a grid row, no row holds two of them (lines of a paragraph beside a table
would), they name at least half the rows holding words, they are short, and no other
text stands in their column just above or below the grid (a column of running text
beside the table goes on past it).
"""

from __future__ import annotations

import pymupdf

Word = tuple[float, float, float, float, str, int, int]  # box, text, block, line

MIN_LABELS = 3
MAX_LABEL_WORDS = 6


def label_column(tab: pymupdf.table.Table, words: list[Word], height: float) -> float | None:
    """The left edge of a column of row labels beside the grid, or None.

    ``words``: the page's words in the finder's space; ``height``: their usual height.
    """
    x0, top, _, bottom = tab.bbox
    beside = {(w[5], w[6]) for w in words if w[2] < x0 - 1 and top < (w[1] + w[3]) / 2 < bottom}
    if len(beside) < MIN_LABELS:
        return None  # most grids: nothing beside them (a cheap look first)
    rows = [(r.bbox[1], r.bbox[3]) for r in tab.rows]
    lines: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        lines.setdefault((w[5], w[6]), []).append(w)
    labels: list[tuple[float, float, int]] = []  # x0, x1, row
    outside: list[tuple[float, float, float, float]] = []  # lines left of the grid, any height
    filled: set[int] = set()  # rows holding words inside the grid
    for line in lines.values():
        lx0, ly0 = min(w[0] for w in line), min(w[1] for w in line)
        lx1, ly1 = max(w[2] for w in line), max(w[3] for w in line)
        middle = (ly0 + ly1) / 2
        if lx1 > x0 - 1:
            if lx0 >= x0 and top < middle < bottom:
                filled.update(i for i, (a, b) in enumerate(rows) if a <= middle <= b)
            continue
        outside.append((lx0, ly0, lx1, ly1))
        if not top < middle < bottom:
            continue
        holding = [i for i, (a, b) in enumerate(rows) if a - 1 <= ly0 and ly1 <= b + 1]
        if not holding or sum(len(w[4].split()) for w in line) > MAX_LABEL_WORDS:
            return None  # a line across rows, or a sentence: running text, not labels
        # rows of merged cells overlap: the label belongs to the innermost
        labels.append((lx0, lx1, min(holding, key=lambda i: rows[i][1] - rows[i][0])))
    named = [row for _, _, row in labels]
    if len(named) < MIN_LABELS or len(set(named)) != len(named):
        return None
    if len(named) * 2 < len(filled | set(named)):
        return None
    left = min(lx0 for lx0, _, _ in labels)
    right = max(lx1 for _, lx1, _ in labels)
    if any(
        bx0 < right
        and bx1 > left
        and (top - 2 * height < by1 <= top or bottom <= by0 < bottom + 2 * height)
        for bx0, by0, bx1, by1 in outside
    ):
        return None  # the column's text goes on above or below the grid
    return left - 1

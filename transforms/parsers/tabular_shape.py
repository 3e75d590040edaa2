"""From a raw grid of cell strings to tables: empty rows/columns, title block, header rows.

Every tabular parser (CSV, workbooks, ODS, Parquet, JSON Lines) produces a grid of
strings, as the source shows them, plus merged ranges. This module decides what of the
grid is a title above the table, how many rows are the header, and cuts big tables into
blocks of rows that each repeat the header (``Table.row_offset`` numbers their rows).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from transforms.model import Cell, Element, Kind, Table
from transforms.tables import LazyRows

# (first row, first column, last row, last column), 0-based and inclusive
Merge = tuple[int, int, int, int]

_NUMERIC = re.compile(
    r"^[(+\-−]?\s*[$€£¥₹]?\s*[+\-−]?(\d[\d\s,.' ]*|\.\d+)([eE][+-]?\d+)?\s*[%‰]?\s*[$€£¥₹]?\)?$"
)
_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2})?)?$")
_YEAR = re.compile(r"^(19|20)\d\d$")
MAX_HEADER_ROWS = 3
MAX_TITLE_ROWS = 4
LAYOUT_SAMPLE_ROWS = 12  # rows read to decide title block and header rows


def is_value_like(text: str) -> bool:
    """True for numbers, amounts, percentages and dates: what data cells look like."""
    text = text.strip()
    return bool(text) and bool(_NUMERIC.match(text) or _DATE.match(text))


@dataclass(frozen=True)
class Layout:
    """Where the table starts in a grid: ``title_rows`` above it, then ``header_rows``."""

    title_rows: int
    header_rows: int


def _filled(row: Sequence[str]) -> list[int]:
    return [c for c, v in enumerate(row) if v.strip()]


def detect_layout(
    rows: Sequence[Sequence[str]], merges: Iterable[Merge] = (), width: int | None = None
) -> Layout:
    """Find the title block and the header rows among the first rows of a compact grid.

    ``rows`` have no empty rows or columns left. A title row holds a single value in a
    table at least three columns wide (or merged across it); the header is the
    first row after it, unless that row looks like data (values where the next row has
    values too); following rows without values, leaving gaps where the header row was
    labelled, continue the header (at most three rows).
    """
    width = width if width is not None else max((len(r) for r in rows), default=0)
    merges = list(merges)
    titles = 0
    while titles < min(MAX_TITLE_ROWS, len(rows) - 1) and width >= 2:
        filled = _filled(rows[titles])
        merged_across = any(r0 == titles and c1 - c0 + 1 >= width for r0, c0, _, c1 in merges)
        rest_wider = any(len(_filled(r)) >= 2 for r in rows[titles + 1 :])
        if len(filled) == 1 and (width >= 3 or merged_across) and rest_wider:
            titles += 1
        else:
            break
    body = rows[titles:]
    if len(body) < 2:
        return Layout(titles, 1 if body else 0)
    first, second = body[0], body[1]
    values_first = [c for c in _filled(first) if is_value_like(first[c])]
    if (
        values_first
        and len(values_first) * 2 >= len(_filled(first))
        and all(c < len(second) and is_value_like(second[c]) for c in values_first)
    ):
        return Layout(titles, 0)
    header = 1
    spans_in_header = any(r0 == titles and (c1 > c0 or r1 > r0) for r0, c0, r1, c1 in merges)
    while header < MAX_HEADER_ROWS and titles + header + 1 < len(rows):
        above, row = body[header - 1], body[header]
        if any(is_value_like(v) and not _YEAR.match(v.strip()) for v in row):
            break  # data; a row of years under a group label is still a header
        gaps_above = len(_filled(above)) < width
        gaps_here = any(c < len(row) and not row[c].strip() for c in _filled(above))
        row_merges = any(
            r0 == titles + header and (c1 > c0 or r1 > r0) for r0, c0, r1, c1 in merges
        )
        if (spans_in_header or gaps_above) and (gaps_here or row_merges or spans_in_header):
            header += 1
            spans_in_header = spans_in_header or row_merges
        else:
            break
    return Layout(titles, header)


def compact(
    grid: list[list[str]], merges: Iterable[Merge] = ()
) -> tuple[list[list[str]], list[Merge]]:
    """Drop empty rows and columns (a merged range counts as its top-left value)."""
    width = max((len(r) for r in grid), default=0)
    keep_rows = [r for r, row in enumerate(grid) if any(v.strip() for v in row)]
    used = [False] * width
    for r in keep_rows:
        for c, v in enumerate(grid[r]):
            if v.strip():
                used[c] = True
    keep_cols = [c for c in range(width) if used[c]]
    row_index = {r: i for i, r in enumerate(keep_rows)}
    col_index = {c: i for i, c in enumerate(keep_cols)}
    out = [
        [row[c] if c < len(row) else "" for c in keep_cols] for row in (grid[r] for r in keep_rows)
    ]
    new_merges = []
    for r0, c0, r1, c1 in merges:
        if r0 not in row_index or c0 not in col_index:
            continue  # an empty merged range
        rr = [row_index[r] for r in range(r0, r1 + 1) if r in row_index]
        cc = [col_index[c] for c in range(c0, c1 + 1) if c in col_index]
        if len(rr) > 1 or len(cc) > 1:
            new_merges.append((rr[0], cc[0], rr[-1], cc[-1]))
    return out, new_merges


def build_rows(
    grid: Sequence[Sequence[str]], merges: Iterable[Merge], first: int, last: int
) -> list[tuple[Cell, ...]]:
    """Rows ``first..last-1`` of a compact grid as cells, merged ranges clipped to them."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in merges:
        r0c, r1c = max(r0, first), min(r1, last - 1)
        if r0c > r1c:
            continue
        spans[(r0c, c0)] = (r1c - r0c + 1, c1 - c0 + 1)
        covered.update((r, c) for r in range(r0c, r1c + 1) for c in range(c0, c1 + 1))
    out = []
    for r in range(first, last):
        row = grid[r]
        cells = []
        for c, text in enumerate(row):
            if (r, c) in spans:
                rs, cs = spans[(r, c)]
                cells.append(Cell(text.strip(), rs, cs))
            elif (r, c) not in covered:
                cells.append(Cell(text.strip()))
        out.append(tuple(cells))
    return out


def title_elements(grid: Sequence[Sequence[str]], n_titles: int, level: int) -> list[Element]:
    """The title rows above a table as headings (their text joined)."""
    out = []
    for row in grid[:n_titles]:
        text = " ".join(v.strip() for v in row if v.strip())
        if text:
            out.append(Element(Kind.HEADING, text=text, level=level))
    return out


Region = tuple[int, int, int, int]  # (top, left, bottom, right), inclusive
MAX_REGION_CELLS = 250_000  # bigger sheets are taken as one region (no connectivity search)


def regions(grid: Sequence[Sequence[str]], merges: Iterable[Merge] = ()) -> list[Region]:
    """Separate tables and notes of a sheet: blocks of cells joined side by side or above.

    Cells holding values are grouped by 4-connectivity (a merged range fills its area);
    groups whose boxes overlap are joined, and so are boxes with the same rows separated
    only by empty columns, or with the same columns separated by one empty row (spacer
    columns and rows inside one table). Regions come in reading order.
    """
    filled = {(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v.strip()}
    if not filled:
        return []
    if len(filled) > MAX_REGION_CELLS:
        return [_box(filled)]
    for r0, c0, r1, c1 in merges:
        if (r0, c0) in filled:
            filled.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
    boxes: list[Region] = []
    seen: set[tuple[int, int]] = set()
    for start in sorted(filled):
        if start in seen:
            continue
        stack, group = [start], []
        seen.add(start)
        while stack:
            r, c = stack.pop()
            group.append((r, c))
            for nb in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if nb in filled and nb not in seen:
                    seen.add(nb)
                    stack.append(nb)
        boxes.append(_box(group))
    changed = True
    while changed:
        changed = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                if _joinable(boxes[i], boxes[j]):
                    a, b = boxes[i], boxes[j]
                    boxes[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                    del boxes[j]
                    changed = True
                    break
            if changed:
                break
    return sorted(boxes)


def _box(cells: Iterable[tuple[int, int]]) -> Region:
    rows, cols = zip(*cells, strict=True)
    return min(rows), min(cols), max(rows), max(cols)


def _joinable(a: Region, b: Region) -> bool:
    rows_overlap = min(a[2], b[2]) - max(a[0], b[0]) + 1
    cols_overlap = min(a[3], b[3]) - max(a[1], b[1]) + 1
    if rows_overlap > 0 and cols_overlap > 0:
        return True
    row_gap = max(a[0], b[0]) - min(a[2], b[2]) - 1
    col_gap = max(a[1], b[1]) - min(a[3], b[3]) - 1
    if rows_overlap > 0 and col_gap <= 1 and abs(a[0] - b[0]) <= 1:
        return True  # side by side from the same top row: a spacer column
    narrower = min(a[3] - a[1], b[3] - b[1]) + 1
    return cols_overlap > 0 and row_gap <= 1 and cols_overlap * 2 >= narrower


def _peel(sub: list[list[str]]) -> tuple[list[str], list[list[str]], list[str]]:
    """Split a region into leading titles, the table rows and trailing notes.

    Titles: leading rows with at most one value, when rows with several values follow.
    Notes: trailing rows with one value each, after an empty row that ends the table.
    """

    def count(row: list[str]) -> int:
        return sum(1 for v in row if v.strip())

    if not any(count(row) >= 2 for row in sub):
        return [], sub, []
    top = 0
    while count(sub[top]) <= 1:
        top += 1
    bottom = len(sub)
    while bottom > top and count(sub[bottom - 1]) <= 1:
        bottom -= 1
    tail = sub[bottom:]
    if not any(count(row) == 0 for row in tail):
        bottom = len(sub)  # single-value rows that continue the table are its rows
    first_value = lambda row: next(v.strip() for v in row if v.strip())  # noqa: E731
    titles = [first_value(row) for row in sub[:top] if count(row)]
    notes = [first_value(row) for row in sub[bottom:] if count(row)]
    return titles, sub[top:bottom], notes


def grid_elements(
    grid: list[list[str]],
    merges: Iterable[Merge],
    *,
    name: str | None,
    title_level: int,
    block_rows: int,
) -> list[Element]:
    """Headings and table block(s) for an in-memory sheet, one table per region.

    A region holding a single value (a caption or a note beside the tables) becomes a
    heading when short, a paragraph otherwise.
    """
    merges = list(merges)
    out: list[Element] = []
    found = regions(grid, merges)
    for index, (top, left, bottom, right) in enumerate(found):
        sub = [list(row[left : right + 1]) for row in grid[top : bottom + 1]]
        sub_merges = [
            (r0 - top, c0 - left, min(r1, bottom) - top, min(c1, right) - left)
            for r0, c0, r1, c1 in merges
            if top <= r0 <= bottom and left <= c0 <= right
        ]
        values = [v for row in sub for v in row if v.strip()]
        if len(values) == 1:  # a title when something follows it, else a lone value
            if index + 1 < len(found):
                out.append(_text_element(values[0], title_level))
            else:
                out.append(Element(Kind.PARAGRAPH, text=values[0]))
            continue
        titles, body, notes = _peel(sub)
        out.extend(_text_element(t, title_level) for t in titles)
        if len(titles) < len(sub):
            shift = sub.index(body[0]) if body else 0
            body_merges = [
                (r0 - shift, c0, r1 - shift, c1)
                for r0, c0, r1, c1 in sub_merges
                if shift <= r0 < shift + len(body)
            ]
            out.extend(_table_elements(body, body_merges, name, title_level, block_rows))
        out.extend(Element(Kind.PARAGRAPH, text=n) for n in notes)
    return out


def _text_element(text: str, level: int) -> Element:
    """A value standing alone above a table: a heading when short, else a paragraph."""
    if len(text.split()) <= 12 and "\n" not in text.strip():
        return Element(Kind.HEADING, text=" ".join(text.split()), level=level)
    return Element(Kind.PARAGRAPH, text=text)


def _table_elements(
    grid: list[list[str]],
    merges: list[Merge],
    name: str | None,
    title_level: int,
    block_rows: int,
) -> list[Element]:
    grid, merges = compact(grid, merges)
    if not grid:
        return []
    layout = detect_layout(grid[:LAYOUT_SAMPLE_ROWS], merges)
    out = title_elements(grid, layout.title_rows, title_level)
    top = layout.title_rows
    head_end = top + layout.header_rows
    header = build_rows(grid, merges, top, head_end)
    n_data = len(grid) - head_end
    for offset in range(0, max(n_data, 1), block_rows):
        lo, hi = head_end + offset, min(head_end + offset + block_rows, len(grid))
        rows = tuple(header) + tuple(build_rows(grid, merges, lo, hi))
        table = Table(rows=rows, header_rows=layout.header_rows, name=name, row_offset=offset)
        out.append(Element(Kind.TABLE, table=table))
    return out


def lazy_block(
    header: Sequence[Sequence[str]],
    n_rows: int,
    load_body: Callable[[], Iterable[Sequence[str]]],
    *,
    name: str | None,
    row_offset: int,
) -> Element:
    """A table element whose body rows (text, no spans) are decoded on demand."""
    head = tuple(tuple(row) for row in header)

    def load() -> Iterable[Sequence[str]]:
        yield from head
        yield from load_body()

    rows = LazyRows(len(head) + n_rows, load)
    table = Table(rows=rows, header_rows=len(head), name=name, row_offset=row_offset)  # type: ignore[arg-type]
    return Element(Kind.TABLE, table=table)

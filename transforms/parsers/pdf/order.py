"""Reading order of a page's lines and tables: column by column, top to bottom.

A recursive cut of the page: the items are cut into horizontal bands wherever nothing
crosses a vertical gap; consecutive bands that share a free vertical gutter (the space
between columns) are put back together and read column by column; a full-width item (a
title, a wide figure caption) closes the group. Each column is ordered the same way, so
a two-column section under a one-column abstract reads naturally.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

MIN_GUTTER = 6.0  # points of free space between two columns
MAX_DEPTH = 8
_WORD = re.compile(r"[^\W\d_]{2}")
MAX_SIDE_LINES = 8  # lines of one side head or margin note (see _side_heads)


class Boxed(Protocol):
    """Anything with a box."""

    x0: float
    y0: float
    x1: float
    y1: float


T = TypeVar("T", bound=Boxed)
Interval = tuple[float, float]


def _bands(items: list[T]) -> list[list[T]]:
    """Split into horizontal bands at the vertical positions no item crosses."""
    bands: list[list[T]] = []
    bottom = float("-inf")
    for item in sorted(items, key=lambda it: it.y0):
        tolerance = 0.25 * min(item.y1 - item.y0, 10.0)
        if bands and item.y0 < bottom - tolerance:
            bands[-1].append(item)
            bottom = max(bottom, item.y1)
        else:
            bands.append([item])
            bottom = item.y1
    return bands


def _free(items: list[T], left: float, right: float) -> list[Interval]:
    """Intervals of x in (left, right) that no item covers, at least MIN_GUTTER wide."""
    spans = sorted((it.x0, it.x1) for it in items)
    gaps: list[Interval] = []
    cursor = left
    for x0, x1 in spans:
        if x0 - cursor >= MIN_GUTTER:
            gaps.append((cursor, x0))
        cursor = max(cursor, x1)
    if right - cursor >= MIN_GUTTER:
        gaps.append((cursor, right))
    return gaps


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for a0, a1 in a:
        for b0, b1 in b:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi - lo >= MIN_GUTTER:
                out.append((lo, hi))
    return out


def _inside(gaps: list[Interval], first_end: float, last_start: float) -> list[Interval]:
    """Gaps with items on both sides: real gutters, not margins.

    A gutter lies right of where the leftmost-ending item ends (``first_end``) and left of
    where the rightmost-starting item starts (``last_start``).
    """
    return [g for g in gaps if first_end <= g[0] + 0.5 and last_start >= g[1] - 0.5]


def _split_columns(items: list[T], gutters: list[Interval]) -> list[list[T]]:
    cuts = sorted((g[0] + g[1]) / 2 for g in gutters)
    columns: list[list[T]] = [[] for _ in range(len(cuts) + 1)]
    for it in items:
        centre = (it.x0 + it.x1) / 2
        columns[sum(1 for c in cuts if centre > c)].append(it)
    return [c for c in columns if c]


Stripe = tuple[float, float, float, float]  # x0, y0, x1, y1


def prose_gutters(items: list[T], min_rows: int = 5) -> list[Stripe]:
    """Free vertical stripes between columns of prose: ``(x0, y0, x1, y1)`` each.

    A gutter shared by consecutive bands of items (see :func:`reading_order`), each with
    items on both sides of it, and at least ``min_rows`` items on each side, most of them
    three words or more: columns of running text, not the columns of a table.
    """
    if len(items) < 2 * min_rows:
        return []
    left = min(it.x0 for it in items)
    right = max(it.x1 for it in items)
    stripes: list[Stripe] = []
    run: list[list[T]] = []
    shared: list[Interval] = []
    for band in [*_bands(items), []]:
        inner = []
        if band:
            ends, starts = min(it.x1 for it in band), max(it.x0 for it in band)
            inner = _inside(_free(band, left, right), ends, starts)
        common = _intersect(shared, inner) if run else []
        if common:
            run.append(band)
            shared = common
            continue
        members = [it for member in run for it in member]
        for g0, g1 in shared:
            sides = [it for it in members if it.x1 <= g0], [it for it in members if it.x0 >= g1]
            if all(len(side) >= min_rows and _prose(side) for side in sides):
                stripes.append((g0, _top(run[0]), g1, _bottom(run[-1])))
        run, shared = ([band], inner) if inner else ([], [])
    return stripes


def _prose(items: list) -> bool:
    return sum(len(getattr(it, "text", "").split()) >= 3 for it in items) * 2 > len(items)


def _by_rows(items: list[T]) -> list[T]:
    """Top to bottom, items whose vertical centres are close read left to right as a row."""
    out: list[T] = []
    row: list[T] = []
    centre = tolerance = 0.0
    for it in sorted(items, key=lambda it: (it.y0 + it.y1) / 2):
        mid = (it.y0 + it.y1) / 2
        if row and abs(mid - centre) <= tolerance:
            row.append(it)
            continue
        out.extend(sorted(row, key=lambda it: it.x0))
        row, centre, tolerance = [it], mid, 0.3 * max(it.y1 - it.y0, 1.0)
    out.extend(sorted(row, key=lambda it: it.x0))
    return out


def _spaced_rows(bands: list[list[T]]) -> bool:
    """Bands that are each one row of items, spaced apart by more than a line.

    Lines of text columns follow each other closely; rows standing this far apart with
    parts side by side (a grid of labels, a form's field names and values) read across.
    """
    if len(bands) < 2:
        return False
    for band in bands:
        if len(band) < 2 or max(it.y0 for it in band) >= min(it.y1 for it in band):
            return False
    heights = sorted(it.y1 - it.y0 for band in bands for it in band)
    spacing = 1.5 * heights[len(heights) // 2]
    return all(_top(b) - _bottom(a) >= spacing for a, b in itertools.pairwise(bands))


@dataclass
class Group(Generic[T]):
    """Consecutive bands read together: their items, shared free gutters and the bands."""

    members: list[T]
    gutters: list[Interval]
    bands: list[list[T]]
    first_end: float = 0.0  # where the item ending leftmost ends
    last_start: float = 0.0  # where the item starting rightmost starts

    @classmethod
    def of(cls, band: list[T], free: list[Interval]) -> Group[T]:
        """A group of one band."""
        ends, starts = min(it.x1 for it in band), max(it.x0 for it in band)
        return cls(list(band), free, [band], ends, starts)


def _join(group: Group[T], band: list[T], free: list[Interval]) -> bool:
    """Add ``band`` to ``group`` when they share its columns, or neither has any."""
    ends, starts = min(it.x1 for it in band), max(it.x0 for it in band)
    first_end, last_start = min(group.first_end, ends), max(group.last_start, starts)
    shared = _intersect(group.gutters, free)
    same_columns = bool(_inside(shared, first_end, last_start))
    both_single = not _inside(group.gutters, group.first_end, group.last_start) and not _inside(
        free, ends, starts
    )
    if not (same_columns or both_single):
        return False
    group.members.extend(band)
    group.bands.append(band)
    group.gutters = shared
    group.first_end, group.last_start = first_end, last_start
    return True


def _top(band: list[T]) -> float:
    return min(it.y0 for it in band)


def _bottom(band: list[T]) -> float:
    return max(it.y1 for it in band)


def _loose_second(group: Group[T], band: list[T]) -> bool:
    """Whether a two-band group's second band, one line, belongs with the next band instead.

    A header row over the first line of the text shares a gutter with that line by
    chance ("Mai 30, 18 13:27   zen_of_python.txt" over "Beautiful is better than ugly.");
    when the next band crosses that gutter and follows the line less than half as far as
    the line follows the row, the line starts the text under the row.
    """
    if len(group.bands) != 2:
        return False
    first, second = group.bands
    if len(second) != 1 or len(first) < 2:
        return False
    return _top(band) - _bottom(second) <= 0.5 * (_top(second) - _bottom(first))


def _join_last(
    groups: list[Group[T]], band: list[T], free: list[Interval], left: float, right: float
) -> bool:
    """Add ``band`` to the last group; a loose second band is split off first if need be."""
    if _join(groups[-1], band, free):
        return True
    if not _loose_second(groups[-1], band):
        return False
    first, second = groups[-1].bands
    groups[-1] = Group.of(first, _free(first, left, right))
    groups.append(Group.of(second, _free(second, left, right)))
    return _join(groups[-1], band, free)


def reading_order(items: list[T], depth: int = 0) -> list[T]:
    """Order boxed items for reading: columns left to right, each top to bottom."""
    if len(items) <= 1 or depth > MAX_DEPTH:
        return _by_rows(items)
    left = min(it.x0 for it in items)
    right = max(it.x1 for it in items)
    heights = sorted(it.y1 - it.y0 for it in items)
    max_gap = 2.5 * heights[len(heights) // 2]  # a wider empty band separates sections
    groups: list[Group[T]] = []
    bottom = float("-inf")
    for band in _bands(items):
        free = _free(band, left, right)
        near = bool(groups) and _top(band) - bottom <= max_gap
        if near and _join_last(groups, band, free, left, right):
            bottom = max(bottom, _bottom(band))
        else:
            groups.append(Group.of(band, free))
            bottom = _bottom(band)
    ordered: list[T] = []
    for group in groups:
        inner = _inside(group.gutters, group.first_end, group.last_start)
        columns = _split_columns(group.members, inner) if inner else [group.members]
        if len(columns) == 1 or _spaced_rows(group.bands):
            ordered.extend(_by_rows(group.members))
        elif len(columns) == 2 and (heads := _side_heads(*columns)):
            ordered.extend(_with_side_heads(reading_order(columns[1], depth + 1), heads))
        else:
            for column in columns:
                ordered.extend(reading_order(column, depth + 1))
    return ordered


def _clusters(items: list[T], gap: float) -> list[list[T]]:
    """Items top to bottom, in runs whose vertical gaps stay under ``gap``."""
    runs: list[list[T]] = []
    for it in sorted(items, key=lambda it: it.y0):
        if runs and it.y0 - _bottom(runs[-1]) < gap:
            runs[-1].append(it)
        else:
            runs.append([it])
    return runs


def _side_heads(side: list[T], main: list[T]) -> list[list[T]]:
    """The blocks of a narrow left column of side heads, or [] when ``side`` is no such column.

    Manuals set a section's heading (and notes) in a narrow column left of the text, its
    top level with the section's first line ("Shortcuts to Run a Program" beside "On the
    Home screen, you can use ..."). Read column by column, every heading of the page came
    before all the text. Side heads: the left column at most half the main one's width,
    in blocks apart from each other, most of them (two at least) level with a paragraph
    start of the main column, that column read straight down.
    """
    if (max(it.x1 for it in side) - min(it.x0 for it in side)) * 2 > max(
        it.x1 for it in main
    ) - min(it.x0 for it in main):
        return []
    heights = sorted(it.y1 - it.y0 for it in main)
    line = heights[len(heights) // 2]
    blocks = _clusters(side, line)
    if len(blocks) < 2:
        return []
    if any(len(block) > MAX_SIDE_LINES or not _worded(block) for block in blocks):
        return []  # long blocks are a column of text; a chart's ticks or page numbers no heads
    rows = _clusters(main, 0.5 * line)  # paragraphs (and rows) of the main column
    starts = [_top(row) for row in rows]
    tolerance = max(2.0, 0.3 * line)
    level = sum(any(abs(_top(b) - y) <= tolerance for y in starts) for b in blocks)
    return blocks if level >= 2 and level * 2 >= len(blocks) else []


def _worded(block: list) -> bool:
    return any(_WORD.search(getattr(it, "text", "")) for it in block)


def _with_side_heads(main: list[T], heads: list[list[T]]) -> list[T]:
    """``main`` in its order, each side block read before the first line level with or below it."""
    out: list[T] = []
    pending = sorted(heads, key=_top)
    for it in main:
        while pending and _top(pending[0]) <= it.y0 + max(2.0, 0.3 * (it.y1 - it.y0)):
            out.extend(_by_rows(pending.pop(0)))
        out.append(it)
    for block in pending:
        out.extend(_by_rows(block))
    return out

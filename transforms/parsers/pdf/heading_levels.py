"""Heading levels and demotions decided over a whole document's elements.

Levels come from the headings' styles, larger first (:func:`levels_by_style`); styles
of the covers alone take none of their own. Numbered headings follow their numbers'
depth where the styles disagree (:func:`numbered_levels`). Headings that head no text,
three or more in a row or two side by side on a row, are paragraphs
(:func:`labels_demoted`).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING

from transforms.model import Element, Kind

if TYPE_CHECKING:
    from transforms.parsers.pdf.segment import Block

MAX_LEVEL = 6
Style = tuple[float, bool]  # (font size rounded to half a point, bold)


def levels_by_style(styles: list[Style], candidates: dict[Style, list[Block]]) -> dict[Style, int]:
    """Heading levels by style, larger first and bold before roman at one size.

    Styles found only on a document's first and last pages (a report's cover and back
    cover: "Row and Column Access Control" set large on the back) take no level of their
    own, when the document runs four pages or more: they share the level of the styles
    their size falls among, and the sections inside keep levels 1, 2, 3.
    """

    def key(s: Style) -> tuple[float, bool]:
        return (-s[0], not s[1])

    pages = [b.page for bl in candidates.values() for b in bl]
    first, last = (min(pages), max(pages)) if pages else (0, 0)
    covers = {
        s for s in styles
        if last - first >= COVER_PAGES and all(b.page in (first, last) for b in candidates[s])
    }  # fmt: skip
    ranked = sorted((s for s in styles if s not in covers), key=key) or sorted(styles, key=key)
    levels = {s: min(i + 1, MAX_LEVEL) for i, s in enumerate(ranked)}
    for s in styles:
        if s not in levels:
            levels[s] = min(1 + sum(1 for r in ranked if key(r) < key(s)), MAX_LEVEL)
    return levels


_DOTTED_NUMBER = re.compile(r"(\d+(?:\.\d+)*)\.?\s+[^\W\d_]")  # "1.2.1 Document flow"
MAX_SECTION = 100  # a part of a section number is smaller ("1.5 mm" is a size)
COVER_PAGES = 3  # pages between the first and the last, at least, to tell covers apart
RUN_OF_LABELS = 3  # headings of one level in a row, over no text: labels, not headings
_SECTION_NUMBER = re.compile(r"(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.|Chapter|Part|Appendix)\s")


def labels_demoted(elements: list[Element], by_outline: set[int]) -> list[Element]:
    """Headings found by their style, three or more in a row at one level, as paragraphs.

    A heading heads some text; a run of them with nothing between is a cover's or a
    form's lines set in the heading style (the authors' names one by one, a list of
    highlights, field labels). So are two read one after the other side by side on one
    row (affiliations under a paper's authors: "Facebook AI", "†University of
    Washington"). Headings the PDF's outline names, or numbered ones ("2.1 Roles"), stay
    headings: a section may be empty.
    """
    out = list(elements)
    i = 0
    while i < len(out):
        j = i
        while (
            j < len(out)
            and out[j].kind is Kind.HEADING
            and out[j].level == out[i].level
            and j not in by_outline
            and not _SECTION_NUMBER.match(out[j].text)
        ):
            j += 1
        if j - i >= RUN_OF_LABELS:
            for k in range(i, j):
                out[k] = replace(out[k], kind=Kind.PARAGRAPH, level=None)
        else:
            for k in range(i, j - 1):
                if _side_by_side(out[k], out[k + 1]):
                    out[k] = replace(out[k], kind=Kind.PARAGRAPH, level=None)
                    out[k + 1] = replace(out[k + 1], kind=Kind.PARAGRAPH, level=None)
        i = max(j, i + 1)
    return out


def numbered_levels(elements: list[Element]) -> list[Element]:
    """Numbered headings one level deeper per part of their number, when styles disagree.

    "1.2 Documentation flow" and "1.2.1 Document flow ..." set in one style were
    siblings; a document whose numbering says otherwise is re-levelled from its
    shallowest numbers' level down, when each depth has one usual level (three in four
    of its headings) and those levels do not already deepen with the numbers.
    """
    depth_of: dict[int, int] = {}
    for i, el in enumerate(elements):
        m = _DOTTED_NUMBER.match(el.text) if el.kind is Kind.HEADING else None
        if m and all(int(part) < MAX_SECTION for part in m.group(1).split(".")):
            depth_of[i] = m.group(1).count(".") + 1
    by_depth: dict[int, Counter[int]] = defaultdict(Counter)
    for i, depth in depth_of.items():
        by_depth[depth][elements[i].level or 1] += 1
    if len(by_depth) < 2 or len(depth_of) < 3:
        return elements
    usual: dict[int, int] = {}
    for depth, levels in by_depth.items():
        level, n = levels.most_common(1)[0]
        if n * 4 < levels.total() * 3:
            return elements  # numbers in several styles a depth: no telling
        usual[depth] = level
    depths = sorted(usual)
    if all(usual[a] < usual[b] for a, b in itertools.pairwise(depths)):
        return elements
    base, top = usual[depths[0]], depths[0]
    out = list(elements)
    for i, depth in depth_of.items():
        out[i] = replace(out[i], level=min(base + depth - top, MAX_LEVEL))
    return out


def _side_by_side(a: Element, b: Element) -> bool:
    """Whether two one-line elements sit on one row of a page, apart across it."""
    if len(a.boxes) != 1 or len(b.boxes) != 1 or a.boxes[0].page != b.boxes[0].page:
        return False
    p, q = a.boxes[0], b.boxes[0]
    across = min(p.y1, q.y1) - max(p.y0, q.y0)
    return across > 0.5 * min(p.y1 - p.y0, q.y1 - q.y0) and (p.x1 <= q.x0 or q.x1 <= p.x0)

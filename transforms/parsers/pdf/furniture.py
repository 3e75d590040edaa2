"""Running headers, footers and page numbers: found across pages, removed from the text.

A line is page furniture when it sits in the top or bottom band of its page and either
looks like a page number ("12", "- 12 -", "Page 3 of 9", "xii") or repeats, digits
aside, in the same band on enough other pages (running titles alternate between even
and odd pages, so a quarter of the pages is enough on long documents).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from transforms.parsers.pdf.lines import Line, PageText

ZONE = 0.09  # share of the page height at the top and at the bottom
MAX_ZONE_LINES = 3  # lines nearest the edge considered on each side

_PAGE_NUMBER = re.compile(
    r"^(?:page\s+|p\.\s*|seite\s+|pág\.?\s*)?[-–—(\[]?\s*(\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?"
    r"(?:\s*(?:/|of|von|de)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[\W_]+")


def is_page_number(text: str) -> bool:
    """Tell whether ``text`` is only a page number, in one of the usual forms."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", re.sub(r"\d+", "#", text.lower())).strip()


@dataclass
class Furniture:
    """Lines to drop, and what they said (kept in the document metadata)."""

    drop: set[int] = field(default_factory=set)  # id() of Line objects
    headers: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    page_numbers: int = 0

    def metadata(self) -> dict[str, str]:
        """Document metadata entries describing the removed furniture."""
        out: dict[str, str] = {}
        if self.headers:
            out["running_headers"] = " | ".join(self.headers)
        if self.footers:
            out["running_footers"] = " | ".join(self.footers)
        if self.page_numbers:
            out["page_numbers_removed"] = str(self.page_numbers)
        return out


def _zones(page: PageText) -> tuple[list[Line], list[Line]]:
    top_limit = page.height * ZONE
    bottom_limit = page.height * (1 - ZONE)
    by_y = sorted(page.lines, key=lambda ln: ln.y0)
    top = [ln for ln in by_y[:MAX_ZONE_LINES] if ln.y1 <= top_limit + 2]
    bottom = [ln for ln in by_y[-MAX_ZONE_LINES:] if ln.y0 >= bottom_limit - 2]
    return top, [ln for ln in bottom if ln not in top]


def find_furniture(pages: list[PageText]) -> Furniture:
    """Find running headers/footers and page numbers in ``pages`` (all pages of a document)."""
    result = Furniture()
    seen: dict[tuple[str, str], list[Line]] = defaultdict(list)
    for page in pages:
        top, bottom = _zones(page)
        for zone, lines in (("top", top), ("bottom", bottom)):
            for line in lines:
                if is_page_number(line.text):
                    result.drop.add(id(line))
                    result.page_numbers += 1
                    continue
                key = _key(line.text)
                if key and len(line.text) <= 200:
                    seen[(zone, key)].append(line)
    n_pages = len(pages)
    needed = 2 if n_pages <= 4 else max(2, round(0.25 * n_pages))
    for (zone, _), lines in seen.items():
        on_pages = {ln.page for ln in lines}
        if len(on_pages) < needed:
            continue
        result.drop.update(id(ln) for ln in lines)
        (result.headers if zone == "top" else result.footers).append(lines[0].text)
    return result

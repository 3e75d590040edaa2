"""Running headers, footers and page numbers: found across pages, removed from the text.

A line is page furniture when it sits in the top or bottom band of its page and either
looks like a page number ("12", "- 12 -", "Page 3 of 9", "xii") or repeats, digits
aside, in the same band on enough other pages (running titles alternate between even
and odd pages, so a quarter of the pages is enough on long documents). Line numbers in
a margin (court transcripts and pleadings number every line 1 to 25 or 28) are
furniture too.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from transforms.parsers.pdf.lines import Line, PageText

ZONE = 0.09  # share of the page height at the top and at the bottom
EDGE_ZONE = 0.12  # a wider band for rows that look like furniture on their own
EXTREME_EDGE = 0.03  # text this close to the paper's edge is never body text
MAX_ZONE_LINES = 3  # rows nearest the edge considered on each side
MIN_ROWS = 4  # pages with fewer rows of text keep them all
MAX_SLOT_CHARS = 40  # a header/footer row split in left/centre/right parts has short parts
MAX_ITALIC_CHARS = 60  # a running head in italics at the body size is a short line
LONE_ROW_GAP = 1.0  # a first or last row this many line heights from the text stands apart
MIN_LINE_NUMBERS = 10  # a margin column numbering the lines 1, 2, 3, ... at least this far

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
    line_numbers: int = 0

    def metadata(self) -> dict[str, str]:
        """Document metadata entries describing the removed furniture."""
        out: dict[str, str] = {}
        if self.headers:
            out["running_headers"] = " | ".join(self.headers)
        if self.footers:
            out["running_footers"] = " | ".join(self.footers)
        if self.page_numbers:
            out["page_numbers_removed"] = str(self.page_numbers)
        if self.line_numbers:
            out["line_numbers_removed"] = str(self.line_numbers)
        return out


def _zones(
    page: PageText, rows: list[list[Line]], zone: float = ZONE
) -> tuple[list[Line], list[Line]]:
    """Lines of the ``MAX_ZONE_LINES`` rows (of ``page``) nearest each edge, inside the band."""
    top_limit = page.height * zone
    bottom_limit = page.height * (1 - zone)
    top = [ln for row in rows[:MAX_ZONE_LINES] for ln in row if ln.y1 <= top_limit + 2]
    taken = {id(ln) for ln in top}
    bottom = [
        ln for row in rows[-MAX_ZONE_LINES:] for ln in row
        if ln.y0 >= bottom_limit - 2 and id(ln) not in taken
    ]  # fmt: skip
    return top, bottom


def _slotted(row: list[Line], page: PageText, body: float) -> bool:
    """A row split into short parts far apart (left/centre/right slots)."""
    if len(row) < 2 or any(len(ln.text) > MAX_SLOT_CHARS for ln in row):
        return False
    if (
        max(ln.x1 - ln.x0 for ln in row) > 0.35 * page.width
        or max(ln.size for ln in row) > body + 2
    ):
        return False
    ordered = sorted(row, key=lambda ln: ln.x0)
    # parts close together are lines of text columns, not header/footer slots
    return all(b.x0 - a.x1 >= 0.15 * page.width for a, b in itertools.pairwise(ordered))


def _aligned(page: PageText, zone: str, row: list[Line]) -> int:
    """How many parts of ``row`` start where text lines just inside the page start.

    Parts of a header/footer sit at the margins or centred; the first or last lines of
    text columns each start where the lines of their column start.
    """
    top, bottom = min(ln.y0 for ln in row), max(ln.y1 for ln in row)
    reach = 4 * (bottom - top)
    if zone == "top":
        near = [ln for ln in page.lines if ln not in row and bottom - 1 <= ln.y0 <= bottom + reach]
    else:
        near = [ln for ln in page.lines if ln not in row and top - reach <= ln.y1 <= top + 1]
    return sum(1 for ln in row if any(abs(ln.x0 - other.x0) <= 3 for other in near))


def _column_gap(page: PageText, zone: str, row: list[Line]) -> float:
    """Vertical space between the row and the nearest text under (or over) it."""
    x0, x1 = min(ln.x0 for ln in row), max(ln.x1 for ln in row)
    top, bottom = min(ln.y0 for ln in row), max(ln.y1 for ln in row)
    gaps = [
        (ln.y0 - bottom) if zone == "top" else (top - ln.y1)
        for ln in page.lines
        if ln not in row and min(x1, ln.x1) - max(x0, ln.x0) > 0
    ]
    inner = [g for g in gaps if g > -0.5 * (bottom - top)]
    return min(inner, default=float("inf"))


def _is_furniture_row(
    page: PageText, zone: str, row: list[Line], gap: float, even: bool, body: float
) -> bool:
    """Whether an edge row is furniture on its own page.

    ``gap`` is the space between the row and the next row inwards; ``even`` tells that
    the next rows follow at that same spacing (rows spaced out evenly are text: a row
    is not set apart by a space every row has).
    """
    edge = min(ln.y0 for ln in row) if zone == "top" else page.height - max(ln.y1 for ln in row)
    height = max(ln.height for ln in row)
    size = max(ln.size for ln in row)
    chars = sum(len(ln.text) for ln in row)
    if size > max(1.3 * body, body + 2):
        return False
    if all(is_page_number(ln.text) for ln in row) and gap >= height:
        return True  # a lone number above or below all the text, wherever the text ends
    if edge > EDGE_ZONE * page.height:
        return False
    in_zone = edge <= ZONE * page.height
    small = size < 0.85 * body
    numbered = is_page_number(row[0].text) or is_page_number(row[-1].text)
    return (
        edge <= EXTREME_EDGE * page.height
        or all(is_page_number(ln.text) for ln in row)
        or (small and chars <= (120 if in_zone else MAX_SLOT_CHARS))
        or (len(row) > 1 and numbered and size <= body - 0.5 and gap >= height)  # title, 9
        or (
            in_zone
            and _column_gap(page, zone, row) >= 1.5 * height
            and not even
            and chars <= 80
            and size <= body + 0.5
        )
        or (
            _slotted(row, page, body)
            and (
                (
                    in_zone
                    and zone == "top"
                    and (is_page_number(row[0].text) or is_page_number(row[-1].text))
                )
                or abs(size - body) >= 0.5  # set apart by its size, or by space and alignment
                or (_column_gap(page, zone, row) >= 0.4 * height and _aligned(page, zone, row) < 2)
            )
        )
    )


def _standalone_furniture(page: PageText, body: float) -> list[tuple[str, Line]]:
    """Edge rows that are furniture without needing other pages to repeat them.

    Text hugging the paper's edge; a page number; a smaller-than-body line in the
    header/footer band; a short line set apart from the text by a wide gap; a row split
    into short left/centre/right parts ("Advocacy in Action ... 447"); rotated text in the
    side margins. Up to two rows are taken from each edge.

    Lines OCR'd from images (a logo, a chart's labels) are no part of these rules: an
    image's text sits wherever the image does, often at the paper's edge.
    """
    found: list[tuple[str, Line]] = []
    if any(ln.ocr for ln in page.lines):
        page = replace(page, lines=[ln for ln in page.lines if not ln.ocr])
    rows = rows_of(page.lines)
    if len(rows) < MIN_ROWS:
        return []  # a page this short is all content (a one-line note, a label)
    for zone in ("top", "bottom"):
        ordered = rows if zone == "top" else rows[::-1]
        for depth in range(min(2, len(ordered) - 1)):
            row, nxt = ordered[depth], ordered[depth + 1]
            gap = _gap(zone, row, nxt)
            if not _is_furniture_row(page, zone, row, gap, _even(zone, ordered[depth:]), body):
                break
            found.extend((zone, ln) for ln in row)
    margin = 0.1 * page.width
    for ln in page.other_direction:
        if (ln.x1 <= margin or ln.x0 >= page.width - margin) and _lone_rotated(ln, page):
            found.append(("side", ln))
    return found


def _gap(zone: str, outer: list[Line], inner: list[Line]) -> float:
    """Vertical space between an edge row and the next row inwards."""
    if zone == "top":
        return min(ln.y0 for ln in inner) - max(ln.y1 for ln in outer)
    return min(ln.y0 for ln in outer) - max(ln.y1 for ln in inner)


def _even(zone: str, rows: list[list[Line]]) -> bool:
    """Whether the first four rows follow each other at the same spacing (within 10%)."""
    if len(rows) < 4:
        return False
    gaps = [_gap(zone, a, b) for a, b in itertools.pairwise(rows[:4])]
    return min(gaps) > 0 and max(gaps) <= 1.1 * min(gaps)


def _lone_rotated(line: Line, page: PageText) -> bool:
    """A rotated line with no other rotated line beside it: a stamp, not a title block."""
    reach = line.x1 - line.x0  # the line's thickness across its direction
    return not any(
        other is not line
        and other.x0 <= line.x1 + reach
        and other.x1 >= line.x0 - reach
        and min(other.y1, line.y1) > max(other.y0, line.y0)
        for other in page.other_direction
    )


def _line_numbers(page: PageText) -> list[Line]:
    """The page's margin line numbers, if it has them: "1" to "n" (n >= MIN_LINE_NUMBERS).

    One above the other at an even pitch, aligned at one edge, every one of them outside
    (left or right of) the rest of the page's text.
    """
    numbers = [
        ln for ln in page.lines if ln.text.isascii() and ln.text.isdigit() and len(ln.text) <= 3
    ]
    if len(numbers) < MIN_LINE_NUMBERS:
        return []
    for edge in ("x1", "x0"):  # right-aligned (the usual), then left-aligned
        edges = [round(getattr(ln, edge)) for ln in numbers]
        common = max(set(edges), key=edges.count)
        column = sorted(
            (ln for ln in numbers if abs(getattr(ln, edge) - common) <= 3), key=lambda ln: ln.y0
        )
        if len(column) < MIN_LINE_NUMBERS or [int(ln.text) for ln in column] != list(
            range(1, len(column) + 1)
        ):
            continue
        pitches = [b.y0 - a.y0 for a, b in itertools.pairwise(column)]
        middle = sorted(pitches)[len(pitches) // 2]
        if middle <= 0 or any(abs(p - middle) > 0.2 * middle for p in pitches):
            continue
        ids = {id(ln) for ln in column}
        rest = [ln for ln in page.lines if id(ln) not in ids]
        left = max(ln.x1 for ln in column)
        right = min(ln.x0 for ln in column)
        if all(ln.x0 >= left + 3 for ln in rest) or all(ln.x1 <= right - 3 for ln in rest):
            return column
    return []


def rows_of(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into rows by vertical overlap, top to bottom."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: ln.y0):
        if rows:
            last = rows[-1]
            bottom = max(x.y1 for x in last)
            if ln.y0 < bottom - 0.5 * min(ln.height, bottom - min(x.y0 for x in last)):
                last.append(ln)
                continue
        rows.append([ln])
    return rows


def find_furniture(pages: list[PageText], body: float) -> Furniture:
    """Find running headers/footers and page numbers in ``pages`` (all pages of a document).

    ``body`` is the document's body font size (furniture is never larger).
    """
    result = Furniture()
    for page in pages:
        numbered = _line_numbers(page)
        result.drop.update(id(ln) for ln in numbered)
        result.line_numbers += len(numbered)
        for zone, line in _standalone_furniture(page, body):
            if id(line) in result.drop:
                continue
            result.drop.add(id(line))
            if is_page_number(line.text):
                result.page_numbers += 1
            else:
                bucket = result.headers if zone == "top" else result.footers
                if len(bucket) < 20 and line.text not in bucket:
                    bucket.append(line.text)
    seen: dict[tuple[str, str], list[Line]] = defaultdict(list)
    rows = {page.number: rows_of(page.lines) for page in pages}
    for page in pages:
        top, bottom = _zones(page, rows[page.number])
        for zone, lines in (("top", top), ("bottom", bottom)):
            for line in lines:
                dropped = id(line) in result.drop  # still counts towards its repeats
                if not dropped and is_page_number(line.text):
                    result.drop.add(id(line))
                    result.page_numbers += 1
                    continue
                key = _key(line.text)
                if key and len(line.text) <= 200 and not (dropped and is_page_number(line.text)):
                    seen[(zone, key)].append(line)
    n_pages = len(pages)
    needed = 2 if n_pages <= 4 else max(2, round(0.25 * n_pages))
    for key, lines in _placed_repeats(pages, rows, result.drop, body).items():
        seen[key].extend(lines)
    for (zone, _), lines in seen.items():
        on_pages = {ln.page for ln in lines}
        if len(on_pages) < needed:
            continue
        result.drop.update(id(ln) for ln in lines)
        bucket = result.headers if zone == "top" else result.footers
        if lines[0].text not in bucket:
            bucket.append(lines[0].text)
    return result


def _placed_repeats(
    pages: list[PageText], rows: dict[int, list[list[Line]]], drop: set[int], body: float
) -> dict[tuple[str, str], list[Line]]:
    """Lines between the furniture band and ``EDGE_ZONE`` that repeat in place on most pages.

    A journal's footer ("Received 11 Sep 2012; revised ...", "(C) 2012 OSA") may stand
    higher than the band searched for repeats; it is furniture when the same text (digits
    aside) sits at the same height, within a point, on half the pages, three at least,
    set apart from the body: smaller, or in italics and short ("Copyright Office Summary
    ... Page 1"); a form's text repeated page after page is body text. Its copies at
    other heights in the band go with it.
    """
    needed = max(3, -(-len(pages) // 2))
    if len(pages) < needed:
        return {}
    placed: dict[tuple[str, str, int], list[Line]] = defaultdict(list)
    seen: set[int] = set()
    banded: set[int] = set()  # lines in the band (copies at other heights go with them)
    for page in pages:
        near = {id(ln) for lines in _zones(page, rows[page.number]) for ln in lines}
        top, bottom = _zones(page, rows[page.number], EDGE_ZONE)
        lone = _lone_edge_rows(rows[page.number])
        band = {id(ln) for ln in top + bottom}
        alone = {id(ln) for ln in lone[0] + lone[1]}
        for zone, lines in (("top", top + lone[0]), ("bottom", bottom + lone[1])):
            for line in lines:
                if id(line) in drop or id(line) in near or id(line) in seen:
                    continue
                in_band = id(line) in band
                if in_band and not _set_apart(line, body) and id(line) not in alone:
                    continue
                key = _key(line.text)
                if key and len(line.text) <= 200:
                    seen.add(id(line))
                    placed[(zone, key, round(line.y0))].append(line)
                    if in_band:
                        banded.add(id(line))
    found: set[tuple[str, str, int]] = set()
    for zone, key, y in placed:
        around = [ln for dy in (-1, 0, 1) for ln in placed.get((zone, key, y + dy), [])]
        if len({ln.page for ln in around}) >= needed:
            found.update((zone, key, y + dy) for dy in (-1, 0, 1))
    out: dict[tuple[str, str], list[Line]] = defaultdict(list)
    keys = {(zone, key) for zone, key, _ in found}
    for (zone, key, y), lines in placed.items():
        # in place, or a copy set a little higher or lower in the band on some pages
        out[(zone, key)].extend(
            ln for ln in lines
            if (zone, key) in keys and ((zone, key, y) in found or id(ln) in banded)
        )  # fmt: skip
    return {k: v for k, v in out.items() if v}


def _lone_edge_rows(rows: list[list[Line]]) -> tuple[list[Line], list[Line]]:
    """A page's first and last ``rows`` when short and set apart from the text by a gap.

    A running head set well inside a wide margin ("Résumés et interrogations de logs de
    requêtes OLAP", 14% down an A4 page) stands outside the bands searched; repeated in
    place on half the pages it is furniture all the same.
    """
    if len(rows) < MIN_ROWS:
        return [], []
    out: tuple[list[Line], list[Line]] = ([], [])
    for side, row, nxt in ((0, rows[0], rows[1]), (1, rows[-1], rows[-2])):
        height = max(ln.height for ln in row)
        gap = min(ln.y0 for ln in nxt) - max(ln.y1 for ln in row) if side == 0 else (
            min(ln.y0 for ln in row) - max(ln.y1 for ln in nxt)
        )  # fmt: skip
        if gap >= LONE_ROW_GAP * height and sum(len(ln.text) for ln in row) <= MAX_ITALIC_CHARS:
            out[side].extend(row)
    return out


def _set_apart(line: Line, body: float) -> bool:
    """Whether ``line`` is set unlike running text: smaller, or a short line in italics."""
    return line.size <= body - 0.5 or (line.italic and len(line.text) <= MAX_ITALIC_CHARS)

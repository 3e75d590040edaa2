"""Visual text lines of a PDF page, in a compact form the rest of the parser works on.

A page's ``get_text("dict")`` is turned into :class:`Line` objects (text, box, dominant
font size and weight) right away and then dropped, so a long document never holds more
than one page's dictionary. Fragments MuPDF reports as separate lines but that sit on the
same baseline (a bullet and its text, a bold run and the rest) are merged into one line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pymupdf

from transforms.parsers.pdf.bidi import spans_in_order, words_in_order
from transforms.parsers.pdf.glyphs import GlyphRecovery, patch_textpage
from transforms.parsers.pdf.normalize import (
    CID,
    UNMAPPED,
    UNSPACED,
    mis_encoded,
    normalize_text,
    strip_unmapped,
)
from transforms.parsers.pdf.order import Stripe, prose_gutters
from transforms.parsers.pdf.spans import (
    FONT_KINDS,
    MAX_FONT_KINDS,
    apart,
    font_kind,
    span_text,
    symbol_codes,
    without_marker_twin,
)
from transforms.parsers.pdf.survey import survey_page
from transforms.parsers.pdf.turn import Frame, reading_frame, stack_characters, turn_text

# Ligatures expanded, whitespace kept, text outside the media box dropped; no images.
TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP

SMALL_CAPS = 0.95  # small capitals are set this much smaller than capitals, or more
OCR_FONT = "GlyphLessFont"  # MuPDF's font for Tesseract's words: fixed pitch, says nothing

# a bullet or box left alone on its line (its text was not beside it): nothing to read
_LONE_MARKS = frozenset("•◦▪▫‣⁃∙·●○■□◆◇►▸▹➢➤❖")


@dataclass
class Line:
    """One visual line of text on a page, with the style facts the structure step needs."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # dominant font size (weighted by characters)
    bold: bool  # most characters in a bold font
    mono: bool  # most characters in a monospaced font
    page: int  # 1-based
    block: int  # MuPDF block number on the page: a hint for paragraph breaks
    chars: int = field(default=0)
    italic: bool = False  # most characters in an italic or oblique font
    ocr: bool = False  # recognised by OCR in an image on a page with a text layer
    indent: int = 0  # spaces leading a monospaced line (code keeps its indentation)
    bold_lead: bool = False  # starts in bold, ends in roman ("Note 1: Guidance for")
    end_size: float = 0.0  # font size of its last span, when it differs from ``size``
    bold_tail: bool = False  # mostly roman, ends in bold ("... omitted. A complete")

    @property
    def height(self) -> float:
        """Height of the line's box."""
        return self.y1 - self.y0

    @property
    def style(self) -> tuple[float, bool]:
        """Font size rounded to half a point and weight: what a heading style is made of."""
        return (round(self.size * 2) / 2, self.bold)


@dataclass
class PageText:
    """What one page yields before structure is recovered."""

    number: int  # 1-based
    width: float
    height: float
    lines: list[Line]
    other_direction: list[Line]  # rotated/vertical text, read after the page's main text
    unmapped_chars: int = 0
    total_chars: int = 0
    frame: Frame | None = None  # the turn applied to MuPDF coordinates (turn.reading_frame)
    font_failed: bool = False  # a span's font could not be loaded (MuPDF names it "")

    @property
    def garbled_ratio(self) -> float:
        """Share of characters without a Unicode mapping."""
        return self.unmapped_chars / self.total_chars if self.total_chars else 0.0


def _line_from_spans(
    spans: list[dict], page: int, block: int, horizontal: bool = True
) -> Line | None:
    if len(spans) > 1:
        spans = without_marker_twin(spans)
    text_parts: list[str] = []
    sizes: dict[float, int] = {}
    capitals: dict[float, int] = {}  # characters of spans all in capital letters, by size
    bold = mono = italic = 0
    first_bold: bool | None = None  # whether the first and last words are set in bold
    last_bold = False
    last_size = 0.0
    x0 = y0 = float("inf")
    x1 = y1 = float("-inf")
    prev_x0 = prev_x1 = None
    for span in spans:
        if "chars" in span:
            raw = normalize_text(span_text(span, horizontal))
        else:
            raw = span["text"]
            if not (raw.isascii() and raw.isprintable()):
                raw = normalize_text(raw)
        stripped = raw.strip()
        kind = FONT_KINDS.get(span["font"])
        if kind is None:
            if len(FONT_KINDS) >= MAX_FONT_KINDS:
                FONT_KINDS.clear()
            kind = FONT_KINDS[span["font"]] = font_kind(span["font"])
        if kind[3] and symbol_codes(strip_unmapped(stripped)) and not "".join(text_parts).strip():
            # codes of a symbol font without Unicode (Wingdings' "y", Wingdings 2's 0xA2
            # read "¢", 0x84 draw boxes and bullets, not letters) starting a line: a marker
            raw, stripped = "• ", "•"
        if not stripped:
            if raw and text_parts:
                text_parts.append(" ")
            continue
        bx0, by0, bx1, by1 = span["bbox"]
        size, flags = span["size"], span["flags"]
        # MuPDF drops inter-span spaces when a gap is made by positioning.
        if (
            prev_x1 is not None
            and text_parts
            and not text_parts[-1].endswith(" ")
            and not raw.startswith(" ")
            and max(bx0 - prev_x1, prev_x0 - bx1) > 0.15 * size  # spans may go right to left
        ):
            text_parts.append(" ")
        text_parts.append(raw)
        n = len(stripped)
        key = round(size, 1)
        sizes[key] = sizes.get(key, 0) + n
        if stripped.isupper() and stripped.isalpha():
            capitals[key] = capitals.get(key, 0) + n
        font_bold, font_mono, font_italic, _ = kind
        span_bold = bool(flags & 16 or font_bold)
        if span_bold:
            bold += n
        if first_bold is None and (n > 1 or stripped.isalnum()):
            first_bold = span_bold  # (a bullet's weight says nothing of the text's)
        last_bold = span_bold
        last_size = size
        if (flags & 8 and span["font"] != OCR_FONT) or font_mono:
            mono += n
        if flags & 2 or font_italic:
            italic += n
        if bx0 < x0:
            x0 = bx0
        if by0 < y0:
            y0 = by0
        if bx1 > x1:
            x1 = bx1
        if by1 > y1:
            y1 = by1
        prev_x0, prev_x1 = bx0, bx1
    if not sizes:
        return None
    joined = "".join(text_parts)
    text = " ".join(joined.split())
    if not text:
        return None
    total = sum(sizes.values())
    mono_line = mono * 2 > total
    size = max(sizes, key=sizes.__getitem__)  # the first of the most used sizes
    if (
        len(sizes) == 2
        and size < max(sizes) * SMALL_CAPS
        and capitals.get(size, 0) >= 3
        and capitals[size] == sizes[size]
        and all(ch.isupper() for ch in text if ch.isalpha())
    ):
        size = max(sizes)  # small capitals ("I" 13.9 + "NTRODUCTION" 11): the capitals' size
    return Line(
        text=text,
        x0=x0,
        y0=y0,
        x1=x1,
        y1=y1,
        size=size,
        end_size=last_size if abs(last_size - size) >= 0.1 else 0.0,
        bold=bold * 2 > total,
        bold_tail=last_bold and bold * 2 <= total,
        mono=mono_line,
        italic=italic * 2 > total,
        bold_lead=bool(first_bold) and not last_bold,
        page=page,
        block=block,
        chars=total,
        indent=len(joined) - len(joined.lstrip(" ")) if mono_line else 0,
    )


def _is_marker(text: str) -> bool:
    from transforms.parsers.pdf.text import list_marker

    marker = list_marker(text + " x")
    return marker is not None and marker[2] == "x"


def rows_of(lines: list[Line]) -> list[list[Line]]:
    """Cluster lines whose vertical centres are close into rows, each sorted left to right."""
    rows: list[list[Line]] = []
    centre = 0.0
    tolerance = 0.0
    for line in sorted(lines, key=lambda ln: (ln.y0 + ln.y1) / 2):
        mid = (line.y0 + line.y1) / 2
        if rows and abs(mid - centre) <= tolerance:
            rows[-1].append(line)
        else:
            rows.append([line])
            centre, tolerance = mid, 0.35 * max(line.height, 1.0)
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
    return rows


def _join(prev: Line, line: Line) -> Line:
    marker = _is_marker(prev.text)
    size = line.size if marker or line.chars > prev.chars else prev.size
    end = line.end_size or line.size
    bold = line.bold if marker else (prev.bold and line.bold)
    return Line(
        text=f"{prev.text} {line.text}",
        x0=prev.x0,
        y0=min(prev.y0, line.y0),
        x1=max(prev.x1, line.x1),
        y1=max(prev.y1, line.y1),
        size=size,
        end_size=end if abs(end - size) >= 0.1 else 0.0,
        bold=bold,
        bold_tail=(line.bold or line.bold_tail) and not bold,
        mono=line.mono if marker else (prev.mono and line.mono),
        italic=line.italic if marker else (prev.italic and line.italic),
        bold_lead=line.bold_lead if marker else (prev.bold or prev.bold_lead) and not line.bold,
        page=prev.page,
        block=prev.block,
        chars=prev.chars + line.chars,
    )


def _unspaced(before: str, after: str) -> bool:
    """Whether two pieces meet between characters of a script written without spaces."""
    return bool(before) and bool(UNSPACED.match(before[-1])) and bool(UNSPACED.match(after[:1]))


def _across(gutters: list[Stripe], before: Line, after: Line) -> bool:
    """Whether a gutter lies between ``before`` and ``after``, on their row."""
    mid = (before.y0 + before.y1) / 2
    return any(
        x0 >= before.x1 - 1 and x1 <= after.x0 + 1 and y0 <= mid <= y1 for x0, y0, x1, y1 in gutters
    )


def _merge_same_baseline(lines: list[Line]) -> list[Line]:
    """Join fragments that sit on one visual line and are close enough to be one line.

    Fragments of a right-to-left line are read from the right (see :mod:`bidi`).
    """
    merged: list[Line] = []
    gutters: list[Stripe] | None = None  # found when first needed
    for row in rows_of(lines):
        out: list[Line] = []
        parts: list[list[str]] = []
        for line in row:
            prev = out[-1] if out else None
            if prev is not None:
                gap = line.x0 - prev.x1
                size = max(prev.size, line.size)
                if gap < 0.5 and line.text == prev.text and _is_marker(prev.text):
                    continue  # a marker drawn twice over itself
                if (
                    len(line.text) == 1
                    and prev.text[:1] == "•"
                    and line.x0 <= prev.x0 + size
                    and line.x1 - line.x0 < 0.35 * line.size
                ):
                    continue  # a copy of a symbol font's marker code, set at no width
                if _is_marker(prev.text):
                    limit = 4 * size
                elif prev.block == line.block:
                    limit = 2 * size  # MuPDF already put them in one block
                    # unless the gap is a gutter between columns (a lone sign, a bullet
                    # MuPDF does not know as one, still joins the text it marks)
                    if gap > 0.6 * size and len(prev.text) > 1:
                        if gutters is None:
                            gutters = prose_gutters(lines)
                        if _across(gutters, prev, line):
                            limit = 0.6 * size
                else:
                    limit = 0.6 * size
                # Chinese/Japanese set a character at a time join without a space; a
                # vertical form of punctuation may sit up to an em off its cell
                tight = _unspaced(parts[-1][-1], line.text) and (
                    -0.5 * size <= gap < 0.25 * size
                    or (min(len(prev.text), len(line.text)) == 1 and abs(gap) <= size)
                )
                if tight or -0.5 * size <= gap <= limit:
                    out[-1] = _join(prev, line)
                    if tight:
                        parts[-1][-1] += line.text
                    else:
                        parts[-1].append(line.text)
                    continue
            out.append(line)
            parts.append([line.text])
        for line, pieces in zip(out, parts, strict=True):
            if len(pieces) > 1 or pieces[0] != line.text:
                line.text = " ".join(words_in_order(pieces))
        merged.extend(out)
    return merged


def _drop_repeats(lines: list[Line]) -> list[Line]:
    """Drop lines drawn again over themselves: same text, same place within a point.

    Some writers draw a page's text twice (pdfplumber's duplicate-chars samples), or a
    line twice a hair apart for a heavier look; MuPDF keeps both copies.
    """
    # the copies kept, by text and height to the point: a twin lies in the row of
    # points at the line's height or one of the two beside it (a table's "0" cells are
    # many lines of one text, not compared all with all)
    seen: dict[tuple[str, int], list[Line]] = {}
    kept: list[Line] = []
    for line in lines:
        row = int(line.y0 // 1)
        text = line.text
        if any(
            abs(t.x0 - line.x0) <= 1 and abs(t.y0 - line.y0) <= 1
            for key in ((text, row - 1), (text, row), (text, row + 1))
            for t in seen.get(key, ())
        ):
            continue
        seen.setdefault((text, row), []).append(line)
        kept.append(line)
    return kept


def _attach_drop_caps(lines: list[Line]) -> list[Line]:
    """Join a drop cap (one large initial letter) to the line it starts ("O" + "ver the")."""
    if len(lines) < 3:
        return lines
    heights = sorted(ln.height for ln in lines)
    typical = heights[len(heights) // 2]
    caps = [
        ln for ln in lines
        if len(ln.text) == 1 and ln.text.isalpha() and ln.text.isupper()
        and ln.height >= 1.8 * typical
    ]  # fmt: skip
    for cap in caps:
        beside = [
            ln for ln in lines
            if ln is not cap and -1 <= ln.x0 - cap.x1 <= 3 * typical
            and cap.y0 - typical <= ln.y0 <= (cap.y0 + cap.y1) / 2
        ]  # fmt: skip
        if not beside:
            continue
        first = min(beside, key=lambda ln: ln.y0)
        first.text = cap.text + first.text
        first.x0 = cap.x0
        lines = [ln for ln in lines if ln is not cap]
    return lines


def inside_any(line: Line, rects: list[tuple[float, float, float, float]]) -> bool:
    """Tell whether the centre of ``line`` lies in one of ``rects``."""
    cx, cy = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
    return any(r[0] - 1 <= cx <= r[2] + 1 and r[1] - 1 <= cy <= r[3] + 1 for r in rects)


def page_text(
    page: pymupdf.Page,
    number: int,
    textpage: pymupdf.TextPage | None = None,
    glyphs: GlyphRecovery | None = None,
) -> PageText:
    """Extract the visual lines of ``page`` (from ``textpage`` when given, e.g. OCR).

    ``glyphs`` recovers characters for glyphs MuPDF leaves unmapped (see :mod:`glyphs`).
    Spans are read as text, or character by character (slower) when glyphs need fixing
    or the page has words glued together (see :func:`_span_text`).
    """
    if textpage is None:
        textpage = page.get_textpage(flags=TEXT_FLAGS)
    data = page.get_text("dict", flags=TEXT_FLAGS, textpage=textpage, sort=False)
    survey = survey_page(data)
    fixes = glyphs.page_fixes(page) if glyphs is not None and survey.unmapped else None
    if fixes and patch_textpage(textpage, fixes):  # read again, with the glyphs recovered
        data = page.get_text("dict", flags=TEXT_FLAGS, textpage=textpage, sort=False)
        survey = survey_page(data)
    if survey.glued or survey.rtl:  # characters needed (same text page, no re-parse)
        data = page.get_text("rawdict", flags=TEXT_FLAGS, textpage=textpage, sort=False)
    stack_characters(data, survey.directions)  # vertical text set a glyph per line
    turned = reading_frame(survey.directions, page, survey.mirrored)
    width, height = page.rect.width, page.rect.height
    if turned is not None:
        turn_text(data, turned[0])
        width, height = turned[1], turned[2]
    horizontal: list[Line] = []
    other: list[Line] = []
    unmapped = total = 0
    for bno, block in enumerate(data["blocks"]):
        if block.get("type", 0) != 0:
            continue
        for raw_line in block["lines"]:
            dx = raw_line["dir"][0]
            is_horizontal = abs(dx) > 0.95 and dx > 0
            spans = spans_in_order(raw_line["spans"]) if survey.rtl else raw_line["spans"]
            runs = apart(spans) if is_horizontal and len(spans) > 1 else (spans,)
            for run in runs:
                line = _line_from_spans(run, number, bno, is_horizontal)
                if line is None:
                    continue
                total += len(line.text)
                if not line.text.isascii() and mis_encoded(line.text):
                    unmapped += len(line.text)  # unreadable as it stands: as if unmapped
                    continue
                bad = 0 if line.text.isascii() else len(UNMAPPED.findall(line.text))
                if "(cid:" in line.text:
                    bad += sum(len(m) for m in CID.findall(line.text))
                if bad:
                    unmapped += bad
                    line.text = " ".join(CID.sub("", strip_unmapped(line.text)).split())
                    if not line.text:
                        continue
                (horizontal if is_horizontal else other).append(line)
    del data
    horizontal = _merge_same_baseline(_attach_drop_caps(_drop_repeats(horizontal)))
    horizontal = [ln for ln in horizontal if ln.text not in _LONE_MARKS]
    return PageText(
        number=number,
        width=width,
        height=height,
        lines=horizontal,
        other_direction=other,
        unmapped_chars=unmapped,
        total_chars=total,
        frame=turned[0] if turned is not None else None,
        font_failed=survey.font_failed,
    )


def body_size(pages: list[PageText]) -> float:
    """The font size carrying most characters of the document (0 when there is no text)."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for ln in page.lines:
            sizes[ln.style[0]] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0

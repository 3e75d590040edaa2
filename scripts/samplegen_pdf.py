"""Lay out and draw the sample annual report PDF with PyMuPDF primitives.

The layout is done here, line by line, so every heading, line break, hyphen and page break is
known exactly: text is measured with the base-14 font metrics, wrapped greedily, and drawn with
``Shape.insert_text`` in Helvetica / Helvetica-Bold (WinAnsi encoding, no embedded fonts).
Blocks are never split across pages (a heading stays with the block after it), so each
paragraph, list and table sits on a single page.

The content (our own prose about a fictional utility) lives in ``samplegen_report.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0  # US Letter, points
MARGIN_X = 72.0
BODY_TOP = 84.0  # first baseline is placed below this line
BODY_BOTTOM = 726.0  # no body text below this line
HEADER_BASELINE = 42.0
FOOTER_BASELINE = 760.0
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
SOFT_HYPHEN = "\u00ad"  # marks the only places where the wrapper may split a word
BULLET = "\u2022"
GREY = (0.35, 0.35, 0.35)
BLACK = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Style:
    """Font, size and vertical spacing of one kind of block."""

    font: str  # base-14 font name as PyMuPDF spells it ("helv", "hebo", "heit")
    size: float
    leading: float  # baseline-to-baseline distance
    space_before: float
    space_after: float


TITLE = Style("hebo", 20.0, 26.0, 0.0, 8.0)
SUBTITLE = Style("helv", 11.0, 14.0, 0.0, 14.0)
H1 = Style("hebo", 16.0, 20.0, 14.0, 6.0)
H2 = Style("hebo", 12.5, 16.0, 10.0, 6.0)
BODY = Style("helv", 10.5, 14.0, 0.0, 8.0)
CAPTION = Style("heit", 9.5, 12.0, 4.0, 10.0)
RUNNING = Style("helv", 9.0, 11.0, 0.0, 0.0)
TABLE_HEAD = Style("hebo", 10.0, 18.0, 0.0, 0.0)
TABLE_BODY = Style("helv", 10.0, 18.0, 0.0, 0.0)

_FONTS: dict[str, pymupdf.Font] = {}


def text_width(text: str, style: Style) -> float:
    """Width of ``text`` in points, with the metrics of the style's base-14 font."""
    font = _FONTS.get(style.font)
    if font is None:
        font = _FONTS[style.font] = pymupdf.Font(style.font)
    return font.text_length(text, fontsize=style.size)


def winansi(text: str) -> str:
    """Re-spell ``text`` as the byte values of WinAnsiEncoding (cp1252).

    PyMuPDF writes each character of a base-14 font string as one byte and declares
    ``/WinAnsiEncoding``; characters such as the bullet or the em dash have code points above
    255, so they must be passed as their cp1252 byte (0x95, 0x97) to come out right.
    """
    return text.encode("cp1252").decode("latin-1")


@dataclass
class Heading:
    """A section heading; level 1 or 2."""

    level: int
    text: str


@dataclass
class Paragraph:
    """A paragraph of running text; ``SOFT_HYPHEN`` marks allowed word splits."""

    text: str
    style: Style = BODY


@dataclass
class Bullets:
    """A bulleted list; each item may wrap onto several lines."""

    items: list[str]


@dataclass
class TableBlock:
    """A ruled table: header row, body rows, column widths and a caption below it."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float]
    caption: str
    align: list[str] = field(default_factory=list)  # "l" or "r" per column


Block = Heading | Paragraph | Bullets | TableBlock


@dataclass
class Op:
    """One drawing operation relative to a block's top: a text run or a rule."""

    kind: str  # "text" or "line"
    x: float
    y: float  # baseline for text, y of the first point for lines
    text: str = ""
    style: Style = BODY
    x2: float = 0.0
    y2: float = 0.0


@dataclass
class Laid:
    """A block turned into drawing operations, with its height and bookkeeping."""

    block: Block
    ops: list[Op]
    height: float
    space_before: float
    lines: list[str]
    splits: list[tuple[str, str]] = field(default_factory=list)  # words split at a soft hyphen


@dataclass
class LayoutLog:
    """What the layout did, for checks and for the report: pages of headings, splits."""

    headings: list[tuple[int, str, int]] = field(default_factory=list)  # level, text, page
    hyphen_splits: list[tuple[str, str, int]] = field(default_factory=list)  # head, tail, page
    lines: list[tuple[int, str]] = field(default_factory=list)  # page, line text
    page_count: int = 0


def wrap(text: str, style: Style, width: float) -> tuple[list[str], list[tuple[str, str]]]:
    """Greedy line breaking at spaces, and at soft hyphens when a word does not fit.

    Returns the lines (soft hyphens removed; a split word ends its line with "-") and the
    (head, tail) pairs of words that were split.
    """
    lines: list[str] = []
    splits: list[tuple[str, str]] = []
    pending = text.split(" ")
    current = ""
    while pending:
        word = pending.pop(0)
        candidate = word.replace(SOFT_HYPHEN, "")
        joined = f"{current} {candidate}" if current else candidate
        if text_width(joined, style) <= width:
            current = joined
            continue
        parts = word.split(SOFT_HYPHEN)
        for cut in range(len(parts) - 1, 0, -1):
            head = "".join(parts[:cut]) + "-"
            joined = f"{current} {head}" if current else head
            if text_width(joined, style) <= width:
                lines.append(joined)
                splits.append((head, "".join(parts[cut:])))
                pending.insert(0, SOFT_HYPHEN.join(parts[cut:]))
                current = ""
                break
        else:
            if not current:
                raise ValueError(f"word too long for the line: {candidate!r}")
            lines.append(current)
            current = ""
            pending.insert(0, word)
    if current:
        lines.append(current)
    return lines, splits


def lay_out(block: Block) -> Laid:
    """Turn one block into drawing operations relative to its own top edge."""
    laid, splits = _lay_out(block)
    laid.splits = splits
    return laid


def _lay_out(block: Block) -> tuple[Laid, list[tuple[str, str]]]:
    ops: list[Op] = []
    splits: list[tuple[str, str]] = []
    if isinstance(block, Heading):
        style = H1 if block.level == 1 else H2
        lines, splits = wrap(block.text, style, TEXT_WIDTH)
        for i, line in enumerate(lines):
            ops.append(Op("text", MARGIN_X, style.size + i * style.leading, line, style))
        height = style.size + (len(lines) - 1) * style.leading + style.space_after
        return Laid(block, ops, height, style.space_before, lines), splits
    if isinstance(block, Paragraph):
        style = block.style
        lines, splits = wrap(block.text, style, TEXT_WIDTH)
        for i, line in enumerate(lines):
            ops.append(Op("text", MARGIN_X, style.size + i * style.leading, line, style))
        height = style.size + (len(lines) - 1) * style.leading + style.space_after
        return Laid(block, ops, height, style.space_before, lines), splits
    if isinstance(block, Bullets):
        indent = 20.0
        y = 0.0
        all_lines: list[str] = []
        for item in block.items:
            lines, item_splits = wrap(item, BODY, TEXT_WIDTH - indent)
            splits += item_splits
            ops.append(Op("text", MARGIN_X + 6.0, y + BODY.size, BULLET, BODY))
            for i, line in enumerate(lines):
                ops.append(Op("text", MARGIN_X + indent, y + BODY.size + i * BODY.leading, line))
            all_lines += lines
            y += len(lines) * BODY.leading + 2.0
        return Laid(
            block, ops, y - 2.0 - BODY.leading + BODY.size + BODY.space_after, 0.0, all_lines
        ), splits
    return _lay_out_table(block), splits


def _lay_out_table(block: TableBlock) -> Laid:
    """Cells with 5 pt padding, numbers right-aligned, every cell border drawn as a line."""
    pad = 5.0
    row_height = TABLE_BODY.leading
    rows = [block.header, *block.rows]
    align = block.align or ["l"] * len(block.widths)
    total_width = sum(block.widths)
    ops: list[Op] = []
    for r, row in enumerate(rows):
        style = TABLE_HEAD if r == 0 else TABLE_BODY
        x = MARGIN_X
        baseline = r * row_height + 12.5
        for c, cell in enumerate(row):
            w = block.widths[c]
            right = align[c] == "r" and r > 0
            tx = x + w - pad - text_width(cell, style) if right else x + pad
            ops.append(Op("text", tx, baseline, cell, style))
            x += w
    table_height = len(rows) * row_height
    for r in range(len(rows) + 1):
        y = r * row_height
        ops.append(Op("line", MARGIN_X, y, x2=MARGIN_X + total_width, y2=y))
    x = MARGIN_X
    for w in [0.0, *block.widths]:
        x += w
        ops.append(Op("line", x, 0.0, x2=x, y2=table_height))
    caption_top = table_height + CAPTION.space_before
    ops.append(Op("text", MARGIN_X, caption_top + CAPTION.size, block.caption, CAPTION))
    height = caption_top + CAPTION.size + CAPTION.space_after
    lines = [" | ".join(row) for row in rows] + [block.caption]
    return Laid(block, ops, height, 4.0, lines)


def paginate(laid: list[Laid]) -> list[list[tuple[Laid, float]]]:
    """Place blocks top to bottom; a block that does not fit starts a new page.

    A heading moves to the next page together with the block that follows it.
    """
    pages: list[list[tuple[Laid, float]]] = [[]]
    y = BODY_TOP
    for i, item in enumerate(laid):
        top = y + (item.space_before if pages[-1] else 0.0)
        needed = item.height
        if isinstance(item.block, Heading) and i + 1 < len(laid):
            following = laid[i + 1]
            needed += following.space_before + following.height
        if top + needed > BODY_BOTTOM and pages[-1]:
            pages.append([])
            top = BODY_TOP
        pages[-1].append((item, top))
        y = top + item.height
    return pages


def build_pdf(
    path: Path,
    title: str,
    subtitle: str,
    blocks: list[Block],
    header_text: str,
    metadata: dict[str, str],
) -> LayoutLog:
    """Write the PDF at ``path`` and return a log of where everything went."""
    log = LayoutLog()
    laid: list[Laid] = []
    for block in [Paragraph(title, TITLE), Paragraph(subtitle, SUBTITLE), *blocks]:
        laid.append(lay_out(block))
    pages = paginate(laid)
    log.page_count = len(pages)
    doc = pymupdf.open()
    toc: list[list[object]] = []
    for page_number, placed in enumerate(pages, start=1):
        page = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        shape = page.new_shape()
        shape.insert_text(
            (MARGIN_X, HEADER_BASELINE),
            winansi(header_text),
            fontname=RUNNING.font,
            fontsize=RUNNING.size,
            color=GREY,
        )
        for item, top in placed:
            for op in item.ops:
                if op.kind == "line":
                    shape.draw_line((op.x, top + op.y), (op.x2, top + op.y2))
                else:
                    shape.insert_text(
                        (op.x, top + op.y),
                        winansi(op.text),
                        fontname=op.style.font,
                        fontsize=op.style.size,
                        color=BLACK,
                    )
            shape.finish(width=0.75, color=BLACK)
            log.lines += [(page_number, line) for line in item.lines]
            if isinstance(item.block, Heading):
                log.headings.append((item.block.level, item.block.text, page_number))
                toc.append([item.block.level, item.block.text, page_number])
            log.hyphen_splits += [(head, tail, page_number) for head, tail in item.splits]
        footer = f"Page {page_number} of {len(pages)}"
        shape.insert_text(
            ((PAGE_WIDTH - text_width(footer, RUNNING)) / 2, FOOTER_BASELINE),
            footer,
            fontname=RUNNING.font,
            fontsize=RUNNING.size,
            color=GREY,
        )
        shape.commit()
    doc.set_toc(toc)
    doc.set_metadata(metadata)
    doc.xref_set_key(doc.pdf_catalog(), "Lang", "(en-US)")
    # Fixed metadata dates and no fresh /ID keep the bytes identical from run to run.
    doc.save(path, garbage=4, deflate=True, clean=True, no_new_id=True)
    doc.close()
    return log

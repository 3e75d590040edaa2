"""Group ordered lines into blocks: paragraphs, list items and heading candidates.

Lines arrive in reading order (see :mod:`order`). A new block starts at a list marker,
a change of font size or weight, a vertical gap wider than the page's line spacing, a
jump to another column or page, a short line ending a sentence, or an indented first
line; a line that continues a sentence (no final punctuation, next starts in lower
case) carries on across columns and pages.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field

from transforms.parsers.pdf.bidi import mostly_rtl
from transforms.parsers.pdf.code import code_goes_on
from transforms.parsers.pdf.lines import Line
from transforms.parsers.pdf.tables import PageTable
from transforms.parsers.pdf.text import list_marker, toc_entry

_TERMINAL = ".!?:。！？؟"
MAX_HEADING_LINES = 3  # lines of a heading block at most
_SEPARATORS = frozenset("·•∙|")  # dots (and bars) that part the items of a line
_WORD = re.compile(r"[^\W\d_]{2,}")  # a word of two letters or more
_CAPTION_LABEL = re.compile(
    r"(?:fig(?:ure)?|tab(?:le)?|chart|plate|scheme|abb(?:ildung)?|tabelle)\.?\s*[\dIVXLC]+[.:]?",
    re.IGNORECASE,
)
MIN_BLOCK_GAPS = 5  # fewer line gaps inside MuPDF's blocks: measured across blocks
UNCASED_LINE = 25  # characters: a line this long is running text


@dataclass
class TableItem:
    """A table placed among a page's lines for ordering."""

    page: int
    found: PageTable
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    y1: float = 0.0

    def __post_init__(self) -> None:
        self.x0, self.y0, self.x1, self.y1 = self.found.bbox


@dataclass
class Block:
    """Consecutive lines that form one paragraph, heading or list item, or one table."""

    lines: list[Line] = field(default_factory=list)
    table: TableItem | None = None
    marker: tuple[str, int | None, str] | None = None  # list marker of the first line
    code: bool = False  # monospaced lines of a listing (see :mod:`code`)
    toc: bool = False  # an entry of a table of contents, ending in a dot leader and a page

    @property
    def page(self) -> int:
        """1-based page of the block's start."""
        return self.table.page if self.table else self.lines[0].page

    @property
    def chars(self) -> int:
        """Number of characters in the block's lines."""
        return sum(len(ln.text) for ln in self.lines)

    @property
    def italic(self) -> bool:
        """Whether every line of the block is set in italic."""
        return bool(self.lines) and all(ln.italic for ln in self.lines)

    @property
    def style(self) -> tuple[float, bool]:
        """The style carrying most of the block's characters."""
        weights: dict[tuple[float, bool], int] = {}
        for ln in self.lines:
            weights[ln.style] = weights.get(ln.style, 0) + len(ln.text)
        return max(weights, key=weights.__getitem__)


def _ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip("\"'”’)»*").endswith(tuple(_TERMINAL))


def _continues(prev: Line, line: Line) -> bool:
    """Tell whether ``line`` carries on an unfinished sentence (same size, lower case).

    A letter of a script without case (Arabic, Hebrew, CJK) carries one on after a
    line of running text (``UNCASED_LINE`` characters or more: not a title or label).
    """
    first = line.text[:1]
    uncased = first.isalpha() and not first.isupper() and not first.islower()
    return (
        not _ends_sentence(prev.text)
        and (first.islower() or (uncased and len(prev.text) >= UNCASED_LINE))
        and abs(prev.size - line.size) < 0.6
        and prev.bold == line.bold
    )


def _runs_on(prev: Line, line: Line) -> bool:
    """Whether ``prev`` breaks off in mid-phrase and ``line`` carries on, same size.

    ``prev`` ends in a letter, digit, hyphen or comma (no sentence's or clause's end),
    ``line`` starts in lower case.
    """
    last = prev.text[-1:]
    return (
        (last.isalnum() or last in "-,")
        and line.text[:1].islower()
        and abs(_end_size(prev) - line.size) < 0.6
    )


def _separator_goes_on(prev: Line, line: Line) -> bool:
    """Whether ``line`` starts with a dot that separates the items of ``prev``'s line.

    "Keywords: Document Image Analysis · Deep Learning · Layout Analysis" over "· Character
    Recognition · Open Source library": the line goes on the list, it is no bullet item.
    """
    dot = line.text[:1]
    return dot in _SEPARATORS and f" {dot} " in prev.text and not _ends_sentence(prev.text)


def _bold_runs_on(prev: Line, line: Line) -> bool:
    """Whether bold type runs on from ``prev`` into ``line`` or ends early in ``line``.

    A bold lead ("Note 1: Guidance for" / "doing the ..."), a bold line over a line
    starting bold and ending roman, a roman line ending in bold over a bold line ("...
    omitted. A complete understanding of any" / "provision of the DMCA requires ...").
    """
    return (
        prev.bold_lead
        or (prev.bold and line.bold_lead)
        or (prev.bold_tail and (line.bold or line.bold_lead))
    )


def _hangs_in(block: Block, prev: Line, line: Line) -> bool:
    """Whether ``line`` goes on a list item's text: under it, indented past the marker.

    The item's sentence breaks off in a bold phrase that goes on ("Title II, the “Online
    Copyright Infringement Liability Limitation" / "Act,” creates ..."): mostly bold over
    mostly roman, one weight where they meet. A bold item over roman text is a heading
    over its paragraph, a bold item over a roman sub-item an item over its own list.
    """
    if block.marker is None or _ends_sentence(prev.text):
        return False
    if (prev.bold or prev.bold_tail) and not prev.bold_lead and not (line.bold or line.bold_lead):
        return False  # the bold stops where the line breaks
    size = max(prev.size, line.size)
    return line.x0 >= block.lines[0].x0 + 0.5 * size and abs(_end_size(prev) - line.size) < 0.6


def _end_size(line: Line) -> float:
    """The size ``line`` ends in: a bold lead's line ends in its paragraph's size."""
    return line.end_size if line.bold_lead and line.end_size else line.size


def _typical_gap(lines: list[Line]) -> float:
    """The usual gap between two lines of a paragraph.

    Measured inside MuPDF's blocks; when MuPDF makes (nearly) every line a block of its
    own, between consecutive lines of one column.
    """
    near = [
        (a.block == b.block, b.y0 - a.y1)
        for a, b in itertools.pairwise(lines)
        if a.page == b.page
        and -a.height < b.y0 - a.y1 < 2 * a.size
        and min(a.x1, b.x1) - max(a.x0, b.x0) > 0
    ]
    gaps = [gap for same, gap in near if same]
    if len(gaps) < MIN_BLOCK_GAPS and len(near) >= 3:
        gaps = [gap for _, gap in near]
    return statistics.median(gaps) if gaps else 1.0


def _body_size(lines: list[Line]) -> float:
    """The font size most characters of ``lines`` are set in."""
    weights: dict[float, int] = {}
    for ln in lines:
        weights[ln.size] = weights.get(ln.size, 0) + ln.chars
    return max(weights, key=weights.__getitem__) if weights else 10.0


def _italic_lead(prev: Line, line: Line) -> bool:
    """Whether ``prev``, a short italic line, stands over ``line``'s roman text as its title.

    Handbooks set run-over subheadings in italic at body size, straight above the
    paragraph ("Elastic Stop Nut" / "The elastic stop nut is ..."), often in one MuPDF
    block with it.
    """
    return (
        prev.italic
        and not line.italic
        and not _ends_sentence(prev.text)
        and line.text[:1].isupper()
        and prev.x1 < line.x1 - max(0.15 * (line.x1 - line.x0), 2 * line.size)
    )


def _starts_new(
    block: Block, prev: Line, line: Line, gap_limit: float, display: bool = False
) -> bool:
    """Whether ``line`` starts a new block after ``prev`` (the last line of ``block``).

    ``display``: the lines are set a fifth larger than the body or more.
    """
    if toc_entry(prev.text) is not None:
        return True  # a contents entry ends at its page number
    if list_marker(line.text) is not None and not _separator_goes_on(prev, line):
        return True  # a list item starts
    size = max(prev.size, line.size)
    if abs(prev.size - line.size) > 0.8 and abs(_end_size(prev) - line.size) > 0.8:
        return True  # (a bold lead set smaller than its paragraph carries on at its size)
    if (
        prev.bold != line.bold
        and not (_bold_runs_on(prev, line) and _runs_on(prev, line))
        and not (len(block.lines) == 1 and _CAPTION_LABEL.fullmatch(prev.text))
        and not _hangs_in(block, prev, line)
    ):
        # a change of weight, but for a bold run-in lead's line running on, or a bold
        # phrase running on from the end of a line; a caption's label in bold on a line
        # of its own ("Table 1" over its title); a list item's line under its text
        return True
    if len(block.lines) == 1 and _italic_lead(prev, line):
        return True
    overlap = min(prev.x1, line.x1) - max(prev.x0, line.x0)
    gap = line.y0 - prev.y1
    if line.page != prev.page or overlap <= 0 or gap < -0.5 * prev.height:
        return not _continues(prev, line)  # another column or page
    if gap > gap_limit:
        return True
    back = block.lines[0].x0 + 0.5 * size
    if block.marker is not None and line.x0 <= back and all(ln.x0 > back for ln in block.lines[1:]):
        # back at the marker's column: the list item is over, unless its line broke in
        # mid-phrase (a numbered paragraph whose lines run back to the margin; once one
        # has, its next lines are read as a paragraph's)
        return not (_runs_on(prev, line) and prev.bold == line.bold)
    right = max(ln.x1 for ln in block.lines)
    left = min(ln.x0 for ln in block.lines)
    short, indent = max(0.15 * (right - left), 2 * size), 0.8 * size
    if mostly_rtl(prev.text):  # lines start at the right: mirrored
        ends_early = prev.x0 > min(left, line.x0) + short
        indented = line.x1 < prev.x1 - indent
    else:
        ends_early = prev.x1 < max(right, line.x1) - short
        indented = line.x0 > prev.x0 + indent
    if _ends_sentence(prev.text) and ends_early:
        return True  # a short line ending a sentence ends its paragraph
    if block.marker is None and indented and _ends_sentence(prev.text):
        return True  # indented first line
    if line.block == prev.block or _continues(prev, line) or gap <= 0.25 * size:
        return False
    # a heading set on several lines, each a MuPDF block ("Tax Computation on" / "Income
    # Effectively" / "Connected With A U.S."): display lines of words, the first two words
    # or more ending no sentence, a heading's leading apart (a chart's labels, one word or
    # a figure each, stay apart; so do paragraphs of a lead set large, past a few lines)
    return not (
        display
        and gap <= 0.5 * size
        and len(block.lines) < MAX_HEADING_LINES
        and len(_WORD.findall(prev.text)) >= 2
        and not _ends_sentence(prev.text)
        and _WORD.search(line.text) is not None
    )


def segment(items: list[Line | TableItem], code: set[int] | None = None) -> list[Block]:
    """Group items already in reading order (one or more pages) into blocks.

    Lines in ``code`` (see :func:`code.code_lines`) form blocks of their own, kept whole
    across the gaps, markers and short lines that would part paragraphs (a listing's
    blank lines, "- item" and "}" lines).
    """
    code = code or set()
    lines_only = [it for it in items if isinstance(it, Line)]
    typical = _typical_gap(lines_only)
    body = _body_size(lines_only)
    blocks: list[Block] = []
    current: Block | None = None
    for item in items:
        if isinstance(item, TableItem):
            blocks.append(Block(table=item))
            current = None
            continue
        listing = id(item) in code
        if current is not None:
            prev = current.lines[-1]
            if current.code or listing:
                if current.code and listing and code_goes_on(prev, item):
                    current.lines.append(item)
                    continue
            else:
                size = max(prev.size, item.size)
                # display lines (a fifth larger than the body or more) are spaced wider
                scale = size / body if size >= 1.2 * body else 1.0
                limit = max(0.45 * size, (1.6 * typical + 1.0) * scale)
                if not _starts_new(current, prev, item, limit, scale > 1.0):
                    current.lines.append(item)
                    continue
        marker = None if listing else list_marker(item.text)
        current = Block(lines=[item], marker=marker, code=listing)
        blocks.append(current)
    for block in blocks:
        block.toc = bool(block.lines) and not block.code and _toc_block(block)
    return blocks


def _toc_block(block: Block) -> bool:
    """A contents entry: its last line ends in a dot leader and a page (see toc_entry)."""
    return block.marker is None and toc_entry(block.lines[-1].text) is not None

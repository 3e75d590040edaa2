"""Code listings: runs of monospaced lines kept line by line, with their indentation.

A document set mostly in a proportional font shows program text, commands and
configuration in a monospaced one. Joined into paragraphs those lines lose what makes
them readable (one statement per line, nesting by indentation); kept as a code element
they render as a fenced block. A document set mostly in a monospaced font (a typewritten
memo, a court transcript) has no such contrast: its lines are prose.
"""

from __future__ import annotations

import re
import statistics

from transforms.parsers.pdf.lines import Line, PageText

MAX_MONO_SHARE = 0.5  # of a document's characters: above it, monospace is the body font
BLANK_LINE = 0.8  # a gap between two code lines over this share of a line: a blank line
PROSE_LINE = 60  # characters: monospaced lines this long on average are prose, not code
_BULLETS = frozenset("•◦▪▫‣⁃∙·●○■□◆◇►▸▹➢➤✓✔❖–—")
_CODE_MARKS = frozenset("{}()[];=<>#$")
_REFERENCE = re.compile(r"\[\d+\]\s")


def mono_is_code(pages: list[PageText]) -> bool:
    """Whether monospaced lines of these pages are code (the body font is proportional)."""
    mono = total = 0
    for page in pages:
        for line in page.lines:
            total += line.chars
            if line.mono:
                mono += line.chars
    return 0 < mono <= MAX_MONO_SHARE * total


def char_width(lines: list[Line]) -> float:
    """The usual width of a character of these monospaced lines (leading spaces counted)."""
    widths = [(ln.x1 - ln.x0) / (len(ln.text) + ln.indent) for ln in lines if ln.text]
    return max(statistics.median(widths), 0.1) if widths else 1.0


def code_goes_on(prev: Line, line: Line) -> bool:
    """Whether monospaced ``line`` goes on the listing ``prev`` ends (same column, near)."""
    overlap = min(prev.x1, line.x1) - max(prev.x0, line.x0)
    gap = line.y0 - prev.y1
    near = abs(line.x0 - prev.x0) <= 15 * prev.size  # indented, or back out
    return (
        line.page == prev.page
        and (overlap > 0 or near)
        and -max(prev.height, line.height) <= gap <= 2.5 * max(prev.size, line.size)
    )


def _listing(run: list[Line], before: Line | None) -> bool:
    """Whether a run of monospaced lines is a listing (code, commands, configuration).

    Two lines or more, none led by a typographic bullet or a reference number ("[9]"),
    some holding a bracket, parenthesis, operator or prompt sign, not going on a link cut
    at the end of the line before; nested (one line indented two characters or more past
    another) or three lines or more that are not prose (a citation set in a typewriter
    face has long lines).
    """
    if len(run) < 2 or any(ln.text[:1] in _BULLETS or _REFERENCE.match(ln.text) for ln in run):
        return False
    if not any(_CODE_MARKS.intersection(ln.text) for ln in run):
        return False
    wrapped = before is not None and before.text.endswith(("http:", "https:", "/"))
    if wrapped and code_goes_on(before, run[0]):
        return False  # a link's address going on the line before
    width = char_width(run)
    starts = [ln.indent + (ln.x0 - run[0].x0) / width for ln in run]
    if max(starts) - min(starts) >= 2:
        return True
    return len(run) >= 3 and statistics.mean(len(ln.text) for ln in run) < PROSE_LINE


def code_lines(items: list) -> set[int]:
    """Ids of the monospaced lines of ``items`` (in reading order) that form listings."""
    found: set[int] = set()
    run: list[Line] = []
    before: Line | None = None
    for item in [*items, None]:
        line = item if isinstance(item, Line) else None
        # a listing's line number may be set in the text face
        numbered = line is not None and line.text.isdigit() and len(line.text) <= 4
        if line is not None and run and (line.mono or numbered) and code_goes_on(run[-1], line):
            run.append(line)
            continue
        if run and _listing(run, before):
            found.update(id(ln) for ln in run)
        if line is not None and line.mono:
            run = [line]
        else:
            run, before = [], line
    return found


def code_text(lines: list[Line]) -> str:
    """The lines of a code block, one per line, indented as set (spaces or position).

    Indentation comes from the spaces leading a line and from how far right of the
    block's leftmost line it starts, in character widths; a gap of about a line between
    two lines is a blank line.
    """
    width = char_width(lines)
    left = min(ln.x0 for ln in lines)
    height = statistics.median(ln.height for ln in lines)
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and line.page == lines[i - 1].page:
            gap = line.y0 - lines[i - 1].y1
            if gap > BLANK_LINE * height:
                out.append("")
        shift = round((line.x0 - left) / width)
        out.append(" " * (line.indent + shift) + line.text)
    return "\n".join(out)

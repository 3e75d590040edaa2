"""Code listings: runs of monospaced lines kept line by line, with their indentation.

A document set mostly in a proportional font shows program text, commands and
configuration in a monospaced one. Joined into paragraphs those lines lose what makes
them readable (one statement per line, nesting by indentation); kept as a code element
they render as a fenced block. A document set mostly in a monospaced font (a typewritten
memo, a court transcript) has no such contrast: its lines are prose.
"""

from __future__ import annotations

import statistics

from transforms.parsers.pdf.lines import Line, PageText

MAX_MONO_SHARE = 0.5  # of a document's characters: above it, monospace is the body font
BLANK_LINE = 0.8  # a gap between two code lines over this share of a line: a blank line


def mono_is_code(pages: list[PageText]) -> bool:
    """Whether monospaced lines of these pages are code (the body font is proportional)."""
    mono = total = 0
    for page in pages:
        for line in page.lines:
            total += line.chars
            if line.mono:
                mono += line.chars
    return 0 < mono <= MAX_MONO_SHARE * total


def code_text(lines: list[Line]) -> str:
    """The lines of a code block, one per line, indented as set (spaces or position).

    Indentation comes from the spaces leading a line and from how far right of the
    block's leftmost line it starts, in character widths; a gap of about a line between
    two lines is a blank line.
    """
    widths = [(ln.x1 - ln.x0) / (len(ln.text) + ln.indent) for ln in lines if ln.text]
    width = statistics.median(widths) if widths else 1.0
    left = min(ln.x0 for ln in lines)
    height = statistics.median(ln.height for ln in lines)
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and line.page == lines[i - 1].page:
            gap = line.y0 - lines[i - 1].y1
            if gap > BLANK_LINE * height:
                out.append("")
        shift = round((line.x0 - left) / width) if width > 0 else 0
        out.append(" " * (line.indent + shift) + line.text)
    return "\n".join(out)

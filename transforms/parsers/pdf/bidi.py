"""Right-to-left text (Arabic, Hebrew, Persian) as MuPDF gives it, put in reading order.

MuPDF writes each line's characters in logical order, but two things stay visual:
the pieces of one visual line (a run of Latin words between Arabic ones makes MuPDF
split the line) come left to right, and a ligature's second character (the alef of
Arabic's lam-alef, one glyph for two letters) comes before its first, as a
zero-width character at the glyph's right edge. Tables of such text read their
columns from the right.
"""

from __future__ import annotations

import re
from dataclasses import replace

from transforms.model import Table

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LTR = re.compile(r"[^\W\d_\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter (cheap for ASCII text)."""
    return not text.isascii() and _RTL.search(text) is not None


def mostly_rtl(text: str) -> bool:
    """Whether right-to-left letters outnumber left-to-right ones in ``text``."""
    return has_rtl(text) and len(_RTL.findall(text)) > len(_LTR.findall(text))


def words_in_order(words: list[str]) -> list[str]:
    """Words of one line given left to right, in reading order (from the right if RTL)."""
    if len(words) > 1 and mostly_rtl(" ".join(words)):
        return words[::-1]
    return words


def ligatures_in_order(chars: list[dict]) -> list[dict]:
    """Characters of a span (MuPDF's ``rawdict``) with each ligature's letters in order.

    A zero-width right-to-left character directly followed by the character whose glyph
    ends where it stands is the second letter of that glyph: the two are swapped.
    """
    out = list(chars)
    i = 0
    while i < len(out) - 1:
        a, b = out[i], out[i + 1]
        ax0, _, ax1, _ = a["bbox"]
        bx0, _, bx1, _ = b["bbox"]
        if ax1 - ax0 <= 0.01 < bx1 - bx0 and abs(bx1 - ax0) <= 0.5 and _RTL.match(a["c"]):
            out[i], out[i + 1] = b, a
            i += 2
        else:
            i += 1
    return out


def columns_in_reading_order(table: Table) -> Table:
    """The table with its columns from the right when most of its letters read so."""
    if not mostly_rtl(" ".join(c.text for row in table.rows for c in row)):
        return table
    return replace(table, rows=tuple(tuple(reversed(row)) for row in table.rows))

"""One pass over a page's text dictionary: how to read the page.

Which way its lines run (and whether they are drawn mirrored), whether words are glued
together, glyphs lack Unicode, fonts failed to load or right-to-left letters occur.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from transforms.parsers.pdf.bidi import has_rtl
from transforms.parsers.pdf.normalize import REPLACEMENT

GLUED_RUN = 24  # letters in a row without a space: words glued together
_GLUED = re.compile(rf"[^\W\d_]{{{GLUED_RUN},}}")


@dataclass
class Survey:
    """What one pass over a page's text dictionary tells about how to read it."""

    directions: Counter[tuple[int, int]]  # axis-aligned line directions, by line length
    glued: bool  # a span holds a run of letters too long to be one word
    unmapped: bool  # a span holds U+FFFD (a glyph without Unicode)
    font_failed: bool  # a span with text has no font name: MuPDF could not load its font
    rtl: bool  # a span holds right-to-left letters: characters read (see :mod:`bidi`)
    mirrored: Counter[tuple[int, int]] = field(default_factory=Counter)  # see _mirrored


def _mirrored(line: dict) -> bool:
    """Whether ``line`` is drawn mirrored: its baseline on the side its glyphs' tops face.

    A glyph's origin lies on its baseline, below the middle of its span's box as the glyph
    stands: for text running (dx, dy) an upright glyph's top faces (dy, -dx) (MuPDF's y
    runs down).
    """
    span = line["spans"][0]
    x0, y0, x1, y1 = span["bbox"]
    dx, dy = line["dir"]
    ox, oy = span["origin"]
    return (ox - (x0 + x1) / 2) * dy - (oy - (y0 + y1) / 2) * dx > 0


def survey_page(data: dict) -> Survey:
    """Line directions, glued words, unmapped glyphs and failed fonts of a page, in one pass.

    Glued runs are words MuPDF joined where the PDF positions words instead of writing
    spaces: the page is then read character by character.
    """
    directions: Counter[tuple[int, int]] = Counter()
    glued = unmapped = font_failed = rtl = False
    mirrored: Counter[tuple[int, int]] = Counter()
    for block in data["blocks"]:
        if block.get("type", 0) != 0:
            continue
        for line in block["lines"]:
            dx, dy = line["dir"]
            if abs(dx) > 0.95 or abs(dy) > 0.95:
                x0, y0, x1, y1 = line["bbox"]
                key = (round(dx), round(dy))
                directions[key] += (x1 - x0) + (y1 - y0)
                if line["spans"] and _mirrored(line):
                    mirrored[key] += (x1 - x0) + (y1 - y0)
            for span in line["spans"]:
                text = span["text"]
                if not glued and len(text) >= GLUED_RUN and _GLUED.search(text):
                    glued = True
                if not unmapped and REPLACEMENT in text:
                    unmapped = True
                if not span["font"] and not font_failed and text.strip():
                    font_failed = True
                if not rtl and has_rtl(text):
                    rtl = True
    return Survey(directions, glued, unmapped, font_failed, rtl, mirrored)

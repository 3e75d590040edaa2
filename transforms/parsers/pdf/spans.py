"""MuPDF's text spans read: font kinds by name, a span's text, markers and gaps.

The pieces :mod:`lines` builds its lines from: what a font's name says (bold, monospaced,
italic, a symbol font), a span's text with the spaces positioning leaves out, a bullet
written twice (in the symbol font and in the text font), and a MuPDF line cut where a
wide gap parts two things it joined.
"""

from __future__ import annotations

import itertools
import re

from transforms.parsers.pdf.bidi import ligatures_in_order, neutrals_in_place

WORD_GAP = 0.1  # a gap between two characters wider than this share of the size: a space

_NO_SPACE_BEFORE = frozenset(" .,;:!?)]}%”’")
_NO_SPACE_AFTER = frozenset(" ([{“‘")

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_MONO_FONT = re.compile(r"mono|courier|consol|menlo|code", re.IGNORECASE)
# Times-Italic, NimbusRomNo9L-ReguItal, MyriadPro-It, MinionPro-BoldIt, TeX's cmti10 /
# cmsl10 and their EC versions (sfti1000, sfsl1000)
_ITALIC_FONT = re.compile(
    r"italic|oblique|slanted|-it(?:al)?$|^(?:cm|sf)(?:bx)?(?:ti|sl|mi|bi)\d", re.IGNORECASE
)
_ITALIC_SUFFIX = re.compile(r"[a-z]It(?:al)?$")  # case matters: "BoldIt", not "Summit"
# Advent 3B2's fonts name their weight and slant in a suffix: "AdvOT62cab712.B", ".I", ".BI"
_ADVENT_BOLD = re.compile(r"\.BI?$")
_ADVENT_ITALIC = re.compile(r"\.B?I$")
DINGBAT_FONT = re.compile(
    r"wingding|webding|dingbat|typographicsymbols|iconicsymbols", re.IGNORECASE
)  # ZapfDingbats too; WordPerfect's symbol sets


def font_kind(font: str) -> tuple[bool, bool, bool, bool]:
    """(bold, monospaced, italic, symbols) by the font's name (subset prefix dropped)."""
    name = font.split("+")[-1]
    return (
        bool(_BOLD_FONT.search(name) or _ADVENT_BOLD.search(name)),
        bool(_MONO_FONT.search(name)),
        bool(
            _ITALIC_FONT.search(name) or _ITALIC_SUFFIX.search(name) or _ADVENT_ITALIC.search(name)
        ),
        bool(DINGBAT_FONT.search(name)),
    )


# font_kind by font name; subset names ("ABCDEF+Times") differ between documents, so a
# long-running worker empties it now and then instead of letting it grow
FONT_KINDS: dict[str, tuple[bool, bool, bool, bool]] = {}
MAX_FONT_KINDS = 4096


def span_text(span: dict, horizontal: bool) -> str:
    """A span's text from its characters, with a space where a gap separates two words.

    Some PDFs position words instead of writing spaces, and MuPDF only adds a space for
    gaps wider than about a sixth of the font size. A gap of a tenth of the size
    (pdfminer's word margin) separates words when the span's characters otherwise sit
    edge to edge: where the font's widths do not match the positioning (letter-spaced,
    monospaced, overprinted "fake bold" text), gaps say nothing and are ignored. Italic
    glyphs get twice the margin (italic corrections after a capital are not spaces); no
    space goes before closing punctuation or after an opening bracket.
    """
    if "chars" not in span:
        return span["text"]
    # right-to-left ligatures and punctuation (see :mod:`bidi`)
    chars = ligatures_in_order(neutrals_in_place(span["chars"]))
    text = "".join([ch["c"] for ch in chars])
    if not horizontal or len(chars) < 3 or span["flags"] & 8:
        return text
    size = span["size"]
    boxes = [ch["bbox"] for ch in chars]
    gaps = [b[0] - a[2] for a, b in itertools.pairwise(boxes)]
    limit = (2 if span["flags"] & 2 else 1) * WORD_GAP * size
    if max(gaps) <= limit:
        return text
    flush = sum(1 for g in gaps if abs(g) <= 0.02 * size)
    if flush < 0.6 * len(gaps) or min(gaps) < -0.1 * size:
        return text
    parts = [chars[0]["c"]]
    for gap, ch in zip(gaps, chars[1:], strict=True):
        c = ch["c"]
        if gap > limit and c not in _NO_SPACE_BEFORE and parts[-1] not in _NO_SPACE_AFTER:
            parts.append(" ")
        parts.append(c)
    return "".join(parts)


def symbol_codes(text: str) -> bool:
    """Whether ``text`` is a symbol font's codes read as Latin-1 (MuPDF's reading)."""
    return all(ord(ch) < 0x100 for ch in text)


def span_chars(span: dict) -> str:
    """A span's characters as they are (a "rawdict" span has characters, not text)."""
    return span["text"] if "text" in span else "".join(c["c"] for c in span["chars"])


def without_marker_twin(spans: list[dict]) -> list[dict]:
    """Drop the text font's copy of a symbol font's marker at the start of a line.

    Some layout programs write a bullet's code twice, in the symbol font that draws it
    and in the text font beside it ("y" in Wingdings and in Myriad): read as "yy".
    """
    a, b = spans[0], spans[1]
    text = span_chars(a).strip()
    if len(text) != 1 or span_chars(b).strip() != text:
        return spans
    symbol_a, symbol_b = (bool(DINGBAT_FONT.search(s["font"])) for s in (a, b))
    if symbol_a == symbol_b or abs(a["bbox"][0] - b["bbox"][0]) > a["size"]:
        return spans
    return spans[1:] if symbol_b else [a, *spans[2:]]


def apart(spans: list[dict]) -> list[list[dict]]:
    """Spans of one MuPDF line, cut where a wide gap parts them.

    Over three ems of the smaller text: a caption and the drop cap beside it, joined into
    one line by a space set in the drop cap's size.
    """
    runs: list[list[dict]] = [[]]
    prev: dict | None = None
    for span in spans:
        inked = bool(span_chars(span).strip())
        if prev is not None and inked:
            gap = span["bbox"][0] - prev["bbox"][2]
            if gap > 3 * min(span["size"], prev["size"]):
                runs.append([])
        runs[-1].append(span)
        if inked:
            prev = span
    return runs

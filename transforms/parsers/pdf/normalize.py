"""Characters of a PDF's text made plain: ligatures, odd spaces, accents, unmapped glyphs.

MuPDF hands over what the PDF's fonts map to: ligature code points (U+FB01 for "fi"), TeX's
spacing accents set before their letter, control characters, and U+FFFD or private-use
code points where a glyph has no Unicode (Symbol and Wingdings bullets excepted).
"""

from __future__ import annotations

import re
import unicodedata

from transforms.clean import LIGATURES

# Characters that a PDF text layer produces when it has no usable Unicode mapping.
REPLACEMENT = "\ufffd"
CID = re.compile(r"\(cid:\d+\)")
# TeX sets accents as separate glyphs before the letter ("J´an Min´aˇc"): join them.
_COMBINING = {"´": "\u0301", "ˇ": "\u030c", "¨": "\u0308", "˜": "\u0303", "ˆ": "\u0302",
              "¸": "\u0327", "˘": "\u0306", "˚": "\u030a", "˝": "\u030b"}  # fmt: skip
_SPACING_ACCENT = re.compile("([" + "".join(_COMBINING) + "])([^\\W\\d_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# U+FFFD and private-use code points, except the Symbol/Wingdings bullets (mapped to •)
UNMAPPED = re.compile(
    "[\ufffd\ue000-\uf075\uf077-\uf0a6\uf0a9-\uf0b6\uf0b8-\uf0d7\uf0d9-\uf0fb\uf0fd-\uf8ff]"
)

_LIGATURES = str.maketrans(
    {
        **LIGATURES,
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        "\uf0b7": "•",
        "\uf0a7": "▪",
        "\uf0a8": "□",
        "\uf076": "❖",
        "\uf0d8": "➢",
        "\uf0fc": "✓",
    }
)


def normalize_text(text: str) -> str:
    """Expand ligatures, unify odd spaces, drop zero-width and control characters.

    Doubled single quotes (‘‘quoted’’, typeset by TeX and some journals) become the
    double quotes they stand for.
    """
    if text.isascii() and text.isprintable():
        return text  # nothing below applies to printable ASCII
    text = text.translate(_LIGATURES)
    if "‘‘" in text or "’’" in text:
        text = text.replace("‘‘", "“").replace("’’", "”")
    if _SPACING_ACCENT.search(text):
        text = _SPACING_ACCENT.sub(_attach_accent, text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return text.replace("\t", " ")


def _attach_accent(match: re.Match) -> str:
    return unicodedata.normalize("NFC", match.group(2) + _COMBINING[match.group(1)])


def strip_unmapped(text: str) -> str:
    """``text`` without U+FFFD and private-use code points."""
    return UNMAPPED.sub("", text)


def is_unmapped(ch: str) -> bool:
    """Tell whether ``ch`` means "no Unicode for this glyph" (U+FFFD, private use)."""
    return bool(UNMAPPED.match(ch))


# Han, kana and full-width punctuation: scripts written without spaces between words
UNSPACED = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")


def mis_encoded(text: str) -> bool:
    """Whether ``text`` is a font's codes shown through the wrong encoding (mojibake).

    Half of its letters or more are accented Latin letters of Latin-1 and Latin
    Extended-A (U+00C0-U+017F), with five letters or more: "]üìÜüéê •ìê °ê£ë†£ûÜüéê"
    for "Enhance the performance". No language writes that many (French, Hungarian or
    Turkish text about one in ten; Vietnamese's are mostly beyond U+1E00).
    """
    letters = accented = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if "\u00c0" <= ch <= "\u017f":
                accented += 1
    return letters >= 5 and accented * 2 >= letters

"""Characters for glyphs MuPDF leaves unmapped, read from the glyph's name in the font.

A simple (one-byte) font without a usable ``ToUnicode`` map is read through the names of
its glyphs. MuPDF knows the standard names (Adobe's glyph list, ``uniXXXX``, ``f_i``,
``one.oldstyle``); a glyph named in a typesetting system's own scheme comes out as U+FFFD
and is dropped: a minus sign before a figure, a Greek letter before "-oxidation", a "+"
before a telephone number, the triangles and boxes of a tax form. The embedded font
program still names every glyph; the schemes read here:

- Pi fonts (Mathematical Pi, and the "News with Commercial Pi" / "Greek with Math Pi"
  fonts of US tax forms) name glyphs ``H<number>``. Only names whose glyph was looked at
  (rendered, or beyond doubt from the text around it) or that follow the same sequence
  are listed.
- TeX's math symbol layout (``cmsy``): a math symbol font naming its glyphs
  ``C<position>`` draws the glyph at that position (minus at 0, bullet at 15).
- Advent 3B2's text fonts name glyphs ``C<character code>`` (``C71`` is "G").
- Big operators named with a size suffix (``summationtext``, ``integraldisplay``) and
  variant Greek letters with a number (``betatwo``), in those fonts and Greek ones.

Other fonts are not searched (:func:`reads_names`): TeX's own big-operator font (cmex)
sets display formulas, whose operators stand apart from the formula's lines, and reading
a page's glyphs again costs about as much as reading its text.
"""

from __future__ import annotations

import re
import unicodedata

import pymupdf

_PI_FONT = re.compile(r"Pi(?:-\w+)?$")
_NAMED_FONT = re.compile(r"Pi(?:-\w+)?$|(?i:mthsy|maths?_?sy|^adv|greek)")
_TEX_SYMBOL_FONT = re.compile(r"mthsy|maths?_?sy", re.IGNORECASE)
_ADVENT_FONT = re.compile(r"^Adv")

_PI = {
    "H11001": "+",
    "H11002": "\u2212",
    "H11003": "\u00d7",
    "H11005": "=",
    "H11006": "\u00b1",
    "H11009": "\u221e",
    "H11021": "<",
    "H11022": ">",
    "H11032": "\u2032",
    "H9004": "\u0394",
    # Greek small letters in alphabet order from H9251 (alpha) to H9268 (sigma)
    **{f"H{9251 + i}": ch for i, ch in enumerate("αβγδεζηθικλμνξοπρσ")},
    "H9273": "\u03c7",
    "H9274": "\u03c8",
    "H12011": "\u2713",  # check mark
    "H17075": "\u25b6",  # black triangle pointing right (a form's "enter here")
    "H18554": "\u2610",  # ballot box
}

# cmsy's 128 positions; "\0" where the glyph is only a piece of a symbol (negation slash,
# maps-to bar). The calligraphic capitals (65-90) are read as plain capitals.
_TEX_SYMBOLS = (
    "−·×∗÷⋄±∓⊕⊖⊗⊘⊙◯◦•"
    "≍≡⊆⊇≤≥⪯⪰∼≈⊂⊃≪≫≺≻"
    "←→↑↓↔↗↘≃⇐⇒⇑⇓⇔↖↙∝"
    "′∞∈∋△▽\0\0∀∃¬∅ℜℑ⊤⊥"
    "ℵABCDEFGHIJKLMNOPQRSTUVWXYZ∪∩⊎∧∨"
    "⊢⊣⌊⌋⌈⌉{}⟨⟩|‖↕⇕\\≀"
    "√⨿∇∫⊔⊓⊑⊒§†‡¶♣♦♥♠"
)
_POSITION = re.compile(r"C(\d{1,3})")
_SIZE_SUFFIX = re.compile(r"(.+?)(?:text|display)")
_VARIANT_SUFFIX = re.compile(r"(.+?)(?:alt|one|two|three)")


def _standard(name: str) -> str | None:
    """The character of a standard glyph name (Adobe's list as MuPDF knows it), or None."""
    code = pymupdf.mupdf.fz_unicode_from_glyph_name(name)
    return chr(code) if code and code != 0xFFFD else None


def reads_names(font: str) -> bool:
    """Whether glyphs of font ``font`` (no subset prefix) are read from their names."""
    return bool(_NAMED_FONT.search(font))


def char_for_name(name: str, font: str) -> str | None:
    """The character glyph ``name`` of font ``font`` draws, when its scheme is known.

    ``font`` is the font's name without a subset prefix. None when the name says nothing
    this module can read.
    """
    if _PI_FONT.search(font):
        return _PI.get(name)
    position = _POSITION.fullmatch(name)
    if position is not None:
        code = int(position.group(1))
        if _TEX_SYMBOL_FONT.search(font):
            char = _TEX_SYMBOLS[code] if code < len(_TEX_SYMBOLS) else "\0"
            return char if char != "\0" else None
        if _ADVENT_FONT.match(font) and 0x20 <= code < 0x7F:
            return chr(code)
        return None
    sized = _SIZE_SUFFIX.fullmatch(name)
    if sized is not None and (char := _standard(sized.group(1))) is not None:
        return char
    variant = _VARIANT_SUFFIX.fullmatch(name)
    char = _standard(variant.group(1)) if variant is not None else None
    return char if char is not None and unicodedata.name(char, "").startswith("GREEK") else None

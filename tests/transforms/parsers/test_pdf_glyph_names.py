"""Glyphs without Unicode read from their names in the font program (glyph_names, glyphs).

The schemes are checked on names; the whole path (font program -> text page -> lines and
table cells) on corpus PDFs whose glyphs were looked at, skipped without ../shared.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from transforms.parsers.pdf.glyph_names import char_for_name, reads_names
from transforms.parsers.pdf.glyphs import GlyphRecovery, patch_textpage
from transforms.parsers.pdf.lines import TEXT_FLAGS

CORPORA = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpora"


@pytest.mark.parametrize(
    ("name", "font", "char"),
    [
        ("H11001", "MathematicalPi-One", "+"),  # "Tel. +81-86-251-8301"
        ("H11021", "MathematicalPi-One", "<"),  # "p < 0.001"
        ("H9252", "MathematicalPi-One", "β"),  # "β-aspartyl"
        ("H9262", "MathematicalPi-One", "μ"),  # "12.5 μM"
        ("H9273", "MathematicalPi-One", "χ"),  # "χ2 1 = 0.60"
        ("H17075", "Universal-NewswithCommPi", "▶"),  # a tax form's arrow
        ("C0", "AdvMacMthSyN", "−"),  # TeX math symbol layout: minus at 0
        ("C15", "AdvMacMthSyN", "•"),
        ("C24", "TeX_CM_Maths_Symbols", "∼"),
        ("C71", "AdvT905", "G"),  # Advent text font: the character code
        ("summationtext", "AdvPS4DC51B", "∑"),  # "∑n k=1 P(k)" in running text
        ("uniondisplay", "AdvPS4DC51B", "∪"),
        ("betatwo", "TimesTenGreekP-Upright", "β"),
    ],
)
def test_names_in_known_schemes_give_their_character(name: str, font: str, char: str) -> None:
    assert char_for_name(name, font) == char


@pytest.mark.parametrize(
    ("name", "font"),
    [
        ("H99999", "MathematicalPi-One"),  # a Pi name not listed
        ("H11001", "Helvetica"),  # Pi names mean nothing outside Pi fonts
        ("C0", "Arial"),  # position names only in math symbol and Advent fonts
        ("C192", "AdvT373"),  # beyond ASCII: Advent's own codes
        ("parenleftbig", "CMEX10"),  # a delimiter piece, set apart from its formula
        ("bone", "Times"),  # "b" + "one" is not a variant letter
        ("g115", "HelveticaNeue"),  # a glyph number
        (".notdef", "CMMIB8"),
    ],
)
def test_names_outside_the_schemes_give_nothing(name: str, font: str) -> None:
    assert char_for_name(name, font) is None


def test_only_fonts_of_the_known_schemes_are_searched_by_name() -> None:
    named = ["MathematicalPi-One", "Universal-GreekwithMathPi", "AdvMacMthSyN", "AdvT905",
             "TeX_CM_Maths_Symbols", "TimesTenGreekP-Upright"]  # fmt: skip
    assert all(reads_names(font) for font in named)
    # cmex sets display formulas (read apart from their lines); standard-named fonts
    assert not any(reads_names(font) for font in ["CMEX10", "CMSY10", "Helvetica", "Epic"])


def _corpus_pdf(name: str) -> Path:
    found = sorted(CORPORA.rglob(name)) if CORPORA.is_dir() else []
    if not found:
        pytest.skip(f"{name} not in ../shared/corpora")
    return found[0]


def test_minus_signs_of_a_math_symbol_font_reach_the_table_cells() -> None:
    """embedded-images-tables draws its minus signs with a font naming them "C0"."""
    from benchmarks.pdf_markdown import config_for, pdf_to_markdown

    path = _corpus_pdf("embedded-images-tables.pdf")
    doc = pymupdf.open(path)
    page = doc[0]
    textpage = page.get_textpage(flags=TEXT_FLAGS)
    fixes = GlyphRecovery(doc).page_fixes(page)
    assert set(fixes.values()) == {"−"} and len(fixes) == 6
    assert patch_textpage(textpage, fixes) == 6
    words = [w[4] for w in page.get_text("words", flags=TEXT_FLAGS, textpage=textpage)]
    assert "−0.9393" in words and "\ufffd" not in "".join(words)
    markdown = pdf_to_markdown(path, config_for())
    assert "| −0.9393 |" in markdown and "| 0.9393 |" not in markdown


def test_mathematical_pi_and_greek_variant_glyphs_are_read_in_running_text() -> None:
    from benchmarks.pdf_markdown import config_for, pdf_to_markdown

    markdown = pdf_to_markdown(_corpus_pdf("repeating_references_on_pg9_pg10.pdf"), config_for())
    assert "Tel. +81-86-251-8301" in markdown
    assert "implicated in β-oxidation" in markdown
    assert "adjusted to 1 × 105 spores/ml" in markdown

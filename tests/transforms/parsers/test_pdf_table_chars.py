"""The float character list for PyMuPDF's table finder matches PyMuPDF's own."""

from __future__ import annotations

import math
from pathlib import Path

import pymupdf
import pymupdf.table as pt
import pytest

from transforms.parsers.pdf import table_chars

REPO = Path(__file__).resolve().parents[3]
CORPORA = REPO / ".." / "shared" / "corpora"
PDFS = [
    REPO / "sample_docs" / "annual-report.pdf",
    CORPORA / "pdfplumber-test-pdfs" / "pdfs" / "nics-background-checks-2015-11.pdf",
    CORPORA / "olmocr-bench-sample" / "pdfs" / "earnings.pdf",
    CORPORA / "pypdf-sample-files" / "026-latex-multicolumn" / "multicolumn.pdf",
]


def _chars(make, page) -> list[dict]:
    pt.CHARS.clear()
    make(page)
    return [dict(c) for c in pt.CHARS]


def _tables(page) -> list[list[list]]:
    return [t.extract() for t in page.find_tables(use_layout=False).tables]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_same_characters_and_tables_as_pymupdf(path: Path):
    if not path.exists():
        pytest.skip(f"{path.name}: ../shared/corpora not present")
    with pymupdf.open(path) as doc:
        for page in list(doc)[:3]:
            ours = _chars(table_chars.make_chars, page)
            theirs = _chars(table_chars.original_make_chars(), page)
            assert len(ours) == len(theirs)
            for a, b in zip(ours, theirs, strict=True):
                assert a.keys() == b.keys()
                for key, value in a.items():
                    if isinstance(value, float):
                        assert math.isclose(value, b[key], abs_tol=1e-3), key
                    elif key == "matrix":
                        pairs = zip(value, b[key], strict=True)
                        assert all(math.isclose(x, y, abs_tol=1e-3) for x, y in pairs)
                    else:
                        assert value == b[key], key
            table_chars.install()
            fast = _tables(page)
            pt.make_chars = table_chars.original_make_chars()
            try:
                slow = _tables(page)
            finally:
                table_chars.install()
            assert fast == slow


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_words_as_characters_find_the_same_tables(path: Path):
    """One entry per word (docmill's own words) gives the grids one per character gives."""
    if not path.exists():
        pytest.skip(f"{path.name}: ../shared/corpora not present")
    table_chars.install()
    with pymupdf.open(path) as doc:
        for page in list(doc)[:3]:
            by_char = [t.cells for t in page.find_tables(use_layout=False).tables]
            textpage = page.get_textpage()
            words = page.get_text("words", textpage=textpage)
            with table_chars.words_as_chars(page, textpage, words):
                by_word = [t.cells for t in page.find_tables(use_layout=False).tables]
                assert len(pt.CHARS) == len(words)
            assert by_word == by_char
            assert not table_chars._pending

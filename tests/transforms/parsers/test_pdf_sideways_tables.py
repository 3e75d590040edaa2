"""Ruled tables printed sideways, and tables on pages with /Rotate, read row by row."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pymupdf
import pytest

from transforms.config import PipelineConfig
from transforms.model import Kind, ParsedDoc, Source
from transforms.parsers.pdf import PdfParser

REPO = Path(__file__).resolve().parents[3]
CORPORA = REPO / ".." / "shared" / "corpora"
GRID = [
    ["Region", "Units", "Revenue"],
    ["North", "120", "4,410"],
    ["South", "95", "3,020"],
    ["West", "143", "5,275"],
]


def _parse(data: bytes) -> ParsedDoc:
    source = Source("mem://t.pdf", hashlib.sha256(data).hexdigest(), "application/pdf", data)
    return PdfParser().parse(source, PipelineConfig())


def _grids(doc: ParsedDoc) -> list[list[list[str]]]:
    return [e.table.grid() for e in doc.elements if e.kind is Kind.TABLE]


def _sideways_pdf(rotate_text: int, page_rotation: int = 0) -> bytes:
    """A ruled 4 x 3 table whose text runs up (90) or down (270), or an upright one."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 60), "Quarterly figures by region follow.", fontsize=10)
    cw, ch = 110.0, 30.0  # along the text, across it
    left, top = 200.0, 200.0
    rows, cols = len(GRID), len(GRID[0])
    if rotate_text == 0:
        width, height = cols * cw, rows * ch
    else:
        width, height = rows * ch, cols * cw
    for i in range((rows if rotate_text == 0 else cols) + 1):
        y = top + i * (ch if rotate_text == 0 else cw)
        page.draw_line((left, y), (left + width, y))
    for j in range((cols if rotate_text == 0 else rows) + 1):
        x = left + j * (cw if rotate_text == 0 else ch)
        page.draw_line((x, top), (x, top + height))
    for r, row in enumerate(GRID):
        for c, text in enumerate(row):
            if rotate_text == 0:
                point = (left + c * cw + 5, top + r * ch + 20)
            elif rotate_text == 90:  # reads bottom to top: rows go left to right
                point = (left + r * ch + 20, top + height - c * cw - 5)
            else:  # 270, reads top to bottom: rows go right to left
                point = (left + width - r * ch - 20, top + c * cw + 5)
            page.insert_text(point, text, fontsize=10, rotate=rotate_text)
    if page_rotation:
        page.set_rotation(page_rotation)
    return doc.tobytes()


@pytest.mark.parametrize("rotate_text", [90, 270])
def test_sideways_table_reads_row_by_row(rotate_text):
    grids = _grids(_parse(_sideways_pdf(rotate_text)))
    assert grids == [GRID]


@pytest.mark.parametrize("page_rotation", [90, 180, 270])
def test_table_on_a_rotated_page(page_rotation):
    """/Rotate: the finder's cells and MuPDF's words are in different spaces."""
    doc = _parse(_sideways_pdf(0, page_rotation))
    assert _grids(doc) == [GRID]
    table = next(e for e in doc.elements if e.kind is Kind.TABLE)
    paragraph = " ".join(e.text for e in doc.elements if e.kind is Kind.PARAGRAPH)
    assert "Quarterly figures" in paragraph and "North" not in paragraph
    assert table.boxes  # provenance still given


def test_corpus_tables_sideways_and_rotated():
    """camelot's sideways tables and pdfplumber's /Rotate 90 page come out upright."""
    sideways = CORPORA / "camelot-table-fixtures" / "files" / "anticlockwise_table_1.pdf"
    rotated = CORPORA / "pdfplumber-test-pdfs" / "pdfs" / "issue-140-example.pdf"
    if not sideways.exists() or not rotated.exists():
        pytest.skip("../shared/corpora not present")
    # the clockwise one also has a frame around the table, which the finder makes a cell
    framed = sideways.with_name("clockwise_table_1.pdf")
    for path in (sideways, framed):
        grid = _grids(_parse(path.read_bytes()))[0]
        assert "State" in grid[0] and "Nutritional Assessment (No. of individuals)" in grid[0]
        kerala = grid[2]
        start = kerala.index("Kerala")
        assert kerala[start : start + 5] == ["Kerala", "5738", "6633", "8864", "8297"]
    first = _grids(_parse(rotated.read_bytes()))[0]
    assert first[0][:3] == ["Line no", "UPC code", "Location"]

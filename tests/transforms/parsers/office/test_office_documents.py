"""DOCX (unstructured), ODT/RTF/EPUB/RST (pandoc + HTML parser) and XML on made documents."""

from __future__ import annotations

import pytest

from tests.fixtures import office_docs as make
from transforms import mediatypes as mt
from transforms.config import PipelineConfig
from transforms.detect import detect_media_type
from transforms.model import Kind, ParsedDoc, Source
from transforms.parsers import get_parser
from transforms.parsers.office.adapter import split_label


def parse(data: bytes, name: str) -> ParsedDoc:
    media_type = detect_media_type(data, name)
    source = Source(f"file:///{name}", "0" * 64, media_type, data, name)
    return get_parser(media_type).parse(source, PipelineConfig())


def shape(doc: ParsedDoc, kinds=(Kind.TITLE, Kind.HEADING, Kind.LIST_ITEM)):
    return [(e.kind.value, e.text, e.level, e.ordinal) for e in doc.elements if e.kind in kinds]


@pytest.fixture(scope="module")
def docx_doc() -> ParsedDoc:
    return parse(make.make_docx(), "report.docx")


def test_docx_headings_and_lists(docx_doc):
    assert shape(docx_doc) == [
        ("title", "Quarterly Field Report", None, None),
        ("heading", "Introduction", 1, None),
        ("heading", "Methods", 2, None),
        ("list_item", "Collect samples", 0, None),
        ("list_item", "Filter within an hour", 1, None),
        ("list_item", "First numbered step", 0, 1),
        ("list_item", "Second numbered step", 0, 2),
        ("heading", "Results", 1, None),
    ]
    paragraphs = [e.text for e in docx_doc.elements if e.kind is Kind.PARAGRAPH]
    # a short Normal paragraph without a verb stays a paragraph (no title heuristics)
    assert "Results follow the methods" in paragraphs


def test_docx_table_cells_and_spans(docx_doc):
    (table,) = [e.table for e in docx_doc.elements if e.kind is Kind.TABLE]
    assert table.header_rows == 1
    assert [c.text for c in table.rows[0]] == ["Site", "pH", "Nitrate"]
    merged = table.rows[2][1]
    assert merged.col_span == 2 and merged.text == "6.8"


def test_docx_pages_and_metadata(docx_doc):
    pages = {e.text: e.page for e in docx_doc.elements if e.kind is Kind.HEADING}
    assert pages == {"Introduction": 1, "Methods": 1, "Results": 2}
    assert docx_doc.page_count == 2
    assert docx_doc.title == "Quarterly Field Report"
    assert docx_doc.metadata["author"] == "Ada Lovelace"
    assert docx_doc.parser.startswith("unstructured==0.27")


def test_epub_chapters_lists_tables_metadata():
    doc = parse(make.make_epub(), "book.bin")
    assert doc.source.media_type == mt.EPUB
    assert doc.title == "River Book"
    assert doc.metadata["author"] == "Ada Lovelace" and doc.language == "en"
    assert shape(doc) == [
        ("title", "River Book", None, None),
        ("heading", "Chapter One", 1, None),
        ("list_item", "north bank", 0, None),
        ("list_item", "south bank", 0, None),
        ("heading", "Chapter Two", 1, None),
        ("heading", "Aftermath", 2, None),
        ("list_item", "first", 0, 1),
        ("list_item", "second", 0, 2),
    ]
    (table,) = [e.table for e in doc.elements if e.kind is Kind.TABLE]
    assert table.grid() == [["Site", "pH"], ["A", "7.1"]] and table.header_rows == 1


def test_odt_headings_list_table_and_meta_title():
    doc = parse(make.make_odt(), "notes.odt")
    assert doc.title == "Survey Notes"
    headings = [(e.text, e.level) for e in doc.elements if e.kind is Kind.HEADING]
    assert headings == [("Survey", 1), ("Details", 2)]
    assert [e.text for e in doc.elements if e.kind is Kind.LIST_ITEM] == ["alpha", "beta"]
    (table,) = [e.table for e in doc.elements if e.kind is Kind.TABLE]
    assert table.grid() == [["Site", "pH"], ["A", "7.1"]]


def test_rtf_heading_and_paragraphs():
    doc = parse(make.make_rtf(), "letter")
    assert doc.source.media_type == mt.RTF
    kinds = [(e.kind, e.text) for e in doc.elements]
    assert kinds[0] == (Kind.TITLE, "Survey Results")
    assert (Kind.PARAGRAPH, "Nitrate rose downstream.") in kinds


def test_rst_structure():
    doc = parse(make.make_rst(), "guide.rst")
    assert doc.source.media_type == mt.RST
    assert shape(doc) == [
        ("title", "Field Guide", None, None),
        ("heading", "Introduction", 2, None),
        ("list_item", "first bullet", 0, None),
        ("list_item", "second bullet", 0, None),
        ("list_item", "nested bullet", 1, None),
        ("list_item", "step three", 0, 3),
        ("list_item", "step four", 0, 4),
        ("heading", "Methods", 3, None),
    ]
    paragraph = next(e for e in doc.elements if e.kind is Kind.PARAGRAPH)
    assert paragraph.text.endswith("along the river. This line continues the paragraph.")
    code = next(e for e in doc.elements if e.kind is Kind.CODE)
    assert code.text == 'print("hi")' and code.lang == "python"


def test_xml_leaf_texts_in_order():
    doc = parse(make.make_xml(), "catalog.xml")
    assert doc.source.media_type == mt.XML
    assert [e.text for e in doc.elements] == ["River", "Ada Lovelace", "Lake", "Bob Stone"]
    assert all(e.kind is Kind.PARAGRAPH for e in doc.elements)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. First", ("First", 1)),
        ("(12) Twelfth", ("Twelfth", 12)),
        ("b) second", ("second", None)),
        ("• dot", ("dot", None)),
        ("1.5 percent rise", ("1.5 percent rise", None)),
        ("2024 was dry", ("2024 was dry", None)),
    ],
)
def test_split_label(text, expected):
    assert split_label(text) == expected

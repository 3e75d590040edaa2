"""PPTX through python-pptx: slide titles, bullets, numbering, tables with spans, notes."""

from __future__ import annotations

import pytest

from tests.fixtures import office_docs as make
from transforms import mediatypes as mt
from transforms.config import PipelineConfig
from transforms.model import Kind, Source
from transforms.parsers.office import PptxParser
from transforms.parsers.office.slides import NOTES_HEADING


@pytest.fixture(scope="module")
def deck():
    data = make.make_pptx()
    return PptxParser().parse(Source("file:///d.pptx", "0" * 64, mt.PPTX, data), PipelineConfig())


def test_slides_in_order_with_pages(deck):
    headings = [(e.text, e.level, e.page) for e in deck.elements if e.kind is Kind.HEADING]
    assert headings == [
        ("Survey overview", 1, 1),
        (NOTES_HEADING, 2, 1),
        ("Results table", 1, 2),
        ("Slide 3", 1, 3),
    ]
    assert deck.page_count == 3
    assert deck.metadata["slides"] == "3"
    assert deck.title == "Spring Survey"


def test_body_bullets_are_list_items_with_levels(deck):
    items = [
        (e.text, e.level, e.ordinal, e.page) for e in deck.elements if e.kind is Kind.LIST_ITEM
    ]
    assert items == [
        ("Twelve sites", 0, None, 1),
        ("Spring and autumn", 1, None, 1),
        ("Sample", 0, 1, 3),
        ("Filter", 0, 2, 3),
    ]
    # a text box paragraph without a bullet stays a paragraph
    assert any(e.kind is Kind.PARAGRAPH and e.text == "Steps" for e in deck.elements)


def test_speaker_notes_follow_their_slide(deck):
    texts = [e.text for e in deck.elements]
    notes = texts.index(NOTES_HEADING)
    assert texts[notes + 1] == "Mention the flood in April."
    assert texts.index("Results table") > notes


def test_table_keeps_spanning_header(deck):
    (element,) = [e for e in deck.elements if e.kind is Kind.TABLE]
    table = element.table
    assert element.page == 2
    assert table.rows[0][1].text == "Levels" and table.rows[0][1].col_span == 2
    assert table.grid()[2] == ["A", "7.1", "2.3"]

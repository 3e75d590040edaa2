"""Tables of contents: each entry a list item, its dot leader shortened (text, segment)."""

from __future__ import annotations

import pymupdf
import pytest

from tests.fixtures.pdf_pages import parse
from transforms.model import Kind
from transforms.parsers.pdf.text import toc_entry


@pytest.mark.parametrize(
    ("line", "entry"),
    [
        ("Notices . . . . . . . . vii", "Notices … vii"),
        (
            "4.3.3 MCLK Selection Jumper (JP3)............4-6",
            "4.3.3 MCLK Selection Jumper (JP3) … 4-6",
        ),
        ("Exemptions . . . . . . . . 9, 18", "Exemptions … 9, 18"),
        (  # two entries of an index set in columns, on one line
            "Self-employed . . . . . . . 16 Qualified dividends . . . . 19",
            "Self-employed … 16 Qualified dividends … 19",
        ),
        ("3.1.1 Portrait des répondants……………… ....19", "3.1.1 Portrait des répondants … 19"),
    ],
)
def test_contents_entries_keep_their_title_and_pages(line: str, entry: str) -> None:
    assert toc_entry(line) == entry


@pytest.mark.parametrize(
    "line", ["Total . . . . . . 1,234", "The end. . . . .", "See page 12....", "Total 12"]
)
def test_lines_that_are_no_contents_entry(line: str) -> None:
    assert toc_entry(line) is None


def test_a_contents_page_is_a_list_of_entries_not_one_paragraph():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Contents", fontsize=16, fontname="hebo")
    entries = [  # (indent, bold, text): chapters in bold, sections indented under them
        (0, True, "1 Introduction . . . . . . . . . . . . . . . . . . . . . . . . 1"),
        (12, False, "1.1 Purpose of this manual . . . . . . . . . . . . . . . . . 2"),
        (12, False, "1.2 Intended audience . . . . . . . . . . . . . . . . . . . . 3"),
        (0, True, "2 Getting started . . . . . . . . . . . . . . . . . . . . . . . 7"),
    ]
    y = 100.0
    for indent, bold, text in entries:
        page.insert_text((72 + indent, y), text, fontsize=10, fontname="hebo" if bold else "helv")
        y += 13
    page.insert_text((72, y + 30), "Chapter one starts on the next page of this manual.")
    parsed = parse(doc.tobytes())
    items = [e for e in parsed.elements if e.kind is Kind.LIST_ITEM]
    assert [e.text for e in items] == [
        "1 Introduction … 1",
        "1.1 Purpose of this manual … 2",
        "1.2 Intended audience … 3",
        "2 Getting started … 7",
    ]
    assert [e.level for e in items] == [0, 1, 1, 0]
    assert not any(e.kind is Kind.HEADING and "…" in e.text for e in parsed.elements)


def test_entries_set_ragged_are_not_nested():
    """A contents page whose entries start wherever (centred, right-set) shows no levels."""
    doc = pymupdf.open()
    page = doc.new_page()
    y = 100.0
    for i, name in enumerate(["Abomination", "Arcane Horror", "Archdemon", "Ash Wraith",
                              "Bear", "Bronto", "Broodmother", "Corpse"]):  # fmt: skip
        page.insert_text((90 + 5 * i, y), f"{name} . . . . . . . . . . . . {6 + i}", fontsize=10)
        y += 13
    parsed = parse(doc.tobytes())
    items = [e for e in parsed.elements if e.kind is Kind.LIST_ITEM]
    assert len(items) == 8 and {e.level for e in items} == {0}

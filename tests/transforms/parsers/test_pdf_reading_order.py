"""Reading order of PDF pages: side heads beside the text they head."""

from __future__ import annotations

import pymupdf

from tests.fixtures.pdf_pages import BODY, LEADING, parse
from transforms.model import Kind

PROSE = "The program editor keeps every widget you write until you delete it from the list."


def _side_head_page(page: pymupdf.Page, heads: list[list[str]], lines: int = 4) -> None:
    """A manual's page: each section's head in a narrow left column, level with its text."""
    y = 100.0
    for head in heads:
        for i, part in enumerate(head):
            page.insert_text((40, y + i * LEADING), part, fontsize=BODY, fontname="hebo")
        for i in range(lines):
            page.insert_text((170, y + i * LEADING), PROSE[: 60 + i], fontsize=BODY)
        y += lines * LEADING + 24


def test_side_heads_are_read_before_the_text_beside_them():
    pdf = pymupdf.open()
    heads = [["Resuming the", "Current Program"], ["Opening a", "Previous Program"],
             ["Copying a", "Program"]]  # fmt: skip
    page = pdf.new_page()
    page.insert_text((40, 60), "Chapter 17: Programming Widgets", fontsize=18, fontname="hebo")
    _side_head_page(page, heads)
    elements = parse(pdf.tobytes()).elements[1:]  # the title first
    kinds = [e.kind for e in elements]
    assert kinds == [Kind.HEADING, Kind.PARAGRAPH] * 3, [(e.kind, e.text[:30]) for e in elements]
    assert [e.text for e in elements[::2]] == [" ".join(h) for h in heads]


def test_a_narrow_column_of_running_text_is_still_read_first():
    # a sidebar whose paragraphs run longer than a side head is a column of its own
    pdf = pymupdf.open()
    page = pdf.new_page()
    y = 100.0
    for block in range(3):
        for i in range(10):
            text = f"Sidebar {block}.{i} on widgets"
            page.insert_text((40, y + i * LEADING), text, fontsize=BODY)
            page.insert_text((170, y + i * LEADING), f"{PROSE[:60]} {block}.{i}", fontsize=BODY)
        y += 10 * LEADING + 24
    text = " ".join(e.text for e in parse(pdf.tobytes()).elements)
    assert text.index("Sidebar 2.9") < text.index("keeps every widget")

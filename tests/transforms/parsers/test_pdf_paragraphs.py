"""Paragraphs of PDFs rebuilt from lines, whatever blocks MuPDF made of them."""

from __future__ import annotations

import pymupdf

from tests.fixtures.pdf_pages import BODY, parse


def test_double_spaced_lines_each_a_block_of_their_own_join_into_paragraphs():
    # some writers make every line a text block of its own; with wide leading the gap
    # between lines is measured across blocks, not inside them (there is none inside)
    pdf = pymupdf.open()
    page = pdf.new_page()
    first = [
        "The widget committee met on Tuesday to review the budget of",
        "the coming year and the plans for the new assembly line, which",
        "will open in the spring if the permits arrive in time for it.",
    ]
    second = ["Members asked for a second meeting in May to look at the costs",
              "of the assembly line once the suppliers have sent their offers."]  # fmt: skip
    y = 90.0
    for paragraph in (first, second):
        for line in paragraph:
            page.insert_text((72, y), line, fontsize=BODY)
            y += 2.2 * BODY
        y += 1.5 * BODY
    assert len({b[5] for b in page.get_text("blocks")}) == 5  # one MuPDF block per line
    texts = [e.text for e in parse(pdf.tobytes()).elements]
    assert texts == [" ".join(first), " ".join(second)]

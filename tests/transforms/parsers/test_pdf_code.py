"""Listings in a monospaced face become code elements, line by line (pdf/code, segment)."""

from __future__ import annotations

import pymupdf

from tests.fixtures.pdf_pages import parse
from transforms.model import Kind
from transforms.render import render_element

PROSE = [
    "The configuration below creates two cross-connects on one port and",
    "shuts the second one down until it is needed by a service.",
]
LISTING = [
    "config>port-xc# info",
    "    pxc 1 create",
    "        port 1/x1/1/c1/1",
    "    exit",
    "    pxc 2 create",
    "        shutdown",
    "    exit",
]


def _page(lines: list[tuple[str, str]], y: float = 72) -> bytes:
    """One page of (font, text) lines, 12 points apart."""
    doc = pymupdf.open()
    page = doc.new_page()
    for font, text in lines:
        page.insert_text((72, y), text, fontname=font, fontsize=9)
        y += 12
    return doc.tobytes()


def test_a_listing_in_a_monospaced_face_keeps_its_lines_and_indentation():
    lines = [("helv", t) for t in PROSE] + [("cour", t) for t in LISTING]
    lines += [("helv", "After the listing the text goes on as a paragraph of its own.")]
    parsed = parse(_page(lines))
    kinds = [e.kind for e in parsed.elements]
    assert kinds == [Kind.PARAGRAPH, Kind.CODE, Kind.PARAGRAPH]
    code = parsed.elements[1]
    assert code.text == "\n".join(LISTING)
    assert render_element(code).startswith("```\nconfig>port-xc# info\n    pxc 1 create\n")
    assert parsed.elements[0].text == " ".join(PROSE)


def test_monospaced_lines_that_are_not_a_listing_stay_text():
    # one address on its own line; a citation in a typewriter face (long prose lines);
    # a link cut after its scheme
    lines = [("helv", t) for t in PROSE] + [("cour", "jane.doe@example.org")]
    lines += [("helv", "The report was cited as follows in the survey of the field.")]
    lines += [
        ("cour", "Doe, J. and Roe, R. (2002). Digital rights management in information"),
        ("cour", "publishing. In Proceedings of the International Conference on Law and"),
        ("cour", "Technology, Cambridge, MA, USA, pages 12 to 19, the association press."),
    ]
    lines += [("helv", "The data is at https:"), ("cour", "//example.org/a/(b)"), ("cour", "c=1")]
    parsed = parse(_page(lines))
    assert Kind.CODE not in [e.kind for e in parsed.elements]
    assert "jane.doe@example.org" in " ".join(e.text for e in parsed.elements)


def test_a_document_set_in_a_monospaced_face_is_prose():
    """A typewritten page: monospace is its body face, not a sign of code."""
    lines = [("cour", t) for t in [*PROSE, *LISTING]]
    parsed = parse(_page(lines))
    assert Kind.CODE not in [e.kind for e in parsed.elements]


def test_ocr_words_are_not_taken_for_a_monospaced_face():
    """MuPDF sets Tesseract's words in a fixed-pitch "GlyphLessFont": not a code face.

    A scanned page's OCR'd lines all carried the monospaced flag and became code blocks
    (slideshow_mostly_images with OCR on).
    """
    from transforms.parsers.pdf.lines import _line_from_spans

    def span(font: str) -> dict:
        return {"text": "HIGHLIGHTS OF PRESCRIBING", "font": font, "flags": 12,
                "size": 10.0, "bbox": (72, 60, 220, 72)}  # fmt: skip

    assert not _line_from_spans([span("GlyphLessFont")], 1, 0).mono
    assert _line_from_spans([span("Courier")], 1, 0).mono

"""Detection of the office, e-mail and markup formats by content."""

from __future__ import annotations

import pytest

from tests.fixtures import office_docs as make
from transforms import mediatypes as mt
from transforms.detect import detect_media_type


@pytest.mark.parametrize(
    ("maker", "name", "expected"),
    [
        (make.make_docx, "report.bin", mt.DOCX),
        (make.make_pptx, "deck.pdf", mt.PPTX),
        (make.make_epub, "book.zip", mt.EPUB),
        (make.make_odt, "notes", mt.ODT),
        (make.make_rtf, "letter.txt", mt.RTF),
        (make.make_eml, "message", mt.EML),
        (make.make_xml, "catalog", mt.XML),
        (make.make_rst, "guide.rst", mt.RST),
        (make.make_rst, "guide", mt.RST),  # directives and an overlined title
    ],
)
def test_made_documents_are_detected(maker, name, expected):
    assert detect_media_type(maker(), name) == expected


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"<catalog><item>x</item></catalog>", "data", mt.XML),
        (b"<?xml version='1.0'?>\n<!DOCTYPE note>\n<note>x</note>", "n", mt.XML),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>', "a.xml", "image/svg+xml"),
        (b"<div>tag-like notes</div>\n<p>more</p>", "notes.txt", mt.TEXT),
        (b"<doctag><text>x</text></doctag>", "page.txt", mt.TEXT),
        (b"Title\n=====\n\nSome *text*.\n", "notes.md", mt.MARKDOWN),
        (b"Received: from mx\nReturn-Path: <a@b.org>\nSubject: x\n\nbody", "m", mt.EML),
        (b"Name: Ada\nRole: engineer\n\nnotes", "card.txt", mt.TEXT),
    ],
)
def test_text_formats_told_apart(data, name, expected):
    assert detect_media_type(data, name) == expected

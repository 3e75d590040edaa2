"""OCR of text in images on text pages (ocr_images) and of invisible OCR layers (ocr_layers)."""

from __future__ import annotations

import hashlib
import shutil

import numpy as np
import pymupdf
import pytest

from transforms.config import PdfOptions, PipelineConfig
from transforms.model import Kind, ParsedDoc, Source
from transforms.parsers.pdf import PdfParser

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="the tesseract command is not installed"
)

PARAGRAPH = "This report describes the quarterly results of the company in some detail."


def _text_image(words: str) -> bytes:
    """PNG bytes of ``words`` rendered large and black on white."""
    src = pymupdf.open()
    page = src.new_page(width=400, height=100)
    page.insert_text((20, 60), words, fontsize=28)
    return page.get_pixmap(dpi=150).tobytes("png")


def _noise_image() -> bytes:
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, size=(200, 300), dtype=np.uint8)
    pix = pymupdf.Pixmap(pymupdf.csGRAY, 300, 200, pixels.tobytes(), False)
    return pix.tobytes("png")


def _parse(doc: pymupdf.Document, **options) -> ParsedDoc:
    data = doc.tobytes()
    source = Source("file:///t.pdf", hashlib.sha256(data).hexdigest(), "application/pdf", data)
    return PdfParser().parse(source, PipelineConfig(pdf=PdfOptions(**options)))


def _text(doc: ParsedDoc) -> str:
    return " ".join(el.text for el in doc.elements)


def _page_with_image(image: bytes) -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 90), PARAGRAPH, fontsize=10)
    page.insert_image(pymupdf.Rect(72, 200, 472, 300), stream=image)
    return doc


def test_image_text_is_read() -> None:
    parsed = _parse(_page_with_image(_text_image("Harvest Festival Tickets")))
    assert "Harvest Festival" in _text(parsed)
    assert PARAGRAPH in _text(parsed)
    assert parsed.metadata["ocr_image_pages"] == "1"
    # the picture's words, large as they are, are its content: no title or heading
    assert {el.kind for el in parsed.elements} == {Kind.PARAGRAPH}


def test_image_text_off() -> None:
    parsed = _parse(_page_with_image(_text_image("Harvest Festival Tickets")), ocr_images=False)
    assert "Harvest" not in _text(parsed)
    assert "ocr_image_pages" not in parsed.metadata


def test_photograph_adds_nothing() -> None:
    parsed = _parse(_page_with_image(_noise_image()))
    assert _text(parsed) == PARAGRAPH
    assert "ocr_image_pages" not in parsed.metadata


def _scan_with_wrong_layer() -> pymupdf.Document:
    src = pymupdf.open()
    scan = src.new_page(width=300, height=200)
    for i, line in enumerate(("The harvest was fivefold", "in every field this year")):
        scan.insert_text((20, 60 + 30 * i), line, fontsize=18)
    image = scan.get_pixmap(dpi=300).tobytes("png")
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=200)
    page.insert_image(page.rect, stream=image)
    page.insert_text((20, 60), "The harvest was livefold", fontsize=18, render_mode=3)
    page.insert_text((20, 90), "in every field this year", fontsize=18, render_mode=3)
    return doc


def test_invisible_layer_reread_when_on() -> None:
    parsed = _parse(_scan_with_wrong_layer(), ocr_layers=True)
    assert "fivefold" in _text(parsed)
    assert "livefold" not in _text(parsed)
    assert parsed.metadata["ocr_layer_pages"] == "1"


def test_invisible_layer_kept_when_off() -> None:
    parsed = _parse(_scan_with_wrong_layer())
    assert "livefold" in _text(parsed)
    assert "ocr_layer_pages" not in parsed.metadata

"""Scanned pages: detection, and OCR through PyMuPDF's Tesseract bridge when installed.

A page needs OCR when its text layer is (nearly) empty while images cover a good part
of it, or when its text layer is garbled (no Unicode mapping). Tesseract is optional:
without it such pages are reported in the document metadata (``ocr_needed_pages``)
instead of silently yielding nothing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pymupdf

from transforms.parsers.pdf.lines import PageText, page_text

MIN_TEXT_CHARS = 30  # fewer characters than this on an image-covered page: scanned
MIN_IMAGE_COVER = 0.3  # share of the page area covered by images


@cache
def tessdata_dir() -> str | None:
    """Tesseract's language folder, or None when Tesseract is not installed."""
    try:
        found = pymupdf.get_tessdata()
    except (RuntimeError, OSError):
        return None
    return found if found and Path(found).is_dir() else None


def ocr_available(language: str) -> bool:
    """Tell whether Tesseract and its data for ``language`` (``"eng+deu"`` form) exist."""
    folder = tessdata_dir()
    if folder is None:
        return False
    return all((Path(folder) / f"{lang}.traineddata").is_file() for lang in language.split("+"))


def image_cover(page: pymupdf.Page) -> float:
    """Share of the page area covered by images (overlaps counted once per image)."""
    area = abs(page.rect)
    if not area:
        return 0.0
    covered = 0.0
    for info in page.get_image_info():
        rect = pymupdf.Rect(info["bbox"]) & page.rect
        if not rect.is_empty:
            covered += abs(rect)
    return min(covered / area, 1.0)


def looks_scanned(page: pymupdf.Page, text: PageText) -> bool:
    """Tell whether the page has almost no text layer and is mostly covered by images."""
    return text.total_chars < MIN_TEXT_CHARS and image_cover(page) >= MIN_IMAGE_COVER


def ocr_page(
    page: pymupdf.Page,
    number: int,
    language: str,
    dpi: int,
) -> PageText:
    """Read ``page`` again through Tesseract (the whole page is rendered and recognised)."""
    textpage = page.get_textpage_ocr(language=language, dpi=dpi, full=True, tessdata=tessdata_dir())
    return page_text(page, number, textpage=textpage)

"""Scanned pages: detection, and OCR through PyMuPDF's Tesseract bridge when installed.

A page needs OCR when its text layer is (nearly) empty while images cover a good part
of it, or when its text layer is garbled (no Unicode mapping). Tesseract is optional:
without it such pages are reported in the document metadata (``ocr_needed_pages``)
instead of silently yielding nothing.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pymupdf

from transforms.parsers.pdf.lines import PageText, page_text

MIN_TEXT_CHARS = 30  # fewer characters than this on an image-covered page: scanned
MIN_IMAGE_COVER = 0.3  # share of the page area covered by images
MIN_IMAGE_COVER_NO_TEXT = 0.05  # a page with no text at all: one pasted-in image suffices
MIN_WORD_SHARE = 0.5  # OCR output with fewer real words than this is noise (blank scans)
_WORD = re.compile(r"^[^\W\d_]{3,}[.,;:!?'’”)]*$")
_NUMBER = re.compile(r"^[(\[]?[-+$€£]?\d[\d.,:/%-]*[)\]]?[.,;:%]*$")  # 12, 34.5%, (1,199)


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


def ocr_mode(page: pymupdf.Page, text: PageText) -> str | None:
    """``"full"`` when the page is scanned: almost no text layer, mostly covered by images.

    A page with no text layer at all needs less: one image of some size (a table pasted in
    as a picture).

    (Pages whose text sits in photographs are left alone: Tesseract reads photographs as
    noise far more often than as words.)
    """
    if text.total_chars >= MIN_TEXT_CHARS:
        return None
    cover = image_cover(page)
    if cover >= MIN_IMAGE_COVER or (text.total_chars == 0 and cover >= MIN_IMAGE_COVER_NO_TEXT):
        return "full"
    return None


def is_noise(text: PageText) -> bool:
    """Tell whether OCR output is noise: few tokens that look like words (a blank scan).

    Numbers count as words: a scanned table is mostly figures, and a blank scan's specks
    read as marks and stray letters, not as numbers.
    """
    tokens = [tok for ln in text.lines for tok in ln.text.split()]
    if not tokens:
        return True
    words = sum(1 for tok in tokens if _WORD.match(tok) or _NUMBER.match(tok))
    return words < MIN_WORD_SHARE * len(tokens) or words < 2


def ocr_page(
    page: pymupdf.Page,
    number: int,
    language: str,
    dpi: int,
    full: bool = True,
) -> PageText:
    """Read ``page`` through Tesseract: the whole page, or only its images (``full=False``)."""
    textpage = page.get_textpage_ocr(language=language, dpi=dpi, full=full, tessdata=tessdata_dir())
    return page_text(page, number, textpage=textpage)

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

import numpy as np
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


MIN_IMAGE_SHARE = 0.04  # images smaller than this share of the page are not OCR'd
MIN_IMAGE_SIDE = 36.0  # ... nor those narrower or lower than this (points)
MIN_IMAGE_PIXELS = 10_000  # ... nor images of fewer pixels (icons, rules, bullets)
MAX_PAGE_IMAGES = 3  # the largest images of a page that are OCR'd
THUMB_SIDE = 96  # pixels of the longer side of the thumbnail the text check looks at
MIN_BACKGROUND = 0.35  # text sits on a plain background: this share of one grey level...
MIN_EDGES = 0.01  # ... with sharp edges (strokes of letters) between this share ...
MAX_EDGES = 0.35  # ... and this share of the pixels


def text_images(page: pymupdf.Page, text: PageText) -> list[pymupdf.Rect]:
    """Rectangles of images on ``page`` that may hold text no text layer line covers.

    Images of real size (:data:`MIN_IMAGE_SHARE` of the page, :data:`MIN_IMAGE_SIDE` on
    each side, clipped to the page) with no text layer line over them, largest first,
    at most :data:`MAX_PAGE_IMAGES`. Images inside a larger candidate are left out (the
    larger one is rendered with them).

    Pages whose resources hold no image of some pixel size are passed over without
    locating images (which costs as much as extracting the page's text).
    """
    area = abs(page.rect)
    if not area or not any(img[2] * img[3] >= MIN_IMAGE_PIXELS for img in page.get_images()):
        return []
    rects: list[pymupdf.Rect] = []
    for info in page.get_image_info():
        rect = pymupdf.Rect(info["bbox"]) & page.rect
        if rect.is_empty or abs(rect) < MIN_IMAGE_SHARE * area:
            continue
        if rect.width < MIN_IMAGE_SIDE or rect.height < MIN_IMAGE_SIDE:
            continue
        if any(_centre_in(ln, rect) for ln in (*text.lines, *text.other_direction)):
            continue
        rects.append(rect)
    rects.sort(key=lambda r: -abs(r))
    chosen: list[pymupdf.Rect] = []
    for rect in rects:
        if not any(rect in other for other in chosen):
            chosen.append(rect)
    return chosen[:MAX_PAGE_IMAGES]


def _centre_in(line, rect: pymupdf.Rect) -> bool:
    cx, cy = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
    return rect.x0 <= cx <= rect.x1 and rect.y0 <= cy <= rect.y1


def looks_like_text(page: pymupdf.Page, rect: pymupdf.Rect) -> bool:
    """A cheap guess from a small grey thumbnail whether ``rect`` shows text.

    Text is drawn on a plain background: one grey level (give or take a little) holds a
    good share of the pixels, and letter strokes make sharp edges, neither missing
    (a gradient, a plain shape) nor everywhere (a photograph's texture, noise).
    """
    scale = THUMB_SIDE / max(rect.width, rect.height)
    pix = page.get_pixmap(
        matrix=pymupdf.Matrix(scale, scale), clip=rect, colorspace=pymupdf.csGRAY, alpha=False
    )
    if pix.width < 8 or pix.height < 8:
        return False
    grey = np.frombuffer(pix.samples, dtype=np.uint8)
    grey = grey.reshape(pix.height, pix.stride)[:, : pix.width].astype(np.int16)
    counts = np.bincount(grey.ravel(), minlength=256)
    window = np.convolve(counts, np.ones(9, dtype=np.int64), mode="same")
    background = window.max() / grey.size
    edges = (np.abs(np.diff(grey, axis=1)) > 48).mean() + (
        np.abs(np.diff(grey, axis=0)) > 48
    ).mean()
    return background >= MIN_BACKGROUND and MIN_EDGES <= edges / 2 <= MAX_EDGES


def invisible_layer(page: pymupdf.Page) -> bool:
    """Tell whether all text on ``page`` is invisible (render mode 3: an OCR layer)."""
    spans = page.get_texttrace()
    return bool(spans) and all(span["type"] == 3 or span["opacity"] == 0 for span in spans)


def scan_dpi(page: pymupdf.Page, min_cover: float = 0.9) -> int | None:
    """The resolution of the scan covering ``page``, or None when no image covers it.

    An image covering :data:`min_cover` of the page counts; with several (a scan and
    its mask), the finest. The resolution is image pixels per page inch, clamped to
    150..600 dpi and to 40 megapixels for the whole page.
    """
    area = abs(page.rect)
    if not area:
        return None
    best = 0.0
    for info in page.get_image_info():
        rect = pymupdf.Rect(info["bbox"]) & page.rect
        if abs(rect) >= min_cover * area and rect.width > 0:
            best = max(best, info["width"] * 72 / rect.width, info["height"] * 72 / rect.height)
    if not best:
        return None
    dpi = min(max(best, 150.0), 600.0)
    inches = page.rect.width * page.rect.height / 72 / 72
    dpi = min(dpi, (40e6 / inches) ** 0.5)
    return int(dpi)

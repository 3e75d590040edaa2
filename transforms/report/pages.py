"""PDF page images for the report, with the page size in points for drawing boxes."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse


@dataclass(frozen=True)
class PageImage:
    """One rendered page: a data URI and the page's size in PDF points."""

    number: int
    data_uri: str
    width: float
    height: float


def source_path(uri: str) -> Path | None:
    """The local path of a ``file://`` URI, or None."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path))


def render_pages(uri: str, max_pages: int, dpi: int) -> tuple[list[PageImage], str | None]:
    """Render the first ``max_pages`` pages of a PDF; returns images and a note if any."""
    path = source_path(uri)
    if path is None or not path.is_file():
        return [], "the source PDF is no longer at its path; page images are not shown"
    import pymupdf

    images: list[PageImage] = []
    try:
        with pymupdf.open(path) as doc:
            if doc.needs_pass:
                return [], "the PDF is encrypted; page images are not shown"
            for page in doc.pages(0, min(max_pages, doc.page_count)):
                pix = page.get_pixmap(dpi=dpi)
                jpeg = pix.tobytes("jpg", jpg_quality=70)
                uri_ = "data:image/jpeg;base64," + base64.b64encode(jpeg).decode()
                images.append(PageImage(page.number + 1, uri_, page.rect.width, page.rect.height))
            note = None
            if doc.page_count > max_pages:
                note = f"showing the first {max_pages} of {doc.page_count} pages"
    except Exception as exc:  # a report never fails on one unreadable source
        return [], f"page images unavailable: {exc}"
    return images, note

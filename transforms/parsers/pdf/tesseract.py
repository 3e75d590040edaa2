"""Tesseract's command-line program on a rendered part of a page, read back as lines.

PyMuPDF's Tesseract bridge (:func:`ocr.ocr_page`) reads whole pages into a text page;
this module renders any rectangle of a page (an image, or the whole page at the scan's
own resolution), runs ``tesseract stdin stdout ... tsv`` on it and turns the recognised
words into the :class:`~transforms.parsers.pdf.lines.Line` objects the text layer
produces, with boxes in page coordinates, so reading order, segmentation and structure
work on them unchanged.
"""

from __future__ import annotations

import itertools
import statistics
import subprocess
from dataclasses import dataclass

import pymupdf

from transforms.parsers.pdf.lines import Line
from transforms.parsers.pdf.normalize import normalize_text

MIN_CONFIDENCE = 60  # words Tesseract is less sure of (0-100) are dropped
OCR_BLOCK_BASE = 100_000  # block numbers of OCR'd lines, apart from the text layer's
MAX_PIXELS = 8_000_000  # a rendering larger than this is scaled down


class TesseractError(RuntimeError):
    """Tesseract could not be run, failed, or took longer than its timeout."""


@dataclass(frozen=True)
class TesseractCall:
    """How Tesseract is called: the command, its language(s) and a timeout per call."""

    command: str = "tesseract"
    language: str = "eng"
    timeout: float = 30.0
    psm: int = 3  # page segmentation mode: fully automatic


def run_tesseract(image: bytes, call: TesseractCall) -> str:
    """Tesseract's TSV output for ``image`` (PNG bytes); :class:`TesseractError` on failure."""
    args = [call.command, "stdin", "stdout", "-l", call.language, "--psm", str(call.psm), "tsv"]
    # (flows set OMP_THREAD_LIMIT=1 for the process: one Tesseract thread per call)
    try:
        done = subprocess.run(
            args, input=image, capture_output=True, timeout=call.timeout, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise TesseractError(f"{call.command}: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise TesseractError(f"{call.command} exited with {done.returncode}: {message}")
    return done.stdout.decode("utf-8", "replace")


def tsv_lines(
    tsv: str,
    origin: tuple[float, float],
    scale: float,
    page: int,
    block_base: int = 0,
    min_confidence: float = MIN_CONFIDENCE,
) -> list[Line]:
    """Lines from Tesseract's TSV: words grouped by their (block, paragraph, line).

    Pixel boxes are mapped to page coordinates: ``origin`` (the rendered rectangle's top
    left) plus pixels divided by ``scale`` (pixels per point). Words below
    :data:`MIN_CONFIDENCE` and lines without a letter or digit are dropped. A line's
    size is its height in points (a capital's height plus descenders: close to the
    font size); lines within a fifth of the median height get the median, so that body
    text has one size and only clearly larger lines read as headings.
    """
    groups: dict[tuple[int, int, int], list[tuple[str, float, float, float, float]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        try:
            conf = float(cols[10])
            left, top, width, height = (int(v) for v in cols[6:10])
        except ValueError:
            continue
        word = normalize_text(cols[11]).strip()
        if not word or conf < min_confidence:
            continue
        key = (int(cols[2]), int(cols[3]), int(cols[4]))
        x0, y0 = origin[0] + left / scale, origin[1] + top / scale
        groups.setdefault(key, []).append((word, x0, y0, x0 + width / scale, y0 + height / scale))
    lines: list[Line] = []
    for (block, _, _), words in groups.items():
        for found in _slots(words):
            line = _line(found, page, block_base + block)
            if line is not None:
                lines.append(line)
    if lines:
        median = statistics.median(ln.size for ln in lines)
        for line in lines:
            if abs(line.size - median) <= 0.2 * median:
                line.size = median
    return lines


def _slots(words: list[tuple[str, float, float, float, float]]) -> list[list]:
    """A line's words split where a gap wider than three word heights parts them.

    A running header reads as one line to Tesseract ("400   BRITISH HUSBANDRY   XIX."); the
    text layer has its parts apart, and furniture detection knows such slotted rows.
    """
    height = statistics.median(w[4] - w[2] for w in words)
    parts = [[words[0]]]
    for prev, word in itertools.pairwise(words):
        if word[1] - prev[3] > 3 * height:
            parts.append([])
        parts[-1].append(word)
    return parts


def _line(found: list, page: int, block: int) -> Line | None:
    """One line from its words (text, box); None when it holds no letter or digit."""
    text = " ".join(w[0] for w in found)
    if not any(ch.isalnum() for ch in text):
        return None
    x0, y0 = min(w[1] for w in found), min(w[2] for w in found)
    x1, y1 = max(w[3] for w in found), max(w[4] for w in found)
    return Line(
        text=text,
        x0=x0,
        y0=y0,
        x1=x1,
        y1=y1,
        size=round(y1 - y0, 1),
        bold=False,
        mono=False,
        page=page,
        block=OCR_BLOCK_BASE + block,
        chars=len(text),
        ocr=True,
    )


def ocr_rect(
    page: pymupdf.Page,
    number: int,
    rect: pymupdf.Rect,
    dpi: int,
    call: TesseractCall,
    block_base: int = 0,
    min_confidence: float = MIN_CONFIDENCE,
) -> list[Line]:
    """OCR what ``page`` shows inside ``rect`` (rendered grey at ``dpi``) into lines.

    The rendering is scaled down to :data:`MAX_PIXELS` when larger. Raises
    :class:`TesseractError` when Tesseract fails.
    """
    scale = dpi / 72
    pixels = rect.width * rect.height * scale * scale
    if pixels > MAX_PIXELS:
        scale *= (MAX_PIXELS / pixels) ** 0.5
    pix = page.get_pixmap(
        matrix=pymupdf.Matrix(scale, scale), clip=rect, colorspace=pymupdf.csGRAY, alpha=False
    )
    tsv = run_tesseract(pix.tobytes("png"), call)
    # the pixmap starts at the clip's rounded pixel corner, not exactly at rect.x0
    origin = (pix.x / scale, pix.y / scale)
    return tsv_lines(tsv, origin, scale, number, block_base, min_confidence)

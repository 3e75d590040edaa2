"""Refusing PDFs whose compressed streams inflate far beyond the file's size.

MuPDF inflates a page's content stream while it reads the page, without a bound: a 1 MB
file whose FlateDecode stream inflates to 1 GB of blanks took 16 s per text pass, and a
stream compressed twice (``[/FlateDecode /FlateDecode]``) reaches gigabytes from a few
kilobytes. Before any page is read, :func:`check_inflated_size` inflates every
Flate-compressed stream that text extraction decodes (content streams, forms, fonts,
object metadata; not images, which are only decoded to render a page for OCR and are
bounded by their declared dimensions) through their filter chains, in 1 MB steps, and
refuses the document once the total passes ``ratio`` times the file's size (never less
than :data:`INFLATE_FLOOR`). Counting stops at that budget, so a bomb costs at most the
time to inflate the budget (~0.2 s for the floor). Finding the streams costs ~1.5 us an
object, inflating them ~6 ms a file on the corpora PDFs.

Leading ``/ASCIIHexDecode`` and ``/ASCII85Decode`` stages are decoded too; counting stops
at the first other filter (LZW, run-length, ...), whose output is left to the
per-document time and memory limits.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Iterator

import pymupdf
from pymupdf import mupdf

from transforms.errors import LimitExceededError
from transforms.parsers.inflate import inflate

INFLATE_FLOOR = 32 * 1024 * 1024  # below this many inflated bytes no PDF is a bomb
_FLATE = frozenset(("FlateDecode", "Fl"))
_TEXT_DECODERS = frozenset(("ASCIIHexDecode", "AHx", "ASCII85Decode", "A85"))


def _pdf(doc: pymupdf.Document) -> mupdf.PdfDocument:
    return mupdf.pdf_document_from_fz_document(doc.this)


def filter_chain(obj: mupdf.PdfObj) -> list[str]:
    """The names in a stream dictionary's ``/Filter`` (a name or an array), in order."""
    value = mupdf.pdf_dict_gets(obj, "Filter")
    if mupdf.pdf_is_name(value):
        return [mupdf.pdf_to_name(value)]
    return [
        mupdf.pdf_to_name(mupdf.pdf_array_get(value, i)) for i in range(mupdf.pdf_array_len(value))
    ]


def compressed_streams(doc: pymupdf.Document) -> Iterator[tuple[int, list[str]]]:
    """(xref, filters) of every Flate-compressed stream that is not an image.

    Uses MuPDF's low-level calls: ~1.5 us an object, where the high-level ones took 15 us
    (a table-heavy 87 KB file holds 25,000 objects).
    """
    pdf = _pdf(doc)
    raw = pdf.m_internal
    is_stream = mupdf.ll_pdf_obj_num_is_stream
    for xref in range(1, mupdf.ll_pdf_xref_len(raw)):
        if not is_stream(raw, xref):
            continue
        try:
            obj = mupdf.pdf_load_object(pdf, xref)
            filters = filter_chain(obj)
            image = mupdf.pdf_to_name(mupdf.pdf_dict_gets(obj, "Subtype")) == "Image"
        except (RuntimeError, mupdf.FzErrorBase):  # a broken object: MuPDF skips it too
            continue
        if _FLATE.intersection(filters) and not image:
            yield xref, filters


def _text_decode(raw: bytes, name: str) -> bytes | None:
    try:
        if name in ("ASCIIHexDecode", "AHx"):
            digits = bytes(c for c in raw.split(b">", 1)[0] if not chr(c).isspace())
            return binascii.unhexlify(digits + b"0" * (len(digits) % 2))
        body = raw.strip()
        body = body[2:] if body.startswith(b"<~") else body
        return base64.a85decode(body.split(b"~>", 1)[0], ignorechars=b" \t\r\n\f\0")
    except ValueError:
        return None


def inflated_size(raw: bytes, filters: list[str], limit: int) -> int:
    """Bytes ``raw`` decodes to through its leading text and Flate stages (at most ~limit)."""
    data: bytes | None = raw
    stages = list(filters)
    while stages and stages[0] in _TEXT_DECODERS:
        data = _text_decode(data, stages.pop(0))
        if data is None:
            return 0
    flates = 0
    while stages and stages[0] in _FLATE:
        stages.pop(0)
        flates += 1
    if not flates:
        return len(data)
    chunks: Iterable[bytes] = (data,)
    for _ in range(flates):
        chunks = inflate(chunks)
    total = 0
    for out in chunks:
        total += len(out)
        if total > limit:
            break
    return total


def check_inflated_size(doc: pymupdf.Document, file_size: int, ratio: int) -> None:
    """Raise :class:`LimitExceededError` when the decoded streams pass the budget."""
    budget = max(ratio * file_size, INFLATE_FLOOR)
    total = 0
    for xref, filters in compressed_streams(doc):
        try:
            raw = doc.xref_stream_raw(xref)
        except (RuntimeError, ValueError, mupdf.FzErrorBase):
            continue
        total += inflated_size(raw, filters, budget - total)
        if total > budget:
            raise LimitExceededError(
                f"the PDF's compressed streams inflate to over {budget} bytes (over {ratio}x "
                f"its {file_size} bytes): refused as a possible decompression bomb"
            )

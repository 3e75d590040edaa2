"""Shared helpers of the PDF benchmarks: parse a file and render it to Markdown text.

The text is what docmill stores in ``DocumentRecord.text``: parse -> clean -> render.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from transforms.clean import clean_document
from transforms.config import PdfOptions, PipelineConfig
from transforms.model import ParsedDoc, Source
from transforms.parsers.pdf import PdfParser
from transforms.render import render_document

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO / ".." / "shared" / "corpora"
PDF_MEDIA_TYPE = "application/pdf"


def config_for(passwords: tuple[str, ...] = (), tables: bool = True, ocr: str = "auto"):
    """A pipeline configuration for the benchmarks."""
    return PipelineConfig(pdf=PdfOptions(tables=tables, ocr=ocr, passwords=passwords))


def parse_pdf(path: Path, config: PipelineConfig | None = None) -> ParsedDoc:
    """Parse one PDF file with docmill's parser."""
    data = Path(path).read_bytes()
    source = Source(
        Path(path).resolve().as_uri(),
        hashlib.sha256(data).hexdigest(),
        PDF_MEDIA_TYPE,
        data,
        Path(path).name,
    )
    return PdfParser().parse(source, config or config_for())


def to_markdown(doc: ParsedDoc) -> str:
    """The document text docmill would store for ``doc``."""
    return render_document(clean_document(doc)).text


def pdf_to_markdown(path: Path, config: PipelineConfig | None = None) -> str:
    """Parse and render one PDF."""
    return to_markdown(parse_pdf(path, config))

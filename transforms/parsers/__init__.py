"""Parser registry: media type -> parser, imported lazily (PyMuPDF's import is slow)."""

from __future__ import annotations

import importlib
from functools import cache

from transforms import mediatypes as mt
from transforms.errors import UnsupportedFormatError
from transforms.parsers.base import Parser

# media type -> "module:Class"; a class is instantiated once per process.
REGISTRY: dict[str, str] = {
    mt.PDF: "transforms.parsers.pdf:PdfParser",
    mt.HTML: "transforms.parsers.html:HtmlParser",
    mt.CSV: "transforms.parsers.tabular:DelimitedParser",
    mt.TSV: "transforms.parsers.tabular:DelimitedParser",
    mt.XLSX: "transforms.parsers.tabular:WorkbookParser",
    mt.XLSM: "transforms.parsers.tabular:WorkbookParser",
    mt.XLS: "transforms.parsers.tabular:WorkbookParser",
    mt.ODS: "transforms.parsers.tabular:WorkbookParser",
    mt.PARQUET: "transforms.parsers.tabular:ParquetParser",
    mt.JSONL: "transforms.parsers.tabular:JsonLinesParser",
    mt.MARKDOWN: "transforms.parsers.text:MarkdownParser",
    mt.TEXT: "transforms.parsers.text:PlainTextParser",
    mt.DOCX: "transforms.parsers.office:DocxParser",
    mt.PPTX: "transforms.parsers.office:PptxParser",
    mt.ODT: "transforms.parsers.office:PandocParser",
    mt.RTF: "transforms.parsers.office:PandocParser",
    mt.EPUB: "transforms.parsers.office:PandocParser",
    mt.RST: "transforms.parsers.office:PandocParser",
    mt.EML: "transforms.parsers.office:EmlParser",
    mt.MSG: "transforms.parsers.office:MsgParser",
    mt.XML: "transforms.parsers.office:XmlParser",
}


@cache
def get_parser(media_type: str) -> Parser:
    """The parser for ``media_type``; raises :class:`UnsupportedFormatError` if there is none."""
    target = REGISTRY.get(media_type)
    if target is None:
        raise UnsupportedFormatError(f"no parser for media type {media_type}")
    module_name, class_name = target.split(":")
    return getattr(importlib.import_module(module_name), class_name)()

"""PDF parsing on PyMuPDF: text, structure, tables, furniture removal."""

from transforms.parsers.pdf.parser import PdfParser

__all__ = ["PdfParser"]

"""PDF parsing on PyMuPDF: text, structure, tables, furniture removal.

PyMuPDF 2 imports its layout model (``pymupdf.layout``, onnxruntime) whenever it is
imported, which costs about 2 s per process. docmill never uses that model (tables are
found with ``use_layout=False``), so unless PyMuPDF was already imported the layout
package is marked unavailable before the import; PyMuPDF then works without it.
"""

import sys

if "pymupdf" not in sys.modules:
    sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[assignment]

import pymupdf

pymupdf.no_recommend_layout()  # no advice printed about the package we chose not to load

from transforms.parsers.pdf.parser import PdfParser  # noqa: E402

__all__ = ["PdfParser"]

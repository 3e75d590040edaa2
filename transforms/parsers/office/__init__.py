"""Office documents, e-books, e-mail and markup: DOCX, PPTX, ODT, RTF, EPUB, EML, MSG, RST, XML.

Importing this package is cheap: ``unstructured`` (seconds to import) is loaded by the
first DOCX or XML document, pandoc is a subprocess, python-pptx and python-oxmsg are
imported inside their parsers. See each module for what reads what, and why.
"""

from transforms.parsers.office.documents import DocxParser, PandocParser, XmlParser
from transforms.parsers.office.mail import EmlParser, MsgParser
from transforms.parsers.office.slides import PptxParser

__all__ = ["DocxParser", "EmlParser", "MsgParser", "PandocParser", "PptxParser", "XmlParser"]

"""Text cleaners: tiny ``str -> str`` functions, and the element-level cleaning stage.

Cleaning runs on elements before rendering, so the document text and every offset into it
are computed from the cleaned text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from transforms.model import Element, Kind, ParsedDoc, Table
from transforms.tables import map_cell_text

# Latin typographic ligatures, spelled out (the PDF parser expands them too)
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}  # fmt: skip
_LIGATURES = str.maketrans(LIGATURES)
_SPACES = str.maketrans(
    {
        c: " "
        for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
        "\u2009\u200a\u202f\u205f\u3000"
    }
)
# Zero-width and formatting characters that only disturb tokenisation and matching.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_RUNS_OF_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_unicode(text: str) -> str:
    """NFC-normalise, expand typographic ligatures and unify exotic spaces."""
    return unicodedata.normalize("NFC", text.translate(_LIGATURES).translate(_SPACES))


def strip_invisible(text: str) -> str:
    """Remove soft hyphens, zero-width characters and byte-order marks."""
    return _INVISIBLE.sub("", text)


def strip_control_chars(text: str) -> str:
    """Remove control characters and lone surrogates, keeping tabs and newlines."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def collapse_whitespace(text: str) -> str:
    """Collapse runs of spaces, trim line ends, at most one blank line in a row."""
    lines = [_RUNS_OF_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_text(text: str) -> str:
    """The default cleaning chain for prose."""
    if text.isascii():  # no ligature, exotic space, invisible or composable character
        if text.isprintable() and "  " not in text and text == text.strip():
            return text  # one line, nothing to collapse or trim
        return collapse_whitespace(strip_control_chars(text))
    return collapse_whitespace(strip_control_chars(strip_invisible(normalize_unicode(text))))


def clean_code(text: str) -> str:
    """Cleaning for code: keep indentation, drop control characters and trailing spaces."""
    text = strip_control_chars(strip_invisible(text.translate(_SPACES)))
    return "\n".join(ln.rstrip() for ln in text.split("\n")).strip("\n")


def clean_cell(text: str) -> str:
    """Clean a table cell: one line, prose cleaning (fast path for plain ASCII cells)."""
    if text.isascii() and text.isprintable() and "  " not in text and text == text.strip():
        return text
    return " ".join(clean_text(text).split())


def _clean_table(table: Table) -> Table:
    # map_cell_text keeps lazily decoded rows lazy (a million-row CSV is never held)
    table = map_cell_text(table, clean_cell)
    return replace(table, name=clean_text(table.name) if table.name else table.name)


def clean_element(element: Element) -> Element | None:
    """Clean one element; ``None`` when nothing is left of it."""
    if element.kind is Kind.TABLE and element.table is not None:
        table = _clean_table(element.table)
        if not any(c.text for row in table.rows for c in row):
            return None
        return replace(element, table=table, text=clean_text(element.text))
    if element.kind is Kind.PAGE_BREAK:
        return element
    text = clean_code(element.text) if element.kind is Kind.CODE else clean_text(element.text)
    if element.kind in (Kind.HEADING, Kind.TITLE, Kind.LIST_ITEM, Kind.CAPTION):
        text = " ".join(text.split())  # single-line kinds
    if not text:
        return None
    return replace(element, text=text)


def clean_document(doc: ParsedDoc) -> ParsedDoc:
    """The cleaning stage: clean every element and the document-level strings."""
    elements = tuple(e for e in map(clean_element, doc.elements) if e is not None)
    title = " ".join(clean_text(doc.title).split()) if doc.title else None
    metadata = {k: clean_text(v) for k, v in doc.metadata.items() if v is not None}
    return replace(doc, elements=elements, title=title or None, metadata=metadata)

"""Map ``unstructured`` elements onto docmill's own :class:`~transforms.model.Element`.

| unstructured                              | docmill                                     |
|-------------------------------------------|---------------------------------------------|
| Title, style "Title"                      | TITLE                                       |
| Title with a heading style / HTML heading | HEADING, ``level = category_depth + 1``     |
| Title guessed from text alone             | PARAGRAPH (a heuristic, not the structure)  |
| NarrativeText, Text, Address, ...         | PARAGRAPH                                   |
| ListItem                                  | LIST_ITEM: label stripped into ``ordinal``  |
| Table (``metadata.text_as_html``)         | TABLE: cells with spans (shared model)      |
| CodeSnippet / Formula / FigureCaption     | CODE / FORMULA / CAPTION                    |
| Header, Footer, PageNumber, PageBreak,    | dropped (page furniture; pages come from    |
| Image                                     | ``metadata.page_number``)                   |

``page`` is ``metadata.page_number`` (DOCX: only where Word recorded rendered page
breaks, so ``None`` otherwise rather than a guess).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from transforms.model import Element, Kind, Table
from transforms.tables import parse_html_table

# Word's built-in heading styles (any language would use these ids) and common aliases.
_HEADING_STYLE = re.compile(r"^(heading|titre|überschrift|título|titolo)\s*(\d)$", re.I)
_TITLE_STYLES = frozenset({"title", "titel", "titre"})
_LABEL = re.compile(
    r"^\s*(?:(?P<num>\d{1,4})[.)]|\((?P<pnum>\d{1,4})\)|[a-zA-Z][.)]|[ivxlcdmIVXLCDM]{1,6}[.)]"
    r"|[•◦▪▫■□●○‣⁃∙·*\-–—])\s+"
)
_DROPPED = frozenset({"Header", "Footer", "PageNumber", "PageBreak", "Image", "Picture"})
_PARAGRAPHS = frozenset(
    {"NarrativeText", "Text", "UncategorizedText", "Address", "EmailAddress", "Form"}
)
_SIMPLE = {"CodeSnippet": Kind.CODE, "Formula": Kind.FORMULA, "FigureCaption": Kind.CAPTION}


@dataclass(frozen=True)
class Mapping:
    """How one source format's elements are read.

    ``style_headings``: Titles are headings only when their ``style_name`` is a heading
    style (DOCX gives every element ``category_depth`` 0). ``list_base``: the
    ``category_depth`` of a top-level list item (0 for DOCX, 1 for HTML-derived input).
    """

    style_headings: bool = True
    list_base: int = 0


def split_label(text: str) -> tuple[str, int | None]:
    """Strip a list label ("3.", "(2)", "b)", "•") from ``text``; return the number if any."""
    match = _LABEL.match(text)
    if not match or match.end() >= len(text):
        return text, None
    number = match.group("num") or match.group("pnum")
    return text[match.end() :], int(number) if number else None


def _heading_level(element, mapping: Mapping) -> int | None:
    """The heading level of a Title, or None when it is only a guess from its text."""
    meta = element.metadata
    depth = getattr(meta, "category_depth", None)
    if mapping.style_headings:
        style = (getattr(meta, "style_name", None) or "").strip()
        match = _HEADING_STYLE.match(style)
        if match:
            return max(1, int(match.group(2)))
        if style.lower() in _TITLE_STYLES:
            return 0
        return None
    return None if depth is None else depth + 1


def _table(element) -> Table | None:
    html = getattr(element.metadata, "text_as_html", None)
    if not html:
        return None
    table = parse_html_table(html)
    if not table.rows:
        return None
    if table.header_rows == 0 and len(table.rows) > 1:
        # Word and ODF rarely mark header rows; the first row names the columns.
        table = Table(rows=table.rows, header_rows=1)
    return table


def to_elements(items: Iterable, mapping: Mapping) -> list[Element]:
    """Convert unstructured elements (in reading order) to docmill elements."""
    out: list[Element] = []
    for item in items:
        category = getattr(item, "category", type(item).__name__)
        text = (item.text or "").strip()
        page = getattr(item.metadata, "page_number", None)
        if category in _DROPPED:
            continue
        if category == "Table":
            table = _table(item)
            if table is not None:
                out.append(Element(Kind.TABLE, page=page, table=table))
            elif text:
                out.append(Element(Kind.PARAGRAPH, text, page=page))
            continue
        if not text:
            continue
        if category == "Title":
            level = _heading_level(item, mapping)
            if level == 0:
                out.append(Element(Kind.TITLE, text, page=page))
            elif level is not None:
                out.append(Element(Kind.HEADING, text, level=min(level, 6), page=page))
            else:
                out.append(Element(Kind.PARAGRAPH, text, page=page))
        elif category == "ListItem":
            depth = getattr(item.metadata, "category_depth", None) or mapping.list_base
            body, ordinal = split_label(text)
            level = max(0, depth - mapping.list_base)
            out.append(Element(Kind.LIST_ITEM, body, level=level, page=page, ordinal=ordinal))
        elif category in _SIMPLE:
            out.append(Element(_SIMPLE[category], text, page=page))
        elif category in _PARAGRAPHS:
            out.append(Element(Kind.PARAGRAPH, text, page=page))
        else:  # an element type added in a later unstructured: keep its text
            out.append(Element(Kind.PARAGRAPH, text, page=page))
    return out

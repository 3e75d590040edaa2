"""Render elements into the document text (Markdown), remembering each element's span.

The document text is what ``DocumentRecord.text`` holds and what every chunk's
``char_start``/``char_end`` point into.
"""

from __future__ import annotations

from transforms.model import Element, Kind, ParsedDoc, RenderedDoc, RowSpans, Span
from transforms.tables import render_table


def render_element(element: Element, table_format: str = "markdown") -> str:
    """The Markdown for one element (tables: see :func:`transforms.tables.render_table`)."""
    kind = element.kind
    if kind is Kind.HEADING:
        return "#" * min(max(element.level or 1, 1), 6) + " " + element.text
    if kind is Kind.TITLE:
        return "# " + element.text
    if kind is Kind.LIST_ITEM:
        marker = f"{element.ordinal}." if element.ordinal is not None else "-"
        return "  " * max(element.level or 0, 0) + f"{marker} {element.text}"
    if kind is Kind.CODE:
        fence = "````" if "```" in element.text else "```"
        return f"{fence}{element.lang or ''}\n{element.text}\n{fence}"
    if kind is Kind.QUOTE:
        return "\n".join("> " + line if line else ">" for line in element.text.split("\n"))
    if kind is Kind.TABLE and element.table is not None:
        return render_table(element.table, table_format).text
    if kind is Kind.PAGE_BREAK:
        return ""
    return element.text


def _separator(prev: Element | None, cur: Element) -> str:
    if prev is None:
        return ""
    if prev.kind is Kind.LIST_ITEM and cur.kind is Kind.LIST_ITEM:
        return "\n"
    return "\n\n"


def render_document(doc: ParsedDoc, table_format: str = "markdown") -> RenderedDoc:
    """Join the rendered elements with blank lines (list items with single newlines)."""
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    prev: Element | None = None
    for element in doc.elements:
        if element.kind is Kind.PAGE_BREAK:
            spans.append(Span(pos, pos))
            continue
        sep = _separator(prev, element)
        pos += len(sep)
        if element.kind is Kind.TABLE and element.table is not None:
            rendered = render_table(element.table, table_format)
            text = rendered.text
            rows = RowSpans(rendered.rows, offset=pos)
            header_end = pos + rendered.header_end if rendered.header_end else None
            span = Span(pos, pos + len(text), rows, header_end)
        else:
            text = render_element(element, table_format)
            span = Span(pos, pos + len(text))
        parts.append(sep + text)
        spans.append(span)
        pos += len(text)
        prev = element
    return RenderedDoc(parsed=doc, text="".join(parts), spans=tuple(spans))

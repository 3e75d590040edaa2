"""Walk the chosen regions of an HTML tree and emit docmill elements in document order.

Inline content accumulates in a buffer that block-level tags flush as a paragraph; headings,
lists (with nesting level and ordinals), description lists, data tables, preformatted code,
block quotes and captions have their own handlers. ``<br>`` keeps a line break inside a
paragraph and two in a row start a new paragraph. The walk is bounded in depth (lxml itself
caps nesting at 255): content below the bound is kept as flat text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from transforms.model import Element, Kind
from transforms.parsers.html.content import BLOCK_TAGS
from transforms.parsers.html.tables import build_table, is_data_table

_BR = "\x1e"  # stands for <br> in the inline buffer until the paragraph is built
_MAX_DEPTH = 160
_LANG_CLASS = re.compile(
    r"(?:^|\s)(?:language|lang|highlight-source|highlight|brush:?|sourceCode)-?\s*([A-Za-z0-9+#_.-]+)"
)
_NOT_LANGS = frozenset(
    {
        "none",
        "text",
        "plain",
        "plaintext",
        "nohighlight",
        "default",
        "source",
        "code",
        "js-code",
        "notranslate",
        "txt",
    }
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _parse_int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def code_language(pre: etree._Element) -> str | None:
    """Return the language a code block declares in its classes (``language-python``, ...)."""
    candidates = [pre, *pre.iterchildren("code")]
    parent = pre.getparent()
    for _ in range(2):
        if parent is None:
            break
        candidates.append(parent)
        parent = parent.getparent()
    for el in candidates:
        explicit = el.get("data-lang") or el.get("data-language") or el.get("lang")
        if explicit and el.tag in ("pre", "code") and explicit.lower() not in _NOT_LANGS:
            return explicit.lower()
        match = _LANG_CLASS.search(el.get("class") or "")
        if match and match.group(1).lower() not in _NOT_LANGS:
            return match.group(1).lower().rstrip(";")
    return None


def raw_text(el: etree._Element) -> str:
    """Return an element's text with whitespace kept and ``<br>`` as newlines (for code)."""
    parts: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(el, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        if node.tag == "br":
            parts.append("\n")
        elif isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return "".join(parts)


class ElementExtractor:
    """Collects elements from lxml subtrees; one instance per document (or sub-block)."""

    def __init__(self, list_level: int = -1) -> None:
        self.elements: list[Element] = []
        self._buf: list[str] = []
        self._list_level = list_level

    # -- inline buffer ---------------------------------------------------------------
    def _flush(self) -> None:
        if not self._buf:
            return
        raw = "".join(self._buf)
        self._buf = []
        lines = [_collapse(part) for part in raw.split(_BR)]
        paragraph: list[str] = []
        for line in [*lines, ""]:
            if line:
                paragraph.append(line)
            elif paragraph and (not line):
                # an empty line (two <br> in a row, or the end) closes the paragraph
                self.elements.append(Element(Kind.PARAGRAPH, "\n".join(paragraph)))
                paragraph = []

    def _children(self, el: etree._Element, depth: int) -> None:
        if el.text:
            self._buf.append(el.text)
        for child in el:
            self._node(child, depth + 1)
            if child.tail:
                self._buf.append(child.tail)

    def _node(self, el: etree._Element, depth: int) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            return
        if depth > _MAX_DEPTH:
            self._buf.append(" " + " ".join(el.itertext()) + " ")
            return
        handler = _HANDLERS.get(tag)
        if handler is not None:
            self._flush()
            handler(self, el, depth)
            self._flush()
        elif tag == "br":
            self._buf.append(_BR)
        elif tag in BLOCK_TAGS:
            self._flush()
            self._children(el, depth)
            self._flush()
        else:
            self._children(el, depth)

    def extract(self, regions: Iterable[etree._Element]) -> list[Element]:
        """Elements of the given regions, in order."""
        for region in regions:
            self._flush()
            self._node(region, 0)
        self._flush()
        return self.elements

    # -- helpers ---------------------------------------------------------------------
    def _sub(self, el: etree._Element, depth: int, list_level: int | None = None) -> list[Element]:
        sub = ElementExtractor(self._list_level if list_level is None else list_level)
        sub._children(el, depth)
        sub._flush()
        return sub.elements

    def flat_text(self, el: etree._Element, depth: int = 0) -> str:
        """All text of ``el`` as one line (for headings and table cells)."""
        texts = []
        for element in self._sub(el, depth):
            if element.table is not None:
                texts.extend(" ".join(r) for r in element.table.grid())
            else:
                texts.append(element.text)
        return _collapse(" ".join(texts))

    # -- handlers --------------------------------------------------------------------
    def _heading(self, el: etree._Element, depth: int) -> None:
        text = self.flat_text(el, depth)
        if text:
            self.elements.append(Element(Kind.HEADING, text, level=_HEADINGS[el.tag]))

    def _pre(self, el: etree._Element, depth: int) -> None:
        text = raw_text(el).strip("\n").rstrip()
        if text.strip():
            self.elements.append(Element(Kind.CODE, text, lang=code_language(el)))

    def _quote(self, el: etree._Element, depth: int) -> None:
        parts = []
        for element in self._sub(el, depth):
            if element.table is not None:
                self.elements.append(element)
            elif element.text:
                parts.append(element.text)
        if parts:
            self.elements.append(Element(Kind.QUOTE, "\n\n".join(parts)))

    def _caption(self, el: etree._Element, depth: int) -> None:
        text = self.flat_text(el, depth)
        if text:
            self.elements.append(Element(Kind.CAPTION, text))

    def _table(self, el: etree._Element, depth: int) -> None:
        if not is_data_table(el):
            self._children(el, depth)
            return
        caption = el.find("caption")
        name = self.flat_text(caption, depth) if caption is not None else ""
        if name:
            self.elements.append(Element(Kind.CAPTION, name))
        table = build_table(el, lambda cell: self.flat_text(cell, depth + 1))
        if any(c.text for row in table.rows for c in row):
            if name:
                table = type(table)(rows=table.rows, header_rows=table.header_rows, name=name)
            self.elements.append(Element(Kind.TABLE, "", table=table))

    def _item(self, el: etree._Element, depth: int, level: int, ordinal: int | None) -> None:
        inner = self._sub(el, depth, list_level=level)
        lead: list[str] = []
        rest = list(inner)
        while rest and rest[0].kind is Kind.PARAGRAPH:
            lead.append(rest.pop(0).text.replace("\n", " "))
        text = _collapse(" ".join(lead))
        if text:
            self.elements.append(Element(Kind.LIST_ITEM, text, level=level, ordinal=ordinal))
        self.elements.extend(rest)

    def _list(self, el: etree._Element, depth: int) -> None:
        level = self._list_level + 1
        ordered = el.tag == "ol"
        reverse = ordered and el.get("reversed") is not None
        items = [c for c in el if c.tag == "li"]
        start = _parse_int(el.get("start"))
        if start is None:
            start = len(items) if reverse else 1
        number = start
        saved = self._list_level
        self._list_level = level
        try:
            if el.text and el.text.strip():
                self._buf.append(el.text)
            for child in el:
                if child.tag == "li":
                    value = _parse_int(child.get("value"))
                    if value is not None:
                        number = value
                    self._flush()
                    self._item(child, depth + 1, level, number if ordered else None)
                    number += -1 if reverse else 1
                else:
                    self._node(child, depth + 1)
                if child.tail and child.tail.strip():
                    self._buf.append(child.tail)
            self._flush()
        finally:
            self._list_level = saved

    def _loose_item(self, el: etree._Element, depth: int) -> None:
        self._item(el, depth, max(self._list_level, 0), None)

    def _definitions(self, el: etree._Element, depth: int) -> None:
        level = self._list_level + 1
        saved = self._list_level
        self._list_level = level
        try:
            for child in el:
                if child.tag == "dt":
                    self._flush()
                    self._item(child, depth + 1, level, None)
                elif child.tag == "dd":
                    self._flush()
                    self._item(child, depth + 1, level + 1, None)
                else:
                    self._node(child, depth + 1)
            self._flush()
        finally:
            self._list_level = saved


_HANDLERS = {
    **dict.fromkeys(_HEADINGS, ElementExtractor._heading),
    "pre": ElementExtractor._pre,
    "blockquote": ElementExtractor._quote,
    "figcaption": ElementExtractor._caption,
    "table": ElementExtractor._table,
    "ul": ElementExtractor._list,
    "ol": ElementExtractor._list,
    "menu": ElementExtractor._list,
    "dir": ElementExtractor._list,
    "li": ElementExtractor._loose_item,
    "dl": ElementExtractor._definitions,
}


def extract_elements(regions: Iterable[etree._Element]) -> list[Element]:
    """Elements of ``regions`` in document order."""
    return ElementExtractor().extract(regions)

"""Markdown (through markdown-it-py's token stream) and plain-text parsers."""

from __future__ import annotations

import re
from importlib.metadata import version

from markdown_it import MarkdownIt

from transforms.config import PipelineConfig
from transforms.detect import decode_text
from transforms.errors import DocumentError
from transforms.model import Element, Kind, ParsedDoc, Source, Table

_MD_VERSION = f"markdown-it-py=={version('markdown-it-py')}"


def read_text(source: Source) -> str:
    """Decode a text source; raise :class:`DocumentError` when it is not text."""
    text = decode_text(source.data)
    if text is None:
        raise DocumentError("not decodable as text", reason="encoding")
    return text


def _inline_text(token) -> str:
    """Plain text of an inline token, keeping code spans and link texts."""
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out) if token.children else token.content


class MarkdownParser:
    """CommonMark + tables into headings, paragraphs, list items, code, quotes and tables."""

    def __init__(self) -> None:
        self._md = MarkdownIt("commonmark").enable("table")

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Parse Markdown source into elements."""
        text = read_text(source)
        tokens = self._md.parse(text)
        elements: list[Element] = []
        list_stack: list[list[int | None]] = []  # per open list: [next ordinal or None]
        quote_depth = 0
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if kind == "heading_open":
                level = int(tok.tag[1])
                elements.append(Element(Kind.HEADING, _inline_text(tokens[i + 1]), level=level))
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                start = tok.attrGet("start")
                list_stack.append([int(start) if start else 1] if kind[0] == "o" else [None])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                list_stack.pop()
            elif kind == "blockquote_open":
                quote_depth += 1
            elif kind == "blockquote_close":
                quote_depth -= 1
            elif kind in ("fence", "code_block"):
                lang = next(iter((tok.info or "").split()), None)  # "``` " has no language
                elements.append(Element(Kind.CODE, tok.content.rstrip("\n"), lang=lang))
            elif kind == "table_open":
                i, table = _read_table(tokens, i)
                elements.append(Element(Kind.TABLE, table=table))
                continue
            elif kind == "inline" and tokens[i - 1].type == "paragraph_open":
                content = _inline_text(tok)
                if list_stack and tokens[i - 2].type == "list_item_open":
                    counter = list_stack[-1]
                    elements.append(
                        Element(
                            Kind.LIST_ITEM, content, level=len(list_stack) - 1, ordinal=counter[0]
                        )
                    )
                    if counter[0] is not None:
                        counter[0] += 1
                elif list_stack and elements and elements[-1].kind is Kind.LIST_ITEM:
                    prev = elements[-1]
                    elements[-1] = Element(
                        Kind.LIST_ITEM,
                        prev.text + " " + content,
                        level=prev.level,
                        ordinal=prev.ordinal,
                    )
                else:
                    kind_ = Kind.QUOTE if quote_depth else Kind.PARAGRAPH
                    elements.append(Element(kind_, content))
            elif kind == "html_block":
                stripped = re.sub(r"<[^>]+>", " ", tok.content).strip()
                if stripped:
                    elements.append(Element(Kind.PARAGRAPH, stripped))
            i += 1
        title = next((e.text for e in elements if e.kind is Kind.HEADING and e.level == 1), None)
        return ParsedDoc(source, tuple(elements), parser=_MD_VERSION, title=title)


def _read_table(tokens, i: int) -> tuple[int, Table]:
    rows: list[list[str]] = []
    header_rows = 0
    in_head = False
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            rows.append([])
            header_rows += int(in_head)
        elif tok.type == "inline":
            rows[-1].append(_inline_text(tok))
        i += 1
    return i + 1, Table.from_strings(rows, header_rows=header_rows)


class PlainTextParser:
    """Plain text: paragraphs separated by blank lines; line breaks inside kept as spaces."""

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Split text into paragraphs."""
        text = read_text(source)
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        elements = tuple(Element(Kind.PARAGRAPH, " ".join(p.split())) for p in paragraphs)
        return ParsedDoc(source, elements, parser="docmill-text==1")

"""Recover elements and their spans from a document's Markdown text.

``docmill eval retrieval`` and ``docmill export`` re-chunk documents from
``DocumentRecord.text`` alone. This reads that Markdown with markdown-it-py and turns each
block (heading, paragraph, list item, table, code, quote) into an :class:`Element` whose
span is the block's lines in the very same text, so chunk offsets point into it.
Table spans carry their row lines and header block, as rendering gives them.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from transforms.model import Element, Kind, ParsedDoc, RenderedDoc, Source, Span

_MD = MarkdownIt("commonmark").enable("table")


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def rendered_from_markdown(text: str, source: Source | None = None) -> RenderedDoc:
    """A :class:`RenderedDoc` over ``text`` whose element spans are the Markdown blocks."""
    starts = _line_starts(text)
    starts.append(len(text) + 1)

    def span_of(first: int, last: int) -> tuple[int, int]:
        s, e = starts[first], min(starts[last] - 1, len(text))
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s] in " \t":
            s += 1
        return s, e

    tokens = _MD.parse(text)
    elements: list[Element] = []
    spans: list[Span] = []
    depth = 0  # open lists
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif t in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif t == "heading_open" and tok.map:
            s, e = span_of(*tok.map)
            elements.append(Element(Kind.HEADING, tokens[i + 1].content, level=int(tok.tag[1])))
            spans.append(Span(s, e))
        elif t == "list_item_open" and tok.map:
            last = tok.map[1]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and nxt.type == "paragraph_open" and nxt.map:
                last = nxt.map[1]
            s, e = span_of(tok.map[0], last)
            body = tokens[i + 2].content if nxt is not None and nxt.type == "paragraph_open" else ""
            elements.append(Element(Kind.LIST_ITEM, body, level=max(depth - 1, 0)))
            spans.append(Span(s, e))
            if nxt is not None and nxt.type == "paragraph_open":
                i += 4  # paragraph_open, inline, paragraph_close
                continue
        elif t == "paragraph_open" and tok.map and depth == 0 and tok.level == 0:
            s, e = span_of(*tok.map)
            elements.append(Element(Kind.PARAGRAPH, tokens[i + 1].content))
            spans.append(Span(s, e))
        elif t in ("fence", "code_block") and tok.map and depth == 0:
            s, e = span_of(*tok.map)
            elements.append(Element(Kind.CODE, tok.content, lang=tok.info or None))
            spans.append(Span(s, e))
        elif t == "html_block" and tok.map and depth == 0:
            s, e = span_of(*tok.map)
            elements.append(Element(Kind.PARAGRAPH, tok.content))
            spans.append(Span(s, e))
        elif t == "blockquote_open" and tok.map and depth == 0:
            s, e = span_of(*tok.map)
            elements.append(Element(Kind.QUOTE, text[s:e]))
            spans.append(Span(s, e))
            i = _skip_to_close(tokens, i, "blockquote_close")
        elif t == "table_open" and tok.map:
            first, last = tok.map
            s, e = span_of(first, last)
            rows = tuple(span_of(n, n + 1) for n in range(first + 2, last))
            header_end = span_of(first + 1, first + 2)[1] if last - first > 1 else None
            elements.append(Element(Kind.TABLE))
            spans.append(Span(s, e, tuple(r for r in rows if r[0] < r[1]), header_end))
            i = _skip_to_close(tokens, i, "table_close")
        i += 1
    parsed = ParsedDoc(source or Source("mem://markdown", "", "text/markdown", b""), (), "markdown")
    return RenderedDoc(parsed=_with_elements(parsed, elements), text=text, spans=tuple(spans))


def _skip_to_close(tokens, i: int, close: str) -> int:
    level = tokens[i].level
    while i < len(tokens) and not (tokens[i].type == close and tokens[i].level == level):
        i += 1
    return i


def _with_elements(parsed: ParsedDoc, elements: list[Element]) -> ParsedDoc:
    from dataclasses import replace

    return replace(parsed, elements=tuple(elements))

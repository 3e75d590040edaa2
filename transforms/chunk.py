"""Structure-aware chunking with a hard token cap.

Sections (headings) come first, then whole elements (paragraphs, list items, tables) are
packed up to the target size, then an element over the cap is cut: a table between rows
(its header repeated in ``context``), prose between sentences, and a sentence over the cap
at token boundaries. Every chunk is a span of the document text:
``text == document_text[start:end]``, and ``context + text`` never exceeds the cap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from transforms.config import ChunkOptions
from transforms.model import Box, Chunk, Element, Kind, RenderedDoc, Span
from transforms.tokens import Tokenizer, get_tokenizer

_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])[\"')\]]*\s+")
_CONTEXT_SEP = "\n\n"


@dataclass
class _Unit:
    """A piece of text that is never split further at this level."""

    start: int
    end: int
    element: Element
    path: tuple[str, ...]
    tokens: int
    row_start: int | None = None
    row_end: int | None = None
    table_header: str = ""


class HeadingChunker:
    """The default chunker: headings, then elements, then sentences, under a token cap."""

    def __init__(self, options: ChunkOptions | None = None, tokenizer: Tokenizer | None = None):
        self.options = options or ChunkOptions()
        if self.options.max_tokens < 16:
            raise ValueError("max_tokens must be at least 16")
        self.tokenizer = tokenizer or get_tokenizer(self.options.tokenizer)

    # -- public -----------------------------------------------------------------------

    def chunk(self, doc: RenderedDoc) -> list[Chunk]:
        """Cut ``doc`` into chunks in document order."""
        chunks: list[Chunk] = []
        for group in self._groups(doc):
            chunks.extend(self._emit(doc.text, group, len(chunks)))
        return chunks

    # -- sections and units ------------------------------------------------------------

    def context_for(self, path: tuple[str, ...], table_header: str = "") -> str:
        """The context string of a chunk: heading path, then a table's header block."""
        limit = self.options.max_tokens // 2
        parts = list(path)
        context = " > ".join(parts)
        while parts and self.tokenizer.count(context) > limit:
            parts.pop(0)
            context = " > ".join(parts)
        if table_header:
            with_header = (context + "\n" + table_header).strip("\n")
            if self.tokenizer.count(with_header) <= limit:
                context = with_header
        return context

    def _budget(self, context: str) -> int:
        overhead = self.tokenizer.count(context + _CONTEXT_SEP) if context else 0
        return self.options.max_tokens - overhead

    def _sections(self, doc: RenderedDoc) -> Iterator[list[tuple[Element, Span, tuple[str, ...]]]]:
        stack: list[tuple[int, str]] = []
        current: list[tuple[Element, Span, tuple[str, ...]]] = []
        for element, span in zip(doc.elements, doc.spans, strict=True):
            if span.end <= span.start:
                continue
            if element.kind in (Kind.HEADING, Kind.TITLE):
                level = 1 if element.kind is Kind.TITLE else max(element.level or 1, 1)
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, element.text))
                if current:
                    yield current
                current = []
            current.append((element, span, tuple(t for _, t in stack)))
        if current:
            yield current

    def _units(self, doc: RenderedDoc) -> Iterator[list[_Unit]]:
        """Sections as lists of units, each unit already under the cap."""
        for section in self._sections(doc):
            units: list[_Unit] = []
            for element, span, path in section:
                units.extend(self._split(doc.text, element, span, path))
            yield units

    def _split(self, text: str, element: Element, span: Span, path) -> Iterator[_Unit]:
        whole = _Unit(span.start, span.end, element, path, self._count(text, span.start, span.end))
        if element.kind is Kind.TABLE and span.rows:
            whole.row_start, whole.row_end = 0, len(span.rows) - 1
        if whole.tokens <= self._budget(self.context_for(path)):
            yield whole
        elif element.kind is Kind.TABLE and span.rows:
            yield from self._table_windows(text, element, span, path)
        else:
            yield from self._text_pieces(text, element, span.start, span.end, path, "")

    def _table_windows(self, text: str, element: Element, span: Span, path) -> Iterator[_Unit]:
        header = text[span.start : span.header_end].strip() if span.header_end else ""
        budget = self._budget(self.context_for(path, header))
        rows = span.rows
        # tokens of every row counted once; a window's size is the sum (verified below)
        row_tokens = [self._count(text, s, e) for s, e in rows]
        head_tokens = self._count(text, span.start, rows[0][0])
        tail_tokens = self._count(text, rows[-1][1], span.end)
        head_in_text = head_tokens + row_tokens[0] <= budget
        if not head_in_text:  # the header block alone; every window then repeats it in context
            yield from self._text_pieces(text, element, span.start, rows[0][0], path, "")
        i = 0
        while i < len(rows):
            size = row_tokens[i] + (head_tokens if i == 0 and head_in_text else 0)
            j = i
            while j + 1 < len(rows):
                extra = row_tokens[j + 1] + (tail_tokens if j + 2 == len(rows) else 0)
                if size + extra > budget:
                    break
                size += extra
                j += 1
            start = span.start if i == 0 and head_in_text else rows[i][0]
            end = span.end if j + 1 == len(rows) else rows[j][1]
            tokens = self._count(text, start, end)
            while tokens > budget and j > i:  # tokenizers that are not additive
                j -= 1
                end = rows[j][1]
                tokens = self._count(text, start, end)
            if tokens > budget:  # one row over the cap: cut between its cells
                yield from self._row_pieces(text, element, rows[i], path, header, i)
            else:
                # the first window holds the header in its text; later ones get it in context
                in_context = header if i or not head_in_text else ""
                yield _Unit(start, end, element, path, tokens, i, j, in_context)
            i = j + 1

    def _row_pieces(self, text, element, row, path, header, index) -> Iterator[_Unit]:
        """Split one oversized row between cells; the row's key cell goes into context."""
        start, end = row
        cells = _cell_spans(text, start, end)
        key = text[cells[0][0] : cells[0][1]].strip(" |") if cells else ""
        key_line = f"(row {index}, continued; key: {key})"
        context_extra = f"{header}\n{key_line}".strip()
        if self.tokenizer.count(context_extra) > self.options.max_tokens // 4:
            context_extra = key_line  # a header too wide to repeat: keep the key at least
        budget = self._budget(self.context_for(path, context_extra))
        for s, e in _pack(cells, lambda a, b: self._count(text, a, b), budget):
            if self._count(text, s, e) <= budget:
                yield _Unit(
                    s, e, element, path, self._count(text, s, e), index, index, context_extra
                )
            else:  # one cell over the cap: cut it at sentences, then tokens
                yield from self._text_pieces(text, element, s, e, path, context_extra, index)

    def _text_pieces(self, text, element, start, end, path, header, row=None) -> Iterator[_Unit]:
        budget = self._budget(self.context_for(path, header))
        pieces = _sentence_spans(text, start, end)
        for s, e in _pack(pieces, lambda a, b: self._count(text, a, b), budget):
            if self._count(text, s, e) <= budget:
                yield _Unit(s, e, element, path, self._count(text, s, e), row, row, header)
            else:
                for hs, he in self._hard_split(text, s, e, budget):
                    yield _Unit(hs, he, element, path, self._count(text, hs, he), row, row, header)

    def _hard_split(
        self, text: str, start: int, end: int, budget: int
    ) -> Iterator[tuple[int, int]]:
        offsets = self.tokenizer.offsets(text[start:end])
        i = 0
        while i < len(offsets):
            j = min(i + budget, len(offsets)) - 1
            s, e = start + offsets[i][0], start + offsets[j][1]
            while j > i and self._count(text, s, e) > budget:  # non-additive tokenizers
                j -= 1
                e = start + offsets[j][1]
            yield s, e
            i = j + 1

    def _count(self, text: str, start: int, end: int) -> int:
        return self.tokenizer.count(text[start:end])

    # -- packing -------------------------------------------------------------------

    def _groups(self, doc: RenderedDoc) -> Iterator[list[_Unit]]:
        """Pack units into chunk-sized groups; a heading-only group joins the next section."""
        carry: list[_Unit] = []
        target = min(self.options.target_tokens, self.options.max_tokens)
        for units in self._units(doc):
            group = carry
            carry = []
            for unit in units:
                if group and not self._fits(doc.text, group, unit, target):
                    yield group
                    group = []
                group.append(unit)
            if group and all(u.element.kind in (Kind.HEADING, Kind.TITLE) for u in group):
                carry = group
            elif group:
                yield group
        if carry:
            yield carry

    def _fits(self, text: str, group: list[_Unit], unit: _Unit, target: int) -> bool:
        if unit.table_header or group[-1].table_header:
            return False  # table windows stand alone so their header context applies
        if unit.path != group[-1].path and not _headings_only(group):
            return False
        context = self.context_for(unit.path)
        tokens = sum(u.tokens for u in group) + unit.tokens
        if tokens > target and not _headings_only(group):
            return False  # a heading is never left alone: only the cap applies to it
        return self._count(text, group[0].start, unit.end) <= self._budget(context)

    def _emit(self, text: str, group: list[_Unit], first_index: int) -> list[Chunk]:
        last = group[-1]
        context = self.context_for(last.path, last.table_header)
        start, end = group[0].start, last.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        body = text[start:end]
        if not body:
            return []
        embed = context + _CONTEXT_SEP + body if context else body
        tokens = self.tokenizer.count(embed)
        if tokens > self.options.max_tokens and len(group) > 1:
            mid = len(group) // 2
            left = self._emit(text, group[:mid], first_index)
            return left + self._emit(text, group[mid:], first_index + len(left))
        pages = [u.element.page for u in group if u.element.page is not None]
        boxes: list[Box] = []
        for u in group:
            boxes.extend(b for b in u.element.boxes if b not in boxes)
        kinds = list(dict.fromkeys(u.element.kind.value for u in group))
        tables = [u.element.table for u in group if u.element.table is not None]
        table = tables[0] if len({id(t) for t in tables}) == 1 else None
        rows = [u for u in group if u.row_start is not None] if table is not None else []
        offset = table.row_offset if table is not None else 0
        return [
            Chunk(
                index=first_index,
                text=body,
                start=start,
                end=end,
                context=context,
                heading_path=last.path,
                page_start=min(pages) if pages else None,
                page_end=max(pages) if pages else None,
                token_count=tokens,
                element_types=tuple(kinds),
                boxes=tuple(boxes),
                row_start=rows[0].row_start + offset if rows else None,
                row_end=rows[-1].row_end + offset if rows else None,
                sheet=table.name if table is not None else None,
            )
        ]


_CELL_END = re.compile(r"(?<!\\)\|(?=\s)|</t[dh]>|; ")


def _cell_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of a rendered table row's cells (Markdown, HTML or records), in order."""
    spans = []
    pos = start
    for m in _CELL_END.finditer(text, start, end):
        if m.start() > start:  # a leading "|" belongs to the first cell
            spans.append((pos, m.end()))
            pos = m.end()
    if text[pos:end].strip():
        spans.append((pos, end))
    elif spans:
        spans[-1] = (spans[-1][0], end)
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans] or [(start, end)]


def _headings_only(group: list[_Unit]) -> bool:
    return all(u.element.kind in (Kind.HEADING, Kind.TITLE) for u in group)


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence (or line) spans inside ``text[start:end]``, whitespace excluded."""
    spans = []
    pos = start
    segment = text[start:end]
    for m in _SENTENCE_END.finditer(segment):
        spans.append((pos, start + m.start() + len(m.group().rstrip())))
        pos = start + m.end()
    spans.append((pos, end))
    out = []
    for s, e in spans:
        for line in re.finditer(r"[^\n]+", text[s:e]):  # lines too, for lists/code/tables
            out.append((s + line.start(), s + line.end()))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _pack(pieces, count, budget) -> Iterator[tuple[int, int]]:
    """Greedily join consecutive spans while ``count`` of the joined span fits ``budget``."""
    current: tuple[int, int] | None = None
    for s, e in pieces:
        if current is None:
            current = (s, e)
        elif count(current[0], e) <= budget:
            current = (current[0], e)
        else:
            yield current
            current = (s, e)
    if current is not None:
        yield current


def chunk_document(doc: RenderedDoc, options: ChunkOptions | None = None) -> list[Chunk]:
    """Chunk ``doc`` with the default :class:`HeadingChunker`."""
    return HeadingChunker(options).chunk(doc)

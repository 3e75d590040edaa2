"""Structure-aware chunking with a hard token cap (the default chunker).

Sections (headings) come first, then whole elements (paragraphs, list items, tables) are
packed up to the target size, then an element over the target is cut: a table between rows
(its header repeated in ``context``), prose between sentences, and a sentence over the cap
at token boundaries. With ``overlap_tokens``, each window of a cut element starts with the
last sentences (or rows) of the window before it. With ``semantic``, prose is cut into
sentences and adjacent units are grouped by topic (see :mod:`transforms.chunking.semantic`).

Every chunk is a span of the document text: ``text == document_text[start:end]``, and
``context``, a blank line, then ``text`` (the text to embed) never exceeds the cap.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from schemas.records import EMBED_SEPARATOR
from transforms.chunking.spans import (
    cell_spans,
    pack,
    sentence_spans,
    strip_span,
    token_windows,
)
from transforms.config import ChunkOptions
from transforms.model import Box, Chunk, Element, Kind, RenderedDoc, Span
from transforms.tokens import Tokenizer, get_tokenizer

CONTEXT_SEPARATOR = EMBED_SEPARATOR
_PROSE = (Kind.PARAGRAPH, Kind.QUOTE, Kind.CAPTION)


@dataclass
class Unit:
    """A piece of text that is never split further at this level."""

    start: int
    end: int
    element: Element
    path: tuple[str, ...]
    tokens: int
    row_start: int | None = None
    row_end: int | None = None
    table_header: str = ""
    index: int = -1  # the element's position in the document (units of one element share it)
    span: Span | None = None  # the whole element's span

    @property
    def is_heading(self) -> bool:
        """True for headings and titles."""
        return self.element.kind in (Kind.HEADING, Kind.TITLE)


class HeadingChunker:
    """The default chunker: headings, then elements, then sentences, under a token cap."""

    def __init__(
        self,
        options: ChunkOptions | None = None,
        tokenizer: Tokenizer | None = None,
        embedder=None,
    ):
        self.options = options or ChunkOptions()
        if self.options.max_tokens < 16:
            raise ValueError("max_tokens must be at least 16")
        self.tokenizer = tokenizer or get_tokenizer(self.options.tokenizer)
        self.target = max(1, min(self.options.target_tokens, self.options.max_tokens))
        self.overlap = max(0, min(self.options.overlap_tokens, self.target // 2))
        self._embedder = embedder
        # token counts of whole spans are sums of their parts when no token crosses
        # whitespace (the regex tokenizer); others are counted again as a whole
        self._additive = bool(getattr(self.tokenizer, "additive", False))
        self._contexts: dict[tuple[tuple[str, ...], str], str] = {}
        self._budgets: dict[str, int] = {}

    @property
    def embedder(self):
        """The embedder of the semantic step (built on first use)."""
        if self._embedder is None:
            from transforms.embed import get_embedder

            self._embedder = get_embedder(self.options.embedder)
        return self._embedder

    # -- public -----------------------------------------------------------------------

    def chunk(self, doc: RenderedDoc) -> list[Chunk]:
        """Cut ``doc`` into chunks in document order."""
        chunks: list[Chunk] = []
        previous: Unit | None = None
        for group in self._groups(doc):
            start, row = None, None
            if self.overlap:
                start, row = self._overlap_start(doc.text, previous, group)
            chunks.extend(self._emit(doc.text, group, len(chunks), start, row))
            previous = group[-1]
        return chunks

    def context_for(self, path: tuple[str, ...], table_header: str = "") -> str:
        """The context string of a chunk: heading path, then a table's header block."""
        key = (path, table_header)
        context = self._contexts.get(key)
        if context is None:
            context = self._contexts[key] = self._build_context(path, table_header)
        return context

    def _build_context(self, path: tuple[str, ...], table_header: str) -> str:
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

    # -- sections and units ------------------------------------------------------------

    def _budget(self, context: str) -> int:
        budget = self._budgets.get(context)
        if budget is None:
            overhead = self.tokenizer.count(context + CONTEXT_SEPARATOR) if context else 0
            budget = self._budgets[context] = self.options.max_tokens - overhead
        return budget

    def _pack_budget(self, budget: int) -> int:
        """Size windows of a cut element are packed to: the target, room left for overlap."""
        return max(1, min(budget, self.target) - self.overlap)

    def _sections(self, doc: RenderedDoc) -> Iterator[list[tuple[int, Span, tuple[str, ...]]]]:
        stack: list[tuple[int, str]] = []
        current: list[tuple[int, Span, tuple[str, ...]]] = []
        for index, (element, span) in enumerate(zip(doc.elements, doc.spans, strict=True)):
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
            current.append((index, span, tuple(t for _, t in stack)))
        if current:
            yield current

    def units(self, doc: RenderedDoc) -> Iterator[list[Unit]]:
        """Sections as lists of units, each unit already under the cap."""
        elements = doc.elements
        for section in self._sections(doc):
            units: list[Unit] = []
            for index, span, path in section:
                for unit in self._split(doc.text, elements[index], span, path):
                    unit.index, unit.span = index, span
                    units.append(unit)
            yield units

    def _split(self, text: str, element: Element, span: Span, path) -> Iterator[Unit]:
        tokens = self._count(text, span.start, span.end)
        whole = Unit(span.start, span.end, element, path, tokens)
        if element.kind is Kind.TABLE and span.rows:
            whole.row_start, whole.row_end = 0, len(span.rows) - 1
        budget = self._budget(self.context_for(path))
        if self.options.semantic and element.kind in _PROSE:
            yield from self._text_pieces(text, element, span.start, span.end, path, "", by=1)
        elif tokens <= budget:
            yield whole
        elif element.kind is Kind.TABLE and span.rows:
            yield from self._table_windows(text, element, span, path)
        else:
            yield from self._text_pieces(text, element, span.start, span.end, path, "")

    def _table_windows(self, text: str, element: Element, span: Span, path) -> Iterator[Unit]:
        header = text[span.start : span.header_end].strip() if span.header_end else ""
        budget = self._budget(self.context_for(path, header))
        size_limit = self._pack_budget(budget)
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
            if i + 1 == len(rows):  # the last row's window runs to the end of the table
                size += tail_tokens
            j = i
            while j + 1 < len(rows):
                extra = row_tokens[j + 1] + (tail_tokens if j + 2 == len(rows) else 0)
                if size + extra > size_limit:
                    break
                size += extra
                j += 1
            start = span.start if i == 0 and head_in_text else rows[i][0]
            end = span.end if j + 1 == len(rows) else rows[j][1]
            tokens = size if self._additive else self._count(text, start, end)
            while tokens > budget and j > i:  # tokenizers that are not additive
                j -= 1
                end = rows[j][1]
                tokens = self._count(text, start, end)
            if tokens > budget:  # one row over the cap: cut between its cells
                yield from self._row_pieces(text, element, rows[i], path, header, i)
            else:
                # the first window holds the header in its text; later ones get it in context
                in_context = header if i or not head_in_text else ""
                yield Unit(start, end, element, path, tokens, i, j, in_context)
            i = j + 1

    def _row_pieces(self, text, element, row, path, header, index) -> Iterator[Unit]:
        """Split one oversized row between cells; the row's key cell goes into context."""
        start, end = row
        cells = cell_spans(text, start, end)
        key = text[cells[0][0] : cells[0][1]].strip(" |") if cells else ""
        key_line = f"(row {index}, continued; key: {key})"
        context_extra = f"{header}\n{key_line}".strip()
        if self.tokenizer.count(context_extra) > self.options.max_tokens // 4:
            context_extra = key_line  # a header too wide to repeat: keep the key at least
        budget = self._budget(self.context_for(path, context_extra))
        for s, e in pack(cells, self._counter(text), budget):
            tokens = self._count(text, s, e)
            if tokens <= budget:
                yield Unit(s, e, element, path, tokens, index, index, context_extra)
            else:  # one cell over the cap: cut it at sentences, then tokens
                yield from self._text_pieces(text, element, s, e, path, context_extra, index)

    def _text_pieces(self, text, element, start, end, path, header, row=None, by=None):
        """Sentence windows of ``text[start:end]`` (``by=1``: one sentence each)."""
        budget = self._budget(self.context_for(path, header))
        pieces = sentence_spans(text, start, end)
        if by == 1:
            packed = pieces
        else:  # balanced windows: n windows of about equal size rather than full ones + a tail
            size = self._pack_budget(budget)
            total = self._count(text, start, end)
            n = max(1, -(-total // size))  # an empty stretch (a blank header) packs to nothing
            size = min(size, max(1, -(-total * 11 // (10 * n))))
            packed = pack(pieces, self._counter(text), size)
        for s, e in packed:
            tokens = self._count(text, s, e)
            if tokens <= budget:
                yield Unit(s, e, element, path, tokens, row, row, header)
            else:
                for hs, he in token_windows(self.tokenizer, text, s, e, budget):
                    yield Unit(hs, he, element, path, self._count(text, hs, he), row, row, header)

    def _count(self, text: str, start: int, end: int) -> int:
        return self.tokenizer.count(text[start:end])

    def _counter(self, text: str):
        return lambda a, b: self.tokenizer.count(text[a:b])

    # -- packing -------------------------------------------------------------------

    def _groups(self, doc: RenderedDoc) -> Iterator[list[Unit]]:
        """Pack units into chunk-sized groups; a heading-only group joins the next section."""
        if self.options.semantic:
            from transforms.chunking.semantic import semantic_groups

            yield from semantic_groups(self, doc)
            return
        carry: list[Unit] = []
        for units in self.units(doc):
            group = carry
            carry = []
            for unit in units:
                if group and not self.fits(doc.text, group, unit):
                    yield group
                    group = []
                group.append(unit)
            if group and all(u.is_heading for u in group):
                carry = group
            elif group:
                yield group
        if carry:
            yield carry

    def fits(self, text: str, group: list[Unit], unit: Unit) -> bool:
        """True when ``unit`` may join ``group`` (same section, table windows alone, size)."""
        if unit.table_header or group[-1].table_header:
            return False  # table windows stand alone so their header context applies
        if unit.path != group[-1].path and not all(u.is_heading for u in group):
            return False
        tokens = sum(u.tokens for u in group) + unit.tokens
        if tokens > self.target and not all(u.is_heading for u in group):
            return False  # a heading is never left alone: only the cap applies to it
        budget = self._budget(self.context_for(unit.path))
        if self._additive:
            return tokens <= budget
        return self._count(text, group[0].start, unit.end) <= budget

    # -- overlap ----------------------------------------------------------------------

    def _overlap_start(
        self, text: str, previous: Unit | None, group: list[Unit]
    ) -> tuple[int | None, int | None]:
        """Where a chunk starts so that it repeats the end of the window before it.

        Only windows of one cut element overlap (sentences of prose, rows of a table); the
        overlap is whole sentences or rows, at most ``overlap_tokens``. Returns the start
        and, for table rows, the index of the first repeated row.
        """
        first = group[0]
        if previous is None or previous.index != first.index or first.start <= previous.start:
            return None, None
        rows: dict[int, int] = {}
        if first.row_start is not None and first.span is not None and first.span.rows:
            lo, hi = previous.row_start or 0, previous.row_end or 0
            rows = {first.span.rows[r][0]: r for r in range(lo, hi + 1)}
            candidates = [s for s in rows if s > previous.start]
        else:
            candidates = [s for s, _ in sentence_spans(text, previous.start, previous.end)]
            candidates = [s for s in candidates if s > previous.start]
        best = None
        budget = self._budget(self.context_for(group[-1].path, group[-1].table_header))
        for s in reversed(candidates):
            if s >= first.start:
                continue
            if self._count(text, s, first.start) > self.overlap:
                break
            if self._count(text, s, group[-1].end) > budget:
                break
            best = s
        return best, rows.get(best) if best is not None else None

    # -- chunks -----------------------------------------------------------------------

    def _emit(
        self,
        text: str,
        group: list[Unit],
        first_index: int,
        start: int | None = None,
        first_row: int | None = None,
    ) -> list[Chunk]:
        last = group[-1]
        context = self.context_for(last.path, last.table_header)
        start, end = strip_span(text, group[0].start if start is None else start, last.end)
        body = text[start:end]
        if not body:
            return []
        if self._additive and first_row is None and start == group[0].start:
            overhead = self.options.max_tokens - self._budget(context)
            tokens = overhead + sum(u.tokens for u in group)
        else:
            embed = context + CONTEXT_SEPARATOR + body if context else body
            tokens = self.tokenizer.count(embed)
        if tokens > self.options.max_tokens and len(group) > 1:
            mid = len(group) // 2
            left = self._emit(text, group[:mid], first_index, start, first_row)
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
                row_start=(rows[0].row_start if first_row is None else first_row) + offset
                if rows
                else None,
                row_end=rows[-1].row_end + offset if rows else None,
                sheet=table.name if table is not None else None,
            )
        ]

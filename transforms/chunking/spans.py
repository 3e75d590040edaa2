"""Span helpers shared by the chunkers: sentences, greedy packing, token windows.

Every helper works on ``(start, end)`` character offsets into one text and never copies
or rewrites it, so whatever a chunker builds from them is a span of the document text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from transforms.tokens import Tokenizer

_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])[\"')\]]*\s+")
_LINE = re.compile(r"[^\n]+")
_CELL_END = re.compile(r"(?<!\\)\|(?=\s)|</t[dh]>|; ")

Count = Callable[[int, int], int]


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence (or line) spans inside ``text[start:end]``, whitespace excluded."""
    spans = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        spans.append((pos, m.start() + len(m.group().rstrip())))
        pos = m.end()
    spans.append((pos, end))
    out = []
    for s, e in spans:
        for line in _LINE.finditer(text, s, e):  # lines too, for lists/code/tables
            out.append(line.span())
    return [(s, e) for s, e in out if text[s:e].strip()]


def pack(pieces: Sequence[tuple[int, int]], count: Count, budget: int) -> Iterator[tuple[int, int]]:
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


def token_windows(
    tokenizer: Tokenizer, text: str, start: int, end: int, budget: int, overlap: int = 0
) -> Iterator[tuple[int, int]]:
    """Windows of at most ``budget`` tokens over ``text[start:end]``, cut at token edges.

    Consecutive windows share ``overlap`` tokens. The count of every window is checked
    again as a whole, for tokenizers whose counts are not additive.
    """
    offsets = tokenizer.offsets(text[start:end])
    overlap = max(0, min(overlap, budget // 2))
    i = 0
    while i < len(offsets):
        j = min(i + budget, len(offsets)) - 1
        s, e = start + offsets[i][0], start + offsets[j][1]
        while j > i and tokenizer.count(text[s:e]) > budget:
            j -= 1
            e = start + offsets[j][1]
        yield s, e
        if j + 1 >= len(offsets):
            break
        i = max(j + 1 - overlap, i + 1)


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` moved inwards past surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def cell_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
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

"""Repeated boilerplate: blocks of text that recur across many documents of a group.

A block is a run of non-blank lines of the document text (a paragraph, a list, a table;
a fenced code block is one block). Blocks are compared after normalisation (lower case,
digit runs as ``0``, whitespace collapsed), so "Page 3 of 12 — Confidential" matches
across pages and reports. A block is boilerplate when it is at least ``min_chars`` long,
is not a heading, and recurs in at least ``min_docs`` documents and ``min_share`` of the
documents of its group (an input folder, or the whole run).

:func:`cut_spans` removes blocks from a document text and maps chunk spans into the new
text, so ``document.text[char_start:char_end] == chunk.text`` still holds afterwards.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable

_FENCE = re.compile(r"^(```+|~~~+)")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def blocks(text: str) -> list[tuple[int, int]]:
    """Spans of the blocks of ``text`` (runs of non-blank lines; fences kept whole)."""
    spans: list[tuple[int, int]] = []
    start = None
    fence = None
    pos = last_end = 0
    for line in text.split("\n"):
        end = pos + len(line)
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
        elif m := _FENCE.match(stripped):
            fence = m.group(1)
            if start is None:
                start = pos
        if start is None and stripped:
            start = pos
        elif start is not None and not stripped and fence is None:
            spans.append((start, last_end))
            start = None
        if stripped:
            last_end = end
        pos = end + 1
    if start is not None:
        spans.append((start, last_end))
    return spans


def normalize_block(block: str) -> str:
    """The form blocks are compared in."""
    return _SPACE.sub(" ", _DIGITS.sub("0", block.lower())).strip()


def block_key(block: str) -> bytes:
    """A short hash of the normalised block."""
    return hashlib.blake2b(normalize_block(block).encode(), digest_size=8).digest()


def candidate_blocks(text: str, min_chars: int) -> Iterable[tuple[int, int, bytes]]:
    """Blocks of ``text`` that may count as boilerplate: long enough and not headings."""
    for s, e in blocks(text):
        block = text[s:e]
        if e - s < min_chars or block.lstrip().startswith("#"):
            continue
        yield s, e, block_key(block)


class BlockCounter:
    """Counts, per group, in how many documents each block occurs."""

    def __init__(self, min_chars: int) -> None:
        self.min_chars = min_chars
        self.docs: Counter[str] = Counter()
        self.blocks: dict[str, Counter[bytes]] = {}

    def add(self, group: str, text: str) -> None:
        """Count one document's distinct blocks."""
        self.docs[group] += 1
        keys = {k for _, _, k in candidate_blocks(text, self.min_chars)}
        self.blocks.setdefault(group, Counter()).update(keys)

    def frequent(self, min_docs: int, min_share: float) -> dict[str, dict[bytes, int]]:
        """Per group, the boilerplate block keys and in how many documents each occurs."""
        out = {}
        for group, counts in self.blocks.items():
            need = max(min_docs, min_share * self.docs[group])
            out[group] = {k: n for k, n in counts.items() if n >= need}
        return out


def boilerplate_spans(text: str, frequent: dict[bytes, int], min_chars: int):
    """``(start, end, n_docs)`` of the boilerplate blocks of one document text."""
    if not frequent:
        return []
    return [(s, e, frequent[k]) for s, e, k in candidate_blocks(text, min_chars) if k in frequent]


def covered_share(start: int, end: int, spans: list[tuple[int, int, int]]) -> float:
    """Share of ``[start, end)`` covered by ``spans``."""
    if end <= start:
        return 0.0
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e, _ in spans)
    return inside / (end - start)


def cut_spans(text: str, spans: list[tuple[int, int]]):
    """Remove ``spans`` (and the blank lines before each) from ``text``.

    Returns the new text and a function mapping an old offset to the new text.
    """
    cuts: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        while s > 0 and text[s - 1] in "\n \t":
            s -= 1
        if s == 0:
            while e < len(text) and text[e] in "\n \t":
                e += 1
        if cuts and s <= cuts[-1][1]:
            cuts[-1] = (cuts[-1][0], max(e, cuts[-1][1]))
        else:
            cuts.append((s, e))
    pieces, removed_before, starts = [], [], []
    pos = removed = 0
    for s, e in cuts:
        pieces.append(text[pos:s])
        starts.append(s)
        removed_before.append(removed)
        removed += e - s
        pos = e
    pieces.append(text[pos:])
    ends = [e for _, e in cuts]

    def new_offset(x: int) -> int:
        i = bisect_right(starts, x) - 1
        if i < 0:
            return x
        if x < ends[i]:  # inside a cut: to its start
            return starts[i] - removed_before[i]
        return x - removed_before[i] - (ends[i] - starts[i])

    return "".join(pieces), new_offset

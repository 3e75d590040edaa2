"""Helpers shared by the offline generators: deterministic picks, turns, prompt hashes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TypeVar

from schemas import ChunkRecord
from transforms.pairs.corpus import passage

T = TypeVar("T")

OPEN_BOOK = (
    "Answer the question using only the passage.\n\nPassage:\n{passage}\n\nQuestion: {question}"
)


def stable_hash(*parts: object) -> str:
    """A hex sha256 of the parts, joined unambiguously."""
    h = hashlib.sha256()
    for p in parts:
        h.update(str(p).encode() + b"\x00")
    return h.hexdigest()


def prompt_hash(*templates: str) -> str:
    """The short hash recorded with every pair of a generator (its templates and settings)."""
    return stable_hash(*templates)[:16]


def pick(items: Sequence[T], n: int, key: Callable[[T], str], seed: int) -> list[T]:
    """Up to ``n`` items chosen by a seeded hash of ``key``, returned in their original order."""
    if len(items) <= n:
        return list(items)
    ranked = sorted(range(len(items)), key=lambda i: stable_hash(seed, key(items[i])))
    return [items[i] for i in sorted(ranked[:n])]


def variant(options: Sequence[str], *key: object) -> str:
    """One of ``options``, chosen by a hash of ``key`` (varied wording, reproducible)."""
    return options[int(stable_hash(*key)[:8], 16) % len(options)]


def user_turn(question: str, chunks: Sequence[ChunkRecord], context: str) -> str:
    """The user's message: the question alone (closed book) or the passage and the question."""
    if context == "closed":
        return question
    return OPEN_BOOK.format(passage=passage(chunks), question=question)


def scope(chunks: Sequence[ChunkRecord], context: str) -> str:
    """Duplicate scope: everything (closed book) or the same passage (open book)."""
    if context == "closed":
        return ""
    return stable_hash(*(c.text for c in chunks))[:16]


def line_span(chunk: ChunkRecord, needle: str) -> tuple[int, int]:
    """The span in document.text of the first line of ``chunk`` holding ``needle``."""
    pos = 0
    for line in chunk.text.split("\n"):
        if needle and needle in line:
            return chunk.char_start + pos, chunk.char_start + pos + len(line)
        pos += len(line) + 1
    return chunk.char_start, chunk.char_end

"""Chunkers: the structure-first default and the baselines it is measured against.

:func:`make_chunker` builds the chunker that ``ChunkOptions.method`` names; each has
``chunk(doc: RenderedDoc) -> list[Chunk]`` and a ``tokenizer``.
"""

from __future__ import annotations

from transforms.chunking.baselines import FixedTokenChunker, RecursiveChunker
from transforms.chunking.structure import CONTEXT_SEPARATOR, HeadingChunker
from transforms.config import ChunkOptions
from transforms.model import Chunk, RenderedDoc

METHODS = {"structure": HeadingChunker, "fixed": FixedTokenChunker, "recursive": RecursiveChunker}

__all__ = [
    "CONTEXT_SEPARATOR",
    "METHODS",
    "FixedTokenChunker",
    "HeadingChunker",
    "RecursiveChunker",
    "chunk_document",
    "make_chunker",
]


def make_chunker(options: ChunkOptions | None = None, **kwargs):
    """The chunker for ``options.method`` (``structure``, ``fixed`` or ``recursive``)."""
    options = options or ChunkOptions()
    try:
        cls = METHODS[options.method]
    except KeyError:
        raise ValueError(
            f"unknown chunking method {options.method!r}; use one of {', '.join(METHODS)}"
        ) from None
    if cls is not HeadingChunker:
        kwargs.pop("embedder", None)
    return cls(options, **kwargs)


def chunk_document(doc: RenderedDoc, options: ChunkOptions | None = None) -> list[Chunk]:
    """Chunk ``doc`` with the chunker ``options`` name (the structure chunker by default)."""
    return make_chunker(options).chunk(doc)

"""The chunkers, by their historical import path (see :mod:`transforms.chunking`)."""

from __future__ import annotations

from transforms.chunking import HeadingChunker, chunk_document, make_chunker

__all__ = ["HeadingChunker", "chunk_document", "make_chunker"]

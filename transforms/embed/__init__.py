"""Pluggable text embedders, named by a spec string (``ChunkOptions.embedder``).

- ``"hash"`` or ``"hash:DIM"``: the built-in hashed n-gram embedder (no model, no download).
- ``"st:/path/to/model"``: a sentence-transformers model folder (optional extra ``embed``).
- ``"model2vec:/path/to/model"``: a model2vec static model folder (optional extra ``embed``).
- ``"openai:http://host:port/v1#MODEL"``: an OpenAI-compatible ``/v1/embeddings`` endpoint.

Every embedder returns unit vectors, embeds in batches and caches by content hash.
"""

from __future__ import annotations

import threading

from transforms.embed.base import Embedder, EmbeddingError, normalize
from transforms.embed.hashed import HashEmbedder

__all__ = [
    "Embedder",
    "EmbeddingError",
    "HashEmbedder",
    "get_embedder",
    "make_embedder",
    "normalize",
]

_BUILT: dict[tuple[str, str | None], Embedder] = {}
_LOCK = threading.Lock()


def make_embedder(spec: str, *, api_key: str | None = None) -> Embedder:
    """A new embedder for ``spec`` (see the module docstring)."""
    kind, _, arg = spec.partition(":")
    if kind == "hash":
        return HashEmbedder(int(arg) if arg else 512)
    if kind == "st" and arg:
        from transforms.embed.local import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(arg)
    if kind == "model2vec" and arg:
        from transforms.embed.local import StaticEmbedder

        return StaticEmbedder(arg)
    if kind == "openai" and arg:
        from transforms.embed.remote import OpenAIEmbedder

        url, _, model = arg.partition("#")
        return OpenAIEmbedder(url, model, api_key=api_key)
    raise ValueError(
        f"unknown embedder {spec!r}; use 'hash[:DIM]', 'st:PATH', 'model2vec:PATH' "
        "or 'openai:http://HOST:PORT/v1#MODEL'"
    )


def get_embedder(spec: str = "hash", *, api_key: str | None = None) -> Embedder:
    """The process-wide embedder for ``spec``: built once, so its model and cache are shared."""
    key = (spec, api_key)
    with _LOCK:
        embedder = _BUILT.get(key)
        if embedder is None:
            embedder = _BUILT[key] = make_embedder(spec, api_key=api_key)
    return embedder

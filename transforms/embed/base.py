"""What every embedder shares: batching, L2 normalisation and a cache by content hash."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np


class EmbeddingError(RuntimeError):
    """An embedder could not be built or could not embed (bad path, server error, ...)."""


def normalize(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


class Embedder:
    """Base class: subclasses set ``name`` and ``dim`` and implement :meth:`embed_batch`.

    :meth:`embed` splits the texts into batches of ``batch_size``, embeds only the texts
    it has not seen (the cache is keyed by the sha256 of the text, bounded to
    ``cache_size`` entries, least recently used dropped first) and returns unit vectors.
    """

    name: str = "embedder"
    dim: int = 0
    batch_size: int = 64
    cache_size: int = 50_000  # ~100 MB of 512-dim float32 vectors at most

    def __init__(self) -> None:
        self._cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.calls = 0  # batches sent to the model (for tests and benchmarks)

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        """Embed one batch (at most ``batch_size`` texts); rows need not be normalised."""
        raise NotImplementedError

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text, shape ``(len(texts), dim)``."""
        keys = [hashlib.sha256(t.encode("utf-8", "surrogatepass")).digest() for t in texts]
        out: list[np.ndarray | None] = [None] * len(texts)
        missing: dict[bytes, list[int]] = {}
        with self._lock:
            for i, key in enumerate(keys):
                hit = self._cache.get(key)
                if hit is not None:
                    self._cache.move_to_end(key)
                    out[i] = hit
                else:
                    missing.setdefault(key, []).append(i)
        todo = list(missing)
        for b in range(0, len(todo), self.batch_size):
            batch = todo[b : b + self.batch_size]
            vectors = normalize(self.embed_batch([texts[missing[k][0]] for k in batch]))
            if vectors.shape[0] != len(batch):
                raise EmbeddingError(
                    f"{self.name} returned {vectors.shape[0]} vectors for {len(batch)} texts"
                )
            self.calls += 1
            with self._lock:
                for key, vector in zip(batch, vectors, strict=True):
                    for i in missing[key]:
                        out[i] = vector
                    self._cache[key] = vector
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack(out)  # type: ignore[arg-type]

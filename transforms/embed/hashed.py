"""The built-in embedder: hashed word and character n-gram features, no model needed.

Each text becomes a bag of features: lower-cased words (weighted by length, so that short
function words count less), adjacent word pairs, and the character 3- to 5-grams of each
word (so that "tables", "table" and "tabular" share features). Features are hashed
(blake2b, stable across runs and machines) into ``dim`` buckets with a sign, the counts are
dampened (square root) and the vector is scaled to unit length. It is lexical, not
semantic: it finds shared vocabulary, which is what topic shifts and keyword questions show.
"""

from __future__ import annotations

import hashlib
import itertools
import re

import numpy as np

from transforms.embed.base import Embedder

_WORD = re.compile(r"\w+", re.UNICODE)


def _bucket(feature: str, dim: int) -> tuple[int, float]:
    h = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "little")
    return h % dim, 1.0 if (h >> 63) else -1.0


class HashEmbedder(Embedder):
    """Hashed n-gram features into ``dim`` dimensions (see the module docstring)."""

    def __init__(self, dim: int = 512):
        super().__init__()
        if dim < 16:
            raise ValueError("hash embedder needs at least 16 dimensions")
        self.dim = dim
        self.name = f"hash-v1:{dim}"
        self.batch_size = 256
        self._words: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _word_features(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        cached = self._words.get(word)
        if cached is not None:
            return cached
        weight = min(len(word), 8) / 8.0
        feats = [("w:" + word, 1.0 * weight)]
        padded = f"<{word}>"
        for n in (3, 4, 5):
            grams = [padded[i : i + n] for i in range(len(padded) - n + 1)]
            share = 0.5 * weight / max(1, len(grams))
            feats.extend(("c:" + g, share) for g in grams)
        idx = np.empty(len(feats), dtype=np.int64)
        val = np.empty(len(feats), dtype=np.float32)
        for k, (feature, w) in enumerate(feats):
            bucket, sign = _bucket(feature, self.dim)
            idx[k], val[k] = bucket, sign * w
        if len(self._words) < 500_000:
            self._words[word] = (idx, val)
        return idx, val

    def _vector(self, text: str) -> np.ndarray:
        words = [w.lower() for w in _WORD.findall(text)]
        if not words:
            return np.zeros(self.dim, dtype=np.float32)
        parts = [self._word_features(word) for word in words]
        pairs = [
            _bucket(f"b:{a} {b}", self.dim)
            for a, b in itertools.pairwise(words)
            if len(a) > 2 and len(b) > 2
        ]
        pair_idx = np.array([b for b, _ in pairs], dtype=np.int64)
        pair_val = np.array([0.5 * s for _, s in pairs], dtype=np.float32)
        idx = np.concatenate([p[0] for p in parts] + [pair_idx])
        val = np.concatenate([p[1] for p in parts] + [pair_val])
        vec = np.bincount(idx, weights=val, minlength=self.dim)
        return (np.sign(vec) * np.sqrt(np.abs(vec))).astype(np.float32)

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        """Vectors of ``texts`` (normalised by the caller)."""
        return np.stack([self._vector(t) for t in texts])

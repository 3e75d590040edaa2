"""Near-duplicate detection: MinHash signatures, LSH bands, exact Jaccard to confirm.

Each text becomes a set of word shingles; a signature is the minimum of ``num_perm``
universal hashes over the set. Texts whose signatures agree on a whole band become
candidates, and a candidate is a duplicate when the exact Jaccard of the shingle sets
reaches the threshold (so the hashing only finds pairs, it never decides).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

import numpy as np

from transforms.pairs.text import words

_PRIME = (1 << 31) - 1


def shingles(text: str, size: int = 2) -> set[str]:
    """Word ``size``-grams of ``text`` (the words themselves when shorter)."""
    toks = words(text)
    if len(toks) <= size:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i : i + size]) for i in range(len(toks) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """|a & b| / |a | b| (0 for two empty sets)."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


class MinHashIndex:
    """Keeps the first of every group of near-duplicate texts."""

    def __init__(self, threshold: float = 0.8, num_perm: int = 64, bands: int = 16, seed: int = 1):
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        rng = np.random.default_rng(seed)
        self.threshold = threshold
        self.bands = bands
        self.rows = num_perm // bands
        self._a = rng.integers(1, _PRIME, num_perm, dtype=np.uint64)
        self._b = rng.integers(0, _PRIME, num_perm, dtype=np.uint64)
        self._buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
        self._sets: list[set[str]] = []
        self._keys: list[str] = []

    def signature(self, items: set[str]) -> np.ndarray:
        """The MinHash signature of a set of shingles."""
        if not items:
            return np.full(len(self._a), _PRIME, dtype=np.uint64)
        hashed = np.fromiter(
            (
                int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest()) % _PRIME
                for s in items
            ),
            dtype=np.uint64,
            count=len(items),
        )
        return ((np.outer(self._a, hashed) + self._b[:, None]) % _PRIME).min(axis=1)

    def add(self, key: str, text: str) -> tuple[str, float] | None:
        """Index ``text``; return (key of the earlier near-duplicate, Jaccard) or None."""
        items = shingles(text)
        sig = self.signature(items)
        bands = [(b, sig[b * self.rows : (b + 1) * self.rows].tobytes()) for b in range(self.bands)]
        seen: set[int] = set()
        for band in bands:
            for other in self._buckets.get(band, ()):
                if other in seen:
                    continue
                seen.add(other)
                score = jaccard(items, self._sets[other])
                if score >= self.threshold:
                    return self._keys[other], score
        index = len(self._sets)
        self._sets.append(items)
        self._keys.append(key)
        for band in bands:
            self._buckets[band].append(index)
        return None

"""Near-duplicate detection: MinHash signatures over word shingles, LSH banding, clusters.

A text becomes the set of its word 3-grams (lower-cased, punctuation dropped), each
hashed to 32 bits (CRC-32 of the words combined). A signature is the minimum of 128
universal hashes (multiply-shift on 64 bits) over that set, so the share of equal
signature slots estimates the Jaccard similarity of two shingle sets. LSH splits the
signature into 32 bands of 4 rows; texts sharing a band are candidates (a pair with
Jaccard 0.7 becomes a candidate with probability 1 - (1 - 0.7^4)^32 = 0.9998, one with
0.3 with probability 0.23), and candidates are kept only when their estimated Jaccard
reaches the threshold. Kept pairs are joined into clusters (union-find).

Why 3-grams and 0.7 (``CorpusOptions.doc_threshold``/``chunk_threshold``): on generated
documents written from shared templates (tests/fixtures/corpus_cases.py), copies with 3%
of their words edited have a 3-gram Jaccard of 0.79-0.95 with their original, reordered
or re-headed copies 0.93-0.97, while distinct documents stay below 0.2; with 5-grams the
edited copies fall to 0.68 and would be missed at any threshold that is safe.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 3
_WORD = re.compile(r"\w+")
_rng = np.random.default_rng(20240611)  # fixed: signatures must be comparable across runs
_A = _rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1], dtype=np.uint64)
_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)


def shingles(text: str, size: int = SHINGLE) -> np.ndarray:
    """The distinct 32-bit hashes of ``text``'s word ``size``-grams."""
    words = _WORD.findall(text.lower())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    ids = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    if len(ids) < size:
        size = len(ids)
    acc = np.zeros(len(ids) - size + 1, dtype=np.uint64)
    for i in range(size):
        acc = acc * np.uint64(31) + ids[i : len(ids) - size + 1 + i] * _MIX[i]
    return np.unique(acc & np.uint64(0xFFFFFFFF))


def signature(hashes: np.ndarray, block: int = 2048) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32) of a set of shingle hashes."""
    if len(hashes) == 0:
        return _EMPTY.copy()
    out = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    for i in range(0, len(hashes), block):
        part = hashes[i : i + block, None]
        values = (part * _A[None, :] + _B[None, :]) >> np.uint64(32)
        np.minimum(out, values.min(axis=0), out=out)
    return out.astype(np.uint32)


def text_signature(text: str) -> np.ndarray:
    """Shingle ``text`` and return its signature."""
    return signature(shingles(text))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def near_duplicate_groups(
    signatures: Sequence[np.ndarray] | np.ndarray, threshold: float
) -> list[list[int]]:
    """Groups (of two or more indices) whose members are near-duplicates of each other.

    A member belongs to a group when its estimated Jaccard similarity with at least one
    other member reaches ``threshold``. Empty texts (all-max signatures) never match.
    """
    sigs = np.asarray(signatures, dtype=np.uint32).reshape(-1, NUM_PERM)
    n = len(sigs)
    uf = _UnionFind(n)
    empty = np.all(sigs == _EMPTY, axis=1)
    checked: set[tuple[int, int]] = set()
    for band in range(BANDS):
        cols = sigs[:, band * ROWS : (band + 1) * ROWS]
        buckets: dict[bytes, list[int]] = defaultdict(list)
        for i in range(n):
            if not empty[i]:
                buckets[cols[i].tobytes()].append(i)
        for members in buckets.values():
            if len(members) < 2:
                continue
            first = members[0]
            for other in members[1:]:
                pair = (first, other)
                if pair in checked or uf.find(first) == uf.find(other):
                    continue
                checked.add(pair)
                if jaccard(sigs[first], sigs[other]) >= threshold:
                    uf.union(first, other)
                else:  # compare with the others of the bucket as well
                    for third in members[1:]:
                        if third == other or uf.find(third) == uf.find(other):
                            continue
                        key = (min(third, other), max(third, other))
                        if key in checked:
                            continue
                        checked.add(key)
                        if jaccard(sigs[third], sigs[other]) >= threshold:
                            uf.union(third, other)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[uf.find(i)].append(i)
    return [g for g in groups.values() if len(g) > 1]

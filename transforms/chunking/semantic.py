"""The semantic step: group sentences by topic, inside sections, up to the target size.

With ``ChunkOptions.semantic`` the structure chunker cuts prose into sentence units and
hands them here. Every unit is embedded (one batch per document, cached by content), and
every gap between adjacent units of a section gets a similarity: the cosine between the
mean of the ``WINDOW`` units before the gap and of the ``WINDOW`` units after it (a
smoothed, TextTiling-style score). Units are then packed in order:

- a gap whose similarity is under the threshold, and lower than the gaps on either side,
  is a topic shift: a chunk never spans it, except that a topic segment smaller than a
  quarter of the target joins the neighbour it is more similar to;
- when the next unit does not fit (size, section, table window), the chunk is cut at its
  weakest gap in its second half rather than just before that unit;
- a heading stays with the unit that follows it.

The threshold is ``semantic_threshold`` when set, else the document's own lower quartile
of gap similarities, so that it adapts to the embedder's scale.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from transforms.model import RenderedDoc

if TYPE_CHECKING:
    from transforms.chunking.structure import HeadingChunker, Unit

WINDOW = 2
QUANTILE = 0.25
MIN_FRACTION = 0.25


def gap_similarities(vectors: np.ndarray, window: int = WINDOW) -> np.ndarray:
    """Similarity at each gap: ``out[i]`` is between units ``i-1`` and ``i`` (``out[0] = 1``)."""
    n = len(vectors)
    out = np.ones(n, dtype=np.float32)
    if n < 2:
        return out
    csum = np.vstack([np.zeros((1, vectors.shape[1]), np.float32), np.cumsum(vectors, axis=0)])
    for i in range(1, n):
        left = csum[i] - csum[max(0, i - window)]
        right = csum[min(n, i + window)] - csum[i]
        denom = float(np.linalg.norm(left) * np.linalg.norm(right))
        out[i] = float(left @ right) / denom if denom else 0.0
    return out


def semantic_groups(chunker: HeadingChunker, doc: RenderedDoc) -> Iterator[list[Unit]]:
    """Groups of units for :meth:`HeadingChunker._groups` in semantic mode."""
    sections = list(chunker.units(doc))
    flat = [u for units in sections for u in units]
    if not flat:
        return
    vectors = chunker.embedder.embed([doc.text[u.start : u.end] for u in flat])
    gaps: list[list[float]] = []
    pos = 0
    for units in sections:
        sims = gap_similarities(vectors[pos : pos + len(units)]).tolist()
        for i in range(1, len(units)):
            if units[i - 1].is_heading:  # a heading stays with what follows it
                sims[i] = float("inf")
        gaps.append(sims)
        pos += len(units)
    threshold = chunker.options.semantic_threshold
    if threshold <= 0:
        inner = [g for sims in gaps for g in sims[1:] if g != float("inf")]
        threshold = float(np.quantile(inner, QUANTILE)) if inner else 0.0
    min_tokens = max(1, int(chunker.target * MIN_FRACTION))
    carry: list[Unit] = []
    for units, sims in zip(sections, gaps, strict=True):
        segments = _topic_segments(units, sims, threshold, min_tokens)
        for n, (segment, segment_gaps) in enumerate(segments):
            if n == 0 and carry:
                segment, segment_gaps = carry + segment, [1.0] * len(carry) + segment_gaps
                carry = []
            groups = list(_pack(chunker, doc.text, segment, segment_gaps))
            if n == len(segments) - 1 and all(u.is_heading for u in groups[-1]):
                carry = groups.pop()
            yield from groups
    if carry:
        yield carry


def _topic_segments(units, sims, threshold: float, min_tokens: int):
    """Cut a section at topic shifts: gaps under ``threshold`` that are local minima.

    A segment smaller than ``min_tokens`` joins the neighbour it is more similar to.
    """
    n = len(units)
    cuts = [
        i
        for i in range(1, n)
        if sims[i] < threshold and sims[i] <= sims[i - 1] and (i + 1 == n or sims[i] <= sims[i + 1])
    ]
    bounds = [0, *cuts, n]
    segments = [list(range(a, b)) for a, b in itertools.pairwise(bounds)]
    while len(segments) > 1:
        sizes = [sum(units[i].tokens for i in seg) for seg in segments]
        small = min(range(len(segments)), key=sizes.__getitem__)
        if sizes[small] >= min_tokens:
            break
        left = sims[segments[small][0]] if small > 0 else -np.inf
        right = sims[segments[small + 1][0]] if small + 1 < len(segments) else -np.inf
        other = small - 1 if left >= right else small + 1
        lo, hi = sorted((small, other))
        segments[lo : hi + 1] = [segments[lo] + segments[hi]]
    return [([units[i] for i in seg], [sims[i] for i in seg]) for seg in segments]


def _pack(chunker: HeadingChunker, text: str, units: list[Unit], gaps: list[float]):
    """Pack one topic segment by size; a full group is cut at its weakest gap."""
    group: list[Unit] = []
    group_gaps: list[float] = []
    for unit, sim in zip(units, gaps, strict=True):
        while group and not chunker.fits(text, group, unit):
            k = _weakest_cut(group, group_gaps, chunker.target)
            yield group[:k]
            group, group_gaps = group[k:], group_gaps[k:]
        group.append(unit)
        group_gaps.append(sim)
    if group:
        yield group


def _weakest_cut(group: list[Unit], gaps: list[float], target: int) -> int:
    """Where to cut a full group: its weakest gap with at least half the target before it."""
    best, best_sim = len(group), float("inf")
    size = 0
    for k in range(1, len(group)):
        size += group[k - 1].tokens
        if size >= target // 2 and gaps[k] < best_sim:
            best, best_sim = k, gaps[k]
    return best

"""The semantic step: group sentences by topic, inside sections, up to the target size.

With ``ChunkOptions.semantic`` the structure chunker cuts prose into sentence units and
hands them here. Every unit is embedded (one batch per document, cached by content), and
every gap between adjacent units of a section gets a similarity: the cosine between the
mean of the ``WINDOW`` units before the gap and of the ``WINDOW`` units after it (a
smoothed, TextTiling-style score). Units are then packed in order:

- a gap whose similarity is under the threshold is a topic shift: the chunk ends there,
  once it holds at least a quarter of the target;
- when the next unit does not fit (size, section, table window), the chunk is cut at its
  weakest gap in its second half rather than just before that unit.

The threshold is ``semantic_threshold`` when set, else the document's own lower quartile
of gap similarities, so that it adapts to the embedder's scale.
"""

from __future__ import annotations

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
    gaps: list[np.ndarray] = []
    pos = 0
    for units in sections:
        gaps.append(gap_similarities(vectors[pos : pos + len(units)]))
        pos += len(units)
    threshold = chunker.options.semantic_threshold
    if threshold <= 0:
        inner = np.concatenate([g[1:] for g in gaps]) if flat else np.zeros(0)
        threshold = float(np.quantile(inner, QUANTILE)) if len(inner) else 0.0
    min_tokens = max(1, int(chunker.target * MIN_FRACTION))
    text = doc.text
    carry: list[Unit] = []
    carry_gaps: list[float] = []
    for units, sims in zip(sections, gaps, strict=True):
        group, group_gaps = carry, carry_gaps
        carry, carry_gaps = [], []
        for unit, sim in zip(units, sims.tolist(), strict=True):
            if group and not all(u.is_heading for u in group):
                size = sum(u.tokens for u in group)
                if sim < threshold and size >= min_tokens:
                    yield group
                    group, group_gaps = [], []
                else:
                    while group and not chunker.fits(text, group, unit):
                        k = _weakest_cut(group, group_gaps, chunker.target)
                        yield group[:k]
                        group, group_gaps = group[k:], group_gaps[k:]
            elif group and not chunker.fits(text, group, unit):
                yield group
                group, group_gaps = [], []
            group.append(unit)
            group_gaps.append(sim)
        if group and all(u.is_heading for u in group):
            carry, carry_gaps = group, group_gaps
        elif group:
            yield group
    if carry:
        yield carry


def _weakest_cut(group: list[Unit], gaps: list[float], target: int) -> int:
    """Where to cut a full group: its weakest gap with at least half the target before it."""
    best, best_sim = len(group), float("inf")
    size = 0
    for k in range(1, len(group)):
        size += group[k - 1].tokens
        if size >= target // 2 and gaps[k] < best_sim:
            best, best_sim = k, gaps[k]
    return best

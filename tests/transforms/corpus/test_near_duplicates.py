"""MinHash/LSH near duplicates: recall on generated near copies, false positives on distinct."""

from __future__ import annotations

import itertools
import random

import numpy as np

from tests.fixtures import corpus_cases as cc
from transforms.corpus.minhash import (
    NUM_PERM,
    jaccard,
    near_duplicate_groups,
    shingles,
    text_signature,
)


def _same_group(groups: list[list[int]]) -> dict[int, int]:
    return {i: g for g, members in enumerate(groups) for i in members}


def test_near_copies_are_found_and_distinct_documents_are_not():
    docs, pairs = cc.near_copy_pairs(seed=11, n=40)
    sigs = np.stack([text_signature("\n\n".join(d)) for d in docs])
    group = _same_group(near_duplicate_groups(sigs, 0.7))
    found = sum(1 for a, b in pairs if a in group and group.get(a) == group.get(b))
    recall = found / len(pairs)
    originals = range(0, len(docs), 4)
    distinct_pairs = list(itertools.combinations(originals, 2))
    false = sum(1 for a, b in distinct_pairs if a in group and group.get(a) == group.get(b))
    assert recall >= 0.95, recall
    assert false == 0, false
    assert len({group[i] for i in group}) == 40  # one cluster per original


def test_signature_estimates_jaccard():
    rng = random.Random(2)
    a = cc.document(rng)
    b = cc.edit_words(rng, a, rate=0.03)
    ta, tb = "\n\n".join(a), "\n\n".join(b)
    sa, sb = set(shingles(ta).tolist()), set(shingles(tb).tolist())
    exact = len(sa & sb) / len(sa | sb)
    assert abs(jaccard(text_signature(ta), text_signature(tb)) - exact) < 0.12
    assert text_signature(ta).shape == (NUM_PERM,)
    assert (text_signature(ta) == text_signature(ta)).all()  # deterministic


def test_empty_and_tiny_texts():
    sigs = np.stack([text_signature(""), text_signature(""), text_signature("ok ok")])
    assert near_duplicate_groups(sigs, 0.7) == []  # empty texts never match
    same = np.stack([text_signature("Total 12"), text_signature("total 12!")])
    assert near_duplicate_groups(same, 0.7) == [[0, 1]]

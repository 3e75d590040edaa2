"""Train/eval split by document and the eval-against-train overlap."""

from __future__ import annotations

from datetime import UTC, datetime

from transforms.pairs.build import build_pairs
from transforms.pairs.options import PairOptions
from transforms.pairs.split import overlap_report, split_documents

DOCS = [f"doc{i}" for i in range(20)]


def test_split_is_by_document_and_seeded():
    a = split_documents(DOCS, 0.25, seed=1)
    assert a == split_documents(reversed(DOCS), 0.25, seed=1)
    assert sum(v == "eval" for v in a.values()) == 5
    assert a != split_documents(DOCS, 0.25, seed=2)


def test_small_collections_keep_a_train_document():
    assert list(split_documents(["only"], 0.5, 0).values()) == ["train"]
    two = split_documents(["a", "b"], 0.1, 0)
    assert sorted(two.values()) == ["eval", "train"]
    assert set(split_documents(DOCS, 0.0, 0).values()) == {"train"}


def test_no_document_in_both_splits(corpus):
    build = build_pairs(corpus, PairOptions(eval_fraction=0.3), datetime(2026, 1, 1, tzinfo=UTC))
    splits = {}
    for p in build.pairs:
        splits.setdefault(p.doc_id, set()).add(p.split)
    assert all(len(s) == 1 for s in splits.values())
    assert {"train", "eval"} <= {p.split for p in build.pairs}
    assert build.report["split"]["eval"] == sum(p.split == "eval" for p in build.pairs)


def test_overlap_report_counts_shared_ngrams():
    train = [("d1", "one two three four five six"), ("d2", "alpha beta gamma delta")]
    report = overlap_report(train, ["one two three four zzz", "omega psi chi phi"], n=3)
    # eval 1: 3 trigrams, 2 in train; eval 2: none
    assert report["share_any"] == 0.5
    assert abs(report["mean_overlap"] - (2 / 3) / 2) < 1e-9
    assert report["share_half"] == 0.5


def test_template_wording_is_not_counted_as_leakage():
    template = "fill in the blank in this sentence"
    train = [(f"d{i}", f"{template} word{i} unique{i} text{i}") for i in range(10)]
    report = overlap_report(train, [f"{template} brand new eval content"], n=3)
    assert report["raw_share_any"] == 1.0
    assert report["share_any"] == 0.0 and report["template_ngrams"] >= 5
    leaked = overlap_report(train, ["word3 unique3 text3 and more"], n=3)
    assert leaked["share_any"] == 1.0

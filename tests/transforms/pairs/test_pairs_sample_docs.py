"""Offline generators on the project's sample_docs/, converted by the real pipeline."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.convert import run_parquet
from flows.settings import load_config
from transforms.pairs.build import build_pairs
from transforms.pairs.options import PairOptions
from transforms.pairs.store import load_corpus

SAMPLE_DOCS = Path(__file__).resolve().parents[3] / "sample_docs"


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    if not SAMPLE_DOCS.is_dir():
        pytest.skip("sample_docs/ not present")
    out = tmp_path_factory.mktemp("sample-pairs") / "out"
    assert run_parquet([SAMPLE_DOCS], out, load_config()).summary.failed == 0
    corpus = load_corpus(out)
    options = PairOptions(context="closed", max_per_chunk=50, eval_fraction=0.2)
    return corpus, build_pairs(corpus, options, datetime(2026, 1, 1, tzinfo=UTC))


def test_every_format_of_sample_docs_yields_pairs(build):
    _, result = build
    sources = {p.source_uri.rsplit("/", 1)[-1] for p in result.pairs}
    assert sources == {p.name for p in SAMPLE_DOCS.iterdir() if p.is_file()}
    assert {p.task for p in result.pairs} >= {"section", "table", "cloze", "about", "text"}
    assert result.report["dropped"] < 0.2 * result.report["candidates"]


def test_csv_lookups_are_the_cells(build):
    _, result = build
    with (SAMPLE_DOCS / "water-quality.csv").open(newline="") as fh:
        rows = {r["sample_id"]: r for r in csv.DictReader(fh)}
    lookups = [p for p in result.pairs if p.task == "table" and "water-quality" in p.source_uri]
    assert len(lookups) >= 10
    for p in lookups:
        question, answer = p.messages[0].content, p.messages[-1].content
        sample = next(s for s in rows if f" {s}" in question)
        column = next(k for k in rows[sample] if f"the {k} " in question)
        assert answer == f"The {column} for {sample} is {rows[sample][column]}."


def test_pairs_point_back_into_their_documents(build):
    corpus, result = build
    for p in result.pairs:
        doc = corpus.documents[p.doc_id]
        assert 0 <= p.evidence_start < p.evidence_end <= len(doc.text)
        assert set(p.chunk_ids) <= {c.chunk_id for c in corpus.chunks if c.doc_id == p.doc_id}
    split_of = {}
    for p in result.pairs:
        assert split_of.setdefault(p.doc_id, p.split) == p.split

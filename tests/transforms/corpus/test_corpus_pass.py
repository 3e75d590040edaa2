"""The corpus pass end to end on generated files: flag and drop modes, re-runs, duplicates."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tests.fixtures import corpus_cases as cc
from transforms.config import CorpusOptions, PipelineConfig, QualityOptions
from transforms.corpus import run_corpus_pass
from transforms.validate import validate_output


def _write_corpus(folder: Path, seed: int = 3) -> dict[str, str]:
    """8 distinct reports (5 with the disclaimer), 3 near copies, 1 exact copy, 1 noisy.

    The copies sort after their originals: the smallest source URI of a cluster is kept.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    originals = []
    for i in range(8):
        paragraphs = cc.document(rng, paragraphs=6)
        originals.append(paragraphs)
        if i < 5:
            paragraphs = [*paragraphs, cc.DISCLAIMER]
        names[f"report-{i}.md"] = cc.markdown(f"Report {i}", paragraphs)
    names["x-copy-edited.md"] = cc.markdown("Report 0", cc.edit_words(rng, originals[0]))
    names["x-copy-reordered.md"] = cc.markdown("Report 1", cc.reorder(rng, originals[1]))
    names["x-copy-rewrapped.md"] = cc.markdown("Mirror", cc.rewrap(rng, originals[2]))
    names["same-bytes.md"] = names["report-3.md"]
    noise = "".join(rng.choice("#%&*=|~^") for _ in range(600))
    names["noisy.md"] = cc.markdown("Noise", [*cc.document(rng, paragraphs=1), noise])
    for name, text in names.items():
        (folder / name).write_text(text, encoding="utf-8")
    return names


def _run(inputs: Path, out: Path, config: PipelineConfig):
    """``docmill convert``: an incremental run (batches of 4), then the corpus pass."""
    from flows.convert import run_parquet

    return run_parquet([inputs], out, config, batch_size=4, workers=0).corpus


def _rows(out: Path, dataset: str) -> list[dict]:
    folder = out / dataset
    if not folder.is_dir():
        return []
    return ds.dataset(folder, format="parquet").to_table().to_pylist()


def _name(row) -> str:
    return row["source_uri"].rsplit("/", 1)[-1]


@pytest.fixture
def corpus(tmp_path) -> Path:
    _write_corpus(tmp_path / "in")
    return tmp_path / "in"


def test_flag_mode_marks_without_removing(corpus, tmp_path):
    out = tmp_path / "out"
    summary = _run(corpus, out, PipelineConfig())
    assert validate_output(out)[0] == []
    docs = {_name(d): d for d in _rows(out, "documents")}
    assert len(docs) == 12  # same-bytes.md is report-3.md
    meta = {kv["key"]: kv["value"] for kv in docs["report-3.md"]["metadata"]}
    assert meta["duplicate_uris"].endswith("/same-bytes.md")
    clusters = {n: d["near_dup_cluster"] for n, d in docs.items()}
    assert clusters["report-0.md"] and clusters["report-0.md"] == clusters["x-copy-edited.md"]
    assert clusters["report-1.md"] and clusters["report-1.md"] == clusters["x-copy-reordered.md"]
    assert clusters["report-2.md"] and clusters["report-2.md"] == clusters["x-copy-rewrapped.md"]
    assert len({c for c in clusters.values() if c}) == 3
    assert sum(1 for c in clusters.values() if c) == 6
    assert summary.doc_clusters == 3 and summary.docs_in_clusters == 6
    assert summary.boilerplate_blocks == 5 and not summary.dropped
    flagged = [c for c in _rows(out, "chunks") if c["boilerplate"]]
    assert {_name(c) for c in flagged} == {f"report-{i}.md" for i in range(5)}
    assert all(cc.DISCLAIMER in c["text"] for c in flagged)
    assert _rows(out, "dropped") == []


def test_drop_mode_removes_and_reports(corpus, tmp_path):
    out = tmp_path / "out"
    config = PipelineConfig(
        corpus=CorpusOptions(near_duplicates="drop", boilerplate="drop"),
        quality=QualityOptions(min_alnum_ratio=0.5),
    )
    summary = _run(corpus, out, config)
    assert validate_output(out)[0] == []
    docs = {_name(d): d for d in _rows(out, "documents")}
    assert set(docs) == {f"report-{i}.md" for i in range(8)} | {"noisy.md"}
    assert all(cc.DISCLAIMER not in d["text"] for d in docs.values())
    chunks = _rows(out, "chunks")
    assert all(cc.DISCLAIMER not in c["text"] for c in chunks)
    dropped = _rows(out, "dropped")
    steps = sorted((r["step"], _name(r), r["chunk_id"] is None) for r in dropped)
    near = [s for s in steps if s[0] == "near_duplicate"]
    copies = ["x-copy-edited.md", "x-copy-reordered.md", "x-copy-rewrapped.md"]
    assert [n for _, n, _ in near] == copies
    assert sum(1 for s in steps if s[0] == "boilerplate" and s[2]) == 5  # blocks cut
    quality = [r for r in dropped if r["step"] == "quality"]
    assert quality and all(_name(r) == "noisy.md" for r in quality)
    assert quality[0]["reason"].startswith("alnum_ratio")
    kept_ids = {r["kept_id"] for r in dropped if r["step"] == "near_duplicate"}
    assert kept_ids == {docs[f"report-{i}.md"]["doc_id"] for i in range(3)}
    assert summary.dropped["near_duplicate:documents"] == 3
    assert summary.dropped["boilerplate:blocks"] == 5
    by_doc = {}
    for c in chunks:
        by_doc.setdefault(c["doc_id"], []).append(c)
    for d in docs.values():
        assert d["n_chunks"] == len(by_doc.get(d["doc_id"], []))


def test_rerun_is_reused_and_growth_equals_a_fresh_run(corpus, tmp_path):
    config = PipelineConfig(corpus=CorpusOptions(near_duplicates="drop", boilerplate="drop"))
    out = tmp_path / "out"
    _run(corpus, out, config)
    assert _run(corpus, out, config).reused
    # new files arrive (named to sort last, so the first batches keep their keys): the
    # incremental output must equal a fresh run's
    rng = random.Random(9)
    text = (corpus / "report-5.md").read_text()
    (corpus / "zz-late-copy.md").write_text(text.replace("Report 5", "Report 5 (mirror)"))
    (corpus / "zz-late-new.md").write_text(cc.markdown("New", [*cc.document(rng), cc.DISCLAIMER]))
    again = _run(corpus, out, config)
    assert not again.reused
    assert list((out / "_corpus" / "raw" / "chunks").glob("*.parquet"))  # kept batches reused
    fresh = tmp_path / "fresh"
    _run(corpus, fresh, config)

    def content(folder, dataset, keys):
        rows = _rows(folder, dataset)
        return sorted(tuple(str(r[k]) for k in keys) for r in rows)

    assert content(out, "chunks", ["chunk_id", "text", "near_dup_cluster"]) == content(
        fresh, "chunks", ["chunk_id", "text", "near_dup_cluster"]
    )
    assert content(out, "dropped", ["doc_id", "step", "text"]) == content(
        fresh, "dropped", ["doc_id", "step", "text"]
    )
    assert validate_output(out)[0] == []


def test_turning_the_pass_off_restores_raw_parts(corpus, tmp_path):
    out = tmp_path / "out"
    config = PipelineConfig(corpus=CorpusOptions(boilerplate="drop"))
    _run(corpus, out, config)
    off = replace(config, corpus=CorpusOptions(enabled=False))
    # same batch keys would need the same config hash: simulate by running the pass only
    run_corpus_pass(out, off)
    chunks = _rows(out, "chunks")
    assert any(cc.DISCLAIMER in c["text"] for c in chunks)
    assert _rows(out, "dropped") == []
    assert validate_output(out)[0] == []


def test_a_changed_file_in_a_cleaned_output_equals_a_fresh_run(corpus, tmp_path):
    # the incremental run rewrites the changed file's part from its raw copy (the pass's
    # rewritten version would be cleaned twice), then the pass runs again over all parts
    config = PipelineConfig(corpus=CorpusOptions(near_duplicates="drop", boilerplate="drop"))
    out = tmp_path / "out"
    _run(corpus, out, config)
    path = corpus / "report-6.md"
    path.write_text(path.read_text().replace("Report 6", "Report 6 (revised)"))
    _run(corpus, out, config)
    fresh = tmp_path / "fresh"
    _run(corpus, fresh, config)
    for dataset, keys in (
        ("chunks", ["chunk_id", "text", "near_dup_cluster"]),
        ("documents", ["doc_id", "text"]),
        ("dropped", ["doc_id", "step", "text"]),
    ):
        rows = sorted(tuple(str(r[k]) for k in keys) for r in _rows(out, dataset))
        assert rows == sorted(tuple(str(r[k]) for k in keys) for r in _rows(fresh, dataset))
    assert validate_output(out)[0] == []

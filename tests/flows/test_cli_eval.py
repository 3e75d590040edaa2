"""`docmill eval retrieval` and `docmill export --to lancedb`, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from flows.cli import main

GUIDE = """# Field Guide

Intro to the guide for crews.

## Flushing

Open the hydrant slowly and let the water run until it is clear and the turbidity reading
is below one unit.

## Billing

Invoices are mailed on the first business day of each month and are due in three weeks.

## Safety

Wear high-visibility vests and place cones around the work area before opening a hydrant.
"""


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("eval")
    (root / "in").mkdir()
    (root / "in" / "guide.md").write_text(GUIDE, encoding="utf-8")
    (root / "in" / "notes.txt").write_text("Unrelated notes about gardening.\n", encoding="utf-8")
    result = _run("convert", root / "in", "-o", root / "out", "--no-progress")
    assert result.exit_code == 0, result.output
    return root / "out"


def _questions(path: Path) -> Path:
    rows = [
        {
            "question": "When are invoices due?",
            "doc": "guide.md",
            "quotes": ["are due in three weeks"],
        },
        {
            "question": "What to wear near hydrants?",
            "doc": "guide.md",
            "quotes": ["Wear high-visibility vests"],
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_eval_retrieval_prints_a_table_of_chunkings(out, tmp_path):
    q = _questions(tmp_path / "q.jsonl")
    result = _run(
        "eval", "retrieval", out, "--questions", q, "-k", "1",
        "--config", "target_tokens=24,max_tokens=48",
        "--config", "method=fixed,target_tokens=24",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("2 questions, 2 documents, embedder hash-v1:512, top 1")
    labels = [line.split("  ")[0] for line in lines[3:]]
    assert labels == [
        "as written in OUT",
        "target_tokens=24,max_tokens=48",
        "method=fixed,target_tokens=24",
    ]
    structure = lines[4].split()
    assert float(structure[-3]) == 1.0  # recall@1 of the section-sized chunks


def test_eval_retrieval_json_and_toml_config(out, tmp_path):
    q = _questions(tmp_path / "q.jsonl")
    toml = tmp_path / "small.toml"
    toml.write_text("[chunking]\ntarget_tokens = 32\nmethod = 'recursive'\n", encoding="utf-8")
    result = _run(
        "eval", "retrieval", out, "--questions", q, "--config", toml, "--no-written", "--json"
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert [s["label"] for s in scores] == ["small"]
    assert len(scores[0]["per_question"]) == 2


def test_eval_retrieval_usage_errors(out, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "x", "doc": "guide.md", "quotes": ["not in the text"]}\n')
    result = _run("eval", "retrieval", out, "--questions", bad)
    assert result.exit_code == 2 and "quote not in" in result.output
    q = _questions(tmp_path / "q.jsonl")
    result = _run("eval", "retrieval", out, "--questions", q, "--config", "method=magic")
    assert result.exit_code == 2 and "chunking.method must be" in result.output
    result = _run("eval", "retrieval", out, "--questions", q, "--embedder", "st:/no/such/model")
    assert result.exit_code == 2 and "no model folder" in result.output


def test_export_lancedb_and_search_it(out, tmp_path):
    lancedb = pytest.importorskip("lancedb")
    db_path = tmp_path / "index"
    result = _run("export", out, "--to", "lancedb", db_path)
    assert result.exit_code == 0, result.output
    table = lancedb.connect(str(db_path)).open_table("chunks")
    rows = table.to_arrow()
    assert rows.num_rows == int(result.output.split()[2])
    assert (table.schema.metadata or {})[b"docmill.embedder"] == b"hash-v1:512"
    from transforms.embed import get_embedder

    query = get_embedder("hash").embed(["when are the invoices due each month"])[0]
    hits = table.search(query).metric("cosine").limit(3).to_list()
    assert "Invoices are mailed" in hits[0]["text"]
    assert hits[0]["heading_path"] == ["Field Guide", "Billing"]
    assert hits[0]["text_to_embed"] == "Field Guide > Billing\n\n" + hits[0]["text"]
    assert hits[0]["source_uri"].endswith("guide.md") and len(hits[0]["vector"]) == 512


def test_export_without_chunks_fails_cleanly(tmp_path):
    (tmp_path / "empty").mkdir()
    result = _run("export", tmp_path / "empty", "--to", "lancedb", tmp_path / "index")
    assert result.exit_code == 1 and "no chunk files" in result.output

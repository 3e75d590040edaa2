"""``docmill pairs`` in-process: offline and against the loopback LLM server."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from datasets import load_dataset

from flows.cli import main
from schemas import PAIR_RECORD_TYPES, arrow_schema, from_rows
from tests.loopback_llm import LoopbackLLM
from tests.pairs_fixtures import write_docs


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cli-pairs")
    docs = write_docs(root / "docs")
    result = _run("convert", docs, "-o", root / "out", "--no-progress")
    assert result.exit_code == 0, result.output
    return root / "out"


def _records(pairs_dir: Path, dataset: str) -> list:
    files = sorted((pairs_dir / dataset).glob("*.parquet"))
    assert len(files) == 1
    table = pq.read_table(files[0])
    model = PAIR_RECORD_TYPES[dataset]
    assert table.schema.equals(arrow_schema(model, dataset), check_metadata=False)
    assert table.schema.metadata[b"docmill.record_type"] == dataset.encode()
    return from_rows(table.to_pylist(), model)


def test_offline_pairs_end_to_end(out, tmp_path):
    pairs_dir = tmp_path / "pairs"
    result = _run("pairs", out, "-o", pairs_dir, "--eval-fraction", "0.25", "--context", "closed")
    assert result.exit_code == 0, result.output
    assert "docmill pairs:" in result.output and "near_duplicate" in result.output
    pairs = _records(pairs_dir, "pairs")
    _records(pairs_dir, "dropped")
    report = json.loads((pairs_dir / "report.json").read_text())
    assert report["kept"] == len(pairs) > 20
    assert {p.task for p in pairs} >= {"section", "table", "definition", "cloze", "about", "text"}
    assert {p.split for p in pairs} == {"train", "eval"}
    export = pairs_dir / "export"
    info = json.loads((export / "dataset_info.json").read_text())
    cache = str(tmp_path / ".hf-cache")
    for entry in info.values():
        ds = load_dataset(
            "json", data_files=str(export / entry["file_name"]), split="train", cache_dir=cache
        )
        assert ds.num_rows > 0
    card = (pairs_dir / "README.md").read_text()
    assert card.startswith("---\nconfigs:") and "## Quality gates" in card
    # the card's configs make the folder loadable by name
    openai = load_dataset(str(pairs_dir), "openai", cache_dir=cache)
    assert set(openai) == {"train", "eval"}
    chat = sum(p.kind == "chat" for p in pairs)
    assert openai["train"].num_rows + openai["eval"].num_rows == chat


def test_llm_pairs_stream_with_faults_then_resume(out, tmp_path):
    pairs_dir = tmp_path / "pairs"
    with LoopbackLLM() as llm:
        llm.queue("429", "malformed", "500")
        args = ["pairs", out, "-o", pairs_dir, "-g", "llm-qa", "-g", "llm-chat", "-g", "table"]
        args += ["--base-url", llm.base_url, "--model", "loop", "--stream", "--no-progress"]
        args += ["--backoff", "0"]
        first = _run(*args)
        assert first.exit_code == 0, first.output
        assert "3 retries" in first.output
        served = llm.stats["requests"]
        second = _run(*args)
        assert second.exit_code == 0
        assert llm.stats["requests"] == served  # nothing asked twice
        assert f"0 requests, 0 retries, {served - 3} answered from the cache" in second.output
    pairs = _records(pairs_dir, "pairs")
    assert {p.task for p in pairs} == {"qa", "chat", "table"}
    assert (pairs_dir / "cache" / "llm-replies.jsonl").is_file()


def test_failed_requests_exit_1(out, tmp_path):
    with LoopbackLLM() as llm:
        llm.queue(*["500"] * 3)
        result = _run(
            "pairs",
            out,
            "-o",
            tmp_path / "p",
            "-g",
            "llm-qa",
            "--base-url",
            llm.base_url,
            "--model",
            "m",
            "--max-retries",
            "2",
            "--backoff",
            "0",
            "--concurrency",
            "1",
            "--no-progress",
        )
    assert result.exit_code == 1
    assert "1 LLM requests failed; run again to retry them" in result.output


def test_usage_errors(out, tmp_path):
    result = _run("pairs", out, "-o", tmp_path / "p", "-g", "llm")
    assert result.exit_code == 2 and "--base-url" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _run("pairs", empty, "-o", tmp_path / "p")
    assert result.exit_code == 2 and "no chunk records" in result.output

"""Exports derived from PairRecords, each loaded back with datasets.load_dataset."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from datasets import load_dataset

from schemas import MessageRecord, PairRecord
from transforms.pairs.export import (
    FORMATS,
    alpaca,
    prompt_completion,
    sharegpt,
    write_dataset_info,
    write_exports,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def load_json(path, tmp_path):
    """Load one export the way a trainer does (cache kept inside the test's folder)."""
    return load_dataset(
        "json", data_files=str(path), split="train", cache_dir=str(tmp_path / ".hf-cache")
    )


def record(pair_id, messages=None, text=None, split="train", task="qa"):
    return PairRecord(
        pair_id=pair_id,
        kind="text" if text else "chat",
        task="text" if text else task,
        generator="test",
        prompt_hash="p",
        messages=[MessageRecord(role=r, content=c) for r, c in (messages or [])],
        text=text,
        doc_id="d",
        chunk_ids=["c"],
        source_uri="file:///d.md",
        heading_path=[],
        token_count=10,
        split=split,
        pipeline_version="0",
        created_at=NOW,
    )


MULTI = record(
    "m1",
    [
        ("system", "Be brief."),
        ("user", "What is a russet?"),
        ("assistant", "An apple with a rough skin."),
        ("user", "What does the skin feel like?"),
        ("assistant", "Fine sandpaper."),
    ],
)
SINGLE = record("s1", [("user", "What is an anemometer?"), ("assistant", "A wind-speed device.")])
EVAL = record("e1", [("user", "Who calibrates?"), ("assistant", "Technicians.")], split="eval")
TEXT = record("t1", text="# Orchard Notes\n\nWinter pruning ...")
PAIRS = [MULTI, SINGLE, EVAL, TEXT]


def test_multi_turn_in_each_format():
    a = alpaca(MULTI)
    assert a["instruction"] == "What does the skin feel like?" and a["output"] == "Fine sandpaper."
    assert a["history"] == [["What is a russet?", "An apple with a rough skin."]]
    assert a["system"] == "Be brief."
    s = sharegpt(MULTI)
    assert [t["from"] for t in s["conversations"]] == ["human", "gpt", "human", "gpt"]
    assert s["system"] == "Be brief."
    pc = prompt_completion(MULTI)
    assert pc["prompt"].startswith("Be brief.\n\nUser: What is a russet?")
    assert pc["prompt"].endswith("User: What does the skin feel like?\n\nAssistant:")
    assert pc["completion"] == "Fine sandpaper."
    assert prompt_completion(SINGLE)["prompt"] == "What is an anemometer?"


def test_every_export_loads_with_datasets(tmp_path):
    written = write_exports(PAIRS, tmp_path)
    assert set(written) == {*FORMATS, "alpaca-json"}
    expected = {"train": {"chat": 2, "text": 1}, "eval": {"chat": 1, "text": 0}}
    for fmt, files in written.items():
        for split, name in files.items():
            ds = load_json(tmp_path / name, tmp_path)
            kind = "text" if fmt == "text" else "chat"
            assert ds.num_rows == expected[split][kind], (fmt, split)
    assert "text_eval.jsonl" not in {n for f in written.values() for n in f.values()}
    openai_rows = [
        json.loads(x) for x in (tmp_path / "openai_train.jsonl").read_text().splitlines()
    ]
    assert set(openai_rows[0]) == {"messages"}
    assert openai_rows[0]["messages"][0] == {"role": "system", "content": "Be brief."}


def test_dataset_info_points_at_written_files(tmp_path):
    written = write_exports(PAIRS, tmp_path, ("alpaca", "sharegpt", "openai", "text"))
    info = json.loads(write_dataset_info(written, tmp_path).read_text())
    for entry in info.values():
        assert (tmp_path / entry["file_name"]).is_file()
    assert info["docmill_sharegpt_train"]["formatting"] == "sharegpt"
    assert info["docmill_sharegpt_train"]["tags"]["user_tag"] == "human"
    assert info["docmill_openai_train"]["columns"] == {"messages": "messages"}
    assert info["docmill_alpaca_train"]["columns"]["history"] == "history"
    assert info["docmill_text_train"]["columns"] == {"prompt": "text"}


def test_stale_files_are_removed(tmp_path):
    write_exports(PAIRS, tmp_path)
    write_exports([SINGLE], tmp_path, ("openai",))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["openai_train.jsonl"]


@pytest.mark.parametrize("fmt", ["alpaca", "sharegpt", "prompt-completion"])
def test_unicode_survives(tmp_path, fmt):
    p = record("u", [("user", "Qu'est-ce qu'un « quai » ?"), ("assistant", "부두 — a wharf.")])
    written = write_exports([p], tmp_path, (fmt,))
    ds = load_json(tmp_path / written[fmt]["train"], tmp_path)
    assert "부두" in json.dumps(ds[0], ensure_ascii=False)

"""Corpus cleaning through the CLI: a TOML configuration, the summary line, inspect, validate."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from flows.cli import main
from flows.settings import SettingsError, load_config

DISCLAIMER = (
    "This page is provided for information only and does not replace the official notice "
    "published by the records office."
)


def _corpus(folder: Path) -> None:
    folder.mkdir()
    topics = ["pumps", "meters", "hydrants", "tanks"]
    for i, topic in enumerate(topics):
        body = f"# Notes on {topic}\n\nThe crew checked the {topic} in district {i} on Monday "
        body += f"and wrote down what they found for the {topic} team.\n\n"
        body += f"Questions go to desk{i}@example.org or +44 20 7946 09{i}{i}.\n\n{DISCLAIMER}\n"
        (folder / f"{topic}.md").write_text(body, encoding="utf-8")
    (folder / "pumps-copy.md").write_text((folder / "pumps.md").read_text() + "\nThanks.\n")


def test_convert_with_cleaning_config(tmp_path):
    _corpus(tmp_path / "in")
    config = tmp_path / "docmill.toml"
    config.write_text(
        '[pii]\nmode = "redact"\n[corpus]\nnear_duplicates = "drop"\nboilerplate = "drop"\n'
        "boilerplate_min_docs = 3\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(
        main, ["convert", str(tmp_path / "in"), "-o", str(out), "--config", str(config)]
    )
    assert result.exit_code == 0, result.output
    assert "docmill: corpus: 2 documents in 1 near-duplicate clusters" in result.output
    assert "5 boilerplate blocks" in result.output  # the copy counts: boilerplate goes first
    assert "1 near_duplicate:documents" in result.output
    assert runner.invoke(main, ["validate", str(out)]).exit_code == 0
    stats = json.loads(runner.invoke(main, ["inspect", str(out), "--json"]).output)
    assert stats["documents"] == 4
    assert stats["dropped_by_step"] == {"boilerplate": 5, "near_duplicate": 1}
    texts = ds.dataset(out / "chunks", format="parquet").to_table(columns=["text"])["text"]
    joined = "\n".join(texts.to_pylist())
    assert "[EMAIL]" in joined and "[PHONE]" in joined and "@example.org" not in joined
    assert DISCLAIMER not in joined
    again = runner.invoke(
        main, ["convert", str(tmp_path / "in"), "-o", str(out), "--config", str(config)]
    )
    assert "(already applied)" in again.output


@pytest.mark.parametrize(
    "overrides",
    [
        {"pii": {"mode": "hide"}},
        {"corpus": {"near_duplicates": "delete"}},
        {"corpus": {"boilerplate_scope": "site"}},
        {"pii": {"patterns": ["no label"]}},
        {"pii": {"patterns": ["bad=("]}},
    ],
)
def test_bad_cleaning_settings(overrides):
    with pytest.raises(SettingsError):
        load_config(None, overrides)

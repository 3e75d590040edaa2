"""Every CLI command, run in-process with Click's CliRunner."""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from flows.cli import main

GOOD = {
    "notes/guide.md": "# Guide\n\nIntro paragraph.\n\n## Setup\n\n- step one\n- step two\n",
    "data.csv": "region,sales\nNorth,1204\nSouth,988\n",
    "readme.txt": "Plain text first paragraph.\n\nSecond paragraph.\n",
}


def _write_good(folder: Path) -> None:
    for rel, text in GOOD.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _write_bad(folder: Path) -> dict[str, str]:
    """Bad inputs and the stage each must fail in."""
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(random.Random(1).randbytes(2000)))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.bin").write_bytes(bytes(random.Random(2).randbytes(4000)) + b"\x00" * 10)
    (folder / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return {
        "broken.pdf": "parse",
        "empty.txt": "detect",
        "blob.bin": "detect",
        "photo.pdf": "detect",
    }


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def good(tmp_path) -> Path:
    folder = tmp_path / "in"
    _write_good(folder)
    return folder


def test_every_command_has_help():
    for name, command in main.commands.items():
        assert command.help, name
        assert _run(name, "--help").exit_code == 0


def test_convert_validate_inspect(good, tmp_path):
    out = tmp_path / "out"
    result = _run("convert", good, "-o", out, "--no-progress")
    assert result.exit_code == 0, result.output
    assert "3 documents" in result.output and "0 failures" in result.output
    for dataset in ("chunks", "documents", "failures"):
        assert ds.dataset(out / dataset).count_rows() == (
            0 if dataset == "failures" else ds.dataset(out / dataset).count_rows()
        )
    assert ds.dataset(out / "documents").count_rows() == 3
    assert _run("validate", out).exit_code == 0
    inspected = _run("inspect", out)
    assert inspected.exit_code == 0 and "text/markdown" in inspected.output
    query = f"select count(*) from read_parquet('{out}/chunks/*.parquet')"
    n = duckdb.sql(query).fetchall()[0][0]
    assert n >= 3


def test_rerun_is_idempotent_and_removes_stale_parts(good, tmp_path):
    out = tmp_path / "out"
    assert _run("convert", good, "-o", out).exit_code == 0
    first = sorted(p.name for p in (out / "chunks").iterdir())
    again = _run("convert", good, "-o", out)
    # incremental runs (issue 8): unchanged files are reported and skipped, not re-written
    assert "0 new, 0 changed, 3 unchanged" in again.output
    assert sorted(p.name for p in (out / "chunks").iterdir()) == first
    (good / "readme.txt").write_text("Changed text.\n", encoding="utf-8")
    assert _run("convert", good, "-o", out).exit_code == 0
    assert _run("validate", out).exit_code == 0
    texts = ds.dataset(out / "documents").to_table(columns=["text"])["text"].to_pylist()
    assert (
        "Changed text." in texts and "Plain text first paragraph.\n\nSecond paragraph." not in texts
    )


def test_bad_inputs_each_give_one_failure(good, tmp_path):
    expected = _write_bad(good)
    out = tmp_path / "out"
    result = _run("convert", good, "-o", out)
    assert result.exit_code == 1
    failures = ds.dataset(out / "failures").to_table().to_pylist()
    by_name = {Path(f["source_uri"]).name: f for f in failures}
    assert sorted(by_name) == sorted(expected) and len(failures) == len(expected)
    for name, stage in expected.items():
        assert by_name[name]["stage"] == stage, by_name[name]
        assert not by_name[name]["error_type"].startswith("internal"), by_name[name]
        assert by_name[name]["message"]
    assert ds.dataset(out / "documents").count_rows() == len(GOOD)
    assert _run("validate", out).exit_code == 0


def test_strict_stops_at_first_failure(good, tmp_path):
    (good / "aaa-empty.txt").write_bytes(b"")
    result = _run("convert", good, "-o", tmp_path / "out", "--strict", "--batch-size", "1")
    assert result.exit_code == 1
    assert ds.dataset(tmp_path / "out" / "documents").count_rows() < len(GOOD)


def test_markdown_output_keeps_folders(good, tmp_path):
    out = tmp_path / "md"
    assert _run("convert", good, "--to", "markdown", "-o", out).exit_code == 0
    assert (out / "notes" / "guide.md.md").read_text().startswith("# Guide")
    assert (out / "data.csv.md").exists() and (out / "readme.txt.md").exists()


def test_usage_errors_exit_2(tmp_path):
    assert CliRunner().invoke(main, ["convert", str(tmp_path)]).exit_code == 2  # no -o
    assert CliRunner().invoke(main, ["convert", "/nonexistent", "-o", "x"]).exit_code == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("[chunking]\nmax_tokens = 'many'\n")
    r = CliRunner().invoke(main, ["convert", str(tmp_path), "-o", "x", "--config", str(bad)])
    assert r.exit_code == 2 and "max_tokens" in r.output


def test_validate_reports_violations(good, tmp_path):
    out = tmp_path / "out"
    assert _run("convert", good, "-o", out).exit_code == 0
    import pyarrow.parquet as pq

    part = next((out / "chunks").glob("*.parquet"))
    table = pq.read_table(part)
    texts = table["text"].to_pylist()
    texts[0] = texts[0] + " tampered"
    import pyarrow as pa

    index = table.schema.get_field_index("text")
    table = table.set_column(index, table.schema.field("text"), pa.array(texts, pa.string()))
    pq.write_table(table, part)
    result = CliRunner().invoke(main, ["validate", str(out)])
    assert result.exit_code == 1 and "document.text[start:end]" in result.output


def test_no_tracebacks_for_unwritable_output(good, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(main, ["convert", str(good), "-o", str(blocker / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output

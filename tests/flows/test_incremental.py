"""Incremental runs of `run_parquet`: skip, change, delete, tombstone, config change, moves,
duplicates, repairs, globs, and fsspec memory filesystems."""

from __future__ import annotations

import os
import time
from pathlib import Path

import fsspec
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from flows.convert import run_parquet
from transforms.config import ChunkOptions, PipelineConfig
from transforms.manifest import Manifest
from transforms.store import Store
from transforms.validate import validate_output

FILES = {
    "a.md": "# Alpha\n\nAlpha paragraph one.\n\n## Sub\n\nAlpha two.\n",
    "b.txt": "Bravo plain text.\n\nSecond bravo paragraph.\n",
    "c.csv": "k,v\nx,1\ny,2\n",
    "sub/d.md": "# Delta\n\nDelta text.\n",
    "sub/e.md": "# Echo\n\nEcho text.\n",
}


def _write(root: Path, files: dict[str, str]) -> None:
    """Write files with a modification time in the past (a fresh one is hashed again)."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(path.stat().st_atime_ns, time.time_ns() - 3600 * 10**9))


def _run(src, out, config=None, **kw):
    kw.setdefault("workers", 0)
    kw.setdefault("batch_size", 2)
    return run_parquet([src], out, config or PipelineConfig(), **kw).summary


def _docs(out: Path) -> dict[str, str]:
    rows = ds.dataset(out / "documents").to_table(columns=["source_uri", "text"]).to_pylist()
    return {Path(r["source_uri"]).name: r["text"] for r in rows}


def _parts(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted((out / "chunks").glob("*.parquet"))}


def _valid(out: Path) -> None:
    problems, _ = validate_output(out)
    assert problems == []


@pytest.fixture
def src(tmp_path) -> Path:
    root = tmp_path / "src"
    _write(root, FILES)
    return root


def test_second_run_skips_everything_without_reading(src, tmp_path):
    out = tmp_path / "out"
    first = _run(src, out)
    assert (first.new, first.unchanged, first.documents) == (5, 0, 5)
    parts = _parts(out)
    again = _run(src, out)
    assert (again.new, again.changed, again.unchanged, again.hashed) == (0, 0, 5, 0)
    assert _parts(out) == parts  # nothing rewritten
    _valid(out)


def test_touched_file_is_hashed_but_not_converted(src, tmp_path):
    out = tmp_path / "out"
    _run(src, out)
    parts = _parts(out)
    os.utime(src / "a.md", ns=(1, 1_000_000_000))
    again = _run(src, out)
    assert (again.hashed, again.unchanged, again.documents) == (1, 5, 0)
    assert _parts(out) == parts
    assert Manifest.read(Store.open(out))[(src / "a.md").as_uri()]["mtime_ns"] == 1_000_000_000


def test_changed_file_replaces_its_records_in_place(src, tmp_path):
    out = tmp_path / "out"
    _run(src, out)
    before = _parts(out)
    _write(src, {"b.txt": "Bravo rewritten.\n"})
    again = _run(src, out)
    assert (again.changed, again.new, again.unchanged, again.documents) == (1, 0, 4, 1)
    docs = _docs(out)
    assert docs["b.txt"] == "Bravo rewritten." and len(docs) == 5
    after = _parts(out)
    assert sorted(after) == sorted(before)  # same part names: one rename replaced it
    assert sum(after[n] != before[n] for n in before) == 1  # only b.txt's part rewritten
    _valid(out)


def test_deleted_file_records_are_removed(src, tmp_path):
    out = tmp_path / "out"
    _run(src, out)
    (src / "c.csv").unlink()
    again = _run(src, out)
    assert (again.deleted, again.unchanged) == (1, 4)
    assert "c.csv" not in _docs(out)
    chunks = ds.dataset(out / "chunks").to_table(columns=["source_uri"])["source_uri"]
    assert not any(u.endswith("c.csv") for u in chunks.to_pylist())
    assert (src / "c.csv").as_uri() not in Manifest.read(Store.open(out))
    _valid(out)


def test_whole_part_deleted(src, tmp_path):
    out = tmp_path / "out"
    _run(src, out, batch_size=1)
    (src / "sub" / "e.md").unlink()
    assert len(_parts(out)) == 5
    _run(src, out, batch_size=1)
    assert len(_parts(out)) == 4 and len(list((out / "documents").glob("*.parquet"))) == 4


def test_tombstone_keeps_records_and_marks_the_row(src, tmp_path):
    out = tmp_path / "out"
    _run(src, out, on_delete="tombstone")
    (src / "c.csv").unlink()
    again = _run(src, out, on_delete="tombstone")
    assert again.deleted == 1
    assert "c.csv" in _docs(out)
    row = Manifest.read(Store.open(out))[(src / "c.csv").as_uri()]
    assert row["status"] == "deleted" and row["deleted_at"]
    assert _run(src, out, on_delete="tombstone").deleted == 0  # stays tombstoned
    _write(src, {"c.csv": FILES["c.csv"]})
    back = _run(src, out, on_delete="tombstone")
    assert back.new == 1 and back.documents == 1
    assert Manifest.read(Store.open(out))[(src / "c.csv").as_uri()]["status"] == "ok"
    _valid(out)  # no document twice


def test_config_change_reconverts_everything_into_the_same_parts(src, tmp_path):
    out = tmp_path / "out"
    _run(src, out)
    before = set(_parts(out))
    config = PipelineConfig(chunking=ChunkOptions(max_tokens=64, target_tokens=32))
    again = _run(src, out, config)
    assert (again.changed, again.unchanged) == (5, 0)
    assert set(_parts(out)) == before
    hashes = set(
        ds.dataset(out / "chunks").to_table(columns=["config_hash"])["config_hash"].to_pylist()
    )
    assert hashes == {config.config_hash}
    _valid(out)


def test_renamed_file_keeps_one_copy(src, tmp_path):
    out = tmp_path / "out"
    _run(src, out)
    (src / "a.md").rename(src / "z.md")
    again = _run(src, out)
    assert again.documents == 1 and again.deleted == 0
    docs = _docs(out)
    assert "z.md" in docs and "a.md" not in docs and len(docs) == 5
    _valid(out)


def test_duplicates_are_converted_once_and_follow_deletions(src, tmp_path):
    out = tmp_path / "out"
    _write(src, {"sub/copy-of-a.md": FILES["a.md"]})
    _run(src, out)
    docs = ds.dataset(out / "documents").to_table().to_pylist()
    assert len(docs) == 5
    meta = {
        Path(d["source_uri"]).name: dict((kv["key"], kv["value"]) for kv in d["metadata"])
        for d in docs
    }
    assert meta["a.md"]["duplicate_uris"].endswith("sub/copy-of-a.md")
    (src / "a.md").unlink()
    _run(src, out)
    names = set(_docs(out))
    assert "copy-of-a.md" in names and "a.md" not in names and len(names) == 5
    _valid(out)


def test_missing_part_file_is_rebuilt(src, tmp_path):
    out = tmp_path / "out"
    _run(src, out)
    victim = sorted((out / "documents").glob("*.parquet"))[0]
    members = pq.read_table(victim).num_rows
    victim.unlink()
    again = _run(src, out)
    assert again.changed == members >= 1  # the documents of that part, converted again
    assert len(_docs(out)) == 5
    _valid(out)


def test_orphaned_parts_from_an_older_layout_are_removed(src, tmp_path):
    out = tmp_path / "out"
    _run(src, out)
    legacy = out / "chunks" / "part-legacy.parquet"
    pq.write_table(pq.read_table(next((out / "chunks").glob("*.parquet"))), legacy)
    _run(src, out)
    assert not legacy.exists()


def test_include_and_exclude_globs(src, tmp_path):
    out = tmp_path / "out"
    _run(src, out, include=["*.md"], exclude=["sub/e*"])
    assert sorted(_docs(out)) == ["a.md", "d.md"]


def test_memory_filesystem_in_and_out(src, tmp_path):
    fs = fsspec.filesystem("memory")
    for rel, text in FILES.items():
        fs.pipe_file(f"/in-{tmp_path.name}/{rel}", text.encode())
    out = f"memory://out-{tmp_path.name}"
    first = run_parquet([f"memory://in-{tmp_path.name}"], out, PipelineConfig(), workers=0).summary
    assert first.documents == 5
    table = pq.read_table(
        f"/out-{tmp_path.name}/documents", filesystem=fs, columns=["source_uri", "text"]
    )
    assert table.num_rows == 5
    assert all(u.startswith("memory://") for u in table["source_uri"].to_pylist())
    fs.pipe_file(f"/in-{tmp_path.name}/b.txt", b"Bravo in memory, changed.\n")
    again = run_parquet([f"memory://in-{tmp_path.name}"], out, PipelineConfig(), workers=0).summary
    assert (again.changed, again.unchanged) == (1, 4)
    texts = pq.read_table(f"/out-{tmp_path.name}/documents", filesystem=fs)["text"].to_pylist()
    assert "Bravo in memory, changed." in texts and len(texts) == 5


def test_memory_input_through_isolated_workers(src, tmp_path):
    fs = fsspec.filesystem("memory")
    for rel, text in FILES.items():
        fs.pipe_file(f"/iso-{tmp_path.name}/{rel}", text.encode())
    out = tmp_path / "out"
    report = run_parquet([f"memory://iso-{tmp_path.name}"], out, PipelineConfig(), workers=2)
    assert report.summary.documents == 5 and report.summary.failed == 0
    _valid(out)


def test_remove_mode_purges_earlier_tombstones(src, tmp_path):
    out = tmp_path / "out"
    _run(src, out, on_delete="tombstone")
    (src / "c.csv").unlink()
    _run(src, out, on_delete="tombstone")
    assert "c.csv" in _docs(out)
    _run(src, out)  # on_delete="remove"
    assert "c.csv" not in _docs(out)
    assert (src / "c.csv").as_uri() not in Manifest.read(Store.open(out))
    _valid(out)


def test_an_empty_source_does_not_wipe_the_output(src, tmp_path):
    from transforms.run import EmptySourceError

    out = tmp_path / "out"
    _run(src, out)
    empty = tmp_path / "unmounted"
    empty.mkdir()
    with pytest.raises(EmptySourceError):
        _run(empty, out)
    assert len(_docs(out)) == 5
    assert _run(empty, out, allow_empty=True).deleted == 5
    assert not list((out / "documents").glob("*.parquet"))


def test_manifest_command_shows_rows(src, tmp_path):
    import json

    from click.testing import CliRunner

    from flows.cli import main

    out = tmp_path / "out"
    (src / "empty.txt").write_bytes(b"")
    _run(src, out)
    shown = CliRunner().invoke(main, ["manifest", str(out)])
    assert shown.exit_code == 0 and "6 files: 1 failed, 5 ok" in shown.output
    failed = CliRunner().invoke(main, ["manifest", str(out), "--json", "--status", "failed"])
    (row,) = [json.loads(line) for line in failed.output.splitlines()]
    assert row["uri"].endswith("empty.txt") and row["error"] == "empty" and row["part"]


def _eml(attachment_text: str) -> bytes:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "alice@example.org"
    message["To"] = "bob@example.org"
    message["Subject"] = "Field notes"
    message.set_content("Hi Bob,\n\nThe notes are attached.\n")
    message.add_attachment(
        attachment_text.encode(), maintype="text", subtype="markdown", filename="notes.md"
    )
    return message.as_bytes()


def test_changed_email_replaces_its_attachments_too(src, tmp_path):
    out = tmp_path / "out"
    (src / "mail.eml").write_bytes(_eml("# Notes\n\nFirst version of the notes.\n"))
    os.utime(src / "mail.eml", ns=(time.time_ns(), time.time_ns() - 3600 * 10**9))
    _run(src, out)
    texts = "\n".join(_docs(out).values())
    assert "First version" in texts
    (src / "mail.eml").write_bytes(_eml("# Notes\n\nSecond version of the notes.\n"))
    again = _run(src, out)
    assert again.changed == 1
    uris = ds.dataset(out / "documents").to_table(columns=["source_uri"])["source_uri"]
    attachments = [u for u in uris.to_pylist() if "#attachment=" in u]
    assert len(attachments) == 1
    texts = "\n".join(_docs(out).values())
    assert "Second version" in texts and "First version" not in texts
    _valid(out)
    (src / "mail.eml").unlink()
    _run(src, out)
    uris = ds.dataset(out / "documents").to_table(columns=["source_uri"])["source_uri"]
    assert not [u for u in uris.to_pylist() if "mail.eml" in u]

"""`kill -9` at named points of a run, then a re-run, gives the uninterrupted output.

The run is a real `docmill convert` subprocess paused by the test hook of flows/hooks.py
(DOCMILL_PAUSE_AT) and killed with SIGKILL there; its isolated parser processes must not
outlive it. Readers of each dataset must see exactly one version of a changed document
at every point.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pyarrow.dataset as ds
import pytest

from flows.convert import run_parquet
from transforms.config import PipelineConfig
from transforms.manifest import Manifest
from transforms.store import Store
from transforms.validate import validate_output

ROOT = Path(__file__).resolve().parents[2]
FILES = {f"doc{i}.md": f"# Document {i}\n\nThe text of document {i}.\n" for i in range(7)}
FILES["table.csv"] = "k,v\nx,1\ny,2\n"
FILES["empty.txt"] = ""  # a failure record, too


def _write(root: Path, files: dict[str, str]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(time.time_ns(), time.time_ns() - 3600 * 10**9))


def _snapshot(out: Path) -> dict:
    """Every dataset's rows without created_at, the part names, the manifest's content."""
    snap = {}
    for name in ("chunks", "documents", "failures"):
        rows = ds.dataset(out / name).to_table().to_pylist()
        for r in rows:
            r.pop("created_at")
        snap[name] = sorted(rows, key=lambda r: (r["source_uri"], r.get("chunk_index", 0)))
        snap[name + "_files"] = sorted(p.name for p in (out / name).iterdir())
    keep = ("uri", "sha256", "primary", "part", "status", "n_chunks", "config_hash")
    rows = Manifest.read(Store.open(out))
    snap["manifest"] = sorted(tuple(r[k] for k in keep) for r in rows.values())
    return snap


def _kill_at(src: Path, out: Path, point: str, tmp_path: Path) -> None:
    marker = tmp_path / f"paused-{point.replace(':', '-')}"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "DOCMILL_PAUSE_AT": point,
        "DOCMILL_PAUSE_FILE": str(marker),
    }
    args = ["convert", str(src), "-o", str(out), "--batch-size", "2", "--no-progress"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *args, "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 180
    while not marker.exists():
        if proc.poll() is not None:
            pytest.fail(f"run ended (exit {proc.returncode}) before reaching {point}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"run never reached {point}")
        time.sleep(0.05)
    children = psutil.Process(proc.pid).children(recursive=True)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    _gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, f"parser processes outlived the killed run: {alive}"


def _resume(src: Path, out: Path) -> None:
    run_parquet([src], out, PipelineConfig(), batch_size=2, workers=0)


POINTS = [
    "planned",
    "staged",
    "logged",
    "renamed:2",
    "committed:2",
    "logged:4",
    "checkpoint",
    "checkpointed",
]


@pytest.mark.slow
@pytest.mark.parametrize("point", POINTS)
def test_kill_then_rerun_equals_uninterrupted(point, tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    _write(src, FILES)
    _resume(src, tmp_path / "reference")
    reference = _snapshot(tmp_path / "reference")
    _kill_at(src, out, point, tmp_path)
    _resume(src, out)
    assert _snapshot(out) == reference
    assert validate_output(out)[0] == []
    assert not [p for p in out.rglob(".*.tmp")]


def _versions(out: Path, name: str) -> dict[str, list[str]]:
    """For each dataset, the texts of doc3.md it holds."""
    uri = (out.parent / "src" / "doc3.md").resolve().as_uri()
    seen = {}
    for dataset, column in (("documents", "text"), ("chunks", "text")):
        table = ds.dataset(out / dataset).to_table(columns=["source_uri", column])
        seen[dataset] = [
            t
            for u, t in zip(table["source_uri"].to_pylist(), table[column].to_pylist(), strict=True)
            if u == uri
        ]
    return seen


@pytest.mark.parametrize("point", ["logged", "renamed:2"])
def test_readers_see_one_version_of_a_changed_file_at_every_kill_point(point, tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    _write(src, FILES)
    _resume(src, out)
    _write(src, {"doc3.md": "# Document 3\n\nRewritten text of document three.\n"})
    _kill_at(src, out, point, tmp_path)
    for dataset, texts in _versions(out, "doc3.md").items():
        assert len(texts) == 1, (dataset, texts)  # old or new, never both, never neither
    _resume(src, out)
    versions = _versions(out, "doc3.md")
    assert "Rewritten text" in versions["documents"][0] and len(versions["chunks"]) == 1
    assert validate_output(out)[0] == []

"""The Prefect flow under Prefect's test harness gives the same records as the CLI."""

from __future__ import annotations

import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from flows.cli import main


@pytest.fixture(scope="module")
def harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.mark.flow
def test_ingest_flow_matches_convert(harness, tmp_path):
    from flows.ingest import ingest

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("# A\n\nAlpha text.\n\n## B\n\nBeta text.\n")
    (src / "b.csv").write_text("k,v\nx,1\ny,2\n")
    (src / "empty.txt").write_bytes(b"")
    result = ingest(str(src), str(tmp_path / "flow"), batch_size=2)
    assert result["documents"] == 2 and result["failed"] == 1
    CliRunner().invoke(
        main, ["convert", str(src), "-o", str(tmp_path / "cli"), "--batch-size", "2"]
    )
    cols = ["chunk_id", "text", "char_start", "char_end", "heading_path"]
    flow_rows = ds.dataset(tmp_path / "flow" / "chunks").to_table(columns=cols).to_pylist()
    cli_rows = ds.dataset(tmp_path / "cli" / "chunks").to_table(columns=cols).to_pylist()
    key = lambda r: r["chunk_id"]  # noqa: E731
    assert sorted(flow_rows, key=key) == sorted(cli_rows, key=key)
    assert ds.dataset(tmp_path / "flow" / "failures").count_rows() == 1


def _write_old(root, files: dict[str, str]) -> None:
    import os
    import time

    root.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(time.time_ns(), time.time_ns() - 3600 * 10**9))


def _rows(out, dataset: str) -> list[dict]:
    rows = ds.dataset(out / dataset).to_table().to_pylist()
    for r in rows:
        r.pop("created_at")
    return sorted(rows, key=lambda r: (r["source_uri"], r.get("chunk_index", 0)))


FLOW_FILES = {
    f"n{i}.md": f"# Note {i}\n\nBody of note {i}.\n\n## Part\n\nMore {i}.\n" for i in range(6)
}


@pytest.mark.flow
def test_flow_is_incremental_and_publishes_a_summary(harness, tmp_path):
    from prefect.artifacts import Artifact

    from flows.ingest import ingest

    src, out = tmp_path / "src", tmp_path / "out"
    _write_old(src, FLOW_FILES)
    first = ingest(str(src), str(out), batch_size=2, workers=1)
    assert (first["new"], first["documents"], first["failed"]) == (6, 6, 0)
    _write_old(src, {"n2.md": "# Note 2\n\nChanged body.\n"})
    (src / "n5.md").unlink()
    second = ingest(str(src), str(out), batch_size=2, workers=1)
    assert (second["changed"], second["deleted"], second["unchanged"]) == (1, 1, 4)
    texts = ds.dataset(out / "documents").to_table(columns=["text"])["text"].to_pylist()
    assert len(texts) == 5 and any("Changed body." in t for t in texts)
    artifact = Artifact.get("docmill-ingest-summary")
    assert artifact is not None
    assert "| changed | 1 |" in artifact.data and "| deleted | 1 |" in artifact.data


@pytest.mark.flow
def test_flow_fails_past_the_failure_ratio(harness, tmp_path):
    from flows.ingest import FailureRatioExceededError, ingest

    src, out = tmp_path / "src", tmp_path / "out"
    _write_old(src, {"ok.md": "# Fine\n\nText.\n", "e1.txt": "", "blob.bin": "\x00\x01" * 64})
    state = ingest(str(src), str(out), workers=0, max_failure_ratio=0.5, return_state=True)
    assert state.is_failed()
    with pytest.raises(FailureRatioExceededError):
        state.result()
    assert ds.dataset(out / "failures").count_rows() == 2  # the records are committed anyway
    ok = ingest(str(src), str(out), workers=0, max_failure_ratio=1.0, retry_failed=True)
    assert ok["failed"] == 2


@pytest.mark.flow
@pytest.mark.slow
def test_flow_on_a_two_worker_dask_cluster_matches_the_serial_run(harness, tmp_path):
    from distributed import LocalCluster

    from flows.convert import run_parquet
    from flows.ingest import ingest
    from transforms.config import PipelineConfig

    src = tmp_path / "src"
    files = dict(FLOW_FILES)
    files.update({f"t{i}.csv": f"k,v\nrow{i},{i}\nnext,{i * 2}\n" for i in range(5)})
    files["empty.txt"] = ""
    _write_old(src, files)
    run_parquet([src], tmp_path / "serial", PipelineConfig(), batch_size=3, workers=0)
    # default Dask settings: workers are daemonic processes, and the parser processes
    # (plain subprocesses) start inside them all the same
    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        result = ingest(
            str(src), str(tmp_path / "dask"), batch_size=3, dask_address=cluster.scheduler_address
        )
    assert result["documents"] == len(files) - 1 and result["failed"] == 1
    for dataset in ("chunks", "documents", "failures"):
        assert _rows(tmp_path / "dask", dataset) == _rows(tmp_path / "serial", dataset)
        dask_files = sorted(p.name for p in (tmp_path / "dask" / dataset).iterdir())
        assert dask_files == sorted(p.name for p in (tmp_path / "serial" / dataset).iterdir())

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

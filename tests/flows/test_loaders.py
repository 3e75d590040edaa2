"""The three datasets load with pyarrow.dataset, pandas, DuckDB and Hugging Face datasets."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from flows.cli import main


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    (src / "a.md").write_text("# A\n\nAlpha.\n\n## B\n\n- one\n- two\n")
    (src / "t.csv").write_text("k,v\nx,1\n")
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path_factory.mktemp("out")
    assert CliRunner().invoke(main, ["convert", str(src), "-o", str(out)]).exit_code == 1
    return out


@pytest.mark.parametrize(("dataset", "rows"), [("chunks", 3), ("documents", 2), ("failures", 1)])
def test_every_reader_loads(out, dataset, rows):
    folder = out / dataset
    assert ds.dataset(folder, format="parquet").count_rows() == rows
    assert len(pd.read_parquet(folder)) == rows
    query = f"select count(*) from read_parquet('{folder}/*.parquet')"
    assert duckdb.sql(query).fetchall()[0][0] == rows
    from datasets import load_dataset

    loaded = load_dataset(
        "parquet",
        data_files=str(folder / "*.parquet"),
        split="train",
        cache_dir=str(out.parent / f"hf-{dataset}"),
    )
    assert len(loaded) == rows
    if dataset == "documents":
        meta = loaded[0]["metadata"]
        assert isinstance(meta, list) and {"key", "value"} <= set(meta[0])

"""Parquet output: three datasets (chunks, documents, failures), written atomically.

Each batch of documents becomes one file in each dataset, written under a temporary name
(``.name.parquet.tmp``, which readers and globs ignore) and renamed into place, so a crash
never leaves a partial file. The chunks file is published last: a batch is complete when
its chunks file exists.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pyarrow.parquet as pq
from pydantic import BaseModel

from schemas import RECORD_TYPES, to_table

DATASETS = ("failures", "documents", "chunks")  # publication order: chunks last


def part_name(batch_key: str) -> str:
    """The file name of a batch's part in each dataset."""
    return f"part-{batch_key}.parquet"


def write_atomic(table, path: Path) -> None:
    """Write ``table`` to ``path`` via a temporary file, fsync, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class ParquetWriter:
    """Writes batches of records under ``out_dir/{chunks,documents,failures}/``."""

    def __init__(self, out_dir: Path | str) -> None:
        self.out_dir = Path(out_dir)

    def path(self, dataset: str, batch_key: str) -> Path:
        """Where a batch's part of ``dataset`` goes."""
        return self.out_dir / dataset / part_name(batch_key)

    def write_batch(self, batch_key: str, records: dict[str, Sequence[BaseModel]]) -> None:
        """Publish one batch: every dataset gets a file (possibly empty, keeping the schema)."""
        for dataset in DATASETS:
            model = RECORD_TYPES[dataset]
            table = to_table(list(records.get(dataset, ())), model, dataset)
            write_atomic(table, self.path(dataset, batch_key))

"""Reading chunk records from a docmill output folder, writing the pairs datasets."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow.dataset as ds
from pydantic import BaseModel

from schemas import PAIR_RECORD_TYPES, ChunkRecord, DocumentRecord, from_rows, to_table
from transforms.pairs.corpus import Corpus
from transforms.writer import write_atomic


class NoChunksError(ValueError):
    """The folder holds no chunk records to build pairs from."""


def _read(folder: Path, model: type[BaseModel]) -> list:
    files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
    if not files:
        return []
    return from_rows(ds.dataset(files, format="parquet").to_table().to_pylist(), model)


def load_corpus(out_dir: Path) -> Corpus:
    """The chunks and documents of ``out_dir`` (validated against the schemas)."""
    chunks = _read(out_dir / "chunks", ChunkRecord)
    if not chunks:
        raise NoChunksError(f"{out_dir} holds no chunk records (run `docmill convert` first)")
    return Corpus(chunks, _read(out_dir / "documents", DocumentRecord))


def write_pair_datasets(pairs_dir: Path, records: dict[str, Sequence[BaseModel]]) -> None:
    """Write ``pairs/`` and ``dropped/`` as one Parquet file each, atomically."""
    for dataset, model in PAIR_RECORD_TYPES.items():
        folder = pairs_dir / dataset
        target = folder / "part-0.parquet"
        write_atomic(to_table(list(records.get(dataset, ())), model, dataset), target)
        for old in folder.glob("*.parquet"):
            if old != target:
                old.unlink()

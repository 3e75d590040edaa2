"""The published batch parts the corpus pass reads and rewrites.

The pass always starts from what the batches wrote ("raw" parts), so running it again, or
with other settings, or after more inputs were added, gives the same result as running it
once on the whole set. When it rewrites a part it first moves the raw documents and
chunks parts to ``OUT/_corpus/raw/`` and stamps the rewritten ones
(``docmill.corpus_pass`` in the Parquet metadata): a stamped part's raw version is in that
folder, an unstamped part is raw itself (a batch converted again is unstamped again).
Rewritten parts appear atomically, chunks last, as the writer publishes them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import arrow_schema
from transforms.writer import part_name, write_atomic

STAMP_KEY = b"docmill.corpus_pass"
RAW_DIR = Path("_corpus") / "raw"
REWRITTEN = ("documents", "chunks")


class PartStore:
    """Raw and published parts of the ``documents``, ``chunks`` and ``dropped`` datasets."""

    def __init__(self, out_dir: Path | str) -> None:
        self.out = Path(out_dir)

    def batch_keys(self) -> list[str]:
        """Keys of the published batches (their chunks part exists), sorted."""
        folder = self.out / "chunks"
        if not folder.is_dir():
            return []
        names = (p.name for p in folder.glob("part-*.parquet"))
        return sorted(n.removeprefix("part-").removesuffix(".parquet") for n in names)

    def published(self, dataset: str, key: str) -> Path:
        """The published part of ``dataset`` for batch ``key``."""
        return self.out / dataset / part_name(key)

    def raw_copy(self, dataset: str, key: str) -> Path:
        """Where the raw version of a rewritten part is kept."""
        return self.out / RAW_DIR / dataset / part_name(key)

    def is_stamped(self, dataset: str, key: str) -> bool:
        """True when the published part was written by the corpus pass."""
        meta = pq.read_schema(self.published(dataset, key)).metadata or {}
        return STAMP_KEY in meta

    def read_raw(self, dataset: str, key: str, columns: list[str] | None = None) -> pa.Table:
        """The raw part of ``dataset`` for ``key`` (as the batch wrote it)."""
        path = self.published(dataset, key)
        if self.is_stamped(dataset, key):
            path = self.raw_copy(dataset, key)
        return pq.read_table(path, columns=columns)

    def write(self, key: str, tables: dict[str, pa.Table], stamp: str) -> None:
        """Publish rewritten parts of ``key``: raw copies first, then dropped, documents, chunks.

        ``tables`` holds ``documents`` and ``chunks`` (and ``dropped`` when anything was).
        A crash in between leaves the batch without its chunks part, so the next run
        converts it again.
        """
        staged = {}
        for dataset in ("dropped", *REWRITTEN):
            if dataset not in tables:
                continue
            table = tables[dataset]
            meta = {**(table.schema.metadata or {}), STAMP_KEY: stamp.encode()}
            target = self.published(dataset, key)
            tmp = target.with_name(f".{target.name}.corpus.tmp")
            write_atomic(table.replace_schema_metadata(meta), tmp)
            staged[dataset] = (tmp, target)
        for dataset in REWRITTEN:
            if not self.is_stamped(dataset, key):
                raw = self.raw_copy(dataset, key)
                raw.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.published(dataset, key), raw)
        if "dropped" not in tables:
            self.published("dropped", key).unlink(missing_ok=True)
        for dataset in ("dropped", *REWRITTEN):
            if dataset in staged:
                tmp, target = staged[dataset]
                os.replace(tmp, target)

    def restore_raw(self, key: str) -> None:
        """Put the raw parts of ``key`` back (the pass no longer changes this batch)."""
        for dataset in REWRITTEN:
            raw = self.raw_copy(dataset, key)
            if self.is_stamped(dataset, key) and raw.exists():
                os.replace(raw, self.published(dataset, key))
        self.published("dropped", key).unlink(missing_ok=True)

    def remove_orphans(self, keys: set[str]) -> None:
        """Delete raw copies and dropped parts of batches that are no longer published."""
        for dataset in ("dropped", *(str(RAW_DIR / d) for d in REWRITTEN)):
            folder = self.out / dataset
            for path in folder.glob("part-*.parquet") if folder.is_dir() else ():
                if path.name.removeprefix("part-").removesuffix(".parquet") not in keys:
                    path.unlink(missing_ok=True)
            for tmp in folder.glob(".*.tmp") if folder.is_dir() else ():
                tmp.unlink(missing_ok=True)


def empty_table(model, dataset: str) -> pa.Table:
    """An empty table with the record's schema."""
    return arrow_schema(model, dataset).empty_table()

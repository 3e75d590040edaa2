"""Read an output folder into plain Python structures for the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.dataset as ds

_DOC_COLUMNS = [
    "doc_id",
    "source_uri",
    "media_type",
    "size_bytes",
    "page_count",
    "title",
    "language",
    "metadata",
    "n_chunks",
    "parser",
    "pipeline_version",
    "config_hash",
    "created_at",
]
_CHUNK_COLUMNS = [
    "doc_id",
    "chunk_index",
    "text",
    "context",
    "heading_path",
    "page_start",
    "page_end",
    "token_count",
    "element_types",
    "boxes",
]


@dataclass
class OutputData:
    """Documents (with their chunks, sorted) and failures of one output folder."""

    documents: list[dict] = field(default_factory=list)
    chunks: dict[str, list[dict]] = field(default_factory=dict)
    failures: list[dict] = field(default_factory=list)
    schema_version: str | None = None


def _read(folder: Path, columns: list[str] | None = None) -> list[dict]:
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        return []
    dataset = ds.dataset(folder, format="parquet")
    if columns is not None:
        columns = [c for c in columns if c in dataset.schema.names]
    return dataset.to_table(columns=columns).to_pylist()


def _schema_version(folder: Path) -> str | None:
    for part in sorted(folder.glob("*.parquet")):
        meta = ds.dataset(part, format="parquet").schema.metadata or {}
        value = meta.get(b"docmill.schema_version")
        return value.decode() if value else None
    return None


def load_output(out_dir: Path | str) -> OutputData:
    """Load the documents, chunks and failures of ``out_dir`` (missing datasets are empty)."""
    out = Path(out_dir)
    documents = sorted(_read(out / "documents", _DOC_COLUMNS), key=lambda d: d["source_uri"])
    chunks: dict[str, list[dict]] = {}
    for chunk in _read(out / "chunks", _CHUNK_COLUMNS):
        chunks.setdefault(chunk["doc_id"], []).append(chunk)
    for rows in chunks.values():
        rows.sort(key=lambda c: c["chunk_index"])
    failures = sorted(_read(out / "failures"), key=lambda f: f["source_uri"])
    version = _schema_version(out / "documents") or _schema_version(out / "failures")
    return OutputData(documents, chunks, failures, version)

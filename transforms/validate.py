"""Check a docmill output folder against the schemas and the chunk invariants."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
from pydantic import ValidationError

from schemas import OPTIONAL_DATASETS, RECORD_TYPES, SCHEMA_VERSION, arrow_schema, from_rows
from schemas.arrow import SCHEMA_VERSION_KEY
from transforms.records import check_invariants


def _check_file(path: Path, dataset: str, problems: list[str]) -> list:
    model = RECORD_TYPES[dataset]
    try:
        table = pq.read_table(path)
    except Exception as exc:  # an unreadable file is a finding, not a crash
        problems.append(f"{path}: unreadable Parquet ({exc})")
        return []
    version = (table.schema.metadata or {}).get(SCHEMA_VERSION_KEY, b"").decode()
    if version != SCHEMA_VERSION:
        problems.append(f"{path}: schema version {version or 'missing'} != {SCHEMA_VERSION}")
    expected = arrow_schema(model, dataset)
    if not table.schema.equals(expected, check_metadata=False):
        problems.append(f"{path}: Arrow schema differs from the {model.__name__} schema")
        return []
    try:
        return from_rows(table.to_pylist(), model)
    except ValidationError as exc:
        problems.append(f"{path}: {model.__name__} violation: {exc.errors()[0]}")
        return []


def validate_output(out_dir: Path | str) -> tuple[list[str], dict[str, int]]:
    """Return the problems found (empty when valid) and the record counts per dataset."""
    out = Path(out_dir)
    problems: list[str] = []
    records: dict[str, list] = {}
    if not out.is_dir():
        return [f"{out}: not a folder"], {}
    for dataset in RECORD_TYPES:
        files = sorted((out / dataset).glob("*.parquet"))
        if not files and dataset not in OPTIONAL_DATASETS:
            problems.append(f"{out / dataset}: no Parquet files")
        records[dataset] = [r for f in files for r in _check_file(f, dataset, problems)]
    documents = {}
    for doc in records["documents"]:
        if doc.doc_id in documents:
            problems.append(f"document {doc.doc_id[:12]} appears twice")
        documents[doc.doc_id] = doc
    by_doc = defaultdict(list)
    seen_ids = set()
    for chunk in records["chunks"]:
        if chunk.chunk_id in seen_ids:
            problems.append(f"chunk id {chunk.chunk_id} appears twice")
        seen_ids.add(chunk.chunk_id)
        by_doc[chunk.doc_id].append(chunk)
    for doc_id, chunks in by_doc.items():
        doc = documents.get(doc_id)
        if doc is None:
            problems.append(f"{len(chunks)} chunks of unknown document {doc_id[:12]}")
            continue
        chunks.sort(key=lambda c: c.chunk_index)
        for p in check_invariants(doc, chunks):
            problems.append(f"{doc.source_uri}: {p}")
    for doc_id, doc in documents.items():
        if doc.n_chunks and doc_id not in by_doc:
            problems.append(f"{doc.source_uri}: n_chunks={doc.n_chunks} but no chunks")
    counts = {k: len(v) for k, v in records.items()}
    return problems, counts

"""Turning a unit's conversion results into staged part files and a manifest commit.

Runs wherever the unit was converted (the main process, a thread, a Dask worker): it
reads the part's current files, keeps the records of the documents that stay, adds the
new ones, and writes the three datasets' files under hidden temporary names. Nothing is
visible to readers until :meth:`transforms.manifest.Manifest.commit` publishes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from schemas import RECORD_TYPES, FailureRecord, to_table
from transforms.config import PIPELINE_VERSION, PipelineConfig
from transforms.corpus.parts import RAW_DIR, STAMP_KEY
from transforms.incremental import PlannedDoc, Unit, base_row, utc_now_iso
from transforms.manifest import Commit, part_file
from transforms.pipeline import DocResult
from transforms.store import Store, parquet_bytes
from transforms.writer import DATASETS

ATTACHMENT_MARK = "#attachment="  # attachment URIs: PARENT_URI#attachment=INDEX/NAME
SORT_KEYS = {
    "chunks": [("source_uri", "ascending"), ("chunk_index", "ascending")],
    "documents": [("source_uri", "ascending")],
    "failures": [("source_uri", "ascending")],
}


@dataclass
class UnitOutcome:
    """What converting a unit produced: the commit to make and its counts."""

    commit: Commit
    documents: int = 0
    chunks: int = 0
    failed: int = 0
    pages: int = 0
    new: int = 0
    changed: int = 0
    failures: list[FailureRecord] = field(default_factory=list)


def source_file(uris: pa.ChunkedArray) -> pa.Array:
    """The URI of the file each record came from (an attachment's URI without its fragment)."""
    parts = pc.split_pattern(uris, ATTACHMENT_MARK, max_splits=1)
    return pc.list_element(parts, 0)


def _raw_part(store: Store, dataset: str, part: str) -> pa.Table | None:
    """A part as its batch wrote it: the corpus pass keeps that copy when it rewrites one."""
    name = part_file(dataset, part)
    if not store.exists(name):
        return None
    table = store.read_table(name)
    if STAMP_KEY in (table.schema.metadata or {}):
        raw = f"{RAW_DIR.as_posix()}/{name}"
        if store.exists(raw):
            return store.read_table(raw)
    return table


def _merge(store: Store, unit: Unit, dataset: str, new: pa.Table, drop: set[str]) -> pa.Table:
    old = _raw_part(store, dataset, unit.part) if unit.existing else None
    if old is not None:
        drop_set = pa.array(sorted(drop), pa.string())
        keep = old.filter(pc.invert(pc.is_in(source_file(old["source_uri"]), value_set=drop_set)))
        if keep.num_rows:
            new = pa.concat_tables([keep.select(new.schema.names).cast(new.schema), new])
    return new.sort_by(SORT_KEYS[dataset]) if new.num_rows > 1 else new


def _rows(doc: PlannedDoc, result: DocResult, part: str, config: PipelineConfig) -> list[dict]:
    now = utc_now_iso()
    primary = doc.files[0]
    failure = result.failure
    row = {
        **base_row(primary, doc.sha256, doc.hashed_at_ns[primary.uri], primary.uri),
        "also": "\n".join(f.uri for f in doc.files[1:]),
        "part": part,
        "status": "failed" if failure is not None else "ok",
        "error": failure.error_type if failure is not None else None,
        "n_chunks": sum(len(one.chunks) for one in result.flatten()),
        "pages": result.pages,
        "config_hash": config.config_hash,
        "pipeline_version": PIPELINE_VERSION,
        "updated_at": now,
        "deleted_at": None,
    }
    rows = [row]
    for dup in doc.files[1:]:
        rows.append(
            {
                **row,
                **base_row(dup, doc.sha256, doc.hashed_at_ns[dup.uri], primary.uri),
                "also": None,
                "status": "duplicate",
                "n_chunks": 0,
                "pages": 0,
            }
        )
    return rows


def stage_unit(
    store: Store, unit: Unit, results: Sequence[DocResult], config: PipelineConfig
) -> UnitOutcome:
    """Write the unit's part files under temporary names; return the commit publishing them."""
    outcome = UnitOutcome(Commit(part=unit.part, remove=list(unit.remove)))
    records: dict[str, list] = {name: [] for name in DATASETS}
    for doc, result in zip(unit.docs, results, strict=True):
        outcome.new += doc.kind == "new"
        outcome.changed += doc.kind == "changed"
        for one in result.flatten():  # the document, then its attachments
            if one.failure is not None:
                records["failures"].append(one.failure)
                outcome.failed += 1
                outcome.failures.append(one.failure)
            elif one.document is not None:
                records["documents"].append(one.document)
                records["chunks"].extend(one.chunks)
                outcome.documents += 1
                outcome.chunks += len(one.chunks)
                outcome.pages += one.pages
        outcome.commit.upsert.extend(_rows(doc, result, unit.part, config))
    drop = set(unit.drop) | {doc.uri for doc in unit.docs}
    tables = {
        dataset: _merge(
            store, unit, dataset, to_table(records[dataset], RECORD_TYPES[dataset], dataset), drop
        )
        for dataset in DATASETS
    }
    if not any(t.num_rows for t in tables.values()):
        outcome.commit.files = {dataset: None for dataset in DATASETS}  # the part is gone
        return outcome
    for dataset, table in tables.items():
        outcome.commit.files[dataset] = store.write_staged(
            dataset, f"part-{unit.part}.parquet", parquet_bytes(table)
        )
    return outcome

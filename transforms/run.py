"""Converting many documents: batching, resuming and publishing.

Used by the CLI (in-process) and by the Prefect flow (one task per batch). A batch's key
is derived from its documents' names and bytes and the configuration, so a re-run over
the same inputs writes the same file names: batches already published are skipped, a run
that was killed is finished by running it again, and parts that no longer match the
inputs are removed at the end.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from schemas import FailureRecord
from transforms.config import PIPELINE_VERSION, PipelineConfig
from transforms.pipeline import DocResult, now, process_item
from transforms.sources import SourceItem
from transforms.writer import ParquetWriter


@dataclass
class BatchSummary:
    """Counts for one batch (or, added up, for a run)."""

    documents: int = 0
    chunks: int = 0
    failed: int = 0
    pages: int = 0
    skipped_batches: int = 0
    failures: list[FailureRecord] = field(default_factory=list)

    def add(self, other: BatchSummary) -> BatchSummary:
        """Add ``other``'s counts to this summary and return it."""
        self.documents += other.documents
        self.chunks += other.chunks
        self.failed += other.failed
        self.pages += other.pages
        self.skipped_batches += other.skipped_batches
        self.failures.extend(other.failures)
        return self


def batch_key(items: Sequence[SourceItem], config: PipelineConfig) -> str:
    """A key naming the batch's output: its inputs (names and bytes) and configuration."""
    digest = hashlib.sha256(f"{PIPELINE_VERSION}:{config.config_hash}".encode())
    for item in items:
        digest.update(f"\n{item.uri}\t{item.doc_id}\t{','.join(item.also)}".encode())
    return digest.hexdigest()[:24]


def make_batches(items: Sequence[SourceItem], batch_size: int) -> list[list[SourceItem]]:
    """Split planned items into batches of at most ``batch_size`` documents."""
    size = max(1, batch_size)
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def convert_batch(
    items: Sequence[SourceItem],
    config: PipelineConfig,
    out_dir: Path | str,
    *,
    strict: bool = False,
    on_result: Callable[[DocResult], None] | None = None,
    created_at: datetime | None = None,
) -> BatchSummary:
    """Convert a batch and publish its three Parquet parts; skip it if already published."""
    writer = ParquetWriter(out_dir)
    key = batch_key(items, config)
    if writer.has_batch(key):
        for item in items:
            if on_result:
                on_result(DocResult(item.uri))
        return BatchSummary(skipped_batches=1)
    created_at = created_at or now()
    summary = BatchSummary()
    records: dict[str, list] = {"chunks": [], "documents": [], "failures": []}
    for item in items:
        result = process_item(item, config, created_at, strict=strict)
        for one in result.flatten():  # the document, then its attachments
            if one.failure is not None:
                records["failures"].append(one.failure)
                summary.failed += 1
                summary.failures.append(one.failure)
            elif one.document is not None:
                records["documents"].append(one.document)
                records["chunks"].extend(one.chunks)
                summary.documents += 1
                summary.chunks += len(one.chunks)
                summary.pages += one.pages
        if on_result:
            on_result(result)
        if strict and any(one.failure is not None for one in result.flatten()):
            break
    writer.write_batch(key, records)
    return summary


def stale_batches(out_dir: Path | str, batches: Sequence[Sequence[SourceItem]], config) -> set:
    """Published batch keys that this plan does not produce (old inputs or configs)."""
    wanted = {batch_key(b, config) for b in batches}
    return ParquetWriter(out_dir).published_keys() - wanted

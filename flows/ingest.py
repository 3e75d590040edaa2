"""The Prefect flow ``ingest``: the same pipeline as ``convert``, one task per batch."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.futures import wait

import flows  # noqa: F401  (telemetry off before Prefect is imported)
from transforms.config import PipelineConfig
from transforms.corpus import run_corpus_pass
from transforms.run import (
    BatchSummary,
    convert_batch,
    make_batches,
    stale_batches,
)
from transforms.sources import SourceItem, plan_sources
from transforms.writer import ParquetWriter


@task(name="plan-sources")
def plan_task(source: str) -> list[SourceItem]:
    """List and hash the files under ``source``."""
    return plan_sources([Path(source)])


@task(
    name="convert-batch",
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=lambda task, run, state: _is_transient(state),
)
def convert_batch_task(items: list[SourceItem], config: PipelineConfig, out_dir: str) -> dict:
    """Convert and publish one batch of documents."""
    summary = convert_batch(items, config, out_dir)
    return {
        "documents": summary.documents,
        "chunks": summary.chunks,
        "failed": summary.failed,
        "pages": summary.pages,
        "skipped_batches": summary.skipped_batches,
    }


@task(name="corpus-pass")
def corpus_pass_task(out_dir: str, config: PipelineConfig) -> dict:
    """Corpus-level cleaning once every batch is published (see transforms.corpus)."""
    return asdict(run_corpus_pass(out_dir, config))


def _is_transient(state) -> bool:
    """Retry only on I/O errors (a full disk, a flaky network mount), not on bugs."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


@flow(name="ingest", log_prints=False)
def ingest(
    source: str,
    out: str,
    batch_size: int = 16,
    config: PipelineConfig | None = None,
) -> dict:
    """Convert every file under ``source`` into Parquet datasets under ``out``."""
    logger = get_run_logger()
    config = config or PipelineConfig()
    items = plan_task(source)
    batches = make_batches(items, batch_size)
    logger.info("planned %d documents in %d batches", len(items), len(batches))
    futures = [convert_batch_task.submit(b, config, out) for b in batches]
    wait(futures)
    total = BatchSummary()
    for fut in futures:
        part = fut.result()
        total.add(BatchSummary(**part))
    ParquetWriter(out).remove_batches(stale_batches(out, batches, config))
    corpus = corpus_pass_task(out, config)
    result = {
        "documents": total.documents,
        "chunks": total.chunks,
        "failed": total.failed,
        "pages": total.pages,
        "skipped_batches": total.skipped_batches,
        "corpus": corpus,
    }
    logger.info("ingest finished: %s", result)
    return result

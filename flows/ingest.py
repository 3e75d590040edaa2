"""The Prefect flow ``ingest``: incremental runs of the same pipeline, one task per unit.

The flow process holds the output folder's manifest: it plans the run, submits one
``convert-unit`` task per unit (a batch of new documents, or an existing part whose
documents changed), and commits each unit as its task finishes. Tasks run on threads of
this process by default, each document parsed in an isolated worker process (all cores);
with ``dask_address`` they run on a Dask cluster through prefect-dask. Only transient I/O
errors (``OSError``) are retried. The run's summary (new, changed, unchanged, deleted,
failed, pages, chunks, time) is logged and published as a Markdown artifact, and the run
fails when the share of failed documents passes ``max_failure_ratio``.
"""

# No ``from __future__ import annotations`` here: Prefect builds the parameter model of a
# deployment's runs from these annotations and needs them as real types.
import time
from dataclasses import asdict
from datetime import datetime

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed

import flows  # noqa: F401  (telemetry off before Prefect is imported)
from flows.convert import corpus_step, default_workers
from flows.hooks import pause_hook
from flows.settings import load_config
from transforms.config import PipelineConfig
from transforms.corpus import run_corpus_pass
from transforms.incremental import Unit
from transforms.isolation import shared_pool
from transforms.pipeline import now
from transforms.run import RunSummary, finish_run, open_run
from transforms.store import Store
from transforms.units import UnitOutcome, stage_unit


class FailureRatioExceededError(RuntimeError):
    """Too many documents of a run failed."""


@task(name="corpus-pass", cache_policy=NO_CACHE)
def corpus_pass_task(out_dir: str, config: PipelineConfig) -> dict:
    """Corpus-level cleaning once every unit is published (see transforms.corpus)."""
    return asdict(run_corpus_pass(Store.open(out_dir).root, config))


def _is_transient(state) -> bool:
    """Retry only on I/O errors (a full disk, a flaky network mount), not on bugs."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


@task(
    name="convert-unit",
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=lambda task, run, state: _is_transient(state),
    cache_policy=NO_CACHE,
)
def convert_unit_task(
    unit: Unit, config: PipelineConfig, out: str, created_at: datetime, workers: int
) -> UnitOutcome:
    """Convert a unit's documents in isolated processes and stage its part files."""
    pool = shared_pool(workers, config)
    futures = [pool.submit(doc.item(), config, created_at) for doc in unit.docs]
    results = [future.result() for future in futures]
    return stage_unit(Store.open(out), unit, results, config)


def _run(
    source: str | list[str],
    out: str,
    batch_size: int,
    config: PipelineConfig | None,
    config_file: str | None,
    include: list[str] | None,
    exclude: list[str] | None,
    on_delete: str,
    retry_failed: bool,
    allow_empty: bool,
    workers: int | None,
    max_failure_ratio: float,
) -> dict:
    logger = get_run_logger()
    started = time.perf_counter()
    config = config or load_config(config_file)
    step = pause_hook()
    store, manifest, plan = open_run(
        out,
        [source] if isinstance(source, str) else list(source),
        config,
        include=include or (),
        exclude=exclude or (),
        batch_size=batch_size,
        on_delete=on_delete,
        retry_failed=retry_failed,
        on_step=step,
        allow_empty=allow_empty,
    )
    summary = RunSummary.from_plan(plan)
    logger.info(
        "planned %d documents to convert in %d units (%d unchanged, %d deleted, %d hashed)",
        plan.documents,
        len(plan.units),
        plan.unchanged,
        plan.deleted,
        plan.hashed,
    )
    try:
        step("planned")
        created_at = now()
        n_workers = workers if workers is not None else default_workers()
        futures = [
            convert_unit_task.submit(unit, config, out, created_at, n_workers)
            for unit in plan.units
        ]
        for future in as_completed(futures):
            outcome = future.result()
            step("staged")
            manifest.commit(outcome.commit)
            summary.add(outcome)
    except BaseException:
        manifest.close()
        raise
    step_after = corpus_step(store, config)
    corpus = finish_run(manifest, plan, then=step_after and (lambda: corpus_pass_task(out, config)))
    summary.seconds = time.perf_counter() - started
    logger.info("ingest summary: %s", summary.line())
    logger.info("ingest totals: %s", summary.as_dict())
    create_markdown_artifact(
        markdown=summary.markdown(store.url),
        key="docmill-ingest-summary",
        description="What this docmill ingest run did",
    )
    if summary.failure_ratio > max_failure_ratio:
        raise FailureRatioExceededError(
            f"{summary.failed} of {summary.processed} documents failed "
            f"({summary.failure_ratio:.0%} > {max_failure_ratio:.0%})"
        )
    return {**summary.as_dict(), "corpus": corpus or {}}


@flow(name="ingest-on-cluster", log_prints=False)
def ingest_on_cluster(**kwargs) -> dict:
    """The body of ``ingest``, run as a subflow whose tasks go to a Dask cluster."""
    return _run(**kwargs)


@flow(name="ingest", log_prints=False)
def ingest(
    source: str | list[str],
    out: str,
    batch_size: int = 16,
    config: PipelineConfig | None = None,
    config_file: str | None = None,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    on_delete: str = "remove",
    retry_failed: bool = False,
    allow_empty: bool = False,
    workers: int | None = None,
    max_failure_ratio: float = 0.5,
    dask_address: str | None = None,
) -> dict:
    """Bring the Parquet datasets under ``out`` up to date with the files under ``source``.

    ``source`` (one location or several) and ``out`` are local paths or fsspec URLs.
    ``workers`` isolated parser processes per task-running process (default: all cores,
    or 1 per Dask worker).
    """
    kwargs = dict(
        source=source,
        out=out,
        batch_size=batch_size,
        config=config,
        config_file=config_file,
        include=include,
        exclude=exclude,
        on_delete=on_delete,
        retry_failed=retry_failed,
        allow_empty=allow_empty,
        workers=workers,
        max_failure_ratio=max_failure_ratio,
    )
    if dask_address:
        from prefect_dask import DaskTaskRunner

        kwargs["workers"] = 1 if workers is None else workers
        runner = DaskTaskRunner(address=dask_address)
        return ingest_on_cluster.with_options(task_runner=runner)(**kwargs)
    return _run(**kwargs)

"""In-process conversion runs (no Prefect): what ``docmill convert`` calls.

``run_parquet`` is incremental: it shares the manifest, planning and commit machinery of
the Prefect flow (:mod:`transforms.run`), and parses each document in an isolated worker
process (:mod:`transforms.isolation`), all cores by default.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flows.hooks import pause_hook
from transforms.config import PipelineConfig
from transforms.corpus import CorpusSummary, run_corpus_pass
from transforms.errors import DocumentError, Stage
from transforms.isolation import make_pool
from transforms.pipeline import DocResult, now, process_item
from transforms.records import failure_record
from transforms.run import RunSummary, finish_run, open_run
from transforms.sources import SourceItem, plan_sources
from transforms.store import Store
from transforms.units import stage_unit


@dataclass
class RunReport:
    """The outcome of a run, for the summary line and the exit code."""

    summary: RunSummary
    planned: int
    seconds: float
    out_dir: Path | str
    corpus: CorpusSummary = field(default_factory=CorpusSummary)


def default_workers() -> int:
    """All cores of this machine."""
    return os.cpu_count() or 1


def corpus_step(store: Store, config: PipelineConfig) -> Callable[[], CorpusSummary] | None:
    """The corpus pass over a finished local output (it reads and rewrites local files)."""
    if not store.is_local:
        return None
    return lambda: run_corpus_pass(store.root, config)


def run_parquet(
    inputs: Sequence[Path | str],
    out_dir: Path | str,
    config: PipelineConfig,
    *,
    batch_size: int = 16,
    strict: bool = False,
    on_result: Callable[[DocResult], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    workers: int | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    on_delete: str = "remove",
    retry_failed: bool = False,
    allow_empty: bool = False,
) -> RunReport:
    """Bring the Parquet datasets under ``out_dir`` up to date with ``inputs``.

    ``workers`` isolated parser processes (default: all cores; 0 parses in this process).
    """
    started = time.perf_counter()
    step = pause_hook()
    store, manifest, plan = open_run(
        out_dir,
        inputs,
        config,
        include=include,
        exclude=exclude,
        batch_size=batch_size,
        on_delete=on_delete,
        retry_failed=retry_failed,
        on_step=step,
        allow_empty=allow_empty,
    )
    summary = RunSummary.from_plan(plan)
    complete = True
    try:
        if on_plan:
            on_plan(plan.documents)
        step("planned")
        created_at = now()
        with make_pool(default_workers() if workers is None else workers, config) as pool:
            window = max(32, 8 * pool.size)  # documents in flight (bytes held for remote files)
            pending: deque = deque()
            units = iter(plan.units)
            in_flight = 0
            while True:
                while in_flight < window and (unit := next(units, None)) is not None:
                    futures = [
                        pool.submit(d.item(), config, created_at, strict=strict) for d in unit.docs
                    ]
                    pending.append((unit, futures))
                    in_flight += len(futures)
                if not pending:
                    break
                unit, futures = pending.popleft()
                in_flight -= len(futures)
                results = []
                for future in futures:
                    result = future.result()
                    results.append(result)
                    if on_result:
                        on_result(result)
                    if strict and any(one.failure is not None for one in result.flatten()):
                        complete = False
                        break
                unit.docs = unit.docs[: len(results)]
                outcome = stage_unit(store, unit, results, config)
                step("staged")
                manifest.commit(outcome.commit)
                summary.add(outcome)
                if not complete:
                    break
    except BaseException:
        manifest.close()
        raise
    corpus = finish_run(manifest, plan, complete=complete, then=corpus_step(store, config))
    summary.seconds = time.perf_counter() - started
    return RunReport(summary, plan.documents, summary.seconds, out_dir, corpus or CorpusSummary())


NAME_MAX = 255  # bytes in one file name on the file systems docmill writes to


def safe_name(name: str, suffix: str = "") -> str:
    """``name`` + ``suffix`` as one file name, never a path.

    No separators, NULs or leading dots, and at most :data:`NAME_MAX` bytes: a longer name
    keeps its start and gets a short hash of the whole.
    """
    name = name.replace("/", "_").replace("\\", "_").replace("\0", "").lstrip(".")
    name = name or "document"
    whole = name + suffix
    if len(os.fsencode(whole)) <= NAME_MAX:
        return whole
    tag = "~" + hashlib.sha256(os.fsencode(name)).hexdigest()[:10]
    room = NAME_MAX - len(os.fsencode(tag + suffix))
    head = os.fsencode(name)[:room].decode("utf-8", "ignore")  # no cut character
    return head + tag + suffix


def _write_text_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(os.fsencode(path.name)).hexdigest()[:16]
    tmp = path.with_name(f".{digest}.md.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def markdown_path(out_dir: Path, item: SourceItem) -> Path:
    """Where ``--to markdown`` writes a document: its relative path with ``.md`` appended.

    The path stays inside ``out_dir`` whatever the names hold (see :func:`safe_name`).
    """
    rel = Path(item.rel_path)
    parts = [safe_name(p) for p in rel.parts if p not in ("", ".", "..")] or ["document"]
    return out_dir.joinpath(*parts[:-1], safe_name(parts[-1], ".md"))


def attachment_path(out_dir: Path, item: SourceItem, name: str) -> Path:
    """``report.eml`` -> ``report.eml.attachments/NAME.md``."""
    parent = markdown_path(out_dir, item)
    folder = safe_name(parent.name.removesuffix(".md"), ".attachments")
    return parent.with_name(folder) / safe_name(name or "attachment", ".md")


def run_markdown(
    inputs: Sequence[Path],
    out_dir: Path,
    config: PipelineConfig,
    *,
    strict: bool = False,
    on_result: Callable[[DocResult], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> RunReport:
    """Write one ``.md`` file per input document holding its ``DocumentRecord.text``."""
    started = time.perf_counter()
    items = plan_sources(inputs, skip=[out_dir])  # never read our own output back
    if on_plan:
        on_plan(len(items))
    summary = RunSummary()
    created_at = now()
    for item in items:
        result = process_item(item, config, created_at, strict=strict)
        path = markdown_path(out_dir, item)
        for one in result.flatten():  # the document, then its attachments
            if one.failure is not None:
                summary.failed += 1
                summary.failures.append(one.failure)
                continue
            if one is not result:  # report.eml.md -> report.eml.attachments/NAME.md
                name = one.document.metadata.get("attachment_name", "attachment")
                path = attachment_path(out_dir, item, name)
            try:
                _write_text_atomic(path, one.document.text + "\n")
            except OSError as exc:  # one unwritable name must not end the run
                error = DocumentError(f"cannot write {path}: {exc.strerror or exc}",
                                      stage=Stage.WRITE, reason="unwritable")  # fmt: skip
                one.failure = failure_record(
                    one.uri, error, config, created_at, stage=Stage.WRITE,
                    doc_id=one.document.doc_id, media_type=one.document.media_type,
                )  # fmt: skip
                summary.failed += 1
                summary.failures.append(one.failure)
                continue
            summary.documents += 1
            summary.chunks += len(one.chunks)
            summary.pages += one.pages
        if on_result:
            on_result(result)
        if strict and any(one.failure is not None for one in result.flatten()):
            break
    return RunReport(summary, len(items), time.perf_counter() - started, out_dir)

"""In-process conversion runs (no Prefect): what ``docmill convert`` calls."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from transforms.config import PipelineConfig
from transforms.corpus import CorpusSummary, run_corpus_pass
from transforms.errors import DocumentError, Stage
from transforms.pipeline import DocResult, now, process_item
from transforms.records import failure_record
from transforms.run import BatchSummary, convert_batch, make_batches, stale_batches
from transforms.sources import SourceItem, plan_sources
from transforms.writer import ParquetWriter


@dataclass
class RunReport:
    """The outcome of a run, for the summary line and the exit code."""

    summary: BatchSummary
    planned: int
    seconds: float
    out_dir: Path
    corpus: CorpusSummary = field(default_factory=CorpusSummary)


def run_parquet(
    inputs: Sequence[Path],
    out_dir: Path,
    config: PipelineConfig,
    *,
    batch_size: int = 16,
    strict: bool = False,
    on_result: Callable[[DocResult], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> RunReport:
    """Convert ``inputs`` into the three Parquet datasets under ``out_dir``."""
    started = time.perf_counter()
    items = plan_sources(inputs)
    if on_plan:
        on_plan(len(items))
    writer = ParquetWriter(out_dir)
    writer.clean_temporaries()
    batches = make_batches(items, batch_size)
    summary = BatchSummary()
    created_at = now()
    for batch in batches:
        part = convert_batch(
            batch, config, out_dir, strict=strict, on_result=on_result, created_at=created_at
        )
        summary.add(part)
        if strict and part.failed:
            break
    else:
        writer.remove_batches(stale_batches(out_dir, batches, config))
        corpus = run_corpus_pass(out_dir, config)  # needs every batch: after the last one
        return RunReport(summary, len(items), time.perf_counter() - started, out_dir, corpus)
    return RunReport(summary, len(items), time.perf_counter() - started, out_dir)


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
    items = plan_sources(inputs)
    if on_plan:
        on_plan(len(items))
    summary = BatchSummary()
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

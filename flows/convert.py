"""In-process conversion runs (no Prefect): what ``docmill convert`` calls."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from transforms.config import PipelineConfig
from transforms.corpus import CorpusSummary, run_corpus_pass
from transforms.pipeline import DocResult, now, process_item
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


def _write_text_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def markdown_path(out_dir: Path, item: SourceItem) -> Path:
    """Where ``--to markdown`` writes a document: its relative path with ``.md`` appended."""
    rel = Path(item.rel_path)
    safe = [p for p in rel.parts if p not in ("", ".", "..")]
    return out_dir.joinpath(*safe[:-1], safe[-1] + ".md")


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
                safe = name.replace("/", "_").replace("\\", "_").lstrip(".") or "attachment"
                path = markdown_path(out_dir, item).with_suffix(".attachments") / f"{safe}.md"
            _write_text_atomic(path, one.document.text + "\n")
            summary.documents += 1
            summary.chunks += len(one.chunks)
            summary.pages += one.pages
        if on_result:
            on_result(result)
        if strict and any(one.failure is not None for one in result.flatten()):
            break
    return RunReport(summary, len(items), time.perf_counter() - started, out_dir)

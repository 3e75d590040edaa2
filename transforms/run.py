"""One incremental run, the parts shared by ``docmill convert`` and the Prefect flow.

:func:`open_run` locks the output folder, finishes what a killed run left half-done, lists
the inputs and plans the work (:mod:`transforms.incremental`). The caller converts each
unit's documents (in isolated processes, on threads, on Dask workers) and stages its part
files (:func:`transforms.units.stage_unit`), then commits the units one by one through the
:class:`~transforms.manifest.Manifest`. :func:`finish_run` records what did not need
converting (refreshed times, tombstones), removes part files nothing refers to and
writes the manifest checkpoint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from schemas import FailureRecord
from transforms.config import PipelineConfig
from transforms.incremental import Plan, plan_run
from transforms.manifest import Commit, Manifest, Step, part_of
from transforms.scan import scan_sources
from transforms.store import Store
from transforms.units import UnitOutcome
from transforms.writer import DATASETS

T = TypeVar("T")


class EmptySourceError(RuntimeError):
    """The inputs list no file while the output holds documents."""


@dataclass
class RunSummary:
    """What a run did: files by outcome, records written, time taken."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0
    hashed: int = 0
    documents: int = 0
    chunks: int = 0
    failed: int = 0
    pages: int = 0
    seconds: float = 0.0
    failures: list[FailureRecord] = field(default_factory=list)

    @classmethod
    def from_plan(cls, plan: Plan) -> RunSummary:
        """Start a summary with the planned counts of unchanged, deleted and hashed files."""
        return cls(unchanged=plan.unchanged, deleted=plan.deleted, hashed=plan.hashed)

    def add(self, outcome: UnitOutcome) -> RunSummary:
        """Count a committed unit."""
        self.new += outcome.new
        self.changed += outcome.changed
        self.documents += outcome.documents
        self.chunks += outcome.chunks
        self.failed += outcome.failed
        self.pages += outcome.pages
        self.failures.extend(outcome.failures)
        return self

    @property
    def processed(self) -> int:
        """Documents converted in this run (successfully or not)."""
        return self.documents + self.failed

    @property
    def failure_ratio(self) -> float:
        """Failed documents over converted documents (0 when none were converted)."""
        return self.failed / self.processed if self.processed else 0.0

    def as_dict(self) -> dict:
        """The counts as a plain dict (for logs, task results and JSON)."""
        keys = ("new", "changed", "unchanged", "deleted", "failed", "documents", "chunks")
        out = {k: getattr(self, k) for k in keys}
        out.update(pages=self.pages, hashed=self.hashed, seconds=round(self.seconds, 3))
        return out

    def line(self) -> str:
        """A one-line summary of the file outcomes."""
        return (
            f"{self.new} new, {self.changed} changed, {self.unchanged} unchanged, "
            f"{self.deleted} deleted, {self.failed} failed"
        )

    def markdown(self, out: str) -> str:
        """The summary as a Markdown table (the Prefect artifact)."""
        rows = [
            ("new", self.new),
            ("changed", self.changed),
            ("unchanged", self.unchanged),
            ("deleted", self.deleted),
            ("failed", self.failed),
            ("documents written", self.documents),
            ("pages", self.pages),
            ("chunks", self.chunks),
            ("time (s)", f"{self.seconds:.2f}"),
        ]
        lines = [f"# docmill ingest into `{out}`", "", "| | |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in rows]
        if self.failures:
            lines += ["", "## Failures", "", "| source | stage | reason | message |"]
            lines += ["|---|---|---|---|"]
            for f in self.failures[:50]:
                message = f.message.replace("|", "\\|")[:160]
                lines.append(f"| {f.source_uri} | {f.stage} | {f.error_type} | {message} |")
        return "\n".join(lines) + "\n"


def published_parts(store: Store) -> set[str]:
    """Part ids whose file exists in every dataset."""
    parts = None
    for dataset in DATASETS:
        names = {p for p in map(part_of, store.listdir(dataset)) if p}
        parts = names if parts is None else parts & names
    return parts or set()


def open_run(
    out: str | Path,
    inputs: Sequence[str | Path],
    config: PipelineConfig,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    batch_size: int = 16,
    on_delete: str = "remove",
    retry_failed: bool = False,
    on_step: Step | None = None,
    allow_empty: bool = False,
) -> tuple[Store, Manifest, Plan]:
    """Lock ``out``, recover it, list ``inputs`` and plan the run.

    A source that lists no file at all while the manifest holds documents (an unmounted
    share, a wrong path) would delete everything: that is refused unless ``allow_empty``.
    """
    store = Store.open(out)
    manifest = Manifest.open(store, on_step=on_step)
    try:
        own = [store.root] if store.is_local else []  # never read our own output back
        files = scan_sources(inputs, include, exclude, skip=own)
        live = sum(1 for row in manifest.state.values() if row.get("status") != "deleted")
        if not files and live and not allow_empty:
            raise EmptySourceError(
                f"no input files found, but {store.url} holds {live} documents: refusing to "
                "delete them all (allow it explicitly to empty the output)"
            )
        plan = plan_run(
            manifest.state,
            files,
            config,
            batch_size=batch_size,
            on_delete=on_delete,
            retry_failed=retry_failed,
            published_parts=published_parts(store),
        )
    except BaseException:
        manifest.close()
        raise
    return store, manifest, plan


def finish_run(
    manifest: Manifest,
    plan: Plan,
    *,
    complete: bool = True,
    then: Callable[[], T] | None = None,
) -> T | None:
    """Commit the rows-only changes, drop orphaned parts, checkpoint, unlock.

    ``then`` (the corpus pass, which needs every part published) runs before unlocking,
    for complete runs only; its result is returned.
    """
    try:
        if plan.upsert or plan.remove:
            manifest.commit(Commit(upsert=plan.upsert, remove=plan.remove))
        if complete:
            manifest.remove_orphans()
        manifest.sweep_staging()
        manifest.checkpoint()
        return then() if complete and then is not None else None
    finally:
        manifest.close()

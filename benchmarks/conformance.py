"""Conformance over ../shared/corpora: every file converts or fails cleanly, in bounds.

    PYTHONPATH=. .venv/bin/python benchmarks/conformance.py [--jobs 2] [--slowest 15]

Each corpus folder is converted in a child process (``--jobs`` at a time) that runs the
pipeline on every planned file (``process_item``, what ``docmill convert`` runs in each
parser worker) and reports its outcome, seconds and resident memory; the child's peak RSS
is the corpus's peak memory. Printed: per corpus, files converted / failed cleanly / limit
hit (a ``limit`` failure, or longer than ``limits.doc_seconds``) / wrong (an internal
error), wall seconds and peak RSS; then the slowest files and the failure reasons.

The accounting half of this module (:func:`account`) is shared with
``tests/robustness/test_conformance_corpora.py``, which runs the real ``docmill convert``
over all corpora: a planned item (one per distinct content, see
:func:`transforms.sources.plan_sources`) must give exactly one DocumentRecord or one
FailureRecord under its URI; its duplicates must be listed in the document's
``metadata.duplicate_uris``; any other record must be an attachment of a planned item (its
URI starts with the parent's URI and ``#attachment=``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.dataset as ds

ROOT = Path(__file__).resolve().parents[1]
CORPORA = (ROOT / ".." / "shared" / "corpora").resolve()
sys.path.insert(0, str(ROOT))

from transforms.errors import Stage  # noqa: E402
from transforms.sources import SourceItem  # noqa: E402

STAGES = {s.value for s in Stage}
RUN_LIMIT_WORDS = ("took longer", "seconds", "memory")  # the pool's time and memory limits


@dataclass
class Accounting:
    """The outcome of each planned item and what is wrong with the run."""

    outcome: dict[str, str] = field(default_factory=dict)  # uri -> converted | failed | limit
    media_type: dict[str, str] = field(default_factory=dict)
    reason: dict[str, str] = field(default_factory=dict)  # uri -> stage/error_type
    attachments: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def table(self) -> list[tuple[str, int, int, int]]:
        """(media type, converted, failed cleanly, limit hit) rows, then a total row."""
        counts: dict[str, Counter] = {}
        for uri, outcome in self.outcome.items():
            counts.setdefault(self.media_type.get(uri, "?"), Counter())[outcome] += 1
        rows = [(m, c["converted"], c["failed"], c["limit"]) for m, c in sorted(counts.items())]
        total = Counter(self.outcome.values())
        rows.append(("total", total["converted"], total["failed"], total["limit"]))
        return rows


def _records(out: Path, dataset: str, columns: list[str]) -> list[dict]:
    folder = out / dataset
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        return []
    return ds.dataset(folder, format="parquet").to_table(columns=columns).to_pylist()


def account(items: list[SourceItem], out: Path) -> Accounting:
    """Match the records in ``out`` against ``items``."""
    docs = _records(out, "documents", ["source_uri", "media_type", "metadata"])
    fails = _records(
        out, "failures", ["source_uri", "media_type", "stage", "error_type", "message"]
    )
    acc = Accounting()
    # a distinct content is one unit whichever of its names carries the records
    names = {item.uri: {item.uri, *item.also} for item in items}
    planned = {uri: item for item in items for uri in names[item.uri]}
    seen: Counter = Counter()  # by the item's planning URI
    for doc in docs:
        uri = doc["source_uri"]
        meta = {kv["key"]: kv["value"] for kv in doc["metadata"] or []}
        if uri not in planned:
            _attachment(acc, uri, meta.get("parent_uri"), planned)
            continue
        item = planned[uri]
        seen[item.uri] += 1
        acc.outcome[item.uri] = "converted"
        acc.media_type[item.uri] = doc["media_type"]
        listed = set(filter(None, meta.get("duplicate_uris", "").split("\n")))
        if listed != names[item.uri] - {uri}:
            acc.problems.append(f"{uri}: duplicate_uris {sorted(listed)} != the other names")
    for fail in fails:
        uri = fail["source_uri"]
        stage, reason, message = fail["stage"], fail["error_type"], fail["message"]
        if stage not in STAGES or not reason or not message.strip():
            acc.problems.append(f"{uri}: unclear failure {stage}/{reason}: {message!r}")
        if reason.startswith("internal") or reason == "crashed":
            acc.problems.append(f"{uri}: {reason} in {stage}: {message}")
        if reason == "limit" and any(w in message.lower() for w in RUN_LIMIT_WORDS):
            acc.problems.append(f"{uri}: passed a run limit: {message}")
        if uri not in planned:
            parent = uri.split("#attachment=", 1)[0] if "#attachment=" in uri else None
            _attachment(acc, uri, parent, planned)
            continue
        item = planned[uri]
        seen[item.uri] += 1
        acc.outcome[item.uri] = "limit" if reason == "limit" else "failed"
        acc.media_type[item.uri] = fail["media_type"] or "(undetected)"
        acc.reason[item.uri] = f"{stage}/{reason}"
    for item in items:
        if seen[item.uri] != 1:
            acc.problems.append(f"{item.uri}: {seen[item.uri]} records instead of one")
    return acc


def _attachment(acc: Accounting, uri: str, parent: str | None, planned: dict) -> None:
    if parent is None or parent not in planned or not uri.startswith(parent + "#attachment="):
        acc.problems.append(f"{uri}: a record for nothing that was planned")
        return
    acc.attachments[parent] += 1


def format_table(acc: Accounting) -> str:
    """The per-media-type table as text."""
    lines = [f"{'media type':<72} {'converted':>9} {'failed':>7} {'limit':>6}"]
    for media, converted, failed, limit in acc.table():
        lines.append(f"{media:<72} {converted:>9} {failed:>7} {limit:>6}")
    reasons = Counter(acc.reason.values())
    lines.append("failures: " + ", ".join(f"{r} {n}" for r, n in reasons.most_common()))
    if acc.attachments:
        lines.append(f"attachments converted as documents: {sum(acc.attachments.values())}")
    return "\n".join(lines)


# --- the benchmark ------------------------------------------------------------------


def worker(folder: Path) -> None:
    """Convert every planned file under ``folder``; one JSON line per file on stdout."""
    import flows  # noqa: F401  (telemetry off)
    from transforms.config import PipelineConfig
    from transforms.pipeline import process_item
    from transforms.sources import plan_sources

    config = PipelineConfig()
    page = os.sysconf("SC_PAGE_SIZE")
    for item in plan_sources([folder]):
        started = time.perf_counter()
        result = process_item(item, config)
        seconds = time.perf_counter() - started
        with open("/proc/self/statm") as fh:
            rss_mb = int(fh.read().split()[1]) * page / 2**20
        failure = result.failure
        media = result.document.media_type if failure is None else failure.media_type
        reason = None if failure is None else f"{failure.stage}/{failure.error_type}"
        extra = [one for one in result.flatten()[1:]]
        line = {"rel": item.rel_path, "media": media, "reason": reason, "seconds": seconds,
                "rss_mb": rss_mb, "attachments": len(extra),
                "attachment_failures": sum(one.failure is not None for one in extra)}  # fmt: skip
        print(json.dumps(line), flush=True)


def _run_corpus(folder: Path) -> tuple[subprocess.Popen, float]:
    cmd = [sys.executable, __file__, "--worker", str(folder)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env), time.perf_counter()


def _outcome(line: dict, doc_seconds: float) -> str:
    reason = line["reason"] or ""
    if "internal" in reason:
        return "wrong"
    if reason.endswith("/limit") or line["seconds"] > doc_seconds:
        return "limit"
    return "failed" if reason else "converted"


def main() -> None:
    """Run every corpus and print the tables."""
    from transforms.config import Limits

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2, help="corpora converted at once")
    parser.add_argument("--slowest", type=int, default=15)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    if not CORPORA.is_dir():
        sys.exit(f"../shared/corpora not present (looked in {CORPORA})")
    doc_seconds = Limits().doc_seconds
    folders = sorted(p for p in CORPORA.iterdir() if p.is_dir())
    pending, running, lines, stats = list(folders), {}, {}, {}
    started = time.perf_counter()
    while pending or running:
        while pending and len(running) < max(1, args.jobs):
            folder = pending.pop(0)
            running[folder] = _run_corpus(folder)
        folder = next(iter(running))
        proc, t0 = running.pop(folder)
        lines[folder] = [json.loads(x) for x in proc.stdout]
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        stats[folder] = (time.perf_counter() - t0, usage.ru_maxrss / 1024, proc.returncode)
    wall = time.perf_counter() - started

    head = f"{'corpus':<32} {'files':>5} {'conv':>5} {'failed':>6} {'limit':>5} {'wrong':>5}"
    print(head + f" {'attach':>6} {'seconds':>8} {'peak MB':>8} {'exit':>4}")
    total: Counter = Counter()
    reasons: Counter = Counter()
    everything = []
    for folder in folders:
        count = Counter(_outcome(x, doc_seconds) for x in lines[folder])
        total.update(count)
        attach = sum(x["attachments"] for x in lines[folder])
        reasons.update(x["reason"] for x in lines[folder] if x["reason"])
        everything += [(x["seconds"], folder.name, x) for x in lines[folder]]
        seconds, peak, code = stats[folder]
        print(f"{folder.name:<32} {len(lines[folder]):>5} {count['converted']:>5} "
              f"{count['failed']:>6} {count['limit']:>5} {count['wrong']:>5} {attach:>6} "
              f"{seconds:>8.1f} {peak:>8.0f} {code:>4}")  # fmt: skip
    print(f"{'all':<32} {sum(total.values()):>5} {total['converted']:>5} {total['failed']:>6} "
          f"{total['limit']:>5} {total['wrong']:>5} {'':>6} {wall:>8.1f} "
          f"{max(s[1] for s in stats.values()):>8.0f}")  # fmt: skip
    print(f"\nslowest {args.slowest} files (seconds, RSS after, outcome):")
    for seconds, corpus, x in sorted(everything, key=lambda e: e[0], reverse=True)[: args.slowest]:
        print(f"  {seconds:7.2f}s {x['rss_mb']:7.0f} MB  {x['reason'] or 'converted':<22} "
              f"{corpus}/{x['rel']}")  # fmt: skip
    print("\nfailure reasons: " + ", ".join(f"{r} {n}" for r, n in reasons.most_common()))
    wrong = [
        f"{c}/{x['rel']}: {x['reason']}"
        for _, c, x in everything
        if "internal" in (x["reason"] or "")
    ]
    if wrong:
        print("\nWRONG (internal errors):\n  " + "\n  ".join(wrong))


if __name__ == "__main__":
    main()

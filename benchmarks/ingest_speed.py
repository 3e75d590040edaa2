"""Ingestion speed: cold runs (serial, pool, two Dask workers), no-op and one-change re-runs.

    .venv/bin/python benchmarks/ingest_speed.py [--docs 2000] [--noop-files 10000]

The corpus: copies of sample_docs/ files, each varied (a line, a row, a PDF comment, a zip
comment) so that every copy has its own bytes, plus PDFs and HTML pages of
../shared/corpora read in place (up to --corpora files under 1 MB), 2,000 documents in all.
Each cold run converts everything into a fresh output folder:

- serial: one isolated parser process (``--workers 1``);
- pool: one isolated parser process per core (the default);
- dask: the Prefect flow on a ``distributed.LocalCluster`` of two worker processes
  (prefect-dask), one parser process each; its time is the flow's own (after the
  temporary Prefect server has started).

The table also gives the CPU seconds of the run (this process and its parser processes)
and the 5-minute load average: on a shared machine, wall times of runs far apart are not
comparable; ``--repeat`` alternates serial and pool runs.

Then, on the pool's output: a re-run with nothing changed, and a re-run after one file
changed. Last, the no-op run over --noop-files unchanged small files (converted once
first, in-process), which is what an hourly schedule costs on a quiet folder.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import flows  # noqa: E402, F401  (telemetry off)
from flows.convert import run_parquet  # noqa: E402
from transforms.config import PipelineConfig  # noqa: E402

SAMPLES = ROOT / "sample_docs"
CORPORA = (ROOT / ".." / "shared" / "corpora").resolve()


def _vary(src: Path, dst: Path, i: int) -> None:
    data = src.read_bytes()
    suffix = src.suffix.lower()
    if suffix == ".md":
        data += f"\n\nCopy number {i} of this guide.\n".encode()
    elif suffix == ".csv":
        columns = data.split(b"\n", 1)[0].count(b",")
        data = data.rstrip(b"\n") + f"\ncopy {i}".encode() + b"," * columns + b"\n"
    elif suffix in (".html", ".htm"):
        data = data.replace(b"</body>", f"<p>Copy number {i}.</p></body>".encode(), 1)
    elif suffix == ".pdf":
        data += f"\n% copy {i}\n".encode()
    dst.write_bytes(data)
    if suffix == ".xlsx":
        with zipfile.ZipFile(dst, "a") as z:
            z.comment = f"copy {i}".encode()


def build_corpus(folder: Path, total: int, corpora_max: int) -> list[Path]:
    """Varied copies of sample_docs under ``folder``; returns the input roots."""
    corpora_files = []
    if CORPORA.is_dir():
        for path in sorted(CORPORA.rglob("*")):
            wanted = path.suffix.lower() in (".pdf", ".html", ".htm") and path.is_file()
            if wanted and path.stat().st_size < 1_000_000:
                corpora_files.append(path)
        random.Random(7).shuffle(corpora_files)
        corpora_files = corpora_files[:corpora_max]
    samples = sorted(p for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))
    copies = folder / "copies"
    copies.mkdir(parents=True)
    for i in range(max(0, total - len(corpora_files))):
        src = samples[i % len(samples)]
        _vary(src, copies / f"{i:05d}-{src.name}", i)
    old = time.time() - 3600
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, (old, old))
    return [copies, *corpora_files], len(corpora_files)  # corpora files read in place


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cold(roots, out: Path, workers: int) -> tuple[float, object, float]:
    shutil.rmtree(out, ignore_errors=True)
    started, cpu = time.perf_counter(), _cpu()
    report = run_parquet(roots, out, PipelineConfig(), workers=workers)
    return time.perf_counter() - started, report.summary, _cpu() - cpu


def cold_dask(roots, out: Path) -> tuple[float, dict]:
    from distributed import LocalCluster

    from flows.ingest import ingest

    shutil.rmtree(out, ignore_errors=True)
    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        result = ingest(
            [str(r) for r in roots],
            str(out),
            dask_address=cluster.scheduler_address,
            max_failure_ratio=1.0,
        )
    return result["seconds"], result


def noop_many(folder: Path, n: int) -> tuple[float, float]:
    src = folder / "many"
    src.mkdir()
    for i in range(n):
        (src / f"{i // 1000:02d}").mkdir(exist_ok=True)
        (src / f"{i // 1000:02d}" / f"note-{i:05d}.txt").write_text(f"Note {i}.\n")
    old = time.time() - 3600
    for path in src.rglob("*.txt"):
        os.utime(path, (old, old))
    out = folder / "many-out"
    started = time.perf_counter()
    run_parquet([src], out, PipelineConfig(), workers=0, batch_size=256)
    first = time.perf_counter() - started
    started = time.perf_counter()
    report = run_parquet([src], out, PipelineConfig(), workers=0)
    seconds = time.perf_counter() - started
    assert report.summary.unchanged == n and report.summary.hashed == 0, report.summary
    return first, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--corpora", type=int, default=400, help="corpora files at most")
    parser.add_argument("--noop-files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1, help="serial/pool runs, alternated")
    parser.add_argument("--skip", default="", help="comma-separated: serial,pool,dask,noop")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    work = Path(tempfile.mkdtemp(prefix="docmill-bench-"))
    try:
        roots, n_corpora = build_corpus(work / "in", args.docs, args.corpora)
        print(
            f"corpus: {args.docs} documents ({n_corpora} from ../shared/corpora), "
            f"cores: {os.cpu_count()}"
        )
        print(
            f"\n{'run':<40} {'seconds':>8} {'docs':>5} {'docs/s':>7} {'pages':>6} "
            f"{'cpu s':>7} {'load':>5}",
            flush=True,
        )

        def row(name: str, seconds: float, docs: int, pages: int, cpu: float | None) -> None:
            cpu_text = f"{cpu:7.0f}" if cpu is not None else "      -"
            print(
                f"{name:<40} {seconds:8.1f} {docs:5d} {docs / seconds:7.1f} {pages:6d} "
                f"{cpu_text} {os.getloadavg()[1]:5.1f}",
                flush=True,
            )

        for _ in range(args.repeat):
            if "serial" not in skip:
                seconds, s, cpu = cold(roots, work / "serial", 1)
                row("cold, serial (1 parser process)", seconds, s.processed, s.pages, cpu)
            seconds, s, cpu = cold(roots, work / "pool", os.cpu_count() or 1)
            name = f"cold, pool ({os.cpu_count()} parser processes)"
            row(name, seconds, s.processed, s.pages, cpu)
        if "dask" not in skip:
            seconds, r = cold_dask(roots, work / "dask")
            docs = r["documents"] + r["failed"]
            row("cold, Dask LocalCluster (2 workers)", seconds, docs, r["pages"], None)
        started = time.perf_counter()
        s = run_parquet(roots, work / "pool", PipelineConfig()).summary
        noop = time.perf_counter() - started
        print(
            f"{'re-run, nothing changed':<44} {noop:8.2f}   "
            f"(unchanged {s.unchanged}, hashed {s.hashed})"
        )
        victim = sorted(roots[0].glob("*.md"))[0]
        victim.write_text(victim.read_text() + "\nOne more line.\n")
        started = time.perf_counter()
        s = run_parquet(roots, work / "pool", PipelineConfig()).summary
        one = time.perf_counter() - started
        print(
            f"{'re-run, one file changed':<44} {one:8.2f}   "
            f"(changed {s.changed}, unchanged {s.unchanged})"
        )
        if "noop" not in skip:
            first, seconds = noop_many(work, args.noop_files)
            print(
                f"{f'no-op re-run over {args.noop_files} unchanged files':<44} {seconds:8.2f}   "
                f"(first run {first:.1f}s)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

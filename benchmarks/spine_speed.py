"""End-to-end speed of `docmill convert` (files -> validated Parquet), beside peers.

Runs each file set in a fresh child process (so peak memory is per set) and prints one
table: docmill's pages/s, docs/s and peak RSS, and, on the same files, pymupdf4llm's
`to_markdown` (PDF) and trafilatura's `extract` (HTML) when they are installed.

    .venv/bin/python benchmarks/spine_speed.py [--max-files N]

Sets: sample_docs/; the PDFs of ../shared/corpora/{olmocr-bench-sample,pdfplumber-test-pdfs};
the HTML pages of ../shared/corpora/mozilla-readability-testpages (source.html).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = (ROOT / ".." / "shared" / "corpora").resolve()
sys.path.insert(0, str(ROOT))


def file_sets(max_files: int) -> dict[str, list[Path]]:
    """The benchmark's named lists of input files."""
    sets = {"sample_docs": sorted(p for p in (ROOT / "sample_docs").iterdir() if p.is_file())}
    if CORPORA.is_dir():
        pdfs = sorted((CORPORA / "olmocr-bench-sample").rglob("*.pdf")) + sorted(
            (CORPORA / "pdfplumber-test-pdfs").rglob("*.pdf")
        )
        sets["corpora PDFs"] = pdfs[:max_files]
        sets["readability HTML"] = sorted(
            (CORPORA / "mozilla-readability-testpages").rglob("source.html")
        )[:max_files]
    return sets


def _docmill(paths: list[Path], queue) -> None:
    import flows  # noqa: F401
    from flows.convert import run_parquet
    from transforms.config import PipelineConfig
    from transforms.validate import validate_output

    with tempfile.TemporaryDirectory() as out:
        # warm-up: imports (PyMuPDF, pyarrow) are paid once per process, not per document
        # workers=0: parse in this process, so the timing and peak memory are one core's
        # (benchmarks/ingest_speed.py measures the isolated process pool)
        run_parquet(paths[:1], Path(out) / "warm", PipelineConfig(), workers=0)
        start = time.perf_counter()
        report = run_parquet(paths, Path(out) / "run", PipelineConfig(), batch_size=64, workers=0)
        problems, _ = validate_output(Path(out) / "run")
        seconds = time.perf_counter() - start
    s = report.summary
    queue.put(
        {
            "docs": s.documents + s.failed,
            "failed": s.failed,
            "pages": s.pages,
            "chunks": s.chunks,
            "seconds": seconds,
            "valid": not problems,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def _pymupdf4llm(paths: list[Path], queue) -> None:
    import pymupdf
    import pymupdf4llm

    pages = failed = 0
    start = time.perf_counter()
    for p in paths:
        if p.suffix.lower() != ".pdf":
            continue
        try:
            with pymupdf.open(p) as doc:
                pages += doc.page_count
            pymupdf4llm.to_markdown(str(p), show_progress=False)
        except Exception:
            failed += 1
    queue.put(
        {
            "docs": len(paths),
            "failed": failed,
            "pages": pages,
            "chunks": None,
            "seconds": time.perf_counter() - start,
            "valid": None,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def _trafilatura(paths: list[Path], queue) -> None:
    import trafilatura

    failed = 0
    start = time.perf_counter()
    for p in paths:
        try:
            trafilatura.extract(p.read_text(encoding="utf-8", errors="replace"))
        except Exception:
            failed += 1
    queue.put(
        {
            "docs": len(paths),
            "failed": failed,
            "pages": 0,
            "chunks": None,
            "seconds": time.perf_counter() - start,
            "valid": None,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def _measure(target, paths: list[Path], timeout: float) -> dict | None:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(paths, queue))
    proc.start()
    try:
        return queue.get(timeout=timeout)
    except Exception:
        return None
    finally:
        proc.join(5)
        if proc.is_alive():
            proc.kill()


def _available(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def main() -> None:
    """Run every set through docmill and the applicable peer, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-files", type=int, default=60)
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    rows = []
    for name, paths in file_sets(args.max_files).items():
        tools = [("docmill convert", _docmill)]
        if name == "corpora PDFs" and _available("pymupdf4llm"):
            tools.append(("pymupdf4llm.to_markdown", _pymupdf4llm))
        if name == "readability HTML" and _available("trafilatura"):
            tools.append(("trafilatura.extract", _trafilatura))
        for tool, target in tools:
            r = _measure(target, paths, args.timeout)
            rows.append((name, tool, len(paths), r))
            print(f"  done: {name} / {tool}", file=sys.stderr)
    head = (
        "set",
        "tool",
        "files",
        "failed",
        "pages",
        "chunks",
        "s",
        "pages/s",
        "docs/s",
        "peak MB",
        "valid",
    )
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name, tool, n, r in rows:
        if r is None:
            print(f"| {name} | {tool} | {n} | timeout/crash | | | | | | | |")
            continue
        pps = f"{r['pages'] / r['seconds']:.1f}" if r["pages"] else "-"
        print(
            f"| {name} | {tool} | {n} | {r['failed']} | {r['pages']} | {r['chunks'] or '-'} | "
            f"{r['seconds']:.2f} | {pps} | {r['docs'] / r['seconds']:.1f} | "
            f"{r['rss_mb']:.0f} | {'' if r['valid'] is None else r['valid']} |"
        )


if __name__ == "__main__":
    main()

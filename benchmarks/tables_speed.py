"""Table throughput and peak memory: docmill vs unstructured on generated CSV and XLSX files.

    python benchmarks/tables_speed.py                 # 10k, 100k, 1M-row CSVs; 10k, 100k XLSX
    python benchmarks/tables_speed.py --rows 10000    # one size only
    python benchmarks/tables_speed.py --rows 0 --xlsx-rows 10000 --tools docmill-parse
    python benchmarks/tables_speed.py --formats       # tokens per table format on the corpora

Every measurement runs in a fresh subprocess, so "peak MB" is that process's maximum
resident set size (imports included). Columns:

- ``docmill parse+render``: the tabular parser, then the table serializer over every block
  (the document text that chunks point into);
- ``docmill pipeline``: the whole ``process_source`` (parse, clean, render, chunk, records);
- ``unstructured``: ``partition_csv`` / ``partition_xlsx`` (if installed), which returns one
  Table element holding the whole sheet as text and HTML.

Generated files go to a temporary folder and are deleted afterwards. Telemetry is off.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("SCARF_NO_ANALYTICS", "1")
os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ["North", "South", "East", "West", "Central"]
PRODUCTS = ["Widget", "Gadget", "Sprocket, large", 'Gizmo "pro"', "Doohickey"]


def make_csv(path: Path, n_rows: int) -> None:
    """A realistic mixed-type CSV: ids, text with commas/quotes, dates, amounts."""
    rng = random.Random(n_rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "region", "product", "date", "amount", "quantity", "note"])
        for i in range(n_rows):
            out.writerow(
                [
                    i,
                    rng.choice(REGIONS),
                    rng.choice(PRODUCTS),
                    f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    f"{rng.uniform(1, 99999):.2f}",
                    rng.randint(1, 500),
                    "ok" if rng.random() < 0.9 else "late, refunded\nsee ticket",
                ]
            )


def make_xlsx(path: Path, n_rows: int) -> None:
    """The same data as an XLSX workbook (openpyxl write-only mode)."""
    import openpyxl

    rng = random.Random(n_rows)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Sales")
    ws.append(["id", "region", "product", "date", "amount", "quantity"])
    for i in range(n_rows):
        ws.append(
            [
                i,
                rng.choice(REGIONS),
                rng.choice(PRODUCTS),
                f"2024-{rng.randint(1, 12):02d}-01",
                round(rng.uniform(1, 99999), 2),
                rng.randint(1, 500),
            ]
        )
    wb.save(path)


# --- the measured work, run in a child process ------------------------------------------


def _child(tool: str, path: str) -> dict:
    import resource

    media = {
        ".csv": "text/csv",
        ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    }[Path(path).suffix]
    started = time.perf_counter()
    if tool == "docmill-parse":
        import hashlib

        from transforms.config import PipelineConfig
        from transforms.model import Kind, Source
        from transforms.parsers import get_parser
        from transforms.tables import render_table

        data = Path(path).read_bytes()
        source = Source(path, hashlib.sha256(data).hexdigest(), media, data, Path(path).name)
        doc = get_parser(media).parse(source, PipelineConfig())
        chars = rows = 0
        for element in doc.elements:
            if element.kind is Kind.TABLE:
                rendered = render_table(element.table)
                chars += len(rendered.text)
                rows += len(rendered.rows)
        extra = {"elements": len(doc.elements), "rows": rows, "chars": chars}
    elif tool == "docmill-pipeline":
        import hashlib

        from transforms.config import PipelineConfig
        from transforms.model import Source
        from transforms.pipeline import process_source

        data = Path(path).read_bytes()
        source = Source(path, hashlib.sha256(data).hexdigest(), media, data, Path(path).name)
        result = process_source(source, PipelineConfig())
        if result.failure is not None:
            extra = {"failure": result.failure.message[:200]}
        else:
            extra = {"chunks": len(result.chunks), "chars": len(result.document.text)}
    elif tool == "unstructured":
        if media == "text/csv":
            from unstructured.partition.csv import partition_csv as partition
        else:
            from unstructured.partition.xlsx import partition_xlsx as partition
        elements = partition(filename=path)
        extra = {"elements": len(elements), "chars": sum(len(e.text or "") for e in elements)}
    else:
        raise SystemExit(f"unknown tool {tool}")
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "peak_mb": peak_kb / 1024, **extra}


def measure(tool: str, path: Path, timeout: float) -> dict:
    """Run one tool on one file in a fresh interpreter; its result or the reason it failed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, __file__, "--child", tool, str(path)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout {timeout:.0f}s"}
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": tail[:80]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def have_unstructured() -> bool:
    """True when the ``unstructured`` package can be imported."""
    try:
        import unstructured  # noqa: F401
    except ImportError:
        return False
    return True


def run_speed(
    sizes: list[int], xlsx_sizes: list[int], timeout: float, only: list[str] | None = None
) -> None:
    """Print rows/s and peak memory per tool and file."""
    tools = ["docmill-parse", "docmill-pipeline"] + (
        ["unstructured"] if have_unstructured() else []
    )
    tools = [t for t in tools if not only or t in only]
    print(f"{'file':<14}{'tool':<18}{'seconds':>9}{'rows/s':>11}{'peak MB':>9}  notes")
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [(n, "csv") for n in sizes] + [(n, "xlsx") for n in xlsx_sizes]
        for n, kind in jobs:
            path = Path(tmp) / f"rows_{n}.{kind}"
            (make_csv if kind == "csv" else make_xlsx)(path, n)
            label = f"{n // 1000}k.{kind}" if n < 1_000_000 else f"{n // 1_000_000}M.{kind}"
            mb = path.stat().st_size / 1e6
            for tool in tools:
                res = measure(tool, path, timeout)
                if "error" in res:
                    print(f"{label:<14}{tool:<18}{'-':>9}{'-':>11}{'-':>9}  {res['error']}")
                    continue
                notes = {k: v for k, v in res.items() if k not in ("seconds", "peak_mb")}
                print(
                    f"{label:<14}{tool:<18}{res['seconds']:>9.2f}{n / res['seconds']:>11,.0f}"
                    f"{res['peak_mb']:>9.0f}  {mb:.0f} MB file; {json.dumps(notes)}"
                )
            path.unlink()


def run_formats() -> None:
    """Tokens each chunk format spends on the corpora's spreadsheet tables."""
    import hashlib

    from transforms import mediatypes as mt
    from transforms.config import PipelineConfig
    from transforms.errors import DocumentError
    from transforms.model import Kind, Source
    from transforms.parsers import get_parser
    from transforms.tables import render_table
    from transforms.tokens import get_tokenizer

    corpora = ROOT / ".." / "shared" / "corpora"
    kinds = {".csv": mt.CSV, ".tsv": mt.TSV, ".xlsx": mt.XLSX, ".xlsm": mt.XLSM, ".xls": mt.XLS}
    tokenizer = get_tokenizer("regex")
    totals = {"markdown": 0, "html": 0, "records": 0}
    n_tables = 0
    for folder in ("docling-testdata", "unstructured-example-docs"):
        for path in sorted((corpora / folder).rglob("*")):
            media = kinds.get(path.suffix.lower())
            if media is None:
                continue
            data = path.read_bytes()
            source = Source(str(path), hashlib.sha256(data).hexdigest(), media, data, path.name)
            try:
                doc = get_parser(media).parse(source, PipelineConfig())
            except DocumentError:
                continue
            for element in doc.elements:
                if element.kind is Kind.TABLE:
                    n_tables += 1
                    for fmt in totals:
                        totals[fmt] += tokenizer.count(render_table(element.table, fmt).text)
    print(f"{n_tables} tables from the corpora, tokens ({tokenizer.name}):")
    for fmt, tokens in totals.items():
        print(f"  {fmt:<9}{tokens:>9,}  ({tokens / totals['markdown']:.2f}x markdown)")


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="CSV sizes (repeatable)")
    parser.add_argument("--xlsx-rows", type=int, action="append", help="XLSX sizes (repeatable)")
    parser.add_argument("--timeout", type=float, default=900.0, help="per run, seconds")
    parser.add_argument("--formats", action="store_true", help="token cost per table format")
    parser.add_argument("--tools", help="comma-separated subset of the tools to run")
    parser.add_argument("--child", nargs=2, metavar=("TOOL", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(_child(*args.child)))
        return
    if args.formats:
        sys.path.insert(0, str(ROOT))
        run_formats()
        return
    sizes = [n for n in (args.rows or [10_000, 100_000, 1_000_000]) if n > 0]
    xlsx_sizes = args.xlsx_rows if args.xlsx_rows is not None else [10_000, 100_000]
    only = args.tools.split(",") if args.tools else None
    run_speed(sizes, [n for n in xlsx_sizes if n > 0], args.timeout, only)


if __name__ == "__main__":
    main()

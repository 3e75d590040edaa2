"""PDF speed and memory: docmill side by side with pymupdf4llm and unstructured, same files.

    PYTHONPATH=. python benchmarks/pdf_speed.py [--big] [--unstructured-python PATH]

Every tool runs in its own fresh subprocess over the same born-digital text PDFs from
``../shared/corpora`` (table detection on for docmill); the time counted excludes
importing the library; peak memory is the process's maximum resident set size.

- ``docmill parse``: PdfParser only (elements).
- ``docmill e2e``: detect -> parse -> clean -> render -> chunk -> validated records ->
  Parquet (``transforms.pipeline.process_source`` and ``ParquetWriter``), written in
  batches of 16 documents as ``docmill convert`` does by default (``--batch-size``).
- ``pymupdf4llm``: ``to_markdown(path)`` with its defaults.
- ``unstructured fast``: ``partition_pdf(filename, strategy="fast")``, when an interpreter
  with unstructured is given (its PDF extra is never installed here: it pulls CUDA torch;
  a separate venv with ``unstructured pdfminer.six pikepdf pandas opencv-python-headless``
  and ``unstructured-inference`` installed with ``--no-deps`` imports without torch). Its
  spaCy model is replaced by a blank English pipeline (no download offline).

Each process first converts ``sample_docs/annual-report.pdf`` untimed (a warm-up, the same
for every tool): the table shows steady-state throughput of a worker, without one-off lazy
imports and set-up. ``--big`` also runs docmill e2e on the 619-page ``DA-619p.pdf`` for
pages/s and peak memory on a long document (pages are streamed, one page dictionary at a time).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.pdf_markdown import CORPORA, REPO

FILES = [
    "pypdf-sample-files/004-pdflatex-4-pages/pdflatex-4-pages.pdf",
    "pypdf-sample-files/026-latex-multicolumn/multicolumn.pdf",
    "pdfminer-samples/nonfree/dmca.pdf",
    "unstructured-example-docs/pdf/multi-column.pdf",
    "unstructured-example-docs/pdf/layout-parser-paper-fast.pdf",
    "olmocr-bench-sample/pdfs/olmo2-pg4.pdf",
    "olmocr-bench-sample/pdfs/earnings.pdf",
    "pdfplumber-test-pdfs/pdfs/nics-background-checks-2015-11.pdf",
    "olmocr-bench-sample/gnarly_pdfs/bws_book_ch2.pdf",
]
BIG = "unstructured-example-docs/pdf/DA-619p.pdf"
# converted first and not timed: lazy imports and first-call set-up (pyarrow loads pandas
# on its first array, ~0.35 s) are paid once per worker process, not per document
WARMUP = REPO / "sample_docs" / "annual-report.pdf"

RUNNER = r"""
import json, resource, sys, time, tempfile
from pathlib import Path
tool, files = sys.argv[1], json.loads(sys.argv[2])
if tool.startswith("docmill"):
    import hashlib
    from transforms.config import PipelineConfig
    from transforms.model import Source
    from transforms.parsers.pdf import PdfParser
    from transforms.pipeline import process_source
    from transforms.writer import ParquetWriter
elif tool == "pymupdf4llm":
    import pymupdf4llm
else:
    import spacy
    import unstructured.nlp.tokenize as tokenize
    from unstructured.partition.pdf import partition_pdf
    # offline: its spaCy model cannot be downloaded; a blank English pipeline with a
    # sentencizer stands in (without it "fast" silently returns no elements)
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    tokenize._load_spacy_model = lambda: blank
    tokenize._get_nlp = lambda: blank
out_dir = tempfile.mkdtemp()
warmup, files = files[0], files[1:]
batch, BATCH = [], 16
for i, name in enumerate([warmup, *files]):
    if i == 1:
        start = time.perf_counter()
    if tool == "docmill parse":
        data = Path(name).read_bytes()
        src = Source(name, hashlib.sha256(data).hexdigest(), "application/pdf", data, name)
        n = len(PdfParser().parse(src, PipelineConfig()).elements)
    elif tool == "docmill e2e":
        data = Path(name).read_bytes()
        src = Source(name, hashlib.sha256(data).hexdigest(), "application/pdf", data, name)
        result = process_source(src, PipelineConfig())
        if result.failure is not None:
            raise SystemExit(f"failure on {name}: {result.failure.message}")
        batch.append(result)
        if i == 0 or len(batch) == BATCH or i == len(files):  # the CLI's --batch-size
            ParquetWriter(out_dir).write_batch(f"b{i}", {
                "documents": [r.document for r in batch],
                "chunks": [c for r in batch for c in r.chunks]})
            batch = []
        n = len(result.chunks)
    elif tool == "pymupdf4llm":
        n = len(pymupdf4llm.to_markdown(name))
    else:
        n = len(partition_pdf(filename=name, strategy="fast"))
    if n == 0:
        raise SystemExit(f"{tool} produced nothing for {name}")
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "rss_mb": rss}))
"""


def run(tool: str, files: list[str], python: str = sys.executable) -> dict | str:
    """Time one tool over ``files`` in a fresh process; an error message on failure."""
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "DO_NOT_TRACK": "1",
           "SCARF_NO_ANALYTICS": "1", "UNSTRUCTURED_DISABLE_NOTICE": "1",
           "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}  # fmt: skip
    proc = subprocess.run(
        [python, "-c", RUNNER, tool, json.dumps([str(WARMUP), *files])],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        return (proc.stderr.strip().splitlines() or ["failed"])[-1][:200]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["pages"] = sum(_page_count(f) for f in files)
    return result


def _page_count(path: str) -> int:
    import pymupdf

    with pymupdf.open(path) as doc:
        return doc.page_count


def main() -> None:
    """Print pages/s and peak memory per tool."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--big", action="store_true", help="also the 619-page document")
    parser.add_argument("--unstructured-python", help="an interpreter with unstructured")
    args = parser.parse_args()
    files = [str(CORPORA / f) for f in FILES if (CORPORA / f).exists()]
    tools = [("docmill parse", sys.executable), ("docmill e2e", sys.executable),
             ("pymupdf4llm", sys.executable)]  # fmt: skip
    if args.unstructured_python:
        tools.append(("unstructured fast", args.unstructured_python))
    print(f"{len(files)} files")
    print(f"{'tool':<20} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'peak MB':>8}")
    for tool, python in tools:
        result = run(tool, files, python)
        if isinstance(result, str):
            print(f"{tool:<20} failed: {result}")
            continue
        rate = result["pages"] / result["seconds"]
        print(f"{tool:<20} {result['pages']:>6} {result['seconds']:>8.2f} {rate:>8.1f} "
              f"{result['rss_mb']:>8.0f}")  # fmt: skip
    if args.big and (CORPORA / BIG).exists():
        result = run("docmill e2e", [str(CORPORA / BIG)])
        if isinstance(result, str):
            print(f"{'docmill e2e (619p)':<20} failed: {result}")
        else:
            rate = result["pages"] / result["seconds"]
            print(f"{'docmill e2e (619p)':<20} {result['pages']:>6} {result['seconds']:>8.2f} "
                  f"{rate:>8.1f} {result['rss_mb']:>8.0f}")  # fmt: skip


if __name__ == "__main__":
    main()

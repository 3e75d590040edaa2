"""Robustness over odd, broken and hard PDFs: every file converts or fails cleanly, in time.

    PYTHONPATH=. python benchmarks/pdf_robustness.py [--timeout 60] [--memory-mb 2048] [-v]

Folders: ``pypdf-sample-files``, ``pdfjs-odd-pdfs/pdfs``, ``olmocr-bench-sample/gnarly_pdfs``
and ``pdfminer-samples`` (passwords from their ABOUT/selection files). Each file is parsed
(parse -> clean -> render) in a worker subprocess under a memory limit and a per-file time
limit; a worker that crashes, hangs or runs out of memory is killed and replaced, and the
file is counted against us. Outcomes: ``ok`` (converted), ``clean`` (a DocumentError with
its reason), ``bug`` (any other exception), ``crash`` (the worker died), ``timeout``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.pdf_markdown import CORPORA, REPO

FOLDERS = (
    "pypdf-sample-files",
    "pdfjs-odd-pdfs/pdfs",
    "olmocr-bench-sample/gnarly_pdfs",
    "pdfminer-samples",
)
KNOWN_PASSWORDS = ("openpassword", "foo", "userpass", "ownerpass", "test", "Hello", "asdfasdf")

WORKER = r"""
import json, sys, time, traceback
from pathlib import Path
from benchmarks.pdf_markdown import config_for, parse_pdf, to_markdown
from transforms.errors import DocumentError
for line in sys.stdin:
    job = json.loads(line)
    start = time.perf_counter()
    out = {"path": job["path"]}
    try:
        doc = parse_pdf(Path(job["path"]), config_for(tuple(job["passwords"])))
        text = to_markdown(doc)
        out.update(status="ok", pages=doc.page_count, elements=len(doc.elements),
                   chars=len(text))
    except DocumentError as exc:
        out.update(status="clean", reason=exc.reason, message=exc.message[:200])
    except Exception as exc:
        out.update(status="bug", error=f"{type(exc).__name__}: {exc}"[:300],
                   trace=traceback.format_exc()[-800:])
    out["seconds"] = round(time.perf_counter() - start, 3)
    print(json.dumps(out), flush=True)
"""


class Worker:
    """A parsing subprocess with an address-space limit; restarted after any failure."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.proc: subprocess.Popen | None = None

    def _limit(self) -> None:
        limit = self.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    def start(self) -> None:
        """Start (or restart) the worker."""
        self.stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            preexec_fn=self._limit,
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "DO_NOT_TRACK": "1"},
        )

    def stop(self) -> None:
        """Kill the worker if it runs."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def run(self, path: Path, passwords: tuple[str, ...], timeout: float) -> dict:
        """Parse one file; a dead or stuck worker is reported and replaced."""
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        assert self.proc and self.proc.stdin and self.proc.stdout
        start = time.perf_counter()
        self.proc.stdin.write(json.dumps({"path": str(path), "passwords": passwords}) + "\n")
        self.proc.stdin.flush()
        import selectors

        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        # the first file also pays for starting Python and importing PyMuPDF
        ready = sel.select(timeout + (10 if time.perf_counter() - start < 1 else 0))
        sel.close()
        if not ready:
            self.stop()
            return {"path": str(path), "status": "timeout", "seconds": timeout}
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            self.proc = None
            return {"path": str(path), "status": "crash", "exit": code,
                    "seconds": round(time.perf_counter() - start, 3)}  # fmt: skip
        return json.loads(line)


def pdf_files() -> list[Path]:
    """Every PDF of the robustness folders that are present."""
    files: list[Path] = []
    for folder in FOLDERS:
        root = CORPORA / folder
        if root.is_dir():
            files.extend(sorted(p for p in root.rglob("*") if p.suffix.lower() == ".pdf"))
    return files


def passwords_for(path: Path) -> tuple[str, ...]:
    """Passwords the corpora document for a file (tried in order by the parser)."""
    selection = CORPORA / "pdfjs-odd-pdfs" / "selection.json"
    if selection.exists() and "pdfjs-odd-pdfs" in str(path):
        entry = json.loads(selection.read_text()).get(f"pdfs/{path.name}", {})
        found = [m["password"] for m in entry.get("manifest", []) if m.get("password")]
        if found:
            return tuple(found)
    return KNOWN_PASSWORDS


def main() -> None:
    """Run every file, print the outcome counts, the slowest files and any bug."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per file")
    parser.add_argument("--memory-mb", type=int, default=2048, help="worker address space")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per file")
    args = parser.parse_args()
    worker = Worker(args.memory_mb)
    results = []
    try:
        for path in pdf_files():
            result = worker.run(path, passwords_for(path), args.timeout)
            results.append(result)
            if args.verbose:
                what = result.get("reason") or result.get("error") or result.get("pages", "")
                print(f"{result['status']:<8} {result['seconds']:>7.2f}s  "
                      f"{path.relative_to(CORPORA)}  {what}")  # fmt: skip
    finally:
        worker.stop()
    counts = Counter(r["status"] for r in results)
    reasons = Counter(r.get("reason") for r in results if r["status"] == "clean")
    print(f"files: {len(results)}  " + "  ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    print("clean failures by reason: " + ", ".join(f"{k}: {v}" for k, v in reasons.items()))
    slowest = sorted(results, key=lambda r: -r["seconds"])[:5]
    print("slowest: " + ", ".join(f"{Path(r['path']).name} {r['seconds']:.1f}s" for r in slowest))
    for r in results:
        if r["status"] in ("bug", "crash", "timeout"):
            print(f"{r['status'].upper()} {r['path']}: {r.get('error') or r.get('exit') or ''}")
    print(f"total seconds: {sum(r['seconds'] for r in results):.1f}")
    sys.exit(1 if any(r["status"] in ("bug", "crash", "timeout") for r in results) else 0)


if __name__ == "__main__":
    main()

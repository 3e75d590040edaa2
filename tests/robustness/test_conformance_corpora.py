"""Conformance: ``docmill convert`` over every file of ../shared/corpora.

The real command runs once, in a subprocess, over the whole folder (1,357 files from nine
public test suites: fuzzed, encrypted, broken and odd PDFs, HTML, CSV, spreadsheets,
office files, Markdown, JSON). The checks: the run ends by itself with exit code 0 or 1 and
no traceback; ``docmill validate`` accepts the output; every distinct file gives exactly
one document or one failure with a known stage, a reason and a message, and no failure is
an internal error, a crash, or a passed time or memory limit; duplicates are listed on
their document; other records are attachments of a planned file. The counts by outcome
and media type and the wall time are printed.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from benchmarks.conformance import account, format_table
from tests.conftest import ROOT
from transforms.sources import plan_sources

pytestmark = [pytest.mark.corpora, pytest.mark.slow]


def _docmill(*args: str, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_every_corpus_file_converts_or_fails_cleanly(corpora, tmp_path, capsys):
    out = tmp_path / "out"
    started = time.perf_counter()
    run = _docmill("convert", str(corpora), "-o", str(out), "--no-progress", timeout=1800)
    seconds = time.perf_counter() - started
    assert run.returncode in (0, 1), run.stderr[-3000:]
    assert "Traceback" not in run.stderr and "docmill: error" not in run.stderr, run.stderr[-3000:]

    checked = _docmill("validate", str(out), timeout=600)
    assert checked.returncode == 0, checked.stderr[-3000:]

    items = plan_sources([corpora])
    acc = account(items, out)
    with capsys.disabled():
        print(f"\n{len(items)} distinct files under {corpora} converted in {seconds:.0f} s")
        print(format_table(acc))
    assert acc.problems == [], "\n".join(acc.problems[:50])
    assert len(acc.outcome) == len(items)

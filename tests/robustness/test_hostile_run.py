"""One ``docmill convert`` run over a folder of every hostile input: contained and reported.

The run is a subprocess whose peak memory (its own and its worker processes', from
``wait4``) and wall time are measured: the bombs here inflate to 2 GB and more each, and
before the checks in the parsers a single lying DOCX member held 2.2 GB. Every planned file
must give one document or one clean failure (see ``benchmarks/conformance.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from benchmarks.conformance import account, format_table
from tests.conftest import ROOT
from tests.robustness import hostile as h
from tests.robustness.test_hostile_bombs import CONTAINERS, _rebuilt
from tests.robustness.test_hostile_xml import _documents
from transforms.sources import plan_sources

PEAK_MB = 1500  # the CLI and its workers: PyMuPDF, pandoc, lxml, pyarrow loaded, no bomb


def _hostile_folder(root: Path) -> Path:
    folder = root / "hostile"
    folder.mkdir()
    for maker, name, target, prefix in CONTAINERS.values():
        data = maker()
        (folder / f"lying-{name}").write_bytes(
            _rebuilt(data, target, h.lying_member(target, prefix, 2048))
        )
        size = len(prefix) + 512 * h.MB
        honest = h.Member(target, raw=h.deflate_bomb(512, prefix), size=size, crc=0)
        (folder / f"honest-{name}").write_bytes(_rebuilt(data, target, honest))
    (folder / "flate.pdf").write_bytes(h.pdf_flate_bomb(256))
    (folder / "double-flate.pdf").write_bytes(h.pdf_double_flate_bomb(4096))
    for name, data in _documents(h.laughs_dtd, "&lol9;").items():
        (folder / f"laughs-{name}").write_bytes(data)
    for name, data in _documents(
        lambda root: h.external_dtd(root, "file:///etc/passwd", "http://127.0.0.1:9"), "&xxe;"
    ).items():
        (folder / f"xxe-{name}").write_bytes(data)
    (folder / "deep.html").write_text("<div>" * 100_000 + "deep" + "</div>" * 100_000)
    (folder / "deep.md").write_text("> " * 100_000 + "deep\n")
    (folder / "line.txt").write_bytes(b"lorem ipsum " * 200_000)
    (folder / "nul.txt").write_bytes(b"text with a NUL\x00 byte in it. " * 50)
    (folder / "bad-utf8.md").write_bytes("# Straße\n\nGrüße ".encode() + b"\xc3\x28\xff\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / ("n" * 250 + ".txt")).write_text("A long name.\n")
    return folder


def run_measured(args: list[str], err_path: Path, timeout: float) -> tuple[int, float, float]:
    """Run ``docmill ARGS``: (exit code, seconds, peak RSS in MB of it and its children).

    ``wait4`` gives the peak of the process and of the children it waited for (the
    parser workers, pandoc); a timer kills a run that outlives ``timeout``.
    """
    started = time.perf_counter()
    with err_path.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", *args], cwd=ROOT, stdout=err, stderr=err
        )
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        _pid, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, time.perf_counter() - started, usage.ru_maxrss / 1024


@pytest.mark.slow
def test_one_run_over_every_hostile_input(tmp_path, capsys):
    folder = _hostile_folder(tmp_path)
    log = tmp_path / "run.log"
    code, seconds, peak = run_measured(
        ["convert", str(folder), "-o", str(tmp_path / "out"), "--no-progress"], log, timeout=900
    )
    err = log.read_text()
    assert code == 1, err[-3000:]  # some fail, none crash the run
    assert "Traceback" not in err and "docmill: error" not in err, err[-3000:]
    items = plan_sources([folder])
    acc = account(items, tmp_path / "out")
    with capsys.disabled():
        print(f"\n{len(items)} hostile files in {seconds:.1f} s, peak RSS {peak:.0f} MB")
        print(format_table(acc))
    assert acc.problems == [], "\n".join(acc.problems)
    assert len(acc.outcome) == len(items)
    assert peak < PEAK_MB
    limits = [u for u, o in acc.outcome.items() if o == "limit"]
    assert len(limits) >= 2 * len(CONTAINERS) + 2  # every bomb is refused as a limit


@pytest.mark.slow
def test_time_limit_from_the_configuration_stops_one_document_not_the_run(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "slow.txt").write_bytes(b"lorem ipsum dolor sit amet " * 400_000)  # ~10 s
    for i in range(3):
        (src / f"quick-{i}.md").write_text(f"# Quick {i}\n\nA short note.\n")
    config = tmp_path / "docmill.toml"
    config.write_text("[limits]\ndoc_seconds = 2\n")
    log = tmp_path / "run.log"
    args = ["convert", str(src), "-o", str(tmp_path / "out"), "--config", str(config)]
    code, _seconds, _peak = run_measured([*args, "--no-progress"], log, timeout=300)
    assert code == 1, log.read_text()[-2000:]
    acc = account(plan_sources([src]), tmp_path / "out")
    slow_uri = (src / "slow.txt").resolve().as_uri()
    assert acc.outcome[slow_uri] == "limit" and acc.reason[slow_uri] == "parse/limit"
    assert sorted(acc.outcome.values()) == ["converted"] * 3 + ["limit"]
    # the conformance check flags a passed run limit: here it is the point
    (problem,) = acc.problems
    assert "passed a run limit" in problem and "longer than the limit of 2 s" in problem

"""Hostile file systems: odd names, links out of the source, special files, moving files.

The run never dies; outputs stay inside OUT; every file gives records or one failure.
"""

from __future__ import annotations

import os
import threading
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from flows.convert import markdown_path, run_markdown, run_parquet, safe_name
from tests.robustness.conftest import SECRET, assert_one_failure, convert_file
from transforms.config import PipelineConfig
from transforms.pipeline import process_item
from transforms.sources import plan_sources
from transforms.validate import validate_output

ODD_NAMES = [
    "-rf.txt",
    "\u202egnp.txt",  # right-to-left override
    "emoji 😀.md",
    "e\u0301 decomposed.txt",
    "new\nline.txt",
    "tab\tname.txt",
    "back\\slash.txt",
    " spaced .txt",
    "..double-dot-start.txt",  # hidden (starts with a dot): skipped
    "a" * 251 + ".txt",  # 255 bytes: its .md name would be 258
    "ü" * 120 + ".txt",  # 244 bytes, multi-byte characters
]
ATTACHMENT_NAMES = [
    "../../../escape.txt",
    "/etc/evil.txt",
    "..",
    "sub/dir/../../up.txt",
    "\\..\\windows.txt",
    "x" * 300 + ".txt",
    "nul\x00name.txt",
]


def _odd_tree(root: Path) -> Path:
    src = root / "src"
    (src / "nested" / "deeper").mkdir(parents=True)
    for i, name in enumerate(ODD_NAMES):
        body = f"# Note {i}\n\nText of note number {i}.\n" if name.endswith(".md") else None
        (src / name).write_text(body or f"Text of file number {i}, named oddly.\n")
    (src / "nested" / "deeper" / "ok.txt").write_text("A nested file.\n")
    bad = os.fsencode(src) + b"/undecodable-\xff\xfe.txt"
    with open(bad, "wb") as fh:
        fh.write(b"A file whose name is not UTF-8.\n")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.org", "b@example.org", "s"
    message.set_content("The body of the message.")
    for i, name in enumerate(ATTACHMENT_NAMES):
        message.add_attachment(f"Attachment {i}.".encode(), "text", "plain", filename=name)
    (src / "mail.eml").write_bytes(bytes(message))
    return src


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def test_markdown_outputs_stay_inside_out_whatever_the_names(tmp_path):
    src = _odd_tree(tmp_path)
    out = tmp_path / "out"
    report = run_markdown([src], out, PipelineConfig())
    assert report.summary.failed == 0, report.summary.failures
    written = [p for p in tmp_path.rglob("*") if p.is_file() and not _inside(p, src)]
    assert written and all(_inside(p, out) for p in written), written
    assert all(len(os.fsencode(p.name)) <= 255 for p in written)
    # every visible input and every attachment has its file
    inputs = [p for p in src.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert report.summary.documents == len(inputs) + len(ATTACHMENT_NAMES)
    assert len(written) == report.summary.documents
    assert not list(tmp_path.rglob("*.tmp"))
    assert not (tmp_path / "escape.txt.md").exists() and not Path("/etc/evil.txt.md").exists()


def test_parquet_output_of_odd_names_validates(tmp_path):
    src = _odd_tree(tmp_path)
    out = tmp_path / "out"
    report = run_parquet([src], out, PipelineConfig())
    assert report.summary.failed == 0, report.summary.failures
    problems, counts = validate_output(out)
    assert problems == []
    assert counts["documents"] == report.summary.documents
    assert all(_inside(p, out) for p in out.rglob("*"))


def test_safe_name_keeps_short_names_and_bounds_long_ones():
    assert safe_name("report.pdf", ".md") == "report.pdf.md"
    assert safe_name("../../x", ".md") == "_.._x.md"
    long = safe_name("é" * 200, ".md")
    assert len(os.fsencode(long)) <= 255 and long.endswith(".md") and long.startswith("é")
    assert safe_name("é" * 200, ".md") != safe_name("é" * 199 + "e", ".md")
    assert safe_name("...", ".md") == "document.md"


def test_markdown_path_ignores_dot_dot_parts(tmp_path):
    (item,) = plan_sources([_write(tmp_path, "a.txt", b"text here\n")])
    item = type(item)(item.path, item.uri, "../../../a.txt", item.doc_id, item.size_bytes)
    assert _inside(markdown_path(tmp_path / "out", item), tmp_path / "out")


def test_an_unwritable_output_is_one_write_failure_and_the_run_goes_on(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("First file.\n")
    (src / "b.txt").write_text("Second file.\n")
    out = tmp_path / "out"
    (out / "a.txt.md").mkdir(parents=True)  # a folder where the file should go
    report = run_markdown([src], out, PipelineConfig())
    (failure,) = report.summary.failures
    assert (failure.stage, failure.error_type) == ("write", "unwritable")
    assert failure.source_uri.endswith("a.txt")
    assert (out / "b.txt.md").read_text() == "Second file.\n"


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_links_out_of_the_source_are_skipped(tmp_path, secret_file):
    src = tmp_path / "src"
    (src / "inner").mkdir(parents=True)
    (src / "inner" / "real.txt").write_text("Real text inside the source.\n")
    (src / "to-secret.txt").symlink_to(secret_file)
    (src / "to-secret-dir").symlink_to(secret_file.parent, target_is_directory=True)
    (src / "to-etc-passwd").symlink_to("/etc/passwd")
    (src / "to-inner.txt").symlink_to(src / "inner" / "real.txt")  # inside: kept
    (src / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    (src / "loop-a").symlink_to(src / "loop-b")
    (src / "loop-b").symlink_to(src / "loop-a")
    (src / "to-dev-zero").symlink_to("/dev/zero")
    (src / "to-parent").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(src / "fifo.txt")
    items = plan_sources([src])
    (item,) = items  # the inside link and its target are one file (one URI)
    assert item.path.resolve() == (src / "inner" / "real.txt").resolve()
    for item in items:
        result = process_item(item, PipelineConfig())
        assert SECRET not in result.document.text


def test_a_file_changed_after_planning_fails_as_changed(tmp_path):
    path = _write(tmp_path, "notes.txt", b"The first version of the notes.\n")
    (item,) = plan_sources([path])
    path.write_bytes(b"A second, different version written while the run was going.\n")
    outcome = process_item(item, PipelineConfig())
    assert outcome.document is None
    assert (outcome.failure.stage, outcome.failure.error_type) == ("detect", "changed")


def test_a_file_removed_after_planning_fails_as_unreadable(tmp_path):
    path = _write(tmp_path, "gone.txt", b"Soon gone.\n")
    (item,) = plan_sources([path])
    path.unlink()
    outcome = process_item(item, PipelineConfig())
    assert (outcome.failure.stage, outcome.failure.error_type) == ("detect", "unreadable")


def test_a_file_replaced_by_a_fifo_does_not_block(tmp_path):
    path = _write(tmp_path, "swap.txt", b"A regular file at planning time.\n")
    (item,) = plan_sources([path])
    path.unlink()
    os.mkfifo(path)
    outcome = process_item(item, PipelineConfig())  # would block forever on open()
    assert (outcome.failure.stage, outcome.failure.error_type) == ("detect", "unreadable")


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path):
    from dataclasses import replace

    path = _write(tmp_path, "log.txt", b"line of a log\n" * 100)
    (item,) = plan_sources([path])
    with path.open("ab") as fh:
        fh.write(b"more log\n" * 10_000)
    config = PipelineConfig()
    config = replace(config, limits=replace(config.limits, max_file_bytes=10_000))
    outcome = process_item(item, config)
    assert (outcome.failure.stage, outcome.failure.error_type) == ("detect", "limit")


def test_a_file_written_during_the_run_gives_records_or_one_failure(tmp_path):
    """A writer appends to a file while a real run converts the folder."""
    src = tmp_path / "src"
    src.mkdir()
    growing = _write(src, "growing.txt", b"start of the log\n")
    for i in range(20):
        _write(src, f"file-{i:02}.txt", f"Steady file {i}.\n".encode())
    stop = threading.Event()

    def writer() -> None:
        with growing.open("ab") as fh:
            while not stop.is_set():
                fh.write(b"another line of the growing log\n")
                fh.flush()
                time.sleep(0.001)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        report = run_parquet([src], tmp_path / "out", PipelineConfig(), batch_size=4)
    finally:
        stop.set()
        thread.join()
    summary = report.summary
    assert summary.documents + summary.failed == 21
    assert all(f.error_type == "changed" for f in summary.failures), summary.failures
    assert validate_output(tmp_path / "out")[0] == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_fails_as_unreadable(tmp_path):
    path = _write(tmp_path, "locked.txt", b"no access\n")
    path.chmod(0)
    try:
        outcome = convert_file(path)
    finally:
        path.chmod(0o644)
    assert_one_failure(outcome, "detect", "unreadable")


def test_a_failure_names_every_file_holding_the_same_bytes(tmp_path):
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        _write(tmp_path, name, b"%PDF-1.7\nnot really a PDF at all\n%%EOF\n")
    (item,) = plan_sources([tmp_path])
    failure = process_item(item, PipelineConfig()).failure
    assert failure.source_uri.endswith("/a.pdf")
    assert "b.pdf" in failure.message and "c.pdf" in failure.message


def test_an_output_inside_the_source_is_never_read_back(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "notes.md").write_text("# Notes\n\nThe only document here.\n")
    for _ in range(2):
        run_parquet([tmp_path / "a"], tmp_path / "a" / "out", PipelineConfig())
        run_markdown([tmp_path / "b"], tmp_path / "b" / "md", PipelineConfig())
    problems, counts = validate_output(tmp_path / "a" / "out")
    assert problems == [] and counts["documents"] == 1
    assert [p.name for p in (tmp_path / "b" / "md").rglob("*.md")] == ["notes.md.md"]


def test_scan_skips_links_out_loops_and_special_files(tmp_path, secret_file):
    from transforms.scan import scan_sources

    src = tmp_path / "src"
    (src / "inner").mkdir(parents=True)
    (src / "inner" / "real.txt").write_text("Real text inside the source.\n")
    (src / "to-secret.txt").symlink_to(secret_file)
    (src / "to-secret-dir").symlink_to(secret_file.parent, target_is_directory=True)
    (src / "loop-a").symlink_to(src / "loop-b")
    (src / "loop-b").symlink_to(src / "loop-a")
    (src / "to-dev-zero").symlink_to("/dev/zero")
    os.mkfifo(src / "fifo.txt")
    assert [f.rel_path for f in scan_sources([src])] == ["inner/real.txt"]

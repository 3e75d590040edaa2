"""No network: ``docmill convert`` and ``docmill ingest`` run end to end with every
non-loopback connection and name lookup refused and recorded, and none is attempted.

The guard is ``tests/robustness/netguard/sitecustomize.py``, put on ``PYTHONPATH`` so
that every Python process of the run loads it (the CLI, parser worker processes,
Prefect's temporary server). The inputs are ``sample_docs/`` plus documents that point
outside: an HTML page with remote images, scripts, style sheets and frames, a DOCX with
an external image relationship, an EPUB with remote images, an e-mail whose HTML body loads
remote images, Markdown with a remote image and XML with a remote DTD. A control shows
the guard records and refuses a real attempt. (pandoc, a separate program, runs with
``--sandbox``; Tesseract reads only local files.)
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_DOCS
from tests.fixtures import office_docs as make

GUARD = Path(__file__).resolve().parent / "netguard"
REMOTE = "http://docmill-test.example.com"


def _replace(data: bytes, name: str, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return make.zip_bytes({n: (new if n == name else src.read(n)) for n in src.namelist()})


def _outward_documents(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "remote.html").write_text(
        f'<html><head><link rel="stylesheet" href="{REMOTE}/s.css"><script src="{REMOTE}'
        f'/t.js"></script><link rel="preconnect" href="https://fonts.example.net">'
        f'<meta property="og:image" content="{REMOTE}/og.png"></head><body><h1>Remote'
        f' things</h1><p>An image <img src="{REMOTE}/a.png" srcset="{REMOTE}/b.png 2x"> and'
        f' a tracker <img src="//tracker.example.org/pixel.gif">.</p><iframe src="{REMOTE}'
        f'/frame"></iframe><p>A <a href="{REMOTE}/page">link</a> to read later.</p>'
        "</body></html>"
    )
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rIdX" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/image" '
        f'Target="{REMOTE}/linked.png" TargetMode="External"/></Relationships>'
    )
    docx = _replace(make.make_docx(), "word/_rels/document.xml.rels", rels.encode())
    (folder / "linked.docx").write_bytes(docx)
    chapter = (
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>One</h1><p>Text '
        f'<img src="{REMOTE}/e.png"/></p></body></html>'
    )
    (folder / "remote.epub").write_bytes(
        _replace(make.make_epub(), "EPUB/c1.xhtml", chapter.encode())
    )
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.org", "b@example.org", "hi"
    message.set_content("Plain body of the message.")
    message.add_alternative(
        f'<html><body><p>HTML body <img src="{REMOTE}/mail.png"></p></body></html>', "html"
    )
    (folder / "remote.eml").write_bytes(bytes(message))
    (folder / "remote.md").write_text(f"# Remote\n\n![picture]({REMOTE}/md.png) text.\n")
    (folder / "remote.xml").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE catalog SYSTEM "{REMOTE}/catalog.dtd">\n'
        "<catalog><book>River</book><book>Lake</book></catalog>\n"
    )
    return folder


def _guarded_env(log: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(GUARD), str(ROOT)])
    env["DOCMILL_NETGUARD_LOG"] = str(log)
    env.pop("PREFECT_API_URL", None)  # the flow starts its own loopback server
    return env


def _events(log: Path) -> list[dict]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line]


def _run(args: list[str], log: Path, timeout: float, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        env={**_guarded_env(log), **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _assert_no_network(done: subprocess.CompletedProcess, log: Path) -> None:
    events = _events(log)
    assert any(e["kind"] == "loaded" for e in events), "the guard was not loaded"
    attempts = [e for e in events if e["kind"] not in ("loaded", "loopback")]
    assert attempts == [], attempts
    assert done.returncode == 0, done.stdout + done.stderr


def test_control_the_guard_records_and_refuses(tmp_path):
    log = tmp_path / "net.log"
    code = "import urllib.request; urllib.request.urlopen('http://example.com/', timeout=5)"
    done = subprocess.run(
        [sys.executable, "-c", code], env=_guarded_env(log), capture_output=True, text=True
    )
    assert done.returncode != 0 and "netguard" in done.stderr
    assert [e["kind"] for e in _events(log)] == ["loaded", "resolve"]


def test_convert_attempts_no_connection(tmp_path):
    extra = _outward_documents(tmp_path / "outward")
    log = tmp_path / "net.log"
    out = tmp_path / "out"
    done = _run(["convert", str(SAMPLE_DOCS), str(extra), "-o", str(out), "--no-progress"],
                log, timeout=600)  # fmt: skip
    _assert_no_network(done, log)
    assert "0 failures" in done.stdout
    md = _run(["convert", str(extra), "--to", "markdown", "-o", str(tmp_path / "md"),
               "--no-progress"], log, timeout=600)  # fmt: skip
    _assert_no_network(md, log)


@pytest.mark.slow
@pytest.mark.flow
def test_ingest_flow_attempts_no_connection(tmp_path):
    extra = _outward_documents(tmp_path / "outward")
    for path in SAMPLE_DOCS.iterdir():
        (extra / path.name).write_bytes(path.read_bytes())
    log = tmp_path / "net.log"
    home = tmp_path / "prefect-home"  # a fresh Prefect database for the temporary server
    home.mkdir()
    done = _run(
        ["ingest", str(extra), "-o", str(tmp_path / "out")], log, timeout=900,
        PREFECT_HOME=str(home), PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
    )  # fmt: skip
    _assert_no_network(done, log)
    assert "0 failures" in done.stdout
    events = _events(log)
    # the flow talked to its temporary server through the guard, from several processes
    assert any(e["kind"] == "loopback" for e in events)
    assert len({e["pid"] for e in events if e["kind"] == "loaded"}) >= 2

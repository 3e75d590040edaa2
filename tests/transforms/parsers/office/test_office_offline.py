"""No network: partitioning every office format attempts no connection and no model download.

Runs in a fresh interpreter (unstructured pings its telemetry endpoint at import, once per
process) with the telemetry switches removed from the environment, so the parsers' own
safeguards are what is tested, not the CLI's settings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
QUIET = {"DO_NOT_TRACK", "SCARF_NO_ANALYTICS", "UNSTRUCTURED_DISABLE_NOTICE"}

SCRIPT = r"""
import json, socket, sys
attempts = []
real_connect = socket.socket.connect
def connect(self, address):
    host = address[0] if isinstance(address, tuple) else str(address)
    if host not in ("127.0.0.1", "::1", "localhost") and not str(host).startswith("/"):
        attempts.append(f"connect {address}")
        raise OSError("network disabled in this test")
    return real_connect(self, address)
real_getaddrinfo = socket.getaddrinfo
def getaddrinfo(host, *args, **kwargs):
    if host not in (None, "127.0.0.1", "::1", "localhost"):
        attempts.append(f"resolve {host}")
        raise socket.gaierror("network disabled in this test")
    return real_getaddrinfo(host, *args, **kwargs)
socket.socket.connect = connect
socket.getaddrinfo = getaddrinfo

from tests.fixtures import office_docs as make
from tests.fixtures.msg_writer import make_msg
from transforms.config import PipelineConfig
from transforms.detect import detect_media_type
from transforms.model import Source
from transforms.parsers import get_parser

made = {
    "a.docx": make.make_docx(), "a.pptx": make.make_pptx(), "a.epub": make.make_epub(),
    "a.odt": make.make_odt(), "a.rtf": make.make_rtf(), "a.rst": make.make_rst(),
    "a.eml": make.make_eml(), "a.xml": make.make_xml(), "a.msg": make_msg(),
}
counts = {}
for name, data in made.items():
    media_type = detect_media_type(data, name)
    source = Source("file:///" + name, "0" * 64, media_type, data, name)
    doc = get_parser(media_type).parse(source, PipelineConfig())
    counts[name] = len(doc.elements)
import unstructured.partition.text_type as text_type
print(json.dumps({
    "attempts": attempts,
    "counts": counts,
    "spacy_imported": "spacy" in sys.modules,
    "tokenize_module": text_type.pos_tag.__module__,
}))
"""


def test_no_connection_attempted_and_no_model_loaded():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DO_NOT_TRACK", "SCARF_NO_ANALYTICS", "UNSTRUCTURED_DISABLE_NOTICE"}
    }
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["attempts"] == []
    assert all(n > 0 for n in report["counts"].values()), report["counts"]
    assert not report["spacy_imported"]
    assert report["tokenize_module"] == "transforms.parsers.office.offline"
    assert "Thank you for using Unstructured" not in done.stdout + done.stderr


def test_guard_would_have_caught_the_telemetry_ping():
    # Control: the same interpreter set-up without docmill's loader does try to connect.
    code = SCRIPT.split("from tests.fixtures")[0] + (
        "import unstructured\nprint(json.dumps({'attempts': attempts}))"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DO_NOT_TRACK", "SCARF_NO_ANALYTICS", "UNSTRUCTURED_DISABLE_NOTICE"}
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["attempts"], "unstructured no longer pings at import: drop this control"


def test_pdf_and_html_runs_never_import_unstructured():
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from transforms.config import PipelineConfig\n"
        "from transforms.pipeline import process_item\n"
        "from transforms.sources import plan_sources\n"
        "items = [i for i in plan_sources([Path('sample_docs')])"
        " if i.path.suffix in ('.pdf', '.html')]\n"
        "docs = [process_item(i, PipelineConfig()).document for i in items]\n"
        "assert len(docs) >= 2 and all(docs)\n"
        "loaded = [m for m in ('unstructured', 'transforms.parsers.office') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]

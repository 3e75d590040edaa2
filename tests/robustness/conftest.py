"""Fixtures for hostile-input tests: a loopback HTTP trap, a secret file, a one-file runner."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from transforms.config import PipelineConfig
from transforms.pipeline import DocResult, process_item
from transforms.sources import plan_sources

SECRET = "SECRET-SENTINEL-4711"
HANG_GUARD_SECONDS = 60  # not a speed check: a hostile file must not take minutes


class _Trap(BaseHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.end_headers()
        self.wfile.write(SECRET.encode())

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def http_trap():
    """A loopback HTTP server recording every request; yields ``(base_url, requests)``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Trap)
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.requests  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    """A local file holding :data:`SECRET`: no output may ever contain it."""
    path = tmp_path / "secret" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET + "\n")
    return path


@dataclass
class Outcome:
    """What one hostile file produced."""

    results: list[DocResult]
    seconds: float

    @property
    def failures(self):
        return [r.failure for r in self.results if r.failure is not None]

    @property
    def documents(self):
        return [r.document for r in self.results if r.document is not None]

    def text(self) -> str:
        return "\n".join(d.text + " " + " ".join(d.metadata.values()) for d in self.documents)


def convert_file(path: Path, config: PipelineConfig | None = None) -> Outcome:
    """Plan and process one file as ``docmill convert`` would, with a hang guard."""
    (item,) = plan_sources([path])
    started = time.perf_counter()
    result = process_item(item, config or PipelineConfig())
    seconds = time.perf_counter() - started
    assert seconds < HANG_GUARD_SECONDS, f"{path.name} took {seconds:.0f} s"
    return Outcome(result.flatten(), seconds)


def assert_one_failure(outcome: Outcome, stage: str, reason: str, words: str = "") -> None:
    """Exactly one FailureRecord, with the given stage and reason (and words in its message)."""
    assert len(outcome.results) == 1, outcome.results
    (failure,) = outcome.failures
    assert (failure.stage, failure.error_type) == (stage, reason), failure
    assert words.lower() in failure.message.lower(), failure.message

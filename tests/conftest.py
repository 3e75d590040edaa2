"""Shared fixtures: paths to the repository, sample_docs and the shared corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

import flows  # noqa: F401  (telemetry off for everything the tests import)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DOCS = ROOT / "sample_docs"
CORPORA = (ROOT / ".." / "shared" / "corpora").resolve()


@pytest.fixture
def corpora() -> Path:
    """The shared corpora folder, or a skip with the reason when it is absent."""
    if not CORPORA.is_dir():
        pytest.skip(f"../shared/corpora not present (looked in {CORPORA})")
    return CORPORA

"""Shared fixtures: paths to the repository, sample_docs and the shared corpora."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

import flows  # noqa: F401  (telemetry off for everything the tests import)

# Property tests draw the same examples on every run (a suite that passes here passes in
# CI); DOCMILL_FUZZ_RANDOM=1 draws fresh ones, for a campaign that looks for new failures.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile("explore" if os.environ.get("DOCMILL_FUZZ_RANDOM") else "repeatable")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DOCS = ROOT / "sample_docs"
CORPORA = (ROOT / ".." / "shared" / "corpora").resolve()


@pytest.fixture
def corpora() -> Path:
    """The shared corpora folder, or a skip with the reason when it is absent."""
    if not CORPORA.is_dir():
        pytest.skip(f"../shared/corpora not present (looked in {CORPORA})")
    return CORPORA

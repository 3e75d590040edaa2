"""Fixtures for the pair builder: small documents converted by the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.convert import run_parquet
from flows.settings import load_config
from tests.pairs_fixtures import write_docs
from transforms.pairs.store import load_corpus


@pytest.fixture(scope="session")
def converted(tmp_path_factory) -> Path:
    """An output folder made by ``docmill convert`` from the test documents."""
    root = tmp_path_factory.mktemp("pairs")
    src = write_docs(root / "docs")
    out = root / "out"
    report = run_parquet([src], out, load_config())
    assert report.summary.failed == 0
    return out


@pytest.fixture(scope="session")
def corpus(converted):
    """The corpus read back from :func:`converted`."""
    return load_corpus(converted)

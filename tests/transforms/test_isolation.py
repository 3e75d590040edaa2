"""Documents parsed in isolated worker processes: limits, crashes, same results."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from transforms.config import Limits, PipelineConfig
from transforms.isolation import ParsePool
from transforms.pipeline import now, process_item
from transforms.sources import SourceItem, hash_file

WORDS = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit"]


def _item(path: Path) -> SourceItem:
    return SourceItem(path, path.as_uri(), path.name, hash_file(path), path.stat().st_size)


def _markdown(path: Path, paragraphs: int) -> Path:
    rng = random.Random(paragraphs)
    lines = [" ".join(rng.choice(WORDS) for _ in range(60)) for _ in range(paragraphs)]
    path.write_text("# Big\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path) -> list[Path]:
    files = []
    for i in range(4):
        p = tmp_path / f"doc{i}.md"
        p.write_text(f"# Doc {i}\n\nParagraph {i} of the test.\n\n- item\n", encoding="utf-8")
        files.append(p)
    return files


def test_pool_gives_the_same_records_as_in_process(small):
    config = PipelineConfig()
    created = now()
    with ParsePool(2) as pool:
        futures = [pool.submit(_item(p), config, created) for p in small]
        isolated = [f.result(timeout=120) for f in futures]
    direct = [process_item(_item(p), config, created) for p in small]
    for a, b in zip(isolated, direct, strict=True):
        assert a.failure is None and a.document == b.document and a.chunks == b.chunks


@pytest.mark.slow
def test_slow_document_hits_the_time_limit_and_the_pool_goes_on(tmp_path, small):
    slow = _markdown(tmp_path / "slow.md", 15000)  # several seconds of chunking
    config = PipelineConfig(limits=Limits(doc_seconds=0.5))
    with ParsePool(1, doc_seconds=0.5) as pool:
        pool.submit(_item(small[0]), config, now()).result(timeout=120)  # worker warm
        started = time.monotonic()
        timed_out = pool.submit(_item(slow), config, now()).result(timeout=120)
        assert time.monotonic() - started < 5
        after = pool.submit(_item(small[1]), config, now()).result(timeout=120)
    failure = timed_out.failure
    assert failure is not None and failure.stage == "parse" and failure.error_type == "limit"
    assert "longer than" in failure.message
    assert after.failure is None and after.document is not None


@pytest.mark.slow
def test_memory_limit_becomes_a_limit_failure(tmp_path, small):
    big = _markdown(tmp_path / "big.md", 20000)  # ~7 MB of text, far more once parsed
    config = PipelineConfig()
    with ParsePool(1, memory_mb=16, library_allowance_mb=0) as pool:
        result = pool.submit(_item(big), config, now()).result(timeout=120)
        after = pool.submit(_item(small[0]), config, now()).result(timeout=120)
    assert result.failure is not None and result.failure.error_type == "limit", result.failure
    assert "memory" in result.failure.message
    assert after.failure is None


@pytest.mark.slow
def test_a_worker_that_dies_gives_a_crashed_failure(tmp_path, small):
    slow = _markdown(tmp_path / "slow.md", 15000)
    config = PipelineConfig()
    with ParsePool(1) as pool:
        pool.submit(_item(small[0]), config, now()).result(timeout=120)
        future = pool.submit(_item(slow), config, now())
        time.sleep(0.3)
        pool._workers[0].proc.kill()  # what the OOM killer or a segfault would do
        crashed = future.result(timeout=120)
        after = pool.submit(_item(small[1]), config, now()).result(timeout=120)
    assert crashed.failure is not None and crashed.failure.stage == "parse"
    assert crashed.failure.error_type == "crashed" and "SIGKILL" in crashed.failure.message
    assert after.failure is None

"""Speed of ``docmill pairs``: offline generators, gates, and LLM generation in flight.

    python benchmarks/pairs_speed.py [PATHS...] [--repeat 3] [--delay 0.05]
                                     [--concurrency 1,4,16] [--llm-chunks 60]

PATHS (default: sample_docs/ and, when ../shared/corpora is present, a few of its PDFs and
spreadsheets) are converted once into a temporary folder; the conversion is not timed.

Offline: candidates/s of each generator on its own, then the gates, then a whole build
(generators + gates + split + records). LLM: ``llm-qa`` with the check call against the
loopback OpenAI-compatible server (tests/loopback_llm.py) answering after ``--delay``
seconds, as a slow local model would; for each concurrency level it prints requests in
flight at most, requests/s, pairs/s, and the ceiling concurrency / delay. No LLM peer runs
offline here, so the comparison is against that ceiling and across concurrency levels.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import flows  # noqa: E402,F401  (telemetry off)
from flows.convert import run_parquet  # noqa: E402
from flows.settings import load_config  # noqa: E402
from tests.loopback_llm import LoopbackLLM  # noqa: E402
from transforms.pairs.build import OFFLINE, build_pairs, generate_offline  # noqa: E402
from transforms.pairs.cache import ReplyCache  # noqa: E402
from transforms.pairs.client import ChatClient  # noqa: E402
from transforms.pairs.corpus import Corpus  # noqa: E402
from transforms.pairs.gates import apply_gates  # noqa: E402
from transforms.pairs.llm import LlmPairs  # noqa: E402
from transforms.pairs.options import LlmOptions, PairOptions  # noqa: E402
from transforms.pairs.store import load_corpus  # noqa: E402
from transforms.tokens import get_tokenizer  # noqa: E402

CORPORA = REPO / ".." / "shared" / "corpora"
EXTRA = [
    "docling-testdata/pdf/sources/redp5110_sampled.pdf",
    "docling-testdata/pdf/sources/amt_handbook_sample.pdf",
    "docling-testdata/pdf/sources/multi_page.pdf",
    "unstructured-example-docs/stanley-cups.csv",
    "unstructured-example-docs/example-10k-1p.html",
]
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def best_of(repeat: int, fn):
    """(best seconds, last result) of ``repeat`` runs."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def offline_table(corpus: Corpus, repeat: int) -> None:
    print(f"\noffline generators on {len(corpus)} chunks (best of {repeat})")
    print(f"{'generator':<12} {'candidates':>10} {'seconds':>9} {'cand/s':>10}")
    for task in OFFLINE:
        opts = PairOptions(generators=(task,), context="closed")
        secs, cands = best_of(repeat, lambda opts=opts: generate_offline(corpus, opts))
        print(f"{task:<12} {len(cands):>10} {secs:>9.4f} {len(cands) / secs:>10.0f}")
    opts = PairOptions(context="closed")
    cands = generate_offline(corpus, opts)
    tok = get_tokenizer("regex")
    secs, _ = best_of(repeat, lambda: apply_gates(cands, opts, tok))
    print(f"{'gates':<12} {len(cands):>10} {secs:>9.4f} {len(cands) / secs:>10.0f}")
    secs, build = best_of(repeat, lambda: build_pairs(corpus, opts, NOW))
    n = len(build.pairs)
    print(f"{'whole build':<12} {n:>10} {secs:>9.4f} {n / secs:>10.0f}  (kept pairs/s)")


def llm_table(corpus: Corpus, delay: float, levels: list[int], n_chunks: int) -> None:
    sub = Corpus(corpus.chunks[:n_chunks], corpus.documents.values())
    print(f"\nllm-qa + check against the loopback server, {delay * 1000:.0f} ms per reply")
    print(
        f"{'concurrency':>11} {'requests':>9} {'in flight':>9} {'seconds':>8} "
        f"{'req/s':>7} {'ceiling':>8} {'pairs/s':>8}"
    )
    for level in levels:
        with LoopbackLLM(delay=delay) as server:
            llm = LlmOptions(base_url=server.base_url, model="loop", concurrency=level)
            opts = PairOptions(generators=("llm-qa",), llm=llm)
            with ChatClient(llm) as client:
                gen = LlmPairs(opts, client, ReplyCache(None))
                t = time.perf_counter()
                build = build_pairs(sub, opts, NOW, llm=gen)
                secs = time.perf_counter() - t
                reqs = client.stats["requests"]
            print(
                f"{level:>11} {reqs:>9} {server.max_in_flight:>9} {secs:>8.2f} "
                f"{reqs / secs:>7.1f} {level / delay if delay else float('inf'):>8.1f} "
                f"{len(build.pairs) / secs:>8.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--concurrency", default="1,4,16")
    parser.add_argument("--llm-chunks", type=int, default=60)
    args = parser.parse_args()
    paths = args.paths or [REPO / "sample_docs"]
    if not args.paths and CORPORA.is_dir():
        paths += [CORPORA / p for p in EXTRA if (CORPORA / p).exists()]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        report = run_parquet(paths, out, load_config())
        print(
            f"converted {report.summary.documents} documents into {report.summary.chunks} chunks "
            f"({report.summary.failed} failures)"
        )
        corpus = load_corpus(out)
    offline_table(corpus, args.repeat)
    llm_table(corpus, args.delay, [int(x) for x in args.concurrency.split(",")], args.llm_chunks)


if __name__ == "__main__":
    main()

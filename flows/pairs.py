"""In-process pair building (no Prefect): what ``docmill pairs`` calls."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from transforms.pairs.build import build_pairs
from transforms.pairs.cache import ReplyCache
from transforms.pairs.card import dataset_card, pair_stats
from transforms.pairs.client import ChatClient
from transforms.pairs.export import FORMATS, write_dataset_info, write_exports
from transforms.pairs.llm import LlmPairs
from transforms.pairs.options import LLM_TASKS, PairOptions
from transforms.pairs.store import load_corpus, write_pair_datasets
from transforms.pipeline import now

EXPORT_DIR = "export"
CACHE_FILE = Path("cache") / "llm-replies.jsonl"


@dataclass
class PairsRun:
    """The outcome of a run: the report written to ``report.json``, and where things went."""

    report: dict
    pairs_dir: Path
    seconds: float


def run_pairs(
    out_dir: Path,
    pairs_dir: Path,
    options: PairOptions,
    *,
    formats: Sequence[str] = FORMATS,
    on_plan: Callable[[int], None] | None = None,
    on_item: Callable[[], None] | None = None,
) -> PairsRun:
    """Build the dataset from ``out_dir``'s chunks into ``pairs_dir``."""
    started = time.perf_counter()
    corpus = load_corpus(out_dir)
    created_at = now()
    llm = client = None
    if any(t in LLM_TASKS for t in options.generators):
        if options.llm is None:
            raise ValueError("LLM generators need an endpoint (--base-url and --model)")
        client = ChatClient(options.llm)
        cache = ReplyCache(pairs_dir / CACHE_FILE)
        llm = LlmPairs(options, client, cache)
        if on_plan:
            on_plan(llm.count_items(corpus, options.generators))
    try:
        build = build_pairs(corpus, options, created_at, llm=llm, on_item=on_item)
    finally:
        if client is not None:
            client.close()
    write_pair_datasets(pairs_dir, {"pairs": build.pairs, "dropped": build.dropped})
    export = pairs_dir / EXPORT_DIR
    written = write_exports(build.pairs, export, formats)
    write_dataset_info(written, export)
    stats = pair_stats(build.pairs)
    report = {
        **build.report,
        "stats": stats,
        "exports": written,
        "settings": options.settings(),
        "llm": {
            **(dict(client.stats) if client else {}),
            "cache_hits": llm.cache.hits if llm else 0,
        },
        "seconds": round(time.perf_counter() - started, 3),
    }
    (pairs_dir / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    card = dataset_card(stats, report, options.settings(), written, EXPORT_DIR)
    (pairs_dir / "README.md").write_text(card, encoding="utf-8")
    return PairsRun(report, pairs_dir, time.perf_counter() - started)

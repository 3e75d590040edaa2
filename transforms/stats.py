"""Summaries of an output folder: counts per media type, failures by stage, token lengths."""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc
import pyarrow.dataset as ds


def load_dataset(out: Path, dataset: str, columns: list[str]):
    """The ``columns`` of one dataset of an output folder as a table, or None if it has no file."""
    folder = Path(out) / dataset
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        return None
    return ds.dataset(folder, format="parquet").to_table(columns=columns)


def _value_counts(table, column: str) -> dict[str, int]:
    if table is None or table.num_rows == 0:
        return {}
    counts = pc.value_counts(table[column]).to_pylist()
    return dict(sorted(((str(c["values"]), c["counts"]) for c in counts), key=lambda kv: -kv[1]))


def summarize_output(out_dir: Path | str) -> dict:
    """Counts and distributions describing an output folder."""
    out = Path(out_dir)
    docs = load_dataset(out, "documents", ["media_type", "page_count"])
    chunks = load_dataset(out, "chunks", ["media_type", "token_count"])
    failures = load_dataset(out, "failures", ["stage", "error_type"])
    dropped = load_dataset(out, "dropped", ["step"])
    tokens = sorted(chunks["token_count"].to_pylist()) if chunks is not None else []

    def pct(q: float) -> int:
        return tokens[min(len(tokens) - 1, int(q * len(tokens)))] if tokens else 0

    edges = [0, 32, 64, 128, 256, 384, 512, 1024, 2048]
    histogram = {}
    for lo, hi in zip(edges, [*edges[1:], None], strict=True):
        label = f"{lo}-{hi - 1}" if hi else f"{lo}+"
        histogram[label] = sum(1 for t in tokens if t >= lo and (hi is None or t < hi))
    return {
        "documents": docs.num_rows if docs is not None else 0,
        "chunks": len(tokens),
        "failures": failures.num_rows if failures is not None else 0,
        "documents_by_media_type": _value_counts(docs, "media_type"),
        "chunks_by_media_type": _value_counts(chunks, "media_type"),
        "failures_by_stage": _value_counts(failures, "stage"),
        "failures_by_type": _value_counts(failures, "error_type"),
        "dropped_by_step": _value_counts(dropped, "step"),
        "tokens": {
            "min": tokens[0] if tokens else 0,
            "p50": pct(0.5),
            "p90": pct(0.9),
            "max": tokens[-1] if tokens else 0,
            "mean": round(sum(tokens) / len(tokens), 1) if tokens else 0,
        },
        "token_histogram": {k: v for k, v in histogram.items() if v},
    }

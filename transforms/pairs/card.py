"""The dataset card (README.md) and the statistics it reports."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from statistics import mean, median

from schemas import PairRecord


def token_stats(values: Sequence[int]) -> dict:
    """min, mean, median, p95 and max of token counts (zeros when empty)."""
    if not values:
        return {"n": 0, "min": 0, "mean": 0.0, "median": 0.0, "p95": 0, "max": 0}
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "min": ordered[0],
        "mean": round(mean(ordered), 1),
        "median": median(ordered),
        "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        "max": ordered[-1],
    }


def pair_stats(pairs: Sequence[PairRecord]) -> dict:
    """Counts by split, task, generator and source, and token statistics."""
    by_source: dict[str, Counter] = defaultdict(Counter)
    for p in pairs:
        by_source[p.source_uri][p.split] += 1
    return {
        "pairs": len(pairs),
        "by_split": dict(Counter(p.split for p in pairs)),
        "by_task": dict(sorted(Counter(p.task for p in pairs).items())),
        "by_generator": dict(sorted(Counter(p.generator for p in pairs).items())),
        "by_model": dict(Counter(p.model or "(none)" for p in pairs)),
        "tokens": {
            split: token_stats([p.token_count for p in pairs if p.split == split])
            for split in ("train", "eval")
        },
        "tokens_by_task": {
            task: token_stats([p.token_count for p in pairs if p.task == task])
            for task in sorted({p.task for p in pairs})
        },
        "sources": {uri: dict(c) for uri, c in sorted(by_source.items())},
    }


def _table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _front_matter(written: dict[str, dict[str, str]], export_dir: str) -> str:
    lines = ["---", "configs:"]
    for fmt, files in written.items():
        if fmt == "alpaca-json":
            continue
        lines.append(f"- config_name: {fmt.replace('-', '_')}")
        lines.append("  data_files:")
        for split, name in files.items():
            lines.append(f"  - split: {split}")
            lines.append(f"    path: {export_dir}/{name}")
    lines += ["tags:", "- docmill", "- synthetic", "---", ""]
    return "\n".join(lines)


def dataset_card(
    stats: dict, report: dict, settings: dict, written: dict[str, dict[str, str]], export_dir: str
) -> str:
    """The README.md of a pairs folder: counts, tokens, sources, settings, drops, overlap."""
    out = [_front_matter(written, export_dir), "# Fine-tune dataset built by docmill", ""]
    split = report["split"]
    out.append(
        f"{stats['pairs']} examples ({split['train']} train, {split['eval']} eval) from "
        f"{report['documents']} documents and {report['chunks']} chunks; "
        f"{report['candidates']} candidates, {report['dropped']} dropped by the quality gates. "
        f"The split is by document ({split['train_documents']} train, "
        f"{split['eval_documents']} eval documents, seed {split['seed']}): no document is in both."
    )
    out += ["", "## Examples by task", ""]
    rows = []
    for task, t in report["by_task"].items():
        drops = ", ".join(f"{g} {n}" for g, n in sorted(t["dropped"].items())) or "-"
        tok = stats["tokens_by_task"].get(task, {})
        rows.append(
            [task, t["candidates"], t["kept"], drops, tok.get("mean", 0), tok.get("max", 0)]
        )
    out.append(_table(["task", "candidates", "kept", "dropped by", "mean tokens", "max"], rows))
    out += ["", "## Tokens per example", ""]
    out.append(
        _table(
            ["split", "n", "min", "mean", "median", "p95", "max"],
            [[s, *v.values()] for s, v in stats["tokens"].items()],
        )
    )
    out += ["", "## Quality gates", ""]
    out.append(
        _table(
            ["gate", "dropped", "share of candidates"],
            [[g["gate"], g["dropped"], f"{g['share']:.1%}"] for g in report["gates"]],
        )
    )
    ov = report["overlap"]
    out += [
        "",
        "## Eval against train",
        "",
        f"Word {ov['n']}-gram overlap of eval examples (question and answer) with train: "
        f"mean {ov['mean_overlap']:.1%}, {ov['share_any']:.1%} of eval examples share any "
        f"{ov['n']}-gram, {ov['share_half']:.1%} share half or more (max {ov['max_overlap']:.1%}); "
        f"{ov['template_ngrams']} n-grams found in many train documents are counted as template "
        f"wording and left out ({ov['raw_share_any']:.1%} share any n-gram with them).",
        "",
        "## Sources",
        "",
    ]
    out.append(
        _table(
            ["source", "train", "eval"],
            [[uri, c.get("train", 0), c.get("eval", 0)] for uri, c in stats["sources"].items()],
        )
    )
    out += ["", "## Files", ""]
    for fmt, files in written.items():
        out.append(f"- {fmt}: " + ", ".join(f"`{export_dir}/{n}`" for n in files.values()))
    out += [
        f"- `{export_dir}/dataset_info.json`: LLaMA-Factory entries for these files",
        "- `pairs/`: the examples as Parquet with full provenance (`PairRecord`)",
        "- `dropped/`: every dropped candidate with its gate and reason (`DroppedPairRecord`)",
        "- `report.json`: the numbers on this page",
        "",
        "## Generator settings",
        "",
        "```json",
        json.dumps(settings, indent=2, sort_keys=True),
        "```",
        "",
    ]
    return "\n".join(out)

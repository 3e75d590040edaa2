"""``docmill pairs``: fine-tune datasets from chunk records."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from transforms.pairs.export import FORMATS
from transforms.pairs.options import (
    ALL_TASKS,
    GENERATOR_GROUPS,
    LLM_TASKS,
    LlmOptions,
    PairOptions,
    expand_generators,
)

GENERATOR_CHOICES = [*GENERATOR_GROUPS, *ALL_TASKS]


def _print_summary(report: dict, pairs_dir: Path) -> None:
    split = report["split"]
    click.echo(
        f"docmill pairs: {report['kept']} pairs ({split['train']} train, {split['eval']} eval) "
        f"from {report['documents']} documents, {report['candidates']} candidates, "
        f"{report['dropped']} dropped -> {pairs_dir}"
    )
    click.echo(f"  {'task':<12} {'candidates':>10} {'kept':>6}  dropped by")
    for task, t in report["by_task"].items():
        drops = ", ".join(f"{g} {n}" for g, n in sorted(t["dropped"].items())) or "-"
        click.echo(f"  {task:<12} {t['candidates']:>10} {t['kept']:>6}  {drops}")
    click.echo(f"  {'gate':<16} {'dropped':>8} {'share':>7}")
    for g in report["gates"]:
        click.echo(f"  {g['gate']:<16} {g['dropped']:>8} {g['share']:>7.1%}")
    ov = report["overlap"]
    click.echo(
        f"  eval vs train {ov['n']}-gram overlap: mean {ov['mean_overlap']:.1%}, "
        f"any {ov['share_any']:.1%}, half or more {ov['share_half']:.1%}"
    )
    llm = report.get("llm") or {}
    if llm.get("requests") or llm.get("cache_hits"):
        click.echo(
            f"  llm: {llm.get('requests', 0)} requests, {llm.get('retries', 0)} retries, "
            f"{llm.get('cache_hits', 0)} answered from the cache, "
            f"{llm.get('max_in_flight', 0)} in flight at most"
        )


@click.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "-o", "--out", "pairs_dir", required=True, type=click.Path(path_type=Path), help="Pairs folder."
)
@click.option(
    "-g",
    "--generator",
    "generators",
    multiple=True,
    type=click.Choice(GENERATOR_CHOICES),
    default=("offline",),
    show_default=True,
    help="Generators or groups (offline, llm, all); repeatable.",
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice([*FORMATS, "all"]),
    default=("all",),
    show_default=True,
    help="Export formats; repeatable.",
)
@click.option(
    "--context",
    type=click.Choice(["open", "closed"]),
    default="open",
    show_default=True,
    help="open: the passage is in the prompt; closed: the question alone.",
)
@click.option("--system", "system_prompt", default="", help="System turn for every chat pair.")
@click.option("--max-per-chunk", type=click.IntRange(1), default=4, show_default=True)
@click.option("--eval-fraction", type=click.FloatRange(0, 0.9), default=0.1, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--max-tokens", type=click.IntRange(16), default=2048, show_default=True)
@click.option("--min-grounding", type=click.FloatRange(0, 1), default=0.75, show_default=True)
@click.option("--near-duplicate", type=click.FloatRange(0, 1), default=0.8, show_default=True)
@click.option("--base-url", envvar="DOCMILL_LLM_BASE_URL", help="OpenAI-compatible endpoint.")
@click.option("--model", envvar="DOCMILL_LLM_MODEL", help="Model name for the endpoint.")
@click.option(
    "--api-key", envvar=["DOCMILL_LLM_API_KEY", "OPENAI_API_KEY"], help="API key, if needed."
)
@click.option("--concurrency", type=click.IntRange(1), default=4, show_default=True)
@click.option("--pairs-per-chunk", type=click.IntRange(1), default=3, show_default=True)
@click.option("--turns", type=click.IntRange(1), default=3, show_default=True)
@click.option("--temperature", type=click.FloatRange(0, 2), default=0.2, show_default=True)
@click.option("--no-check", is_flag=True, help="Skip the answerability/faithfulness check.")
@click.option("--stream", is_flag=True, help="Stream replies (server-sent events).")
@click.option(
    "--response-format",
    type=click.Choice(["json_schema", "json_object", "none"]),
    default="json_schema",
    show_default=True,
)
@click.option("--max-retries", type=click.IntRange(0), default=6, show_default=True)
@click.option(
    "--backoff",
    type=click.FloatRange(0),
    default=1.0,
    show_default=True,
    help="Seconds before the first retry (doubled each time) when no Retry-After is given.",
)
@click.option(
    "--prompts",
    "prompts_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of prompt files overriding the packaged ones.",
)
@click.option("--progress/--no-progress", default=True, help="Show a progress bar (LLM work).")
def pairs(out_dir, pairs_dir, generators, formats, progress, **o) -> None:
    """Build fine-tune datasets from the chunk records in OUT into PAIRS."""
    from flows.pairs import run_pairs
    from transforms.pairs.store import NoChunksError

    tasks = expand_generators(generators)
    llm = None
    if any(t in LLM_TASKS for t in tasks):
        if not o["base_url"] or not o["model"]:
            raise click.UsageError("LLM generators need --base-url and --model")
        llm = LlmOptions(
            base_url=o["base_url"],
            model=o["model"],
            api_key=o["api_key"],
            concurrency=o["concurrency"],
            temperature=o["temperature"],
            pairs_per_chunk=o["pairs_per_chunk"],
            chat_turns=o["turns"],
            check=not o["no_check"],
            stream=o["stream"],
            response_format=o["response_format"],
            max_retries=o["max_retries"],
            backoff_base=o["backoff"],
            prompts_dir=o["prompts_dir"],
        )
    options = PairOptions(
        generators=tasks,
        context=o["context"],
        system_prompt=o["system_prompt"],
        max_per_chunk=o["max_per_chunk"],
        seed=o["seed"],
        eval_fraction=o["eval_fraction"],
        max_pair_tokens=o["max_tokens"],
        min_grounding=o["min_grounding"],
        near_duplicate=o["near_duplicate"],
        llm=llm,
    )
    chosen = FORMATS if "all" in formats else tuple(dict.fromkeys(formats))
    bar = None

    def on_plan(n: int) -> None:
        nonlocal bar
        if progress and n:
            bar = click.progressbar(length=n, label="asking the LLM", file=sys.stderr)
            bar.__enter__()

    def on_item() -> None:
        if bar is not None:
            bar.update(1)

    try:
        run = run_pairs(
            out_dir, pairs_dir, options, formats=chosen, on_plan=on_plan, on_item=on_item
        )
    except NoChunksError as exc:
        raise click.UsageError(str(exc)) from exc
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    _print_summary(run.report, pairs_dir)
    failed = next(g["dropped"] for g in run.report["gates"] if g["gate"] == "request_failed")
    if failed:
        click.echo(
            f"docmill pairs: {failed} LLM requests failed; run again to retry them", err=True
        )
    sys.exit(1 if failed else 0)

"""The ``docmill`` command line: parses arguments and calls the library.

Exit codes: 0 every document converted; 1 some failed (their FailureRecords are written)
or validation found problems; 2 usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

import flows  # noqa: F401  (switches telemetry off before anything else is imported)
from flows.cli_eval import eval_group, export
from flows.cli_options import check_locations, with_incremental
from flows.cli_pairs import pairs as pairs_command
from flows.cli_report import report as report_command
from flows.convert import RunReport, run_markdown, run_parquet
from flows.settings import SettingsError, load_config


def _overrides(max_tokens, target_tokens, table_format, passwords, no_tables) -> dict:
    out: dict = {}
    if max_tokens is not None:
        out.setdefault("chunking", {})["max_tokens"] = max_tokens
    if target_tokens is not None:
        out.setdefault("chunking", {})["target_tokens"] = target_tokens
    if table_format is not None:
        out.setdefault("tables", {})["chunk_format"] = table_format
    if passwords:
        out.setdefault("pdf", {})["passwords"] = list(passwords)
    if no_tables:
        out.setdefault("pdf", {})["tables"] = False
    return out


def _print_report(report: RunReport, to: str) -> None:
    s = report.summary
    where = report.out_dir
    click.echo(
        f"docmill: {s.documents} documents, {s.chunks} chunks, {s.failed} failures, "
        f"{s.pages} pages in {report.seconds:.1f}s -> {where}"
        + ("/{chunks,documents,failures}" if to == "parquet" else "")
    )
    _print_corpus(report)
    if to == "parquet":
        click.echo(f"docmill: {s.line()} (files hashed: {s.hashed})")
    for f in s.failures:
        click.echo(f"  FAILED {f.source_uri} [{f.stage}/{f.error_type}] {f.message}", err=True)


def _print_corpus(report: RunReport) -> None:
    c = report.corpus
    if not c.ran:
        return
    dropped = ", ".join(f"{n} {k}" for k, n in c.dropped.items()) or "nothing"
    click.echo(
        f"docmill: corpus: {c.docs_in_clusters} documents in {c.doc_clusters} near-duplicate "
        f"clusters, {c.chunks_in_clusters} chunks in {c.chunk_clusters}; "
        f"{c.boilerplate_blocks} boilerplate blocks ({c.boilerplate_chars} chars); "
        f"dropped: {dropped}" + (" (already applied)" if c.reused else "")
    )


common_config = [
    click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False, exists=True),
        help="TOML configuration file (default: $DOCMILL_CONFIG).",
    ),
    click.option("--max-tokens", type=click.IntRange(16), help="Hard token cap per chunk."),
    click.option("--target-tokens", type=click.IntRange(1), help="Target chunk size in tokens."),
    click.option(
        "--table-format",
        type=click.Choice(["markdown", "html", "records"]),
        help="How tables are written into chunk text.",
    ),
    click.option(
        "--password",
        "passwords",
        multiple=True,
        help="Password to try on encrypted PDFs (repeatable).",
    ),
    click.option("--no-tables", is_flag=True, help="Skip PDF table detection."),
]


def with_config(fn):
    """Attach the configuration options shared by commands that convert."""
    for option in reversed(common_config):
        fn = option(fn)
    return fn


def build_config(config_file, max_tokens, target_tokens, table_format, passwords, no_tables):
    """Load the configuration, turning settings errors into usage errors."""
    try:
        return load_config(
            config_file, _overrides(max_tokens, target_tokens, table_format, passwords, no_tables)
        )
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="docmill")
def main() -> None:
    """docmill: documents in, validated Parquet records out."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--out", "out_dir", required=True, help="Output folder (path or fsspec URL).")
@click.option(
    "--to",
    "to",
    type=click.Choice(["parquet", "markdown"]),
    default="parquet",
    show_default=True,
    help="Parquet datasets, or one .md file per document.",
)
@click.option("--strict", is_flag=True, help="Stop at the first failure.")
@click.option(
    "--batch-size",
    type=click.IntRange(1),
    default=16,
    show_default=True,
    help="Documents per output file.",
)
@click.option("--progress/--no-progress", default=True, help="Show a progress bar.")
@with_incremental
@with_config
def convert(
    paths,
    out_dir,
    to,
    strict,
    batch_size,
    progress,
    include,
    exclude,
    on_delete,
    retry_failed,
    allow_empty,
    workers,
    **config_options,
) -> None:
    """Convert files and folders (recursively, or fsspec URLs) into OUT, incrementally.

    Unchanged files are skipped, changed ones replaced, deleted ones removed.
    """
    check_locations(paths)
    config = build_config(**config_options)
    bar = None

    def on_plan(n: int) -> None:
        nonlocal bar
        if progress and n:
            bar = click.progressbar(length=n, label="converting", file=sys.stderr)
            bar.__enter__()

    def on_result(_result) -> None:
        if bar is not None:
            bar.update(1)

    kwargs = {"strict": strict, "on_result": on_result, "on_plan": on_plan}
    try:
        if to == "markdown":
            report = run_markdown([Path(p) for p in paths], Path(out_dir), config, **kwargs)
        else:
            report = run_parquet(
                paths,
                out_dir,
                config,
                batch_size=batch_size,
                workers=workers,
                include=include,
                exclude=exclude,
                on_delete=on_delete,
                retry_failed=retry_failed,
                allow_empty=allow_empty,
                **kwargs,
            )
    except Exception as exc:  # a defect surfaced by --strict, or an unwritable OUT
        if bar is not None:
            bar.__exit__(None, None, None)
        click.echo(f"docmill: error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(1)
    if bar is not None:
        bar.__exit__(None, None, None)
    _print_report(report, to)
    sys.exit(1 if report.summary.failed else 0)


@main.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def validate(out_dir: Path) -> None:
    """Check every Parquet file in OUT against the schemas and the chunk invariants."""
    from transforms.validate import validate_output

    problems, counts = validate_output(out_dir)
    counted = ", ".join(f"{v} {k}" for k, v in counts.items())
    if problems:
        click.echo(f"docmill validate: {len(problems)} problems in {out_dir} ({counted})", err=True)
        for p in problems[:200]:
            click.echo(f"  - {p}", err=True)
        sys.exit(1)
    click.echo(f"docmill validate: OK ({counted})")


@main.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def inspect(out_dir: Path, as_json: bool) -> None:
    """Counts per media type, failures by stage, token-length distribution."""
    from transforms.stats import summarize_output

    stats = summarize_output(out_dir)
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    click.echo(
        f"documents: {stats['documents']}  chunks: {stats['chunks']}  failures: {stats['failures']}"
    )
    for title, key in [
        ("documents by media type", "documents_by_media_type"),
        ("chunks by media type", "chunks_by_media_type"),
        ("failures by stage", "failures_by_stage"),
        ("failures by type", "failures_by_type"),
        ("dropped by step (corpus cleaning)", "dropped_by_step"),
        ("chunk tokens", "tokens"),
        ("token histogram", "token_histogram"),
    ]:
        if stats[key]:
            click.echo(f"{title}:")
            for k, v in stats[key].items():
                click.echo(f"  {k:<60} {v}")


@main.command()
@click.argument("source")
@click.option("-o", "--out", "out_dir", required=True, help="Output folder (path or fsspec URL).")
@click.option("--batch-size", type=click.IntRange(1), default=16, show_default=True)
@click.option("--dask-address", help="Run the conversion tasks on this Dask scheduler.")
@click.option(
    "--max-failure-ratio",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="The flow run fails when more of its documents fail.",
)
@with_incremental
@with_config
def ingest(
    source,
    out_dir,
    batch_size,
    dask_address,
    max_failure_ratio,
    include,
    exclude,
    on_delete,
    retry_failed,
    allow_empty,
    workers,
    **config_options,
) -> None:
    """Run the Prefect flow `ingest` over SOURCE, writing the same datasets into OUT."""
    check_locations([source])
    config = build_config(**config_options)
    from flows.ingest import ingest as ingest_flow

    result = ingest_flow(
        str(source),
        str(out_dir),
        batch_size=batch_size,
        config=config,
        include=list(include),
        exclude=list(exclude),
        on_delete=on_delete,
        retry_failed=retry_failed,
        allow_empty=allow_empty,
        workers=workers,
        max_failure_ratio=max_failure_ratio,
        dask_address=dask_address,
    )
    click.echo(
        f"docmill ingest: {result['documents']} documents, {result['chunks']} chunks, "
        f"{result['failed']} failures ({result['new']} new, {result['changed']} changed, "
        f"{result['unchanged']} unchanged, {result['deleted']} deleted) -> {out_dir}"
    )
    sys.exit(1 if result["failed"] else 0)


main.add_command(pairs_command)
main.add_command(report_command)
main.add_command(eval_group)
main.add_command(export)

from flows import cli_serve  # noqa: E402  (commands of scheduled and incremental runs)

for _command in cli_serve.COMMANDS:
    main.add_command(_command)

if __name__ == "__main__":
    main()

"""Command-line options shared by the commands of incremental runs."""

from __future__ import annotations

from pathlib import Path

import click

incremental_options = [
    click.option(
        "--include", multiple=True, help="Glob of files to take (repeatable; default: all)."
    ),
    click.option("--exclude", multiple=True, help="Glob of files to leave out (repeatable)."),
    click.option(
        "--on-delete",
        type=click.Choice(["remove", "tombstone"]),
        default="remove",
        show_default=True,
        help="What happens to the records of a deleted file.",
    ),
    click.option("--retry-failed", is_flag=True, help="Convert unchanged failed files again."),
    click.option(
        "--allow-empty-source",
        "allow_empty",
        is_flag=True,
        help="Let a source with no files empty an output that holds documents.",
    ),
    click.option(
        "--workers",
        type=click.IntRange(0),
        default=None,
        help="Isolated parser processes (default: all cores; 0: parse in this process).",
    ),
]


def with_incremental(fn):
    """Attach the options of incremental runs."""
    for option in reversed(incremental_options):
        fn = option(fn)
    return fn


def check_locations(paths) -> None:
    """Local paths must exist; URLs (``memory://``, ``s3://``) are checked when read."""
    for path in paths:
        if "://" not in str(path) and not Path(path).exists():
            raise click.BadParameter(f"path {path!r} does not exist", param_hint="PATHS")

"""``docmill serve`` (a scheduled deployment of the ingest flow) and ``docmill manifest``."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from flows.cli_options import check_locations, with_incremental


def _absolute(location: str) -> str:
    return location if "://" in location else str(Path(location).resolve())


def deployment_parameters(
    source: str,
    out: str,
    *,
    batch_size: int = 16,
    config_file: str | None = None,
    include=(),
    exclude=(),
    on_delete: str = "remove",
    retry_failed: bool = False,
    allow_empty: bool = False,
    workers: int | None = None,
    max_failure_ratio: float = 0.5,
    dask_address: str | None = None,
) -> dict:
    """The ``ingest`` flow parameters of a deployment (JSON-serializable, absolute paths)."""
    return {
        "source": _absolute(source),
        "out": _absolute(out),
        "batch_size": batch_size,
        "config_file": str(Path(config_file).resolve()) if config_file else None,
        "include": list(include),
        "exclude": list(exclude),
        "on_delete": on_delete,
        "retry_failed": retry_failed,
        "allow_empty": allow_empty,
        "workers": workers,
        "max_failure_ratio": max_failure_ratio,
        "dask_address": dask_address,
    }


@click.command()
@click.argument("source")
@click.option("-o", "--out", "out_dir", required=True, help="Output folder (path or fsspec URL).")
@click.option("--cron", required=True, help='Schedule, e.g. "0 * * * *" for every hour.')
@click.option("--timezone", default="UTC", show_default=True, help="Time zone of the cron.")
@click.option("--name", default="docmill-ingest", show_default=True, help="Deployment name.")
@click.option("--batch-size", type=click.IntRange(1), default=16, show_default=True)
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True))
@click.option("--dask-address", help="Run the conversion tasks on this Dask scheduler.")
@click.option("--max-failure-ratio", type=click.FloatRange(0, 1), default=0.5, show_default=True)
@with_incremental
def serve(source, out_dir, cron, timezone, name, **options) -> None:
    """Serve the ingest flow of SOURCE into OUT on a cron schedule (until interrupted).

    Needs a Prefect API: set PREFECT_API_URL to a running `prefect server start`.
    """
    check_locations([source])
    from prefect.schedules import Cron

    from flows.ingest import ingest

    parameters = deployment_parameters(source, out_dir, **options)
    schedule = Cron(cron, timezone=timezone, parameters=parameters)
    ingest.serve(name=name, schedule=schedule, parameters=parameters, global_limit=1)


@click.command()
@click.argument("out_dir")
@click.option("--json", "as_json", is_flag=True, help="Print every row as JSON lines.")
@click.option("--status", help="Only rows with this status (ok, failed, duplicate, deleted).")
def manifest(out_dir: str, as_json: bool, status: str | None) -> None:
    """Show what OUT's manifest records: one row per source file."""
    from transforms.manifest import Manifest
    from transforms.store import Store

    rows = Manifest.read(Store.open(out_dir))
    selected = [r for r in rows.values() if status is None or r["status"] == status]
    if as_json:
        for row in sorted(selected, key=lambda r: r["uri"]):
            click.echo(json.dumps(row))
        return
    counts = Counter(r["status"] for r in rows.values())
    click.echo(f"{len(rows)} files: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    for row in sorted(selected, key=lambda r: r["uri"]) if status else []:
        click.echo(f"  {row['uri']}  {row.get('error') or ''}")


COMMANDS = [serve, manifest]

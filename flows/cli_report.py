"""`docmill report`: one self-contained HTML file describing an output folder."""

from __future__ import annotations

import os
from pathlib import Path

import click


@click.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("report.html"),
    show_default=True,
    help="The HTML file to write.",
)
@click.option(
    "--max-pdfs-with-pages",
    type=click.IntRange(0),
    default=40,
    show_default=True,
    help="Render page images (with chunk boxes) for at most this many PDFs.",
)
@click.option(
    "--max-pages",
    type=click.IntRange(0),
    default=12,
    show_default=True,
    help="Pages rendered per PDF.",
)
@click.option("--dpi", type=click.IntRange(20, 200), default=60, show_default=True)
def report(out_dir: Path, target: Path, max_pdfs_with_pages: int, max_pages: int, dpi: int) -> None:
    """Write a self-contained HTML report of OUT_DIR (opens offline in any browser)."""
    from transforms.report import ReportLimits, build_report

    limits = ReportLimits(
        max_pdfs_with_pages=max_pdfs_with_pages, max_pages_per_pdf=max_pages, dpi=dpi
    )
    html = build_report(out_dir, limits)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, target)
    click.echo(f"docmill report: {target} ({len(html.encode()) / 1e6:.1f} MB)")

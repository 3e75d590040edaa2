"""Build the report HTML from an output folder.

Everything is inline (styles, script, JPEG page images as data URIs) and a
Content-Security-Policy forbids any request, so the file opens offline in any browser.
Each document's view is stored gzip-compressed (base64, in a data block the browser never
runs) and unpacked with ``DecompressionStream`` when the document is opened: the file is
about a third of its plain size and its images are decoded only for the open document.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections import Counter
from dataclasses import dataclass
from html import escape
from pathlib import Path

from transforms.report.assets import CSP, CSS, JS
from transforms.report.data import OutputData, load_output
from transforms.report.pages import PageImage, render_pages
from transforms.report.svg import histogram_svg


@dataclass(frozen=True)
class ReportLimits:
    """Bounds that keep the report's size reasonable on large outputs."""

    max_documents: int = 2000  # documents listed (failures are always all listed)
    max_pdfs_with_pages: int = 40  # PDFs whose pages are rendered
    max_pages_per_pdf: int = 12
    dpi: int = 60
    max_chunks_per_document: int = 400
    max_chunk_chars: int = 4000


def _color(i: int) -> str:
    return f"hsl({(i * 137.508) % 360:.0f} 75% 45%)"


def _table_html(text: str) -> str:
    """Markdown table lines as an HTML table (cells split on unescaped pipes)."""
    rows = []
    for line in text.split("\n"):
        if set(line.replace("|", "").strip()) <= {"-", ":", " "}:
            continue
        cells = [c.strip().replace("\\|", "|") for c in line.strip().strip("|").split(" | ")]
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    return f'<table class="grid">{"".join(rows)}</table>'


def _chunk_body(chunk: dict, limit: int) -> str:
    text = chunk["text"][:limit]
    parts = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        if len(lines) >= 2 and all(ln.startswith("|") for ln in lines):
            parts.append(_table_html(block))
        else:
            parts.append(f"<pre>{escape(block)}</pre>")
    if len(chunk["text"]) > limit:
        parts.append(f'<p class="note">text cut at {limit} characters in this view</p>')
    return "".join(parts)


def _chunk_html(chunk: dict, limits: ReportLimits) -> str:
    i = chunk["chunk_index"]
    pages = f"pages {chunk['page_start']}–{chunk['page_end']}" if chunk.get("page_start") else ""
    ctx = f'<div class="ctx">{escape(chunk["context"])}</div>' if chunk["context"] else ""
    return (
        f'<div class="chunk" id="c{i}" style="--c:{_color(i)}">'
        f'<div class="meta">#{i} · {chunk["token_count"]} tokens · {pages} · '
        f"{escape(', '.join(chunk['element_types']))}</div>{ctx}"
        f"{_chunk_body(chunk, limits.max_chunk_chars)}</div>"
    )


def _page_html(image: PageImage, chunks: list[dict]) -> str:
    scale = 1.0 / image.width  # boxes in percent of the page: independent of image pixels
    boxes = []
    for chunk in chunks:
        i = chunk["chunk_index"]
        for b in chunk.get("boxes") or []:
            if b["page"] != image.number:
                continue
            left, top = b["x0"] * scale * 100, b["y0"] / image.height * 100
            width, height = (b["x1"] - b["x0"]) * scale * 100, (b["y1"] - b["y0"]) / image.height
            boxes.append(
                f'<div class="box" title="chunk {i}" style="--c:{_color(i)};'
                f"--bg:color-mix(in srgb, {_color(i)} 12%, transparent);left:{left:.2f}%;"
                f'top:{top:.2f}%;width:{width:.2f}%;height:{height * 100:.2f}%"></div>'
            )
    return (
        f'<div class="page" data-page="{image.number}"><img alt="page {image.number}" '
        f'src="{image.data_uri}" width="{image.width * 1.2:.0f}">{"".join(boxes)}'
        f'<span class="label">page {image.number}</span></div>'
    )


def _document_view(doc: dict, chunks: list[dict], pages: tuple, limits: ReportLimits) -> str:
    meta_rows = [
        ("source", doc["source_uri"]),
        ("media type", doc["media_type"]),
        ("title", doc.get("title") or ""),
        ("language", doc.get("language") or ""),
        ("pages", doc.get("page_count") or ""),
        ("size", f"{doc['size_bytes']:,} bytes"),
        ("chunks", doc["n_chunks"]),
        ("parser", doc["parser"]),
        ("doc_id", doc["doc_id"]),
    ] + [(kv["key"], kv["value"]) for kv in doc.get("metadata") or []]
    meta = "".join(
        f"<tr><th>{escape(str(k))}</th><td>{escape(str(v))[:600]}</td></tr>" for k, v in meta_rows
    )
    images, note = pages
    parts = [
        f"<h2>{escape(Path(doc['source_uri']).name)}</h2>",
        f'<table class="grid meta">{meta}</table>',
    ]
    if note:
        parts.append(f'<p class="note">{escape(note)}</p>')
    if images:
        parts.append('<h3>Pages and chunk boxes</h3><div class="pages">')
        parts.extend(_page_html(img, chunks) for img in images)
        parts.append("</div>")
    shown = chunks[: limits.max_chunks_per_document]
    parts.append(f'<h3>Chunks ({len(chunks)})</h3><div class="chunks">')
    parts.extend(_chunk_html(c, limits) for c in shown)
    if len(chunks) > len(shown):
        parts.append(f'<p class="note">showing {len(shown)} of {len(chunks)} chunks</p>')
    parts.append("</div>")
    return "".join(parts)


def _failure_view(failure: dict) -> str:
    rows = "".join(
        f"<tr><th>{k}</th><td>{escape(str(failure.get(k) or ''))}</td></tr>"
        for k in ("source_uri", "stage", "error_type", "message", "page", "media_type", "doc_id")
    )
    return (
        f'<h2 class="fail">Failed: {escape(Path(failure["source_uri"]).name)}</h2>'
        f'<table class="grid">{rows}</table>'
    )


def _overview(data: OutputData) -> str:
    n_chunks = sum(len(c) for c in data.chunks.values())
    tokens = [c["token_count"] for rows in data.chunks.values() for c in rows]
    by_type: Counter = Counter()
    for d in data.documents:
        by_type[(d["media_type"], "converted")] += 1
    for f in data.failures:
        by_type[(f.get("media_type") or "unknown", "failed")] += 1
    type_rows = "".join(
        f"<tr><td>{escape(mt)}</td><td>{outcome}</td><td>{n}</td></tr>"
        for (mt, outcome), n in sorted(by_type.items())
    )
    stages = Counter(f["stage"] for f in data.failures)
    fail_rows = "".join(
        f"<tr><td>{escape(f['stage'])}</td><td>{escape(f['error_type'])}</td>"
        f"<td>{escape(Path(f['source_uri']).name)}</td><td>{escape(f['message'])}</td></tr>"
        for f in data.failures[:500]
    )
    settings = sorted(
        {(d["config_hash"], d["pipeline_version"]) for d in data.documents}
        | {(f["config_hash"], f["pipeline_version"]) for f in data.failures}
    )
    parsers = sorted({d["parser"] for d in data.documents})
    cards = "".join(
        f'<div class="card"><b>{v}</b>{k}</div>'
        for k, v in [
            ("documents", len(data.documents)),
            ("chunks", n_chunks),
            ("failures", len(data.failures)),
            ("tokens (median)", sorted(tokens)[len(tokens) // 2] if tokens else 0),
        ]
    )
    return (
        f'<section class="panel" id="overview"><h2>Overview</h2><div class="cards">{cards}</div>'
        f'<h3>Documents by media type and outcome</h3><table class="grid" id="by-type">'
        f"<tr><th>media type</th><th>outcome</th><th>count</th></tr>{type_rows}</table>"
        f"<h3>Chunk token lengths</h3>{histogram_svg(tokens)}"
        f"<h3>Failures by stage</h3><p>{escape(json.dumps(dict(stages))) if stages else 'none'}"
        f'</p><table class="grid" id="failures"><tr><th>stage</th><th>type</th><th>file</th>'
        f"<th>message</th></tr>{fail_rows}</table>"
        f"<h3>Run settings</h3><p>schema {escape(data.schema_version or '?')}; "
        f"config/pipeline: {escape(', '.join(f'{c} / {v}' for c, v in settings))}; "
        f"parsers: {escape(', '.join(parsers))}</p></section>"
    )


VIEW_TYPE = "application/x-docmill-view+gzip"  # a data block: never run by the browser


def packed_view(view_id: str, html: str) -> str:
    """A view's HTML, gzip-compressed and base64-encoded, in a data block named ``view-ID``."""
    packed = base64.b64encode(gzip.compress(html.encode("utf-8"), compresslevel=6, mtime=0))
    return f'<script type="{VIEW_TYPE}" id="view-{view_id}">{packed.decode("ascii")}</script>'


def build_report(out_dir: Path | str, limits: ReportLimits | None = None) -> str:
    """The whole report for ``out_dir`` as one HTML string."""
    limits = limits or ReportLimits()
    data = load_output(out_dir)
    items, templates, pdfs = [], [], 0
    for n, doc in enumerate(data.documents[: limits.max_documents]):
        chunks = data.chunks.get(doc["doc_id"], [])
        pages: tuple = ([], None)
        if doc["media_type"] == "application/pdf":
            if pdfs < limits.max_pdfs_with_pages:
                pages = render_pages(doc["source_uri"], limits.max_pages_per_pdf, limits.dpi)
                pdfs += 1
            else:
                pages = (
                    [],
                    f"page images shown for the first {limits.max_pdfs_with_pages} "
                    "PDFs only (ReportLimits.max_pdfs_with_pages)",
                )
        name = Path(doc["source_uri"]).name
        items.append(
            f'<li data-id="d{n}" data-name="{escape(doc["source_uri"])}" '
            f'data-mt="{escape(doc["media_type"])}" data-stage="">{escape(name)}'
            f"<small>{escape(doc['media_type'])} · {len(chunks)} chunks</small></li>"
        )
        templates.append(packed_view(f"d{n}", _document_view(doc, chunks, pages, limits)))
    for n, failure in enumerate(data.failures):
        items.append(
            f'<li class="failed" data-id="f{n}" data-name="{escape(failure["source_uri"])}"'
            f' data-mt="{escape(failure.get("media_type") or "")}" '
            f'data-stage="{escape(failure["stage"])}">'
            f"{escape(Path(failure['source_uri']).name)}<small>failed at "
            f"{escape(failure['stage'])}: {escape(failure['error_type'])}</small></li>"
        )
        templates.append(packed_view(f"f{n}", _failure_view(failure)))
    note = ""
    if len(data.documents) > limits.max_documents:
        note = (
            f'<p class="note">listing {limits.max_documents} of {len(data.documents)} '
            "documents (ReportLimits.max_documents)</p>"
        )
    media_types = sorted(
        {d["media_type"] for d in data.documents}
        | {f.get("media_type") or "" for f in data.failures} - {""}
    )
    stages = sorted({f["stage"] for f in data.failures})
    options = lambda xs: "".join(f"<option>{escape(x)}</option>" for x in xs)  # noqa: E731
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>docmill report: {escape(str(out_dir))}</title><style>{CSS}</style></head>
<body><header><h1>docmill report</h1><div class="sub">{escape(str(out_dir))}</div></header>
<main><aside><input id="q" placeholder="filter documents by name" aria-label="filter">
<select id="mt" aria-label="media type"><option value="">all media types</option>
{options(media_types)}</select>
<select id="st" aria-label="failure stage"><option value="">any outcome</option>
{options(stages)}</select>{note}<ul id="doclist">{"".join(items)}</ul></aside>
<div>{_overview(data)}<section class="panel" id="docview"><p>No documents.</p></section></div>
</main>{"".join(templates)}<script>{JS}</script></body></html>
"""

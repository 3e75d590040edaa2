"""``docmill eval retrieval`` and ``docmill export``: measure chunkings, export for search.

The API key of an OpenAI-compatible embedding endpoint, when it needs one, is read from
``$DOCMILL_EMBED_API_KEY`` (never from a command-line option, which would show in ``ps``).
"""

from __future__ import annotations

import json
import os
import sys
import tomllib
from dataclasses import asdict
from pathlib import Path

import click

from flows.settings import SettingsError, load_config
from transforms.config import ChunkOptions

API_KEY_ENV = "DOCMILL_EMBED_API_KEY"

# Quiet model and index libraries (progress bars, info logs) unless the user asked otherwise.
for _key, _value in {
    "TRANSFORMERS_VERBOSITY": "error",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "LANCEDB_LOG": "error",
}.items():
    os.environ.setdefault(_key, _value)


def _embedder(spec: str):
    from transforms.embed import EmbeddingError, get_embedder

    try:
        return get_embedder(spec, api_key=os.environ.get(API_KEY_ENV))
    except (EmbeddingError, ValueError) as exc:
        raise click.UsageError(f"embedder {spec!r}: {exc}") from exc


def _parse_value(raw: str):
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def chunk_options(spec: str) -> tuple[str, ChunkOptions]:
    """A label and chunking options from a TOML file or inline ``key=value,key=value``.

    Inline pairs change the configuration in effect (``$DOCMILL_CONFIG`` or the defaults).
    """
    path = Path(spec)
    if path.is_file():
        try:
            return path.stem, load_config(path).chunking
        except SettingsError as exc:
            raise click.UsageError(str(exc)) from exc
    overrides: dict = {}
    for part in filter(None, (p.strip() for p in spec.replace(";", ",").split(","))):
        key, sep, raw = part.partition("=")
        if not sep:
            raise click.UsageError(f"--config {spec!r}: expected a file or key=value pairs")
        overrides[key.strip().removeprefix("chunking.")] = _parse_value(raw.strip())
    try:
        config = load_config(None, {"chunking": overrides})
    except SettingsError as exc:
        raise click.UsageError(f"--config {spec!r}: {exc}") from exc
    return spec, config.chunking


def _load_out(out_dir: Path):
    from transforms.evaluation import EvalChunk, EvalDocument
    from transforms.stats import load_dataset

    def table(name, columns):
        found = load_dataset(out_dir, name, columns)
        if found is None:
            raise click.UsageError(f"{out_dir / name}: no Parquet files (is OUT a docmill output?)")
        return found

    docs = [
        EvalDocument(r["doc_id"], r["source_uri"], r["text"])
        for r in table("documents", ["doc_id", "source_uri", "text"]).to_pylist()
    ]
    from schemas.records import embed_text

    cols = ["doc_id", "char_start", "char_end", "context", "text", "token_count"]
    chunks = [
        EvalChunk(
            r["doc_id"],
            r["char_start"],
            r["char_end"],
            embed_text(r["context"], r["text"]),
            r["token_count"],
        )
        for r in table("chunks", cols).to_pylist()
    ]
    return docs, chunks


@click.group(name="eval")
def eval_group() -> None:
    """Measure how well chunkings serve retrieval."""


@eval_group.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--questions",
    "questions_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON Lines: question, doc or doc_id, spans and/or quotes (see transforms.evaluation).",
)
@click.option("--embedder", default="hash", show_default=True, help="Embedder spec.")
@click.option("-k", "--k", "k", type=click.IntRange(1), default=5, show_default=True)
@click.option(
    "--config",
    "configs",
    multiple=True,
    help="A chunking to compare: a TOML file or key=value pairs such as "
    "'method=fixed,target_tokens=256' (repeatable). Default: the structure chunker and the "
    "fixed and recursive baselines at default sizes.",
)
@click.option("--no-written", is_flag=True, help="Do not score the chunks stored in OUT.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (with per-question scores).")
def retrieval(out_dir, questions_path, embedder, k, configs, no_written, as_json) -> None:
    """Score chunkings of OUT's documents on QUESTIONS: recall, precision, IoU at k."""
    from transforms.evaluation import (
        QuestionsError,
        chunk_documents,
        evaluate,
        format_table,
        load_questions,
    )

    docs, written = _load_out(out_dir)
    try:
        questions = load_questions(questions_path, docs)
    except QuestionsError as exc:
        raise click.UsageError(str(exc)) from exc
    model = _embedder(embedder)
    if not configs:
        configs = ("method=structure", "method=fixed", "method=recursive")
    runs = [chunk_options(c) for c in configs]
    qvec = model.embed([q.text for q in questions])
    scores = []
    if not no_written:
        scores.append(evaluate("as written in OUT", questions, written, model, k, qvec))
    for label, options in runs:
        try:
            chunks = chunk_documents(docs, options)
        except ValueError as exc:
            raise click.UsageError(f"{label}: {exc}") from exc
        scores.append(evaluate(label, questions, chunks, model, k, qvec))
    if as_json:
        click.echo(json.dumps([asdict(s) for s in scores], indent=2))
        return
    click.echo(f"{len(questions)} questions, {len(docs)} documents, embedder {model.name}, top {k}")
    click.echo(format_table(scores, k))


@click.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--to",
    "target",
    type=click.Choice(["lancedb"]),
    default="lancedb",
    show_default=True,
    help="Kind of index to write.",
)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--embedder", default="hash", show_default=True, help="Embedder spec.")
@click.option("--table", default="chunks", show_default=True, help="Table name.")
def export(out_dir: Path, target: str, path: Path, embedder: str, table: str) -> None:
    """Write OUT's chunks with their embeddings into an embedded database at PATH."""
    from transforms.embed import EmbeddingError
    from transforms.export_lancedb import export_lancedb, read_chunk_batches

    model = _embedder(embedder)
    try:
        n = export_lancedb(read_chunk_batches(out_dir), model, path, table)
    except (FileNotFoundError, ValueError, EmbeddingError) as exc:
        click.echo(f"docmill export: error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"docmill export: {n} chunks with {model.name} vectors -> {path} table {table}")

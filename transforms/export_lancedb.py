"""Export chunks with their embeddings into an embedded LanceDB database (no server).

Each row is one chunk: its ids, provenance (source, pages, character span, heading path,
sheet and rows), ``text``, ``context``, ``text_to_embed`` and ``vector`` (the embedding of
``text_to_embed``, unit length, so cosine and dot product agree). The table's schema
metadata names the embedder, so queries can be embedded with the same one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds

from schemas.records import embed_text
from transforms.embed import Embedder

COLUMNS = [
    "chunk_id",
    "doc_id",
    "source_uri",
    "media_type",
    "chunk_index",
    "text",
    "context",
    "heading_path",
    "page_start",
    "page_end",
    "char_start",
    "char_end",
    "token_count",
    "element_types",
    "sheet",
    "row_start",
    "row_end",
    "config_hash",
]


def read_chunk_batches(out_dir: Path | str, batch_size: int = 512) -> Iterator[pa.RecordBatch]:
    """The chunks of a docmill output folder, in batches of the export columns."""
    folder = Path(out_dir) / "chunks"
    files = sorted(folder.glob("*.parquet"))
    if not files:
        raise FileNotFoundError(f"no chunk files in {folder}")
    dataset = ds.dataset([str(f) for f in files], format="parquet")
    yield from dataset.to_batches(columns=COLUMNS, batch_size=batch_size)


def _with_vectors(batch: pa.RecordBatch, embedder: Embedder) -> pa.RecordBatch:
    contexts = batch.column("context").to_pylist()
    texts = batch.column("text").to_pylist()
    to_embed = [embed_text(c, t) for c, t in zip(contexts, texts, strict=True)]
    vectors = embedder.embed(to_embed)
    flat = pa.array(vectors.reshape(-1), type=pa.float32())
    vector = pa.FixedSizeListArray.from_arrays(flat, vectors.shape[1])
    arrays = [*batch.columns, pa.array(to_embed, pa.string()), vector]
    names = [*batch.schema.names, "text_to_embed", "vector"]
    return pa.RecordBatch.from_arrays(arrays, names=names)


def export_lancedb(
    batches: Iterable[pa.RecordBatch],
    embedder: Embedder,
    db_path: Path | str,
    table: str = "chunks",
) -> int:
    """Write ``batches`` of chunks with their vectors to table ``table`` (replaced if present).

    Returns the number of rows written.
    """
    import lancedb

    db = lancedb.connect(str(db_path))
    written = 0
    handle = None
    for batch in batches:
        if batch.num_rows == 0:
            continue
        rows = _with_vectors(batch, embedder)
        meta = {"docmill.embedder": embedder.name, "docmill.dim": str(embedder.dim)}
        data = pa.Table.from_batches([rows]).replace_schema_metadata(meta)
        if handle is None:
            handle = db.create_table(table, data=data, mode="overwrite")
        else:
            handle.add(data)
        written += batch.num_rows
    if handle is None:
        raise ValueError("no chunks to export")
    return written

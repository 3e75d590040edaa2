"""Record files as tables: Parquet (pyarrow) and JSON Lines, streamed in blocks of rows.

The header is the column names (JSON Lines: the union of keys, in order of first
appearance). Nested values are shown as compact JSON, floats without noise. Big inputs
become blocks of ``TableOptions.block_rows`` rows whose cells are produced on demand:
Parquet blocks hold their Arrow record batch (compact columnar memory), JSON Lines
blocks the byte range of their lines.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from array import array
from collections.abc import Callable, Iterator
from decimal import Decimal

from transforms.config import PipelineConfig
from transforms.errors import DocumentError, LimitExceededError
from transforms.model import Cell, Element, Kind, ParsedDoc, Source, Table
from transforms.parsers.tabular_delimited import to_utf8
from transforms.parsers.tabular_numfmt import format_general
from transforms.parsers.tabular_shape import lazy_block


def value_text(value: object) -> str:
    """A record value as text: floats without noise, nested values as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return format_general(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return json.dumps(value, ensure_ascii=False, default=str, separators=(", ", ": "))


def _check_size(n_rows: int, n_cols: int, config: PipelineConfig) -> None:
    if n_cols > config.tables.max_columns:
        raise LimitExceededError(f"{n_cols} columns, over the limit of {config.tables.max_columns}")
    if n_rows * n_cols > config.tables.max_cells:
        raise LimitExceededError(
            f"{n_rows} rows x {n_cols} columns is over the limit of {config.tables.max_cells} cells"
        )


def _blocks(
    header: tuple[str, ...],
    n_rows: int,
    block_rows: int,
    load: Callable[[int, int], Iterator[tuple[str, ...]]],
) -> list[Element]:
    block_rows = max(block_rows, 1)
    if n_rows <= block_rows:
        rows = (header, *load(0, n_rows))
        table = Table(rows=tuple(tuple(map(Cell, r)) for r in rows), header_rows=1)
        return [Element(Kind.TABLE, table=table)]
    return [
        lazy_block(
            [header],
            min(lo + block_rows, n_rows) - lo,
            lambda lo=lo: load(lo, min(lo + block_rows, n_rows)),
            name=None,
            row_offset=lo,
        )
        for lo in range(0, n_rows, block_rows)
    ]


class ParquetParser:
    """Parquet files: one table, column names as the header."""

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Read the schema and row count, then stream record batches into table blocks."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not source.data:
            raise DocumentError("the file is empty", reason="empty")
        try:
            pf = pq.ParquetFile(io.BytesIO(source.data))
            names = pf.schema_arrow.names
            n_rows = pf.metadata.num_rows
            _check_size(n_rows, len(names), config)
            batches = list(pf.iter_batches(batch_size=max(config.tables.block_rows, 1)))
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise DocumentError(f"unreadable Parquet file: {exc}", reason="corrupt") from exc
        if n_rows == 0 or not names:
            raise DocumentError("the Parquet file holds no rows", reason="empty")
        starts = array("q", [0])
        for batch in batches:
            starts.append(starts[-1] + batch.num_rows)

        def load(lo: int, hi: int) -> Iterator[tuple[str, ...]]:
            for b, batch in enumerate(batches):
                if starts[b + 1] <= lo or starts[b] >= hi:
                    continue
                part = batch.slice(
                    max(lo - starts[b], 0), min(hi, starts[b + 1]) - max(lo, starts[b])
                )
                columns = [col.to_pylist() for col in part.columns]
                for values in zip(*columns, strict=True):
                    yield tuple(map(value_text, values))

        header = tuple(names)
        elements = _blocks(header, n_rows, config.tables.block_rows, load)
        meta = pf.metadata
        metadata = {"rows": str(n_rows), "columns": str(len(names))}
        if meta.created_by:
            metadata["created_by"] = meta.created_by
        return ParsedDoc(
            source=source,
            elements=tuple(elements),
            parser=f"pyarrow=={pa.__version__}",
            metadata=metadata,
        )


class JsonLinesParser:
    """JSON Lines: one record per line; keys become columns (nested values as JSON)."""

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Scan every line once for keys and offsets, then decode table blocks on demand."""
        if not source.data.strip():
            raise DocumentError("the file is empty", reason="empty")
        text = to_utf8(source.data)
        data, ends = text.data, array("q")
        keys: dict[str, None] = {}
        pos = text.start
        buf = io.BytesIO(data)
        buf.seek(text.start)
        for number, raw in enumerate(buf, start=1):
            pos += len(raw)
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError as exc:
                raise DocumentError(f"line {number} is not JSON: {exc}", reason="corrupt") from exc
            for key in _keys(record):
                if key not in keys:
                    keys[key] = None
                    if len(keys) > config.tables.max_columns:
                        _check_size(0, len(keys), config)
            ends.append(pos)
        columns = list(keys)
        if not ends or not columns:
            raise DocumentError("the file holds no records", reason="empty")
        _check_size(len(ends), len(columns), config)

        def load(lo: int, hi: int) -> Iterator[tuple[str, ...]]:
            start = ends[lo - 1] if lo > 0 else text.start
            for raw in io.BytesIO(data[start : ends[hi - 1]]):
                if raw.strip():
                    record = _as_mapping(json.loads(raw))
                    yield tuple(value_text(record.get(k)) for k in columns)

        header = tuple(columns)
        elements = _blocks(header, len(ends), config.tables.block_rows, load)
        return ParsedDoc(
            source=source,
            elements=tuple(elements),
            parser=f"json=={json.__version__}",
            metadata={
                "rows": str(len(ends)),
                "columns": str(len(columns)),
                "encoding": text.encoding,
            },
        )


def _as_mapping(record: object) -> dict:
    if isinstance(record, dict):
        return record
    if isinstance(record, list):
        return {f"Column {i + 1}": v for i, v in enumerate(record)}
    return {"value": record}


def _keys(record: object) -> list[str]:
    return list(_as_mapping(record))

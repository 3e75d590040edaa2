"""Parquet and JSON Lines as tables: headers, value rendering, blocks, bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from transforms import mediatypes as mt
from transforms.config import PipelineConfig, TableOptions
from transforms.errors import DocumentError
from transforms.model import Kind, ParsedDoc, Source
from transforms.parsers import get_parser
from transforms.parsers.tabular import JsonLinesParser, ParquetParser


def run(parser, data: bytes, media_type: str, **options) -> ParsedDoc:
    source = Source("mem://c", hashlib.sha256(data).hexdigest(), media_type, data, "c")
    return parser.parse(source, PipelineConfig(tables=TableOptions(**options)))


def rows(doc: ParsedDoc) -> list[list[str]]:
    tables = [e.table for e in doc.elements if e.kind is Kind.TABLE]
    return tables[0].grid()[:1] + [r for t in tables for r in t.grid()[1:]]


def parquet_bytes(table: pa.Table, **kw) -> bytes:
    buf = io.BytesIO()
    pq.write_table(table, buf, **kw)
    return buf.getvalue()


def test_registry():
    assert isinstance(get_parser(mt.PARQUET), ParquetParser)
    assert isinstance(get_parser(mt.JSONL), JsonLinesParser)


def test_parquet_values_and_blocks_across_row_groups():
    table = pa.table(
        {
            "id": list(range(7)),
            "price": [1204.0, 0.1 + 0.2, None, 2.5, 3.0, 4.0, 5.0],
            "day": [dt.date(2024, 1, i + 1) for i in range(7)],
            "tags": [["a", "b"], [], None, ["c"], [], [], []],
        }
    )
    data = parquet_bytes(table, row_group_size=3)
    doc = run(ParquetParser(), data, mt.PARQUET, block_rows=2)
    found = rows(doc)
    assert found[0] == ["id", "price", "day", "tags"]
    assert found[1] == ["0", "1204", "2024-01-01", '["a", "b"]']
    assert found[2][1] == "0.3" and found[3][1] == ""
    assert len(found) == 8
    offsets = [e.table.row_offset for e in doc.elements]
    assert offsets == [0, 2, 4, 6]


def test_parquet_bad_input():
    with pytest.raises(DocumentError) as err:
        run(ParquetParser(), b"PAR1 broken PAR1", mt.PARQUET)
    assert err.value.reason == "corrupt"
    empty = parquet_bytes(pa.table({"a": pa.array([], pa.int64())}))
    with pytest.raises(DocumentError) as err:
        run(ParquetParser(), empty, mt.PARQUET)
    assert err.value.reason == "empty"


def test_jsonl_union_of_keys_nested_values_and_blocks():
    lines = [{"a": 1, "b": "x"}, {"b": "y", "c": {"d": [1, 2]}}, {"a": 2.50, "b": None}] * 2
    data = ("\n".join(json.dumps(x) for x in lines) + "\n\n").encode()
    doc = run(JsonLinesParser(), data, mt.JSONL, block_rows=4)
    assert rows(doc) == [
        ["a", "b", "c"],
        ["1", "x", ""],
        ["", "y", '{"d": [1, 2]}'],
        ["2.5", "", ""],
        ["1", "x", ""],
        ["", "y", '{"d": [1, 2]}'],
        ["2.5", "", ""],
    ]
    assert [e.table.row_offset for e in doc.elements] == [0, 4]


def test_jsonl_bad_input():
    with pytest.raises(DocumentError) as err:
        run(JsonLinesParser(), b'{"a": 1}\n{"a": \n', mt.JSONL)
    assert err.value.reason == "corrupt" and "line 2" in str(err.value)
    with pytest.raises(DocumentError) as err:
        run(JsonLinesParser(), b"\n \n", mt.JSONL)
    assert err.value.reason == "empty"

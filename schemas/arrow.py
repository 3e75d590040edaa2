"""Derive Arrow schemas from the pydantic records, and convert records to and from Arrow.

One mapper, no hand-written second copy: every column's type follows from the model's
annotation. ``dict[str, str]`` becomes ``list<struct<key, value>>`` rather than an Arrow
map, because Hugging Face ``datasets`` cannot load map columns.
"""

from __future__ import annotations

import types
import typing
from datetime import datetime
from typing import Any

import pyarrow as pa
from pydantic import BaseModel

from schemas.records import SCHEMA_VERSION

SCHEMA_VERSION_KEY = b"docmill.schema_version"
RECORD_TYPE_KEY = b"docmill.record_type"

_KV = pa.struct([pa.field("key", pa.string(), nullable=False), pa.field("value", pa.string())])


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
        raise TypeError(f"unsupported union {annotation!r}")
    return annotation, False


def arrow_type(annotation: Any) -> pa.DataType:
    """The Arrow type for one pydantic field annotation."""
    annotation, _ = _unwrap_optional(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return pa.string()
    if origin is list:
        (inner,) = typing.get_args(annotation)
        return pa.list_(arrow_type(inner))
    if origin is dict:
        key, value = typing.get_args(annotation)
        if key is not str or value is not str:
            raise TypeError("only dict[str, str] is supported")
        return pa.list_(_KV)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(model_fields(annotation))
    simple = {
        str: pa.string(),
        int: pa.int64(),
        float: pa.float64(),
        bool: pa.bool_(),
        datetime: pa.timestamp("us", tz="UTC"),
    }
    if annotation in simple:
        return simple[annotation]
    raise TypeError(f"no Arrow type for {annotation!r}")


def model_fields(model: type[BaseModel]) -> list[pa.Field]:
    """Arrow fields for a model, nullable exactly where the annotation is optional."""
    fields = []
    for name, info in model.model_fields.items():
        _, optional = _unwrap_optional(info.annotation)
        fields.append(pa.field(name, arrow_type(info.annotation), nullable=optional))
    return fields


def arrow_schema(model: type[BaseModel], record_type: str | None = None) -> pa.Schema:
    """The Parquet/Arrow schema of a record model, with the schema version in its metadata."""
    meta = {SCHEMA_VERSION_KEY: SCHEMA_VERSION.encode()}
    if record_type:
        meta[RECORD_TYPE_KEY] = record_type.encode()
    return pa.schema(model_fields(model), metadata=meta)


def _to_arrow_value(value: Any) -> Any:
    if isinstance(value, dict):
        return [{"key": k, "value": v} for k, v in value.items()]
    if isinstance(value, BaseModel):
        return {k: _to_arrow_value(getattr(value, k)) for k in type(value).model_fields}
    if isinstance(value, list):
        return [_to_arrow_value(v) for v in value]
    return value


def to_table(records: list[BaseModel], model: type[BaseModel], record_type: str | None = None):
    """Build an Arrow table of ``records`` with the model's derived schema."""
    schema = arrow_schema(model, record_type)
    columns: dict[str, list[Any]] = {f.name: [] for f in schema}
    for rec in records:
        for name in columns:
            columns[name].append(_to_arrow_value(getattr(rec, name)))
    return pa.Table.from_pydict(columns, schema=schema)


def _from_arrow_value(annotation: Any, value: Any) -> Any:
    if value is None:
        return None
    annotation, _ = _unwrap_optional(annotation)
    origin = typing.get_origin(annotation)
    if origin is dict:
        return {kv["key"]: kv["value"] for kv in value}
    if origin is list:
        (inner,) = typing.get_args(annotation)
        return [_from_arrow_value(inner, v) for v in value]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {
            k: _from_arrow_value(info.annotation, value.get(k))
            for k, info in annotation.model_fields.items()
        }
    return value


def from_rows(rows: list[dict[str, Any]], model: type[BaseModel]) -> list[BaseModel]:
    """Validate rows (``Table.to_pylist()``) back into model instances; raises on violations."""
    out = []
    for row in rows:
        data = {
            k: _from_arrow_value(model.model_fields[k].annotation, v)
            if k in model.model_fields
            else v
            for k, v in row.items()
        }
        out.append(model.model_validate(data))
    return out

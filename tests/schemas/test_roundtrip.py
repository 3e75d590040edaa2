"""Records survive a trip through Parquet unchanged, and the schema is derived, not copied."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas import (
    RECORD_TYPES,
    SCHEMA_VERSION,
    ChunkRecord,
    DocumentRecord,
    FailureRecord,
    arrow_schema,
    from_rows,
    to_table,
)

texts = st.text(min_size=1, max_size=40)
opt_ints = st.none() | st.integers(min_value=1, max_value=10_000)
times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=d.microsecond))
boxes = st.builds(
    dict,
    page=st.integers(1, 999),
    x0=st.floats(0, 1000),
    y0=st.floats(0, 1000),
    x1=st.floats(0, 1000),
    y1=st.floats(0, 1000),
)

chunks = st.builds(
    ChunkRecord,
    chunk_id=texts,
    doc_id=texts,
    source_uri=texts,
    media_type=texts,
    chunk_index=st.integers(0, 10**6),
    text=texts,
    context=st.text(max_size=30),
    heading_path=st.lists(texts, max_size=4),
    page_start=opt_ints,
    page_end=opt_ints,
    char_start=st.integers(0, 10**9),
    char_end=st.integers(0, 10**9),
    token_count=st.integers(0, 10**5),
    tokenizer=texts,
    element_types=st.lists(texts, max_size=3),
    boxes=st.lists(boxes, max_size=3),
    sheet=st.none() | texts,
    row_start=st.none() | st.integers(0, 10**9),
    row_end=st.none() | st.integers(0, 10**9),
    parser=texts,
    pipeline_version=texts,
    config_hash=texts,
    created_at=times,
)
documents = st.builds(
    DocumentRecord,
    doc_id=texts,
    source_uri=texts,
    media_type=texts,
    size_bytes=st.integers(0, 10**12),
    page_count=st.none() | st.integers(0, 10**5),
    title=st.none() | texts,
    language=st.none() | texts,
    metadata=st.dictionaries(texts, st.text(max_size=20), max_size=4),
    text=st.text(max_size=200),
    n_chunks=st.integers(0, 1000),
    parser=texts,
    pipeline_version=texts,
    config_hash=texts,
    created_at=times,
)
failures = st.builds(
    FailureRecord,
    source_uri=texts,
    doc_id=st.none() | texts,
    media_type=st.none() | texts,
    stage=st.sampled_from(["detect", "parse", "clean", "chunk", "validate", "write"]),
    error_type=texts,
    message=st.text(max_size=100),
    page=opt_ints,
    pipeline_version=texts,
    config_hash=texts,
    created_at=times,
)


def _roundtrip(records, model, name, tmp_path):
    path = tmp_path / f"{name}.parquet"
    pq.write_table(to_table(records, model, name), path)
    table = pq.read_table(path)
    assert table.schema.metadata[b"docmill.schema_version"].decode() == SCHEMA_VERSION
    assert table.schema.equals(arrow_schema(model, name), check_metadata=False)
    return from_rows(table.to_pylist(), model)


@settings(max_examples=40, deadline=None)
@given(st.lists(chunks, max_size=5))
def test_chunk_records_roundtrip(tmp_path_factory, records):
    tmp = tmp_path_factory.mktemp("rt")
    assert _roundtrip(records, ChunkRecord, "chunks", tmp) == records


@settings(max_examples=40, deadline=None)
@given(st.lists(documents, max_size=5))
def test_document_records_roundtrip(tmp_path_factory, records):
    tmp = tmp_path_factory.mktemp("rt")
    assert _roundtrip(records, DocumentRecord, "documents", tmp) == records


@settings(max_examples=40, deadline=None)
@given(st.lists(failures, max_size=5))
def test_failure_records_roundtrip(tmp_path_factory, records):
    tmp = tmp_path_factory.mktemp("rt")
    assert _roundtrip(records, FailureRecord, "failures", tmp) == records


def test_extra_fields_are_forbidden():
    with pytest.raises(ValidationError):
        FailureRecord(
            source_uri="x",
            stage="parse",
            error_type="e",
            message="m",
            pipeline_version="1",
            config_hash="c",
            created_at=datetime.now(UTC),
            surprise=1,
        )


def test_schema_follows_the_model():
    for name, model in RECORD_TYPES.items():
        schema = arrow_schema(model, name)
        assert schema.names == list(model.model_fields)
        for field in schema:
            optional = model.model_fields[field.name].is_required() is False and (
                "None" in repr(model.model_fields[field.name].annotation)
            )
            assert field.nullable == optional, field.name

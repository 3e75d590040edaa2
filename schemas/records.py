"""Pydantic models of every record that leaves the pipeline.

These models are the single source of truth: the Arrow/Parquet schemas are derived from
them by :mod:`schemas.arrow`, and ``docmill validate`` checks files against them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0.0"

StageName = Literal["detect", "parse", "clean", "chunk", "validate", "write"]


class _Record(BaseModel):
    """Base for output records: unknown fields are an error, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class BoxRecord(_Record):
    """A rectangle on a PDF page in points, origin top-left (page is 1-based)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float


class ChunkRecord(_Record):
    """One retrievable piece of a document; ``text == document.text[char_start:char_end]``."""

    chunk_id: str = Field(description="Stable id: same bytes and same config give the same id")
    doc_id: str = Field(description="sha256 of the source bytes")
    source_uri: str
    media_type: str
    chunk_index: int = Field(ge=0)
    text: str = Field(min_length=1)
    context: str = Field(description="Heading path (and table header) to stand alone")
    heading_path: list[str]
    page_start: int | None = Field(default=None, ge=1)
    page_end: int | None = Field(default=None, ge=1)
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    token_count: int = Field(ge=0, description="Tokens of context + text, the text to embed")
    tokenizer: str
    element_types: list[str]
    boxes: list[BoxRecord] = Field(default_factory=list)
    sheet: str | None = None
    row_start: int | None = None
    row_end: int | None = None
    parser: str
    pipeline_version: str
    config_hash: str
    created_at: datetime


class DocumentRecord(_Record):
    """One source document after parsing and cleaning; ``text`` is its Markdown."""

    doc_id: str
    source_uri: str
    media_type: str
    size_bytes: int = Field(ge=0)
    page_count: int | None = None
    title: str | None = None
    language: str | None = None
    metadata: dict[str, str] = Field(default_factory=dict)
    text: str
    n_chunks: int = Field(ge=0)
    parser: str
    pipeline_version: str
    config_hash: str
    created_at: datetime


class FailureRecord(_Record):
    """A document that could not be converted, with the stage and the reason."""

    source_uri: str
    doc_id: str | None = None
    media_type: str | None = None
    stage: StageName
    error_type: str
    message: str
    page: int | None = None
    pipeline_version: str
    config_hash: str
    created_at: datetime


RECORD_TYPES: dict[str, type[_Record]] = {
    "chunks": ChunkRecord,
    "documents": DocumentRecord,
    "failures": FailureRecord,
}

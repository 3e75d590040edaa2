"""Pydantic models of every record that leaves the pipeline.

These models are the single source of truth: the Arrow/Parquet schemas are derived from
them by :mod:`schemas.arrow`, and ``docmill validate`` checks files against them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.1.0"

EMBED_SEPARATOR = "\n\n"  # between a chunk's context and its text in the text to embed

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
    context: str = Field(
        description="Heading path (and table header) to stand alone; the text to embed is "
        "context + blank line + text (see text_to_embed)"
    )
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
    language: str | None = Field(default=None, description="ISO 639-1 guess, null if unsure")
    alnum_ratio: float | None = Field(default=None, description="Letters+digits / non-space")
    repetition: float | None = Field(default=None, description="Repeated word 3-gram share")
    garbled: float | None = Field(default=None, description="Broken-extraction score, 0..1")
    boilerplate: float | None = Field(
        default=None, description="Share of the text in blocks repeated across documents"
    )
    near_dup_cluster: str | None = Field(
        default=None, description="Id shared by near-duplicate chunks (null: none found)"
    )
    parser: str
    pipeline_version: str
    config_hash: str
    created_at: datetime

    @property
    def text_to_embed(self) -> str:
        """What to embed for retrieval: ``context``, a blank line, then ``text``."""
        return embed_text(self.context, self.text)


def embed_text(context: str, text: str) -> str:
    """The text to embed for a chunk: context, separator, text (text alone if no context).

    ``ChunkRecord.token_count`` counts exactly this string.
    """
    return f"{context}{EMBED_SEPARATOR}{text}" if context else text


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
    near_dup_cluster: str | None = Field(
        default=None, description="Id shared by near-duplicate documents (null: none found)"
    )
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


DropStep = Literal["quality", "near_duplicate", "boilerplate"]


class DropRecord(_Record):
    """Something the corpus-level cleaning removed from the output, and why.

    A whole document (``chunk_id`` null, its chunks go with it), one chunk, or one block of
    boilerplate text cut out of a document (``chunk_id`` null, ``step`` boilerplate).
    """

    source_uri: str
    doc_id: str
    chunk_id: str | None = None
    chunk_index: int | None = None
    step: DropStep
    reason: str
    kept_id: str | None = Field(default=None, description="Near duplicates: the one kept")
    text: str = Field(description="What was removed")
    pipeline_version: str
    config_hash: str
    created_at: datetime


RECORD_TYPES: dict[str, type[_Record]] = {
    "chunks": ChunkRecord,
    "documents": DocumentRecord,
    "failures": FailureRecord,
    "dropped": DropRecord,
}


# -- fine-tune datasets (``docmill pairs``) ----------------------------------------------

Role = Literal["system", "user", "assistant"]
PairKind = Literal["chat", "text"]
Split = Literal["train", "eval"]


class MessageRecord(_Record):
    """One turn of a conversation."""

    role: Role
    content: str


class PairRecord(_Record):
    """One training example drawn from chunk records, with its provenance.

    ``kind == "chat"``: ``messages`` holds the turns (system, user, assistant, ...).
    ``kind == "text"``: a raw-text record for continued pre-training; ``text`` holds it and
    ``messages`` is empty. Every export format is derived from these fields.
    """

    pair_id: str = Field(description="Stable id: generator, prompt hash, chunks and content")
    kind: PairKind
    task: str = Field(description="section, table, definition, cloze, about, text, qa, chat")
    generator: str = Field(description="Generator name and version, e.g. offline/table-v1")
    model: str | None = Field(default=None, description="LLM that wrote the pair, if any")
    prompt_hash: str = Field(description="Hash of the prompt templates and generation settings")
    messages: list[MessageRecord]
    text: str | None = None
    doc_id: str
    chunk_ids: list[str] = Field(min_length=1)
    source_uri: str
    heading_path: list[str]
    page_start: int | None = Field(default=None, ge=1)
    page_end: int | None = Field(default=None, ge=1)
    evidence_start: int | None = Field(default=None, ge=0, description="Into document.text")
    evidence_end: int | None = Field(default=None, ge=0)
    grounding: float | None = Field(default=None, description="Answer words found in the source")
    judge: str | None = Field(default=None, description="The LLM check's verdict, if run")
    token_count: int = Field(ge=0)
    split: Split
    pipeline_version: str
    created_at: datetime


class DroppedPairRecord(_Record):
    """A candidate pair a quality gate removed, and why."""

    pair_id: str
    kind: PairKind
    task: str
    generator: str
    model: str | None = None
    doc_id: str
    chunk_ids: list[str]
    source_uri: str
    gate: str = Field(description="unparseable, empty, too_long, noisy, ungrounded, ...")
    detail: str
    messages: list[MessageRecord]
    text: str | None = None
    pipeline_version: str
    created_at: datetime


PAIR_RECORD_TYPES: dict[str, type[_Record]] = {
    "pairs": PairRecord,
    "dropped": DroppedPairRecord,
}
OPTIONAL_DATASETS = frozenset({"dropped"})  # written only when something was dropped

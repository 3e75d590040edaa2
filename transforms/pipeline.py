"""The pipeline for one document: detect -> parse -> clean -> render -> chunk -> records.

Bad input never raises out of :func:`process_item`: it becomes a :class:`FailureRecord`
with the stage it failed in. Defects in our code are recorded the same way (error type
``internal:...``) unless ``strict`` is set, in which case they propagate.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from schemas import ChunkRecord, DocumentRecord, FailureRecord
from transforms.chunking import make_chunker
from transforms.clean import clean_document
from transforms.config import PipelineConfig
from transforms.detect import detect_media_type, extension_mismatch
from transforms.errors import DocumentError, LimitExceededError, Stage, UnsupportedFormatError
from transforms.model import Source
from transforms.parsers import REGISTRY, get_parser
from transforms.pii import scrub_document
from transforms.records import (
    check_invariants,
    chunk_records,
    document_record,
    failure_record,
    printable,
)
from transforms.render import render_document
from transforms.sources import SourceItem, read_planned


@dataclass
class DocResult:
    """What one document produced: a document and its chunks, or a failure."""

    uri: str
    document: DocumentRecord | None = None
    chunks: list[ChunkRecord] = field(default_factory=list)
    failure: FailureRecord | None = None
    pages: int = 0
    attachments: list[DocResult] = field(default_factory=list)  # embedded documents' results

    def flatten(self) -> list[DocResult]:
        """The result followed by its attachments' results (depth first)."""
        out = [self]
        for child in self.attachments:
            out.extend(child.flatten())
        return out


def now() -> datetime:
    """The current time in UTC, at microsecond precision (what Parquet stores)."""
    return datetime.now(UTC)


def _detect(data: bytes, name: str) -> str:
    media_type = detect_media_type(data, name)
    if media_type not in REGISTRY:
        named = f" although the file is named {name}" if "." in name else ""
        raise UnsupportedFormatError(f"content is {media_type}{named}; no parser for it")
    return media_type


MAX_ATTACHMENT_DEPTH = 3  # e-mail in e-mail in e-mail: deeper nesting is not converted


def process_source(
    source: Source,
    config: PipelineConfig,
    created_at: datetime | None = None,
    *,
    strict: bool = False,
    depth: int = 0,
) -> DocResult:
    """Run parse -> clean -> render -> chunk -> records on a detected source.

    Attachments the parser returns (``ParsedDoc.attachments``) are processed after it, see
    :func:`process_attachments`.
    """
    created_at = created_at or now()
    stage = Stage.PARSE
    try:
        parsed = get_parser(source.media_type).parse(source, config)
        if parsed.page_count and parsed.page_count > config.limits.max_pages:
            raise LimitExceededError(
                f"{parsed.page_count} pages exceeds the limit of {config.limits.max_pages}"
            )
        stage = Stage.CLEAN
        parsed = scrub_document(clean_document(parsed), config.pii)
        if not parsed.elements:
            raise DocumentError("no text content found", stage=Stage.PARSE, reason="no-content")
        rendered = render_document(parsed, config.tables.chunk_format)
        stage = Stage.CHUNK
        chunker = make_chunker(config.chunking)
        chunks = chunker.chunk(rendered)
        stage = Stage.VALIDATE
        records = chunk_records(rendered, chunks, config, chunker.tokenizer.name, created_at)
        document = document_record(rendered, len(records), config, created_at)
        problems = check_invariants(document, records)
        if problems:
            raise AssertionError("; ".join(problems[:5]))
    except MemoryError:
        failure = failure_record(
            source.uri,
            LimitExceededError(f"memory limit reached in stage {stage.value}", stage=stage),
            config,
            created_at,
            stage=stage,
            doc_id=source.doc_id,
            media_type=source.media_type,
        )
        return DocResult(source.uri, failure=failure)
    except Exception as exc:
        if strict and not isinstance(exc, DocumentError):
            raise
        failure = failure_record(
            source.uri,
            exc,
            config,
            created_at,
            stage=stage,
            doc_id=source.doc_id,
            media_type=source.media_type,
        )
        return DocResult(source.uri, failure=failure)
    result = DocResult(source.uri, document, records, pages=parsed.page_count or 0)
    if parsed.attachments:
        result.attachments, skipped = process_attachments(
            parsed.attachments, source, config, created_at, strict=strict, depth=depth + 1
        )
        if skipped:
            metadata = {**document.metadata, "attachments_skipped": "\n".join(skipped)}
            result.document = document.model_copy(update={"metadata": metadata})
    return result


def process_attachments(
    attachments: tuple[Source, ...],
    parent: Source,
    config: PipelineConfig,
    created_at: datetime,
    *,
    strict: bool = False,
    depth: int = 1,
) -> tuple[list[DocResult], list[str]]:
    """Convert a document's attachments as documents of their own, linked to the parent.

    Each is detected by content like any file. One that docmill has no parser for (an
    image, an archive, ...) or that is nested deeper than :data:`MAX_ATTACHMENT_DEPTH` is
    skipped and named in the parent's ``attachments_skipped``; one that fails to parse
    gives a FailureRecord under its own URI. Children's metadata carry ``parent_doc_id``,
    ``parent_uri``, ``attachment_name`` and ``content_sha256`` (the sha256 of the bytes;
    the child's ``doc_id`` also covers its place in the parent, so the same file attached
    twice, or also converted as a file, stays two distinct documents).
    """
    results: list[DocResult] = []
    skipped: list[str] = []
    link = {"parent_doc_id": parent.doc_id, "parent_uri": parent.uri}
    for child in attachments:
        if depth > MAX_ATTACHMENT_DEPTH:
            skipped.append(printable(f"{child.name}: nested deeper than {MAX_ATTACHMENT_DEPTH}"))
            continue
        try:
            media_type = detect_media_type(child.data, child.name)
        except DocumentError as exc:
            skipped.append(printable(f"{child.name}: {exc.message}"))
            continue
        if media_type not in REGISTRY:
            skipped.append(printable(f"{child.name}: {media_type}"))
            continue
        typed = Source(child.uri, child.doc_id, media_type, child.data, child.name)
        result = process_source(typed, config, created_at, strict=strict, depth=depth)
        if result.document is not None:
            metadata = {
                **result.document.metadata,
                **link,
                "attachment_name": printable(child.name),
                "content_sha256": hashlib.sha256(child.data).hexdigest(),
            }
            result.document = result.document.model_copy(update={"metadata": metadata})
        results.append(result)
    return results, skipped


def _name_duplicates(result: DocResult, item: SourceItem) -> DocResult:
    """A failure of bytes found under several names names them all (its message)."""
    if result.failure is not None and item.also:
        message = f"{result.failure.message} (the same bytes as {', '.join(item.also)})"
        result.failure = result.failure.model_copy(update={"message": printable(message)})
    return result


def process_item(
    item: SourceItem,
    config: PipelineConfig,
    created_at: datetime | None = None,
    *,
    strict: bool = False,
) -> DocResult:
    """Read, detect and process one planned file."""
    created_at = created_at or now()
    try:
        if item.error is not None:
            raise DocumentError(
                f"cannot read file: {item.error}", stage=Stage.DETECT, reason="unreadable"
            )
        if item.size_bytes > config.limits.max_file_bytes:
            raise LimitExceededError(
                f"file is {item.size_bytes} bytes, over the limit of "
                f"{config.limits.max_file_bytes}",
                stage=Stage.DETECT,
            )
        data = read_planned(item, config.limits.max_file_bytes)
        media_type = _detect(data, item.path.name)
    except Exception as exc:
        if isinstance(exc, OSError):
            exc = DocumentError(f"cannot read file: {exc}", stage=Stage.DETECT, reason="unreadable")
        elif isinstance(exc, MemoryError):
            exc = LimitExceededError(
                "memory limit reached while reading the file", stage=Stage.DETECT
            )
        elif strict and not isinstance(exc, DocumentError):
            raise
        failure = failure_record(
            item.uri, exc, config, created_at, stage=Stage.DETECT, doc_id=item.doc_id
        )
        return _name_duplicates(DocResult(item.uri, failure=failure), item)
    source = Source(item.uri, item.doc_id or "", media_type, data, item.path.name)
    result = _name_duplicates(process_source(source, config, created_at, strict=strict), item)
    if result.document is not None:
        name = printable(item.path.name)
        extra = {"file_name": name}
        if item.also:
            extra["duplicate_uris"] = "\n".join(item.also)
        if extension_mismatch(media_type, item.path.name):
            extra["extension_mismatch"] = f"name {name} but content is {media_type}"
        metadata = {**result.document.metadata, **extra}
        result.document = result.document.model_copy(update={"metadata": metadata})
    return result

"""Turn a processed document into the records that leave the pipeline."""

from __future__ import annotations

import hashlib
from datetime import datetime

from schemas import BoxRecord, ChunkRecord, DocumentRecord, FailureRecord
from transforms import mediatypes as mt
from transforms.config import PIPELINE_VERSION, PipelineConfig
from transforms.errors import DocumentError, Stage
from transforms.model import Chunk, RenderedDoc
from transforms.quality import compute_signals


def _signal_fields(text: str) -> dict:
    s = compute_signals(text)
    return {
        "language": s.language,
        "alnum_ratio": s.alnum_ratio,
        "repetition": s.repetition,
        "garbled": s.garbled,
    }


_SPREADSHEETS = {mt.XLSX, mt.XLSM, mt.XLS, mt.ODS}


def printable(text: str) -> str:
    """``text`` with lone surrogates shown as escapes (Arrow and Parquet need valid UTF-8).

    File names that are not valid UTF-8 reach Python with their bad bytes as surrogates
    (byte FF becomes U+DCFF); they are written as a backslash escape (x, then ff).
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def chunk_id(doc_id: str, config_hash: str, chunk: Chunk) -> str:
    """Stable chunk id: the same bytes and the same configuration give the same id."""
    key = f"{doc_id}:{config_hash}:{PIPELINE_VERSION}:{chunk.index}:{chunk.start}:{chunk.end}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def chunk_records(
    doc: RenderedDoc,
    chunks: list[Chunk],
    config: PipelineConfig,
    tokenizer_name: str,
    created_at: datetime,
) -> list[ChunkRecord]:
    """One :class:`ChunkRecord` per chunk, validated by pydantic."""
    source = doc.parsed.source
    cfg = config.config_hash
    sheets = source.media_type in _SPREADSHEETS
    return [
        ChunkRecord(
            chunk_id=chunk_id(source.doc_id, cfg, c),
            doc_id=source.doc_id,
            source_uri=source.uri,
            media_type=source.media_type,
            chunk_index=c.index,
            text=c.text,
            context=c.context,
            heading_path=list(c.heading_path),
            page_start=c.page_start,
            page_end=c.page_end,
            char_start=c.start,
            char_end=c.end,
            token_count=c.token_count,
            tokenizer=tokenizer_name,
            element_types=list(c.element_types),
            boxes=[BoxRecord(page=b.page, x0=b.x0, y0=b.y0, x1=b.x1, y1=b.y1) for b in c.boxes],
            sheet=c.sheet if sheets else None,
            row_start=c.row_start,
            row_end=c.row_end,
            **(_signal_fields(c.text) if config.quality.signals else {}),
            parser=doc.parsed.parser,
            pipeline_version=PIPELINE_VERSION,
            config_hash=cfg,
            created_at=created_at,
        )
        for c in chunks
    ]


def document_record(
    doc: RenderedDoc, n_chunks: int, config: PipelineConfig, created_at: datetime
) -> DocumentRecord:
    """The :class:`DocumentRecord` of a rendered document."""
    parsed = doc.parsed
    return DocumentRecord(
        doc_id=parsed.source.doc_id,
        source_uri=parsed.source.uri,
        media_type=parsed.source.media_type,
        size_bytes=parsed.source.size_bytes,
        page_count=parsed.page_count,
        title=parsed.title,
        language=parsed.language,
        metadata=dict(parsed.metadata),
        text=doc.text,
        n_chunks=n_chunks,
        parser=parsed.parser,
        pipeline_version=PIPELINE_VERSION,
        config_hash=config.config_hash,
        created_at=created_at,
    )


def failure_record(
    uri: str,
    error: BaseException,
    config: PipelineConfig,
    created_at: datetime,
    *,
    stage: Stage,
    doc_id: str | None = None,
    media_type: str | None = None,
) -> FailureRecord:
    """A :class:`FailureRecord` for ``error``; bad input keeps its own stage and reason."""
    if isinstance(error, DocumentError):
        stage = error.stage
        error_type = error.reason
        message = error.message
        page = error.page
    else:
        error_type = f"internal:{type(error).__name__}"
        message = str(error) or type(error).__name__
        page = None
    return FailureRecord(
        source_uri=uri,
        doc_id=doc_id,
        media_type=media_type,
        stage=stage.value,
        error_type=error_type,
        message=printable(" ".join(message.split())[:2000]),
        page=page,
        pipeline_version=PIPELINE_VERSION,
        config_hash=config.config_hash,
        created_at=created_at,
    )


def check_invariants(document: DocumentRecord, chunks: list[ChunkRecord]) -> list[str]:
    """Violations of the chunk invariants for one document (empty when all hold)."""
    problems = []
    previous_start = -1
    for c in chunks:
        if document.text[c.char_start : c.char_end] != c.text:
            problems.append(f"chunk {c.chunk_index}: text != document.text[start:end]")
        if c.char_start < previous_start:
            problems.append(f"chunk {c.chunk_index}: out of document order")
        previous_start = c.char_start
        if not c.text.strip():
            problems.append(f"chunk {c.chunk_index}: empty")
    if document.n_chunks != len(chunks):
        problems.append(f"n_chunks={document.n_chunks} but {len(chunks)} chunks")
    return problems

"""The chunk and document records a pair builder reads, grouped the ways generators need."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urlparse

from schemas import ChunkRecord, DocumentRecord


@dataclass(frozen=True)
class Section:
    """Consecutive chunks of one document under the same heading path."""

    doc_id: str
    heading_path: tuple[str, ...]
    chunks: tuple[ChunkRecord, ...]


@dataclass(frozen=True)
class Candidate:
    """A pair before the quality gates: its turns, its provenance and what to check it by.

    ``question`` is what duplicates are detected on, ``answer`` what grounding is measured
    on, ``source`` the text the answer must be supported by; duplicates are only looked for
    among candidates of the same ``scope`` (the passage, for open-book questions).
    ``near_dup`` False exempts templated questions, whose identity is structural (one per
    table cell or section), from the near-duplicate gate; exact duplicates still apply.
    ``parse_error`` marks output that could not be read (dropped by the first gates).
    """

    kind: str
    task: str
    generator: str
    prompt_hash: str
    chunks: tuple[ChunkRecord, ...]
    messages: tuple[tuple[str, str], ...] = ()
    text: str | None = None
    question: str = ""
    answer: str = ""
    source: str = ""
    scope: str = ""
    near_dup: bool = True
    model: str | None = None
    evidence: tuple[int, int] | None = None
    parse_error: str | None = None
    judge: str | None = None
    judge_ok: bool | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def doc_id(self) -> str:
        """The document every chunk of the pair comes from."""
        return self.chunks[0].doc_id

    @property
    def pair_id(self) -> str:
        """Stable id from the generator, prompt hash, chunks and content."""
        h = hashlib.sha256()
        for part in (self.generator, self.prompt_hash, self.task, self.text or ""):
            h.update(part.encode() + b"\x00")
        for c in self.chunks:
            h.update(c.chunk_id.encode() + b"\x00")
        for role, content in self.messages:
            h.update(role.encode() + b"\x01" + content.encode() + b"\x00")
        return h.hexdigest()[:32]


def chunk_source(chunk: ChunkRecord) -> str:
    """The text a pair drawn from ``chunk`` may rely on: its context, then its text."""
    return f"{chunk.context}\n\n{chunk.text}" if chunk.context else chunk.text


def passage(chunks: Iterable[ChunkRecord]) -> str:
    """The passage shown for chunks: the first chunk's context, then every text."""
    chunks = list(chunks)
    head = chunks[0].context if chunks and chunks[0].context else ""
    body = "\n\n".join(c.text for c in chunks)
    return f"{head}\n\n{body}" if head and not body.lstrip().startswith("#") else body


class Corpus:
    """Chunks in document order, with their documents."""

    def __init__(self, chunks: Iterable[ChunkRecord], documents: Iterable[DocumentRecord]):
        self.documents = {d.doc_id: d for d in documents}
        self.chunks = sorted(chunks, key=lambda c: (c.source_uri, c.doc_id, c.chunk_index))

    def __len__(self) -> int:
        return len(self.chunks)

    def by_document(self) -> Iterator[tuple[str, list[ChunkRecord]]]:
        """(doc_id, chunks in order) for every document."""
        current: list[ChunkRecord] = []
        for c in self.chunks:
            if current and c.doc_id != current[0].doc_id:
                yield current[0].doc_id, current
                current = []
            current.append(c)
        if current:
            yield current[0].doc_id, current

    def sections(self) -> Iterator[Section]:
        """Runs of consecutive chunks that share a document and a heading path."""
        for doc_id, chunks in self.by_document():
            run: list[ChunkRecord] = []
            for c in chunks:
                if run and tuple(c.heading_path) != tuple(run[0].heading_path):
                    yield Section(doc_id, tuple(run[0].heading_path), tuple(run))
                    run = []
                run.append(c)
            if run:
                yield Section(doc_id, tuple(run[0].heading_path), tuple(run))

    def label(self, doc_id: str) -> str:
        """How a question names a document: its title, else its file name."""
        doc = self.documents.get(doc_id)
        if doc is not None and doc.title and doc.title.strip():
            return doc.title.strip()
        uri = doc.source_uri if doc is not None else self._uri(doc_id)
        return file_name(uri)

    def _uri(self, doc_id: str) -> str:
        return next((c.source_uri for c in self.chunks if c.doc_id == doc_id), doc_id)


def file_name(uri: str) -> str:
    """The last path segment of a URI or path, percent-decoded."""
    parsed = urlparse(uri)
    path = unquote(parsed.path if parsed.scheme else uri)
    return PurePosixPath(path).name or uri

"""Retrieval evaluation of chunkings: recall, precision and IoU of reference characters.

Questions come from a JSON Lines file, one object per line::

    {"id": "q1", "question": "How long do seeds stay viable?",
     "doc": "field-guide.md", "spans": [[1203, 1390]]}

- ``question`` (required): the query text.
- ``doc_id`` (sha256 of the source bytes) or ``doc``: the document's ``source_uri`` or
  the end of it (a file name or relative path), matching exactly one document.
- ``spans``: reference character spans ``[start, end)`` into that document's
  ``DocumentRecord.text``; and/or ``quotes``: exact strings of that text, each resolved to
  its first occurrence (handy for writing questions by hand). At least one is required.
- ``id`` (optional): a label for reports.

Each chunking is scored by embedding every chunk's text to embed (context + text) and every
question with the same embedder, retrieving the top ``k`` chunks of the whole collection by
cosine similarity, and comparing the retrieved character spans with the reference spans:
recall = reference characters covered / reference characters; precision = covered /
retrieved characters; IoU = covered / (retrieved characters + uncovered reference
characters). Retrieved characters are counted once where chunks overlap; chunks of other
documents count as retrieved, not covered. Scores are averaged over questions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from schemas.records import embed_text
from transforms.chunking import make_chunker
from transforms.chunking.reblock import rendered_from_markdown
from transforms.config import ChunkOptions
from transforms.embed import Embedder

Spans = list[tuple[int, int]]


@dataclass(frozen=True)
class EvalDocument:
    """What the evaluation needs of a document."""

    doc_id: str
    source_uri: str
    text: str


@dataclass(frozen=True)
class EvalChunk:
    """A chunk as the evaluation sees it: its span and the text that is embedded."""

    doc_id: str
    start: int
    end: int
    embed: str
    tokens: int


@dataclass
class Question:
    """One question with its reference spans in one document."""

    qid: str
    text: str
    doc_id: str
    spans: Spans


@dataclass
class Score:
    """Mean scores of one chunking over the questions."""

    label: str
    chunks: int
    mean_tokens: float
    recall: float
    precision: float
    iou: float
    per_question: list[dict] = field(default_factory=list)


class QuestionsError(ValueError):
    """The questions file is malformed or does not match the documents."""


def _find_doc(row: dict, docs: Sequence[EvalDocument], where: str) -> EvalDocument:
    if row.get("doc_id"):
        hits = [d for d in docs if d.doc_id == row["doc_id"]]
    elif row.get("doc"):
        key = str(row["doc"])
        hits = [d for d in docs if d.source_uri == key]
        if not hits:
            hits = [d for d in docs if d.source_uri.endswith("/" + key.lstrip("/"))]
    else:
        raise QuestionsError(f"{where}: needs 'doc_id' or 'doc'")
    if len(hits) != 1:
        what = row.get("doc_id") or row.get("doc")
        raise QuestionsError(f"{where}: {len(hits)} documents match {what!r} (need exactly 1)")
    return hits[0]


def load_questions(path: Path | str, docs: Sequence[EvalDocument]) -> list[Question]:
    """Read and resolve a questions file against ``docs`` (see the module docstring)."""
    out: list[Question] = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionsError(f"{where}: not JSON ({exc})") from exc
        if not isinstance(row, dict) or not str(row.get("question", "")).strip():
            raise QuestionsError(f"{where}: needs a non-empty 'question'")
        doc = _find_doc(row, docs, where)
        spans: Spans = []
        for span in row.get("spans", []):
            if not (isinstance(span, list) and len(span) == 2):
                raise QuestionsError(f"{where}: spans are [start, end] pairs")
            s, e = int(span[0]), int(span[1])
            if not 0 <= s < e <= len(doc.text):
                raise QuestionsError(f"{where}: span {span} outside the document text")
            spans.append((s, e))
        for quote in row.get("quotes", []):
            s = doc.text.find(quote)
            if s < 0 or not quote:
                raise QuestionsError(f"{where}: quote not in {doc.source_uri}: {quote[:60]!r}")
            spans.append((s, s + len(quote)))
        if not spans:
            raise QuestionsError(f"{where}: needs 'spans' or 'quotes'")
        out.append(Question(str(row.get("id", n)), str(row["question"]), doc.doc_id, spans))
    return out


def chunk_documents(docs: Iterable[EvalDocument], options: ChunkOptions, embedder=None):
    """Re-chunk documents from their Markdown text with ``options``."""
    chunker = make_chunker(options, embedder=embedder)
    out: list[EvalChunk] = []
    for doc in docs:
        for c in chunker.chunk(rendered_from_markdown(doc.text)):
            out.append(
                EvalChunk(doc.doc_id, c.start, c.end, embed_text(c.context, c.text), c.token_count)
            )
    return out


def merge(spans: Iterable[tuple[int, int]]) -> Spans:
    """Sorted, non-overlapping union of spans."""
    out: Spans = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _length(spans: Spans) -> int:
    return sum(e - s for s, e in spans)


def _intersection(a: Spans, b: Spans) -> int:
    total = i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        total += max(0, hi - lo)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def span_scores(question: Question, retrieved: Sequence[EvalChunk]) -> dict:
    """Recall, precision and IoU of one question's reference by the retrieved chunks."""
    reference = merge(question.spans)
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for c in retrieved:
        by_doc.setdefault(c.doc_id, []).append((c.start, c.end))
    retrieved_chars = sum(_length(merge(v)) for v in by_doc.values())
    covered = _intersection(merge(by_doc.get(question.doc_id, [])), reference)
    ref = _length(reference)
    union = retrieved_chars + ref - covered
    return {
        "recall": covered / ref if ref else 0.0,
        "precision": covered / retrieved_chars if retrieved_chars else 0.0,
        "iou": covered / union if union else 0.0,
    }


def evaluate(
    label: str,
    questions: Sequence[Question],
    chunks: Sequence[EvalChunk],
    embedder: Embedder,
    k: int = 5,
    question_vectors: np.ndarray | None = None,
) -> Score:
    """Retrieve the top ``k`` chunks for every question and average the span scores."""
    if question_vectors is None:
        question_vectors = embedder.embed([q.text for q in questions])
    chunk_vectors = embedder.embed([c.embed for c in chunks])
    rows = []
    if len(chunks):
        sims = question_vectors @ chunk_vectors.T
        for q, row in zip(questions, sims, strict=True):
            top = np.argsort(-row, kind="stable")[:k]
            scores = span_scores(q, [chunks[i] for i in top])
            rows.append({"id": q.qid, **scores})
    n = max(len(rows), 1)
    return Score(
        label=label,
        chunks=len(chunks),
        mean_tokens=float(np.mean([c.tokens for c in chunks])) if chunks else 0.0,
        recall=sum(r["recall"] for r in rows) / n,
        precision=sum(r["precision"] for r in rows) / n,
        iou=sum(r["iou"] for r in rows) / n,
        per_question=rows,
    )


def format_table(scores: Sequence[Score], k: int) -> str:
    """A plain-text table of scores, one line per chunking."""
    width = max([len(s.label) for s in scores] + [8])
    head = (
        f"{'chunking':<{width}}  {'chunks':>6}  {'mean tok':>8}  "
        f"{f'recall@{k}':>9}  {f'prec@{k}':>7}  {f'IoU@{k}':>6}"
    )
    lines = [head, "-" * len(head)]
    for s in scores:
        lines.append(
            f"{s.label:<{width}}  {s.chunks:>6}  {s.mean_tokens:>8.1f}  "
            f"{s.recall:>9.3f}  {s.precision:>7.3f}  {s.iou:>6.3f}"
        )
    return "\n".join(lines)

"""From chunk records to gated, split :class:`schemas.PairRecord` rows and a report."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from schemas import DroppedPairRecord, MessageRecord, PairRecord
from transforms.config import PIPELINE_VERSION
from transforms.pairs.corpus import Candidate, Corpus
from transforms.pairs.gates import Dropped, Kept, apply_gates, drop_table
from transforms.pairs.llm import LlmPairs
from transforms.pairs.offline import section_pairs, text_records
from transforms.pairs.offline_reading import reading_pairs
from transforms.pairs.offline_tables import table_pairs
from transforms.pairs.options import LLM_TASKS, PairOptions
from transforms.pairs.split import overlap_report, split_documents
from transforms.tokens import get_tokenizer

OFFLINE = {
    "section": section_pairs,
    "table": table_pairs,
    "reading": reading_pairs,
    "text": text_records,
}


@dataclass
class PairBuild:
    """The kept pairs, the dropped candidates and the report of a build."""

    pairs: list[PairRecord]
    dropped: list[DroppedPairRecord]
    report: dict


def generate_offline(corpus: Corpus, options: PairOptions) -> list[Candidate]:
    """Candidates of every requested offline generator, generator by generator."""
    out: list[Candidate] = []
    for task in options.generators:
        if task in OFFLINE:
            out.extend(OFFLINE[task](corpus, options))
    return out


def _messages(c: Candidate, options: PairOptions) -> list[MessageRecord]:
    turns = list(c.messages)
    if c.kind == "chat" and options.system_prompt and turns and turns[0][0] != "system":
        turns.insert(0, ("system", options.system_prompt))
    return [MessageRecord(role=r, content=t) for r, t in turns]


def _pages(c: Candidate) -> tuple[int | None, int | None]:
    starts = [ch.page_start for ch in c.chunks if ch.page_start is not None]
    ends = [ch.page_end for ch in c.chunks if ch.page_end is not None]
    return (min(starts) if starts else None, max(ends) if ends else None)


def pair_record(k: Kept, split: str, options: PairOptions, created_at: datetime) -> PairRecord:
    """The record of a kept pair."""
    c = k.candidate
    page_start, page_end = _pages(c)
    return PairRecord(
        pair_id=c.pair_id,
        kind=c.kind,
        task=c.task,
        generator=c.generator,
        model=c.model,
        prompt_hash=c.prompt_hash,
        messages=_messages(c, options) if c.kind == "chat" else [],
        text=c.text if c.kind == "text" else None,
        doc_id=c.doc_id,
        chunk_ids=[ch.chunk_id for ch in c.chunks],
        source_uri=c.chunks[0].source_uri,
        heading_path=list(c.chunks[0].heading_path),
        page_start=page_start,
        page_end=page_end,
        evidence_start=c.evidence[0] if c.evidence else None,
        evidence_end=c.evidence[1] if c.evidence else None,
        grounding=k.grounding,
        judge=c.judge,
        token_count=k.token_count,
        split=split,
        pipeline_version=PIPELINE_VERSION,
        created_at=created_at,
    )


def dropped_record(d: Dropped, options: PairOptions, created_at: datetime) -> DroppedPairRecord:
    """The record of a dropped candidate."""
    c = d.candidate
    return DroppedPairRecord(
        pair_id=c.pair_id,
        kind=c.kind,
        task=c.task,
        generator=c.generator,
        model=c.model,
        doc_id=c.doc_id,
        chunk_ids=[ch.chunk_id for ch in c.chunks],
        source_uri=c.chunks[0].source_uri,
        gate=d.gate,
        detail=d.detail,
        messages=_messages(c, options) if c.kind == "chat" else [],
        text=c.text if c.kind == "text" else None,
        pipeline_version=PIPELINE_VERSION,
        created_at=created_at,
    )


def _overlap_text(c: Candidate) -> str:
    return c.text or f"{c.question} {c.answer}"


def build_pairs(
    corpus: Corpus,
    options: PairOptions,
    created_at: datetime,
    *,
    llm: LlmPairs | None = None,
    on_item: Callable[[], None] | None = None,
) -> PairBuild:
    """Generate, gate and split; ``llm`` is required when an LLM task is requested."""
    candidates = generate_offline(corpus, options)
    llm_tasks = [t for t in options.generators if t in LLM_TASKS]
    if llm_tasks:
        if llm is None:
            raise ValueError(f"{', '.join(llm_tasks)} need an LLM endpoint")
        candidates.extend(llm.generate(corpus, llm_tasks, on_item))
    kept, dropped = apply_gates(candidates, options, get_tokenizer(options.tokenizer))
    splits = split_documents(
        (doc_id for doc_id, _ in corpus.by_document()), options.eval_fraction, options.seed
    )
    pairs = [pair_record(k, splits[k.candidate.doc_id], options, created_at) for k in kept]
    by_task: dict[str, dict] = defaultdict(lambda: {"candidates": 0, "kept": 0, "dropped": {}})
    for c in candidates:
        by_task[c.task]["candidates"] += 1
    for k in kept:
        by_task[k.candidate.task]["kept"] += 1
    for d in dropped:
        gates = by_task[d.candidate.task]["dropped"]
        gates[d.gate] = gates.get(d.gate, 0) + 1
    train_texts: list[tuple[str, str]] = []
    eval_texts: list[str] = []
    for k, p in zip(kept, pairs, strict=True):
        if p.split == "train":
            train_texts.append((p.doc_id, _overlap_text(k.candidate)))
        else:
            eval_texts.append(_overlap_text(k.candidate))
    split_docs = Counter(splits.values())
    report = {
        "documents": len(splits),
        "chunks": len(corpus),
        "candidates": len(candidates),
        "kept": len(kept),
        "dropped": len(dropped),
        "gates": drop_table(len(candidates), dropped),
        "by_task": dict(sorted(by_task.items())),
        "split": {
            "train": len(train_texts),
            "eval": len(eval_texts),
            "train_documents": split_docs.get("train", 0),
            "eval_documents": split_docs.get("eval", 0),
            "seed": options.seed,
        },
        "overlap": overlap_report(train_texts, eval_texts, options.overlap_n),
    }
    return PairBuild(
        pairs=pairs,
        dropped=[dropped_record(d, options, created_at) for d in dropped],
        report=report,
    )

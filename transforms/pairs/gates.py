"""Quality gates: a candidate passes them all or is dropped by the first it fails.

Every drop carries the gate's name and a one-line reason.

Order: request_failed and unparseable (LLM replies), empty, too_long, noisy, ungrounded,
judge (the LLM check), then exact
and near-duplicate questions (the first occurrence is kept). Near duplicates are judged on the
content words of the question (stopwords removed), so template wording shared by many
questions ("What is the ... for ...?") does not make different questions look alike; the
templated look-ups (table cells, sections, "about" terms) are one per cell, section or term
by construction and only face the exact-duplicate gate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from transforms.pairs.corpus import Candidate
from transforms.pairs.minhash import MinHashIndex
from transforms.pairs.options import PairOptions
from transforms.pairs.text import content_words, grounding_score, noise_reason, normalize
from transforms.tokens import Tokenizer

GATES = (
    "request_failed",
    "unparseable",
    "empty",
    "too_long",
    "noisy",
    "ungrounded",
    "judge",
    "duplicate",
    "near_duplicate",
)


@dataclass(frozen=True)
class Kept:
    """A candidate that passed every gate, with what the gates measured."""

    candidate: Candidate
    token_count: int
    grounding: float | None


@dataclass(frozen=True)
class Dropped:
    """A candidate a gate removed."""

    candidate: Candidate
    gate: str
    detail: str


def token_count(c: Candidate, tokenizer: Tokenizer) -> int:
    """Tokens of every turn (and of the raw text)."""
    return sum(tokenizer.count(content) for _, content in c.messages) + (
        tokenizer.count(c.text) if c.text else 0
    )


def _single_gate(c: Candidate, options: PairOptions, tokens: int) -> tuple[str, str] | None:
    if c.parse_error:
        return c.extra.get("gate", "unparseable"), c.parse_error
    if c.kind == "text":
        if not (c.text or "").strip():
            return "empty", "no text"
    else:
        if not c.messages or any(not content.strip() for _, content in c.messages):
            return "empty", "a turn has no content"
        if len(c.answer.strip()) < options.min_answer_chars or not c.question.strip():
            return "empty", "no question or no answer"
    if tokens > options.max_pair_tokens:
        return "too_long", f"{tokens} tokens > {options.max_pair_tokens}"
    for what, text in (("answer", c.answer), ("question", c.question)):
        reason = noise_reason(text)
        if reason:
            return "noisy", f"{what}: {reason}"
    return None


def apply_gates(
    candidates: Iterable[Candidate], options: PairOptions, tokenizer: Tokenizer
) -> tuple[list[Kept], list[Dropped]]:
    """Split candidates into kept and dropped, in their original order."""
    kept: list[Kept] = []
    dropped: list[Dropped] = []
    exact: dict[str, str] = {}
    near: dict[str, MinHashIndex] = {}
    for c in candidates:
        tokens = token_count(c, tokenizer)
        failed = _single_gate(c, options, tokens)
        grounding = None
        if failed is None and c.kind == "chat":
            grounding = grounding_score(c.answer, c.source)
            if grounding < options.min_grounding:
                failed = "ungrounded", f"{grounding:.0%} of answer words in the source"
        if failed is None and c.judge_ok is False:
            failed = "judge", c.judge or "rejected by the check"
        if failed is None:
            key = f"{c.kind}|{c.scope}|{normalize(c.question)}"
            if key in exact:
                failed = "duplicate", f"same question as {exact[key]}"
            elif c.near_dup:
                index = near.get(f"{c.kind}|{c.scope}")
                if index is None:
                    index = MinHashIndex(options.near_duplicate, seed=options.seed + 1)
                    near[f"{c.kind}|{c.scope}"] = index
                hit = index.add(c.pair_id, " ".join(content_words(c.question)) or c.question)
                if hit is not None:
                    failed = "near_duplicate", f"Jaccard {hit[1]:.2f} with {hit[0]}"
            if failed is None:
                exact[key] = c.pair_id
        if failed is None:
            kept.append(Kept(c, tokens, grounding))
        else:
            dropped.append(Dropped(c, *failed))
    return kept, dropped


def drop_table(total: int, dropped: list[Dropped]) -> list[dict]:
    """Rows of the drop report: gate, count, share of all candidates."""
    counts = Counter(d.gate for d in dropped)
    return [
        {
            "gate": g,
            "dropped": counts.get(g, 0),
            "share": counts.get(g, 0) / total if total else 0.0,
        }
        for g in GATES
    ]

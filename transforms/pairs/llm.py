"""LLM generators through an OpenAI-compatible endpoint.

- ``llm-qa``: per chunk, question-answer pairs grounded in the chunk, as JSON constrained
  by a schema, each with a quote of its evidence.
- ``llm-chat``: per section, a multi-turn conversation built from the section's text.

Each pair then gets a separate check call (answerable? faithful?) unless it already fails
the grounding gate. Replies are cached by prompt hash and chunk ids, so a re-run does not
call the endpoint for work already done. Items run concurrently (``LlmOptions.concurrency``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from schemas import ChunkRecord
from transforms.pairs.cache import ReplyCache
from transforms.pairs.client import ChatClient, LlmError
from transforms.pairs.common import prompt_hash, scope, stable_hash, user_turn
from transforms.pairs.corpus import Candidate, Corpus, passage
from transforms.pairs.options import PairOptions
from transforms.pairs.prompts import load_prompts, render
from transforms.pairs.text import content_words, grounding_score, noise_reason
from transforms.tokens import get_tokenizer

QA_SCHEMA = {
    "type": "object",
    "properties": {
        "pairs": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "question": {"type": "string"},
                    "answer": {"type": "string"},
                    "evidence": {"type": "string"},
                },
                "required": ["question", "answer", "evidence"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["pairs"],
    "additionalProperties": False,
}
CHAT_SCHEMA = {
    "type": "object",
    "properties": {
        "turns": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"user": {"type": "string"}, "assistant": {"type": "string"}},
                "required": ["user", "assistant"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["turns"],
    "additionalProperties": False,
}
CHECK_SCHEMA = {
    "type": "object",
    "properties": {
        "answerable": {"type": "boolean"},
        "faithful": {"type": "boolean"},
        "reason": {"type": "string"},
    },
    "required": ["answerable", "faithful", "reason"],
    "additionalProperties": False,
}
MIN_CONTENT_WORDS = 12  # smaller chunks are not worth a request
SECTION_TOKENS = 1500  # a conversation reads at most this much of a section


def parse_json_reply(reply: str) -> dict:
    """The JSON object in a reply (code fences and text around it tolerated)."""
    text = reply.strip()
    fenced = re.match(r"^```(?:json)?\s*(.*?)\s*```$", text, re.DOTALL)
    if fenced:
        text = fenced.group(1)
    try:
        value = json.loads(text)
    except ValueError:
        start, end = text.find("{"), text.rfind("}")
        if start < 0 or end <= start:
            raise
        value = json.loads(text[start : end + 1])
    if not isinstance(value, dict):
        raise ValueError("the reply is not a JSON object")
    return value


def _evidence_span(chunk: ChunkRecord, quote: str) -> tuple[int, int] | None:
    quote = quote.strip().strip('"').strip()
    if len(quote) < 4:
        return None
    at = chunk.text.find(quote)
    if at >= 0:
        return chunk.char_start + at, chunk.char_start + at + len(quote)
    return None


class LlmPairs:
    """Runs the LLM generators; ``client`` and ``cache`` are given by the caller."""

    def __init__(self, options: PairOptions, client: ChatClient, cache: ReplyCache) -> None:
        if options.llm is None:
            raise ValueError("LLM generators need PairOptions.llm")
        self.options = options
        self.llm = options.llm
        self.client = client
        self.cache = cache
        self.prompts = load_prompts(self.llm.prompts_dir)
        settings = (self.llm.model, self.llm.temperature, self.llm.response_format, options.context)
        self.check_hash = prompt_hash(
            self.prompts["check_system"], self.prompts["check_user"], *settings
        )
        self.qa_hash = prompt_hash(
            self.prompts["qa_system"], self.prompts["qa_user"], self.llm.pairs_per_chunk, *settings
        )
        self.chat_hash = prompt_hash(
            self.prompts["chat_system"], self.prompts["chat_user"], self.llm.chat_turns, *settings
        )
        self.tokenizer = get_tokenizer(options.tokenizer)

    # -- calls ---------------------------------------------------------------------------

    def _ask(self, key: str, system: str, user: str, name: str, schema: dict) -> dict:
        """The reply as JSON, from the cache or the endpoint.

        Only readable replies are cached, so a re-run asks again for unreadable ones
        (ValueError) and failed requests (LlmError).
        """
        reply = self.cache.get(key)
        if reply is not None:
            return parse_json_reply(reply)
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        reply = self.client.complete(messages, name, schema)
        value = parse_json_reply(reply)
        if not all(k in value for k in schema.get("required", ())):
            raise ValueError(f"the reply lacks {', '.join(schema['required'])}: {reply[:120]!r}")
        self.cache.put(key, reply, call=name, model=self.llm.model)
        return value

    def _check(self, c: Candidate, text: str, turns: Sequence[tuple[str, str]]) -> Candidate:
        """Ask the separate check call about ``c``; the verdict goes into ``judge``."""
        if not self.llm.check or grounding_score(c.answer, c.source) < self.options.min_grounding:
            return c  # the grounding gate drops it without spending a request
        conversation = "\n\n".join(f"Question: {q}\nAnswer: {a}" for q, a in turns)
        key = stable_hash("check", self.check_hash, *(ch.chunk_id for ch in c.chunks), c.pair_id)
        user = render(self.prompts["check_user"], passage=text, conversation=conversation)
        try:
            verdict = self._ask(key, self.prompts["check_system"], user, "check", CHECK_SCHEMA)
        except LlmError as exc:
            return replace(c, parse_error=f"check: {exc}"[:500], extra={"gate": "request_failed"})
        except ValueError as exc:
            return replace(c, parse_error=f"check reply unreadable: {exc}"[:500])
        ok = verdict.get("answerable") is True and verdict.get("faithful") is True
        reason = str(verdict.get("reason", ""))[:300]
        flags = f"answerable={verdict.get('answerable')} faithful={verdict.get('faithful')}"
        return replace(c, judge_ok=ok, judge=f"{flags}: {reason}".strip(": "))

    def _failed(self, task: str, phash: str, chunks, reason: str, gate: str) -> Candidate:
        return Candidate(
            kind="chat",
            task=task,
            generator=f"llm/{task}-v1",
            prompt_hash=phash,
            chunks=tuple(chunks),
            model=self.llm.model,
            parse_error=reason[:500],
            extra={"gate": gate},
        )

    # -- question-answer pairs -------------------------------------------------------------

    def _qa_chunk(self, corpus: Corpus, chunk: ChunkRecord) -> list[Candidate]:
        text = passage((chunk,))
        user = render(
            self.prompts["qa_user"],
            title=corpus.label(chunk.doc_id),
            heading=" > ".join(chunk.heading_path) or "(none)",
            passage=text,
            n=self.llm.pairs_per_chunk,
        )
        key = stable_hash("qa", self.qa_hash, chunk.chunk_id)
        try:
            items = self._ask(key, self.prompts["qa_system"], user, "qa", QA_SCHEMA)["pairs"]
            if not isinstance(items, list):
                raise ValueError("'pairs' is not a list")
        except LlmError as exc:
            return [self._failed("qa", self.qa_hash, (chunk,), str(exc), "request_failed")]
        except ValueError as exc:
            return [
                self._failed(
                    "qa", self.qa_hash, (chunk,), f"unreadable reply: {exc}", "unparseable"
                )
            ]
        out = []
        for item in items[: self.llm.pairs_per_chunk]:
            if not isinstance(item, dict) or not all(
                isinstance(item.get(k), str) for k in ("question", "answer")
            ):
                out.append(
                    self._failed("qa", self.qa_hash, (chunk,), f"bad item {item!r}", "unparseable")
                )
                continue
            q, a = item["question"].strip(), item["answer"].strip()
            c = Candidate(
                kind="chat",
                task="qa",
                generator="llm/qa-v1",
                prompt_hash=prompt_hash(self.qa_hash, self.check_hash if self.llm.check else ""),
                chunks=(chunk,),
                messages=(("user", user_turn(q, (chunk,), self.options.context)), ("assistant", a)),
                question=q,
                answer=a,
                source=text,
                scope=scope((chunk,), self.options.context),
                model=self.llm.model,
                evidence=_evidence_span(chunk, str(item.get("evidence", ""))),
            )
            out.append(self._check(c, text, [(q, a)]))
        return out

    # -- conversations -------------------------------------------------------------------

    def _section_chunks(self, chunks: Sequence[ChunkRecord]) -> list[ChunkRecord]:
        taken, total = [], 0
        for c in chunks:
            if taken and total + c.token_count > SECTION_TOKENS:
                break
            taken.append(c)
            total += c.token_count
        return taken

    def _chat_section(self, corpus: Corpus, chunks: list[ChunkRecord]) -> list[Candidate]:
        text = passage(chunks)
        user = render(
            self.prompts["chat_user"],
            title=corpus.label(chunks[0].doc_id),
            heading=" > ".join(chunks[0].heading_path) or "(none)",
            passage=text,
            turns=self.llm.chat_turns,
        )
        key = stable_hash("chat", self.chat_hash, *(c.chunk_id for c in chunks))
        try:
            turns = self._ask(key, self.prompts["chat_system"], user, "chat", CHAT_SCHEMA)["turns"]
            pairs = [(str(t["user"]).strip(), str(t["assistant"]).strip()) for t in turns]
            if not pairs:
                raise ValueError("no turns")
        except LlmError as exc:
            return [self._failed("chat", self.chat_hash, chunks, str(exc), "request_failed")]
        except (ValueError, KeyError, TypeError) as exc:
            return [
                self._failed(
                    "chat", self.chat_hash, chunks, f"unreadable reply: {exc}", "unparseable"
                )
            ]
        messages = []
        for i, (u, a) in enumerate(pairs[: self.llm.chat_turns]):
            messages.append(("user", user_turn(u, chunks, self.options.context) if i == 0 else u))
            messages.append(("assistant", a))
        c = Candidate(
            kind="chat",
            task="chat",
            generator="llm/chat-v1",
            prompt_hash=prompt_hash(self.chat_hash, self.check_hash if self.llm.check else ""),
            chunks=tuple(chunks),
            messages=tuple(messages),
            question=pairs[0][0],
            answer=" ".join(a for _, a in pairs),
            source=text,
            scope=scope(chunks, self.options.context),
            model=self.llm.model,
            evidence=(chunks[0].char_start, chunks[-1].char_end),
        )
        return [self._check(c, text, pairs[: self.llm.chat_turns])]

    # -- driver --------------------------------------------------------------------------

    def _worth_asking(self, text: str) -> bool:
        return len(content_words(text)) >= MIN_CONTENT_WORDS and noise_reason(text) is None

    def generate(
        self, corpus: Corpus, tasks: Sequence[str], on_item: Callable[[], None] | None = None
    ) -> list[Candidate]:
        """Run the requested LLM tasks over the corpus; candidates come back in corpus order."""
        work: list[Callable[[], list[Candidate]]] = []
        if "llm-qa" in tasks:
            for chunk in corpus.chunks:
                if self._worth_asking(chunk.text):
                    work.append(lambda chunk=chunk: self._qa_chunk(corpus, chunk))
        if "llm-chat" in tasks:
            for section in corpus.sections():
                chunks = self._section_chunks(section.chunks)
                if self._worth_asking(" ".join(c.text for c in chunks)):
                    work.append(lambda chunks=chunks: self._chat_section(corpus, chunks))

        def run(job: Callable[[], list[Candidate]]) -> list[Candidate]:
            result = job()
            if on_item:
                on_item()
            return result

        with ThreadPoolExecutor(max_workers=max(1, self.llm.concurrency)) as pool:
            return [c for batch in pool.map(run, work) for c in batch]

    def count_items(self, corpus: Corpus, tasks: Sequence[str]) -> int:
        """How many requests-worth of work items ``generate`` will run (for a progress bar)."""
        n = 0
        if "llm-qa" in tasks:
            n += sum(1 for c in corpus.chunks if self._worth_asking(c.text))
        if "llm-chat" in tasks:
            n += sum(
                1
                for s in corpus.sections()
                if self._worth_asking(" ".join(c.text for c in self._section_chunks(s.chunks)))
            )
        return n

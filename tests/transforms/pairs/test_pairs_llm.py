"""LLM generators end to end against the loopback server: grounding, the check call,
failures, resumption, concurrency and prompt overrides."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tests.loopback_llm import LoopbackLLM
from transforms.pairs.build import build_pairs
from transforms.pairs.cache import ReplyCache
from transforms.pairs.client import ChatClient
from transforms.pairs.llm import LlmPairs, parse_json_reply
from transforms.pairs.options import LlmOptions, PairOptions

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def server():
    with LoopbackLLM() as llm:
        yield llm


def options(server, tasks=("llm-qa",), **llm_kw) -> PairOptions:
    llm = LlmOptions(base_url=server.base_url, model="loop", backoff_base=0.0, **llm_kw)
    return PairOptions(generators=tasks, llm=llm)


def run(corpus, opts, cache_path=None):
    with ChatClient(opts.llm) as client:
        gen = LlmPairs(opts, client, ReplyCache(cache_path))
        build = build_pairs(corpus, opts, NOW, llm=gen)
        return build, client.stats, gen


def test_qa_pairs_are_grounded_checked_and_keep_provenance(server, corpus):
    opts = options(server, pairs_per_chunk=2, concurrency=1)
    build, stats, _ = run(corpus, opts)
    qa = [p for p in build.pairs if p.task == "qa"]
    assert qa and all(p.model == "loop" and p.generator == "llm/qa-v1" for p in qa)
    chunks = {c.chunk_id: c for c in corpus.chunks}
    for p in qa:
        chunk = chunks[p.chunk_ids[0]]
        assert p.messages[-1].content in chunk.text  # the fake model answers with a sentence
        assert p.judge.startswith("answerable=True faithful=True")
        assert p.grounding == 1.0
        doc = corpus.documents[p.doc_id]
        assert doc.text[p.evidence_start : p.evidence_end] == p.messages[-1].content
    generate = [b for b in server.bodies if "up to" in b["messages"][-1]["content"]]
    checks = [b for b in server.bodies if "faithful" in b["messages"][0]["content"]]
    assert len(checks) == build.report["by_task"]["qa"]["candidates"]
    assert all(b["response_format"]["json_schema"]["name"] == "qa" for b in generate)
    assert stats["requests"] == len(server.bodies)


def test_invented_and_rejected_answers_are_dropped(server, corpus):
    opts = options(server, pairs_per_chunk=1, concurrency=1)
    server.queue("invent")  # the first chunk's answer is made up: grounding gate, no check call
    build, _, _ = run(corpus, opts)
    gates = {d.gate for d in build.dropped}
    assert "ungrounded" in gates
    server.bodies.clear()
    server.queue(None, "reject")  # a fresh generation, then its check says unfaithful
    build2, _, _ = run(corpus, replace(opts, llm=replace(opts.llm, temperature=0.3)))
    judged = [d for d in build2.dropped if d.gate == "judge"]
    assert len(judged) == 1 and "faithful=False" in judged[0].detail


def test_unparseable_and_failed_requests_are_reported(server, corpus):
    opts = options(server, concurrency=1, max_retries=1)
    server.queue("bad_content", "500", "500")
    build, _, _ = run(corpus, opts)
    gates = [d.gate for d in build.dropped]
    assert gates.count("unparseable") == 1
    assert gates.count("request_failed") == 1
    assert build.report["gates"][0] == {
        "gate": "request_failed",
        "dropped": 1,
        "share": pytest.approx(1 / build.report["candidates"]),
    }


def test_rerun_answers_from_the_cache(server, corpus, tmp_path):
    opts = options(server, tasks=("llm-qa", "llm-chat"), concurrency=3)
    cache = tmp_path / "replies.jsonl"
    first, stats1, _ = run(corpus, opts, cache)
    assert stats1["requests"] > 0
    second, stats2, gen = run(corpus, opts, cache)
    assert stats2["requests"] == 0 and gen.cache.hits == stats1["requests"]
    assert [p.pair_id for p in first.pairs] == [p.pair_id for p in second.pairs]
    # a changed prompt setting misses the cache for generation calls
    _, stats3, _ = run(corpus, replace(opts, llm=replace(opts.llm, pairs_per_chunk=1)), cache)
    assert stats3["requests"] > 0


def test_a_line_cut_short_by_a_crash_is_ignored(tmp_path):
    path = tmp_path / "c.jsonl"
    cache = ReplyCache(path)
    cache.put("a", "reply a")
    with path.open("a") as fh:
        fh.write('{"key": "b", "repl')
    reopened = ReplyCache(path)
    assert reopened.get("a") == "reply a" and reopened.get("b") is None
    reopened.put("c", "reply c")
    assert ReplyCache(path).get("c") == "reply c"


def test_requests_run_concurrently(corpus):
    with LoopbackLLM(delay=0.05) as server:
        opts = options(server, concurrency=4, check=False)
        _, stats, _ = run(corpus, opts)
        assert server.max_in_flight >= 2
        assert stats["max_in_flight"] >= 2


def test_conversations_alternate_and_are_checked(server, corpus):
    opts = options(server, tasks=("llm-chat",), chat_turns=2)
    build, _, _ = run(corpus, opts)
    chats = [p for p in build.pairs if p.task == "chat"]
    assert chats
    for p in chats:
        roles = [m.role for m in p.messages]
        assert roles[0::2] == ["user"] * (len(roles) // 2)
        assert roles[1::2] == ["assistant"] * (len(roles) // 2)
        assert "Passage:" in p.messages[0].content  # open book: the section is in turn one
        assert p.judge is not None


def test_prompt_files_can_be_overridden(server, corpus, tmp_path):
    (tmp_path / "qa_system.txt").write_text("CUSTOM SYSTEM PROMPT")
    opts = options(server, prompts_dir=tmp_path, check=False)
    default = options(server, check=False)
    with ChatClient(opts.llm) as client:
        custom_hash = LlmPairs(opts, client, ReplyCache(None)).qa_hash
        assert custom_hash != LlmPairs(default, client, ReplyCache(None)).qa_hash
    run(corpus, opts)
    assert server.bodies[0]["messages"][0]["content"] == "CUSTOM SYSTEM PROMPT"


def test_parse_json_reply_tolerates_fences_and_chatter():
    assert parse_json_reply('```json\n{"a": 1}\n```') == {"a": 1}
    assert parse_json_reply('Here you go: {"a": [1, 2]} Enjoy!') == {"a": [1, 2]}
    with pytest.raises(ValueError):
        parse_json_reply("no json here")
    with pytest.raises(ValueError):
        parse_json_reply("[1, 2]")


def test_llm_tasks_without_an_endpoint_fail_clearly(corpus):
    with pytest.raises(ValueError, match="need an LLM endpoint"):
        build_pairs(corpus, PairOptions(generators=("llm-qa",)), NOW)


def test_unreadable_replies_are_not_cached_and_asked_again(server, corpus, tmp_path):
    opts = options(server, concurrency=1)
    cache = tmp_path / "replies.jsonl"
    server.queue("bad_content", None, "bad_content")  # generation 1, generation 2, a check
    first, _, _ = run(corpus, opts, cache)
    unreadable = [d for d in first.dropped if d.gate == "unparseable"]
    assert len(unreadable) == 2
    assert any(d.detail.startswith("check reply unreadable") for d in unreadable)
    second, stats2, _ = run(corpus, opts, cache)
    assert not [d for d in second.dropped if d.gate == "unparseable"]
    new = len(second.pairs) - len(first.pairs)  # chunk 1's pairs, and the re-checked pair
    assert new >= 2
    assert stats2["requests"] == 1 + new  # chunk 1's generation, then one check per new pair

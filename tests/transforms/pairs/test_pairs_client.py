"""The chat-completions client against a loopback OpenAI-compatible server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from tests.loopback_llm import LoopbackLLM
from transforms.pairs.client import ChatClient, LlmError, retry_after_seconds
from transforms.pairs.options import LlmOptions

MESSAGES = [
    {"role": "system", "content": "You write question-answer pairs."},
    {
        "role": "user",
        "content": 'Passage:\n"""\nThe Eastern Basin contains forty visitor moorings.\n"""\n'
        "Write up to 1 question-answer pairs",
    },
]
SCHEMA = {"type": "object"}


@pytest.fixture
def server():
    with LoopbackLLM() as llm:
        yield llm


def client(server, sleeps=None, **kw) -> ChatClient:
    options = LlmOptions(base_url=server.base_url, model="m", backoff_base=0.01, **kw)
    return ChatClient(options, sleep=(sleeps.append if sleeps is not None else lambda s: None))


@pytest.mark.parametrize("stream", [False, True])
def test_reply_streamed_or_not(server, stream):
    with client(server, stream=stream, api_key="sk-test") as c:
        reply = json.loads(c.complete(MESSAGES, "qa", SCHEMA))
    assert reply["pairs"][0]["answer"] == "The Eastern Basin contains forty visitor moorings."
    body = server.bodies[-1]
    assert body["stream"] is stream and body["model"] == "m"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == SCHEMA
    assert server.headers[-1]["Authorization"] == "Bearer sk-test"


def test_429_honours_retry_after_then_succeeds(server):
    server.queue("429", "429")
    sleeps = []
    with client(server, sleeps) as c:
        assert "pairs" in c.complete(MESSAGES, "qa", SCHEMA)
        assert c.stats["retries"] == 2 and c.stats["http_429"] == 2
    assert sleeps == [0.0, 0.0]  # the server said Retry-After: 0
    assert server.stats["requests"] == 3


@pytest.mark.parametrize("fault", ["500", "malformed", "drop_stream"])
def test_transient_faults_are_retried(server, fault):
    server.queue(fault)
    sleeps = []
    with client(server, sleeps, stream=fault == "drop_stream") as c:
        assert "pairs" in c.complete(MESSAGES, "qa", SCHEMA)
    assert len(sleeps) == 1 and 0.005 <= sleeps[0] <= 0.015  # backoff_base * (0.5..1.5)
    assert server.stats["requests"] == 2


def test_gives_up_after_max_retries(server):
    server.queue(*["500"] * 10)
    with client(server, max_retries=2) as c, pytest.raises(LlmError, match="3 attempts"):
        c.complete(MESSAGES, "qa", SCHEMA)
    assert server.stats["requests"] == 3


def test_client_errors_are_not_retried(server):
    options = LlmOptions(base_url=server.base_url.replace("/v1", "/nope"), model="m")
    with ChatClient(options, sleep=lambda s: None) as c, pytest.raises(LlmError, match="404"):
        c.complete(MESSAGES, "qa", SCHEMA)
    assert server.stats["requests"] == 1


def test_connection_refused_is_an_llm_error():
    options = LlmOptions(base_url="http://127.0.0.1:9/v1", model="m", max_retries=1)
    with ChatClient(options, sleep=lambda s: None) as c, pytest.raises(LlmError):
        c.complete(MESSAGES, "qa", SCHEMA)


def test_retry_after_header_forms():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=30)), now) == 30.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_response_format_can_be_relaxed(server):
    with client(server, response_format="json_object") as c:
        c.complete(MESSAGES, "qa", SCHEMA)
    assert server.bodies[-1]["response_format"] == {"type": "json_object"}
    with client(server, response_format="none") as c:
        c.complete(MESSAGES, "qa", SCHEMA)
    assert "response_format" not in server.bodies[-1]

"""A small client for OpenAI-compatible chat-completions endpoints, with retries.

It speaks to llama.cpp, vLLM, Ollama, LM Studio and hosted APIs alike, streaming or not.

Transient failures -- HTTP 429 and 5xx, connection errors, a body that is not the
expected JSON -- are retried with exponential backoff and jitter, honouring
``Retry-After``; other HTTP errors (400, 401, 404, ...) fail at once.
"""

from __future__ import annotations

import email.utils
import json
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

import httpx

from transforms.pairs.options import LlmOptions


class LlmError(Exception):
    """A request that failed for good (after retries, or with a non-retryable status)."""


class _Transient(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class ChatClient:
    """Thread-safe chat-completions client; ``stats`` counts requests, retries, in-flight."""

    def __init__(
        self,
        options: LlmOptions,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options
        headers = {"Content-Type": "application/json"}
        if options.api_key:
            headers["Authorization"] = f"Bearer {options.api_key}"
        self._http = httpx.Client(
            base_url=options.base_url.rstrip("/") + "/",
            headers=headers,
            timeout=options.timeout,
            transport=transport,
            limits=httpx.Limits(max_connections=max(options.concurrency, 1) * 2),
            trust_env=False,
        )
        self._sleep = sleep
        self._lock = threading.Lock()
        self._in_flight = 0
        self.stats: Counter[str] = Counter()

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> ChatClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _count(self, key: str, n: int = 1) -> None:
        with self._lock:
            self.stats[key] += n

    def _body(self, messages: list[dict], schema_name: str, schema: dict) -> dict:
        body = {
            "model": self.options.model,
            "messages": messages,
            "temperature": self.options.temperature,
            "max_tokens": self.options.max_completion_tokens,
            "stream": self.options.stream,
        }
        if self.options.response_format == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": schema, "strict": True},
            }
        elif self.options.response_format == "json_object":
            body["response_format"] = {"type": "json_object"}
        return body

    def complete(self, messages: list[dict], schema_name: str, schema: dict) -> str:
        """The assistant's reply to ``messages``; raises :class:`LlmError` when it fails."""
        body = self._body(messages, schema_name, schema)
        attempts = self.options.max_retries + 1
        last = "no attempt"
        for attempt in range(attempts):
            try:
                return self._once(body)
            except _Transient as exc:
                last = str(exc)
                if attempt + 1 == attempts:
                    break
                self._count("retries")
                wait = exc.retry_after
                if wait is None:
                    wait = self.options.backoff_base * (2**attempt) * (0.5 + random.random())
                self._sleep(min(wait, self.options.backoff_max))
        self._count("failed")
        raise LlmError(f"gave up after {attempts} attempts: {last}")

    def _once(self, body: dict) -> str:
        with self._lock:
            self._in_flight += 1
            self.stats["requests"] += 1
            self.stats["max_in_flight"] = max(self.stats["max_in_flight"], self._in_flight)
        try:
            if body["stream"]:
                return self._streamed(body)
            try:
                response = self._http.post("chat/completions", json=body)
            except httpx.TransportError as exc:
                raise _Transient(f"{type(exc).__name__}: {exc}") from exc
            self._check_status(response)
            try:
                data = response.json()
                content = data["choices"][0]["message"]["content"]
            except (ValueError, KeyError, IndexError, TypeError) as exc:
                self._count("malformed")
                raise _Transient(f"malformed response body: {response.text[:120]!r}") from exc
            if not isinstance(content, str):
                raise _Transient("response without text content")
            return content
        finally:
            with self._lock:
                self._in_flight -= 1

    def _check_status(self, response: httpx.Response) -> None:
        code = response.status_code
        if code == 429 or code >= 500:
            self._count(f"http_{code}")
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            raise _Transient(f"HTTP {code}", wait)
        if code >= 400:
            self._count(f"http_{code}")
            raise LlmError(f"HTTP {code}: {response.text[:200]}")

    def _streamed(self, body: dict) -> str:
        parts: list[str] = []
        finished = False
        try:
            with self._http.stream("POST", "chat/completions", json=body) as response:
                if response.status_code >= 400:
                    response.read()
                    self._check_status(response)
                for line in response.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    payload = line[5:].strip()
                    if payload == "[DONE]":
                        return "".join(parts)
                    try:
                        choice = json.loads(payload)["choices"][0]
                        delta = choice.get("delta") or {}
                        parts.append(delta.get("content") or "")
                    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
                        self._count("malformed")
                        raise _Transient(f"malformed stream event: {payload[:120]!r}") from exc
                    finished = finished or bool(choice.get("finish_reason"))
        except httpx.TransportError as exc:
            raise _Transient(f"{type(exc).__name__}: {exc}") from exc
        if finished:  # some servers close the stream without the [DONE] sentinel
            return "".join(parts)
        raise _Transient("stream ended before the reply was finished")

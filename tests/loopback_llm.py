"""A loopback OpenAI-compatible chat-completions server for tests and benchmarks.

Standard library only (http.server, threads), bound to 127.0.0.1 on a free port. It plays a
small, deterministic "model": it reads the passage out of the prompt and answers with
sentences copied from it, in the JSON shape the prompt asks for (question-answer pairs,
a conversation, or a check verdict). Faults can be queued: ``429`` (with ``Retry-After``),
``500``, ``malformed`` (a body that is not JSON), ``bad_content`` (a reply that is not the
JSON asked for), ``invent`` (answers not in the passage), ``reject`` (a check verdict of
unfaithful), ``drop_stream`` (a stream cut before its end).
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections import Counter, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_PASSAGE = re.compile(r'(?:Passage|Section text):\n"""\n(.*?)\n"""', re.DOTALL)
_SENT = re.compile(r"[^.!?\n]{20,}[.!?]")


def _sentences(passage: str) -> list[str]:
    out = []
    for line in passage.splitlines():
        if line.startswith(("#", "|", "<")):
            continue
        out += [s.strip() for s in _SENT.findall(line)]
    return out


def _topic(sentence: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w-]+", sentence) if len(w) > 3]
    return " ".join(words[:3]) or "this topic"


class LoopbackLLM:
    """Start with ``with LoopbackLLM() as llm:``; ``llm.base_url`` ends in ``/v1``."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.faults: deque[str] = deque()
        self.stats: Counter[str] = Counter()
        self.bodies: list[dict] = []
        self.headers: list[dict] = []
        self._lock = threading.Lock()
        self._in_flight = 0
        self.max_in_flight = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> LoopbackLLM:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def queue(self, *faults: str) -> None:
        """Apply these faults to the next requests, one each, in order."""
        self.faults.extend(faults)

    # -- the "model" ---------------------------------------------------------------------

    def reply(self, body: dict, fault: str | None) -> str:
        """The assistant text for a request."""
        messages = body.get("messages", [])
        system = next((m["content"] for m in messages if m["role"] == "system"), "")
        user = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
        m = _PASSAGE.search(user)
        passage = m.group(1) if m else user
        sents = _sentences(passage) or [passage.strip()[:200]]
        if fault == "bad_content":
            return "Sure! Here are some questions: 1. What is it?"
        if "check" in system.lower() and "faithful" in system.lower():
            ok = fault != "reject" and "INVENTED" not in user
            return json.dumps({"answerable": True, "faithful": ok, "reason": "compared"})
        if "conversation" in system.lower():
            n = int(re.search(r"of (\d+) user turns", user).group(1)) if "user turns" in user else 2
            turns = [
                {"user": f"What does the section say about {_topic(s)}?", "assistant": s}
                for s in sents[:n]
            ]
            return json.dumps({"turns": turns})
        n = int(re.search(r"up to (\d+)", user).group(1)) if "up to" in user else 2
        pairs = []
        for s in sents[:n]:
            answer = s if fault != "invent" else "INVENTED zebra quantum marmalade figures."
            pairs.append(
                {"question": f"What is stated about {_topic(s)}?", "answer": answer, "evidence": s}
            )
        return json.dumps({"pairs": pairs})

    # -- HTTP ----------------------------------------------------------------------------

    def _handler(self):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def setup(self) -> None:
                super().setup()  # no Nagle: headers and body go out without a 40 ms stall
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def _send(self, code: int, payload: bytes, headers: dict | None = None) -> None:
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with outer._lock:
                    outer.stats["requests"] += 1
                    outer.bodies.append(body)
                    outer.headers.append(dict(self.headers))
                    fault = outer.faults.popleft() if outer.faults else None
                    outer._in_flight += 1
                    outer.max_in_flight = max(outer.max_in_flight, outer._in_flight)
                try:
                    if outer.delay:
                        time.sleep(outer.delay)
                    self._answer(body, fault)
                finally:
                    with outer._lock:
                        outer._in_flight -= 1

            def _answer(self, body: dict, fault: str | None) -> None:
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, b'{"error": "not found"}')
                    return
                if fault == "429":
                    outer.stats["429"] += 1
                    self._send(429, b'{"error": "slow down"}', {"Retry-After": "0"})
                    return
                if fault == "500":
                    outer.stats["500"] += 1
                    self._send(500, b'{"error": "boom"}')
                    return
                if fault == "malformed":
                    outer.stats["malformed"] += 1
                    self._send(200, b'{"choices": [{"message": {"content": "trunc')
                    return
                content = outer.reply(body, fault)
                if body.get("stream"):
                    self._stream(content, cut=fault == "drop_stream")
                    return
                payload = {
                    "id": "chatcmpl-loopback",
                    "object": "chat.completion",
                    "model": body.get("model"),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": content},
                            "finish_reason": "stop",
                        }
                    ],
                }
                self._send(200, json.dumps(payload).encode())

            def _stream(self, content: str, cut: bool) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                pieces = [content[i : i + 16] for i in range(0, len(content), 16)]
                if cut:
                    pieces = pieces[: len(pieces) // 2]
                for piece in pieces:
                    event = {"choices": [{"index": 0, "delta": {"content": piece}}]}
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                if not cut:
                    done = {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                    self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())
                self.wfile.flush()
                self.close_connection = True

        return Handler

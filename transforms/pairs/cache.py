"""Resumable LLM work: finished replies kept in a JSON Lines file.

Every finished reply is appended to the file, keyed by the prompt hash and the chunk ids
(and, for checks, the pair checked). A re-run answers those keys from the file instead of
calling the endpoint again.

A crash can only cut the last line short; such a line is ignored when the file is read.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path


class ReplyCache:
    """Append-only key -> reply store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._data: dict[str, str] = {}
        self.hits = 0
        if path is not None and path.exists():
            raw = path.read_bytes()
            if raw and not raw.endswith(b"\n"):  # drop a line cut short, before appending
                raw = raw[: raw.rfind(b"\n") + 1]
                path.write_bytes(raw)
            for line in raw.decode("utf-8", errors="replace").splitlines():
                try:
                    row = json.loads(line)
                    self._data[row["key"]] = row["reply"]
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a crash

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: str) -> str | None:
        """The stored reply for ``key``, or None."""
        with self._lock:
            reply = self._data.get(key)
            if reply is not None:
                self.hits += 1
            return reply

    def put(self, key: str, reply: str, **meta: str) -> None:
        """Store a reply (and append it to the file)."""
        with self._lock:
            self._data[key] = reply
            if self.path is None:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            line = json.dumps({"key": key, "reply": reply, **meta}, ensure_ascii=False)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")

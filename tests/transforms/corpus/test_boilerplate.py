"""Boilerplate blocks: splitting, counting across documents, cutting with offsets kept."""

from __future__ import annotations

import random

from tests.fixtures import corpus_cases as cc
from transforms.corpus.boilerplate import (
    BlockCounter,
    blocks,
    boilerplate_spans,
    covered_share,
    cut_spans,
)


def test_blocks_keep_fences_whole():
    text = "# T\n\npara one\nline two\n\n```\ncode\n\nmore code\n```\n\n- a\n- b"
    got = [text[s:e] for s, e in blocks(text)]
    assert got == ["# T", "para one\nline two", "```\ncode\n\nmore code\n```", "- a\n- b"]


def test_repeated_blocks_found_by_frequency():
    rng = random.Random(4)
    texts = []
    for i in range(10):
        paragraphs = cc.document(rng, paragraphs=4)
        if i < 7:
            paragraphs.append(cc.DISCLAIMER.replace("information", "information"))
        if i % 2:
            paragraphs.insert(0, cc.COOKIES)
        texts.append(cc.markdown(f"Report {i}", paragraphs))
    counter = BlockCounter(min_chars=40)
    for t in texts:
        counter.add("g", t)
    frequent = counter.frequent(min_docs=3, min_share=0.2)["g"]
    assert sorted(frequent.values()) == [5, 7]  # cookies in 5 documents, disclaimer in 7
    spans = boilerplate_spans(texts[1], frequent, 40)
    assert [texts[1][s:e] for s, e, _ in spans] == [cc.COOKIES, cc.DISCLAIMER]
    # a stricter share finds only the disclaimer
    assert list(counter.frequent(3, 0.6)["g"].values()) == [7]


def test_digits_and_case_do_not_hide_repeats():
    counter = BlockCounter(min_chars=10)
    for i in range(4):
        counter.add("g", f"Intro {i}\n\nPage {i} of {i + 9} - CONFIDENTIAL report copy\n\nBody {i}")
    assert list(counter.frequent(3, 0.5)["g"].values()) == [4]


def test_cut_spans_maps_offsets():
    text = "keep one\n\nDROP THIS\n\nkeep two\n\nDROP THIS\n\nkeep three"
    spans = [(text.index("DROP"), text.index("DROP") + 9), (text.rindex("DROP"), len(text) - 12)]
    new, to_new = cut_spans(text, spans)
    assert new == "keep one\n\nkeep two\n\nkeep three"
    for word in ("keep one", "keep two", "keep three"):
        s = text.index(word)
        assert new[to_new(s) : to_new(s + len(word))] == word
    assert covered_share(0, len(text), [(*spans[0], 3)]) == 9 / len(text)
    first, _ = cut_spans("DROP\n\nrest", [(0, 4)])
    assert first == "rest"

"""Semantic grouping, the baseline chunkers and re-chunking from Markdown text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.chunking import FixedTokenChunker, HeadingChunker, RecursiveChunker, make_chunker
from transforms.chunking.reblock import rendered_from_markdown
from transforms.chunking.semantic import gap_similarities
from transforms.config import ChunkOptions, PipelineConfig
from transforms.model import Element, Kind, ParsedDoc, Source
from transforms.render import render_document
from transforms.tokens import get_tokenizer

ROOT = Path(__file__).resolve().parents[3]
SOURCE = Source("mem://doc", "0" * 64, "text/markdown", b"", "doc.md")

COOKING = [
    "Knead the bread dough for ten minutes until the dough is smooth.",
    "Let the dough rise in a warm kitchen until the dough doubles.",
    "Bake the bread dough in a hot oven until the crust is brown.",
    "Cool the bread on a rack before you slice the bread.",
    "Store the sliced bread in a paper bag so the crust stays crisp.",
]
ASTRONOMY = [
    "Jupiter is the largest planet and its moons orbit the giant planet.",
    "Telescopes show the moons of Jupiter as points of light near the planet.",
    "The planet Saturn has rings of ice that telescopes resolve easily.",
    "Astronomers measure planetary orbits with telescopes and star charts.",
    "Distant galaxies and planets appear faint even in large telescopes.",
]


def _doc(elements):
    return render_document(ParsedDoc(SOURCE, tuple(elements), parser="test"))


def test_topic_shift_starts_a_new_chunk():
    # one paragraph holding two topics: the plain chunker keeps it whole, semantic cuts it
    doc = _doc(
        [
            Element(Kind.HEADING, "Notes", level=1),
            Element(Kind.PARAGRAPH, " ".join(COOKING + ASTRONOMY)),
        ]
    )
    plain = HeadingChunker(ChunkOptions()).chunk(doc)
    semantic = HeadingChunker(ChunkOptions(semantic=True, target_tokens=120)).chunk(doc)
    assert len(plain) == 1
    assert len(semantic) == 2
    first, second = (c.text for c in semantic)
    assert "Store the sliced bread" in first and "Jupiter" not in first
    assert second.startswith("Jupiter is the largest planet")


def test_semantic_respects_the_target_and_sections():
    many = [Element(Kind.PARAGRAPH, " ".join(COOKING * 4)), Element(Kind.HEADING, "Sky", level=2)]
    many.append(Element(Kind.PARAGRAPH, " ".join(ASTRONOMY)))
    doc = _doc(many)
    chunks = HeadingChunker(ChunkOptions(semantic=True, target_tokens=60, max_tokens=80)).chunk(doc)
    assert all(c.token_count <= 80 for c in chunks)
    assert [c.heading_path for c in chunks][-1] == ("Sky",)
    assert not any("Jupiter" in c.text and "bread" in c.text for c in chunks)


def test_gap_similarities_dip_at_the_shift():
    vectors = np.array([[1, 0], [1, 0.1], [1, 0], [0, 1], [0.1, 1], [0, 1]], dtype=np.float32)
    gaps = gap_similarities(vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    assert gaps[0] == 1 and int(np.argmin(gaps)) == 3


class CountingEmbedder:
    """Counts what it is asked to embed (and embeds with the hash embedder)."""

    def __init__(self):
        from transforms.embed import HashEmbedder

        self.inner = HashEmbedder(64)
        self.texts: list[str] = []

    def embed(self, texts):
        self.texts.extend(texts)
        return self.inner.embed(texts)


def test_semantic_step_embeds_each_sentence_once_per_document():
    embedder = CountingEmbedder()
    doc = _doc([Element(Kind.PARAGRAPH, " ".join(COOKING + ASTRONOMY))])
    HeadingChunker(ChunkOptions(semantic=True), embedder=embedder).chunk(doc)
    assert len(embedder.texts) == len(COOKING) + len(ASTRONOMY)


words = st.text(alphabet="abcdefgh ijklmnop.,!? 0123456789", min_size=1, max_size=300).filter(
    lambda s: s.strip()
)
blocks = st.lists(
    st.one_of(
        st.builds(lambda t: Element(Kind.PARAGRAPH, " ".join(t.split()) or "p"), words),
        st.builds(
            lambda t, n: Element(Kind.HEADING, t.strip() or "H", level=n), words, st.integers(1, 3)
        ),
        st.builds(lambda t: Element(Kind.LIST_ITEM, " ".join(t.split()) or "i", level=0), words),
    ),
    min_size=1,
    max_size=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    blocks,
    st.integers(16, 160),
    st.integers(8, 200),
    st.sampled_from(["structure", "fixed", "recursive", "semantic"]),
)
def test_every_method_keeps_the_invariants(elems, max_tokens, target, method):
    doc = _doc(elems)
    semantic = method == "semantic"
    options = ChunkOptions(
        max_tokens=max_tokens,
        target_tokens=target,
        method="structure" if semantic else method,
        semantic=semantic,
        embedder="hash:64",
    )
    chunks = make_chunker(options).chunk(doc)
    again = make_chunker(options).chunk(doc)
    assert chunks == again
    tok = get_tokenizer("regex")
    previous_end = 0
    for i, c in enumerate(chunks):
        assert c.index == i
        assert c.text == doc.text[c.start : c.end] and c.text.strip() == c.text and c.text
        assert c.start >= previous_end
        previous_end = c.end
        embed = f"{c.context}\n\n{c.text}" if c.context else c.text
        assert tok.count(embed) == c.token_count <= max_tokens
    covered = "\n".join(c.text for c in chunks)
    assert tok.count(covered) == tok.count(doc.text)


def test_baselines_ignore_structure_and_fill_the_size():
    text = "\n\n".join(f"## Part {i}\n\n" + " ".join(COOKING) for i in range(6))
    doc = rendered_from_markdown(text)
    fixed = FixedTokenChunker(ChunkOptions(target_tokens=50)).chunk(doc)
    recursive = RecursiveChunker(ChunkOptions(target_tokens=50)).chunk(doc)
    assert all(c.token_count <= 50 for c in fixed + recursive)
    assert sum(c.token_count == 50 for c in fixed) >= len(fixed) - 1  # cut anywhere
    assert all(c.context == "" and c.heading_path == () for c in fixed + recursive)
    # recursive cuts fall on separators: every chunk starts at a line or word start
    assert all(c.start == 0 or text[c.start - 1] in " \n" for c in recursive)


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown chunking method"):
        make_chunker(ChunkOptions(method="magic"))


def test_rechunking_from_markdown_matches_the_pipeline_on_sample_docs():
    from transforms.pipeline import process_item
    from transforms.sources import plan_sources

    config = PipelineConfig()
    items = plan_sources([ROOT / "sample_docs"])
    assert items
    for item in items:
        result = process_item(item, config)
        assert result.document is not None, item.uri
        rechunked = make_chunker(config.chunking).chunk(
            rendered_from_markdown(result.document.text)
        )
        assert [(c.start, c.end) for c in rechunked] == [
            (c.char_start, c.char_end) for c in result.chunks
        ], item.uri
        assert [c.context for c in rechunked] == [c.context for c in result.chunks]


def test_reblock_spans_cover_markdown_blocks():
    text = (
        "# T\n\nPara one\ncontinues.\n\n- a\n  - b\n- c\n\n"
        "| h1 | h2 |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\n```py\nx = 1\n```\n\n> quoted"
    )
    doc = rendered_from_markdown(text)
    kinds = [e.kind for e in doc.elements]
    assert kinds == [
        Kind.HEADING,
        Kind.PARAGRAPH,
        Kind.LIST_ITEM,
        Kind.LIST_ITEM,
        Kind.LIST_ITEM,
        Kind.TABLE,
        Kind.CODE,
        Kind.QUOTE,
    ]
    pieces = [text[s.start : s.end] for s in doc.spans]
    assert pieces[1] == "Para one\ncontinues." and pieces[3] == "- b"
    assert [e.level for e in doc.elements[2:5]] == [0, 1, 0]
    table = doc.spans[5]
    assert [text[a:b] for a, b in table.rows] == ["| 1 | 2 |", "| 3 | 4 |"]
    assert text[table.start : table.header_end] == "| h1 | h2 |\n|---|---|"

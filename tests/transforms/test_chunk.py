"""Chunk invariants on generated documents (hypothesis) and on hand-made cases."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.chunking import HeadingChunker
from transforms.config import ChunkOptions
from transforms.model import Element, Kind, ParsedDoc, Source, Table
from transforms.render import render_document
from transforms.tokens import get_tokenizer

SOURCE = Source("mem://doc", "0" * 64, "text/markdown", b"", "doc.md")
words = st.text(
    alphabet="abcdefghij klmnopqrstuvwxyzéßж中文.,;!?-0123456789", min_size=1, max_size=300
).filter(lambda s: s.strip())
headings = st.builds(
    lambda t, lvl: Element(Kind.HEADING, t.strip() or "H", level=lvl), words, st.integers(1, 4)
)
paragraphs = st.builds(lambda t: Element(Kind.PARAGRAPH, " ".join(t.split()) or "p"), words)
items = st.builds(
    lambda t, o: Element(Kind.LIST_ITEM, " ".join(t.split()) or "i", level=0, ordinal=o),
    words,
    st.none() | st.integers(1, 9),
)
code = st.builds(lambda t: Element(Kind.CODE, t.strip() or "x", lang="py"), words)
cell = st.text(alphabet="abc xyz 123", max_size=30)
tables = st.builds(
    lambda rows: Element(Kind.TABLE, table=Table.from_strings(rows)),
    st.integers(1, 4).flatmap(
        lambda w: st.lists(st.lists(cell, min_size=w, max_size=w), min_size=1, max_size=40)
    ),
)
elements = st.lists(
    st.one_of(headings, paragraphs, paragraphs, items, code, tables), min_size=1, max_size=25
)


def _chunks(elems, max_tokens, target):
    doc = render_document(ParsedDoc(SOURCE, tuple(elems), parser="test"))
    chunker = HeadingChunker(ChunkOptions(max_tokens=max_tokens, target_tokens=target))
    return doc, chunker.chunk(doc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elements, st.integers(16, 200), st.integers(8, 300))
def test_chunk_invariants(elems, max_tokens, target):
    doc, chunks = _chunks(elems, max_tokens, target)
    tok = get_tokenizer("regex")
    previous_end = 0
    for i, c in enumerate(chunks):
        assert c.index == i
        assert c.text == doc.text[c.start : c.end]
        assert c.text.strip() and c.text == c.text.strip()
        assert c.start >= previous_end  # in order, no overlap by default
        previous_end = c.end
        embed = f"{c.context}\n\n{c.text}" if c.context else c.text
        assert tok.count(embed) == c.token_count <= max_tokens
    # every token of the document lands in some chunk
    covered = "\n".join(doc.text[c.start : c.end] for c in chunks)
    assert tok.count(covered) == tok.count(doc.text)


@settings(max_examples=30, deadline=None)
@given(elements, st.integers(16, 120))
def test_same_input_same_chunks(elems, max_tokens):
    assert _chunks(elems, max_tokens, max_tokens)[1] == _chunks(elems, max_tokens, max_tokens)[1]


def test_heading_path_and_sections():
    elems = [
        Element(Kind.HEADING, "Report", level=1),
        Element(Kind.PARAGRAPH, "Intro text."),
        Element(Kind.HEADING, "Costs", level=2),
        Element(Kind.PARAGRAPH, "Costs rose."),
        Element(Kind.HEADING, "Staff", level=2),
        Element(Kind.PARAGRAPH, "Staff grew."),
    ]
    _, chunks = _chunks(elems, 512, 384)
    assert [c.heading_path for c in chunks] == [
        ("Report",),
        ("Report", "Costs"),
        ("Report", "Staff"),
    ]
    assert chunks[1].context == "Report > Costs"
    assert chunks[1].text == "## Costs\n\nCosts rose."


def test_heading_without_body_joins_next_section():
    elems = [
        Element(Kind.HEADING, "A", level=1),
        Element(Kind.HEADING, "B", level=2),
        Element(Kind.PARAGRAPH, "Body."),
    ]
    _, chunks = _chunks(elems, 512, 384)
    assert len(chunks) == 1
    assert chunks[0].heading_path == ("A", "B")
    assert chunks[0].text.startswith("# A")


def test_big_table_is_cut_between_rows_with_header_in_context():
    rows = [["Region", "Sales"]] + [[f"R{i}", str(i * 100)] for i in range(200)]
    elems = [
        Element(Kind.HEADING, "Sales", level=1),
        Element(Kind.TABLE, table=Table.from_strings(rows)),
    ]
    _doc, chunks = _chunks(elems, 64, 64)
    table_chunks = [c for c in chunks if "table" in c.element_types]
    assert len(table_chunks) > 3
    for c in table_chunks[1:]:
        assert "| Region | Sales |" in c.context
        assert all(line.startswith("| ") and line.endswith(" |") for line in c.text.split("\n"))
    rows_seen = [(c.row_start, c.row_end) for c in table_chunks]
    assert rows_seen[0][0] == 0 and rows_seen[-1][1] == 199
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(rows_seen))


def test_long_sentence_is_split_under_cap():
    text = " ".join(f"word{i}" for i in range(2000))
    _doc, chunks = _chunks([Element(Kind.PARAGRAPH, text)], 50, 50)
    assert len(chunks) > 10
    assert all(c.token_count <= 50 for c in chunks)


def test_row_over_cap_is_split_between_cells_with_key_in_context():
    wide = [["id"] + [f"col{i}" for i in range(60)], ["K-1"] + [f"value {i}" for i in range(60)]]
    elems = [Element(Kind.TABLE, table=Table.from_strings(wide))]
    _doc, chunks = _chunks(elems, 64, 64)
    pieces = [c for c in chunks if "key: K-1" in c.context]
    assert len(pieces) > 2
    for c in pieces:
        assert c.token_count <= 64 and c.row_start == c.row_end == 0
        assert "value 3 |" not in c.text or c.text.count("|") >= 2  # whole cells only


# -- overlap ----------------------------------------------------------------------------


def _chunks_with(elems, **options):
    doc = render_document(ParsedDoc(SOURCE, tuple(elems), parser="test"))
    return doc, HeadingChunker(ChunkOptions(**options)).chunk(doc)


def _check_spans(doc, chunks, max_tokens, *, disjoint):
    tok = get_tokenizer("regex")
    previous_start, previous_end = -1, 0
    for i, c in enumerate(chunks):
        assert c.index == i
        assert c.text == doc.text[c.start : c.end]
        assert c.text.strip() and c.text == c.text.strip()
        assert c.start >= previous_start  # document order, overlapping allowed
        if disjoint:
            assert c.start >= previous_end
        previous_start, previous_end = c.start, c.end
        embed = f"{c.context}\n\n{c.text}" if c.context else c.text
        assert tok.count(embed) == c.token_count <= max_tokens


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elements, st.integers(16, 200), st.integers(8, 300), st.integers(1, 64))
def test_overlap_invariants(elems, max_tokens, target, overlap):
    doc, chunks = _chunks_with(
        elems, max_tokens=max_tokens, target_tokens=target, overlap_tokens=overlap
    )
    _check_spans(doc, chunks, max_tokens, disjoint=False)
    tok = get_tokenizer("regex")
    covered = "\n".join(doc.text[c.start : c.end] for c in chunks)
    assert tok.count(covered) >= tok.count(doc.text)
    for a, b in itertools.pairwise(chunks):
        if b.start < a.end:  # an overlap repeats at most overlap_tokens of the chunk before
            assert tok.count(doc.text[b.start : a.end]) <= overlap


def test_overlap_repeats_last_sentences_of_a_cut_paragraph():
    sentences = [f"Sentence number {i} talks about topic {i % 7}." for i in range(60)]
    elems = [Element(Kind.HEADING, "Long", level=1), Element(Kind.PARAGRAPH, " ".join(sentences))]
    doc, plain = _chunks_with(elems, max_tokens=120, target_tokens=100)
    doc, lapped = _chunks_with(elems, max_tokens=120, target_tokens=100, overlap_tokens=20)
    assert len(plain) > 3 and len(lapped) >= len(plain)
    assert all(b.start >= a.end for a, b in itertools.pairwise(plain))
    overlaps = [a.end - b.start for a, b in itertools.pairwise(lapped)]
    assert all(o > 0 for o in overlaps[1:])  # chunk 0 is the heading + first window
    for a, b in itertools.pairwise(lapped[1:]):
        repeated = doc.text[b.start : a.end]
        assert repeated.startswith("Sentence number") and repeated.endswith(".")
        assert b.text.startswith(repeated)


def test_overlap_repeats_table_rows_and_reports_them():
    rows = [["Region", "Sales"]] + [[f"R{i}", str(i * 100)] for i in range(120)]
    elems = [Element(Kind.TABLE, table=Table.from_strings(rows))]
    _doc, chunks = _chunks_with(elems, max_tokens=64, target_tokens=64, overlap_tokens=12)
    assert len(chunks) > 3
    for a, b in itertools.pairwise(chunks):
        assert b.row_start <= a.row_end  # the repeated rows are counted in the window
        assert b.start < a.end
        assert all(line.startswith("| ") for line in b.text.split("\n"))
        assert "| Region | Sales |" in b.context
    assert chunks[-1].row_end == 119


def test_no_overlap_between_different_elements():
    elems = [Element(Kind.PARAGRAPH, f"Paragraph {i} " + "word " * 30) for i in range(10)]
    _, chunks = _chunks_with(elems, max_tokens=64, target_tokens=40, overlap_tokens=16)
    assert all(b.start >= a.end for a, b in itertools.pairwise(chunks))


def test_cut_paragraph_windows_are_balanced():
    text = " ".join(f"Short sentence {i} is here." for i in range(50))
    _, chunks = _chunks_with([Element(Kind.PARAGRAPH, text)], max_tokens=256, target_tokens=200)
    sizes = [c.token_count for c in chunks]
    assert len(sizes) >= 2 and max(sizes) - min(sizes) <= 0.35 * max(sizes)

"""Retrieval evaluation: span arithmetic, the questions file, an end-to-end score."""

from __future__ import annotations

import json

import pytest

from transforms.config import ChunkOptions
from transforms.embed import HashEmbedder
from transforms.evaluation import (
    EvalChunk,
    EvalDocument,
    Question,
    QuestionsError,
    chunk_documents,
    evaluate,
    format_table,
    load_questions,
    merge,
    span_scores,
)

DOCS = [
    EvalDocument("a" * 64, "file:///data/guide.md", "# Guide\n\nAlpha beta gamma.\n\nDelta."),
    EvalDocument("b" * 64, "file:///data/other/guide.md", "# Other\n\nNothing here."),
]


def test_merge_joins_overlapping_and_touching_spans():
    assert merge([(5, 9), (0, 3), (3, 4), (8, 12)]) == [(0, 4), (5, 12)]


def test_span_scores_follow_the_definitions():
    q = Question("q", "?", "d", [(10, 20), (30, 40)])  # 20 reference characters
    hit = EvalChunk("d", 0, 25, "", 0)  # covers 10 of them, 25 retrieved characters
    overlapping = EvalChunk("d", 15, 35, "", 0)  # adds 5 + 5 covered, 10 new retrieved
    elsewhere = EvalChunk("e", 0, 100, "", 0)  # another document: retrieved, never covered
    s = span_scores(q, [hit])
    assert s == {"recall": 0.5, "precision": 10 / 25, "iou": 10 / (25 + 10)}
    s = span_scores(q, [hit, overlapping, elsewhere])
    covered, retrieved = 15, 35 + 100
    assert s["recall"] == pytest.approx(covered / 20)
    assert s["precision"] == pytest.approx(covered / retrieved)
    assert s["iou"] == pytest.approx(covered / (retrieved + 20 - covered))
    assert span_scores(q, []) == {"recall": 0.0, "precision": 0.0, "iou": 0.0}


def _write(tmp_path, rows):
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    return path


def test_questions_resolve_docs_spans_and_quotes(tmp_path):
    path = _write(
        tmp_path,
        [
            {"id": "x", "question": "Which letters?", "doc": "data/guide.md", "quotes": ["beta"]},
            {"question": "Other?", "doc_id": "b" * 64, "spans": [[0, 7]]},
        ],
    )
    q1, q2 = load_questions(path, DOCS)
    assert (q1.qid, q1.doc_id, q1.spans) == ("x", "a" * 64, [(15, 19)])
    assert DOCS[0].text[15:19] == "beta"
    assert (q2.qid, q2.doc_id, q2.spans) == ("2", "b" * 64, [(0, 7)])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"doc": "data/guide.md", "quotes": ["beta"]}, "non-empty 'question'"),
        ({"question": "?", "doc": "guide.md", "quotes": ["beta"]}, "2 documents match"),
        ({"question": "?", "doc": "nope.md", "quotes": ["beta"]}, "0 documents match"),
        ({"question": "?", "quotes": ["beta"]}, "needs 'doc_id' or 'doc'"),
        ({"question": "?", "doc": "data/guide.md"}, "needs 'spans' or 'quotes'"),
        ({"question": "?", "doc": "data/guide.md", "quotes": ["zeta"]}, "quote not in"),
        ({"question": "?", "doc": "data/guide.md", "spans": [[5, 500]]}, "outside"),
    ],
)
def test_bad_questions_are_reported_with_their_line(tmp_path, row, message):
    with pytest.raises(QuestionsError, match=message) as info:
        load_questions(_write(tmp_path, [row]), DOCS)
    assert ":1:" in str(info.value)


def test_evaluation_prefers_the_chunk_holding_the_answer():
    sections = [
        ("Pumps", "The booster pump lifts water to Quarry Hill homes."),
        ("Billing", "Invoices are mailed on the first day of each month."),
        ("Hydrants", "Crews flush every hydrant once a year in spring."),
    ]
    text = "\n\n".join(f"## {h}\n\n{body}" for h, body in sections)
    doc = EvalDocument("c" * 64, "file:///x.md", text)
    answer = sections[1][1]
    start = text.index(answer)
    question = Question(
        "q", "When are invoices mailed?", doc.doc_id, [(start, start + len(answer))]
    )
    chunks = chunk_documents([doc], ChunkOptions(target_tokens=16, max_tokens=32))
    assert len(chunks) == 3 and chunks[1].embed.startswith("Billing\n\n## Billing")
    score = evaluate("structure", [question], chunks, HashEmbedder(256), k=1)
    assert score.recall == 1.0 and score.chunks == 3
    assert score.iou == pytest.approx(len(answer) / (chunks[1].end - chunks[1].start))
    table = format_table([score], 1)
    assert "recall@1" in table and "structure" in table

"""Quality gates: each drops what it should, and only that."""

from __future__ import annotations

from tests.pairs_fixtures import make_chunk
from transforms.pairs.corpus import Candidate
from transforms.pairs.gates import GATES, apply_gates, drop_table
from transforms.pairs.minhash import MinHashIndex
from transforms.pairs.options import PairOptions
from transforms.pairs.text import grounding_score
from transforms.tokens import get_tokenizer

SOURCE = (
    "The Eastern Basin contains forty visitor moorings with a depth of four metres at low "
    "water. Boats longer than twelve metres must book a berth with the Harbour Master."
)
CHUNK = make_chunk(SOURCE)


def cand(question, answer, **kw):
    return Candidate(
        kind=kw.pop("kind", "chat"),
        task=kw.pop("task", "qa"),
        generator="test",
        prompt_hash="p",
        chunks=(CHUNK,),
        messages=kw.pop("messages", (("user", question), ("assistant", answer))),
        question=question,
        answer=answer,
        source=kw.pop("source", SOURCE),
        **kw,
    )


def gate_of(candidates, **opts):
    kept, dropped = apply_gates(candidates, PairOptions(**opts), get_tokenizer("regex"))
    return [k.candidate.question for k in kept], {d.candidate.question: d.gate for d in dropped}


def test_grounded_answer_passes_and_invented_one_is_dropped():
    kept, dropped = gate_of(
        [
            cand(
                "How many moorings does the Eastern Basin have?", "It has forty visitor moorings."
            ),
            cand("Who built the Eastern Basin?", "It was built by Roman engineers in 1850."),
        ]
    )
    assert kept == ["How many moorings does the Eastern Basin have?"]
    assert dropped == {"Who built the Eastern Basin?": "ungrounded"}


def test_grounding_score_ignores_stopwords_and_accepts_inflections():
    assert grounding_score("The boats must book berths.", SOURCE) == 1.0
    assert grounding_score("Boats pay ninety euros.", SOURCE) < 0.5


def test_empty_unparseable_too_long_noisy():
    long_answer = " ".join(["moorings"] * 3000)
    kept, dropped = gate_of(
        [
            cand("q1 empty answer?", "   "),
            cand("q2 broken", "", parse_error="unreadable reply"),
            cand("q3 long?", long_answer),
            cand("q4 contents?", "Preface . . . . . . . . . . . . . . 3"),
            cand("q5 judged?", "forty visitor moorings", judge_ok=False, judge="unfaithful"),
            cand("q6 failed", "", parse_error="HTTP 500", extra={"gate": "request_failed"}),
        ]
    )
    assert kept == []
    assert dropped == {
        "q1 empty answer?": "empty",
        "q2 broken": "unparseable",
        "q3 long?": "too_long",
        "q4 contents?": "noisy",
        "q5 judged?": "judge",
        "q6 failed": "request_failed",
    }


def test_exact_and_near_duplicate_questions():
    a = "How many visitor moorings does the Eastern Basin contain at low water?"
    kept, dropped = gate_of(
        [
            cand(a, "forty visitor moorings"),
            cand(a.upper(), "forty moorings"),
            cand("How many visitor moorings does the Eastern Basin contain at low water", "forty"),
            cand(
                "Which boats must book a berth with the Harbour Master?",
                "Boats longer than twelve metres.",
            ),
        ]
    )
    assert kept == [a, "Which boats must book a berth with the Harbour Master?"]
    assert dropped[a.upper()] == "duplicate"
    assert set(dropped.values()) <= {"duplicate", "near_duplicate"}


def test_templated_questions_about_different_rows_are_not_duplicates():
    qs = [
        f"What is the Depth for {row} in the table Moorings?" for row in ("North Quay", "Fuel Dock")
    ]
    src = SOURCE + " North Quay Fuel Dock Depth 5"
    kept, _ = gate_of([cand(q, "5", source=src) for q in qs])
    assert kept == qs


def test_duplicates_are_scoped_to_the_passage_in_open_book():
    q = "What does the passage say about the Harbour Master?"
    kept, _ = gate_of(
        [
            cand(q, "Boats must book a berth.", scope="p1"),
            cand(q, "Boats must book a berth.", scope="p2"),
        ]
    )
    assert len(kept) == 2


def test_drop_table_lists_every_gate():
    rows = drop_table(4, [])
    assert [r["gate"] for r in rows] == list(GATES)
    assert all(r["share"] == 0 for r in rows)


def test_minhash_finds_near_duplicates_only():
    index = MinHashIndex(threshold=0.7)
    base = "the quick brown fox jumps over the lazy dog near the river bank today"
    assert index.add("a", base) is None
    hit = index.add("b", base.replace("today", "tonight"))
    assert hit is not None and hit[0] == "a" and hit[1] >= 0.7
    assert index.add("c", "an entirely different sentence about tide gauges and harbours") is None


def test_templated_lookups_face_only_the_exact_duplicate_gate():
    label = " ".join(f"word{i}" for i in range(30))  # a long table caption shared by all
    q1, q2 = f"What is the Billed for Q1 in {label}?", f"What is the Billed for Q2 in {label}?"
    src = f"{SOURCE} Q1 Q2 Billed 5 {label}"
    kept, dropped = gate_of([cand(q, "5", source=src, near_dup=False) for q in (q1, q2, q1)])
    assert kept == [q1, q2] and dropped == {q1: "duplicate"}
    kept, dropped = gate_of([cand(q, "5", source=src) for q in (q1, q2)])
    assert kept == [q1] and dropped == {q2: "near_duplicate"}

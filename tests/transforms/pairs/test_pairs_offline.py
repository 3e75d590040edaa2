"""Offline generators on documents converted by the real pipeline."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, datetime

from transforms.pairs.build import build_pairs, generate_offline
from transforms.pairs.offline_reading import BLANK
from transforms.pairs.options import PairOptions

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _by_task(candidates, task):
    return [c for c in candidates if c.task == task]


def test_every_offline_generator_produces_pairs(corpus):
    cands = generate_offline(corpus, PairOptions(context="closed"))
    for task in ("section", "table", "definition", "cloze", "about", "text"):
        assert _by_task(cands, task), task


def test_section_answer_is_the_section_text(corpus):
    for c in _by_task(generate_offline(corpus, PairOptions(generators=("section",))), "section"):
        heading = c.chunks[0].heading_path[-1]
        assert f'"{heading}"' in c.question or "opening" in c.question
        doc = corpus.documents[c.doc_id]
        span = doc.text[c.evidence[0] : c.evidence[1]]
        # the answer is the section without its heading lines, in the same words
        assert all(line in span for line in c.answer.splitlines() if line.strip())
        assert not c.answer.lstrip().startswith("#")


def test_table_lookups_match_the_source_csv(corpus, converted):
    rows = {r["station"]: r for r in csv.DictReader(DOCS_CSV.splitlines())}
    cands = _by_task(generate_offline(corpus, PairOptions(generators=("table",))), "table")
    csv_pairs = [c for c in cands if c.chunks[0].source_uri.endswith("stations.csv")]
    assert csv_pairs
    for c in csv_pairs:
        station = next(s for s in rows if s in c.question)
        column = next(k for k in rows[station] if f"the {k} " in c.question)
        assert c.answer == rows[station][column]
        assert c.messages[-1][1].endswith(f"is {rows[station][column]}.")


def test_markdown_table_lookup(corpus):
    options = PairOptions(generators=("table",), max_per_chunk=50)
    cands = _by_task(generate_offline(corpus, options), "table")
    harbor = [c for c in cands if "harbor" in c.chunks[0].source_uri]
    assert len(harbor) == 9  # 3 rows x 3 columns; the Berth column names the rows
    found = {}
    for c in harbor:
        row = next(r for r in ("North Quay", "South Pontoon", "Fuel Dock") if r in c.question)
        col = next(k for k in ("Length limit", "Depth", "Daily fee") if f"the {k} " in c.question)
        found[row, col] = c.answer
        doc = corpus.documents[c.doc_id]
        assert row in doc.text[c.evidence[0] : c.evidence[1]]  # evidence is the row's line
    assert found["North Quay", "Daily fee"] == "38 EUR"
    assert found["South Pontoon", "Depth"] == "3.1 m"
    assert found["Fuel Dock", "Length limit"] == "20 m"
    assert found["Fuel Dock", "Daily fee"] == "none"


def test_reading_tasks_are_spans_of_the_chunk(corpus):
    cands = generate_offline(corpus, PairOptions(generators=("reading",), context="closed"))
    for c in cands:
        doc = corpus.documents[c.doc_id]
        sentence = doc.text[c.evidence[0] : c.evidence[1]]
        if c.task == "cloze":
            quoted = c.question.split('"')[-2]
            assert quoted.replace(BLANK, c.answer) == " ".join(sentence.split())
        else:
            assert c.answer in " ".join(doc.text.split())
    definitions = {c.question: c.answer for c in cands if c.task == "definition"}
    assert "What is a tide gauge?" in definitions
    assert definitions["What is an anemometer?"].startswith("An anemometer is a device")
    clozes = {c.answer for c in cands if c.task == "cloze"}
    assert {"1923", "Mary Ann Brailsford"} & clozes


def test_open_book_puts_the_passage_in_the_prompt(corpus):
    cands = generate_offline(corpus, PairOptions(generators=("reading",), context="open"))
    for c in cands:
        user = c.messages[0][1]
        assert "Passage:" in user and c.chunks[0].text in user


def test_text_records_cover_every_chunk(corpus):
    cands = generate_offline(corpus, PairOptions(generators=("text",)))
    assert len(cands) == len(corpus.chunks)
    for c in cands:
        assert c.kind == "text" and c.chunks[0].text in c.text


def test_build_is_deterministic(corpus):
    a = build_pairs(corpus, PairOptions(), NOW)
    b = build_pairs(corpus, PairOptions(), NOW)
    assert [p.pair_id for p in a.pairs] == [p.pair_id for p in b.pairs]
    assert a.report == b.report


def test_max_per_chunk_caps_each_task(corpus):
    few = generate_offline(corpus, PairOptions(generators=("table", "reading"), max_per_chunk=1))
    per = {}
    for c in few:
        key = (c.task, c.chunks[0].chunk_id)
        per[key] = per.get(key, 0) + 1
    assert max(per.values()) == 1


def test_system_prompt_is_the_first_turn(corpus):
    build = build_pairs(corpus, replace(PairOptions(), system_prompt="Be brief."), NOW)
    chats = [p for p in build.pairs if p.kind == "chat"]
    assert chats and all(p.messages[0].role == "system" for p in chats)
    assert all(p.messages[0].content == "Be brief." for p in chats)


DOCS_CSV = (
    "station,region,opened,elevation_m\n"
    "Aldmoor,North,1998,312\nBrackwater,East,2004,45\n"
    "Cinderford,South,1987,120\nDunhollow,West,2011,530\n"
)

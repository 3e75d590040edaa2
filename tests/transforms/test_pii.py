"""Personal-data detection: a labelled set with look-alikes, checksums, redaction in documents."""

from __future__ import annotations

import json

import pytest

from schemas import ChunkRecord
from tests.fixtures.pii_cases import build_cases, card_number, iban, score
from transforms.config import PiiOptions, PipelineConfig
from transforms.model import Element, Kind, ParsedDoc, Source, Table
from transforms.pii import find_pii, iban_valid, luhn_valid, scrub_document
from transforms.pipeline import process_source


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_labelled_set_precision_and_recall(seed):
    cases = build_cases(seed=seed, per_kind=60)
    result = score(cases, find_pii)
    assert result["all"]["precision"] >= 0.98, result
    assert result["all"]["recall"] >= 0.98, result
    for kind in ("email", "phone", "ip", "card", "iban"):
        assert result[kind]["recall"] >= 0.95, (kind, result[kind])


@pytest.mark.parametrize(
    "text",
    [
        "Upgrade to version 10.2.45 today.",
        "Built with numpy==1.26.4.0 and Python 3.11.9.",
        "Published 2024-03-15 and revised 15.03.2024 and 03/15/2024.",
        "Order ORD-2024-000123 and invoice INV-88812345.",
        "ISBN 978-3-16-148410-0 and ISBN-10 0-306-40615-2.",
        "A total of 1,234,567 units; pi is 3.14159265.",
        "Between 1990-2000 the rate rose by 2.75 %.",
        "Card 4111 1111 1111 1112 fails its checksum.",
        "Account DE89 3704 0044 0532 0130 01 has a wrong check digit.",
        "At 12:30:45 we called std::vector::size().",
        "Commit 3f5e1d0c9a8b7e6f5d4c3b2a1908f7e6d5c4b3a2 is the fix.",
        "Retina icon logo@2x.png loads slowly.",
        "Route 0.0.0.0/0 via 127.0.0.1 with netmask 255.255.255.0.",
    ],
)
def test_look_alikes_do_not_match(text):
    assert find_pii(text) == [], [text[f.start : f.end] for f in find_pii(text)]


def test_apostrophe_in_address():
    text = "Mail Jane.O'Neil@example.co.uk today"
    assert [text[f.start : f.end] for f in find_pii(text)] == ["Jane.O'Neil@example.co.uk"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("a@b.cd", "email"), ("1.2.3.4", "ip"), ("12::", "ip"), ("+4930123456", "phone")],
)
def test_shortest_values_alone_are_found(text, kind):
    # short texts skip the detectors: the shortest value of each kind must not be skipped
    assert [(f.start, f.end, f.kind) for f in find_pii(text)] == [(0, len(text), kind)]


def test_checksums():
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert iban_valid("DE89370400440532013000")
    assert iban_valid("GB82WEST12345698765432")
    assert not iban_valid("GB82WEST12345698765433")
    assert not iban_valid("DE8937040044053201300")  # one digit short for DE


def test_generated_values_are_found_whole():
    import random

    rng = random.Random(3)
    for _ in range(50):
        card, account = card_number(rng), iban(rng)
        text = f"card {card}; account {account}."
        kinds = [(text[f.start : f.end], f.kind) for f in find_pii(text)]
        assert kinds == [(card, "card"), (account, "iban")]


def test_custom_patterns_and_kinds():
    patterns = {"employee_id": __import__("re").compile(r"\bEMP-\d{5}\b")}
    found = find_pii("EMP-12345 wrote to a@b.org", kinds=("email",), patterns=patterns)
    assert [f.kind for f in found] == ["employee_id", "email"]
    assert find_pii("call +44 20 7946 0958", kinds=("email",)) == []


def _doc(*elements, title=None, metadata=None) -> ParsedDoc:
    source = Source("file:///x.txt", "d" * 64, "text/plain", b"x", "x.txt")
    return ParsedDoc(source, tuple(elements), "test==0", title, metadata=metadata or {})


def test_redact_mode_replaces_with_typed_placeholders_everywhere():
    table = Table.from_strings([["name", "mail"], ["Ann", "ann@example.org"]])
    doc = _doc(
        Element(Kind.PARAGRAPH, "Write to ann@example.org or call +44 20 7946 0958."),
        Element(Kind.TABLE, "", table=table),
        title="Contact ann@example.org",
        metadata={"author": "ann@example.org"},
    )
    out = scrub_document(doc, PiiOptions(mode="redact"))
    assert out.elements[0].text == "Write to [EMAIL] or call [PHONE]."
    assert out.elements[1].table.rows[1][1].text == "[EMAIL]"
    assert out.title == "Contact [EMAIL]"
    assert out.metadata["author"] == "[EMAIL]"
    assert json.loads(out.metadata["pii"]) == {"email": 4, "phone": 1}


def test_flag_mode_counts_without_changing_text_and_off_does_nothing():
    doc = _doc(Element(Kind.PARAGRAPH, "Server 192.168.10.20, card 4111 1111 1111 1111."))
    flagged = scrub_document(doc, PiiOptions(mode="flag"))
    assert flagged.elements == doc.elements
    assert json.loads(flagged.metadata["pii"]) == {"card": 1, "ip": 1}
    assert scrub_document(doc, PiiOptions(mode="off")) is doc
    with pytest.raises(ValueError):
        scrub_document(doc, PiiOptions(mode="mask"))


def test_pipeline_redacts_before_chunking_so_offsets_hold():
    text = "# Contacts\n\n" + "\n\n".join(
        f"Person {i} can be reached at user{i}@example.com or +49 30 {1234567 + i}."
        for i in range(40)
    )
    source = Source("file:///c.md", "c" * 64, "text/markdown", text.encode(), "c.md")
    config = PipelineConfig(pii=PiiOptions(mode="redact"))
    result = process_source(source, config)
    assert result.failure is None, result.failure
    doc = result.document
    assert "@example.com" not in doc.text and "[EMAIL]" in doc.text and "[PHONE]" in doc.text
    assert json.loads(doc.metadata["pii"]) == {"email": 40, "phone": 40}
    assert len(result.chunks) > 1
    for chunk in result.chunks:
        assert isinstance(chunk, ChunkRecord)
        assert doc.text[chunk.char_start : chunk.char_end] == chunk.text
        assert "@example.com" not in chunk.text

"""E-mail: headers as metadata, bodies as elements, attachments as linked documents."""

from __future__ import annotations

import hashlib

import pytest

from tests.fixtures import office_docs as make
from tests.fixtures.msg_writer import make_msg
from transforms import mediatypes as mt
from transforms.config import PipelineConfig
from transforms.detect import detect_media_type
from transforms.model import Kind, Source
from transforms.parsers.office import EmlParser, MsgParser
from transforms.pipeline import process_source


def source(data: bytes, name: str = "mail.eml") -> Source:
    return Source(f"file:///{name}", hashlib.sha256(data).hexdigest(), mt.EML, data, name)


@pytest.fixture(scope="module")
def eml() -> bytes:
    return make.make_eml()


def test_detected_by_headers_not_name(eml):
    assert detect_media_type(eml, "message.txt") == mt.EML
    assert detect_media_type(b"Subject: hi\nFrom: a@b.org\n\nbody\n", "x") == mt.EML
    assert detect_media_type(b"Note: this is text\nIt has a colon.\n", "x") != mt.EML


def test_headers_become_metadata(eml):
    doc = EmlParser().parse(source(eml), PipelineConfig())
    meta = doc.metadata
    assert meta["from"] == "Ada Lovelace <ada@example.org>"
    assert meta["to"] == "Bob <bob@example.org>, carol@example.org"
    assert meta["cc"] == "dan@example.org"
    assert meta["subject"] == doc.title == "Spring survey results"
    assert meta["date"] == "2026-04-14T09:30:00+02:00"
    assert meta["message_id"] == "<survey-1@example.org>"
    assert meta["attachments"].split("\n") == ["report.docx", "logo.png", "attachment-3.eml"]


def test_plain_body_preferred_with_quotes(eml):
    doc = EmlParser().parse(source(eml), PipelineConfig())
    kinds = [(e.kind, e.text) for e in doc.elements]
    assert kinds[0] == (Kind.TITLE, "Spring survey results")
    assert kinds[1][1].startswith("From: Ada Lovelace <ada@example.org>; To: Bob")
    assert (
        Kind.PARAGRAPH,
        "The nitrate numbers are in the attached report. They rose downstream.",
    ) in kinds
    assert (Kind.QUOTE, "Did the flood matter? Yes.") in kinds
    assert not any("see the report" in text for _, text in kinds)  # the HTML alternative


def test_html_only_body():
    data = make.make_html_only_eml()
    doc = EmlParser().parse(source(data), PipelineConfig())
    assert [(e.kind, e.text) for e in doc.elements if e.kind is Kind.LIST_ITEM] == [
        (Kind.LIST_ITEM, "Budget"),
        (Kind.LIST_ITEM, "Sites"),
    ]


def test_attachments_are_documents_linked_to_parent(eml):
    parent = source(eml)
    result = process_source(parent, PipelineConfig())
    assert result.failure is None
    children = result.attachments
    assert [c.document.metadata["attachment_name"] for c in children] == [
        "report.docx",
        "attachment-3.eml",
    ]
    for child in children:
        assert child.document.metadata["parent_doc_id"] == parent.doc_id
        assert child.document.metadata["parent_uri"] == parent.uri
        assert child.document.source_uri.startswith(parent.uri + "#attachment=")
        assert child.chunks and all(c.doc_id == child.document.doc_id for c in child.chunks)
    report, forwarded = children
    assert report.document.media_type == mt.DOCX
    attached = EmlParser().parse(parent, PipelineConfig()).attachments[0].data
    content = hashlib.sha256(attached).hexdigest()
    assert report.document.metadata["content_sha256"] == content
    assert (
        report.document.doc_id
        == hashlib.sha256(f"{parent.doc_id}:1:{content}".encode()).hexdigest()
    )
    assert "Nitrate levels rose downstream" in report.document.text
    assert forwarded.document.media_type == mt.EML
    assert forwarded.document.metadata["subject"] == "Flood photos"
    assert result.document.metadata["attachments_skipped"] == "logo.png: image/png"
    assert len(result.flatten()) == 3


def test_outlook_msg_headers_body_and_attachment():
    data = make_msg()
    assert detect_media_type(data, "mail.bin") == mt.MSG
    parent = Source("file:///m.msg", hashlib.sha256(data).hexdigest(), mt.MSG, data, "m.msg")
    doc = MsgParser().parse(parent, PipelineConfig())
    assert doc.metadata["from"] == "Ada Lovelace <ada@example.org>"
    assert doc.metadata["to"] == "bob@example.org" and doc.metadata["cc"] == "dan@example.org"
    assert doc.metadata["date"] == "2026-04-14T07:30:00+00:00"
    assert doc.title == "Sampling schedule"
    assert [e.text for e in doc.elements[2:]] == ["Hello Bob,", "We sample on Monday.", "Ada"]
    assert doc.parser.startswith("python-oxmsg==")
    result = process_source(parent, PipelineConfig())
    (child,) = result.attachments
    assert child.document.media_type == mt.MARKDOWN
    assert child.document.metadata["parent_doc_id"] == parent.doc_id
    assert "- Monday: north bank" in child.document.text

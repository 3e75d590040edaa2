"""Office documents through the whole CLI: Parquet that validates, Markdown files, attachments."""

from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from flows.cli import main
from tests.fixtures import office_docs as make
from tests.fixtures.msg_writer import make_msg


def _meta(doc: dict) -> dict[str, str]:
    pairs = doc["metadata"]
    return (
        {p["key"]: p["value"] for p in pairs}
        if pairs and isinstance(pairs[0], dict)
        else dict(pairs)
    )


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("office")
    for name, maker in [
        ("report.docx", make.make_docx),  # the same bytes are attached to survey.eml
        ("deck.pptx", make.make_pptx),
        ("book.epub", make.make_epub),
        ("notes.odt", make.make_odt),
        ("letter.rtf", make.make_rtf),
        ("guide.rst", make.make_rst),
        ("mail/survey.eml", make.make_eml),
        ("catalog.xml", make.make_xml),
        ("mail/schedule.msg", make_msg),
    ]:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(maker())
    return root


def test_convert_and_validate(folder, tmp_path):
    out = tmp_path / "out"
    result = _run("convert", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert _run("validate", out).exit_code == 0
    docs = ds.dataset(out / "documents", format="parquet").to_table().to_pylist()
    by_uri = {d["source_uri"]: d for d in docs}
    assert len(docs) == 9 + 3  # nine files, three attachments (the PNG is skipped)
    mail = next(d for d in docs if d["source_uri"].endswith("survey.eml"))
    meta = _meta(mail)
    assert meta["subject"] == "Spring survey results"
    children = [d for d in docs if d["source_uri"].startswith(mail["source_uri"] + "#")]
    assert {_meta(c)["parent_doc_id"] for c in children} == {mail["doc_id"]}
    assert len(by_uri) == len(docs)
    chunks = ds.dataset(out / "chunks", format="parquet").to_table().to_pylist()
    deck = [c for c in chunks if c["source_uri"].endswith("deck.pptx")]
    assert {c["page_start"] for c in deck} == {1, 2, 3}
    assert any(c["heading_path"] == ["Survey overview", "Speaker notes"] for c in deck)


def test_markdown_output_writes_attachments(folder, tmp_path):
    out = tmp_path / "md"
    result = _run("convert", folder, "--to", "markdown", "-o", out)
    assert result.exit_code == 0, result.output
    assert (out / "report.docx.md").read_text().startswith("# Quarterly Field Report")
    attached = out / "mail" / "survey.eml.attachments"
    assert sorted(p.name for p in attached.iterdir()) == ["attachment-3.eml.md", "report.docx.md"]
    assert "Flood photos" in (attached / "attachment-3.eml.md").read_text()

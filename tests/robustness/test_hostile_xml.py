"""XML attacks and external references: nothing is expanded, fetched or read from disk.

Every document here names a local secret file (``file://``) and a loopback HTTP trap
(entities, an external DTD, a parameter entity, images, style sheets, includes). The
checks: the trap receives no request, the secret never appears in any output, and each
file gives a document or exactly one failure. "Billion laughs" (an entity expanding to
10**10 copies of "lol") fails fast as corrupt XML (libxml2's amplification limit) or is
left unexpanded.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fixtures import office_docs as make
from tests.robustness import hostile as h
from tests.robustness.conftest import SECRET, assert_one_failure, convert_file
from tests.robustness.test_hostile_bombs import _xlsx

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _sheet(value: str) -> str:
    cell = '<c r="{0}" t="inlineStr"><is><t>{1}</t></is></c>'
    return (
        f'<worksheet {S}><sheetData><row r="1">{cell.format("A1", "site")}'
        f'{cell.format("B1", "note")}</row><row r="2">{cell.format("A2", "A")}'
        f"{cell.format('B2', value)}</row></sheetData></worksheet>"
    )


def _docx_body(value: str) -> str:
    return (
        f"<w:document {W}><w:body><w:p><w:r><w:t>Before {value} after</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Second paragraph.</w:t></w:r></w:p></w:body></w:document>"
    )


def _replace(data: bytes, name: str, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return make.zip_bytes({n: (new if n == name else src.read(n)) for n in src.namelist()})


def _documents(dtd: Callable[[str], str], refs: str) -> dict[str, bytes]:
    """Files carrying ``dtd(root)`` (a DOCTYPE) and entity references ``refs``."""

    def xml(root: str, body: str) -> bytes:
        return f'<?xml version="1.0"?>\n{dtd(root)}\n{body}'.encode()

    return {
        "sheet.xlsx": _replace(_xlsx(), "xl/worksheets/sheet1.xml", xml("worksheet", _sheet(refs))),
        "report.docx": _replace(
            make.make_docx(), "word/document.xml", xml("w:document", _docx_body(refs))
        ),
        "page.html": (
            dtd("html") + f"\n<html><body><h1>Title</h1><p>Text {refs} end.</p>"
            "<p>Another paragraph of text.</p></body></html>"
        ).encode(),
        "drawing.svg": xml("svg", f'<svg xmlns="http://www.w3.org/2000/svg"><text>{refs}</text></svg>'),
        "catalog.xml": xml("catalog", f"<catalog><book>{refs}</book><book>Lake</book></catalog>"),
        "book.epub": _replace(
            make.make_epub(),
            "EPUB/c1.xhtml",
            xml("html", f'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>{refs}</p></body></html>'),
        ),
        "survey.odt": _replace(
            make.make_odt(),
            "content.xml",
            xml(
                "office:document-content",
                '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
                'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                f"<office:body><office:text><text:p>{refs}</text:p></office:text></office:body>"
                "</office:document-content>",
            ),
        ),
    }  # fmt: skip


def _check_contained(outcome, requests: list[str]) -> None:
    assert requests == [], f"network requests were made: {requests}"
    assert SECRET not in outcome.text()
    assert len(outcome.results) == 1 and len(outcome.failures) <= 1


@pytest.fixture
def external_files(tmp_path: Path, secret_file: Path, http_trap):
    base, requests = http_trap
    files = _documents(
        lambda root: h.external_dtd(root, secret_file.as_uri(), base), "&xxe; and &net;"
    )
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder, requests


@pytest.mark.parametrize(
    "name",
    ["sheet.xlsx", "report.docx", "page.html", "drawing.svg", "catalog.xml", "book.epub",
     "survey.odt"],
)  # fmt: skip
def test_external_entities_are_never_resolved(external_files, name):
    folder, requests = external_files
    outcome = convert_file(folder / name)
    _check_contained(outcome, requests)
    if name == "drawing.svg":  # no parser for images: refused at detection
        assert_one_failure(outcome, "detect", "unsupported", "image/svg+xml")


@pytest.mark.parametrize(
    "name",
    ["sheet.xlsx", "report.docx", "page.html", "drawing.svg", "catalog.xml", "book.epub",
     "survey.odt"],
)  # fmt: skip
def test_billion_laughs_is_not_expanded(tmp_path, name):
    data = _documents(h.laughs_dtd, "&lol9;")[name]
    path = tmp_path / name
    path.write_bytes(data)
    outcome = convert_file(path)
    assert len(outcome.results) == 1
    if outcome.failures:
        (failure,) = outcome.failures
        assert failure.error_type in ("corrupt", "limit", "unsupported"), failure
    assert "lollollol" not in outcome.text()
    assert sum(len(d.text) for d in outcome.documents) < 100_000


def test_external_resources_in_documents_are_not_fetched(tmp_path, secret_file, http_trap):
    base, requests = http_trap
    secret = secret_file.as_uri()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_text(
        f'<html><head><base href="{base}/"><link rel="stylesheet" href="{base}/s.css">'
        f'<script src="{base}/s.js"></script><style>@import url("{base}/i.css");</style>'
        f'<meta http-equiv="refresh" content="0; url={base}/r"></head><body><h1>Title</h1>'
        f'<p>Text with <img src="{base}/i.png"> an image.</p><iframe src="{secret}"></iframe>'
        f'<object data="{secret}"></object><embed src="{base}/e"><video src="{base}/v">'
        f'</video><p>More text <a href="{base}/link">a link</a>.</p></body></html>'
    )
    (folder / "notes.md").write_text(
        f"# Notes\n\n![image]({base}/img.png) and [link]({secret}).\n\n"
        f'<img src="{base}/raw.png">\n\nText.\n'
    )
    (folder / "guide.rst").write_text(
        f"Guide\n=====\n\n.. include:: {secret_file}\n\n.. image:: {base}/rst.png\n\n"
        f".. raw:: html\n   :url: {base}/raw\n\n.. raw:: html\n   :file: {secret_file}\n\n"
        "Some text of the guide.\n"
    )
    epub = make.make_epub()
    chapter = (
        f'<html xmlns="http://www.w3.org/1999/xhtml"><head><link rel="stylesheet" '
        f'href="{base}/e.css"/></head><body><h1>One</h1><p>Text <img src="{base}/e.png"/>'
        f'</p><p><img src="{secret}"/></p></body></html>'
    )
    (folder / "book.epub").write_bytes(_replace(epub, "EPUB/c1.xhtml", chapter.encode()))
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rIdX" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/image" '
        f'Target="{base}/linked.png" TargetMode="External"/><Relationship Id="rIdY" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'attachedTemplate" Target="{secret}" TargetMode="External"/></Relationships>'
    )
    docx = _replace(make.make_docx(), "word/_rels/document.xml.rels", rels.encode())
    (folder / "report.docx").write_bytes(docx)
    rtf = (
        r"{\rtf1\ansi{\fonttbl\f0 Arial;}\f0 Before {\field{\*\fldinst INCLUDEPICTURE "
        + f'"{base}/rtf.png"'
        + r" \\d}{\fldrslt}} and {\field{\*\fldinst INCLUDETEXT "
        + f'"{secret_file}"'
        + r"}{\fldrslt}} after.\par}"
    )
    (folder / "letter.rtf").write_text(rtf)
    for path in sorted(folder.iterdir()):
        outcome = convert_file(path)
        _check_contained(outcome, requests)


def test_control_the_attack_documents_are_real(tmp_path, secret_file, http_trap):
    """A parser that resolves entities leaks the secret; the trap records a fetch."""
    import urllib.request

    from lxml import etree

    base, requests = http_trap
    data = _documents(lambda root: h.external_dtd(root, secret_file.as_uri(), base), "&xxe;")
    unsafe = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)
    root = etree.fromstring(data["catalog.xml"], unsafe)
    assert SECRET in "".join(root.itertext())
    with urllib.request.urlopen(f"{base}/probe", timeout=5) as reply:
        assert reply.read().decode() == SECRET
    assert requests == ["/probe"]

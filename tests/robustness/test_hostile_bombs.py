"""Decompression bombs: refused with one ``limit`` failure, quickly and without the memory.

Zip containers (XLSX, ODS, DOCX, PPTX, ODT, EPUB) come in two kinds: an honest bomb
declares the gigabytes it holds (refused by the declared-size ratio), a lying one declares a
few bytes and the CRC of those bytes, but its data inflates to 2 GB (refused when the
member inflates past its declared size; before, python-docx held 2.2 GB for 15 s and pandoc
ran for 279 s). PDFs hold a FlateDecode content stream inflating to 256 MB, or one
compressed twice reaching 1 GB from a few kilobytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.fixtures import office_docs as make
from tests.robustness import hostile as h
from tests.robustness.conftest import assert_one_failure, convert_file
from transforms import mediatypes as mt
from transforms.errors import LimitExceededError
from transforms.parsers.office.documents import pandoc_to_html


def _xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["site", "pH"])
    book.active.append(["A", 7.1])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _ods() -> bytes:
    import pandas as pd

    out = io.BytesIO()
    pd.DataFrame({"site": ["A"], "pH": [7.1]}).to_excel(out, engine="odf", index=False)
    return out.getvalue()


# format -> (maker, name, member holding the text, start of that member's XML)
CONTAINERS = {
    "xlsx": (_xlsx, "sheet.xlsx", "xl/worksheets/sheet1.xml", b"<worksheet><sheetData>"),
    "ods": (_ods, "sheet.ods", "content.xml", b"<office:document-content>"),
    "docx": (make.make_docx, "report.docx", "word/document.xml", b"<w:document><w:body>"),
    "pptx": (make.make_pptx, "deck.pptx", "ppt/slides/slide1.xml", b"<p:sld><p:cSld>"),
    "odt": (make.make_odt, "survey.odt", "content.xml", b"<office:document-content>"),
    "epub": (make.make_epub, "book.epub", "EPUB/c1.xhtml", b"<html><body><p>"),
}


def _rebuilt(data: bytes, target: str, member: h.Member) -> bytes:
    """The same container with ``target`` replaced by ``member`` (order kept)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert target in names, names
    return h.zip_with(member if n == target else h.Member(n, archive.read(n)) for n in names)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", sorted(CONTAINERS))
def test_honest_zip_bomb_is_refused_by_its_declared_size(tmp_path, kind):
    maker, name, target, prefix = CONTAINERS[kind]
    megabytes = 256
    bomb = h.Member(
        target, raw=h.deflate_bomb(megabytes, prefix), size=len(prefix) + megabytes * h.MB, crc=0
    )
    outcome = convert_file(_write(tmp_path, name, _rebuilt(maker(), target, bomb)))
    assert_one_failure(outcome, "parse", "limit", "decompression bomb")


@pytest.mark.parametrize("kind", sorted(CONTAINERS))
def test_lying_zip_member_is_refused_before_any_library_inflates_it(tmp_path, kind):
    maker, name, target, prefix = CONTAINERS[kind]
    liar = h.lying_member(target, prefix, 2048)
    outcome = convert_file(_write(tmp_path, name, _rebuilt(maker(), target, liar)))
    assert_one_failure(outcome, "parse", "limit", f"member {target} inflates past")


def test_lying_mimetype_member_is_read_only_as_far_as_detection_needs(tmp_path):
    data = make.make_epub()
    liar = h.lying_member("mimetype", b"application/epub+zip", 2048)
    outcome = convert_file(_write(tmp_path, "book.epub", _rebuilt(data, "mimetype", liar)))
    assert_one_failure(outcome, "parse", "limit", "member mimetype inflates past")


def test_zip_member_with_an_unknown_compression_method_is_corrupt(tmp_path):
    target = "xl/worksheets/sheet1.xml"
    odd = h.Member(target, raw=b"\x00" * 64, size=64, crc=0, method=99)
    outcome = convert_file(_write(tmp_path, "odd.xlsx", _rebuilt(_xlsx(), target, odd)))
    assert_one_failure(outcome, "parse", "corrupt", "compression method 99")


def test_pdf_flate_bomb_is_refused_before_pages_are_read(tmp_path):
    outcome = convert_file(_write(tmp_path, "bomb.pdf", h.pdf_flate_bomb(256)))
    assert_one_failure(outcome, "parse", "limit", "decompression bomb")


def test_pdf_doubly_compressed_bomb_is_refused(tmp_path):
    data = h.pdf_double_flate_bomb(1024)
    assert len(data) < 64 * 1024  # a gigabyte from a few kilobytes
    outcome = convert_file(_write(tmp_path, "double.pdf", data))
    assert_one_failure(outcome, "parse", "limit", "decompression bomb")


def test_pdf_bomb_behind_ascii85_is_refused(tmp_path):
    import base64

    stream = base64.a85encode(h.zlib_bomb(64, h.PDF_TEXT), adobe=True)
    data = h.pdf_with_content(stream, "[/ASCII85Decode /FlateDecode]")
    outcome = convert_file(_write(tmp_path, "a85.pdf", data))
    assert_one_failure(outcome, "parse", "limit", "decompression bomb")


def test_pdf_with_compressed_content_under_the_ratio_still_converts(tmp_path):
    # 2 MB of page content from a ~2 KB stream: under the 32 MB floor, so it is read
    outcome = convert_file(_write(tmp_path, "fine.pdf", h.pdf_flate_bomb(2)))
    assert not outcome.failures, outcome.failures
    assert "Hello from a small page" in outcome.text()


def test_ratio_is_configuration(tmp_path):
    from dataclasses import replace

    from transforms.config import PipelineConfig

    config = PipelineConfig()
    strict = replace(config, limits=replace(config.limits, max_decompressed_ratio=1))
    path = _write(tmp_path, "fine.pdf", h.pdf_flate_bomb(40))  # 40 MB: over the 32 MB floor
    assert_one_failure(convert_file(path, strict), "parse", "limit", "over 1x")


def test_pandoc_heap_is_capped(tmp_path):
    text = "\n\n".join(f"Paragraph {i} with *emphasis* and ``code``." for i in range(200_000))
    with pytest.raises(LimitExceededError, match="pandoc needed over 16 MB"):
        pandoc_to_html(text.encode(), "rst", "reStructuredText document", 60, memory_mb=16)


def test_container_media_types_are_what_the_cases_claim():
    from transforms.detect import detect_media_type

    expected = {"xlsx": mt.XLSX, "ods": mt.ODS, "docx": mt.DOCX, "pptx": mt.PPTX,
                "odt": mt.ODT, "epub": mt.EPUB}  # fmt: skip
    for kind, (maker, name, *_rest) in CONTAINERS.items():
        assert detect_media_type(maker(), name) == expected[kind]

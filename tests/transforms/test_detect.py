"""Detection looks at content, not at names."""

from __future__ import annotations

import io
import zipfile

import pytest

from transforms import mediatypes as mt
from transforms.detect import detect_media_type, extension_mismatch
from transforms.errors import DocumentError, Stage


def _zip(names: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, d in names.items():
            zf.writestr(n, d)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.7\n...", "x.txt", mt.PDF),
        (b"<!DOCTYPE html><html><body>x</body></html>", "page.pdf", mt.HTML),
        (b"\xef\xbb\xbf<html><p>x</p></html>", "noext", mt.HTML),
        ("<html><p>é</p></html>".encode("utf-16"), "u16.htm", mt.HTML),
        (b"a,b,c\n1,2,3\n4,5,6\n", "data", mt.CSV),
        (b"a\tb\n1\t2\n3\t4\n", "data.tsv", mt.TSV),
        (b"# Title\n\nText\n\n- item\n- item2\n", "notes", mt.MARKDOWN),
        (b"# Title\n", "notes.md", mt.MARKDOWN),
        (b"Just some words.\n\nAnd more.", "notes.txt", mt.TEXT),
        (_zip({"[Content_Types].xml": b"", "xl/workbook.xml": b""}), "a.bin", mt.XLSX),
        (_zip({"[Content_Types].xml": b"", "word/document.xml": b""}), "a", mt.DOCX),
        (_zip({"mimetype": b"application/epub+zip"}), "a.zip", mt.EPUB),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "photo.pdf", "image/png"),
    ],
)
def test_detect_by_content(data, name, expected):
    assert detect_media_type(data, name) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"  \n\t", "empty"), (bytes(range(256)) * 4, "unsupported")],
)
def test_detect_rejects(data, reason):
    with pytest.raises(DocumentError) as info:
        detect_media_type(data, "x")
    assert info.value.reason == reason
    assert info.value.stage is Stage.DETECT


def test_extension_mismatch():
    assert extension_mismatch("image/png", "photo.pdf")
    assert not extension_mismatch("image/png", "photo.unknownext")
    assert extension_mismatch(mt.HTML, "page.pdf")
    assert not extension_mismatch(mt.PDF, "a.PDF")

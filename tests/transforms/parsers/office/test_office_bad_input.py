"""Bad office input: one clear DocumentError each, never a library traceback."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.fixtures import office_docs as make
from transforms import mediatypes as mt
from transforms.config import PipelineConfig
from transforms.detect import detect_media_type
from transforms.errors import DocumentError, Stage
from transforms.model import Source
from transforms.parsers import get_parser

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def parse(data: bytes, media_type: str):
    source = Source("file:///bad", "0" * 64, media_type, data, "bad")
    return get_parser(media_type).parse(source, PipelineConfig())


def _replace_member(data: bytes, name: str, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return make.zip_bytes({n: (new if n == name else src.read(n)) for n in src.namelist()})


def _damage_member(data: bytes) -> bytes:
    """Flip bytes inside the compressed data of the largest member (CRC no longer matches)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = max(archive.infolist(), key=lambda i: i.compress_size)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    return data[:middle] + bytes(b ^ 0xFF for b in data[middle : middle + 16]) + data[middle + 16 :]


def _bomb(required: str) -> bytes:
    return make.zip_bytes({required: b"<x/>", "padding.xml": b"\0" * (40 * 1024 * 1024)})


CASES = [
    ("truncated docx", lambda: make.make_docx()[:3000], mt.DOCX, "corrupt"),
    ("damaged docx member", lambda: _damage_member(make.make_docx()), mt.DOCX, "corrupt"),
    ("zip without a document part", lambda: make.zip_bytes({"a.txt": b"x"}), mt.DOCX, "corrupt"),
    ("docx zip bomb", lambda: _bomb("word/document.xml"), mt.DOCX, "limit"),
    ("pptx zip bomb", lambda: _bomb("ppt/presentation.xml"), mt.PPTX, "limit"),
    ("truncated pptx", lambda: make.make_pptx()[:5000], mt.PPTX, "corrupt"),
    (
        "malformed docx XML",
        lambda: _replace_member(make.make_docx(), "word/document.xml", b"<w:document"),
        mt.DOCX,
        "corrupt",
    ),
    (
        "malformed slide XML",
        lambda: _replace_member(make.make_pptx(), "ppt/slides/slide1.xml", b"<p:sld"),
        mt.PPTX,
        "corrupt",
    ),
    (
        "docx without content types",
        lambda: make.zip_bytes({"word/document.xml": b"<x/>"}),
        mt.DOCX,
        "corrupt",
    ),
    (
        "password-protected OOXML",
        lambda: OLE_MAGIC + b"\0" * 100 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 100,
        mt.DOCX,
        "encrypted",
    ),
    (
        "password-protected ODT",
        lambda: _replace_member(
            make.make_odt(),
            "META-INF/manifest.xml",
            b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            b'manifest:1.0"><manifest:file-entry manifest:full-path="content.xml">'
            b"<manifest:encryption-data/></manifest:file-entry></manifest:manifest>",
        ),
        mt.ODT,
        "encrypted",
    ),
    (
        "DRM EPUB",
        lambda: make.zip_bytes(
            {
                "mimetype": b"application/epub+zip",
                "META-INF/container.xml": b"<container/>",
                "META-INF/encryption.xml": b"<encryption><EncryptedData><CipherData>"
                b'<CipherReference URI="OEBPS/c1.xhtml"/></CipherData></EncryptedData>'
                b"</encryption>",
            }
        ),
        mt.EPUB,
        "encrypted",
    ),
    ("broken EPUB", lambda: make.make_epub()[:2000], mt.EPUB, "corrupt"),
    ("empty DOCX", lambda: b"", mt.DOCX, "empty"),
    ("blank RTF", lambda: b"  \n", mt.RTF, "empty"),
    ("malformed XML", lambda: b"<?xml version='1.0'?><a><b></a>", mt.XML, "corrupt"),
    ("not an MSG", lambda: OLE_MAGIC + b"\0" * 600, mt.MSG, "corrupt"),
    ("headerless e-mail", lambda: b"\n\njust a body", mt.EML, "corrupt"),
]


@pytest.mark.parametrize(
    ("data", "media_type", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_gives_one_clear_error(data, media_type, reason):
    with pytest.raises(DocumentError) as info:
        parse(data(), media_type)
    assert info.value.reason == reason
    message = info.value.message
    assert "\n" not in message and len(message) < 400


def test_epub_with_obfuscated_fonts_only_is_read():
    book = make.make_epub()
    src = zipfile.ZipFile(io.BytesIO(book))
    members = {n: src.read(n) for n in src.namelist()}
    members["META-INF/encryption.xml"] = (
        b'<encryption><EncryptedData><CipherData><CipherReference URI="EPUB/fonts/a.otf"/>'
        b"</CipherData></EncryptedData></encryption>"
    )
    doc = parse(make.zip_bytes(members), mt.EPUB)
    assert doc.title == "River Book"


def test_encrypted_ooxml_is_refused_at_detection():
    data = OLE_MAGIC + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100
    with pytest.raises(DocumentError) as info:
        detect_media_type(data, "secret.docx")
    assert info.value.reason == "encrypted" and info.value.stage is Stage.DETECT

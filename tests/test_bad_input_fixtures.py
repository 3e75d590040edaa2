"""The bad-input builders make what they promise (so failure-path tests test the right thing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures import bad_inputs


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return bad_inputs.write_all(tmp_path_factory.mktemp("bad_inputs"))


def test_all_five_files_are_written(bad: dict[str, Path]) -> None:
    assert sorted(bad) == ["blob.bin", "corrupt.pdf", "empty.txt", "locked.pdf", "photo.pdf"]


def test_corrupt_pdf_has_a_pdf_header_but_does_not_open(bad: dict[str, Path]) -> None:
    import pymupdf

    data = bad["corrupt.pdf"].read_bytes()
    assert data.startswith(b"%PDF-1.7")
    assert b"xref" not in data and b" obj" not in data
    with pytest.raises(pymupdf.FileDataError):
        pymupdf.open(stream=data, filetype="pdf")


def test_empty_file_is_empty(bad: dict[str, Path]) -> None:
    assert bad["empty.txt"].stat().st_size == 0


def test_blob_is_binary_without_known_magic(bad: dict[str, Path]) -> None:
    data = bad["blob.bin"].read_bytes()
    assert b"\x00" * 8 in data
    for magic in (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"<", b"\xef\xbb\xbf"):
        assert not data.startswith(magic)
    assert bad_inputs.write_unknown_binary(bad["blob.bin"].parent).read_bytes() == data


def test_photo_pdf_is_a_png(bad: dict[str, Path]) -> None:
    assert bad["photo.pdf"].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_locked_pdf_needs_the_password(bad: dict[str, Path]) -> None:
    import pymupdf

    with pymupdf.open(bad["locked.pdf"]) as doc:
        assert doc.needs_pass
        assert not doc.authenticate("wrong")
        assert doc.authenticate(bad_inputs.ENCRYPTED_PASSWORD)
        assert doc[0].get_text().strip() == bad_inputs.LOCKED_PDF_TEXT

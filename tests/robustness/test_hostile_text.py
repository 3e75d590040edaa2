"""Hostile text: deep nesting, one 10 MB line, NUL bytes, invalid UTF-8, control characters.

Each gives a correct conversion or exactly one failure with its stage and reason, within
the hang guard; converted text obeys the chunk invariants and the token cap (checked by the
pipeline itself, which turns a violation into a failure, so "no failure" means they hold).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.robustness.conftest import assert_one_failure, convert_file
from transforms import mediatypes as mt
from transforms.config import PipelineConfig

TEN_MB = 10 * 1024 * 1024


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _converted(outcome, media_type: str | None = None):
    assert not outcome.failures, outcome.failures
    (document,) = outcome.documents
    if media_type:
        assert document.media_type == media_type
    max_tokens = PipelineConfig().chunking.max_tokens
    assert all(c.token_count <= max_tokens for r in outcome.results for c in r.chunks)
    return document


@pytest.mark.parametrize(
    ("name", "markup"),
    [
        ("divs.html", "<div>" * 100_000 + "deep" + "</div>" * 100_000),
        ("tables.html", "<table><tr><td>" * 3000 + "deep" + "</td></tr></table>" * 3000),
        ("lists.html", "<ul><li>" * 3000 + "deep" + "</li></ul>" * 3000),
    ],
)
def test_html_nested_past_libxml2_depth_fails_as_limit(tmp_path, name, markup):
    page = f"<html><body><h1>Deep</h1>{markup}</body></html>".encode()
    outcome = convert_file(_write(tmp_path, name, page))
    assert_one_failure(outcome, "parse", "limit", "too deeply nested")


def test_html_nested_a_few_hundred_levels_converts(tmp_path):
    page = "<html><body>" + "<div><section>" * 300 + "<p>deep text</p>"
    page += "</section></div>" * 300 + "</body></html>"
    document = _converted(convert_file(_write(tmp_path, "deep.html", page.encode())), mt.HTML)
    assert "deep text" in document.text


def test_markdown_nesting_is_bounded(tmp_path):
    quotes = "> " * 100_000 + "deep quote\n\n"
    lists = "".join("  " * i + "- item\n" for i in range(3000))
    text = f"# Nested\n\n{quotes}{lists}"
    _converted(convert_file(_write(tmp_path, "nested.md", text.encode())), mt.MARKDOWN)


def test_xml_nesting_is_bounded(tmp_path):
    body = "<a>" * 100_000 + "deep" + "</a>" * 100_000
    data = f'<?xml version="1.0"?><root>{body}</root>'.encode()
    outcome = convert_file(_write(tmp_path, "deep.xml", data))
    assert len(outcome.results) == 1
    if outcome.failures:
        assert outcome.failures[0].error_type in ("corrupt", "limit")


def test_json_lines_nesting_is_bounded(tmp_path):
    data = b'{"a": ' * 50_000 + b"1" + b"}" * 50_000 + b'\n{"a": 2}\n'
    outcome = convert_file(_write(tmp_path, "nested.jsonl", data))
    assert len(outcome.results) == 1 and len(outcome.failures) <= 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("words.txt", ("lorem ipsum dolor sit amet " * 400_000)[:TEN_MB].encode()),
        ("x.txt", b"x" * TEN_MB),
        ("page.html", b"<html><body><p>" + b"word " * (TEN_MB // 20) + b"</p></body></html>"),
        ("one.csv", b"a,b\n" + b"y" * (TEN_MB // 4) + b",z\n"),
    ],
)
def test_ten_megabyte_single_line(tmp_path, name, line):
    """10 MB lines as text; HTML and CSV get a 2.5 MB line (the same code, a quarter of it)."""
    document = _converted(convert_file(_write(tmp_path, name, line)))
    assert len(document.text) > len(line) * 0.9


def test_sparse_nul_bytes_are_dropped_from_text(tmp_path):
    data = b"hello world\x00 this line has NUL\x00 bytes in it. " * 100
    document = _converted(convert_file(_write(tmp_path, "nul.txt", data)), mt.TEXT)
    assert "\x00" not in document.text and "bytes in it" in document.text


def test_nul_padding_at_the_end_is_ignored(tmp_path):
    data = b"# Log\n\nA log file preallocated with NUL bytes.\n" + b"\x00" * 100_000
    document = _converted(convert_file(_write(tmp_path, "log.md", data)), mt.MARKDOWN)
    assert document.text.endswith("NUL bytes.")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("csv-with-nul.csv", b"a,b\n1,x\x00y\n2,z\n"),
        ("utf16-without-bom.txt", "plain text in UTF-16".encode("utf-16-le")),
    ],
)
def test_text_dense_with_nul_bytes_is_refused_as_binary(tmp_path, name, data):
    outcome = convert_file(_write(tmp_path, name, data))
    assert_one_failure(outcome, "detect", "unsupported", "binary")


def test_nul_bytes_in_html_do_not_break_it(tmp_path):
    data = b"<html><body><h1>T\x00itle</h1><p>para\x00graph text</p></body></html>"
    document = _converted(convert_file(_write(tmp_path, "nul.html", data)), mt.HTML)
    assert "\x00" not in document.text


def test_utf8_with_a_few_bad_bytes_keeps_its_characters(tmp_path):
    good = "Grüße aus Köln, café, naïve, Ærø. ".encode() * 50
    data = good + b"\xc3\x28 broken \xff here\n" + good
    document = _converted(convert_file(_write(tmp_path, "mostly-utf8.txt", data)), mt.TEXT)
    assert "Grüße aus Köln" in document.text and "Ã" not in document.text
    assert "\ufffd" in document.text


def test_utf8_cut_in_the_middle_of_the_last_character(tmp_path):
    data = "Überschrift und Straße: ein Text über Flüsse. ".encode() * 20 + "ü".encode()[:1]
    document = _converted(convert_file(_write(tmp_path, "cut.txt", data)), mt.TEXT)
    assert "Überschrift" in document.text


def test_legacy_encoding_is_still_read_as_windows_1252(tmp_path):
    data = "name,city\nJosé,München\nZoë,Zürich\n".encode("cp1252")
    document = _converted(convert_file(_write(tmp_path, "legacy.csv", data)), mt.CSV)
    assert "München" in document.text and "Zürich" in document.text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("markdown.md", b"# Caf\xc3\xa9\n\nbroken \xc3\x28 and \xed\xa0\x80 surrogate bytes\n"),
        ("page.html", b"<meta charset='utf-8'><p>caf\xc3\xa9 \xc3\x28 \xff \xed\xa0\x80</p>"),
        ("table.csv", b"name,city\nbad,\xc3\x28\nworse,\xed\xa0\x80\xff\n"),
        ("entities.html", b"<html><body><p>&#xD800; &#0; &#x110000; &#xFFFF; ok</p></body></html>"),
        ("lines.jsonl", b'{"text": "\\ud800 lone surrogate"}\n{"text": "fine"}\n'),
        ("controls.txt", "text \u202e reversed \u200b \x1b[31m ansi \x07 bell. ".encode() * 50),
    ],
)
def test_invalid_utf8_and_odd_code_points_convert_to_valid_text(tmp_path, name, data):
    document = _converted(convert_file(_write(tmp_path, name, data)))
    document.text.encode("utf-8")  # no lone surrogates reach the records
    assert not any(ch in document.text for ch in "\x00\x07\x1b")

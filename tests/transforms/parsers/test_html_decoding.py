"""Decoding HTML bytes: BOM, declared charset, detection."""

from __future__ import annotations

import codecs

from transforms.parsers.html.decoding import decode_html

TEXT = "Die schöne Frau hat einen Kaffee gegessen. L'été était très chaud. Preis: 15,50 €."


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><p>{body}</p></body></html>"


def test_utf16_with_bom_wins_over_declared_charset():
    html = page(TEXT, '<meta charset="utf-8">')
    data = codecs.BOM_UTF16_LE + html.encode("utf-16-le")
    text, encoding = decode_html(data)
    assert TEXT in text and encoding == "utf-16-le"


def test_utf8_bom_is_stripped():
    text, _ = decode_html(codecs.BOM_UTF8 + page(TEXT).encode())
    assert text.startswith("<html>")


def test_declared_charset_is_used():
    data = page("Привет, мир! Это страница.", '<meta charset="koi8-r">').encode("koi8-r")
    text, encoding = decode_html(data)
    assert "Привет, мир" in text and encoding == "koi8-r"


def test_latin1_declaration_means_cp1252():
    data = page(TEXT, '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    text, encoding = decode_html(data.encode("cp1252"))
    assert "15,50 €" in text and encoding == "cp1252"


def test_stale_single_byte_declaration_on_utf8_bytes():
    data = page(TEXT, '<meta charset="iso-8859-1">').encode("utf-8")
    text, encoding = decode_html(data)
    assert TEXT in text and encoding == "utf-8"


def test_undeclared_cp1252_is_detected():
    body = " ".join([TEXT] * 3) + " El niño comió paella. Kvinnan åt köttbullar."
    text, _ = decode_html(page(body).encode("cp1252"))
    assert "très chaud" in text and "€" in text and "niño" in text


def test_undeclared_shift_jis_is_detected():
    body = "日本語のテキストです。これは文字コードの判定を試すための文章です。" * 3
    text, _ = decode_html(page(body).encode("shift_jis"))
    assert "日本語のテキスト" in text


def test_plain_utf8_without_declaration():
    text, encoding = decode_html(page(TEXT).encode())
    assert TEXT in text and encoding == "utf-8"


def test_stale_multibyte_declaration_on_utf8_bytes():
    body = "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶"
    data = page(body, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    text, encoding = decode_html(data.encode("utf-8"))
    assert body in text and encoding == "utf-8"


def test_gb2312_declaration_decodes_as_gb18030():
    body = "人工智能迈上新台阶"
    data = page(body, '<meta charset="gb2312">').encode("gb18030")
    text, encoding = decode_html(data)
    assert body in text and encoding == "gb18030"

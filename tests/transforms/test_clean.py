"""Cleaners are small str -> str functions; each is checked on a table of cases."""

from __future__ import annotations

import pytest

from transforms.clean import (
    clean_code,
    clean_text,
    collapse_whitespace,
    normalize_unicode,
    strip_control_chars,
    strip_invisible,
)


@pytest.mark.parametrize(
    ("fn", "raw", "expected"),
    [
        (normalize_unicode, "e\u0301", "é"),
        (normalize_unicode, "\ufb01nancial", "financial"),
        (normalize_unicode, "a\u00a0b\u2009c", "a b c"),
        (strip_invisible, "infor\u00admation\u200b", "information"),
        (strip_invisible, "\ufeffstart", "start"),
        (strip_control_chars, "a\x00b\x07c\r\nd\re", "abc\nd\ne"),
        (strip_control_chars, "tab\tkept", "tab\tkept"),
        (collapse_whitespace, "  a   b  \n\n\n\n c ", "a b\n\nc"),
        (clean_text, "\ufb02ow\u00a0\u00a0rate\x0c", "flow rate"),
        (clean_code, "def f():\n    return 1   \n", "def f():\n    return 1"),
    ],
)
def test_cleaners(fn, raw, expected):
    assert fn(raw) == expected

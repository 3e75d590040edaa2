"""Tokenizers used to count and cap chunk sizes.

The default, ``regex``, needs no download and approximates a BPE vocabulary: Latin words
count one token per 8 letters, digits one per 3, other scripts one per 2 characters, and
every punctuation mark or symbol one token. It is exact for itself: chunk caps are checked
against the same tokenizer that counts them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Protocol

_REGEX_TOKEN = re.compile(r"[A-Za-z]{1,8}|\d{1,3}|[^\W\d_A-Za-z]{1,2}|_+|[^\w\s]")


class Tokenizer(Protocol):
    """Counts tokens and tells where each token sits in a string."""

    name: str

    def count(self, text: str) -> int:
        """Number of tokens in ``text``."""
        ...

    def offsets(self, text: str) -> list[tuple[int, int]]:
        """Character span of every token of ``text``, in order."""
        ...


class RegexTokenizer:
    """The offline default tokenizer (see the module docstring)."""

    name = "regex-v1"

    def count(self, text: str) -> int:
        """Number of tokens in ``text``."""
        return len(_REGEX_TOKEN.findall(text))

    def offsets(self, text: str) -> list[tuple[int, int]]:
        """Character span of every token of ``text``."""
        return [m.span() for m in _REGEX_TOKEN.finditer(text)]


@cache
def get_tokenizer(spec: str = "regex") -> Tokenizer:
    """Build the tokenizer named by ``spec`` (``"regex"``)."""
    if spec in ("regex", RegexTokenizer.name):
        return RegexTokenizer()
    raise ValueError(f"unknown tokenizer {spec!r}; available: 'regex'")

"""Quality signals of a chunk of text, each a number in [0, 1] (or a language code).

- ``alnum_ratio``: letters and digits among the non-space characters. Prose is ~0.8-0.95;
  Markdown tables ~0.5-0.7; symbol soup and separators < 0.4.
- ``repetition``: the share of word 3-grams that repeat an earlier 3-gram of the same chunk
  (0 = no repeats; a line pasted ten times ~0.9).
- ``garbled``: how much the text reads like broken extraction: replacement and private-use
  characters, mojibake pairs (``Ã©``, ``â€™``), ``(cid:12)`` glyph codes, and "words" no
  language writes (long consonant runs, letters glued to digits and symbols). Clean prose
  scores < 0.05; text decoded with the wrong code page or an unmapped PDF font > 0.3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.quality.language import detect_language

_WORD = re.compile(r"\w+")
_NONSPACE = re.compile(r"\S")
_ALNUM = re.compile(r"[^\W_]")
_BAD_CHAR = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")
_MOJIBAKE = re.compile("[ÃÂÅÐØÙ][\u0080-\u00bf\u2018-\u203a\u0152-\u0178]|â€|ï¿½|Ã[^\\s]")
_CID = re.compile(r"\(cid:\d+\)")
_TOKEN = re.compile(r"\S+")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{6,}", re.IGNORECASE)
_MIXED = re.compile(r"(?=\S*[A-Za-z])(?=\S*\d)(?=\S*[^\w\s.,:;!?'\"()\[\]%/+-])\S{4,}")


@dataclass(frozen=True)
class Signals:
    """The quality signals of one chunk."""

    language: str | None
    alnum_ratio: float
    repetition: float
    garbled: float


def alnum_ratio(text: str) -> float:
    """Letters and digits among the non-space characters (1.0 for empty text)."""
    visible = len(_NONSPACE.findall(text))
    return len(_ALNUM.findall(text)) / visible if visible else 1.0


def repetition(text: str, n: int = 3) -> float:
    """Share of word ``n``-grams that repeat an earlier one in ``text``."""
    words = _WORD.findall(text.lower())
    if len(words) < n + 2:
        return 0.0
    grams = [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]
    return 1.0 - len(set(grams)) / len(grams)


def garbled(text: str) -> float:
    """How much ``text`` looks like broken extraction, 0 (clean) to 1 (noise)."""
    visible = len(_NONSPACE.findall(text))
    if not visible:
        return 0.0
    bad = len(_BAD_CHAR.findall(text)) + 2 * len(_MOJIBAKE.findall(text))
    bad += sum(len(m) for m in _CID.findall(text))
    tokens = _TOKEN.findall(text)
    odd = 0
    for tok in tokens:
        if "://" in tok or "@" in tok or tok.startswith("www"):
            continue
        if _CONSONANT_RUN.search(tok) or _MIXED.fullmatch(tok):
            odd += len(tok)
    return min(1.0, (bad + 0.5 * odd) / visible * 2)


def compute_signals(text: str) -> Signals:
    """All signals of one chunk's text."""
    return Signals(
        language=detect_language(text),
        alnum_ratio=round(alnum_ratio(text), 4),
        repetition=round(repetition(text), 4),
        garbled=round(garbled(text), 4),
    )

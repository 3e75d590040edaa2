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
_NOT_ALNUM = re.compile(r"[\W_]+")
_BAD_CHAR = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f]")
_MOJIBAKE = re.compile("[ÃÂÅÐØÙ][\u0080-\u00bf\u2018-\u203a\u0152-\u0178]|â€|ï¿½|Ã[^\\s]")
_CID = re.compile(r"\(cid:\d+\)")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxzBCDFGHJKLMNPQRSTVWXZ]{6,}")
# (the rarest of the three conditions first: most tokens fail it at once)
_MIXED = re.compile(r"(?<!\S)(?=\S*[^\w\s.,:;!?'\"()\[\]%/+-])(?=\S*\d)(?=\S*[A-Za-z])\S{4,}(?!\S)")


@dataclass(frozen=True)
class Signals:
    """The quality signals of one chunk."""

    language: str | None
    alnum_ratio: float
    repetition: float
    garbled: float


# ASCII fast paths: bytes.translate deletes a set of bytes in one C loop
_ASCII_SPACE = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # what str.split() splits on
_ASCII_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())


def _visible(text: str) -> int:
    if text.isascii():
        return len(text.encode("ascii").translate(None, _ASCII_SPACE))
    return len("".join(text.split()))


def alnum_ratio(text: str, visible: int | None = None) -> float:
    """Letters and digits among the non-space characters (1.0 for empty text)."""
    visible = _visible(text) if visible is None else visible
    if not visible:
        return 1.0
    if text.isascii():
        return len(text.encode("ascii").translate(None, _ASCII_NOT_ALNUM)) / visible
    return len(_NOT_ALNUM.sub("", text)) / visible


def repetition(text: str, n: int = 3) -> float:
    """Share of word ``n``-grams that repeat an earlier one in ``text``."""
    words = _WORD.findall(text.lower())
    if len(words) < n + 2:
        return 0.0
    grams = list(zip(*(words[i:] for i in range(n)), strict=False))  # shorter tails stop it
    return 1.0 - len(set(grams)) / len(grams)


def _token_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-delimited token holding ``text[start:end]``."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def garbled(text: str, visible: int | None = None) -> float:
    """How much ``text`` looks like broken extraction, 0 (clean) to 1 (noise)."""
    visible = _visible(text) if visible is None else visible
    if not visible:
        return 0.0
    bad = len(_BAD_CHAR.findall(text))
    if not text.isascii():  # mojibake pairs hold a character beyond ASCII
        bad += 2 * len(_MOJIBAKE.findall(text))
    if "(cid:" in text:
        bad += sum(len(m) for m in _CID.findall(text))
    odd = 0
    seen: set[tuple[int, int]] = set()
    spans = [_token_around(text, m.start(), m.end()) for m in _CONSONANT_RUN.finditer(text)]
    spans += [m.span() for m in _MIXED.finditer(text)]
    for start, end in spans:
        tok = text[start:end]
        if (start, end) in seen or "://" in tok or "@" in tok or tok.startswith("www"):
            continue
        seen.add((start, end))
        odd += end - start
    return min(1.0, (bad + 0.5 * odd) / visible * 2)


def compute_signals(text: str) -> Signals:
    """All signals of one chunk's text."""
    visible = _visible(text)
    return Signals(
        language=detect_language(text),
        alnum_ratio=round(alnum_ratio(text, visible), 4),
        repetition=round(repetition(text), 4),
        garbled=round(garbled(text, visible), 4),
    )

"""Right-to-left text (Arabic, Hebrew, Persian) as MuPDF gives it, put in reading order.

MuPDF writes each line's characters in logical order, but some things stay visual:
the pieces of one visual line (a run of Latin words between Arabic ones makes MuPDF
split the line) come left to right, words drawn one at a time come in the order they
were drawn, and a ligature's second character (the alef of Arabic's lam-alef, one
glyph for two letters) comes before its first, as a zero-width character at the
glyph's right edge, and punctuation may come ahead of the word it follows. Tables of
such text read their columns from the right.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import replace

from transforms.model import Table

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Arabic and Hebrew combining marks (harakat, tanween, points)
_MARKS = "".join(chr(c) for c in range(0x591, 0x6FF) if unicodedata.combining(chr(c)))
_LTR = re.compile(r"[^\W\d_\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left letter (cheap for ASCII text)."""
    return not text.isascii() and _RTL.search(text) is not None


def mostly_rtl(text: str) -> bool:
    """Whether right-to-left letters outnumber left-to-right ones in ``text``."""
    return has_rtl(text) and len(_RTL.findall(text)) > len(_LTR.findall(text))


def words_in_order(words: list[str]) -> list[str]:
    """Words of one line given left to right, in reading order (from the right if RTL)."""
    if len(words) > 1 and mostly_rtl(" ".join(words)):
        return words[::-1]
    return words


def _text_of(span: dict) -> str:
    return span["text"] if "text" in span else "".join(c["c"] for c in span["chars"])


def _ltr(text: str) -> bool:
    return not has_rtl(text) and any(c.isalnum() for c in text)


def spans_in_order(spans: list[dict]) -> list[dict]:
    """A line's spans in reading order.

    Some PDFs draw right-to-left text a word at a time, and MuPDF then gives the words
    (one span each) in the order they were drawn, left to right or mixed. The spans of
    such a line (nearly all of one word, letters mostly right-to-left) are read from the
    right by their middles, blank spans staying between the words they separate, and
    runs of left-to-right words ("R", "Python") keep their own order. Spans already going
    right to left (MuPDF's logical order) are left as they are.
    """
    texts = [(s, _text_of(s)) for s in spans]
    shown = [(s, t) for s, t in texts if t.strip()]
    if len(shown) < 2 or all(
        b[0]["bbox"][0] <= a[0]["bbox"][0] for a, b in itertools.pairwise(shown)
    ):
        return spans
    if sum(1 for _, t in shown if " " in t.strip()) > 0.2 * len(shown):
        return spans  # spans of several words: MuPDF ordered them itself
    if not mostly_rtl(" ".join(t for _, t in shown)):
        return spans
    out: list[dict] = []
    run: list[tuple[dict, str]] = []  # a left-to-right run, with the blanks inside it
    for span, text in sorted(texts, key=lambda st: -sum(st[0]["bbox"][::2])):
        if _ltr(text) or (run and not text.strip()):
            run.append((span, text))
            continue
        out.extend(_left_to_right(run))
        out.append(span)
        run = []
    out.extend(_left_to_right(run))
    return out


def _left_to_right(run: list[tuple[dict, str]]) -> list[dict]:
    """A run of left-to-right spans found from the right, turned round (trailing blanks kept)."""
    last = max((i for i, (_, t) in enumerate(run) if t.strip()), default=-1)
    return [s for s, _ in run[: last + 1][::-1]] + [s for s, _ in run[last + 1 :]]


def ligatures_in_order(chars: list[dict]) -> list[dict]:
    """Characters of a span (MuPDF's ``rawdict``) with each ligature's letters in order.

    A zero-width right-to-left character directly followed by the character whose glyph
    ends where it stands is the second letter of that glyph: the two are swapped. A
    glyph of three letters ("الا": two zero-width, the last drawn) comes in order.
    """
    out = list(chars)
    i = 0
    while i < len(out) - 1:
        a, b = out[i], out[i + 1]
        ax0, _, ax1, _ = a["bbox"]
        bx0, _, bx1, _ = b["bbox"]
        if i and _zero_width_at(out[i - 1], ax0):
            i += 1
        elif ax1 - ax0 <= 0.01 < bx1 - bx0 and abs(bx1 - ax0) <= 0.5 and _RTL.match(a["c"]):
            out[i], out[i + 1] = b, a
            i += 2
        else:
            i += 1
    return out


def _zero_width_at(ch: dict, x: float) -> bool:
    x0, _, x1, _ = ch["bbox"]
    return x1 - x0 <= 0.01 and abs(x0 - x) <= 0.5


def _centre(ch: dict) -> float:
    return (ch["bbox"][0] + ch["bbox"][2]) / 2


def _neutral(c: str) -> bool:
    return not c.isalnum() and not unicodedata.combining(c)


def neutrals_in_place(chars: list[dict]) -> list[dict]:
    """Characters of a right-to-left span with its punctuation and spaces where they stand.

    MuPDF gives the letters of a right-to-left span in reading order but may leave a
    run of punctuation and spaces ahead of a word drawn wholly to its right ("،وعليه"
    for "وعليه،", "الأولويو ،خت" for "الأولويوخت، "). Such a run moves after that
    word, its own characters read from the right; letters, digits and Latin text keep
    MuPDF's order.
    """
    if len(chars) < 2 or not has_rtl("".join([ch["c"] for ch in chars])):
        return chars
    out = list(chars)
    i = 0
    while i < len(out):
        if not _neutral(out[i]["c"]):
            i += 1
            continue
        j = i
        while j < len(out) and _neutral(out[j]["c"]):
            j += 1
        run = out[i:j]
        x = max(_centre(ch) for ch in run)
        k = j  # the word after the run (letters and their marks), wholly to its right
        while k < len(out) and not _neutral(out[k]["c"]):
            k += 1
        word = out[j:k]
        if (
            not word
            or not all(_RTL.match(ch["c"]) or unicodedata.combining(ch["c"]) for ch in word)
            or min(_centre(ch) for ch in word) <= x + 0.5
        ):
            i = j
            continue
        run.sort(key=_centre, reverse=True)
        out[i:k] = out[j:k] + run
        i = k
    return out


def columns_in_reading_order(table: Table) -> Table:
    """The table with its columns from the right when most of its letters read so."""
    if not mostly_rtl(" ".join(c.text for row in table.rows for c in row)):
        return table
    return replace(table, rows=tuple(tuple(reversed(row)) for row in table.rows))


def words_with_ligatures(words: list[tuple], rawdict: dict) -> list[tuple]:
    """MuPDF's ``words`` with right-to-left words spelled and boxed from their characters.

    ``words``: ``(x0, y0, x1, y1, text, block_no, line_no, word_no)``; ``rawdict``: the
    same text page's characters. A right-to-left word takes the characters of its line
    whose centres lie in its box, with each ligature's letters in order
    (:func:`ligatures_in_order`), when they are its letters (only their order changes);
    its box becomes that of the characters drawn with a width: a zero-width mark
    (tanween, a ligature's second letter) can stand far from its letters and widen the
    word into the next table cell. A mark MuPDF gives first goes after the last letter.
    """
    keys = {(w[5], w[6]) for w in words if has_rtl(w[4])}
    if not keys:
        return words
    blocks = rawdict["blocks"]
    chars_of: dict[tuple[int, int], list[dict]] = {}
    for block, line in keys:
        try:
            spans = blocks[block]["lines"][line]["spans"]
        except (IndexError, KeyError):
            continue
        chars_of[(block, line)] = [
            c for s in spans for c in ligatures_in_order(s["chars"]) if not c["c"].isspace()
        ]
    out = list(words)
    for i, word in enumerate(words):
        chars = chars_of.get((word[5], word[6]))
        if not chars or not has_rtl(word[4]):
            continue
        inside = [c for c in chars if word[0] - 0.5 <= _centre(c) <= word[2] + 0.5]
        spelled = "".join(c["c"] for c in inside)
        if sorted(spelled) != sorted(word[4]):
            continue
        lead = len(spelled) - len(spelled.lstrip(_MARKS))
        if 0 < lead < len(spelled):  # a mark cannot start a word: it sits on the last letter
            spelled = spelled[lead:] + spelled[:lead]
        drawn = [c["bbox"] for c in inside if c["bbox"][2] - c["bbox"][0] > 0.01]
        x0 = min((b[0] for b in drawn), default=word[0])
        x1 = max((b[2] for b in drawn), default=word[2])
        out[i] = (x0, word[1], x1, word[3], spelled, *word[5:])
    return out

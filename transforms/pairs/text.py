"""Small text helpers shared by the generators and the gates: words, sentences, noise."""

from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9À-ÖØ-Þ]|\W|$)")
_HEADING_LINE = re.compile(r"^#{1,6} .*$", re.MULTILINE)
_DOT_LEADER = re.compile(r"(?:\.\s?){6,}")
_ASCII_PUNCT = str.maketrans("", "", string.punctuation)

_STOPWORDS_TEXT = """
    a an the and or but if then else of to in on at by for with from into onto over
    under as is are was were be been being am do does did done has have had having it
    its this that these those there here which who whom whose what when where why how
    not no nor so such than too very can could may might must shall should will would i
    you he she we they me him her us them my your his our their about above after again
    against all any both each few more most other own same some only also just up down
    out off once while during before between through until per via e g i e etc
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def normalize(text: str) -> str:
    """NFKC, lower case, whitespace collapsed: the form used for comparisons."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits, underscore; any script)."""
    return _WORD.findall(normalize(text))


def content_words(text: str) -> list[str]:
    """Words that carry content: stopwords and single letters removed."""
    return [w for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def grounding_score(answer: str, source: str) -> float:
    """Share of the answer's content words found in ``source`` (1.0 for no content words).

    A word counts as found when it is a word of the source or, for words of 4+ characters,
    a substring of it (inflections, compounds, scripts written without spaces); failing
    that, the same holds for the word without a common inflection ("berths" -> "berth").
    """
    needed = content_words(answer)
    if not needed:
        return 1.0
    norm, vocab = _source_index(source)

    def found(w: str) -> bool:
        if w in vocab or (len(w) >= 4 and w in norm):
            return True
        stem = _stem(w)
        return stem != w and (stem in vocab or (len(stem) >= 4 and stem in norm))

    return sum(1 for w in needed if found(w)) / len(needed)


@lru_cache(maxsize=512)
def _source_index(source: str) -> tuple[str, frozenset[str]]:
    """The normalized source and its word set (many answers share one chunk)."""
    norm = normalize(source)
    return norm, frozenset(_WORD.findall(norm))


def _stem(word: str) -> str:
    """``word`` without one common English inflection (berths -> berth, booked -> book)."""
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the prose sentences of ``text`` (Markdown headings, tables, code skipped)."""
    spans: list[tuple[int, int]] = []
    for block in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        chunk = block.group()
        first = chunk.lstrip()
        if first.startswith(("#", "|", "<", "```", ">", "- ", "* ")) or re.match(r"\d+\. ", first):
            continue
        pos = 0
        for m in _SENTENCE_END.finditer(chunk):
            spans.append((block.start() + pos, block.start() + m.start()))
            pos = m.end()
        spans.append((block.start() + pos, block.end()))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def strip_headings(text: str) -> str:
    """``text`` without its Markdown heading lines, blank runs collapsed."""
    body = _HEADING_LINE.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", body).strip()


def noise_reason(text: str) -> str | None:
    """Why ``text`` looks like extraction debris (dot leaders, few letters), or None."""
    tokens = text.split()
    joined = "".join(tokens)
    if not joined:
        return "no visible characters"
    if _DOT_LEADER.search(text):
        return "dot leaders (a table of contents)"
    if joined.isascii():
        alnum = len(joined.translate(_ASCII_PUNCT))
    else:
        alnum = sum(map(str.isalnum, joined))
    if alnum / len(joined) < 0.5:
        return f"only {alnum / len(joined):.0%} letters and digits"
    if any(len(t) >= 30 and t.isalpha() for t in tokens):
        return "words run together by extraction"
    if len(tokens) >= 8:
        lone = sum(1 for t in tokens if len(t) == 1 and t.isalpha())
        if lone / len(tokens) > 0.3:
            return "letters scattered by extraction"
    return None


def ngrams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    """The set of ``n``-grams of ``tokens`` (the whole sequence when shorter)."""
    if len(tokens) < n:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def is_prose_sentence(sentence: str) -> bool:
    """True for a sentence as a writer wrote it.

    It starts with a capital letter or quote, ends in punctuation right after a word, and
    (in Latin script) at least a third of its words are lower case: table-of-contents
    lines, code and captions fail.
    """
    s = sentence.strip()
    if not s or not (s[0].isalpha() or s[0] in "\"'“‘(") or s[0].islower():
        return False
    if s[-1] not in ".!?。！？" or len(s) < 2 or s[-2].isspace():
        return False
    latin = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", s)]
    if len(latin) >= 4:
        lower = sum(1 for w in latin if w[0].islower())
        if lower / len(latin) < 0.34:
            return False
    return True

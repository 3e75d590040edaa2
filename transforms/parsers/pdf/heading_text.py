"""What a heading-shaped block's text says it is: a heading, or sentences, names, a byline.

Pure tests on text, used by :mod:`structure` when it picks the blocks that may be
headings: a bold sentence or label, sentences set large, an author line, an affiliation
and the name over it, a fragment of a sentence or a web address.
"""

from __future__ import annotations

import re

from transforms.parsers.pdf.segment import _ends_sentence

MAX_BOLD_BODY_WORDS = 15  # a longer bold line at body size is a lead-in or a question


def bold_heading_text(text: str) -> bool:
    """Whether a bold block at body size reads as a heading, not a bold sentence or label.

    A sentence, a label ending in a colon and a line of more than ``MAX_BOLD_BODY_WORDS``
    words are text; a short question is a heading ("What is RAG?").
    """
    if len(text.split()) > MAX_BOLD_BODY_WORDS:
        return False
    return text.rstrip().endswith(("?", "？")) or not _ends_sentence(text)


def set_sentences(text: str) -> bool:
    """Whether ``text`` is sentences: more than ``MAX_BOLD_BODY_WORDS`` words ending one."""
    return (
        len(text.split()) > MAX_BOLD_BODY_WORDS
        and _ends_sentence(text)
        and not text.rstrip().endswith(("?", "？"))
    )


_NAME_PARTS = re.compile(r",|;|\band\b|&")
_MARKS = "0123456789∗*†‡§¶⁎,"
_MARKED = re.compile(r"[^\W\d_][\d∗*†‡§¶⁎]")  # a footnote mark after a name
_INITIAL = re.compile(r"(?:[^\W\d_]\.-?)+")
_PARTICLE = re.compile(r"al|bin|da|de|del|della|der|di|do|dos|du|la|le|ten|ter|van|von")
_NOT_NAME = re.compile(
    r"a|an|and|at|by|for|from|how|in|of|on|our|the|to|what|when|where|why|with|your"
)


def _name(part: str, capitals: bool) -> bool:
    words = [w.rstrip(_MARKS) for w in part.split()]
    words = [w for w in words if w]  # a section number ("4 Experiments") is no word
    if any(_NOT_NAME.fullmatch(w.lower()) for w in words):
        return False  # "Where To File", "Results for the Sample": English, not a name
    return 2 <= len(words) <= 5 and all(
        (w[:1].isupper() and (capitals or not w.isupper()))
        or _INITIAL.fullmatch(w)
        or _PARTICLE.fullmatch(w)
        for w in words
    )


def names(text: str) -> bool:
    """Whether ``text`` lists people's names, as an author line under a title does.

    Three parts or more ("Ashesh Jain1,2, Amir R. Zamir2, and Silvio Savarese2"), three in
    four of them two to five capitalised words, initials or particles ("del"), footnote
    marks aside; a numbered heading's first part is not a name. Words in capitals count
    as names when footnote marks follow names, as they do in author lines, not in
    headings listing things ("SALES AND MARKETING, HUMAN RESOURCES, ...").
    """
    parts = [p.strip() for p in _NAME_PARTS.split(text)]
    parts = [p for p in parts if p.strip(_MARKS + " ")]
    capitals = _MARKED.search(text) is not None  # "YING SHEN,1 HAU-SAN WONG,2,4 ..."
    return len(parts) >= 3 and sum(_name(p, capitals) for p in parts) >= 0.75 * len(parts)


_AFFILIATION = re.compile(
    r"\b(?:Universit(?:y|ät|é|à|ad|eit)|Institut(?:e|o)?|Department|Dept\.|Laborator(?:y|ies)"
    r"|College|School of|Faculty of|Inc\.|Ltd\.?|GmbH|Corporation)\b"
)


def _affiliation(text: str) -> bool:
    """Whether ``text`` is an author's affiliation: an institution, then places (commas)."""
    return text.count(",") >= 2 and _AFFILIATION.search(text) is not None


def byline(text: str, after: str) -> bool:
    """Whether ``text`` is an affiliation, or one author's name over an affiliation."""
    if _affiliation(text):
        return True
    return _affiliation(after) and all(_name(p, False) for p in text.split(" and "))


def fragment(text: str) -> bool:
    """Whether a short block is a piece of text, a link or a date rather than a heading.

    It starts with a word in lower case ("background in IBM i object level security",
    "of positive instances": the rest of a sentence, a label, OCR noise; "iPhone",
    "l-asparaginase" and "n-Cube" start headings), it is a web address, or a date alone
    (a title page's or a letter's "December 1998", "June 3, 2023": no section's head).
    """
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    return (
        (first.isalpha() and first.islower())
        or first.startswith(("http://", "https://", "www."))
        or _DATE.fullmatch(text.strip()) is not None
    )


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?)"
)
_DATE = re.compile(
    rf"{_MONTH} (?:\d{{1,2}},? )?\d{{4}}|\d{{1,2}}\.? {_MONTH} \d{{4}}|\d{{4}}-\d\d-\d\d",
    re.IGNORECASE,
)

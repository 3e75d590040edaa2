"""Bylines shown in the page: found by microdata, ``rel=author`` or naming, then removed.

The byline is metadata, not article text: its elements leave the content, and the most
specific one gives the author when the page's metadata names none. Byline boxes often carry
dates, roles and share links too; :func:`clean_byline` keeps the name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from transforms.parsers.html.cleanup import class_and_id, drop_element
from transforms.parsers.html.metadata import clean_text

_AUTHOR_NAMES = re.compile(r"author|writer|p-author|writtenby", re.I)
_BYLINE_NAMES = re.compile(r"byline|dateline", re.I)
_MAX_CHARS = 100
_MAX_NAME_WORDS = 6
_BY = re.compile(r"^.*?\b(?:by|von|par|por|di|door|af|av)\b\s*:?\s*", re.I | re.S)
_SEPARATORS = re.compile(r"\s*(?:[|•·\n]| [-–—] |,\s*(?=\d))\s*")
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    "july|august|september|october|november|december"
)
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DATE_START = re.compile(
    rf"\s*(?:\d|\b(?:{_MONTHS})\b\.?\s+\d|\b(?:{_DAYS})\b|"
    r"\b(?:last\s+)?(?:updated|published|posted|modified)\b)",
    re.I,
)
_NOT_NAMES = re.compile(r"@|^(?:follow|sign|subscribe|share|email|contact)\b", re.I)
_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di|door|af|av)\b\s*:?\s*", re.I)
_CANDIDATES = etree.XPath(".//*[@class or @id or @rel or @itemprop]")
_SKIP = frozenset({"body", "article", "main", "html"})


def clean_byline(text: str) -> str:
    """Keep the name part of a byline ("By Ana Sandoiu, May 2 2019" -> "Ana Sandoiu")."""
    text = clean_text(text)
    if _BY.match(text) and len(_BY.sub("", text, count=1)) > 0:
        text = _BY.sub("", text, count=1)
    text = _SEPARATORS.split(text)[0]
    date = _DATE_START.search(text)
    if date:
        text = text[: date.start()]
    text = text.strip(" ,;:-–—•|@")
    words = text.split()
    if not words or len(words) > _MAX_NAME_WORDS or not re.search(r"[^\W\d_]", text):
        return ""
    return "" if _NOT_NAMES.search(text) else text


def strip_by(text: str) -> str:
    """Drop a leading "By" from an author given in metadata ("By Corey Kilgannon")."""
    return _BY_PREFIX.sub("", text, count=1) or text


def _rank(el: etree._Element) -> int | None:
    """How specifically ``el`` names an author: 0 (microdata) .. 3 (byline box), or None."""
    if "author" in (el.get("itemprop") or "").lower():
        return 0
    if "author" in (el.get("rel") or "").lower().split():
        return 1
    names = class_and_id(el)
    if not names:
        return None
    return _naming_rank(names)


@lru_cache(maxsize=4096)
def _naming_rank(names: str) -> int | None:
    if _AUTHOR_NAMES.search(names):
        return 2
    if _BYLINE_NAMES.search(names):
        return 3
    return None


def _name_text(el: etree._Element) -> str:
    """The element's text, or its ``itemprop=name`` part when it has one."""
    named = el.xpath(".//*[@itemprop='name']")
    source = named[0] if named else el
    return "".join(source.itertext())


def take_byline(body: etree._Element) -> str:
    """Remove short byline elements from ``body``; return the best author name found."""
    candidates: list[tuple[int, int, str]] = []
    doomed = []
    for order, el in enumerate(_CANDIDATES(body)):
        if el.tag in _SKIP:
            continue
        rank = _rank(el)
        if rank is None:
            continue
        text = clean_text("".join(el.itertext()))
        if not text or len(text) > _MAX_CHARS:
            continue
        doomed.append(el)
        name = clean_byline(_name_text(el))
        if name:
            candidates.append((rank, order, name))
    removed: set = set()
    for el in doomed:
        if any(a in removed for a in el.iterancestors()):
            continue
        removed.add(el)
        drop_element(el)
    return min(candidates)[2] if candidates else ""

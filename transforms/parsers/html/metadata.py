"""Document-level facts of a web page: title, byline, dates, language, URL, description, site.

Sources, most trusted first: JSON-LD (schema.org Article and friends), OpenGraph / Twitter /
Dublin Core / ``<meta name>`` tags, then ``<title>``, ``<link rel=canonical>`` and
``<html lang>``. Must run on the tree before scripts are removed (JSON-LD lives in them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lxml import etree

_WS = re.compile(r"\s+")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·»/\\:]{1,2}\s+")
_WORD = re.compile(r"\w+")
_URLISH = re.compile(r"^(https?:)?//|^www\.", re.I)
_ARTICLE_TYPES = re.compile(
    r"Article|BlogPosting|Report|Posting|Review|Recipe|WebPage|CreativeWork|Blog|Story", re.I
)
_MAX_SITE_WORDS = 3  # a trailing <title> segment this short is taken for the site name
_MIN_TITLE_WORDS = 2
_META_ATTRS = ("property", "name", "itemprop", "http-equiv")
# The fields docmill reports; keys of the returned metadata dict.
FIELDS = ("title", "author", "published", "modified", "language", "url", "description", "site_name")
_META_KEYS: dict[str, tuple[str, ...]] = {
    "title": (
        "dc.title",
        "dcterms.title",
        "dc:title",
        "dcterm:title",
        "og:title",
        "twitter:title",
        "weibo:article:title",
        "weibo:webpage:title",
        "title",
        "parsely-title",
        "sailthru.title",
    ),
    "author": (
        "dc.creator",
        "dc:creator",
        "dcterm:creator",
        "dcterms.creator",
        "author",
        "article:author",
        "parsely-author",
        "sailthru.author",
        "byl",
        "twitter:creator",
    ),
    "published": (
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "parsely-pub-date",
        "sailthru.date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "dcterms.date",
        "date",
        "pubdate",
        "publish-date",
        "publication_date",
        "citation_publication_date",
        "og:published_time",
    ),
    "modified": (
        "article:modified_time",
        "og:updated_time",
        "og:article:modified_time",
        "datemodified",
        "dcterms.modified",
        "last-modified",
        "lastmod",
    ),
    "description": (
        "description",
        "og:description",
        "twitter:description",
        "dc.description",
        "dcterms.description",
        "dc:description",
        "dcterm:description",
        "sailthru.description",
    ),
    "site_name": ("og:site_name", "application-name", "twitter:site", "publisher", "dc.publisher"),
    "url": ("og:url", "twitter:url"),
    "language": ("content-language", "dc.language", "language", "og:locale"),
}


def clean_text(text: str | None) -> str:
    """Collapse whitespace and strip."""
    return _WS.sub(" ", text or "").strip()


def _meta_tags(root: etree._Element) -> dict[str, str]:
    """``<meta>`` name/property/itemprop/http-equiv (lower-cased) -> first non-empty content."""
    by_attr: dict[str, dict[str, str]] = {a: {} for a in _META_ATTRS}
    for meta in root.iter("meta"):
        content = clean_text(meta.get("content"))
        if not content:
            continue
        for attr in _META_ATTRS:
            for key in (meta.get(attr) or "").lower().split():
                by_attr[attr].setdefault(key, content)
    found: dict[str, str] = {}
    for attr in _META_ATTRS:  # property="dc:title" beats name="dc:title"
        for key, content in by_attr[attr].items():
            found.setdefault(key, content)
    return found


def _walk_json(node: object, depth: int = 0) -> Iterator[dict]:
    """Every JSON object inside a JSON-LD document (``@graph`` and nested lists included)."""
    if depth > 8:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk_json(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in node:
                yield from _walk_json(node[key], depth + 1)


def _names(value: object) -> list[str]:
    """Person/organisation names from a schema.org value (string, object or list)."""
    if isinstance(value, str):
        return [clean_text(value)] if value.strip() else []
    if isinstance(value, dict):
        name = value.get("name")
        return _names(name) if name else []
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


def _overlap(a: str, b: str) -> float:
    """Share of ``a``'s words found in ``b``."""
    words = _WORD.findall(a.casefold())
    others = set(_WORD.findall(b.casefold()))
    return sum(w in others for w in words) / len(words) if words else 0.0


def _jsonld(root: etree._Element, html_title: str) -> dict[str, str]:
    """Facts from the first article-like JSON-LD object on the page."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = _CDATA.sub("", (script.text or "").strip())
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        for obj in _walk_json(data):
            kinds = obj.get("@type")
            kinds = " ".join(kinds) if isinstance(kinds, list) else str(kinds or "")
            if not _ARTICLE_TYPES.search(kinds):
                continue
            out: dict[str, str] = {}
            titles = [
                clean_text(obj[k]) for k in ("headline", "name") if isinstance(obj.get(k), str)
            ]
            publisher = _names(obj.get("publisher"))
            titles = [t for t in titles if t and t not in publisher]  # "name" may be the site
            if titles:
                # headline and name sometimes differ: the one closer to <title> names the page
                out["title"] = max(titles, key=lambda t: _overlap(t, html_title))
            authors = [n for n in _names(obj.get("author")) if not _URLISH.match(n)]
            if authors:
                out["author"] = ", ".join(dict.fromkeys(authors))
            for key, field in (
                ("datePublished", "published"),
                ("dateModified", "modified"),
                ("description", "description"),
                ("inLanguage", "language"),
            ):
                if isinstance(obj.get(key), str) and obj[key].strip():
                    out[field] = clean_text(obj[key])
            if publisher:
                out["site_name"] = publisher[0]
            if out:
                return out
    return {}


def _title_tag(root: etree._Element) -> str:
    title = root.find(".//title")
    return clean_text(title.xpath("string()")) if title is not None else ""


def _strip_site_name(title: str, site_name: str) -> str:
    """Drop a trailing site name from a ``<title>`` ("New Zealand - Wikipedia")."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    last = parts[-1]
    named = site_name and _overlap(last, site_name) >= 0.5
    if not named and len(_WORD.findall(last)) > _MAX_SITE_WORDS:
        return title
    match = list(_TITLE_SEPARATORS.finditer(title))[-1]
    head = title[: match.start()].strip()
    return head if len(_WORD.findall(head)) >= _MIN_TITLE_WORDS else title


def _language(root: etree._Element, meta: dict[str, str]) -> str:
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        body = root.find("body")
        lang = body.get("lang") if body is not None else None
    if not lang:
        for key in ("content-language", "dc.language", "language", "og:locale"):
            if meta.get(key):
                lang = meta[key].split(",")[0]
                break
    return clean_text(lang).replace("_", "-")


def _canonical(root: etree._Element, meta: dict[str, str]) -> str:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return clean_text(link.get("href"))
    return meta.get("og:url") or meta.get("twitter:url") or ""


def extract_metadata(root: etree._Element) -> dict[str, str]:
    """Return the page's metadata: keys from :data:`FIELDS`, absent when unknown."""
    meta = _meta_tags(root)
    html_title = _title_tag(root)
    found = _jsonld(root, html_title)
    for field, keys in _META_KEYS.items():
        if field in found or field in ("language", "url"):
            continue
        for key in keys:
            value = meta.get(key, "")
            if field == "author" and (_URLISH.match(value) or value.startswith("@")):
                continue
            if value:
                found[field] = value
                break
    if "title" not in found and html_title:
        found["title"] = _strip_site_name(html_title, found.get("site_name", ""))
    found["html_title"] = html_title
    language = _language(root, meta) or found.get("language", "")
    found["language"] = language
    found["url"] = _canonical(root, meta)
    return {k: v for k, v in found.items() if v}

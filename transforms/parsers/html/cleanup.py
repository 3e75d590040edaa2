"""Removing what is never content: code, hidden nodes, and page furniture (boilerplate).

Two passes over the lxml tree, both iterative (no recursion) so deep pages are safe:

- :func:`strip_junk` drops scripts, styles, embedded objects, form controls and hidden nodes;
  it applies whatever the options say.
- :func:`strip_boilerplate` drops page furniture found by its tag (``nav``, ``aside``,
  ``footer``), its ARIA role, or its class/id naming (cookie banners, share widgets,
  comments, related lists, ads, ...), unless the same naming also says "content".
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

JUNK_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "applet",
        "canvas",
        "svg",
        "link",
        "meta",
        "input",
        "select",
        "button",
        "textarea",
        "option",
        "optgroup",
        "datalist",
        "map",
        "audio",
        "video",
        "source",
        "track",
        "dialog",
        "head",
        "base",
        "param",
        "picture",
        "img",
        "math-field",
        "frame",
        "frameset",
        "portal",
    }
)
FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "menu"})
FURNITURE_ROLES = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "dialog",
        "alertdialog",
        "menu",
        "menubar",
        "toolbar",
        "tablist",
        "alert",
    }
)
# Class/id words naming page furniture. Matched as whole words of the class/id value,
# split on -, _ and spaces, so "ad" matches "ad-slot" but not "header" or "read".
FURNITURE_WORDS = re.compile(
    r"(?:^|[-_\s])("
    r"comments?|commentlist|disqus|respond|replies|"
    r"share|sharing|sharebar|social|socials|sociable|addthis|"
    r"related[a-z]*|recommended|recommendations|more-stories|"
    r"sidebar|side-bar|widget|widgets|"
    r"cookies?|consent|gdpr|cmp|onetrust|"
    r"banner|promo|promos|advert|adverts|advertisement|ads?|adsense|ad-slot|dfp|"
    r"sponsor|sponsored|outbrain|taboola|newsletter|subscribe|subscription|signup|"
    r"popup|modal|overlay|masthead|site-header|site-footer|footer|navbar|nav|navigation|"
    r"menu|breadcrumbs?|pagination|pager|skip|skiplink|toolbar|print|rss|login|"
    r"tags|tag-list|taglist|categories|author-bio|bio|"
    r"gallery|slideshow|carousel|slider"
    r")(?:$|[-_\s])",
    re.I,
)
CONTENT_WORDS = re.compile(
    r"article|body|content|entry|main|post|story|text|hentry|blog|page-content", re.I
)
_SLUG_SPLIT = re.compile(r"[-_]+")
_SLUG_WORDS = 4
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Never removed by naming: the document skeleton and content containers.
_PROTECTED = frozenset(
    {
        "html",
        "body",
        "article",
        "main",
        "a",
        "td",
        "th",
        "tr",
        "table",
        "tbody",
        "thead",
        "pre",
        "code",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)


def is_hidden(el: etree._Element) -> bool:
    """Tell whether the element is hidden from readers (``hidden``, ``aria-hidden``, CSS)."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def class_and_id(el: etree._Element) -> str:
    """Return the element's class and id joined, for naming heuristics.

    Ids that are slugs of a heading (``sharing-with-a-single-developer``, four words or
    more) describe the content, not the element's role, and are left out.
    """
    return _join_names(el.get("class") or "", el.get("id") or "")


@lru_cache(maxsize=4096)
def _join_names(classes: str, ident: str) -> str:
    if len(_SLUG_SPLIT.split(ident)) >= _SLUG_WORDS:
        ident = ""
    return f"{classes} {ident}".strip()


@lru_cache(maxsize=4096)
def naming(names: str) -> tuple[bool, bool]:
    """Say whether class/id names read as (furniture, content); cached, names repeat a lot.

    Judged per class token: a token naming both ("jp-relatedposts", "article-footer")
    names furniture only.
    """
    furniture = content = False
    for token in names.split():
        if FURNITURE_WORDS.search(token):
            furniture = True
        elif CONTENT_WORDS.search(token):
            content = True
    return furniture, content


_HIDDEN_CANDIDATES = etree.XPath(".//*[@hidden or @aria-hidden or @style]")
_FURNITURE_CANDIDATES = etree.XPath(
    ".//*[self::nav or self::aside or self::footer or self::menu or self::header"
    " or @role or @class or @id]"
)


def drop_element(el: etree._Element) -> None:
    """Remove ``el`` and its subtree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _remove_where(candidates: list, predicate, keep: frozenset = frozenset()) -> None:
    """Remove each candidate (in document order) for which ``predicate`` is true.

    Elements in ``keep`` stay. A candidate inside an already removed one is dropped from
    its detached subtree, which changes nothing.
    """
    for el in candidates:
        if el not in keep and predicate(el):
            drop_element(el)


def strip_junk(root: etree._Element) -> None:
    """Remove non-content elements and hidden nodes, in place."""
    etree.strip_elements(root, *JUNK_TAGS, with_tail=False)
    _remove_where(_HIDDEN_CANDIDATES(root), is_hidden)


def furniture_evidence(el: etree._Element) -> str | None:
    """Say why ``el`` looks like page furniture: ``"tag"``, ``"name"`` or None if it does not."""
    tag = el.tag
    if tag in FURNITURE_TAGS:
        return "tag"
    role = (el.get("role") or "").lower()
    if role in FURNITURE_ROLES:
        return "name"
    if tag in _PROTECTED:
        return None
    if tag == "header":
        return "tag" if el.find(".//h1") is None else None
    names = class_and_id(el)
    if names and naming(names) == (True, False):
        return "name"
    return None


def _holds_article(el: etree._Element) -> bool:
    for tag in ("h1", "article", "main"):
        if el.find(f".//{tag}") is not None:
            return True
    return bool(el.xpath(".//*[@itemprop='articleBody']"))


def strip_boilerplate(root: etree._Element, keep: frozenset = frozenset()) -> None:
    """Remove page furniture, in place; elements in ``keep`` stay.

    Naming is only a hint: an element named like furniture that holds the article (its
    ``h1``, an ``article`` or ``main`` element, ``itemprop=articleBody``) is a layout
    wrapper (``panel-two-col-sidebar``, ``nav_drawer``) and stays.
    """

    def doomed(el: etree._Element) -> bool:
        evidence = furniture_evidence(el)
        if evidence == "name":
            return not _holds_article(el)
        return evidence is not None

    _remove_where(_FURNITURE_CANDIDATES(root), doomed, keep)

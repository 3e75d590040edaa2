"""Main-content selection: find the article in a page already stripped of junk and furniture.

Text blocks (paragraphs, preformatted text, table cells, text-only divs) are scored by their
length and punctuation; each block's score flows to its ancestors, fully to the parent and
decaying further up, so the container holding the most prose wins. The winner's siblings
join when they score well or read like prose. The chosen region is then pruned of link
lists and other low-text clutter. A page whose best region is thin (listings, forms, a bare
table) keeps its whole body instead, and a page's only data table is always kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from transforms.parsers.html.cleanup import class_and_id, drop_element, naming
from transforms.parsers.html.tables import is_data_table
from transforms.parsers.html.textstats import TextStats, compute_stats

BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
        "legend",
        "search",
    }
)
_UNIT_TAGS = frozenset({"p", "pre", "td", "dd"})
_TEXT_CONTAINERS = frozenset({"div", "section", "article", "main", "span", "font", "center"})
_TAG_BONUS = {
    "div": 5,
    "article": 8,
    "main": 5,
    "section": 2,
    "pre": 3,
    "td": 3,
    "blockquote": 3,
    "address": -3,
    "ol": -3,
    "ul": -3,
    "dl": -3,
    "dd": -3,
    "dt": -3,
    "li": -3,
    "form": -3,
    "h1": -5,
    "h2": -5,
    "h3": -5,
    "h4": -5,
    "h5": -5,
    "h6": -5,
    "th": -5,
}
_COMMAS = re.compile(r"[,，、،]")
_MIN_UNIT_CHARS = 25
_EXTEND_LINKS = 0.25  # a parent's extra text may hold at most this share of link text
_EXTEND_BLOCKS = 0.6  # ... and must be at least this much text blocks
_EXTEND_SMALL = 40  # extra text up to this many characters is ignored
_TABLE_CAP = 10.0  # a data table scores like at most this many paragraphs' length bonus
_CLOSE = 0.6  # candidates scoring this share of the best one are "close"
_MAX_CLOSE = 5
_MIN_CLOSE = 1  # close candidates needed under one ancestor to move up to it
_THIN_CHARS = 500  # a best region under this many characters ...
_THIN_SHARE = 0.25  # ... holding under this share of the page's text means "not an article"
_SMALL_PAGE = 1000  # a page with less text than this (furniture gone) is all content


def class_weight(el: etree._Element) -> int:
    """+25 for content naming or ``itemprop=articleBody``, -25 for furniture naming."""
    weight = 25 if "articlebody" in (el.get("itemprop") or "").lower() else 0
    names = class_and_id(el)
    if not names:
        return weight
    furniture, content = naming(names)
    if content:
        weight += 25
    if furniture:
        weight -= 25
    return weight


def _has_block_child(el: etree._Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el)


def _is_unit(el: etree._Element) -> bool:
    if el.tag in _UNIT_TAGS:
        return True
    return el.tag in _TEXT_CONTAINERS and not _has_block_child(el)


def _units(body: etree._Element, stats: TextStats) -> Iterator[tuple[etree._Element, float, bool]]:
    """Scored text blocks, their scores and whether they sit inside another block.

    A data table counts as one block.
    """
    stack: list[tuple[etree._Element, bool]] = [(el, False) for el in reversed(body)]
    while stack:
        el, nested = stack.pop()
        if not isinstance(el.tag, str):
            continue
        n_chars = stats.chars.get(el, 0)
        if el.tag == "table" and is_data_table(el):
            if n_chars >= _MIN_UNIT_CHARS:
                score = (1 + min(n_chars / 100, _TABLE_CAP)) * (1 - stats.link_density(el))
                yield el, score, nested
            continue
        is_unit = n_chars >= _MIN_UNIT_CHARS and _is_unit(el)
        stack.extend((child, nested or is_unit) for child in reversed(el))
        if is_unit:
            text = "".join(el.itertext())
            unit = 1 + len(_COMMAS.findall(text)) + min(n_chars / 100, 3.0)
            yield el, unit * (1 - stats.link_density(el)), nested


def score_candidates(body: etree._Element, stats: TextStats) -> tuple[dict, dict]:
    """Content score of every container holding scored text blocks, and its block text.

    The second map gives, for every ancestor of a block, the characters of the
    (outermost) blocks inside it.
    """
    scores: dict = {}
    block_chars: dict = {}
    for el, unit, nested in _units(body, stats):
        if not nested:
            n_chars = stats.chars.get(el, 0)
            for ancestor in el.iterancestors():
                block_chars[ancestor] = block_chars.get(ancestor, 0) + n_chars
                if ancestor is body:
                    break
            block_chars[el] = block_chars.get(el, 0) + n_chars
        ancestor = el.getparent()
        level = 0
        while ancestor is not None and level < 5:
            if ancestor not in scores:
                scores[ancestor] = _TAG_BONUS.get(ancestor.tag, 0) + class_weight(ancestor)
            divider = 1 if level == 0 else (2 if level == 1 else level * 3)
            scores[ancestor] += unit / divider
            if ancestor is body:
                break
            ancestor = ancestor.getparent()
            level += 1
    for el in scores:
        scores[el] *= 1 - stats.link_density(el)
    return scores, block_chars


def _extend(top: etree._Element, stats: TextStats, block_chars: dict, body: etree._Element):
    """Grow the region upwards while what the parent adds is prose.

    Articles whose sections sit in separate wrappers (one per image, pull quote or ad
    slot) leave the best candidate holding only part of the text; a parent whose extra
    text is mostly text blocks with few links holds more of the same article.
    """
    current = top
    while True:
        parent = current.getparent()
        if parent is None or parent is body:
            return current
        extra = stats.chars.get(parent, 0) - stats.chars.get(current, 0)
        if extra > _EXTEND_SMALL:  # a "Read more" link or an empty ad slot does not count
            extra_links = stats.link_chars.get(parent, 0) - stats.link_chars.get(current, 0)
            extra_blocks = block_chars.get(parent, 0) - block_chars.get(current, 0)
            if extra_links > _EXTEND_LINKS * extra or extra_blocks < _EXTEND_BLOCKS * extra:
                return current
        current = parent


def _promote(top: etree._Element, scores: dict, body: etree._Element) -> etree._Element:
    """Move up to the container shared by several near-best candidates.

    An article split into sibling sections deeper in the tree gives several candidates
    of similar score; their closest common ancestor holds the whole article.
    """
    top_score = scores[top]
    lineage = {top, *top.iterancestors()}
    close = [
        el
        for el, score in scores.items()
        if score >= _CLOSE * top_score and el not in lineage and top not in set(el.iterancestors())
    ]
    close = sorted(close, key=scores.get, reverse=True)[:_MAX_CLOSE]
    if len(close) < _MIN_CLOSE:
        return top
    for ancestor in top.iterancestors():
        if ancestor is body:
            break
        inside = sum(1 for el in close if el is ancestor or ancestor in set(el.iterancestors()))
        if inside >= _MIN_CLOSE:
            return ancestor
    return top


def _reads_like_prose(el: etree._Element, stats: TextStats) -> bool:
    n_chars = stats.chars.get(el, 0)
    density = stats.link_density(el)
    if n_chars > 80:
        return density < 0.25
    text = " ".join("".join(el.itertext()).split())
    return n_chars > 0 and density == 0 and bool(re.search(r"\.( |$)", text))


def select_regions(body: etree._Element, stats: TextStats) -> list[etree._Element]:
    """Return the main-content region(s) of the page, in document order."""
    if stats.chars.get(body, 0) < _SMALL_PAGE:
        return [body]
    scores, block_chars = score_candidates(body, stats)
    if not scores:
        return [body]
    top = _promote(max(scores, key=scores.get), scores, body)
    top = _extend(top, stats, block_chars, body)
    if top is body or top.getparent() is None:
        return [body]
    top_score = max(scores.values())  # the best block container, even after moving up
    threshold = max(10.0, top_score * 0.2)
    top_class = top.get("class")
    regions = []
    for sibling in top.getparent():
        if not isinstance(sibling.tag, str):
            continue
        if sibling is top:
            regions.append(sibling)
            continue
        bonus = top_score * 0.2 if top_class and sibling.get("class") == top_class else 0.0
        if scores.get(sibling, 0.0) + bonus >= threshold or (
            sibling.tag == "p" and _reads_like_prose(sibling, stats)
        ):
            regions.append(sibling)
    chosen = sum(stats.chars.get(r, 0) for r in regions)
    if chosen < _THIN_CHARS and chosen < _THIN_SHARE * stats.chars.get(body, 0):
        return [body]
    return regions


def _is_list(el: etree._Element) -> bool:
    return el.tag in ("ul", "ol", "dl")


def prune_region(region: etree._Element, stats: TextStats, keep: frozenset = frozenset()) -> None:
    """Drop link lists and furniture-named blocks inside a chosen region, in place.

    Elements in ``keep`` (the ancestors of a table that must survive) stay.
    """
    doomed = []
    for el in region.iter("div", "section", "ul", "ol", "dl", "form", "table", "header"):
        if el is region or (el.tag == "table" and is_data_table(el)):
            continue
        weight = class_weight(el)
        if weight < 0:
            doomed.append(el)
            continue
        text = "".join(el.itertext())
        if len(_COMMAS.findall(text)) >= 10:
            continue
        density = stats.link_density(el)
        if density > 0.5 or (not _is_list(el) and weight < 25 and density > 0.25):
            doomed.append(el)
    removed: set = set()
    for el in doomed:
        if el in keep or any(a in removed for a in el.iterancestors()):
            continue
        removed.add(el)
        drop_element(el)


def main_regions(body: etree._Element) -> list[etree._Element]:
    """Select and prune the main content; the page's only data table is always included."""
    stats = compute_stats(body)
    regions = select_regions(body, stats)
    tables = [t for t in body.iter("table") if is_data_table(t)]
    only_table = tables[0] if len(tables) == 1 else None
    keep = frozenset(only_table.iterancestors()) if only_table is not None else frozenset()
    if regions != [body]:
        for region in regions:
            prune_region(region, stats, keep)
    if only_table is not None:
        inside = any(r is only_table or r in keep for r in regions)
        if not inside:
            regions.append(only_table)
    regions.sort(key=lambda el: stats.order.get(el, 0))
    return regions

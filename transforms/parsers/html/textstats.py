"""Text and link-text lengths of every element of a tree, computed once, bottom-up."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree


@dataclass
class TextStats:
    """Per-element text length and the part of it inside links, for the whole tree."""

    chars: dict = field(default_factory=dict)
    link_chars: dict = field(default_factory=dict)
    order: dict = field(default_factory=dict)

    def link_density(self, el: etree._Element) -> float:
        """Share of the element's text that sits inside links."""
        total = self.chars.get(el, 0)
        return self.link_chars.get(el, 0) / total if total else 0.0


def _text_len(text: str | None) -> int:
    return len(" ".join(text.split())) if text else 0


def compute_stats(root: etree._Element) -> TextStats:
    """Text and link-text lengths of every element, bottom-up without recursion."""
    stats = TextStats()
    nodes = [el for el in root.iter() if isinstance(el.tag, str)]
    for i, el in enumerate(nodes):
        stats.order[el] = i
    for el in reversed(nodes):
        total = _text_len(el.text)
        links = 0
        for child in el:
            total += stats.chars.get(child, 0) + _text_len(child.tail)
            links += stats.link_chars.get(child, 0)
        stats.chars[el] = total
        stats.link_chars[el] = total if el.tag == "a" else links
    return stats

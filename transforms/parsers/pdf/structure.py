"""From blocks to elements: title, heading levels, list items, paragraphs and tables.

Heading levels come from the document's own font statistics: the body size is the size
carrying most characters; short blocks set larger than the body, or in bold at body size,
are heading candidates, and their styles ranked by size (bold first) give the levels.
When the PDF has an outline, a block matching an outline entry on its page takes the
outline's level instead.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from transforms.model import Box, Element, Kind
from transforms.parsers.pdf.code import code_text
from transforms.parsers.pdf.furniture import is_page_number
from transforms.parsers.pdf.heading_levels import (
    MAX_LEVEL,
    Style,
    labels_demoted,
    levels_by_style,
    numbered_levels,
)
from transforms.parsers.pdf.heading_text import (
    bold_heading_text,
    byline,
    fragment,
    names,
    set_sentences,
)
from transforms.parsers.pdf.lines import Line
from transforms.parsers.pdf.segment import MAX_HEADING_LINES, Block, _ends_sentence
from transforms.parsers.pdf.text import join_lines, toc_entry

MAX_HEADING_CHARS = 200
MIN_BODY_CHARS = 200  # characters of lines with words before they may set the body size
LIST_INDENT = 72.0  # the widest step from a list level to the next (points)
MAX_TOC_INDENTS = 6  # contents entries starting at more places are not indented by level
MAX_INTERRUPTIONS = 3  # blocks at a page break that may stand between a paragraph's parts
MAX_INTERRUPTION_LINES = 8  # lines of such a block (a footnote or two)
_NORM = re.compile(r"[\W_]+")
_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]", re.S)
_CLOSING_FIGURE = re.compile(r"\d+[\]),;]+ ?[^\W\d_]")  # "37], layout", "12) and"
_WORD = re.compile(r"[^\W\d_]{3}")
_CAPTION = re.compile(r"(?:fig(?:ure)?|tab(?:le)?|abb(?:ildung)?|tabelle|chart|plate)\b", re.I)


def _norm(text: str) -> str:
    return _NORM.sub(" ", text.lower()).strip()


@dataclass
class Outline:
    """The PDF outline (bookmarks), indexed by page for matching against blocks."""

    by_page: dict[int, list[tuple[str, int]]] = field(default_factory=dict)

    @classmethod
    def from_toc(cls, toc: list[list]) -> Outline:
        """Build from ``Document.get_toc()`` rows ``[level, title, page]``."""
        by_page: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for row in toc:
            level, title, page = int(row[0]), str(row[1]), int(row[2])
            key = _norm(title)
            if key and page >= 1:
                by_page[page].append((key, min(max(level, 1), MAX_LEVEL)))
        return cls(dict(by_page))

    def level_of(self, block: Block, text: str) -> int | None:
        """Return the outline level of ``block`` if its text is an outline entry of its page."""
        key = _norm(text)
        if not key:
            return None
        for entry, level in self.by_page.get(block.page, ()):
            if key == entry or (
                len(entry) >= 8 and key.startswith(entry) and not set_sentences(text)
            ):
                return level  # a heading longer than its entry, not a paragraph it starts
        return None


def _is_heading_shaped(block: Block, text: str) -> bool:
    return (
        block.table is None
        and len(block.lines) <= MAX_HEADING_LINES
        and len(text) <= MAX_HEADING_CHARS
        and _TWO_LETTERS.search(text) is not None
        and not is_page_number(text)
    )


@dataclass
class Styles:
    """Document-level font facts: body style, heading styles with their levels, the title."""

    body_size: float
    levels: dict[Style, int]
    title_block: int | None  # id() of the block shown as the document title
    candidates: frozenset[int] = frozenset()  # id() of the blocks that may be headings

    @classmethod
    def measure(cls, blocks: list[Block], texts: dict[int, str]) -> Styles:
        """Measure ``blocks`` (all blocks of the document, ``texts`` keyed by block id)."""
        sizes: Counter[float] = Counter()
        worded: Counter[float] = Counter()  # lines with words, not a chart's tick labels
        for block in blocks:
            for ln in block.lines:
                sizes[ln.style[0]] += len(ln.text)
                if _TWO_LETTERS.search(ln.text):
                    worded[ln.style[0]] += len(ln.text)
        if not sizes:
            return cls(0.0, {}, None)
        body = sizes.most_common(1)[0][0]
        if worded.total() >= MIN_BODY_CHARS and worded.most_common(1)[0][0] > body:
            # figures set smaller than the text (a chart's tick labels) do not count
            sizes, body = worded, worded.most_common(1)[0][0]
        body_bold, body_italic = _body_set_in(blocks, body)
        candidates: dict[Style, list[Block]] = defaultdict(list)
        repeated = Counter(texts[id(b)] for b in blocks if b.table is None)
        running: Counter[Style] = Counter()  # characters of each style in running text
        for i, block in enumerate(blocks):
            if block.table:
                continue
            if not _is_heading_shaped(block, texts[id(block)]):
                running[block.style] += block.chars
                continue
            if fragment(texts[id(block)]) or (block.marker and block.marker[1] is None):
                continue  # a bulleted line is a list item, even in bold
            after = texts.get(id(blocks[i + 1]), "") if i + 1 < len(blocks) else ""
            if names(texts[id(block)]) or (block.page <= 2 and byline(texts[id(block)], after)):
                continue  # the authors under a title, their affiliations (on the first pages)
            if any(ln.ocr for ln in block.lines):
                continue  # words read in a picture (a chart's labels) are no heading
            size, bold = block.style
            # larger, but not sentences set large (a lead paragraph, a pull quote)
            larger = size >= body + max(0.9, 0.08 * body) and not set_sentences(texts[id(block)])
            bold_body = (
                bold
                and not body_bold
                and size >= body - 0.6
                and bold_heading_text(texts[id(block)])
            )
            italic_body = (
                not body_italic
                and repeated[texts[id(block)]] < 3  # a running header left in the text
                and _italic_heading(block, texts[id(block)], body)
                and _leads_text(block, blocks[i + 1] if i + 1 < len(blocks) else None)
            )
            if larger or bold_body or italic_body:
                candidates[(size, bold)].append(block)
        total = sum(sizes.values())
        shaped = {s: sum(b.chars for b in bl) for s, bl in candidates.items()}
        styles = [
            s for s, chars in shaped.items()
            if chars < 0.35 * total
            # a larger size set mostly in running text is a second body (a form's filled-in
            # values, a report's lead paragraphs), not a heading style; body-size bold or
            # italic headings share their (size, weight) with the body: not measured
            and (s[0] <= body or running[s] <= 4 * chars)
        ]  # fmt: skip
        title_block = _shown_title(blocks, candidates, styles, body)
        if title_block is not None:
            title_style = title_block.style
            if len(candidates[title_style]) == 1:
                styles.remove(title_style)
        levels = levels_by_style(styles, candidates)
        chosen = frozenset(id(b) for s in styles for b in candidates[s])
        return cls(body, levels, id(title_block) if title_block is not None else None, chosen)


def _italic_heading(block: Block, text: str, body: float) -> bool:
    """Whether a block reads as an italic subheading: one italic line at body size.

    Not a caption ("Fig. 3 - ..."), an address (commas), a formula (no word of three
    letters) or a line left unfinished (a final comma).
    """
    return (
        len(block.lines) == 1
        and block.italic
        and abs(block.lines[0].size - body) < 0.6
        and text[:1].isupper()
        and bold_heading_text(text)
        and text.count(",") < 2
        and not text.rstrip().endswith(",")
        and _CAPTION.match(text) is None
        and _WORD.search(text) is not None
    )


def _leads_text(block: Block, after: Block | None) -> bool:
    """Whether ``after`` is roman running text right under ``block`` (its section)."""
    if after is None or after.table is not None or after.italic or after.marker is not None:
        return False
    first = after.lines[0]
    return (
        first.page == block.page
        and after.chars >= 3 * block.chars
        and first.text[:1].isupper()
        and -0.5 * first.size <= first.y0 - block.lines[-1].y1 < 2 * first.size
    )


def _body_set_in(blocks: list[Block], body: float) -> tuple[bool, bool]:
    """Whether most body-size text is bold, and whether most of it is italic."""
    bold = italic = total = 0
    for block in blocks:
        for ln in block.lines:
            if ln.style[0] == body:
                n = len(ln.text)
                total += n
                bold += n if ln.bold else 0
                italic += n if ln.italic else 0
    return bold * 2 > total, italic * 2 > total


def _shown_title(
    blocks: list[Block], candidates: dict[Style, list[Block]], styles: list[Style], body: float
) -> Block | None:
    """Find the largest heading on the first page with text, if none anywhere is larger.

    An italic subheading at body size is never the title.
    """
    if not styles:
        return None
    first_page = next((b.page for b in blocks if b.lines), None)
    top_size = max(s[0] for s in styles)
    on_first = [
        b
        for s in styles
        for b in candidates[s]
        if b.page == first_page and s[0] == top_size and not (b.italic and s[0] < body + 0.6)
    ]
    if not on_first:
        return None
    return min(on_first, key=lambda b: b.lines[0].y0)


def boxes_of(lines: list[Line]) -> tuple[Box, ...]:
    """One box per page and column run of ``lines``."""
    boxes: list[list[float]] = []
    pages: list[int] = []
    for ln in lines:
        if boxes and pages[-1] == ln.page:
            b = boxes[-1]
            if min(b[2], ln.x1) - max(b[0], ln.x0) > 0:
                b[0], b[1], b[2], b[3] = (min(b[0], ln.x0), min(b[1], ln.y0), max(b[2], ln.x1),
                                          max(b[3], ln.y1))  # fmt: skip
                continue
        boxes.append([ln.x0, ln.y0, ln.x1, ln.y1])
        pages.append(ln.page)
    return tuple(
        Box(p, round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))
        for p, b in zip(pages, boxes, strict=True)
    )


def _list_levels(blocks: list[Block]) -> dict[int, int]:
    """Nesting depth of each list-item block, from its marker's indentation in its run.

    Items of a run that continues in another column (a step right wider than
    ``LIST_INDENT``) start again at depth 0.
    """
    levels: dict[int, int] = {}
    run: list[Block] = []

    def close() -> None:
        indents: list[float] = []
        depths: list[int] = []  # a jump wider than LIST_INDENT is another column: depth 0
        for b in sorted(run, key=lambda b: b.lines[0].x0):
            x = b.lines[0].x0
            if not indents or x - indents[-1] > 4.0:
                deeper = bool(indents) and x - indents[-1] <= LIST_INDENT
                depths.append(depths[-1] + 1 if deeper else 0)
                indents.append(x)
        ragged = len(indents) > MAX_TOC_INDENTS and all(b.toc for b in run)
        for b in run:
            x = b.lines[0].x0
            depth = depths[max(i for i, v in enumerate(indents) if v <= x + 4.0)]
            levels[id(b)] = 0 if ragged else depth  # entries set ragged: no nesting shown

    for block in blocks:
        if block.marker is not None or block.toc:
            run.append(block)
        elif run and (block.table or block.lines[0].x0 <= run[0].lines[0].x0 + 4):
            close()
            run = []
    if run:
        close()
    return levels


def to_elements(
    blocks: list[Block], styles: Styles, outline: Outline, texts: dict[int, str]
) -> list[Element]:
    """Classify each block and build the elements, in order."""
    list_levels = _list_levels(blocks)
    elements: list[Element] = []
    by_outline: set[int] = set()  # indexes of the headings the PDF's outline names
    for block in blocks:
        if block.table is not None:
            t = block.table
            elements.append(
                Element(
                    Kind.TABLE,
                    text="",
                    page=t.page,
                    boxes=(Box(t.page, *(round(v, 2) for v in t.found.bbox)),),
                    table=t.found.table,
                )
            )
            continue
        text = texts[id(block)]
        boxes = boxes_of(block.lines)
        page = block.page
        if block.code:
            elements.append(Element(Kind.CODE, text=text, page=page, boxes=boxes))
            continue
        if block.toc:
            level = list_levels.get(id(block), 0)
            elements.append(Element(Kind.LIST_ITEM, text=text, level=level, page=page, boxes=boxes))
            continue
        if id(block) == styles.title_block:
            elements.append(Element(Kind.TITLE, text=text, page=page, boxes=boxes))
            continue
        shaped = _is_heading_shaped(block, text)
        level = outline.level_of(block, text) if shaped else None
        if level is not None:
            by_outline.add(len(elements))
        if level is None and id(block) in styles.candidates:
            level = styles.levels.get(block.style)
        if level is not None:
            elements.append(Element(Kind.HEADING, text=text, level=level, page=page, boxes=boxes))
        elif block.marker is not None:
            _, ordinal, rest = block.marker
            item = join_lines([rest] + [ln.text for ln in block.lines[1:]], set())
            elements.append(
                Element(
                    Kind.LIST_ITEM,
                    text=texts.get(-id(block), item),
                    level=list_levels.get(id(block), 0),
                    page=page,
                    boxes=boxes,
                    ordinal=ordinal,
                )
            )
        else:
            elements.append(Element(Kind.PARAGRAPH, text=text, page=page, boxes=boxes))
    return numbered_levels(labels_demoted(elements, by_outline))


def block_texts(blocks: list[Block], vocabulary: set[str]) -> dict[int, str]:
    """Join the lines of every block (key ``id(block)``); list items also without marker."""
    texts: dict[int, str] = {}
    for block in blocks:
        if block.table is not None:
            continue
        if block.code:
            texts[id(block)] = code_text(block.lines)
            continue
        lines = [ln.text for ln in block.lines]
        texts[id(block)] = join_lines(lines, vocabulary)
        if block.toc:
            texts[id(block)] = toc_entry(texts[id(block)]) or texts[id(block)]
        if block.marker is not None:
            texts[-id(block)] = join_lines([block.marker[2], *lines[1:]], vocabulary)
    return texts


def _goes_on(prev: Block, block: Block) -> bool:
    """Whether ``block`` is the rest of paragraph ``prev``, cut by a page break."""
    return (
        prev.table is None
        and block.table is None
        and block.marker is None
        and not prev.code
        and not block.code
        and prev.lines[-1].page != block.lines[0].page
        and not _ends_sentence(prev.lines[-1].text)
        and _carries_on(prev.lines[-1].text, block.lines[0].text)
        and abs(prev.lines[-1].size - block.lines[0].size) < 0.6
    )


def _carries_on(last: str, first: str) -> bool:
    """Whether a line starting ``first`` carries on one ending ``last`` across a page.

    It starts in lower case, or with a figure closing a list after a comma or an open
    bracket (citations "[11," / "37], layout detection [38, 22] ..."); a page number, a
    numbered running head ("2.3. DEFINING INDUCTION") are no continuation.
    """
    if first[:1].islower():
        return True
    last = last.rstrip()
    return bool(_CLOSING_FIGURE.match(first)) and (
        last.endswith(",") or last.count("[") > last.count("]") or last.count("(") > last.count(")")
    )


def _at_page_edge(block: Block, cut: Line, rest: Line) -> bool:
    """Whether ``block`` sits below line ``cut`` on its page or above ``rest`` on the next.

    Footnotes (set smaller), a running footer or header, a page number (short): what
    stands between a paragraph's last line on one page and its rest on the next.
    """
    if block.table is not None or block.code or len(block.lines) > MAX_INTERRUPTION_LINES:
        return False
    smaller = all(ln.size < cut.size - 0.5 for ln in block.lines)  # footnotes
    short = len(block.lines) <= 2 and block.chars <= 120  # a running line, a page number
    if not (smaller or short):
        return False
    # set apart by more than a line's spacing: not the page's next or previous line
    below = all(ln.page == cut.page and ln.y0 >= cut.y1 + cut.height for ln in block.lines)
    above = all(ln.page == rest.page and ln.y1 <= rest.y0 - rest.height for ln in block.lines)
    return below or above


def merge_across_pages(blocks: list[Block]) -> list[Block]:
    """Join a paragraph cut by a page break (no final stop, lower-case start).

    Up to ``MAX_INTERRUPTIONS`` blocks at the page's foot or the next page's head
    (footnotes, running lines, page numbers: see :func:`_at_page_edge`) may stand between
    the two parts: the paragraph is joined and they follow it, instead of being spliced
    into its sentence.
    """
    out: list[Block] = []
    for block in blocks:
        for back in range(1, min(len(out), MAX_INTERRUPTIONS + 1) + 1):
            prev = out[-back]
            if _goes_on(prev, block):
                cut, rest = prev.lines[-1], block.lines[0]
                between = out[len(out) - back + 1 :]
                if not between or (
                    len(cut.text.split()) >= 4  # running text, not a label or a number
                    and cut.x1 - cut.x0 >= 0.6 * (rest.x1 - rest.x0)  # cut at the margin
                    and all(_at_page_edge(b, cut, rest) for b in between)
                ):
                    prev.lines.extend(block.lines)
                    break
        else:
            out.append(block)
    return out

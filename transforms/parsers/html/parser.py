"""The HTML parser: bytes -> decoded text -> lxml tree -> metadata + main content -> elements."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version

from lxml import etree

from transforms.config import PipelineConfig
from transforms.errors import DocumentError, LimitExceededError
from transforms.model import Element, Kind, ParsedDoc, Source
from transforms.parsers.html.byline import strip_by, take_byline
from transforms.parsers.html.cleanup import strip_boilerplate, strip_junk
from transforms.parsers.html.content import main_regions
from transforms.parsers.html.decoding import decode_html
from transforms.parsers.html.extract import extract_elements
from transforms.parsers.html.metadata import clean_text, extract_metadata
from transforms.parsers.html.tables import is_data_table

_WORDS = re.compile(r"\w+")
# Characters lxml refuses in text it is given (a tail moved when furniture is dropped):
# NUL becomes U+FFFD as in browsers, vertical tab and form feed a space, the rest go.
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_compatible(match: re.Match[str]) -> str:
    char = match.group()
    return "\ufffd" if char == "\x00" else " " if char in "\x0b\x0c" else ""


# A document type declaration with an internal subset (entity declarations): libxml2's
# HTML parser neither expands nor drops it, so its tail ("]>") would become page text.
_INTERNAL_SUBSET = re.compile(r"\A(\s*<\?xml[^>]*>)?\s*<!DOCTYPE\s[^\[>]*\[.*?\]\s*>", re.I | re.S)
_MAX_TITLE_CANDIDATES = 5


def _lib_version() -> str:
    try:
        return f"lxml=={version('lxml')}"
    except PackageNotFoundError:  # pragma: no cover - lxml is a dependency
        return "lxml"


PARSER_NAME = _lib_version()


def _html_parser() -> etree.HTMLParser:
    """Make a libxml2 HTML parser that never touches the network or keeps comments."""
    return etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        default_doctype=False,
        huge_tree=True,  # nesting up to 2048 and long text nodes; our size limit bounds memory
    )


def parse_tree(text: str) -> etree._Element | None:
    """Return the page's lxml tree, or None when there is no markup or text at all.

    Raises :class:`LimitExceededError` when libxml2 gives up on a resource limit (nesting
    deeper than 2048 levels): the rest of such a page would be silently lost.
    """
    if not text.strip():
        return None
    text = _INTERNAL_SUBSET.sub("", text, count=1)
    text = _XML_INCOMPATIBLE.sub(_xml_compatible, text)
    parser = _html_parser()
    try:
        root = etree.fromstring(text.encode("utf-8", errors="replace"), parser)
    except etree.XMLSyntaxError:
        return None
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise LimitExceededError(f"HTML page too deeply nested: {error.message.strip()}")
    return root


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.casefold())


def _is_title_like(heading: str, title: str) -> bool:
    """Tell whether a heading states the same thing as the page title."""
    h, t = _words(heading), _words(title)
    if not h or not t:
        return False
    hs, ts = " ".join(h), " ".join(t)
    return hs == ts or (len(h) >= 2 and hs in ts) or (len(t) >= 2 and ts in hs)


def shown_title(body: etree._Element, meta_title: str) -> str:
    """Return the title the page shows: the ``h1`` naming the page ("" when none does).

    With a metadata title, the first of the first few ``h1`` that states the same thing;
    without one, the page's only ``h1``.
    """
    headings = []
    for h1 in body.iter("h1"):
        if any(a.tag in ("table", "li") for a in h1.iterancestors()):
            continue  # a heading in a table cell or list item does not title the page
        text = clean_text("".join(h1.itertext()))
        if text:
            headings.append(text)
        if len(headings) >= _MAX_TITLE_CANDIDATES:
            break
    if meta_title:
        return next((h for h in headings if _is_title_like(h, meta_title)), "")
    return headings[0] if len(headings) == 1 else ""


def _with_title(elements: list[Element], shown: str) -> list[Element]:
    """Put the shown title first as TITLE, removing its heading from the body."""
    if not shown:
        return elements
    for i, element in enumerate(elements):
        if element.kind is Kind.HEADING and element.text == shown:
            elements = elements[:i] + elements[i + 1 :]
            break
    return [Element(Kind.TITLE, shown), *elements]


def _junk_free_body(text: str) -> etree._Element:
    """Parse again and strip only junk: the fallback when main-content selection is empty."""
    root = parse_tree(text)
    strip_junk(root)
    body = root.find("body")
    return root if body is None else body


def _main_content(body: etree._Element) -> list[etree._Element]:
    """Strip furniture (never the page's only data table) and select the main regions."""
    tables = [t for t in body.iter("table") if is_data_table(t)]
    keep = frozenset([tables[0], *tables[0].iterancestors()]) if len(tables) == 1 else frozenset()
    strip_boilerplate(body, keep)
    return main_regions(body)


class HtmlParser:
    """HTML pages: main content (boilerplate removed), structure and metadata."""

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Parse an HTML page into elements in reading order."""
        options = config.html
        if source.size_bytes > options.max_bytes:
            raise LimitExceededError(
                f"HTML page of {source.size_bytes} bytes exceeds the {options.max_bytes}-byte limit"
            )
        text, encoding = decode_html(source.data)
        root = parse_tree(text)
        if root is None:
            raise DocumentError("the HTML page is empty", reason="empty")
        metadata = extract_metadata(root)
        strip_junk(root)
        body = root.find("body")
        if body is None:
            body = root
        shown = shown_title(body, metadata.get("title", ""))
        if options.main_content:
            byline = take_byline(body)
            if byline and "author" not in metadata:
                metadata["author"] = byline
            elements = extract_elements(_main_content(body))
            if not elements:
                # everything looked like furniture (a page that is only a header): keep it all
                elements = extract_elements([_junk_free_body(text)])
        else:
            elements = extract_elements([body])
        if "author" in metadata:
            metadata["author"] = strip_by(metadata["author"])
        elements = _with_title(elements, shown)
        if not elements:
            raise DocumentError("the HTML page has no text", reason="empty")
        metadata.pop("html_title", None)
        metadata["encoding"] = encoding
        title = shown or metadata.get("title", "")
        if title and "title" not in metadata:
            metadata["title"] = title
        return ParsedDoc(
            source=source,
            elements=tuple(elements),
            parser=PARSER_NAME,
            title=title or None,
            language=metadata.get("language") or None,
            metadata=metadata,
        )

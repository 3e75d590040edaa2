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
from transforms.parsers.html.metadata import extract_metadata
from transforms.parsers.html.tables import is_data_table

_WORDS = re.compile(r"\w+")


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


def _with_title(elements: list[Element], meta_title: str) -> tuple[list[Element], str]:
    """Put a TITLE first: the leading heading naming the page, else the metadata title."""
    for i, element in enumerate(elements[:6]):
        if element.kind is Kind.HEADING and element.level is not None and element.level <= 2:
            if not meta_title or _is_title_like(element.text, meta_title):
                rest = elements[:i] + elements[i + 1 :]
                return [Element(Kind.TITLE, element.text), *rest], element.text
            break
    if meta_title:
        return [Element(Kind.TITLE, meta_title), *elements], meta_title
    return elements, ""


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
        if options.main_content:
            byline = take_byline(body)
            if byline and "author" not in metadata:
                metadata["author"] = byline
            regions = _main_content(body)
        else:
            regions = [body]
        if "author" in metadata:
            metadata["author"] = strip_by(metadata["author"])
        elements = extract_elements(regions)
        elements, title = _with_title(elements, metadata.get("title", ""))
        if not elements:
            raise DocumentError("the HTML page has no text", reason="empty")
        metadata.pop("html_title", None)
        metadata["encoding"] = encoding
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

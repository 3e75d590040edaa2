"""Word-processor documents, e-books and markup: DOCX, ODT, RTF, EPUB, RST and XML.

* **DOCX** through ``unstructured.partition_docx`` (python-docx underneath): headings by
  paragraph style, list items with their numbering labels, tables with merged cells,
  page numbers where Word recorded rendered page breaks, headers and footers dropped.
* **ODT, RTF, EPUB, reStructuredText** through pandoc (the binary shipped by
  ``pypandoc-binary``, run with ``--sandbox``: no file or network access) into HTML,
  which docmill's own HTML parser reads with main-content selection off. unstructured
  does the same conversion, then classifies paragraphs with text heuristics; docmill's
  parser keeps what pandoc states: heading levels, ordered-list numbers, table spans and
  header rows, code blocks and quotes.
* **XML** through ``unstructured.partition_xml``: the text of every leaf element, in
  document order, as paragraphs.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from dataclasses import replace
from functools import cache
from html import escape

from lxml import etree

from transforms import mediatypes as mt
from transforms.config import PipelineConfig
from transforms.errors import DocumentError, LimitExceededError
from transforms.model import Element, Kind, ParsedDoc, Source
from transforms.parsers.office import offline
from transforms.parsers.office.adapter import Mapping, split_label, to_elements
from transforms.parsers.office.containers import check_nonempty, open_office_zip
from transforms.parsers.office.properties import (
    epub_properties,
    odf_properties,
    ooxml_properties,
)

_DOCX = Mapping(style_headings=True, list_base=0)
_XML = Mapping(style_headings=True, list_base=0)
# media type -> (pandoc reader, what to call it in messages)
_PANDOC_FORMATS = {
    mt.ODT: ("odt", "ODT document"),
    mt.RTF: ("rtf", "RTF document"),
    mt.EPUB: ("epub", "EPUB book"),
    mt.RST: ("rst", "reStructuredText document"),
}


def _finish(source: Source, elements: list, parser: str, properties: dict[str, str]) -> ParsedDoc:
    if not elements:
        raise DocumentError("the document has no text", reason="empty")
    title = next((e.text for e in elements if e.kind is Kind.TITLE), None)
    title = title or properties.get("title")
    pages = [e.page for e in elements if e.page]
    return ParsedDoc(
        source=source,
        elements=tuple(elements),
        parser=parser,
        title=title,
        language=properties.get("language"),
        page_count=max(pages) if pages else None,
        metadata=properties,
    )


class DocxParser:
    """DOCX through unstructured's ``partition_docx``, mapped into docmill elements."""

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Check the container, partition it offline, map the elements."""
        archive = open_office_zip(source.data, config, "DOCX document", ("word/document.xml",))
        properties = ooxml_properties(archive)
        partition = offline.partitioner("docx")
        try:
            items = partition(file=io.BytesIO(source.data), languages=[""])
        except (KeyError, zipfile.BadZipFile, ValueError, etree.LxmlError) as exc:
            raise DocumentError(f"not a readable DOCX document ({exc})", reason="corrupt") from exc
        return _finish(source, to_elements(items, _DOCX), offline.load(), properties)


class XmlParser:
    """XML through unstructured's ``partition_xml``: leaf texts as paragraphs."""

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Partition an XML document offline (entities are not resolved, no DTD fetched)."""
        check_nonempty(source.data, "XML")
        partition = offline.partitioner("xml")
        try:
            items = partition(file=io.BytesIO(source.data), languages=[""])
        except etree.LxmlError as exc:
            raise DocumentError(f"malformed XML ({exc})", reason="corrupt") from exc
        return _finish(source, to_elements(items, _XML), offline.load(), {})


@cache
def _pandoc() -> tuple[str, str]:
    """Path and ``pandoc==version`` of the pandoc binary shipped by pypandoc-binary."""
    import pypandoc

    path = pypandoc.get_pandoc_path()
    return path, f"pandoc=={pypandoc.get_pandoc_version()}"


def pandoc_to_html(
    data: bytes, reader: str, what: str, seconds: float, memory_mb: int = 0
) -> bytes:
    """Convert ``data`` to HTML with pandoc in sandbox mode (no file or network access).

    ``seconds`` bounds its run time; ``memory_mb`` (when positive) its heap, through the
    Haskell runtime's ``-M`` option (what pandoc's manual advises for untrusted input).
    """
    path, _ = _pandoc()
    heap = ["+RTS", f"-M{memory_mb}m", "-RTS"] if memory_mb > 0 else []
    try:
        done = subprocess.run(
            [path, "--from", reader, "--to", "html5", "--sandbox", "--wrap=none", *heap],
            input=data,
            capture_output=True,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise LimitExceededError(f"pandoc took over {seconds:.0f} s on the {what}") from exc
    if done.returncode != 0:
        message = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
        if "Heap exhausted" in message:
            raise LimitExceededError(f"pandoc needed over {memory_mb} MB for the {what}")
        raise DocumentError(f"not a readable {what} (pandoc: {message})", reason="corrupt")
    return done.stdout


_SUB_BULLETS = frozenset("–◦‣⁃-o")


def _rtf_list_item(element: Element) -> Element:
    """A paragraph written as a list item (pandoc's RTF reader keeps list labels as text)."""
    if element.kind is not Kind.PARAGRAPH:
        return element
    text, ordinal = split_label(element.text)
    if text == element.text:
        return element
    level = 1 if element.text.lstrip()[0] in _SUB_BULLETS else 0
    return Element(Kind.LIST_ITEM, text, level=level, page=element.page, ordinal=ordinal)


class PandocParser:
    """ODT, RTF, EPUB and reStructuredText: pandoc to HTML, then docmill's HTML parser."""

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Check the container, convert with pandoc, read the HTML structure."""
        reader, what = _PANDOC_FORMATS[source.media_type]
        properties: dict[str, str] = {}
        if source.media_type == mt.ODT:
            archive = open_office_zip(source.data, config, what, ("content.xml",))
            properties = odf_properties(archive)
        elif source.media_type == mt.EPUB:
            archive = open_office_zip(source.data, config, what, ("META-INF/container.xml",))
            properties = epub_properties(archive)
        else:
            check_nonempty(source.data, what)
        limits = config.limits
        html = pandoc_to_html(source.data, reader, what, limits.doc_seconds, limits.doc_memory_mb)
        from transforms.parsers.html import HtmlParser

        whole = replace(config, html=replace(config.html, main_content=False))
        head = f"<meta charset='utf-8'><title>{escape(properties.get('title', ''))}</title>"
        page = Source(source.uri, source.doc_id, mt.HTML, head.encode() + html)
        try:
            parsed = HtmlParser().parse(page, whole)
        except DocumentError as exc:
            if exc.reason != "empty":
                raise
            raise DocumentError(f"the {what} has no text", reason="empty") from exc
        elements = parsed.elements
        if source.media_type == mt.RTF:
            elements = tuple(_rtf_list_item(e) for e in elements)
        title = properties.get("title") or parsed.title
        if source.media_type == mt.EPUB and title and elements[0].kind is not Kind.TITLE:
            # A book's own title (dc:title) heads its text, above the first chapter.
            elements = (Element(Kind.TITLE, title), *elements)
        return ParsedDoc(
            source=source,
            elements=elements,
            parser=_pandoc()[1],
            title=title,
            language=properties.get("language") or parsed.language,
            metadata=properties,
        )

"""The PDF parser: PyMuPDF text and tables, structure recovered from layout and fonts.

Pages are read one at a time: each page's text dictionary becomes compact lines and its
tables become :class:`~transforms.model.Table` objects before the next page is loaded.
Document-wide facts (running headers and footers, font statistics, hyphenation
vocabulary) are measured over those compact lines, then the elements are built.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace

import pymupdf

from transforms.config import PipelineConfig
from transforms.errors import DocumentError, LimitExceededError, Stage
from transforms.model import Box, Element, Kind, ParsedDoc, Source
from transforms.parsers.pdf.bombs import check_inflated_size
from transforms.parsers.pdf.cells import tidy_cell
from transforms.parsers.pdf.code import code_lines, mono_is_code
from transforms.parsers.pdf.furniture import find_furniture
from transforms.parsers.pdf.glyphs import GlyphRecovery
from transforms.parsers.pdf.grid_probe import TooManyDrawings
from transforms.parsers.pdf.lines import (
    TEXT_FLAGS,
    Line,
    PageText,
    body_size,
    inside_any,
    page_text,
)
from transforms.parsers.pdf.normalize import normalize_text
from transforms.parsers.pdf.ocr import (
    invisible_layer,
    is_noise,
    looks_like_text,
    ocr_available,
    ocr_mode,
    ocr_page,
    scan_dpi,
    text_images,
)
from transforms.parsers.pdf.order import reading_order
from transforms.parsers.pdf.segment import Block, TableItem, segment
from transforms.parsers.pdf.structure import (
    Outline,
    Styles,
    block_texts,
    merge_across_pages,
    to_elements,
)
from transforms.parsers.pdf.tables import PageTable, figures_only_header, find_page_tables
from transforms.parsers.pdf.tesseract import TesseractCall, TesseractError, ocr_rect
from transforms.parsers.pdf.text import join_cell_lines, words
from transforms.parsers.pdf.text_tables import text_tables
from transforms.parsers.pdf.turn import Frame, turn_box, unturn_box
from transforms.tables import map_cell_text

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

PARSER_NAME = f"pymupdf=={pymupdf.__version__}"
GARBLED_RATIO = 0.3  # share of unmapped characters above which a page's text is unusable
_META_KEYS = {
    "author": "author",
    "subject": "subject",
    "keywords": "keywords",
    "creator": "creator",
    "producer": "producer",
    "creationDate": "created",
    "modDate": "modified",
}
_JUNK_TITLE = re.compile(r"^(untitled|microsoft \w+ - |.*\.(docx?|pdf|tex|indd|rtf)$)", re.I)


def open_document(source: Source, passwords: tuple[str, ...]) -> tuple[pymupdf.Document, bool]:
    """Open the PDF, decrypting it with the first password that works.

    Returns the document and whether a password was needed. Raises
    :class:`DocumentError` (``corrupt``, ``encrypted``, ``empty``) for unusable input.
    """
    if not source.data:
        raise DocumentError("the PDF file is empty", stage=Stage.PARSE, reason="empty")
    try:
        doc = pymupdf.open(stream=source.data, filetype="pdf")
    except (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase) as exc:
        raise DocumentError(
            f"cannot open PDF: {exc}", stage=Stage.PARSE, reason="corrupt"
        ) from None
    decrypted = False
    if doc.needs_pass:
        if not any(doc.authenticate(pw) for pw in passwords):
            doc.close()
            tried = f" ({len(passwords)} configured passwords failed)" if passwords else ""
            raise DocumentError(
                f"PDF is encrypted and no password opens it{tried}",
                stage=Stage.PARSE,
                reason="encrypted",
            )
        decrypted = True
    if doc.page_count == 0:
        doc.close()
        raise DocumentError("PDF has no pages", stage=Stage.PARSE, reason="corrupt")
    return doc, decrypted


class PdfParser:
    """Parse born-digital PDFs into structured elements with page boxes."""

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Parse ``source`` (a PDF) into elements in reading order."""
        doc, decrypted = open_document(source, config.pdf.passwords)
        try:
            return self._parse(doc, source, config, decrypted)
        finally:
            doc.close()

    def _parse(
        self, doc: pymupdf.Document, source: Source, config: PipelineConfig, decrypted: bool
    ) -> ParsedDoc:
        limit = config.limits.max_pages
        if doc.page_count > limit:
            raise LimitExceededError(f"PDF has {doc.page_count} pages, the limit is {limit}")
        check_inflated_size(doc, len(source.data), config.limits.max_decompressed_ratio)
        metadata: dict[str, str] = {}
        pages: list[PageText] = []
        tables: dict[int, list[PageTable]] = {}
        vocabulary: set[str] = set()
        notes = PageNotes()
        glyphs = GlyphRecovery(doc)
        deadline = time.monotonic() + config.limits.doc_seconds
        for index in range(doc.page_count):
            number = index + 1
            if time.monotonic() > deadline:
                raise LimitExceededError(
                    f"parsing took longer than {config.limits.doc_seconds:g} s "
                    f"(stopped at page {number} of {doc.page_count})",
                    page=number,
                )
            try:
                text, found = _read_page(doc.load_page(index), number, config, notes, glyphs)
            except (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase):
                notes.failed.append(number)
                continue
            tables[number] = found
            pages.append(text)
            for line in text.lines:
                vocabulary.update(words(line.text))
        for number, found in tables.items():  # cells tidied; line ends joined by vocabulary
            tables[number] = [
                replace(t, table=map_cell_text(t.table, lambda c: _cell(c, vocabulary)))
                for t in found
            ]
        failed, garbled = notes.failed, notes.garbled
        if failed and len(failed) == doc.page_count:
            raise DocumentError("no page of the PDF could be read", reason="corrupt")
        furniture = find_furniture(pages, body_size(pages))
        code = mono_is_code(pages)
        blocks: list[Block] = []
        for page in pages:
            items: list = [ln for ln in page.lines if id(ln) not in furniture.drop]
            items.extend(TableItem(page.number, t) for t in tables[page.number])
            ordered = reading_order(items)
            rotated = [ln for ln in page.other_direction if id(ln) not in furniture.drop]
            ordered.extend(sorted(rotated, key=lambda ln: (ln.x0, ln.y0)))
            blocks.extend(segment(ordered, code_lines(ordered) if code else None))
        blocks = merge_across_pages(blocks)
        texts = block_texts(blocks, vocabulary)
        styles = Styles.measure(blocks, texts)
        outline = Outline.from_toc(doc.get_toc(simple=True))
        elements = to_elements(blocks, styles, outline, texts)
        frames = {page.number: page.frame for page in pages if page.frame is not None}
        if frames:
            elements = [_unturned(el, frames) for el in elements]

        metadata.update(furniture.metadata())
        metadata.update(_doc_metadata(doc))
        if decrypted:
            metadata["decrypted"] = "true"
        metadata.update(notes.metadata())
        if not elements:
            if notes.ocr_needed:
                raise DocumentError(
                    "the PDF has no text layer and OCR is not available (install Tesseract)",
                    reason="ocr-needed",
                )
            if garbled:
                raise DocumentError(
                    "the PDF's text layer has no usable Unicode mapping (garbled text)",
                    reason="garbled",
                )
            if notes.ocr_noise:
                raise DocumentError(
                    "the PDF contains no text (its scanned pages hold no readable words)",
                    reason="empty",
                )
            raise DocumentError("the PDF contains no text", reason="empty")
        return ParsedDoc(
            source=source,
            elements=tuple(elements),
            parser=PARSER_NAME,
            title=_title(elements, doc.metadata or {}),
            page_count=doc.page_count,
            metadata=metadata,
        )


@dataclass
class PageNotes:
    """Per-page facts collected while reading, reported in the document metadata."""

    failed: list[int] = field(default_factory=list)
    garbled: list[int] = field(default_factory=list)
    ocr: list[int] = field(default_factory=list)
    ocr_needed: list[int] = field(default_factory=list)
    ocr_noise: list[int] = field(default_factory=list)  # OCR found no words (blank scans)
    tables_skipped: list[int] = field(default_factory=list)  # too many drawings to search
    ocr_images: list[int] = field(default_factory=list)  # text read from images on the page
    ocr_layers: list[int] = field(default_factory=list)  # invisible OCR layer read again
    ocr_failed: list[int] = field(default_factory=list)  # Tesseract failed or timed out
    unmapped: int = 0  # glyphs without Unicode dropped from otherwise readable pages
    images_read: int = 0  # images OCR'd so far (the document's budget)
    image_seconds: float = 0.0  # time spent on them
    images_skipped: int = 0  # images that looked like text, left out over the budget
    tesseract_missing: bool = False  # the command could not be run: not tried again

    def metadata(self) -> dict[str, str]:
        """Metadata entries for the pages that needed attention."""
        named = {
            "unreadable_pages": self.failed,
            "garbled_pages": self.garbled,
            "ocr_pages": self.ocr,
            "ocr_needed_pages": self.ocr_needed,
            "ocr_blank_pages": self.ocr_noise,
            "tables_skipped_pages": self.tables_skipped,
            "ocr_image_pages": self.ocr_images,
            "ocr_layer_pages": self.ocr_layers,
            "ocr_failed_pages": self.ocr_failed,
        }
        out = {key: _page_list(pages) for key, pages in named.items() if pages}
        if self.unmapped:
            out["unmapped_glyphs_dropped"] = str(self.unmapped)
        if self.images_skipped:
            out["ocr_images_skipped"] = str(self.images_skipped)
        return out


def _read_page(
    page: pymupdf.Page,
    number: int,
    config: PipelineConfig,
    notes: PageNotes,
    glyphs: GlyphRecovery,
) -> tuple[PageText, list[PageTable]]:
    """Read one page: text lines (OCR'd if scanned and possible) and tables.

    Text in images without a text layer over them is OCR'd too (``ocr_images``), and a
    scan's invisible OCR layer is replaced by Tesseract's reading (``ocr_layers``).
    """
    textpage = page.get_textpage(flags=TEXT_FLAGS)  # shared by the text and table readers
    text = page_text(page, number, textpage=textpage, glyphs=glyphs)
    if text.font_failed and glyphs.repair_fonts(page):
        page = page.parent.reload_page(page)
        textpage = page.get_textpage(flags=TEXT_FLAGS)
        text = page_text(page, number, textpage=textpage, glyphs=glyphs)
    if config.pdf.ocr_layers and config.pdf.ocr != "off" and text.total_chars:
        read = _reread_layer(page, text, config, notes)
        if read is not None:
            return read, []
    garbled = text.total_chars >= 20 and text.garbled_ratio > GARBLED_RATIO
    mode = "full" if garbled else ocr_mode(page, text)
    if mode is not None:
        options = config.pdf
        if options.ocr != "off" and ocr_available(options.ocr_language):
            read = ocr_page(page, number, options.ocr_language, options.ocr_dpi, mode == "full")
            notes.ocr.append(number)
            if mode == "full" and is_noise(read):
                read.lines, read.other_direction = [], []
                notes.ocr_noise.append(number)
                if garbled:
                    notes.garbled.append(number)  # neither the text layer nor OCR reads it
            return read, []
        if garbled:
            notes.garbled.append(number)
        elif mode == "full":
            notes.ocr_needed.append(number)
        if mode == "full":
            text.lines, text.other_direction = [], []
            return text, []
    notes.unmapped += text.unmapped_chars
    found: list[PageTable] = []
    if config.pdf.tables:
        try:
            found = find_page_tables(page, textpage)
        except TooManyDrawings:
            notes.tables_skipped.append(number)
    if found and text.frame is not None:
        found = [replace(t, bbox=turn_box(t.bbox, text.frame)) for t in found]
    if config.pdf.tables:  # tables without rules, found among the lines
        page_words: list[tuple] = []  # read once, when a run of rows asks for them

        def words_in(box: tuple[float, float, float, float]) -> list[tuple]:
            """MuPDF's words centred in a box of the lines' (maybe turned) space, in that space.

            (The text page's words are filtered here: ``get_text(clip=...)`` extracts the
            page again, ~15 ms.)
            """
            if not page_words:
                for w in page.get_text("words", flags=TEXT_FLAGS, textpage=textpage):
                    b = w[:4] if text.frame is None else turn_box(w, text.frame)
                    page_words.append((*b, normalize_text(w[4]), *w[5:]))
            x0, y0, x1, y1 = box
            return [
                w for w in page_words
                if x0 <= (w[0] + w[2]) / 2 <= x1 and y0 <= (w[1] + w[3]) / 2 <= y1
            ]  # fmt: skip

        found += text_tables(text.lines, [t.bbox for t in found], words_in)
    found = [replace(t, table=figures_only_header(t.table)) for t in found]
    if found:
        rects = [t.bbox for t in found]
        text.lines = [ln for ln in text.lines if not inside_any(ln, rects)]
        text.other_direction = [ln for ln in text.other_direction if not inside_any(ln, rects)]
    options = config.pdf
    if options.ocr_images and options.ocr != "off" and text.total_chars and text.frame is None:
        text.lines.extend(_image_lines(page, text, config, notes))
    return text, found


def _cell(text: str, vocabulary: set[str]) -> str:
    """A table cell's text, whichever reader found the table, tidied and joined.

    Dot leaders and split decimals go (:func:`cells.tidy_cell`); words hyphenated at the
    cell's line ends are joined with the document's vocabulary (:func:`join_cell_lines`).
    """
    return join_cell_lines(tidy_cell(text), vocabulary)


def _tesseract(config: PipelineConfig) -> TesseractCall:
    options = config.pdf
    return TesseractCall(options.tesseract, options.ocr_language, options.ocr_timeout)


def _image_lines(
    page: pymupdf.Page, text: PageText, config: PipelineConfig, notes: PageNotes
) -> list[Line]:
    """Lines OCR'd from the page's images that hold text but have no text layer over them.

    Images that do not look like text (photographs, gradients) are not OCR'd; once the
    document's budget (images, seconds) is spent, the rest are counted as skipped. A
    failing Tesseract is noted and the page keeps its text layer.
    """
    options = config.pdf
    found: list[Line] = []
    if notes.tesseract_missing:
        return found
    for index, rect in enumerate(text_images(page, text)):
        if not looks_like_text(page, rect):
            continue
        if (
            notes.images_read >= options.ocr_image_budget
            or notes.image_seconds >= options.ocr_image_seconds
        ):
            notes.images_skipped += 1
            continue
        started = time.monotonic()
        notes.images_read += 1
        try:
            lines = ocr_rect(page, text.number, rect, options.ocr_dpi, _tesseract(config), index)
        except TesseractError as exc:
            _failed(notes, text.number, exc)
            break
        finally:
            notes.image_seconds += time.monotonic() - started
        read = PageText(text.number, text.width, text.height, lines, [])
        if not is_noise(read):
            found.extend(lines)
    if found:
        notes.ocr_images.append(text.number)
    return found


def _reread_layer(
    page: pymupdf.Page, text: PageText, config: PipelineConfig, notes: PageNotes
) -> PageText | None:
    """The page OCR'd from its scan when its text is an invisible OCR layer, else None."""
    if notes.tesseract_missing or text.frame is not None:
        return None
    dpi = scan_dpi(page)
    if dpi is None or not invisible_layer(page):
        return None
    try:
        # a scan's page is its text: doubtful words are kept, as the layer it replaces does
        lines = ocr_rect(page, text.number, page.rect, dpi, _tesseract(config), 0, 0)
    except TesseractError as exc:
        _failed(notes, text.number, exc)
        return None
    read = PageText(text.number, text.width, text.height, lines, [])
    if is_noise(read):
        return None
    for line in lines:
        line.ocr = False  # the page's own text: furniture rules apply as to any text layer
    notes.ocr_layers.append(text.number)
    return read


def _failed(notes: PageNotes, number: int, exc: TesseractError) -> None:
    if number not in notes.ocr_failed:
        notes.ocr_failed.append(number)
    if isinstance(exc.__context__, FileNotFoundError) or "No such file" in str(exc):
        notes.tesseract_missing = True


def _unturned(element: Element, frames: dict[int, Frame]) -> Element:
    """The element with its boxes on turned pages given in the page's own coordinates."""
    if not any(box.page in frames for box in element.boxes):
        return element
    boxes = tuple(
        Box(
            box.page,
            *(round(v, 2) for v in unturn_box((box.x0, box.y0, box.x1, box.y1), frames[box.page])),
        )
        if box.page in frames
        else box
        for box in element.boxes
    )
    return replace(element, boxes=boxes)


def _page_list(numbers: list[int]) -> str:
    return ",".join(str(n) for n in numbers)


def _doc_metadata(doc: pymupdf.Document) -> dict[str, str]:
    meta = doc.metadata or {}
    out = {ours: str(meta[key]).strip() for key, ours in _META_KEYS.items() if meta.get(key)}
    if meta.get("format"):
        out["pdf_version"] = str(meta["format"])
    return {k: v for k, v in out.items() if v}


def _title(elements: list[Element], meta: dict) -> str | None:
    """Pick the title shown on the first page, else a meaningful metadata title."""
    for el in elements:
        if el.kind is Kind.TITLE:
            return el.text
    meta_title = " ".join(str(meta.get("title") or "").split())
    if meta_title and not _JUNK_TITLE.match(meta_title):
        return meta_title
    for el in elements[:20]:
        if el.kind is Kind.HEADING and el.level == 1:
            return el.text
    return None

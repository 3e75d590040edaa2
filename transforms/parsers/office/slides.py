"""PPTX presentations through python-pptx directly.

unstructured's ``partition_pptx`` classifies the paragraphs of a slide body with its text
heuristics: on a deck made with python-pptx's default template every bullet of the body
placeholder came out as a ``Title`` (measured: see tests/transforms/parsers/office). The
slide's own structure says more, so this parser reads it:

* each slide gives a HEADING (level 1) with its title (``Slide N`` when it has none), and
  every element of the slide carries ``page`` = the slide number;
* shapes are read top to bottom, then left to right; groups are opened;
* paragraphs of a body placeholder are list items (its bullets come from the slide
  master) unless they switch bullets off; elsewhere a paragraph is a list item only with
  an explicit bullet or auto-number; ``level`` is the paragraph's indent level;
* tables keep merged cells as spans and their header row;
* speaker notes follow the slide under a level-2 heading "Speaker notes".
"""

from __future__ import annotations

import io
from importlib.metadata import version

from lxml import etree

from transforms.config import PipelineConfig
from transforms.errors import DocumentError
from transforms.model import Cell, Element, Kind, ParsedDoc, Source, Table
from transforms.parsers.office.containers import open_office_zip
from transforms.parsers.office.properties import ooxml_properties

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_BODY_TYPES = frozenset({"BODY", "OBJECT"})
_TITLE_TYPES = frozenset({"TITLE", "CENTER_TITLE", "VERTICAL_TITLE"})
_SKIPPED_TYPES = frozenset({"DATE", "FOOTER", "SLIDE_NUMBER", "HEADER"})
NOTES_HEADING = "Speaker notes"
_LAYOUT_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout"


def _placeholder_type(shape) -> str | None:
    if not shape.is_placeholder:
        return None
    kind = shape.placeholder_format.type
    return getattr(kind, "name", str(kind)) if kind is not None else "OBJECT"


def _bullet(paragraph) -> str | None:
    """``"none"``, ``"char"``, ``"number"`` from the paragraph's own properties, else None."""
    ppr = paragraph._p.pPr
    if ppr is None:
        return None
    if ppr.find(f"{_A}buNone") is not None:
        return "none"
    if ppr.find(f"{_A}buAutoNum") is not None:
        return "number"
    if ppr.find(f"{_A}buChar") is not None or ppr.find(f"{_A}buBlip") is not None:
        return "char"
    return None


def _paragraph_text(paragraph) -> str:
    return " ".join(paragraph.text.replace("\v", " ").split())


def _text_elements(shape, slide_no: int, in_body: bool) -> list[Element]:
    out: list[Element] = []
    counters: dict[int, int] = {}
    for paragraph in shape.text_frame.paragraphs:
        text = _paragraph_text(paragraph)
        if not text:
            continue
        bullet = _bullet(paragraph)
        level = paragraph.level or 0
        is_item = bullet in ("char", "number") or (in_body and bullet != "none")
        if not is_item:
            counters.clear()
            out.append(Element(Kind.PARAGRAPH, text, page=slide_no))
            continue
        ordinal = None
        if bullet == "number":
            counters = {k: v for k, v in counters.items() if k <= level}
            counters[level] = counters.get(level, 0) + 1
            ordinal = counters[level]
        out.append(Element(Kind.LIST_ITEM, text, level=level, page=slide_no, ordinal=ordinal))
    return out


def _table(graphic_frame, slide_no: int) -> Element | None:
    table = graphic_frame.table
    rows: list[tuple[Cell, ...]] = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cell.is_spanned:
                continue
            text = " ".join(cell.text.split())
            if cell.is_merge_origin:
                cells.append(Cell(text, cell.span_height, cell.span_width))
            else:
                cells.append(Cell(text))
        rows.append(tuple(cells))
    if not any(c.text for row in rows for c in row):
        return None
    header = 1 if table.first_row and len(rows) > 1 else 0
    return Element(Kind.TABLE, page=slide_no, table=Table(rows=tuple(rows), header_rows=header))


def _box(shape, inherited: dict) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) in EMU; unknown positions sort last.

    A placeholder without its own position inherits the layout's; python-pptx looks that
    up on every access, so inherited boxes are cached per layout and placeholder index.
    """
    key = None
    if shape.is_placeholder and getattr(shape._element, "xfrm", None) is None:
        layout = shape.part.part_related_by(_LAYOUT_RELATION)  # a slide's layout part
        key = (str(layout.partname), shape.placeholder_format.idx)
        if key in inherited:
            return inherited[key]
    top = shape.top if shape.top is not None else 1 << 40
    left = shape.left or 0
    box = (top, left, top + (shape.height or 0), left + (shape.width or 0))
    if key is not None:
        inherited[key] = box
    return box


def _reading_order(shapes: list, inherited: dict) -> list:
    """Top to bottom, then left to right; a shape beside an earlier one, to its left, first.

    In a two-column layout ("content with caption") the right column may start higher than
    the left one; the left column is still read first.
    """
    boxes = {id(s): _box(s, inherited) for s in shapes}
    ordered = sorted(shapes, key=lambda s: boxes[id(s)][:2])
    for i in range(1, len(ordered)):
        top, _, bottom, right = boxes[id(ordered[i])]
        j = i
        while j > 0:
            p_top, p_left, p_bottom, _ = boxes[id(ordered[j - 1])]
            if right <= p_left and top < p_bottom and p_top < bottom:
                j -= 1
            else:
                break
        if j != i:
            ordered.insert(j, ordered.pop(i))
    return ordered


def _shapes_in_order(shapes, inherited: dict) -> list:
    ordered = []
    for shape in _reading_order(list(shapes), inherited):
        if shape.shape_type is not None and getattr(shape.shape_type, "name", "") == "GROUP":
            ordered.extend(_shapes_in_order(shape.shapes, inherited))
        else:
            ordered.append(shape)
    return ordered


def _slide_elements(slide, slide_no: int, inherited: dict) -> list[Element]:
    title = ""
    body: list[Element] = []
    for shape in _shapes_in_order(slide.shapes, inherited):
        kind = _placeholder_type(shape)
        if kind in _SKIPPED_TYPES:
            continue
        if kind in _TITLE_TYPES and shape.has_text_frame:
            text = " ".join(shape.text_frame.text.split())
            if text and not title:
                title = text
                continue
        if getattr(shape, "has_table", False) and shape.has_table:
            element = _table(shape, slide_no)
            if element is not None:
                body.append(element)
        elif shape.has_text_frame:
            body.extend(_text_elements(shape, slide_no, in_body=kind in _BODY_TYPES))
    heading = Element(Kind.HEADING, title or f"Slide {slide_no}", level=1, page=slide_no)
    out = [heading, *body]
    if slide.has_notes_slide:
        frame = slide.notes_slide.notes_text_frame
        notes = [_paragraph_text(p) for p in frame.paragraphs] if frame is not None else []
        notes = [n for n in notes if n]
        if notes:
            out.append(Element(Kind.HEADING, NOTES_HEADING, level=2, page=slide_no))
            out.extend(Element(Kind.PARAGRAPH, n, page=slide_no) for n in notes)
    return out


def _first_slide_title(elements: list[Element]) -> str | None:
    first = elements[0] if elements else None
    if first is None or first.text == f"Slide {first.page}":
        return None
    return first.text


class PptxParser:
    """PPTX slides in order: titles, text, lists, tables and speaker notes."""

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Check the container, then read every slide with python-pptx."""
        what = "PPTX presentation"
        archive = open_office_zip(source.data, config, what, ("ppt/presentation.xml",))
        properties = ooxml_properties(archive)
        from pptx import Presentation
        from pptx.exc import PackageNotFoundError

        try:
            deck = Presentation(io.BytesIO(source.data))
        except (PackageNotFoundError, KeyError, ValueError, etree.LxmlError) as exc:
            raise DocumentError(f"not a readable {what} ({exc})", reason="corrupt") from exc
        elements: list[Element] = []
        n_slides = 0
        inherited: dict = {}
        for n_slides, slide in enumerate(deck.slides, start=1):
            elements.extend(_slide_elements(slide, n_slides, inherited))
        if not any(e.kind is not Kind.HEADING or not e.text.startswith("Slide ") for e in elements):
            raise DocumentError("the presentation has no text", reason="empty")
        properties["slides"] = str(n_slides)
        return ParsedDoc(
            source=source,
            elements=tuple(elements),
            parser=f"python-pptx=={version('python-pptx')}",
            title=properties.get("title") or _first_slide_title(elements),
            language=properties.get("language"),
            page_count=n_slides,
            metadata=properties,
        )

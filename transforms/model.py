"""In-flight data model: what moves between the stages of the pipeline.

These are frozen dataclasses, not the records that leave the pipeline (those live in
``schemas``). A parser turns a :class:`Source` into a :class:`ParsedDoc` made of
:class:`Element` objects; cleaning maps elements to elements; rendering turns the
elements into the document text (Markdown) and remembers each element's span; the
chunker cuts that text into :class:`Chunk` objects whose spans point back into it.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """The kinds of element a parser may emit."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE = "table"
    CODE = "code"
    QUOTE = "quote"
    CAPTION = "caption"
    FORMULA = "formula"
    IMAGE = "image"
    PAGE_BREAK = "page_break"


@dataclass(frozen=True)
class Box:
    """A rectangle on a page, in PDF points, origin at the top left (PyMuPDF's convention)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Cell:
    """One table cell. ``row_span``/``col_span`` > 1 when the cell is merged."""

    text: str
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True)
class Table:
    """A table shared by every parser: rows of cells, the first ``header_rows`` are headers.

    Spanned cells appear once, at their top-left position; the positions they cover are
    absent from the following cells of that row (HTML's model). :meth:`grid` expands them.

    A big table arrives as several consecutive ``Table`` elements (blocks), each repeating
    the header rows; ``row_offset`` is the number of data rows of the same source table
    before this block, so data row ``i`` of this block is row ``row_offset + i`` (0-based)
    of the source. ``rows`` may be a lazy sequence (:class:`transforms.tables.LazyRows`)
    that decodes its cells on each pass instead of holding them.
    """

    rows: tuple[tuple[Cell, ...], ...]
    header_rows: int = 1
    name: str | None = None  # sheet name, caption, ...
    row_offset: int = 0  # data rows of the same source table before this one (row windows)

    @classmethod
    def from_strings(
        cls, rows: list[list[str]] | tuple, header_rows: int = 1, name: str | None = None
    ) -> Table:
        """Build a table without spans from rows of strings."""
        return cls(
            rows=tuple(tuple(Cell(str(v)) for v in row) for row in rows),
            header_rows=header_rows,
            name=name,
        )

    @property
    def has_spans(self) -> bool:
        """True when any cell spans more than one row or column."""
        return any(c.row_span > 1 or c.col_span > 1 for row in self.rows for c in row)

    @property
    def n_cols(self) -> int:
        """Width of the table's grid."""
        grid = self.grid()
        return max((len(r) for r in grid), default=0)

    def grid(self) -> list[list[str]]:
        """The table as a rectangular grid of strings, spanned cells repeated in each slot."""
        taken: dict[tuple[int, int], str] = {}
        for r, row in enumerate(self.rows):
            col = 0
            for cell in row:
                while (r, col) in taken:
                    col += 1
                for dr in range(max(cell.row_span, 1)):
                    for dc in range(max(cell.col_span, 1)):
                        taken.setdefault((r + dr, col + dc), cell.text)
                col += max(cell.col_span, 1)
        width = max((c for (_, c) in taken), default=-1) + 1
        return [[taken.get((r, c), "") for c in range(width)] for r in range(len(self.rows))]


@dataclass(frozen=True)
class Element:
    """One structural unit of a document, in reading order.

    ``level`` is the heading level (1 = top) for headings, the nesting depth for list
    items. ``page`` is 1-based, ``None`` for formats without pages. ``lang`` is a code
    block's language. ``ordinal`` is the list marker number for ordered list items.
    """

    kind: Kind
    text: str = ""
    level: int | None = None
    page: int | None = None
    boxes: tuple[Box, ...] = ()
    table: Table | None = None
    lang: str | None = None
    ordinal: int | None = None


@dataclass(frozen=True)
class Source:
    """A document's bytes and identity, before parsing."""

    uri: str
    doc_id: str  # sha256 of the bytes, hex
    media_type: str
    data: bytes
    name: str = ""  # file name, for messages and extension hints only

    @property
    def size_bytes(self) -> int:
        """Size of the source in bytes."""
        return len(self.data)


@dataclass(frozen=True)
class ParsedDoc:
    """A parser's output: the elements in reading order plus document-level facts."""

    source: Source
    elements: tuple[Element, ...]
    parser: str  # "name==version" of the library that did the work
    title: str | None = None
    language: str | None = None
    page_count: int | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    # Embedded files (e-mail attachments, ...) to convert as documents of their own; the
    # pipeline detects their type and links them to this document (``parent_doc_id``).
    attachments: tuple[Source, ...] = ()


class RowSpans(Sequence[tuple[int, int]]):
    """(start, end) pairs kept in two integer arrays: a million table rows cost 16 MB, not 120."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, pairs: Iterable[tuple[int, int]] = (), offset: int = 0) -> None:
        self._starts = array("q")
        self._ends = array("q")
        for start, end in pairs:
            self._starts.append(start + offset)
            self._ends.append(end + offset)

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [(s, e) for s, e in zip(self._starts[index], self._ends[index], strict=True)]
        return self._starts[index], self._ends[index]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self._starts, self._ends, strict=True)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"RowSpans({list(self)[:3]}{'...' if len(self) > 3 else ''})"


@dataclass(frozen=True)
class Span:
    """Where a rendered element sits in the document text; ``rows`` are a table's data rows."""

    start: int
    end: int
    rows: Sequence[tuple[int, int]] = ()
    header_end: int | None = None  # tables: the header block is text[start:header_end]


@dataclass(frozen=True)
class RenderedDoc:
    """The document text (Markdown) and, for each element, its span in that text."""

    parsed: ParsedDoc
    text: str
    spans: tuple[Span, ...]  # one per element of parsed.elements

    @property
    def elements(self) -> tuple[Element, ...]:
        """Shortcut to the parsed elements."""
        return self.parsed.elements


@dataclass(frozen=True)
class Chunk:
    """A piece of the document text: ``text == document_text[start:end]``."""

    index: int
    text: str
    start: int
    end: int
    context: str
    heading_path: tuple[str, ...]
    page_start: int | None
    page_end: int | None
    token_count: int  # tokens of the text to embed: context + text
    element_types: tuple[str, ...]
    boxes: tuple[Box, ...] = ()
    row_start: int | None = None  # for table windows: first/last data row index
    row_end: int | None = None
    sheet: str | None = None

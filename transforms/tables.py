"""One table serializer for every parser: Markdown, HTML and row-records, and back.

Each renderer returns a :class:`RenderedTable`: the text, the header block at its start
(repeated in the ``context`` of every chunk that continues the table) and the span of
every data row, so the chunker can cut a table between rows and never inside one.

Multi-row headers are collapsed into one key per column ("2023 / Q1"), with an upper
header cell carried over the empty cells to its right (a group label over its columns).
Markdown has a single header line, so it shows the collapsed keys; cells that span in
the header are therefore fine in Markdown, and only spans in the body force HTML.

Default chunk format: **Markdown** (``TableOptions.chunk_format``). Measured with
``benchmarks/tables_speed.py --formats`` on the 67 tables docmill reads from the corpora's
CSV/TSV/XLSX/XLS files (regex tokenizer): records cost 1.63x and HTML 2.03x the tokens of
Markdown, because records repeat every column name in every cell and HTML wraps every
cell in tags, while Markdown states the header once (the chunker repeats it once per
chunk, in ``context``). LLMs read GitHub tables fluently and keep column alignment,
which matters for comparisons down a column; a window of Markdown rows plus the header
in its context reads as the same table. Records stay available for very wide or sparse
tables, where each value next to its column name reads better than a long row of mostly
empty cells; HTML is used automatically when body cells span rows or columns.
"""

from __future__ import annotations

import html
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from transforms.model import Cell, Table

Row = tuple[Cell, ...]


@dataclass(frozen=True)
class RenderedTable:
    """A table as text: ``text[:header_end]`` is the header, ``rows`` are data-row spans."""

    text: str
    header_end: int
    rows: tuple[tuple[int, int], ...]

    @property
    def header(self) -> str:
        """The header block (empty for formats that repeat keys on every row)."""
        return self.text[: self.header_end].rstrip("\n")


class _Lines:
    """Accumulates lines joined by newlines, remembering the span of each added line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pos = 0

    def add(self, line: str) -> tuple[int, int]:
        if self.lines:
            self.pos += 1
        start = self.pos
        self.lines.append(line)
        self.pos += len(line)
        return start, self.pos

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _md_cell(text: str) -> str:
    """One Markdown cell: whitespace collapsed, pipes escaped (and backslashes before them)."""
    text = " ".join(text.split())
    if "|" not in text and "\\" not in text:
        return text
    out = []
    for i, ch in enumerate(text):
        if ch == "|":
            out.append("\\|")
        elif ch == "\\" and (i + 1 == len(text) or text[i + 1] in "\\|"):
            out.append("\\\\")
        else:
            out.append(ch)
    return "".join(out)


def has_spans(table: Table) -> bool:
    """True when a cell spans; lazy rows never do (they hold plain text rows)."""
    return not isinstance(table.rows, LazyRows) and table.has_spans


def table_grid(table: Table) -> list[list[str]]:
    """The table as a rectangular grid of strings (fast when no cell spans)."""
    if isinstance(table.rows, LazyRows):
        grid = [list(r) for r in table.rows.texts()]
    elif not table.has_spans:
        grid = [[c.text for c in row] for row in table.rows]
    else:
        return table.grid()
    width = max(map(len, grid), default=0)
    for row in grid:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return grid


def header_count(table: Table, n_rows: int) -> int:
    """How many leading rows are headers, clamped to the table."""
    return max(0, min(table.header_rows, n_rows))


def header_keys(table: Table, grid: list[list[str]] | None = None) -> list[str]:
    """One key per column: the header rows collapsed top-down ("2023 / Q1").

    In an upper header row, a label standing over a labelled column is carried right over
    the empty cells above further labelled columns: a group header written once over its
    sub-columns ("Results" over "Accuracy" and "Time").
    """
    grid = table_grid(table) if grid is None else grid
    n_head = header_count(table, len(grid))
    width = max((len(r) for r in grid), default=0)
    head = [[" ".join(v.split()) for v in row] + [""] * (width - len(row)) for row in grid[:n_head]]
    if n_head > 1:
        last = head[-1]
        for row in head[:-1]:
            label_col = -1  # the column of the group label being carried right
            for c in range(width):
                if row[c]:
                    label_col = c if last[c] else -1
                elif label_col >= 0 and last[c]:
                    row[c] = row[label_col]
                else:
                    label_col = -1
    keys = []
    for c in range(width):
        parts = dict.fromkeys(row[c] for row in head if row[c])
        keys.append(" / ".join(parts) or f"Column {c + 1}")
    return keys


def _body_has_spans(table: Table) -> bool:
    if not has_spans(table):
        return False
    n_head = header_count(table, len(table.rows))
    for r, row in enumerate(table.rows):
        for cell in row:
            if (r >= n_head and (cell.row_span > 1 or cell.col_span > 1)) or (
                r < n_head and r + cell.row_span > n_head
            ):
                return True
    return False


def to_markdown(table: Table) -> RenderedTable:
    """A GitHub-style Markdown table; several header rows are collapsed into one line.

    A table without header rows gets generic keys ("Column 1", ...) as its header line,
    so that its first row stays a data row (and is not repeated as a chunk's header).
    """
    grid = table_grid(table)
    if not grid:
        return RenderedTable("", 0, ())
    width = max(len(r) for r in grid)
    n_head = header_count(table, len(grid))
    head = [grid[0]] if n_head == 1 else [header_keys(table, grid)]
    out = _Lines()
    out.add("| " + " | ".join(_md_cell(c) for c in head[0]) + " |")
    out.add("|" + "|".join(["---"] * width) + "|")
    header_end = out.pos
    rows = tuple(out.add("| " + " | ".join(map(_md_cell, row)) + " |") for row in grid[n_head:])
    return RenderedTable(out.text, header_end, rows)


def to_html(table: Table) -> RenderedTable:
    """An HTML table keeping row and column spans, one ``<tr>`` per line."""
    out = _Lines()
    out.add("<table>")
    n_head = header_count(table, len(table.rows))
    rows = []
    header_end = out.pos
    rows_of_cells = table.rows
    if isinstance(rows_of_cells, LazyRows):
        rows_of_cells = (tuple(map(Cell, r)) for r in rows_of_cells.texts())
    for r, row in enumerate(rows_of_cells):
        tag = "th" if r < n_head else "td"
        cells = []
        for c in row:
            attrs = f' rowspan="{c.row_span}"' if c.row_span > 1 else ""
            attrs += f' colspan="{c.col_span}"' if c.col_span > 1 else ""
            cells.append(
                f"<{tag}{attrs}>{html.escape(' '.join(c.text.split()), quote=False)}</{tag}>"
            )
        span = out.add("<tr>" + "".join(cells) + "</tr>")
        if r < n_head:
            header_end = out.pos
        else:
            rows.append(span)
    out.add("</table>")
    return RenderedTable(out.text, header_end, tuple(rows))


def to_records(table: Table) -> RenderedTable:
    """One line per data row, ``Header: value; Header: value``; header rows give the keys."""
    grid = table_grid(table)
    n_head = header_count(table, len(grid))
    keys = header_keys(table, grid)
    out = _Lines()
    rows = []
    for row in grid[n_head:]:
        parts = [
            f"{k}: {' '.join(v.split())}" for k, v in zip(keys, row, strict=False) if v.strip()
        ]
        rows.append(out.add("; ".join(parts) or "(empty row)"))
    return RenderedTable(out.text, 0, tuple(rows))


RENDERERS = {"markdown": to_markdown, "html": to_html, "records": to_records}


def render_table(table: Table, fmt: str = "markdown") -> RenderedTable:
    """Render in the configured format; Markdown falls back to HTML when body cells span."""
    if fmt == "markdown" and _body_has_spans(table):
        fmt = "html"
    return RENDERERS[fmt](table)


# --- lazy rows: big tables that decode their cells on each pass -------------------------

_RECENT: OrderedDict[int, tuple[LazyRows, tuple[Row, ...]]] = OrderedDict()
_RECENT_LOCK = threading.Lock()
_RECENT_SIZE = 4


class LazyRows(Sequence[Row]):
    """Rows without spans, produced on demand by ``load`` (an iterable of text rows).

    A million-row CSV cannot be held as ``Cell`` objects; a parser keeps a recipe instead
    (e.g. a byte range of the source) and this sequence decodes it whenever it is walked.
    :meth:`texts` yields the rows as tuples of strings (what the serializer uses); walking
    the sequence yields rows of :class:`Cell`. Random access materializes the rows; the
    few most recent are kept in a small cache.
    """

    __slots__ = ("_length", "_load")

    def __init__(self, length: int, load: Callable[[], Iterable[Sequence[str]]]) -> None:
        self._length = length
        self._load = load

    def __len__(self) -> int:
        return self._length

    def texts(self) -> Iterator[tuple[str, ...]]:
        """The rows as tuples of cell texts."""
        for row in self._load():
            yield tuple(row)

    def __iter__(self) -> Iterator[Row]:
        for row in self._load():
            yield tuple(map(Cell, row))

    def _rows(self) -> tuple[Row, ...]:
        key = id(self)
        with _RECENT_LOCK:
            hit = _RECENT.get(key)
            if hit is not None and hit[0] is self:
                _RECENT.move_to_end(key)
                return hit[1]
        rows = tuple(self)
        with _RECENT_LOCK:
            _RECENT[key] = (self, rows)
            while len(_RECENT) > _RECENT_SIZE:
                _RECENT.popitem(last=False)
        return rows

    def __getitem__(self, index):  # type: ignore[override]
        return self._rows()[index]

    def map_text(self, fn: Callable[[str], str]) -> LazyRows:
        """A lazy sequence with ``fn`` applied to every cell text."""
        load = self._load
        return LazyRows(self._length, lambda: (tuple(map(fn, row)) for row in load()))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (LazyRows, tuple, list)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"LazyRows({self._length} rows)"


def map_cell_text(table: Table, fn: Callable[[str], str]) -> Table:
    """The table with ``fn`` applied to every cell's text, staying lazy if its rows are."""

    def row_fn(row: Row) -> Row:  # a cell left as it is keeps its object
        return tuple(c if (t := fn(c.text)) == c.text else replace(c, text=t) for c in row)

    if isinstance(table.rows, LazyRows):
        return replace(table, rows=table.rows.map_text(fn))
    return replace(table, rows=tuple(row_fn(row) for row in table.rows))


# --- parsing rendered tables back (round trips, and tables found in Markdown/HTML) ------


def _split_md_row(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    cells, buf, i = [], [], 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line) and line[i + 1] in "\\|":
            buf.append(line[i + 1])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
        i += 1
    if "".join(buf).strip():
        cells.append("".join(buf).strip())
    return cells


def _is_delimiter_row(cells: list[str]) -> bool:
    return bool(cells) and all(c.strip(":").strip("-") == "" and "-" in c for c in cells)


def parse_markdown_table(text: str) -> list[list[str]]:
    """The rows of the first GitHub-style table in ``text`` (header first, delimiter dropped)."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        if not line.strip().startswith("|"):
            if rows:
                break
            continue
        cells = _split_md_row(line)
        if len(rows) == 1 and _is_delimiter_row(cells):
            continue
        rows.append(cells)
    return rows


class _HtmlTableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[Cell]] = []
        self.header_flags: list[bool] = []
        self._cell: list[str] | None = None
        self._attrs: dict[str, str | None] = {}
        self._tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
            self.header_flags.append(True)
        elif tag in ("td", "th"):
            self._cell, self._attrs, self._tag = [], dict(attrs), tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            span = {k: int(self._attrs.get(k) or 1) for k in ("rowspan", "colspan")}
            text = " ".join("".join(self._cell).split())
            self.rows[-1].append(Cell(text, span["rowspan"], span["colspan"]))
            self.header_flags[-1] &= self._tag == "th"
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse_html_table(text: str) -> Table:
    """The first HTML table in ``text`` as a :class:`Table` (leading all-``th`` rows = header)."""
    reader = _HtmlTableReader()
    reader.feed(text)
    reader.close()
    n_head = 0
    for flag, row in zip(reader.header_flags, reader.rows, strict=True):
        if not (flag and row):
            break
        n_head += 1
    return Table(rows=tuple(tuple(r) for r in reader.rows), header_rows=n_head)

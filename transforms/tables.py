"""One table serializer for every parser: Markdown, HTML and row-records.

Each renderer returns a :class:`RenderedTable`: the text, the header block at its start
(repeated in the ``context`` of every chunk that continues the table) and the span of
every data row, so the chunker can cut a table between rows and never inside one.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from transforms.model import Table


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
    return " ".join(text.split()).replace("|", "\\|")


def header_count(table: Table, n_rows: int) -> int:
    """How many leading rows are headers, clamped to the table."""
    return max(0, min(table.header_rows, n_rows))


def to_markdown(table: Table) -> RenderedTable:
    """A GitHub-style Markdown table (first row used as header when there is none)."""
    grid = table.grid()
    if not grid:
        return RenderedTable("", 0, ())
    n_head = max(1, header_count(table, len(grid)))
    out = _Lines()
    for row in grid[:n_head]:
        out.add("| " + " | ".join(_md_cell(c) for c in row) + " |")
    out.add("|" + "|".join(["---"] * len(grid[0])) + "|")
    header_end = out.pos
    rows = tuple(
        out.add("| " + " | ".join(_md_cell(c) for c in row) + " |") for row in grid[n_head:]
    )
    return RenderedTable(out.text, header_end, rows)


def to_html(table: Table) -> RenderedTable:
    """An HTML table keeping row and column spans, one ``<tr>`` per line."""
    out = _Lines()
    out.add("<table>")
    n_head = header_count(table, len(table.rows))
    rows = []
    header_end = out.pos
    for r, row in enumerate(table.rows):
        tag = "th" if r < n_head else "td"
        cells = []
        for c in row:
            attrs = f' rowspan="{c.row_span}"' if c.row_span > 1 else ""
            attrs += f' colspan="{c.col_span}"' if c.col_span > 1 else ""
            cells.append(f"<{tag}{attrs}>{html.escape(' '.join(c.text.split()))}</{tag}>")
        span = out.add("<tr>" + "".join(cells) + "</tr>")
        if r < n_head:
            header_end = out.pos
        else:
            rows.append(span)
    out.add("</table>")
    return RenderedTable(out.text, header_end, tuple(rows))


def to_records(table: Table) -> RenderedTable:
    """One line per data row, ``Header: value; Header: value``; header rows give the keys."""
    grid = table.grid()
    n_head = header_count(table, len(grid))
    width = len(grid[0]) if grid else 0
    keys = [
        " / ".join(dict.fromkeys(grid[r][c] for r in range(n_head) if grid[r][c].strip()))
        or f"Column {c + 1}"
        for c in range(width)
    ]
    out = _Lines()
    rows = []
    for row in grid[n_head:]:
        parts = [f"{k}: {' '.join(v.split())}" for k, v in zip(keys, row, strict=True) if v.strip()]
        rows.append(out.add("; ".join(parts) or "(empty row)"))
    return RenderedTable(out.text, 0, tuple(rows))


RENDERERS = {"markdown": to_markdown, "html": to_html, "records": to_records}


def render_table(table: Table, fmt: str = "markdown") -> RenderedTable:
    """Render in the configured format; a Markdown table with spans is rendered as HTML."""
    if fmt == "markdown" and table.has_spans:
        fmt = "html"
    return RENDERERS[fmt](table)

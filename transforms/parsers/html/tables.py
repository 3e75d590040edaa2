"""HTML tables: telling data tables from layout tables, and building :class:`Table` values."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from transforms.model import Cell, Table

_MAX_SPAN = 1000  # rowspan/colspan beyond this are hostile or broken
_SECTIONS = ("thead", "tbody", "tfoot")
# Cells holding a page section: a heading, an article/section/nav, or paragraphs and divs.
_SECTIONED_CELLS = etree.XPath(
    ".//*[self::td or self::th][.//h1 or .//h2 or .//h3 or .//article or .//section"
    " or .//nav or (.//p and .//div)]"
)
_LONG_CELL_CHARS = 300


def table_rows(table: etree._Element) -> Iterator[tuple[etree._Element, bool]]:
    """Yield the table's own rows (not nested tables') and whether each is in ``thead``."""
    for child in table:
        if child.tag == "tr":
            yield child, False
        elif child.tag in _SECTIONS:
            for row in child:
                if row.tag == "tr":
                    yield row, child.tag == "thead"


def row_cells(row: etree._Element) -> list[etree._Element]:
    """Return the ``td``/``th`` cells of a row."""
    return [c for c in row if c.tag in ("td", "th")]


def _span(value: str | None) -> int:
    try:
        span = int((value or "1").strip().rstrip(";"))
    except ValueError:
        return 1
    return min(max(span, 1), _MAX_SPAN)


def is_data_table(table: etree._Element) -> bool:
    """Tell data tables (True) from tables for tables used to lay a page out."""
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return False
    if table.get("datatable") == "0":
        return False
    if table.find(".//table") is not None:
        return False
    rows = list(table_rows(table))
    n_rows = len(rows)
    n_cols = max((sum(_span(c.get("colspan")) for c in row_cells(r)) for r, _ in rows), default=0)
    if n_rows == 0 or n_cols == 0:
        return False
    if table.find("caption") is not None or table.get("summary"):
        return True
    if n_rows == 1 or n_cols == 1:
        return False
    headed = any(in_head for _, in_head in rows) or any(
        c.tag == "th" for r, _ in rows for c in row_cells(r)
    )
    if headed:
        return True
    # Layout tables hold page sections (headings, blocks of prose) in long cells.
    if not _SECTIONED_CELLS(table):
        return True
    return not any(
        len("".join(cell.itertext()).strip()) > _LONG_CELL_CHARS
        for row, _ in rows
        for cell in row_cells(row)
    )


def build_table(table: etree._Element, cell_text: Callable[[etree._Element], str]) -> Table:
    """Build a :class:`Table` from a data table; ``cell_text`` renders one cell's content."""
    rows: list[tuple[Cell, ...]] = []
    header_rows = 0
    counting_headers = True
    for row, in_head in table_rows(table):
        cells = row_cells(row)
        if not cells:
            continue
        rows.append(
            tuple(
                Cell(
                    cell_text(c), row_span=_span(c.get("rowspan")), col_span=_span(c.get("colspan"))
                )
                for c in cells
            )
        )
        if counting_headers and (in_head or all(c.tag == "th" for c in cells)):
            header_rows += 1
        else:
            counting_headers = False
    # Row spans cannot reach past the last row.
    n = len(rows)
    rows = [
        tuple(
            Cell(c.text, min(c.row_span, n - r), c.col_span) if c.row_span > n - r else c
            for c in row
        )
        for r, row in enumerate(rows)
    ]
    if header_rows >= len(rows):
        header_rows = min(header_rows, 1) if len(rows) > 1 else header_rows
    return Table(rows=tuple(rows), header_rows=header_rows)

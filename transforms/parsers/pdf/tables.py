"""Tables found by PyMuPDF's rule-based finder (its layout model switched off)."""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf

from transforms.model import Cell, Table

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class PageTable:
    """A table found on a page, with its box."""

    bbox: Rect
    table: Table


def _clean(text: str | None) -> str:
    return " ".join((text or "").translate({0xAD: None}).split())


def _rows_with_spans(raw: list[list[str | None]]) -> tuple[tuple[Cell, ...], ...]:
    """Turn PyMuPDF's rows (``None`` where a merged cell continues) into cells with spans.

    A ``None`` right of a cell widens that cell; a ``None`` in the first column becomes an
    empty cell (vertical merges are not recovered).
    """
    rows: list[tuple[Cell, ...]] = []
    for raw_row in raw:
        cells: list[Cell] = []
        for value in raw_row:
            if value is None and cells:
                last = cells[-1]
                cells[-1] = Cell(last.text, last.row_span, last.col_span + 1)
            else:
                cells.append(Cell(_clean(value)))
        rows.append(tuple(cells))
    return tuple(rows)


def _header_row(tab: pymupdf.table.Table) -> tuple[list[str] | None, bool]:
    """Return the header names and whether they sit outside the table's box (above it)."""
    try:
        header = tab.header
    except Exception:  # header detection is a heuristic inside PyMuPDF; never fatal
        return None, False
    if header is None or not header.names:
        return None, False
    return [_clean(n) for n in header.names], bool(header.external)


def find_page_tables(page: pymupdf.Page) -> list[PageTable]:
    """Tables on ``page`` with at least two rows and two columns, header row first."""
    finder = page.find_tables(use_layout=False)
    if finder is None:
        return []
    found: list[PageTable] = []
    for tab in finder.tables:
        raw = tab.extract()
        if not raw:
            continue
        names, external = _header_row(tab)
        rows = _rows_with_spans(raw)
        bbox = tuple(tab.bbox)
        if external and names and any(names):
            rows = (tuple(Cell(n) for n in names), *rows)
            if tab.header.bbox is not None:
                hb = tuple(tab.header.bbox)
                bbox = (min(bbox[0], hb[0]), min(bbox[1], hb[1]), max(bbox[2], hb[2]),
                        max(bbox[3], hb[3]))  # fmt: skip
        rows = tuple(r for r in rows if any(c.text for c in r))
        width = max((sum(c.col_span for c in r) for r in rows), default=0)
        if len(rows) < 2 or width < 2:
            continue  # a framed paragraph or a single cell is text, not a table
        filled = sum(1 for r in rows for c in r if c.text)
        if filled < 3:
            continue
        found.append(PageTable(bbox=bbox, table=Table(rows=rows, header_rows=1)))
    return found

"""Tables on a PDF page: ruled grids (PyMuPDF's finder, no layout model), tables ruled across."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import pymupdf

from transforms.model import Cell, Table
from transforms.parsers.pdf.bidi import columns_in_reading_order, has_rtl, words_with_ligatures
from transforms.parsers.pdf.cells import (
    cell_text,
    place_words,
    vertical_lines_joined,
)
from transforms.parsers.pdf.grid_headers import headers_above
from transforms.parsers.pdf.grid_labels import label_column
from transforms.parsers.pdf.grid_probe import (
    finder_paths,
    grid_edges,
    page_drawings,
    word_in_a_cell,
)
from transforms.parsers.pdf.lines import TEXT_FLAGS
from transforms.parsers.pdf.normalize import normalize_text
from transforms.parsers.pdf.rule_tables import (
    RuleBand,
    halves,
    rule_bands,
    rule_table,
    turn,
    turned_rule_table,
)
from transforms.parsers.pdf.sideways import (
    box_in_page_space,
    cell_lines,
    line_directions,
    looks_vertical,
    table_direction,
    turned_rows,
    words_in_table_space,
)
from transforms.parsers.pdf.subgrid import (
    Cells,
    column_cuts,
    render_rows,
    stacked_rows,
    unmerge_stacks,
)
from transforms.parsers.pdf.table_chars import install as _install_fast_chars
from transforms.parsers.pdf.table_chars import words_as_chars

_install_fast_chars()  # PyMuPDF's table finder builds its character list with floats

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class PageTable:
    """A table found on a page, with its box."""

    bbox: Rect
    table: Table


Word = tuple[float, float, float, float, str, int, int]  # box, text, block, line


def _split_stacked(cells: Cells, row: list[list[tuple[float, str]] | None], height: float):
    """Split a grid row whose cells all hold the same k > 1 aligned text lines into k rows.

    Some tables rule only every fifth row ("Alabama / Alaska / ..." stacked in one cell,
    their numbers stacked beside them): each text line is really a row. ``cells``: the
    row's words per cell; ``row``: their text lines. Each new row keeps its words (a
    header line "Under 18  18 years" is still split over unruled sub-columns).
    """
    filled = [cell for cell in row if cell]
    counts = {len(cell) for cell in filled}
    if len(filled) < 2 or len(counts) != 1 or counts == {1}:
        return None
    k = counts.pop()
    for i in range(k):
        ys = [cell[i][0] for cell in filled]
        if max(ys) - min(ys) > 0.6 * height:
            return None
    out: list[Cells] = [[None if c is None else [] for c in cells] for _ in range(k)]
    for j, (words, lines) in enumerate(zip(cells, row, strict=True)):
        for word in words or ():
            out[min(range(k), key=lambda i: abs(lines[i][0] - word[0]))][j].append(word)
    return out


def _cell_texts(
    tab: pymupdf.table.Table, words: list[Word], height: float, left: float | None = None
) -> list[list[str | None]]:
    """Text of every cell slot from the page's words (``None`` where a merged cell continues).

    PyMuPDF's own ``extract()`` reorders characters in some fonts ("3.71T" -> "371T ."), so
    the words MuPDF already assembled are placed into the cells by their centres.
    ``left``: where a column of row labels beside the grid starts (see :mod:`grid_labels`).
    """
    grid = [list(row.cells) for row in tab.rows]
    if left is not None:
        x0 = tab.bbox[0]
        grid = [[(left, r.bbox[1], x0, r.bbox[3]), *g] for r, g in zip(tab.rows, grid, strict=True)]
    parts, centres = place_words(grid, words)
    unmerge_stacks(grid, parts, height)
    fullest = max(grid, key=lambda row: sum(c is not None for c in row), default=[])
    columns = [c for c in fullest if c is not None]
    rows: list[list] = []  # finished texts, or words per cell (see subgrid.render_rows)
    stacked: list[Cells] = []
    for r, row in enumerate(grid):
        spread = _spread_banded(row, centres[r], columns, height)
        if spread is not None:
            rows.append(spread)
            continue
        cells: Cells = [None if cell is None else parts[r][c] for c, cell in enumerate(row)]
        sub = stacked_rows(cells, height)
        if sub:
            rows.extend(sub)
            stacked.extend(sub)
            continue
        lines = [None if cell is None else cell_lines([(w[0], w[1], w[3]) for w in cell], height)
                 for cell in cells]  # fmt: skip
        split = _split_stacked(cells, lines, height)
        if split:
            rows.extend(split)
            continue
        rows.append(cells)
    cuts = column_cuts(stacked, len(grid[0]) if grid else 0, height)
    return [
        [None if t is None else cell_text(t) for t in row]
        for row in render_rows(rows, cuts, height, stacked)
    ]


FRAMED_PROSE_WORDS = 30  # words of every cell of a grid of framed text, at least
_NUMBER = re.compile(r"^[(\[]?[-+$€£]?\d[\d.,:/%-]*[)\]]?[.,;:%*]*$")


_YEAR = re.compile(r"^(?:19|20)\d\d$")


def figures_only_header(table: Table) -> Table:
    """``table`` without a header row when that row and the first column are all figures.

    The table readers take the first row for the header; a table of figures only (a price
    list's "200.01 | 1", "400.01 | 3", ...) has none, and gets generic column keys. A row
    of years over figures ("2023 | 2024") stays a header.
    """
    rows = table.rows
    if table.header_rows != 1 or len(rows) < 3:
        return table
    first = [c.text.strip() for c in rows[0]]
    if not first or not all(_NUMBER.match(t) for t in first) or all(_YEAR.match(t) for t in first):
        return table
    if any(c.row_span > 1 or c.col_span > 1 for c in rows[0]):
        return table
    if not all(_NUMBER.match(row[0].text.strip()) for row in rows[1:] if row):
        return table
    return replace(table, header_rows=0)


def _spread_banded(
    row: list, items: list[tuple[float, float, float, str]], columns: list, height: float
) -> list[str | None] | None:
    """Spread a row drawn as one cell across the grid over the table's columns.

    Shaded bands without inner rules come out of the finder as one cell; when their
    figures sit in the table's columns, each word goes to the column under its centre.

    Only for rows mostly made of numbers that fall into three or more columns, so a
    section title spanning the table stays one cell.
    """
    if len(row) < 3 or len(row) != len(columns) or sum(c is not None for c in row) != 1:
        return None
    if not items or sum(1 for *_, t in items if _NUMBER.match(t)) * 2 < len(items):
        return None
    slots: list[list[tuple[float, float, str]]] = [[] for _ in columns]
    for cx, cy, x0, text in items:
        col = next((i for i, c in enumerate(columns) if c[0] <= cx <= c[2]), None)
        if col is None:
            return None
        slots[col].append((cy, x0, text))
    if sum(1 for slot in slots if slot) < 3:
        return None
    return [cell_text(" ".join(t for _, t in cell_lines(slot, height))) for slot in slots]


def _drop_empty_columns(raw: list[list[str | None]]) -> list[list[str | None]]:
    """Remove grid columns that hold no text in any row (slivers between double rules).

    A merged cell that started in a removed column starts in the next one instead.
    """
    width = max((len(r) for r in raw), default=0)
    empty = [j for j in range(width) if not any(j < len(r) and r[j] for r in raw)]
    if not empty or len(empty) == width:
        return raw
    out = []
    for row in raw:
        row = list(row)
        for j in reversed(empty):
            if j >= len(row):
                continue
            if row[j] is not None and j + 1 < len(row) and row[j + 1] is None:
                row[j + 1] = row[j]  # the merged cell now starts one column later
            del row[j]
        out.append(row)
    return out


def _rows_with_spans(raw: list[list[str | None]]) -> tuple[tuple[Cell, ...], ...]:
    """Turn rows (``None`` where a merged cell continues) into cells with spans.

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
                cells.append(Cell(cell_text(value)))
        rows.append(tuple(cells))
    return tuple(rows)


def _ruled_text(rows: tuple[tuple[Cell, ...], ...], width: int) -> bool:
    """Rows that are nearly all one cell across the grid: ruled paper or boxed text.

    (A notebook page's lines, or paragraphs in frames, make a grid whose rows each hold
    one filled cell spanning most of its width; a table's rows fill their columns.)
    """
    banded = 0
    for row in rows:
        filled = [c for c in row if c.text]
        if len(filled) == 1 and filled[0].col_span * 2 >= width:
            banded += 1
    return len(rows) >= 4 and banded >= 0.8 * len(rows)


def _framed_prose(rows: tuple[tuple[Cell, ...], ...]) -> bool:
    """Every filled cell a paragraph or more: text laid out in frames, not a table.

    (A course outline's modules, each a description and its bullet points in a box of a
    two-by-two grid; a table's cells, even long ones, sit beside short labels or figures.)
    """
    filled = [c.text for r in rows for c in r if c.text]
    return all(len(t.split()) >= FRAMED_PROSE_WORDS for t in filled)


def _boxed_words(rows: tuple[tuple[Cell, ...], ...], width: int) -> bool:
    """Words each boxed on their own in lines of prose: a grid with no columns of its own.

    A box drawn around every word of a paragraph makes the finder's grid from all the
    boxes' edges, and each line starts its cells at its own places: every line spans
    over cell edges of the line next to it, both ways (in a table a header may span
    body columns, but body rows do not span the header's edges). Nearly every cell
    holds a single word.
    """
    if width < 6 or len(rows) < 2:
        return False
    filled = [c.text for r in rows for c in r if c.text]
    if sum(1 for t in filled if " " not in t) < 0.8 * len(filled):
        return False
    edges = []
    for row in rows:
        starts, at = set(), 0
        for cell in row:
            if at:
                starts.add(at)
            at += cell.col_span
        edges.append(starts)
    return all(len(a - b) >= 2 and len(b - a) >= 2 for a, b in itertools.pairwise(edges))


def find_page_tables(
    page: pymupdf.Page, textpage: pymupdf.TextPage | None = None
) -> list[PageTable]:
    """Tables on ``page`` with at least two rows and two columns, header row first.

    ``textpage``: the page's text already extracted with ``TEXT_FLAGS`` (else made here).
    Ruled grids are read by PyMuPDF's finder; tables ruled only across, between rules
    of one width, by :mod:`rule_tables` (upright pages).
    """
    drawings = page_drawings(page)
    if drawings is None:
        return []
    grid = grid_edges(drawings)
    bands = rule_bands(drawings)  # drawings and words: both in the unrotated page's space
    sideways = rule_bands(drawings, across=False)
    if not grid and not bands and not sideways:
        return []
    if textpage is None:
        textpage = page.get_textpage(flags=TEXT_FLAGS)
    raw_words = page.get_text("words", flags=TEXT_FLAGS, textpage=textpage)
    if any(has_rtl(w[4]) for w in raw_words):  # right-to-left ligatures (see :mod:`bidi`)
        raw_words = words_with_ligatures(raw_words, textpage.extractRAWDICT())
    found: list[PageTable] = []
    if grid and (page.rotation or word_in_a_cell(drawings, raw_words)):
        found = _grid_tables(page, textpage, raw_words, drawings)
    read_across = []
    if bands:
        upright = _turned_words(raw_words, (1, 0))
        read_across = [t for band in bands for t in _band_tables(band, _rule_table, upright)]
    if sideways:
        directions = line_directions(page, textpage, finder_space=False)
        turned: dict[tuple[int, int], tuple] = {}  # words turned once per direction
        read_across += [
            t
            for band in sideways
            for t in _band_tables(band, _sideways_rule_table, raw_words, directions, turned)
        ]
    for read in read_across:
        # the finder's grids inside the band's rules, made of column rules that do not
        # meet them (see rule_bands), give way when the band's reading finds more columns
        # than they have together: their cells held several columns each
        inside = [t for t in found if _contains(read.bbox, t.bbox)]
        if inside and _width(read.table.rows) > sum(_width(t.table.rows) for t in inside):
            found = [t for t in found if t not in inside]
        if not any(overlap(read.bbox, t.bbox) for t in found):
            found.append(read)
    return [replace(t, table=columns_in_reading_order(t.table)) for t in found]


def _width(rows: tuple[tuple[Cell, ...], ...]) -> int:
    return max((sum(c.col_span for c in row) for row in rows), default=0)


def _contains(outer: Rect, inner: Rect, slack: float = 3.0) -> bool:
    return (
        outer[0] - slack <= inner[0]
        and outer[1] - slack <= inner[1]
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def _band_tables(band: RuleBand, read: Callable[..., PageTable | None], *args) -> list[PageTable]:
    """The table between a band's rules, or those of its halves when it reads as none.

    Tables of one width stacked on a page share a band (their captions between them);
    the band is cut at its widest gap between rules while each part keeps three rules.
    """
    table = read(band, *args)
    if table is not None:
        return [table]
    parts = halves(band)
    if parts is None:
        return []
    return [t for part in parts for t in _band_tables(part, read, *args)]


def overlap(a: Rect, b: Rect) -> bool:
    """Whether two boxes share some area."""
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _rule_table(band: RuleBand, upright: tuple[list, float]) -> PageTable | None:
    """The table between a band of rules (see :mod:`rule_tables`), or None.

    ``upright``: the page's words and their height from :func:`_turned_words`.
    """
    return _rule_page_table(rule_table(band, *upright))


def _sideways_rule_table(
    band: RuleBand,
    raw_words: list[tuple],
    directions: dict[tuple[int, int], tuple[int, int]],
    turned: dict[tuple[int, int], tuple[list, float]],
) -> PageTable | None:
    """The table between vertical rules, its text running up or down, or None.

    ``turned``: the page's words already turned, by direction (filled here).
    """
    box = (band.ys[0], band.x0, band.ys[-1], band.x1)  # the band in page space
    direction = table_direction(raw_words, box, directions)
    if direction not in ((0, 1), (0, -1)):
        return None
    if direction not in turned:
        turned[direction] = _turned_words(raw_words, direction)
    words, height = turned[direction]
    return _rule_page_table(turned_rule_table(band, words, direction, height))


def _turned_words(
    raw_words: list[tuple], direction: tuple[int, int]
) -> tuple[list[tuple[float, float, float, str]], float]:
    """MuPDF's words as (centre y, x0, x1, text), and their median height.

    Text running in ``direction`` is turned to run left to right ((1, 0): as it is).
    """
    turned = [(turn(w[:4], direction), normalize_text(w[4])) for w in raw_words]
    heights = sorted(b[3] - b[1] for b, _ in turned) or [10.0]
    words = [((b[1] + b[3]) / 2, b[0], b[2], text) for b, text in turned]
    return words, heights[len(heights) // 2]


def _rule_page_table(read: tuple | None) -> PageTable | None:
    if read is None:
        return None
    bbox, rows, header_rows = read
    rows = tuple(r for r in rows if any(c.text for c in r))
    return PageTable(bbox=bbox, table=Table(rows=rows, header_rows=header_rows))


def _grid_tables(
    page: pymupdf.Page, textpage: pymupdf.TextPage, raw_words: list[tuple], drawings: list[dict]
) -> list[PageTable]:
    """Tables of PyMuPDF's line-based finder, read with the page's words.

    ``drawings``: the page's (``get_cdrawings``), handed to the finder on an upright page
    (see :func:`finder_paths`; it reads a turned one's with the turn taken off).
    """
    if page.rotation:  # the finder derotates the page, where our words would not line up
        finder = page.find_tables(use_layout=False)
    else:
        with words_as_chars(page, textpage, raw_words):
            finder = page.find_tables(use_layout=False, paths=finder_paths(drawings))
    if finder is None or not finder.tables:
        return []
    words = words_in_table_space(
        page, [(w[0], w[1], w[2], w[3], normalize_text(w[4]), w[5], w[6]) for w in raw_words]
    )
    upright: list[Word] | None = None  # the words with turned headings joined, if needed
    height = 10.0  # their usual height, measured with them
    directions = None
    found: list[PageTable] = []
    for tab in finder.tables:
        bbox: Rect = tuple(tab.bbox)
        direction = (1, 0)
        if page.rotation or looks_vertical(words, bbox):
            if directions is None:
                directions = line_directions(page, textpage)
            direction = table_direction(words, bbox, directions)
        header_rows = 1
        if direction != (1, 0):  # printed sideways: read in the text's direction
            rows = turned_rows([tuple(c) for c in tab.cells], words, direction)
        else:
            if upright is None:
                upright = vertical_lines_joined(words)
                heights = sorted(w[3] - w[1] for w in upright) or [10.0]
                height = heights[len(heights) // 2]
            left = label_column(tab, upright, height)
            raw = _cell_texts(tab, upright, height, left)
            if left is not None:
                bbox = (left, *bbox[1:])
            # PyMuPDF's own ``tab.header`` is not used: it re-extracts every cell and
            # renders two pixmaps per table (half the finder's time on dense pages), and
            # the rows found above the grid here cover the same headers.
            above = headers_above(tab, upright)
            if above:
                spread = [
                    [v for c in cells for v in (c.text, *[None] * (c.col_span - 1))]
                    for cells in above[0]
                ]
                if left is not None:  # the labels' column has no heading over the grid
                    spread = [["", *row] for row in spread]
                raw = [*spread, *raw]
                header_rows = len(above[0])
                bbox = (bbox[0], above[1], bbox[2], bbox[3])
            rows = _rows_with_spans(_drop_empty_columns(raw))
        bbox = box_in_page_space(page, bbox)
        rows = tuple(r for r in rows if any(c.text for c in r))
        width = _width(rows)
        if len(rows) < 2 or width < 2:
            continue  # a framed paragraph or a single cell is text, not a table
        filled = sum(1 for r in rows for c in r if c.text)
        if (
            filled < 3
            or _ruled_text(rows, width)
            or _boxed_words(rows, width)
            or _framed_prose(rows)
        ):
            continue
        found.append(PageTable(bbox=bbox, table=Table(rows=rows, header_rows=header_rows)))
    return found

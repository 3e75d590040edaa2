"""Grid clean-up of PDF tables: columns without any text are removed, spans kept."""

from __future__ import annotations

import pymupdf

from transforms.model import Cell, Kind
from transforms.parsers.pdf.grid_headers import _header_row, _phrase, _spread_groups
from transforms.parsers.pdf.grid_probe import (
    _may_draw_grid,
    finder_paths,
    may_have_ruled_table,
    word_in_a_cell,
)
from transforms.parsers.pdf.tables import (
    _boxed_words,
    _drop_empty_columns,
    _rows_with_spans,
    _ruled_text,
    _spread_banded,
)


def test_sliver_columns_between_double_rules_are_removed():
    raw = [
        ["State", "", "Revenue", None, "", "Total"],
        ["Goa", "", "4,055", "110", "", "4,165"],
    ]
    assert _drop_empty_columns(raw) == [["State", "Revenue", None, "Total"],
                                        ["Goa", "4,055", "110", "4,165"]]  # fmt: skip


def test_a_merged_cell_starting_in_a_removed_column_starts_in_the_next():
    raw = [["a", "", None, "b"], ["c", "", "", "d"], ["e", "", "x", "f"]]
    rows = _rows_with_spans(_drop_empty_columns(raw))
    assert rows[0] == (Cell("a"), Cell(""), Cell("b"))
    assert rows[2] == (Cell("e"), Cell("x"), Cell("f"))


def test_all_empty_or_full_grids_are_left_alone():
    assert _drop_empty_columns([["", ""], ["", None]]) == [["", ""], ["", None]]
    full = [["a", "b"], ["c", "d"]]
    assert _drop_empty_columns(full) == full


COLUMNS = [(0, 0, 40, 10), (40, 0, 80, 10), (80, 0, 120, 10), (120, 0, 160, 10),
           (160, 0, 200, 10)]  # fmt: skip


def test_slanted_headings_land_in_the_column_under_their_middle():
    # boxes of words set at 45 degrees reach into the next column
    words = [
        (42.0, 0.0, 78.0, 30.0, "Procedure", 1, 0),
        (82.0, 0.0, 126.0, 40.0, "Completion", 2, 0),
    ]
    phrases = [_phrase([w]) for w in words]
    cells = _header_row(COLUMNS, phrases)
    assert [c.text for c in cells] == ["", "Procedure", "Completion", "", ""]
    assert all(c.col_span == 1 for c in cells)
    upright = _phrase([(42.0, 0.0, 118.0, 8.0, "Procedure", 1, 0)])
    assert upright == (42.0, 118.0, "Procedure")  # an upright word keeps its extent


def test_group_headings_span_the_sub_headings_nearest_them():
    below = tuple(Cell(t) for t in ["", "Proc.", "Compl.", "Proc.", "Compl."])
    groups = [(70.0, 90.0, "ReACT"), (150.0, 170.0, "Planner")]
    cells = _header_row(COLUMNS, _spread_groups(groups, COLUMNS, below))
    assert [(c.text, c.col_span) for c in cells] == [("", 1), ("ReACT", 2), ("Planner", 2)]


def test_second_lines_of_two_line_headings_are_not_groups():
    below = tuple(Cell(t) for t in ["Environment", "modal", "Domain", "Tasks", "metric"])
    tops = [(45.0, 75.0, "Multi-"), (85.0, 115.0, "Multi-"), (125.0, 155.0, "# of")]
    assert _spread_groups(tops, COLUMNS, below) == tops


def test_ruled_paper_is_not_a_table():
    lines = tuple((Cell(t, col_span=4),) for t in ["Flow", "February", "Data", "Code", "Webtext"])
    assert _ruled_text((*lines, (Cell("1590"), Cell("Jstaceder", col_span=3))), 4)
    template = (
        (Cell(""), Cell("pH"), Cell("HCO3"), Cell("PCO2")),
        *((Cell(name), Cell(""), Cell(""), Cell("")) for name in ["Acidose", "Alcalose", "X"]),
    )
    assert not _ruled_text(template, 4)  # a form-like table with empty columns stays


def test_a_shaded_band_of_figures_is_spread_over_the_columns():
    columns = [(0, 0, 100, 10), (100, 0, 150, 10), (150, 0, 200, 10), (200, 0, 250, 10)]
    band = [(0, 0, 250, 10), None, None, None]
    words = [(20, 5, 5, "Arunachal"), (60, 5, 45, "Pradesh"), (120, 5, 110, "2,241,609"),
             (170, 5, 160, "107,549"), (230, 5, 220, "23,000")]  # fmt: skip
    assert _spread_banded(band, words, columns, 8.0) == [
        "Arunachal Pradesh", "2,241,609", "107,549", "23,000"
    ]  # fmt: skip
    title = [(20, 5, 5, "Proteomics"), (130, 5, 110, "Clustering"), (210, 5, 200, "tasks")]
    assert _spread_banded(band, title, columns, 8.0) is None  # a section title stays whole
    ruled = [(0, 0, 100, 10), (100, 0, 150, 10), None, None]
    assert _spread_banded(ruled, words, columns, 8.0) is None  # not a one-cell row


def test_pages_that_cannot_draw_a_grid_skip_the_drawings():
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Only text (S) here, f and B as words.", fontsize=10)
    ruled = doc.new_page()
    for y in (100, 200):  # two rules: not the three of a table ruled across, nor a grid
        ruled.draw_line((72, y), (300, y))
    grid = doc.new_page()
    grid.draw_rect(pymupdf.Rect(72, 100, 300, 200))  # a frame, a rule and a separator
    grid.draw_line((72, 150), (300, 150))
    grid.draw_line((180, 100), (180, 200))
    doc.new_page().add_rect_annot(pymupdf.Rect(72, 72, 200, 120))
    text_only, ruled, grid, annotated = doc[0], doc[1], doc[2], doc[3]
    assert not _may_draw_grid(text_only) and not may_have_ruled_table(text_only)
    assert not _may_draw_grid(ruled)
    assert _may_draw_grid(grid) and may_have_ruled_table(grid)
    assert _may_draw_grid(annotated)  # drawn by its appearance stream, not the page content


def test_the_finder_is_given_the_drawings_it_would_read_itself():
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(72, 100, 300, 200), fill=(0.9, 0.9, 0.9))
    page.draw_line((72, 150), (300, 150), dashes="[3] 0")
    page.draw_quad(pymupdf.Rect(320, 100, 400, 140).quad)
    page.draw_bezier((72, 250), (100, 220), (150, 280), (200, 250))
    cdrawings = page.get_cdrawings()
    before = repr(cdrawings)
    assert repr(finder_paths(cdrawings)) == repr(page.get_drawings())
    assert repr(cdrawings) == before  # copies: the page's drawings stay as they were read


def test_the_finder_is_skipped_when_no_word_sits_inside_edges():
    doc = pymupdf.open()
    page = doc.new_page()
    for x in (100, 160, 220):  # a row of empty boxes, labelled underneath
        page.draw_rect(pymupdf.Rect(x, 100, x + 50, 150))
        page.draw_rect(pymupdf.Rect(x, 160, x + 50, 210))
    page.insert_text((100, 230), "Figure 1: boxes without labels inside", fontsize=10)
    words = page.get_text("words")
    drawings = page.get_cdrawings()
    assert may_have_ruled_table(page) and not word_in_a_cell(drawings, words)
    page.insert_text((110, 130), "A", fontsize=10)  # a label inside one box
    assert word_in_a_cell(page.get_cdrawings(), page.get_text("words"))


def test_words_boxed_one_by_one_in_lines_of_prose_are_not_a_table():
    def line(spans: list[tuple[str, int]]) -> tuple[Cell, ...]:
        return tuple(Cell(text, col_span=span) for text, span in spans)

    prose = (
        line([("This", 1), ("agreement", 2), ("hereby", 1), ("states", 2), ("that", 1),
              ("both", 1)]),
        line([("legally", 2), ("necessary", 1), ("to", 2), ("enter", 1), ("into", 2)]),
    )  # fmt: skip
    assert _boxed_words(prose, 8)
    # a header spanning body columns, body rows on every column edge: a table
    table = (
        line([("Region", 2), ("North", 3), ("South", 3)]),
        line([(w, 1) for w in ("a", "b", "c", "d", "e", "f", "g", "h")]),
        line([(w, 1) for w in ("1", "2", "3", "4", "5", "6", "7", "8")]),
    )
    assert not _boxed_words(table, 8)


def test_column_headings_turned_on_their_side_read_in_their_own_order():
    doc = pymupdf.open()
    page = doc.new_page()
    xs, ys = (60, 160, 200, 240), (60, 160, 180, 200)
    for x in xs:
        page.draw_line((x, ys[0]), (x, ys[-1]))
    for y in ys:
        page.draw_line((xs[0], y), (xs[-1], y))
    names = ["Brian Calley", "Jim Hines"]
    for x, name in zip((175, 215), names, strict=True):  # written bottom up
        page.insert_text((x, 155), name, fontsize=9, rotate=90)
    page.insert_text((65, 150), "County", fontsize=9)
    for y, row in ((174, ("Alcona", "55", "47")), (194, ("Curtis", "30", "25"))):
        for x, text in zip((65, 165, 205), row, strict=True):
            page.insert_text((x, y), text, fontsize=9)
    from tests.fixtures.pdf_pages import parse

    parsed = parse(doc.tobytes())
    table = next(e.table for e in parsed.elements if e.kind is Kind.TABLE)
    assert table.grid()[0] == ["County", *names]
    assert table.grid()[2] == ["Curtis", "30", "25"]


def _ruled_figures(page: pymupdf.Page, x0: float = 200) -> list[float]:
    """A grid of two columns of figures, a ruled header row and four ruled rows."""
    xs, ys = (x0, x0 + 60, x0 + 120), [100 + 20 * i for i in range(6)]
    for x in xs:
        page.draw_line((x, ys[0]), (x, ys[-1]))
    for y in ys:
        page.draw_line((xs[0], y), (xs[-1], y))
    page.insert_text((x0 + 5, 114), "Votes", fontsize=9)
    page.insert_text((x0 + 65, 114), "Share", fontsize=9)
    for i in range(4):
        page.insert_text((x0 + 5, 134 + 20 * i), str(100 + i), fontsize=9)
        page.insert_text((x0 + 65, 134 + 20 * i), f"{10 + i}%", fontsize=9)
    return ys


def test_row_labels_beside_the_grid_are_its_first_column():
    doc = pymupdf.open()
    page = doc.new_page()
    _ruled_figures(page)
    names = ["Alcona", "Caledonia", "Curtis", "City Harrisville"]
    for i, name in enumerate(names):
        page.insert_text((80, 134 + 20 * i), name, fontsize=9)
    from tests.fixtures.pdf_pages import parse

    parsed = parse(doc.tobytes())
    table = next(e.table for e in parsed.elements if e.kind is Kind.TABLE)
    assert table.grid()[0] == ["", "Votes", "Share"]
    assert [row[0] for row in table.grid()[1:]] == names
    assert not any(e.text in names for e in parsed.elements if e.kind is not Kind.TABLE)


def test_a_column_of_running_text_beside_the_grid_stays_text():
    doc = pymupdf.open()
    page = doc.new_page()
    _ruled_figures(page, x0=330)
    y = 60.0
    while y < 260:  # a paragraph column left of the table, going on above and below it
        page.insert_text((72, y), "words of a column of text", fontsize=9)
        y += 11
    from tests.fixtures.pdf_pages import parse

    parsed = parse(doc.tobytes())
    table = next(e.table for e in parsed.elements if e.kind is Kind.TABLE)
    assert table.grid()[0] == ["Votes", "Share"]
    assert "words of a column of text" in " ".join(e.text for e in parsed.elements)


def test_phrases_over_one_column_above_the_grid_are_a_heading_not_a_header_row():
    """Two MuPDF lines over one column ("2.5", "Shares") are one heading, as a lone phrase."""
    doc = pymupdf.open()
    page = doc.new_page()
    _ruled_figures(page)  # columns 200-260 and 260-320
    page.insert_text((262, 94), "2.5", fontsize=9)
    page.insert_text((286, 94), "Shares", fontsize=9)  # far enough for a line of its own
    from tests.fixtures.pdf_pages import parse, tables_and_text

    tables, text = tables_and_text(parse(doc.tobytes()))
    assert tables[0].grid()[0] == ["Votes", "Share"]
    assert text == "2.5 Shares"


def test_a_line_going_on_beyond_the_grid_is_not_a_header_row():
    """A section number touching the line's end right of the grid: the line is a heading.

    It was read as the header "Votes | cast" and its number, beyond the columns, was lost
    with the line (right_to_left_03's "3- ..." heading over a ruled table).
    """
    doc = pymupdf.open()
    page = doc.new_page()
    _ruled_figures(page)  # the grid ends at x = 320
    width = pymupdf.Font("helv").text_length("cast", fontsize=9)
    page.insert_text((208, 94), "Votes", fontsize=9)
    page.insert_text((320.5 - width, 94), "cast", fontsize=9)
    page.insert_text((321.9, 94), "(3)", fontsize=9)  # a word of its own, touching "cast"
    from tests.fixtures.pdf_pages import parse, tables_and_text

    tables, text = tables_and_text(parse(doc.tobytes()))
    assert tables[0].grid()[0] == ["Votes", "Share"]
    assert text == "Votes cast (3)"


def test_a_table_of_figures_only_has_no_header_row():
    from transforms.model import Table
    from transforms.parsers.pdf.tables import figures_only_header

    figures = Table.from_strings([["200.01", "1"], ["400.01", "3"], ["600.01", "5"]])
    assert figures_only_header(figures).header_rows == 0
    years = Table.from_strings([["2022", "2023"], ["1,136", "876"], ["3,423", "2,532"]])
    labelled = Table.from_strings([["12", "14"], ["Cost", "178"], ["Total", "4,737"]])
    assert figures_only_header(years).header_rows == 1
    assert figures_only_header(labelled).header_rows == 1


def test_paragraphs_framed_in_a_grid_of_boxes_are_text_not_a_table():
    # a course outline: each module's description in a box of a two-by-two grid
    from tests.fixtures.pdf_pages import parse
    from transforms.model import Kind

    pdf = pymupdf.open()
    page = pdf.new_page()
    prose = [
        "This module introduces the learner to the principles of widget development",
        "and quality assurance, explores what kinds of widgets might be developed and",
        "tested, considers potential challenges and gives guidance on standards.",
    ]
    for row, y in enumerate((80, 300)):
        for col, x in enumerate((50, 300)):
            page.draw_rect(pymupdf.Rect(x, y, x + 250, y + 220))
            if (row, col) == (1, 1):
                continue
            page.insert_text((x + 8, y + 20), f"Module {row * 2 + col + 1}", fontsize=11)
            top = y + 30 + 9 * col  # the boxes' lines do not line up across
            for i, text in enumerate(prose):
                page.insert_textbox(
                    pymupdf.Rect(x + 8, top + 40 * i, x + 242, top + 40 + 40 * i), text,
                    fontsize=8,
                )  # fmt: skip
    elements = parse(pdf.tobytes()).elements
    assert not [e for e in elements if e.kind is Kind.TABLE]
    assert sum("principles of widget development" in e.text for e in elements) == 3

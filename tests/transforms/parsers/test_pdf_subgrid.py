"""Rows and columns a ruled table leaves unruled (transforms.parsers.pdf.subgrid)."""

from __future__ import annotations

import pymupdf

from transforms.model import Kind
from transforms.parsers.pdf.subgrid import column_cuts, render_rows, stacked_rows, unmerge_stacks

H = 8.0  # text height


def word(y: float, x0: float, text: str) -> tuple[float, float, float, str]:
    return (y, x0, x0 + 5.0 * len(text), text)


def test_a_stack_of_labels_beside_a_stack_of_figures_becomes_one_row_per_line():
    labels = [word(10, 0, "Alabama"), word(20, 0, "Alaska"), word(30, 0, "Arizona")]
    figures = [word(10, 100, "12"), word(20, 100, "7"), word(30, 100, "9")]
    rows = stacked_rows([labels, figures], H)
    assert rows is not None and len(rows) == 3
    assert [[w[3] for w in cell] for cell in rows[1]] == [["Alaska"], ["7"]]


def test_wrapped_paragraphs_side_by_side_stay_one_row():
    left = [word(10, 0, "Some"), word(20, 0, "wrapped"), word(30, 0, "text")]
    right = [word(10, 100, "more"), word(20, 100, "wrapped"), word(30, 100, "words")]
    assert stacked_rows([left, right], H) is None  # no figures: paragraphs, not rows


def test_a_label_on_two_lines_gets_a_row_of_its_own_per_line():
    names = ["Murder and", "manslaughter", "Rape", "Robbery"]
    labels = [word(10 * (i + 1), 0, name) for i, name in enumerate(names)]
    figures = [word(20, 100, "10.0"), word(30, 100, "17.5"), word(40, 100, "2.6")]
    rows = stacked_rows([labels, figures], H)
    assert rows is not None and len(rows) == 4
    assert [w[3] for w in rows[0][0]] == ["Murder and"] and rows[0][1] == []


def test_figures_side_by_side_in_one_cell_split_into_columns():
    labels = [word(y, 0, name) for y, name in ((10, "Total"), (20, "Violent"), (30, "Rape"))]
    cell = [w for y in (10, 20, 30) for w in (word(y, 100, "11,062"), word(y, 160, "1,540"))]
    rows = stacked_rows([labels, cell], H)
    cuts = column_cuts(rows, 2, H)
    assert cuts[0] == [] and len(cuts[1]) == 1 and 130 < cuts[1][0] < 160
    heading = [[word(0, 0, "State")], [word(0, 110, "All"), word(0, 165, "Men")]]
    texts = render_rows([heading, *rows], cuts, H, rows)
    assert texts[0] == ["State", "All", "Men"]
    assert texts[1] == ["Total", "11,062", "1,540"]


def test_a_heading_across_the_cut_in_a_plain_row_stays_whole():
    rows = [[[word(y, 100, "1"), word(y, 160, "2")]] for y in (10, 20, 30)]
    cuts = [[140.0]]
    wide = [[word(0, 100, "Figures for both columns")]]  # 100 .. 220: crosses the cut
    assert render_rows([wide], cuts, H, rows) == [["Figures for both columns", None]]


def test_headings_a_little_wider_than_their_figures_go_to_their_columns():
    rows = [[[word(y, 90, "1,540.0"), word(y, 140, "9,522.6")]] for y in (10, 20, 30)]
    cuts = [[132.0]]  # between the two columns of figures (90..125, 140..175)
    # "Under 18" (97..133) reaches past the cut by a point; "18 years" starts after it
    heads = [[word(0, 97, "Under"), word(0, 123, "18"), word(0, 140, "18"), word(0, 151, "years")]]
    assert render_rows([heads], cuts, H, rows) == [["Under 18", "18 years"]]
    # a group heading alone on its line, across the cut, spans the columns
    group = [[word(0, 125, "Total")]]
    assert render_rows([group], cuts, H, rows) == [["Total", None]]
    # two phrases of one line in one column: running text, kept whole
    note = [[word(0, 90, "a"), word(0, 102, "note"), word(0, 150, "x")]]
    assert render_rows([note], cuts, H, rows) == [["a note x", None]]


def test_a_ruled_group_cell_holding_three_columns_of_figures_is_split():
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(50, 50, 350, 170))
    page.draw_line((50, 70), (350, 70))
    page.draw_line((150, 50), (150, 170))
    page.insert_text((55, 64), "Offense", fontsize=9)
    page.insert_text((155, 64), "Total", fontsize=9)
    for i, (name, a, b, c) in enumerate(
        [("Murder", "10.0", "0.9", "9.1"), ("Rape", "17.5", "2.6", "14.9"),
         ("Robbery", "102.1", "25.5", "76.6"), ("Assault", "338.4", "40.1", "298.3")]
    ):  # fmt: skip
        y = 85 + 20 * i
        page.insert_text((55, y), name, fontsize=9)
        for x, value in ((160, a), (220, b), (280, c)):
            page.insert_text((x, y), value, fontsize=9)
    from tests.transforms.parsers.test_pdf_parser import parse

    doc = parse(doc.tobytes())
    table = next(e.table for e in doc.elements if e.kind is Kind.TABLE)
    grid = table.grid()
    assert grid[0][0] == "Offense" and "Total" in grid[0]
    assert ["Rape", "17.5", "2.6", "14.9"] in grid
    assert ["Assault", "338.4", "40.1", "298.3"] in grid


def merged_grid() -> list[list]:
    """Label, two figure columns merged over three rows; a ruled fourth column beside."""
    return [
        [(0, 0, 100, 10), (100, 0, 130, 10), (130, 0, 160, 10), (160, 0, 190, 10)],  # header
        [(0, 10, 160, 40), None, None, (160, 10, 190, 20)],
        [None, None, None, (160, 20, 190, 30)],
        [None, None, None, (160, 30, 190, 40)],
    ]


def merged_parts(grid: list[list], lines: list[tuple[str, str, str]]) -> list[list[list]]:
    """Words per cell slot: the given lines (label, figure, figure) all in row 1's first cell."""
    parts: list[list[list]] = [[[] for _ in row] for row in grid]
    parts[1][0] = [w for i, (a, b, c) in enumerate(lines)
                   for w in (word(15 + 10 * i, 5, a), word(15 + 10 * i, 105, b),
                             word(15 + 10 * i, 135, c))]  # fmt: skip
    return parts


def test_a_cell_merged_over_rows_and_columns_gives_each_line_back_to_its_row():
    grid = merged_grid()
    lines = [("Wheat", "76.9", "80.0"), ("Barley", "78.6", "75.0"), ("Oats", "31.8", "24.2")]
    parts = merged_parts(grid, lines)
    unmerge_stacks(grid, parts, H)
    assert all(cell is not None for row in grid for cell in row)
    assert [[w[3] for w in cell] for cell in parts[2][:3]] == [["Barley"], ["78.6"], ["75.0"]]


def test_a_merged_label_wrapped_over_lines_stays_merged():
    grid = merged_grid()
    label = [word(15, 5, "A long label"), word(24, 5, "wrapped onto"), word(33, 5, "three lines")]
    parts = [[[] for _ in row] for row in grid]
    parts[1][0] = label  # all in the first column: no figures beside
    unmerge_stacks(grid, parts, H)
    assert grid[2][0] is None and parts[1][0] == label


def test_a_cell_merged_across_one_row_is_split_over_its_columns():
    grid = [
        [(0, 0, 100, 10), (100, 0, 130, 10), (130, 0, 160, 10)],  # header
        [(0, 10, 160, 30), None, None],  # one cell across the row, two lines in it
    ]
    parts = merged_parts(grid, [("Weighed", "38.8", "NA"), ("Low weight", "12.8", "NA")])
    unmerge_stacks(grid, parts, H)
    assert [[w[3] for w in cell] for cell in parts[1]] == [
        ["Weighed", "Low weight"],
        ["38.8", "12.8"],
        ["NA", "NA"],
    ]
    heading = [word(15, 5, "Population"), word(15, 105, "2010")]  # a heading ending in a year
    grid[1] = [(0, 10, 160, 30), None, None]
    parts[1] = [heading, [], []]
    unmerge_stacks(grid, parts, H)
    assert grid[1][1] is None and parts[1][0] == heading

"""Tables set without rules, columns made by white space (transforms.parsers.pdf.text_tables)."""

from __future__ import annotations

import pymupdf

from tests.fixtures.pdf_pages import parse, tables_and_text
from transforms.model import Kind

ROWS = [
    ["Code", "Locality", "Population", "Area"],
    ["0094", "Granja Adelita", "1,204", "12.5"],
    ["0096", "Agua Azul", "88", "3.1"],
    ["0100", "Rancho Alegre", "17,310", "40.0"],
    ["0102", "Los Arbolitos", "950", "7.25"],
    ["0104", "Ardillas de Abajo", "2,006", "15.8"],
]
XS = (72, 140, 300, 380)


def _page(rows: list[list[str]], xs: tuple[float, ...] = XS) -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), "Localities of the municipality, by code.", fontsize=10)
    for i, row in enumerate(rows):
        for x, text in zip(xs, row, strict=True):
            page.insert_text((x, 110 + 14 * i), text, fontsize=10)
    page.insert_text((72, 110 + 14 * len(rows) + 20), "Source: the census office.", fontsize=10)
    return doc


def _tables(doc: pymupdf.Document) -> list:
    return [e for e in parse(doc.tobytes()).elements if e.kind is Kind.TABLE]


def test_rows_of_phrases_over_white_columns_are_a_table():
    tables, text = tables_and_text(parse(_page(ROWS).tobytes()))
    assert len(tables) == 1
    assert tables[0].grid() == ROWS and tables[0].header_rows == 1
    assert "Granja Adelita" not in text and "Source: the census office." in text


def test_a_code_and_a_name_on_one_line_are_read_as_two_cells():
    # the code and the name a column gap apart (MuPDF may keep them in one line)
    rows = [["Code", "Name", "Total", "Share"]] + [
        [f"{i:02d}", name, f"{100 * i}", f"{i}%"]
        for i, name in enumerate(["Alpha", "Beta", "Gamma", "Delta"], start=1)
    ]
    tables = _tables(_page(rows, (72, 110, 300, 380)))
    assert len(tables) == 1 and tables[0].table.grid() == rows


def test_prose_set_in_three_columns_is_not_a_table():
    line = "words of running prose"
    rows = [[line, line, line] for _ in range(8)]
    assert _tables(_page(rows, (72, 250, 430))) == []


def test_names_side_by_side_without_figures_are_not_a_table():
    rows = [["Alcona", "Curtis", "Mikado"], ["Caledonia", "Gustin", "Millen"],
            ["Greenbush", "Hawes", "Mitchell"], ["Harrisville", "Haynes", "Oscoda"]]  # fmt: skip
    assert _tables(_page(rows, (72, 250, 430))) == []


def test_a_column_of_running_text_beside_figures_is_not_a_table():
    # a small table of years and amounts beside a column of prose, sharing its lines
    prose = ["the tax applies to all", "items of income that", "are connected with a",
             "trade or business in", "the United States and"]  # fmt: skip
    rows = [[str(2004 + i), f"${100 + i},000", text] for i, text in enumerate(prose)]
    assert _tables(_page(rows, (72, 150, 330))) == []


def test_column_headings_over_fewer_columns_head_the_table():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((200, 100), "Active", fontsize=10)
    page.insert_text((300, 100), "Sales", fontsize=10)
    page.insert_text((200, 113), "ingredient", fontsize=10)
    page.insert_text((300, 113), "value", fontsize=10)
    body = [["Production", "1.3", "7.0"], ["Exports", "0.4", "2.6"], ["Imports", "0.2", "1.8"],
            ["Supply", "1.1", "6.2"]]  # fmt: skip
    for i, row in enumerate(body):
        for x, text in zip((72, 200, 300), row, strict=True):
            page.insert_text((x, 130 + 13 * i), text, fontsize=10)
    table = _tables(doc)[0].table
    assert table.header_rows == 2
    assert table.grid() == [["", "Active", "Sales"], ["", "ingredient", "value"], *body]


def test_lines_numbered_down_the_margin_are_not_a_table():
    # a transcript's caption: each line numbered, three phrases on some of them
    doc = pymupdf.open()
    page = doc.new_page()
    lines = [["IN THE SUPREME COURT"], ["MICHAEL A. KNOWLES,", ":"], ["WARDEN,", ":"],
             ["Petitioner", ":"], ["v.", ": No. 07-1315"], ["Washington, D.C."]]  # fmt: skip
    for i, parts in enumerate(lines, start=1):
        page.insert_text((72, 100 + 20 * i), str(i), fontsize=11)
        for x, text in zip((126, 370), parts, strict=False):
            page.insert_text((x, 100 + 20 * i), text, fontsize=11)
    assert _tables(doc) == []


def test_a_cell_going_on_onto_a_second_line_stays_one_cell():
    rows = [["Code", "Field", "Position", "Width"], ["0094", "Months delinquent, for", "20", "2"],
            ["", "which a penalty was assessed", "", ""], ["0096", "Notice codes", "42-47", "6"],
            ["0100", "Penalty code", "73", "1"], ["0102", "Tax shown", "19-39", "21"]]  # fmt: skip
    table = _tables(_page(rows, (72, 140, 330, 400)))[0].table
    assert table.grid()[1] == ["0094", "Months delinquent, for which a penalty was assessed",
                               "20", "2"]  # fmt: skip
    assert len(table.grid()) == 5

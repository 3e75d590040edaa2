"""Tables ruled only across, columns made by white space (transforms.parsers.pdf.rule_tables)."""

from __future__ import annotations

import hashlib

import pymupdf

from tests.fixtures.pdf_pages import tables_and_text
from transforms.config import PipelineConfig
from transforms.model import Kind, ParsedDoc, Source
from transforms.parsers.pdf import PdfParser
from transforms.parsers.pdf.rule_tables import rule_bands

ROWS = [
    ["Dataset", "Train", "Dev", "Test"],
    ["Natural Questions", "79,168", "8,757", "3,610"],
    ["TriviaQA", "78,785", "8,837", "11,313"],
    ["WebQuestions", "3,417", "361", "2,032"],
]


def _parse(data: bytes) -> ParsedDoc:
    source = Source("mem://t.pdf", hashlib.sha256(data).hexdigest(), "application/pdf", data)
    return PdfParser().parse(source, PipelineConfig())


def _booktabs_pdf(
    rows: list[list[str]],
    xs: tuple[float, ...] = (72, 200, 270, 340),
    head_xs: tuple[float, ...] | None = None,
) -> bytes:
    """A table between a top rule, a rule under its header and a bottom rule."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), "The datasets and their sizes are given below.", fontsize=10)
    y = 110.0
    page.draw_line((70, y - 14), (400, y - 14))
    for i, row in enumerate(rows):
        for x, text in zip(head_xs or xs if i == 0 else xs, row, strict=False):
            page.insert_text((x, y), text, fontsize=10)
        if i == 0:
            page.draw_line((70, y + 5), (400, y + 5))
        y += 15
    page.draw_line((70, y - 8), (400, y - 8))
    page.insert_text((72, y + 20), "Table 1: Number of questions in each dataset.", fontsize=10)
    return doc.tobytes()


def test_a_table_ruled_only_across_is_read_by_columns():
    tables, text = tables_and_text(_parse(_booktabs_pdf(ROWS)))
    assert len(tables) == 1
    assert tables[0].grid() == ROWS and tables[0].header_rows == 1
    assert "79,168" not in text and "Table 1: Number of questions" in text


def test_prose_between_rules_stays_text():
    lines = [["A quotation set between rules, as some books do,"],
             ["with its lines of prose one under the other"],
             ["and no figures anywhere in it at all."]]  # fmt: skip
    doc = _parse(_booktabs_pdf(lines, xs=(72,)))
    assert not [e for e in doc.elements if e.kind is Kind.TABLE]


def test_rules_crossed_by_a_column_rule_are_left_to_the_grid_finder():
    lines = [{"items": [("l", (70, y), (400, y))]} for y in (96, 115, 160)]
    assert len(rule_bands(lines)) == 1
    crossed = [*lines, {"items": [("l", (200, 96), (200, 160))]}]
    assert rule_bands(crossed) == []


def test_column_rules_stopping_short_of_the_rules_do_not_cross_them():
    lines = [{"items": [("l", (70, y), (400, y))]} for y in (96, 115, 160)]
    padded = [*lines, *({"items": [("l", (200, a), (200, b))]} for a, b in ((99, 112), (118, 157)))]
    assert len(rule_bands(padded)) == 1  # booktabs pads its rules: '|' columns stop short
    touching = [*lines, {"items": [("l", (200, 115), (200, 140))]}]
    assert rule_bands(touching) == []


def test_rules_drawn_in_pieces_are_joined_and_white_lines_ignored():
    black, white = {"type": "s", "color": (0, 0, 0)}, {"type": "s", "color": (1, 1, 1)}
    pieces = [{**black, "items": [("l", (x, y), (x + 50, y))]}
              for y in (96, 115, 160) for x in (70, 120, 170)]  # fmt: skip
    bands = rule_bands(pieces)
    assert [(b.x0, b.x1, b.ys) for b in bands] == [(70, 220, (96, 115, 160))]
    crossing = {**white, "items": [("l", (150, 90), (150, 170))]}  # drawn white: unseen
    assert len(rule_bands([*pieces, crossing])) == 1
    assert rule_bands([*pieces, {**crossing, **black}]) == []


def test_booktabs_with_short_column_rules_and_a_label_column_is_read_by_columns():
    rows = [["Training", "Retriever", "NQ", "TQA", "WQ"],
            ["None", "BM25", "59.1", "66.9", "55.0"],
            ["Single", "DPR", "78.4", "79.4", "73.2"],
            ["Multi", "BM25 + DPR", "76.6", "79.8", "71.0"]]  # fmt: skip
    xs = (72, 130, 220, 270, 320)
    doc = pymupdf.open()
    page = doc.new_page()
    y = 110.0
    page.draw_line((70, y - 14), (400, y - 14))
    for row in rows:
        for x, text in zip(xs, row, strict=True):
            page.insert_text((x, y), text, fontsize=10)
        page.draw_line((205, y - 10), (205, y + 2), width=0.4)  # a '|' column per line
        page.draw_line((70, y + 5), (400, y + 5))  # a rule under every row
        y += 20
    table = next(e.table for e in _parse(doc.tobytes()).elements if e.kind is Kind.TABLE)
    assert table.grid() == rows and table.header_rows == 1


def test_a_label_centred_beside_its_rows_spans_them():
    # LaTeX's multirow: "Single" on a line of its own between its two rows, "Multi" on
    # the middle one of its three; a rule between the groups
    lines = [(None, ["Training", "Model", "NQ", "WQ"], True),
             ("", ["", "DPR", "41.5", "34.6"], False),
             ("Single", [], False),
             ("", ["", "BM25+DPR", "39.0", "35.2"], True),
             ("", ["", "BM25", "32.6", "29.9"], False),
             ("Multi", ["", "DPR", "41.5", "42.4"], False),
             ("", ["", "BM25+DPR", "38.8", "41.1"], True)]  # fmt: skip
    xs = (72, 140, 240, 300)
    doc = pymupdf.open()
    page = doc.new_page()
    y = 110.0
    page.draw_line((70, y - 14), (400, y - 14))
    for label, cells, rule in lines:
        if not cells:  # half way down to the next row
            y -= 8
        if label:
            page.insert_text((72, y), label, fontsize=10)
        for x, text in zip(xs, cells, strict=False):
            if text:
                page.insert_text((x, y), text, fontsize=10)
        if rule:
            page.draw_line((70, y + 5), (400, y + 5))
        y += 16 if cells else 8
    table = next(e.table for e in _parse(doc.tobytes()).elements if e.kind is Kind.TABLE)
    assert table.grid() == [["Training", "Model", "NQ", "WQ"],
                            ["Single", "DPR", "41.5", "34.6"],
                            ["Single", "BM25+DPR", "39.0", "35.2"],
                            ["Multi", "BM25", "32.6", "29.9"],
                            ["Multi", "DPR", "41.5", "42.4"],
                            ["Multi", "BM25+DPR", "38.8", "41.1"]]  # fmt: skip
    assert [c.row_span for c in (table.rows[1][0], table.rows[3][0])] == [2, 3]


def _grouped_header_pdf(cmidrules: bool) -> bytes:
    """Group headings over three columns each, marked by short rules or by column rules."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_line((70, 86), (480, 86))
    page.insert_text((72, 100), "Method", fontsize=10)
    page.insert_text((228, 100), "Top-20", fontsize=10)  # over the middle column of three
    page.insert_text((385, 100), "Top-100", fontsize=10)
    if cmidrules:
        page.draw_line((178, 104), (302, 104), width=0.4)
        page.draw_line((336, 104), (460, 104), width=0.4)
    rows = [["", "NQ", "TQ", "WQ", "NQ", "TQ", "WQ"],
            ["BM25", "59.1", "66.9", "55.0", "73.7", "76.7", "71.1"],
            ["DPR", "78.4", "79.4", "73.2", "85.4", "85.0", "81.4"],
            ["Both", "76.6", "79.8", "71.0", "83.8", "84.5", "80.5"]]  # fmt: skip
    y = 115.0
    for i, row in enumerate(rows):
        for x, text in zip((72, 180, 230, 280, 340, 390, 440), row, strict=True):
            if text:
                page.insert_text((x, y), text, fontsize=10)
        if not cmidrules:  # a '|' before each group, stopping short of the rules
            for x in (170, 325):
                page.draw_line((x, y - 8), (x, y + 1), width=0.4)
        if i == 0:
            page.draw_line((70, y + 5), (480, y + 5))
        y += 15
    page.draw_line((70, y - 8), (480, y - 8))
    return doc.tobytes()


def test_group_headings_span_the_columns_their_rules_mark():
    for cmidrules in (True, False):
        doc = _parse(_grouped_header_pdf(cmidrules))
        table = next(e.table for e in doc.elements if e.kind is Kind.TABLE)
        heads = [["Method", *["Top-20"] * 3, *["Top-100"] * 3], ["", *["NQ", "TQ", "WQ"] * 2]]
        assert table.grid()[:2] == heads, cmidrules
        assert [c.col_span for c in table.rows[0]] == [1, 3, 3]


def test_a_header_set_over_two_columns_spans_them():
    rows = [["Dataset", "Train", "", "Test"],
            ["Natural Questions", "79,168", "58,880", "3,610"],
            ["TriviaQA", "78,785", "60,413", "11,313"],
            ["WebQuestions", "3,417", "2,474", "2,032"]]  # fmt: skip
    doc = _parse(_booktabs_pdf(rows, (72, 200, 250, 320), head_xs=(72, 228, 250, 320)))
    table = next(e.table for e in doc.elements if e.kind is Kind.TABLE)
    assert [(c.text, c.col_span) for c in table.rows[0]] == [
        ("Dataset", 1), ("Train", 2), ("Test", 1)
    ]  # fmt: skip
    assert table.grid()[1] == rows[1]


def test_headings_of_tight_columns_a_little_apart_get_a_column_each():
    rows = [["Offense", "Under 18", "18 years"],
            ["Robbery", "25.5", "76.6"],
            ["Burglary", "60.3", "180.6"],
            ["Arson", "4.3", "5.5"]]  # fmt: skip
    # the headings, wider than the figures, stand 6 pt apart over the gap between them
    width = pymupdf.get_text_length("Under 18", fontsize=10)
    doc = _parse(_booktabs_pdf(rows, (72, 200, 250), head_xs=(72, 188, 194 + width)))
    table = next(e.table for e in doc.elements if e.kind is Kind.TABLE)
    assert table.grid() == rows


def test_a_table_ruled_across_printed_sideways_reads_in_its_text_direction():
    # the same table turned a quarter: text running up, its rules drawn upright
    doc = pymupdf.open()
    page = doc.new_page()
    x = 100.0
    page.draw_line((x - 14, 100), (x - 14, 500))
    for i, row in enumerate(ROWS):
        for y, text in zip((480, 350, 280, 210), row, strict=True):
            page.insert_text((x, y), text, fontsize=10, rotate=90)
        if i == 0:
            page.draw_line((x + 5, 100), (x + 5, 500))
        x += 15
    page.draw_line((x - 8, 100), (x - 8, 500))
    tables = [e.table for e in _parse(doc.tobytes()).elements if e.kind is Kind.TABLE]
    assert len(tables) == 1 and tables[0].grid() == ROWS

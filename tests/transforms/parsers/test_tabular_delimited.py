"""CSV/TSV parser: encodings, dialects, ragged rows, titles, headers, blocks, bad input."""

from __future__ import annotations

import hashlib

import pytest

from transforms import mediatypes as mt
from transforms.config import PipelineConfig, TableOptions
from transforms.errors import DocumentError
from transforms.model import Kind, ParsedDoc, Source
from transforms.parsers import get_parser
from transforms.parsers.tabular import DelimitedParser
from transforms.tables import LazyRows, render_table


def parse(data: bytes, media_type: str = mt.CSV, **table_options) -> ParsedDoc:
    config = PipelineConfig(tables=TableOptions(**table_options))
    source = Source("mem://t", hashlib.sha256(data).hexdigest(), media_type, data, "t.csv")
    return DelimitedParser().parse(source, config)


def grids(doc: ParsedDoc) -> list[list[list[str]]]:
    return [e.table.grid() for e in doc.elements if e.kind is Kind.TABLE]


def test_registry_resolves_csv_and_tsv():
    assert isinstance(get_parser(mt.CSV), DelimitedParser)
    assert isinstance(get_parser(mt.TSV), DelimitedParser)


def test_utf8_bom_quoted_newline_and_delimiter_inside_quotes():
    data = '\ufeffName,Note\r\nAda,"line one\r\nline two"\r\nBob,"a, b"\r\n'.encode()
    doc = parse(data)
    assert grids(doc) == [[["Name", "Note"], ["Ada", "line one\r\nline two"], ["Bob", "a, b"]]]
    assert doc.metadata["encoding"] == "utf-8-sig"
    assert "| Ada | line one line two |" in render_table(doc.elements[0].table).text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "cp1252"])
def test_other_encodings_are_read(encoding):
    text = "Città;Prezzo;Note\nZürich;1.204,50;naïve café\nKøbenhavn;3,00;crème brûlée\n"
    doc = parse(text.encode(encoding))
    assert grids(doc)[0][1] == ["Zürich", "1.204,50", "naïve café"]
    assert doc.metadata["delimiter"] == ";"


def test_sniffs_semicolon_over_commas_in_text():
    data = b"Lorem, ipsum; dolor; amet\nsed, do; eiusmod; tempor\nut; et, dolore; magna\n"
    assert grids(parse(data))[0][0] == ["Lorem, ipsum", "dolor", "amet"]


def test_tsv_prefers_tab_and_pipe_is_found():
    assert grids(parse(b"a\tb,c\n1\t2,3\n", mt.TSV))[0] == [["a", "b,c"], ["1", "2,3"]]
    assert grids(parse(b"a|b|c\n1|2|3\n"))[0] == [["a", "b", "c"], ["1", "2", "3"]]


def test_single_column_file_is_one_column():
    data = b"Industry\nAccounting, Finance\nSales\n"
    assert grids(parse(data))[0] == [["Industry"], ["Accounting, Finance"], ["Sales"]]


def test_ragged_rows_are_padded_and_empty_rows_and_columns_dropped():
    data = b"a,b,,c\n1,2,,3\n\n,,,\n4,5,,6,7\n8\n"
    assert grids(parse(data))[0] == [
        ["a", "b", "c", ""],
        ["1", "2", "3", ""],
        ["4", "5", "6", "7"],
        ["8", "", "", ""],
    ]


def test_values_are_kept_as_written():
    data = b"id,amount,date\n007,1204.0,2024-01-05\n8,1e3,05/01/2024\n"
    assert grids(parse(data))[0][1:] == [
        ["007", "1204.0", "2024-01-05"],
        ["8", "1e3", "05/01/2024"],
    ]


def test_title_row_above_header_becomes_heading():
    doc = parse(b"Stanley Cups,,\r\nTeam,Location,Cups\r\nBlues,STL,1\r\n")
    assert doc.elements[0].kind is Kind.HEADING and doc.elements[0].text == "Stanley Cups"
    assert doc.title == "Stanley Cups"
    table = doc.elements[1].table
    assert table.header_rows == 1 and table.grid()[0] == ["Team", "Location", "Cups"]


def test_two_row_header_detected():
    data = (
        b"Category,Participants,Results,\n,,Accuracy,Time\nBlind,5,34.5%,1199 sec\n"
        b"Low Vision,5,98.3%,1716 sec\n"
    )
    table = parse(data).elements[0].table
    assert table.header_rows == 2
    assert render_table(table).text.split("\n")[0] == (
        "| Category | Participants | Results / Accuracy | Results / Time |"
    )


def test_numeric_first_row_over_numeric_rows_is_data():
    assert parse(b"1,2,3\n4,5,6\n7,8,9\n").elements[0].table.header_rows == 0


def test_big_file_comes_in_lazy_blocks_with_the_header_and_row_offsets():
    lines = ["id,name"] + [f"{i},name {i}" for i in range(10)]
    doc = parse(("\n".join(lines) + "\n").encode(), block_rows=4)
    tables = [e.table for e in doc.elements]
    assert [t.row_offset for t in tables] == [0, 4, 8]
    assert all(isinstance(t.rows, LazyRows) for t in tables)
    assert [len(t.rows) for t in tables] == [5, 5, 3]
    body = [row for t in tables for row in t.grid()[1:]]
    assert body == [[str(i), f"name {i}"] for i in range(10)]
    assert all(t.grid()[0] == ["id", "name"] for t in tables)
    assert doc.metadata["rows"] == "10"


@pytest.mark.parametrize("data", [b"", b"  \r\n\n", b",,,\n,,\n"])
def test_empty_files_fail_as_empty(data):
    with pytest.raises(DocumentError) as err:
        parse(data)
    assert err.value.reason == "empty"


def test_absurd_dimensions_are_refused():
    with pytest.raises(DocumentError) as err:
        parse(b",".join([b"x"] * 50) + b"\n", max_columns=40)
    assert err.value.reason == "limit"
    with pytest.raises(DocumentError) as err:
        parse(b"a,b\n" + b"1,2\n" * 100, max_cells=100)
    assert err.value.reason == "limit"

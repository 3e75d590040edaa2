"""Workbook parser on workbooks built by the tests: sheets, formats, merges, bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

import openpyxl
import pytest

from transforms import mediatypes as mt
from transforms.config import Limits, PipelineConfig, TableOptions
from transforms.errors import DocumentError
from transforms.model import Kind, ParsedDoc, Source
from transforms.parsers import get_parser
from transforms.parsers.tabular import WorkbookParser
from transforms.parsers.tabular_workbook import OLE_MAGIC
from transforms.tables import render_table


def parse(data: bytes, media_type: str = mt.XLSX, **kw) -> ParsedDoc:
    config = PipelineConfig(**kw)
    source = Source("mem://w", hashlib.sha256(data).hexdigest(), media_type, data, "w.xlsx")
    return WorkbookParser().parse(source, config)


def save(wb: openpyxl.Workbook, cached: dict[str, str] | None = None) -> bytes:
    """The workbook's bytes; ``cached`` fills formula results as Excel would have saved them."""
    buf = io.BytesIO()
    wb.save(buf)
    if not cached:
        return buf.getvalue()
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                for formula, value in cached.items():
                    data = data.replace(
                        f"<f>{formula}</f><v></v>".encode(),
                        f"<f>{formula}</f><v>{value}</v>".encode(),
                    )
            dst.writestr(info, data)
    return out.getvalue()


def tables(doc: ParsedDoc):
    return [e.table for e in doc.elements if e.kind is Kind.TABLE]


def sales_workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sales"
    ws["A1"] = "Quarterly sales"
    ws.merge_cells("A1:D1")
    ws.append(["Region", "Amount", "Share", "Date"])
    rows = [("North", 1204.0, 0.256, dt.datetime(2024, 1, 5)), ("South", 980.5, 0.1, None)]
    for region, amount, share, date in rows:
        ws.append([region, amount, share, date])
    for row in ws.iter_rows(min_row=3, max_row=4):
        row[1].number_format = "#,##0.00"
        row[2].number_format = "0%"
        row[3].number_format = "d-mmm-yy"
    ws["E3"] = "=B3*2"
    ws["E2"] = "Double"
    ws["F3"] = 0.1 + 0.2
    ws["F2"] = "Noise"
    other = wb.create_sheet("Notes")
    other.append(["Key", "Value"])
    other.append(["a", 1])
    hidden = wb.create_sheet("Secret")
    hidden.append(["x", "y"])
    hidden.append(["1", "2"])
    hidden.sheet_state = "hidden"
    wb.create_sheet("Blank")
    return save(wb, {"B3*2": "2408"})


def test_registry_routes_workbooks_and_ods():
    for media_type in (mt.XLSX, mt.XLSM, mt.XLS, mt.ODS):
        assert isinstance(get_parser(media_type), WorkbookParser)


def test_every_sheet_gets_a_heading_and_a_named_table():
    doc = parse(sales_workbook())
    headings = [e.text for e in doc.elements if e.kind is Kind.HEADING and e.level == 1]
    assert headings == ["Sales", "Notes", "Secret"]
    assert [t.name for t in tables(doc)] == ["Sales", "Notes", "Secret"]
    assert doc.metadata["hidden_sheets"] == '["Secret"]'
    assert doc.metadata["empty_sheets"] == '["Blank"]'
    assert doc.parser.startswith("lxml==")


def test_values_read_as_the_sheet_shows_them():
    doc = parse(sales_workbook())
    title = doc.elements[1]
    assert title.kind is Kind.HEADING and title.text == "Quarterly sales" and title.level == 2
    grid = tables(doc)[0].grid()
    assert grid[0] == ["Region", "Amount", "Share", "Date", "Double", "Noise"]
    assert grid[1] == ["North", "1,204.00", "26%", "5-Jan-24", "2408", "0.3"]
    assert grid[2] == ["South", "980.50", "10%", "", "", ""]


def test_merged_cells_become_spans():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Year", "Ducks", None])
    ws.append([None, "Fresh", "Salt"])
    ws.append([2019, 120, 80])
    ws.append([2020, 135, 95])
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:C1")
    table = tables(parse(save(wb)))[0]
    assert table.header_rows == 2
    assert table.rows[0][0].row_span == 2 and table.rows[0][1].col_span == 2
    assert render_table(table).text.split("\n")[0] == "| Year | Ducks / Fresh | Ducks / Salt |"


def test_separate_blocks_on_one_sheet_are_separate_tables():
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 6):
        ws.cell(r, 1, f"a{r}")
        ws.cell(r, 2, r)
    for r in range(8, 11):
        ws.cell(r, 5, f"b{r}")
        ws.cell(r, 6, r * 10)
    found = [t.grid()[0] for t in tables(parse(save(wb)))]
    assert found == [["a1", "1"], ["b8", "80"]]


def test_long_sheet_is_cut_into_blocks():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["n", "square"])
    for i in range(7):
        ws.append([i, i * i])
    doc = parse(save(wb), tables=TableOptions(block_rows=3))
    found = tables(doc)
    assert [t.row_offset for t in found] == [0, 3, 6]
    assert all(t.grid()[0] == ["n", "square"] for t in found)
    assert [r for t in found for r in t.grid()[1:]] == [[str(i), str(i * i)] for i in range(7)]


def test_empty_workbook_is_refused_as_empty():
    with pytest.raises(DocumentError) as err:
        parse(save(openpyxl.Workbook()))
    assert err.value.reason == "empty"


def test_encrypted_workbook_is_refused():
    fake = OLE_MAGIC + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512
    with pytest.raises(DocumentError) as err:
        parse(fake)
    assert err.value.reason == "encrypted"


@pytest.mark.parametrize(
    "data", [b"PK\x03\x04 not really a zip", b"\x00\x01\x02garbage", OLE_MAGIC + b"\0" * 600]
)
def test_corrupt_workbooks_are_refused(data):
    with pytest.raises(DocumentError) as err:
        parse(data)
    assert err.value.reason == "corrupt"


def test_truncated_workbook_is_refused():
    data = sales_workbook()
    with pytest.raises(DocumentError) as err:
        parse(data[: len(data) // 2])
    assert err.value.reason == "corrupt"


def test_zip_bomb_is_refused_before_opening():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 100_000
    with pytest.raises(DocumentError) as err:
        parse(data, limits=Limits(max_decompressed_ratio=100))
    assert err.value.reason == "limit"
    assert "decompression bomb" in str(err.value)


def test_absurd_sheet_is_refused():
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 40):
        ws.append([f"v{r}-{c}" for c in range(10)])
    with pytest.raises(DocumentError) as err:
        parse(save(wb), tables=TableOptions(max_sheet_cells=100))
    assert err.value.reason == "limit"


def _ods(content_body: str, styles: str = "") -> bytes:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
    )
    content = (
        f'<?xml version="1.0"?><office:document-content {ns}>'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:spreadsheet>{content_body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    return out.getvalue()


def _cell(text: str, **attrs: str) -> str:
    extra = "".join(f' table:{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f"<table:table-cell{extra}><text:p>{text}</text:p></table:table-cell>"


def test_ods_sheets_spans_repeats_and_hidden_tables():
    header = (
        "<table:table-row>"
        + _cell("Region")
        + _cell("Sales", number_columns_spanned="2")
        + "<table:covered-table-cell/></table:table-row>"
    )
    sub = "<table:table-row>" + _cell("") + _cell("2023") + _cell("2024") + "</table:table-row>"
    body = (
        '<table:table-row table:number-rows-repeated="2">'
        + _cell("North")
        + _cell("1,204", number_columns_repeated="2")
        + '<table:table-cell table:number-columns-repeated="16000"/></table:table-row>'
        + '<table:table-row table:number-rows-repeated="1048000">'
        + "<table:table-cell/></table:table-row>"
    )
    hidden_style = (
        '<style:style style:name="ta2" style:family="table">'
        '<style:table-properties table:display="false"/></style:style>'
    )
    data = _ods(
        f'<table:table table:name="Year">{header}{sub}{body}</table:table>'
        f'<table:table table:name="Hidden" table:style-name="ta2">'
        f"<table:table-row>{_cell('a')}{_cell('b')}</table:table-row>"
        f"<table:table-row>{_cell('1')}{_cell('2')}</table:table-row></table:table>",
        hidden_style,
    )
    doc = parse(data, mt.ODS)
    year, hidden = tables(doc)
    assert year.name == "Year" and year.header_rows == 2
    assert year.rows[0][1].col_span == 2
    assert year.grid()[2:] == [["North", "1,204", "1,204"], ["North", "1,204", "1,204"]]
    assert render_table(year).text.split("\n")[0] == "| Region | Sales / 2023 | Sales / 2024 |"
    assert doc.metadata["hidden_sheets"] == '["Hidden"]'
    assert hidden.grid() == [["a", "b"], ["1", "2"]]

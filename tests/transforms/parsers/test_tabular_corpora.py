"""Tabular parsers on the shared corpora: every file converts or fails clearly; counts match.

Cell counts are compared with what the reference libraries read from the same file:
openpyxl (XLSX/XLSM), xlrd (XLS) and pandas (CSV/TSV, read with the delimiter and
encoding docmill found). Every value must land somewhere: in a table cell, or as a title
or note element next to the table. Camelot's expected grids go through the serializer
and must parse back to the same cells.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from transforms import mediatypes as mt
from transforms.config import PipelineConfig
from transforms.errors import DocumentError
from transforms.model import Kind, ParsedDoc, Source, Table
from transforms.parsers import get_parser
from transforms.tables import parse_html_table, parse_markdown_table, to_html, to_markdown

pytestmark = pytest.mark.corpora

CORPORA = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpora"
KINDS = {".csv": mt.CSV, ".tsv": mt.TSV, ".xlsx": mt.XLSX, ".xlsm": mt.XLSM, ".xls": mt.XLS}
EXPECTED_FAILURES = {"password_protected.xlsx": "encrypted", "empty.xlsx": "empty"}


def corpus_files() -> list[Path]:
    files = []
    for folder in ("docling-testdata", "unstructured-example-docs"):
        root = CORPORA / folder
        if root.is_dir():
            files += [p for p in sorted(root.rglob("*")) if p.suffix.lower() in KINDS]
    return files


FILES = corpus_files()


def parse(path: Path) -> ParsedDoc:
    data = path.read_bytes()
    media = KINDS[path.suffix.lower()]
    source = Source(str(path), hashlib.sha256(data).hexdigest(), media, data, path.name)
    return get_parser(media).parse(source, PipelineConfig())


def docmill_values(doc: ParsedDoc, workbook: bool) -> int:
    """Non-empty values docmill kept: table cells (header once) plus title/note elements."""
    count = 0
    for element in doc.elements:
        if element.kind is Kind.TABLE:
            table = element.table
            # a spanned cell counts once, at its origin
            cells = [[c.text for c in row] for row in table.rows]
            skip = table.header_rows if table.row_offset else 0
            count += sum(1 for row in cells[skip:] for v in row if v.strip())
        elif not (workbook and element.kind is Kind.HEADING and element.level == 1):
            count += 1
    return count


def reference_values(path: Path, doc: ParsedDoc) -> int | None:
    """Non-empty values the reference library reads; None when it cannot read the file."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
        count = 0
        for ws in wb.worksheets:
            ws.reset_dimensions()  # stored cells only, not the declared (inflated) range
            count += sum(
                1
                for row in ws.iter_rows(values_only=True)
                for v in row
                if v is not None and str(v).strip()
            )
        wb.close()
        return count
    if suffix == ".xls":
        import xlrd

        book = xlrd.open_workbook(str(path))
        return sum(
            1
            for sh in book.sheets()
            for r in range(sh.nrows)
            for v in sh.row_values(r)
            if str(v).strip()
        )
    import pandas as pd

    delimiter = {"tab": "\t", "none": "\x1f"}.get(
        doc.metadata["delimiter"], doc.metadata["delimiter"]
    )
    encoding = doc.metadata["encoding"]
    try:
        frame = pd.read_csv(
            io.BytesIO(path.read_bytes()),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            encoding=encoding,
            engine="python",
        )
    except (pd.errors.ParserError, ValueError):
        return None  # ragged rows: pandas refuses the file
    frame = frame.fillna("")  # short rows are padded with NaN
    return int((frame.map(lambda v: bool(str(v).strip()))).to_numpy().sum())


@pytest.mark.skipif(not FILES, reason="../shared/corpora not present")
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_converts_or_fails_clearly_and_counts_match(path: Path):
    expected_reason = EXPECTED_FAILURES.get(path.name)
    if expected_reason:
        with pytest.raises(DocumentError) as err:
            parse(path)
        assert err.value.reason == expected_reason
        assert str(err.value) and "\n" not in str(err.value)
        return
    doc = parse(path)
    assert doc.elements
    workbook = path.suffix.lower() not in (".csv", ".tsv")
    reference = reference_values(path, doc)
    if reference is None:
        pytest.skip("pandas cannot read this file (ragged rows); docmill did")
    assert docmill_values(doc, workbook) == reference


def _camelot_grids() -> dict[str, list[list[str]]]:
    path = CORPORA / "camelot-table-fixtures" / "expected.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["expected_tables"]


CAMELOT = _camelot_grids()


def _normalized(grid: list[list[str]]) -> list[list[str]]:
    width = max((len(r) for r in grid), default=0)
    return [[" ".join(str(v).split()) for v in row] + [""] * (width - len(row)) for row in grid]


@pytest.mark.skipif(not CAMELOT, reason="../shared/corpora not present")
def test_camelot_tables_round_trip_through_markdown_and_html():
    assert len(CAMELOT) == 41
    for name, grid in CAMELOT.items():
        table = Table.from_strings(grid, header_rows=1)
        expected = _normalized(grid)
        assert parse_markdown_table(to_markdown(table).text) == expected, name
        assert parse_html_table(to_html(table).text).grid() == expected, name

"""Workbooks: the shared sheet model, XLS (xlrd), and the checks every workbook passes.

XLSX/XLSM are read by :mod:`transforms.parsers.tabular_xlsx`, ODS by
:mod:`transforms.parsers.tabular_ods`, both with lxml.

Each sheet gives a HEADING named after it, then its title rows and table (see
:mod:`transforms.parsers.tabular_shape`). Formulas are read as their cached values,
numbers and dates through the cell's number format (as the sheet shows them), merged
ranges become cell spans, hidden sheets are read and listed in the metadata.

Before any workbook library touches the bytes, the container is checked: an encrypted
OOXML file (an OLE2 file holding ``EncryptionInfo``) is refused as encrypted, and a zip
whose declared uncompressed size is over ``limits.max_decompressed_ratio`` times its
size, or with a member inflating past the size it declares, is refused as a decompression
bomb (:mod:`transforms.parsers.inflate`).
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field

from transforms.config import PipelineConfig
from transforms.errors import DocumentError, LimitExceededError
from transforms.model import Element, Kind, ParsedDoc, Source
from transforms.parsers.inflate import check_zip_members
from transforms.parsers.tabular_numfmt import format_datetime, format_general, format_number
from transforms.parsers.tabular_shape import Merge, grid_elements

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_ZIP_FLOOR = 16 * 1024 * 1024  # below this many uncompressed bytes no zip is a bomb


@dataclass
class Sheet:
    """One sheet read into strings: rows (trailing empties trimmed) and merged ranges."""

    name: str
    rows: list[list[str]]
    merges: list[Merge] = field(default_factory=list)
    hidden: bool = False


@dataclass
class Workbook:
    """What a workbook reader hands to :func:`workbook_doc`."""

    sheets: list[Sheet]
    parser: str
    title: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


def open_zip(data: bytes, config: PipelineConfig, what: str) -> zipfile.ZipFile:
    """Open a zip container after checking its sizes against the bomb limit and its members."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError(
            f"not a readable {what} file (broken zip: {exc})", reason="corrupt"
        ) from exc
    declared = sum(info.file_size for info in archive.infolist())
    ratio = config.limits.max_decompressed_ratio
    if declared > max(ratio * len(data), _ZIP_FLOOR):
        raise LimitExceededError(
            f"{what} declares {declared} uncompressed bytes for {len(data)} bytes "
            f"(over {ratio}x): refused as a possible decompression bomb"
        )
    check_zip_members(archive, data, what)
    return archive


def check_not_encrypted_ooxml(data: bytes) -> None:
    """Refuse an OOXML workbook saved with a password (an OLE2 box holding EncryptionInfo)."""
    if data.startswith(OLE_MAGIC) and _ENCRYPTION_INFO in data[: 1 << 20]:
        raise DocumentError("the workbook is password-protected (encrypted)", reason="encrypted")


class _SheetGrid:
    """Collects rows of one sheet, trimming trailing empties and counting stored cells."""

    def __init__(self, name: str, config: PipelineConfig) -> None:
        self.name = name
        self.rows: list[list[str]] = []
        self.cells = 0
        self.limit = config.tables.max_sheet_cells
        self.max_columns = config.tables.max_columns

    def add(self, row: list[str]) -> None:
        while row and not row[-1].strip():
            row.pop()
        if len(row) > self.max_columns:
            raise LimitExceededError(
                f"sheet {self.name!r} has a row of {len(row)} columns (limit {self.max_columns})"
            )
        self.cells += len(row)
        if self.cells > self.limit:
            raise LimitExceededError(
                f"sheet {self.name!r} holds more than {self.limit} cells: refused as too large"
            )
        self.rows.append(row)


def read_xls(data: bytes, config: PipelineConfig) -> Workbook:
    """Legacy XLS (BIFF) with xlrd, number formats from the cells' XF records."""
    import xlrd
    from xlrd.compdoc import CompDocError

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise DocumentError(
                "the workbook is password-protected (encrypted)", reason="encrypted"
            ) from exc
        raise DocumentError(f"corrupt XLS workbook: {exc}", reason="corrupt") from exc
    except (CompDocError, AssertionError, IndexError, KeyError, ValueError, EOFError) as exc:
        raise DocumentError(f"corrupt XLS workbook: {exc}", reason="corrupt") from exc
    sheets = []
    for index in range(book.nsheets):
        sh = book.sheet_by_index(index)
        grid = _SheetGrid(sh.name, config)
        for r in range(sh.nrows):
            grid.add([_xls_text(book, sh, r, c) for c in range(sh.row_len(r))])
        merges = [(rlo, clo, rhi - 1, chi - 1) for rlo, rhi, clo, chi in sh.merged_cells]
        sheets.append(Sheet(sh.name, grid.rows, merges, sh.visibility != 0))
        book.unload_sheet(index)
    metadata = {"author": book.user_name} if book.user_name else {}
    return Workbook(sheets, f"xlrd=={xlrd.__VERSION__}", None, metadata)


def _xls_text(book, sheet, r: int, c: int) -> str:
    import xlrd

    cell = sheet.cell(r, c)
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return cell.value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    fmt = None
    xf_index = cell.xf_index if cell.xf_index is not None else None
    if xf_index is not None and xf_index < len(book.xf_list):
        fmt_obj = book.format_map.get(book.xf_list[xf_index].format_key)
        fmt = fmt_obj.format_str if fmt_obj is not None else None
    if kind == xlrd.XL_CELL_DATE:
        try:
            return format_datetime(xlrd.xldate_as_datetime(cell.value, book.datemode), fmt)
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return format_general(cell.value)
    return format_number(cell.value, fmt)


def workbook_doc(source: Source, workbook: Workbook, config: PipelineConfig) -> ParsedDoc:
    """Elements for every sheet with values: HEADING (sheet name), titles, table blocks."""
    elements: list[Element] = []
    empty, hidden = [], []
    for sheet in workbook.sheets:
        body = grid_elements(
            sheet.rows,
            sheet.merges,
            name=sheet.name,
            title_level=2,
            block_rows=max(config.tables.block_rows, 1),
        )
        if sheet.hidden:
            hidden.append(sheet.name)
        if not body:
            empty.append(sheet.name)
            continue
        elements.append(Element(Kind.HEADING, text=sheet.name, level=1))
        elements.extend(body)
    if not elements:
        what = "its only sheet is" if len(workbook.sheets) == 1 else "all its sheets are"
        if not workbook.sheets:
            what = "it has no worksheets"
        raise DocumentError(f"the workbook holds no values ({what} empty)", reason="empty")
    metadata = dict(workbook.metadata)
    metadata["sheets"] = json.dumps([s.name for s in workbook.sheets], ensure_ascii=False)
    if hidden:
        metadata["hidden_sheets"] = json.dumps(hidden, ensure_ascii=False)
    if empty:
        metadata["empty_sheets"] = json.dumps(empty, ensure_ascii=False)
    return ParsedDoc(
        source=source,
        elements=tuple(elements),
        parser=workbook.parser,
        title=workbook.title,
        metadata=metadata,
    )


def sniff_container(data: bytes) -> str:
    """``"zip"``, ``"ole"`` or ``"unknown"`` from the first bytes."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.startswith(OLE_MAGIC):
        return "ole"
    return "unknown"

"""XLSX/XLSM read straight from the package XML with lxml (cached values, number formats).

openpyxl parses through defusedxml's pure-Python callbacks when that package is present
(it is, in our environment) and builds an object per cell and per shared string: ~700
rows/s on a six-column sheet. Reading the few parts a table needs with ``lxml.iterparse``
(workbook, relationships, shared strings, styles, each sheet) is an order of magnitude
faster and keeps memory flat. Entities are never resolved and the network is never used.

Formula cells carry the value Excel cached when it saved the file: that is what we show.
Numbers and dates go through the cell's number format (built-in ids or the file's own).
"""

from __future__ import annotations

import posixpath
import re
import zipfile

from lxml import etree

from transforms.config import PipelineConfig
from transforms.errors import DocumentError, LimitExceededError
from transforms.parsers.tabular_numfmt import format_datetime, format_number, is_date_format
from transforms.parsers.tabular_workbook import Sheet, Workbook, _SheetGrid, open_zip

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CELL_REF = re.compile(r"([A-Z]+)([0-9]+)")
_PARSER_ARGS = {"resolve_entities": False, "no_network": True, "huge_tree": False}


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    parser = etree.XMLParser(**_PARSER_ARGS)
    return etree.fromstring(archive.read(name), parser)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type suffix, target part path) for ``part``."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in archive.NameToInfo:
        return {}
    out = {}
    for rel in _xml(archive, rels_name):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], posixpath.normpath(path))
    return out


def _shared_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    if part is None or part not in archive.NameToInfo:
        return []
    strings = []
    with archive.open(part) as fh:
        for _, si in etree.iterparse(
            fh, events=("end",), tag=(f"{{{_MAIN}}}si", f"{{{_STRICT_MAIN}}}si"), **_PARSER_ARGS
        ):
            strings.append(
                "".join(
                    t.text or ""
                    for t in si.iter()
                    if _local(t.tag) == "t" and _local(t.getparent().tag) != "rPh"
                )
            )
            si.clear()
    return strings


def _styles(archive: zipfile.ZipFile, part: str | None) -> list[str | None]:
    """Number format code of every cell style (``s`` attribute), by index."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    if part is None or part not in archive.NameToInfo:
        return []
    root = _xml(archive, part)
    custom = {}
    formats = []
    for el in root.iter():
        name = _local(el.tag)
        if name == "numFmt":
            custom[int(el.get("numFmtId", "0"))] = el.get("formatCode", "General")
        elif name == "cellXfs":
            for xf in el:
                fmt_id = int(xf.get("numFmtId", "0"))
                formats.append(custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id)))
    return formats


class _CellReader:
    """Turns ``<c>`` elements into display strings."""

    def __init__(self, strings: list[str], formats: list[str | None], date1904: bool) -> None:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        self.strings = strings
        self.formats = formats
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        self.is_date = [is_date_format(f) for f in formats]

    def text(self, c: etree._Element) -> str:
        kind = c.get("t", "n")
        value = None
        inline = None
        for child in c:
            name = child.tag[-2:] if isinstance(child.tag, str) else ""
            if name == "}v":
                value = child.text
            elif name == "is":
                inline = "".join(
                    t.text or ""
                    for t in child.iter()
                    if _local(t.tag) == "t" and _local(t.getparent().tag) != "rPh"
                )
        if kind == "inlineStr":
            return inline or ""
        if value is None:
            return ""
        if kind == "s":
            return self.strings[int(value)]
        if kind in ("str", "e"):
            return value
        if kind == "b":
            return "TRUE" if value.strip() in ("1", "true") else "FALSE"
        style = int(c.get("s", "0"))
        fmt = self.formats[style] if style < len(self.formats) else None
        if kind == "d":
            import datetime as dt

            return format_datetime(dt.datetime.fromisoformat(value.rstrip("Z")), fmt)
        number = float(value)
        if style < len(self.is_date) and self.is_date[style]:
            from openpyxl.utils.datetime import from_excel

            try:
                return format_datetime(from_excel(number, self.epoch), fmt)
            except (ValueError, OverflowError):
                pass
        if number.is_integer() and "." not in value and "E" not in value.upper():
            return format_number(int(value), fmt)
        return format_number(number, fmt)


def _read_sheet(
    archive: zipfile.ZipFile, part: str, name: str, cells: _CellReader, config: PipelineConfig
) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    grid = _SheetGrid(name, config)
    merges = []
    next_row = 0
    with archive.open(part) as fh:
        wanted = [f"{{{ns}}}{t}" for ns in (_MAIN, _STRICT_MAIN) for t in ("row", "mergeCell")]
        events = etree.iterparse(fh, events=("end",), tag=wanted, **_PARSER_ARGS)
        for _, el in events:
            tag = _local(el.tag)
            if tag == "row":
                r = int(el.get("r", next_row + 1)) - 1
                values: list[str] = []
                col = 0
                for c in el:
                    if not isinstance(c.tag, str) or not c.tag.endswith("}c"):
                        continue
                    ref = c.get("r")
                    if ref:
                        m = _CELL_REF.match(ref)
                        col = _col_index(m.group(1)) if m else col
                    text = cells.text(c)
                    if text:
                        if col >= len(values):
                            if col >= config.tables.max_columns:
                                raise LimitExceededError(
                                    f"sheet {name!r} has a value in column {col + 1} "
                                    f"(limit {config.tables.max_columns})"
                                )
                            values.extend([""] * (col + 1 - len(values)))
                        values[col] = text
                    col += 1
                if values and any(v.strip() for v in values):
                    while len(grid.rows) < r:
                        grid.add([])
                    grid.add(values)
                next_row = r + 1
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
            elif tag == "mergeCell":
                m = re.fullmatch(r"([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)", el.get("ref", ""))
                if m:
                    merges.append(
                        (
                            int(m.group(2)) - 1,
                            _col_index(m.group(1)),
                            int(m.group(4)) - 1,
                            _col_index(m.group(3)),
                        )
                    )
    return grid.rows, merges


def _properties(archive: zipfile.ZipFile) -> tuple[str | None, dict[str, str]]:
    if "docProps/core.xml" not in archive.NameToInfo:
        return None, {}
    found = {}
    for el in _xml(archive, "docProps/core.xml"):
        if el.text and el.text.strip():
            found[_local(el.tag)] = el.text.strip()
    meta = {
        k: found[src]
        for k, src in (("author", "creator"), ("created", "created"), ("modified", "modified"))
        if src in found
    }
    return found.get("title"), meta


def read_xlsx(data: bytes, config: PipelineConfig) -> Workbook:
    """Every worksheet of an XLSX/XLSM package (chart sheets are listed, not read)."""
    archive = open_zip(data, config, "workbook")
    try:
        book_part = next(
            (t for kind, t in _rels(archive, "").values() if kind == "officeDocument"),
            "xl/workbook.xml",
        )
        book = _xml(archive, book_part)
        rels = _rels(archive, book_part)
        date1904 = any(
            _local(el.tag) == "workbookPr" and el.get("date1904") in ("1", "true") for el in book
        )
        strings = _shared_strings(
            archive, next((t for k, t in rels.values() if k == "sharedStrings"), None)
        )
        formats = _styles(archive, next((t for k, t in rels.values() if k == "styles"), None))
        cells = _CellReader(strings, formats, date1904)
        sheets, charts = [], []
        for el in book.iter():
            if _local(el.tag) != "sheet":
                continue
            name = el.get("name", "")
            rid = el.get(f"{{{_REL}}}id") or el.get(
                "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
            )
            kind, part = rels.get(rid, ("", ""))
            if kind != "worksheet" or part not in archive.NameToInfo:
                charts.append(name)
                continue
            rows, merges = _read_sheet(archive, part, name, cells, config)
            hidden = el.get("state", "visible") != "visible"
            sheets.append(Sheet(name, rows, merges, hidden))
        title, metadata = _properties(archive)
    except (
        KeyError,
        ValueError,
        IndexError,
        etree.LxmlError,
        zipfile.BadZipFile,
        EOFError,
        OSError,
    ) as exc:
        raise DocumentError(f"corrupt workbook: {exc}", reason="corrupt") from exc
    if charts:
        import json

        metadata["chart_sheets"] = json.dumps(charts, ensure_ascii=False)
    return Workbook(sheets, f"lxml=={etree.__version__}", title, metadata)

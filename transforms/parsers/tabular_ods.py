"""OpenDocument spreadsheets (ODS) read straight from ``content.xml`` with lxml.

ODS stores, next to each typed value, the text the application displays (``text:p``):
that is what we keep, so numbers and dates read as the sheet shows them. Repeated rows
and cells (``number-*-repeated``, often a million empty rows to the sheet's end) are
expanded only when something follows them; spans give merged ranges; a table whose
style says ``table:display="false"`` is a hidden sheet.
"""

from __future__ import annotations

from lxml import etree

from transforms.config import PipelineConfig
from transforms.errors import DocumentError
from transforms.parsers.tabular_workbook import Sheet, Workbook, _SheetGrid, open_zip

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}
_T = "{" + _NS["table"] + "}"
_TX = "{" + _NS["text"] + "}"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def _inline_text(node: etree._Element) -> str:
    parts = [node.text or ""]
    for child in node:
        if child.tag == _TX + "s":
            parts.append(" " * int(child.get(_TX + "c", "1")))
        elif child.tag == _TX + "tab":
            parts.append("\t")
        elif child.tag == _TX + "line-break":
            parts.append("\n")
        elif isinstance(child.tag, str):
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _cell_text(cell: etree._Element) -> str:
    """The displayed text: the cell's own paragraphs (not those of its comments)."""
    return "\n".join(_inline_text(p) for p in cell if p.tag in (_TX + "p", _TX + "h"))


def _hidden_styles(root: etree._Element) -> set[str]:
    hidden = set()
    for style in root.iterfind(".//style:style[@style:family='table']", _NS):
        props = style.find("style:table-properties", _NS)
        if props is not None and props.get(_T + "display") == "false":
            hidden.add(style.get("{" + _NS["style"] + "}name"))
    return hidden


def _read_table(table: etree._Element, config: PipelineConfig) -> Sheet:
    name = table.get(_T + "name", "")
    grid = _SheetGrid(name, config)
    merges = []
    pending_rows = 0  # empty rows not yet known to be followed by content
    for row in table.iter(_T + "table-row"):
        cells: list[str] = []
        pending_cells = 0
        for cell in row:
            if cell.tag not in (_T + "table-cell", _T + "covered-table-cell"):
                continue
            repeat = int(cell.get(_T + "number-columns-repeated", "1"))
            text = _cell_text(cell) if cell.tag == _T + "table-cell" else ""
            if not text.strip():
                pending_cells += repeat
                continue
            cells.extend([""] * pending_cells)
            pending_cells = 0
            cols = int(cell.get(_T + "number-columns-spanned", "1"))
            rows = int(cell.get(_T + "number-rows-spanned", "1"))
            for _ in range(min(repeat, config.tables.max_columns + 1)):
                if cols > 1 or rows > 1:
                    r = len(grid.rows) + pending_rows
                    merges.append((r, len(cells), r + rows - 1, len(cells) + cols - 1))
                cells.append(text)
        repeat_rows = int(row.get(_T + "number-rows-repeated", "1"))
        if not cells:
            pending_rows += repeat_rows
            continue
        for _ in range(pending_rows):
            grid.add([])
        pending_rows = 0
        for _ in range(repeat_rows):
            grid.add(list(cells))
    return Sheet(name, grid.rows, merges)


def read_ods(data: bytes, config: PipelineConfig) -> Workbook:
    """Every table of an ODS file as a sheet of display strings."""
    archive = open_zip(data, config, "ODS")
    try:
        content = archive.read("content.xml")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        root = etree.fromstring(content, parser)
    except (KeyError, etree.XMLSyntaxError, OSError, ValueError) as exc:
        raise DocumentError(f"corrupt ODS file: {exc}", reason="corrupt") from exc
    hidden = _hidden_styles(root)
    sheets = []
    for table in root.iterfind(".//office:spreadsheet/table:table", _NS):
        sheet = _read_table(table, config)
        sheet.hidden = table.get(_T + "style-name") in hidden
        sheets.append(sheet)
    return Workbook(sheets, f"lxml=={etree.__version__}")

"""Tables as documents: CSV/TSV, workbooks (XLSX, XLSM, XLS, ODS), Parquet and JSON Lines.

The parsers live in ``tabular_*`` modules; this module holds the names the registry
uses. A workbook gives, for each sheet with values, a HEADING named after the sheet, any
title rows above its table as level-2 headings, then the table (big tables in blocks of
rows, each repeating the header: see :mod:`transforms.parsers.tabular_shape`).
"""

from __future__ import annotations

from transforms.config import PipelineConfig
from transforms.errors import DocumentError
from transforms.model import ParsedDoc, Source
from transforms.parsers.tabular_columnar import JsonLinesParser, ParquetParser
from transforms.parsers.tabular_delimited import DelimitedParser
from transforms.parsers.tabular_workbook import (
    check_not_encrypted_ooxml,
    open_zip,
    read_xls,
    sniff_container,
    workbook_doc,
)

__all__ = ["DelimitedParser", "JsonLinesParser", "ParquetParser", "WorkbookParser"]


class WorkbookParser:
    """XLSX, XLSM, XLS and ODS, told apart by their bytes (zip or OLE2), not their name."""

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Read every sheet; refuse encrypted, corrupt, empty and oversized workbooks."""
        data = source.data
        if not data.strip(b"\0 \t\r\n"):
            raise DocumentError("the file is empty", reason="empty")
        container = sniff_container(data)
        if container == "ole":
            check_not_encrypted_ooxml(data)
            workbook = read_xls(data, config)
        elif container == "zip":
            archive = open_zip(data, config, "workbook")
            names = set(archive.namelist())
            if "content.xml" in names and (
                "mimetype" in names and archive.read("mimetype").strip().endswith(b"spreadsheet")
            ):
                from transforms.parsers.tabular_ods import read_ods

                workbook = read_ods(data, config)
            elif "xl/workbook.xml" in names or "[Content_Types].xml" in names:
                from transforms.parsers.tabular_xlsx import read_xlsx

                workbook = read_xlsx(data, config)
            else:
                raise DocumentError("a zip file that is not a workbook", reason="corrupt")
        else:
            raise DocumentError(
                "not a workbook: neither an OOXML/ODS zip nor an XLS (OLE2) file",
                reason="corrupt",
            )
        return workbook_doc(source, workbook, config)

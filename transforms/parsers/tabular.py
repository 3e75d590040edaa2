"""Tables as documents: CSV/TSV, workbooks (XLSX, XLSM, XLS, ODS), Parquet and JSON Lines.

The parsers live in ``tabular_*`` modules; this module is the name the registry uses.
Each sheet becomes a HEADING named after it, any title rows above its table as headings
one level down, then the table (in blocks of rows for big tables, see
:mod:`transforms.parsers.tabular_shape`).
"""

from transforms.parsers.tabular_delimited import DelimitedParser

__all__ = ["DelimitedParser"]

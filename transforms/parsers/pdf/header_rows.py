"""Whether a PDF table's first row is a header: not when it is figures like the rows under it.

The table readers take the first row for the header. A table of figures only (a price
list's "200.01 | 1", "400.01 | 3", ...) has none: its first row is data, and the table
gets generic column keys. A row of years over figures ("2023 | 2024") stays a header.
"""

from __future__ import annotations

import re
from dataclasses import replace

from transforms.model import Table

_FIGURE = re.compile(r"^[(\[]?[-+$€£]?\d[\d.,:/%-]*[)\]]?[.,;:%*]*$")  # 12, 34.5%, (1,199)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def figures_only_header(table: Table) -> Table:
    """``table`` without a header row when that row and the first column are all figures."""
    rows = table.rows
    if table.header_rows != 1 or len(rows) < 3:
        return table
    first = [c.text.strip() for c in rows[0]]
    if not first or not all(_FIGURE.match(t) for t in first) or all(_YEAR.match(t) for t in first):
        return table
    if any(c.row_span > 1 or c.col_span > 1 for c in rows[0]):
        return table
    lead = [row[0].text.strip() for row in rows[1:] if row]
    if not all(_FIGURE.match(t) for t in lead):
        return table
    return replace(table, header_rows=0)

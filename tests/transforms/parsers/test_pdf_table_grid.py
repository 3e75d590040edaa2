"""Grid clean-up of PDF tables: columns without any text are removed, spans kept."""

from __future__ import annotations

from transforms.model import Cell
from transforms.parsers.pdf.tables import _drop_empty_columns, _rows_with_spans


def test_sliver_columns_between_double_rules_are_removed():
    raw = [
        ["State", "", "Revenue", None, "", "Total"],
        ["Goa", "", "4,055", "110", "", "4,165"],
    ]
    assert _drop_empty_columns(raw) == [["State", "Revenue", None, "Total"],
                                        ["Goa", "4,055", "110", "4,165"]]  # fmt: skip


def test_a_merged_cell_starting_in_a_removed_column_starts_in_the_next():
    raw = [["a", "", None, "b"], ["c", "", "", "d"], ["e", "", "x", "f"]]
    rows = _rows_with_spans(_drop_empty_columns(raw))
    assert rows[0] == (Cell("a"), Cell(""), Cell("b"))
    assert rows[2] == (Cell("e"), Cell("x"), Cell("f"))


def test_all_empty_or_full_grids_are_left_alone():
    assert _drop_empty_columns([["", ""], ["", None]]) == [["", ""], ["", None]]
    full = [["a", "b"], ["c", "d"]]
    assert _drop_empty_columns(full) == full

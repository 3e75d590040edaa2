"""The shared table serializer: Markdown, HTML, records, headers, lazy rows, round trips."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.model import Cell, Table
from transforms.tables import (
    LazyRows,
    header_keys,
    map_cell_text,
    parse_html_table,
    parse_markdown_table,
    render_table,
    to_html,
    to_markdown,
    to_records,
)


def norm(text: str) -> str:
    return " ".join(text.split())


SALES = Table.from_strings(
    [["Region", "Sales"], ["North", "1,204"], ["South", "980"], ["East | West", "a\\"]]
)


def test_markdown_has_one_header_line_and_row_spans():
    rendered = to_markdown(SALES)
    lines = rendered.text.split("\n")
    assert lines[0] == "| Region | Sales |"
    assert lines[1] == "|---|---|"
    assert rendered.header == "| Region | Sales |\n|---|---|"
    assert [rendered.text[s:e] for s, e in rendered.rows] == lines[2:]
    assert lines[4] == "| East \\| West | a\\\\ |"


def test_records_name_every_value():
    rendered = to_records(SALES)
    assert rendered.text.split("\n")[0] == "Region: North; Sales: 1,204"
    assert rendered.header_end == 0
    assert len(rendered.rows) == 3


def test_multi_row_header_collapses_with_group_labels():
    table = Table.from_strings(
        [
            ["Category", "Participants", "Results", ""],
            ["", "", "Accuracy", "Time"],
            ["Blind", "5", "34.5%", "1199 sec"],
        ],
        header_rows=2,
    )
    assert header_keys(table) == [
        "Category",
        "Participants",
        "Results / Accuracy",
        "Results / Time",
    ]
    md = to_markdown(table).text.split("\n")
    assert md[0] == "| Category | Participants | Results / Accuracy | Results / Time |"
    assert md[2] == "| Blind | 5 | 34.5% | 1199 sec |"
    assert to_records(table).text == (
        "Category: Blind; Participants: 5; Results / Accuracy: 34.5%; Results / Time: 1199 sec"
    )


def test_stub_label_is_not_carried_over_its_neighbours():
    table = Table.from_strings(
        [["In millions", "", "2023"], ["", "Sales", "Profit"], ["Zone NA", "12", "3"]],
        header_rows=2,
    )
    assert header_keys(table) == ["In millions", "Sales", "2023 / Profit"]


def test_spans_in_the_header_stay_markdown_spans_in_the_body_go_html():
    header_span = Table(
        rows=(
            (Cell("Year", row_span=2), Cell("Ducks", col_span=2)),
            (Cell("Fresh"), Cell("Salt")),
            (Cell("2019"), Cell("120"), Cell("80")),
        ),
        header_rows=2,
    )
    text = render_table(header_span).text
    assert text.startswith("| Year | Ducks / Fresh | Ducks / Salt |")
    body_span = Table(
        rows=((Cell("A"), Cell("B")), (Cell("x", row_span=2), Cell("1")), (Cell("2"),)),
        header_rows=1,
    )
    rendered = render_table(body_span)
    assert rendered.text.startswith("<table>")
    assert '<td rowspan="2">x</td>' in rendered.text
    assert rendered.header == "<table>\n<tr><th>A</th><th>B</th></tr>"
    assert len(rendered.rows) == 2


def test_table_without_header_uses_generic_keys():
    table = Table.from_strings([["1", "2"], ["3", ""]], header_rows=0)
    assert to_records(table).text == "Column 1: 1; Column 2: 2\nColumn 1: 3"
    md = to_markdown(table)
    assert md.header == "| Column 1 | Column 2 |\n|---|---|"
    assert [md.text[s:e] for s, e in md.rows] == ["| 1 | 2 |", "| 3 |  |"]


def test_lazy_rows_walk_again_and_map_lazily():
    calls = []

    def load():
        calls.append(1)
        yield ("h",)
        yield (" a  b ",)

    rows = LazyRows(2, load)
    table = Table(rows=rows, header_rows=1)  # type: ignore[arg-type]
    assert list(rows) == list(rows)
    assert rows == ((Cell("h"),), (Cell(" a  b "),))
    assert rows[1] == (Cell(" a  b "),)
    assert list(rows.texts()) == [("h",), (" a  b ",)]
    cleaned = map_cell_text(table, norm)
    assert isinstance(cleaned.rows, LazyRows)
    assert to_markdown(cleaned).text == "| h |\n|---|\n| a b |"
    assert to_html(cleaned).text == "<table>\n<tr><th>h</th></tr>\n<tr><td>a b</td></tr>\n</table>"
    assert len(calls) >= 4


texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12
).map(norm)


@st.composite
def grids(draw):
    width = draw(st.integers(1, 5))
    n = draw(st.integers(1, 6))
    return [[draw(texts) for _ in range(width)] for _ in range(n)]


@settings(max_examples=150, deadline=None)
@given(grids())
def test_markdown_round_trip(grid):
    table = Table.from_strings(grid, header_rows=1)
    back = parse_markdown_table(to_markdown(table).text)
    assert back == grid


@st.composite
def spanned_tables(draw):
    """Tables with random merged ranges, built on a grid so spans never overlap."""
    width, height = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    taken: set[tuple[int, int]] = set()
    rows = []
    for r in range(height):
        row = []
        for c in range(width):
            if (r, c) in taken:
                continue
            rs = draw(st.integers(1, height - r))
            cs = 1
            while c + cs < width and (r, c + cs) not in taken and draw(st.booleans()):
                cs += 1
            if any((rr, cc) in taken for rr in range(r, r + rs) for cc in range(c, c + cs)):
                rs = 1
            taken.update((rr, cc) for rr in range(r, r + rs) for cc in range(c, c + cs))
            row.append(Cell(draw(texts), rs, cs))
        rows.append(tuple(row))
    return Table(rows=tuple(rows), header_rows=draw(st.integers(0, min(2, height))))


@settings(max_examples=150, deadline=None)
@given(spanned_tables())
def test_html_round_trip_keeps_spans(table):
    back = parse_html_table(to_html(table).text)
    assert back.rows == table.rows
    assert back.grid() == table.grid()

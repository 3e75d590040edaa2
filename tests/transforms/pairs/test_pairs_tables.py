"""Reading tables back from chunk text: Markdown, continuations, HTML and records."""

from __future__ import annotations

from tests.pairs_fixtures import make_chunk
from transforms.model import Table
from transforms.pairs.offline_tables import chunk_tables
from transforms.tables import to_html, to_markdown, to_records

ROWS = [["Team", "City", "Cups"], ["Blues", "STL", "1"], ["Flyers", "PHI", "2"]]


def test_markdown_table_in_prose():
    text = "Intro line.\n\nTable 4 Cup winners\n\n" + to_markdown(Table.from_strings(ROWS)).text
    (t,) = chunk_tables(make_chunk(text, kinds=("paragraph", "table")))
    assert t.keys == ["Team", "City", "Cups"]
    assert t.rows == [["Blues", "STL", "1"], ["Flyers", "PHI", "2"]]
    assert t.caption == "Table 4 Cup winners"


def test_continuation_takes_the_header_from_context():
    md = to_markdown(Table.from_strings([*ROWS, ["Kings", "LA", "2"]]))
    body_lines = md.text.splitlines()[3:]  # a later window: rows only
    chunk = make_chunk(
        "\n".join(body_lines), context=f"Sports > Cups\n{md.header}", kinds=("table",)
    )
    (t,) = chunk_tables(chunk)
    assert t.keys == ["Team", "City", "Cups"]
    assert t.rows == [["Flyers", "PHI", "2"], ["Kings", "LA", "2"]]


def test_html_table_without_body_spans():
    (t,) = chunk_tables(make_chunk(to_html(Table.from_strings(ROWS)).text, kinds=("table",)))
    assert t.keys == ["Team", "City", "Cups"] and t.rows[1] == ["Flyers", "PHI", "2"]


def test_records_table():
    (t,) = chunk_tables(make_chunk(to_records(Table.from_strings(ROWS)).text, kinds=("table",)))
    assert t.keys == ["Team", "City", "Cups"] and t.rows[0] == ["Blues", "STL", "1"]


def test_no_tables_in_prose_chunks():
    assert chunk_tables(make_chunk("| not | a table |\n|---|---|\n| x | y |")) == []

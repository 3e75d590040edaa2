"""Words placed into PyMuPDF's table grid (transforms.parsers.pdf.cells)."""

from __future__ import annotations

from transforms.parsers.pdf.cells import place_words, tidy_cell


def word(x0: float, y0: float, text: str) -> tuple:
    return (x0, y0, x0 + 10.0, y0 + 8.0, text, 0, 0)


def texts(parts) -> list[list[list[str]]]:
    return [[[w[3] for w in cell] for cell in row] for row in parts]


def test_each_word_goes_to_the_cell_holding_its_centre():
    grid = [[(0, 0, 50, 20), (50, 0, 100, 20)], [(0, 20, 50, 40), (50, 20, 100, 40)]]
    parts, centres = place_words(grid, [word(5, 5, "a"), word(60, 25, "d"), word(300, 5, "x")])
    assert texts(parts) == [[["a"], []], [[], ["d"]]]  # x is outside the grid
    assert [[c[3] for c in row] for row in centres] == [["a"], ["d"]]


def test_a_cell_spanning_rows_keeps_its_words_and_its_neighbours_keep_theirs():
    # the first column's cell spans both rows; the second column is ruled per row
    grid = [[(0, 0, 50, 40), (50, 0, 100, 20)], [None, (50, 20, 100, 40)]]
    parts, _ = place_words(grid, [word(5, 25, "GMC"), word(60, 5, "one"), word(60, 25, "two")])
    assert texts(parts) == [[["GMC"], ["one"]], [[], ["two"]]]


def test_a_frame_around_the_table_does_not_swallow_its_cells():
    frame = (0, 20, 200, 100)  # drawn around the inner grid, below a title row
    grid = [
        [(0, 0, 200, 20), None, None],
        [frame, (10, 30, 100, 60), (100, 30, 190, 60)],
        [None, (10, 60, 100, 90), (100, 60, 190, 90)],
    ]
    words = [word(20, 5, "Title"), word(20, 40, "State"), word(120, 40, "n"),
             word(20, 70, "Kerala"), word(120, 70, "2400")]  # fmt: skip
    parts, _ = place_words(grid, words)
    assert texts(parts) == [
        [["Title"], [], []],
        [[], ["State"], ["n"]],
        [[], ["Kerala"], ["2400"]],
    ]


def test_dot_leaders_go_and_a_decimal_point_set_apart_is_closed():
    assert tidy_cell("Violent crime . . . . . . . .") == "Violent crime"
    assert tidy_cell("Total............") == "Total"
    assert tidy_cell("............... 10%") == "10%"
    assert tidy_cell("11,062. 6") == "11,062.6" and tidy_cell("(2.5. 1)") == "(2.5. 1)"
    # an abbreviation's dots, a cell of dots only, and a sentence are left alone
    assert tidy_cell("possessing, etc...") == "possessing, etc..."
    assert tidy_cell("... ...") == "... ..."
    assert tidy_cell("In 2009. 6 arrests") == "In 2009. 6 arrests"


def test_words_hyphenated_at_a_cell_s_line_ends_are_joined():
    from transforms.parsers.pdf.text import join_cell_lines

    vocabulary = {"vélo", "boulot"}
    assert join_cell_lines("Preva- lence", vocabulary) == "Prevalence"
    assert join_cell_lines("Filetes y demás car- nes de pescado", vocabulary) == (
        "Filetes y demás carnes de pescado"
    )
    assert join_cell_lines("Time-to- maneuver (s)", vocabulary) == "Time-to-maneuver (s)"
    assert join_cell_lines("non- hazardous", vocabulary) == "non-hazardous"
    # two words the document uses on their own keep their hyphen
    assert join_cell_lines("vélo- boulot", vocabulary) == "vélo-boulot"
    # a hanging hyphen, a name ending in a hyphen, figures, a dash: left alone
    for text in ("pre- and post-processing", "six- by 12-in", "OUT1L- P8", "15- by", "A - B"):
        assert join_cell_lines(text, vocabulary) == text

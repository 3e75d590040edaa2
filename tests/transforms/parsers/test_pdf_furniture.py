"""Running headers and footers told apart on a page of their own (pdf.furniture)."""

from __future__ import annotations

from dataclasses import replace

from transforms.parsers.pdf.furniture import find_furniture
from transforms.parsers.pdf.lines import Line, PageText


def line(text: str, x0: float, y0: float, x1: float, size: float = 4.3) -> Line:
    return Line(text, x0, y0, x1, y0 + size, size, False, False, 1, 0, len(text))


def test_a_book_running_head_with_its_page_number_is_furniture_on_a_lone_page():
    # a scan read by OCR: the running head's parts come as separate lines, 1.7 pt over the text
    head = [line("400", 29, 25.2, 34), line("BRITISH HUSBANDRY,", 70, 25.4, 112, 3.0),
            line("(Ch. XIX.", 141, 25.6, 156.6)]  # fmt: skip
    body = [line("the turnip crop has been, in many instances, ten-fold", 29, 31.6 + 4.4 * i, 156)
            for i in range(30)]  # fmt: skip
    page = PageText(1, 180, 300, head + body, [])
    found = find_furniture([page], 4.3)
    assert {id(ln) for ln in head} <= found.drop
    assert not {id(ln) for ln in body} & found.drop
    lone = PageText(
        1, 180, 300, [line("Chapter", 29, 25.2, 60), line("Two", 141, 25.6, 156), *body], []
    )
    assert not find_furniture([lone], 4.3).drop  # no page number in an outer slot


def test_rows_spaced_out_evenly_are_text_not_a_header_set_apart():
    # a grid of words four rows deep, 67 pt between rows: the top row has no more space
    # under it than any other row
    rows = [[line("Hello", 100, 66 + 100 * i, 161, 33), line("World", 261, 66 + 100 * i, 324, 33)]
            for i in range(4)]  # fmt: skip
    page = PageText(1, 612, 792, [ln for row in rows for ln in row], [])
    assert not find_furniture([page], 33).drop
    # the same top row with the text under it set close together is a header
    body = [line("Some body text of the page goes on", 100, 166 + 40 * i, 424, 33)
            for i in range(6)]  # fmt: skip
    page = PageText(1, 612, 792, rows[0] + body, [])
    assert {id(ln) for ln in rows[0]} == find_furniture([page], 33).drop


def test_a_transcripts_margin_line_numbers_are_furniture():
    # a court transcript: every line numbered 1 to 25 in the left margin, right-aligned
    numbers = [line(str(n), 104 - 7 * len(str(n)), 65 + 26 * (n - 1), 104, 14)
               for n in range(1, 26)]  # fmt: skip
    text = [line("The above-entitled matter came on for oral argument", 140, 65 + 26 * i, 520, 14)
            for i in range(3, 20)]  # fmt: skip
    page = PageText(1, 612, 792, numbers + text, [])
    found = find_furniture([page], 14)
    assert {id(ln) for ln in numbers} <= found.drop
    assert not {id(ln) for ln in text} & found.drop
    assert found.metadata()["line_numbers_removed"] == "25"
    # figures beside the text are not a count from 1, nor are numbers inside the text
    prices = [line(str(10 + 3 * n), 90, 65 + 26 * n, 104, 14) for n in range(25)]
    inside = [line(str(n), 300, 65 + 26 * (n - 1), 307, 14) for n in range(1, 26)]
    for column in (prices, inside):
        page = PageText(1, 612, 792, column + text, [])
        assert find_furniture([page], 14).line_numbers == 0  # (an edge one: a page number)


def test_a_running_title_with_its_page_number_below_the_top_band_is_furniture():
    # Springer LNCS: the running title and the page number, a point under the body size,
    # 91 pt from the top of a 792 pt page (below the 9% band, inside the 12% one)
    head = [line("Optimized Table Tokenization for Table Structure Recognition", 194, 91, 448, 9),
            line("9", 476, 91, 481, 9)]  # fmt: skip
    body = [line("order to compute the TED score. Inference timing results for all", 135,
                 116 + 12 * i, 481, 10) for i in range(30)]  # fmt: skip
    found = find_furniture([PageText(1, 612, 792, head + body, [])], 10)
    assert {id(ln) for ln in head} <= found.drop
    assert not {id(ln) for ln in body} & found.drop
    # at the body size, a numbered first row is text (a list, a table of contents)
    same = [line("Optimized Table Tokenization for Table Structure Recognition", 194, 91, 448, 10),
            line("9", 476, 91, 481, 10)]  # fmt: skip
    found = find_furniture([PageText(1, 612, 792, same + body, [])], 10)
    assert id(same[0]) not in found.drop


def test_a_small_footer_repeated_in_place_above_the_bottom_band_is_furniture():
    # a journal's footer ("#176000 - $15.00 USD Received 11 Sep 2012; ...") 73 pt above
    # the bottom of a 792 pt page (over the 9% band), on every page, or in italics at the
    # body size; a line of body text repeated in place on every page (a form's) stays
    def page(number: int) -> PageText:
        italic = replace(line("Copyright Office Summary", 117, 708, 164, 10), italic=True)
        y = 697 if number > 1 else 701  # the first page's set a little lower
        footer = [line(f"#17600{number} - $15.00 USD Received 11 Sep 2012", 117, y, 495, 8),
                  italic]  # fmt: skip
        body = [line(f"The hologram plane is read at step {i} of the method here.", 117,
                     100 + 14 * i, 495, 10) for i in range(40)]  # fmt: skip
        repeated = line(
            "This clause is provided for demonstration purposes only.", 117, 690, 495, 10
        )
        lines = [replace(ln, page=number) for ln in [*body, repeated, *footer]]
        return PageText(number, 612, 792, lines, [])

    pages = [page(n) for n in range(1, 5)]
    found = find_furniture(pages, 10)
    for p in pages:
        *body, repeated, head, tail = p.lines
        assert {id(head), id(tail)} <= found.drop
        assert id(repeated) not in found.drop and not {id(ln) for ln in body} & found.drop


def test_a_running_head_well_inside_a_wide_margin_repeated_in_place_is_furniture():
    # fr_olap: the paper's title as the running head of its even pages, 116 pt down an
    # 842 pt page (14%: outside the bands), set apart from the text; the title on the
    # first page, set larger elsewhere, stays
    title = "Résumés et interrogations de logs de requêtes OLAP"

    def page(number: int) -> PageText:
        body = [line(f"Il est maintenant établi que les logs aident l'utilisateur {i}.", 119,
                     150 + 13 * i, 480, 10) for i in range(40)]  # fmt: skip
        head = [line(title, 141, 100, 462, 14)] if number == 1 else []
        if number % 2 == 0:
            head = [line(title, 119, 116, 330, 10)]
        lines = [replace(ln, page=number) for ln in [*head, *body]]
        return PageText(number, 595, 842, lines, [])

    pages = [page(n) for n in range(1, 9)]
    found = find_furniture(pages, 10)
    heads = [p.lines[0] for p in pages if p.number % 2 == 0]
    assert {id(ln) for ln in heads} <= found.drop
    assert id(pages[0].lines[0]) not in found.drop
    assert not {id(ln) for p in pages for ln in p.lines[1:] if ln not in heads} & found.drop


def test_every_line_of_a_footer_row_is_furniture_when_rows_below_it_fill_the_lines_searched():
    # the IRS manual's footer: a row of three parts over two more lines; the three
    # lines nearest the edge were the two below and one part of the row
    def page(number: int) -> PageText:
        body = [line(f"Command code BMFOL shows the return display of form {i}.", 36,
                     80 + 13 * i, 540, 10) for i in range(40)]  # fmt: skip
        footer = [line("IRM 2.3.59", 36, 745, 83, 9.7),
                  line("Internal Revenue Manual", 233, 745, 342, 9.7),
                  line("Cat. No. 28171E (12-12-2022)", 407, 745, 539, 9.7),
                  line("Any line marked with a #", 431, 755, 539, 9.7),
                  line("is for Official Use Only", 436, 764, 539, 9.7)]  # fmt: skip
        return PageText(number, 612, 792, [replace(ln, page=number) for ln in body + footer], [])

    pages = [page(n) for n in range(1, 5)]
    found = find_furniture(pages, 10)
    for p in pages:
        assert {id(ln) for ln in p.lines[-5:]} <= found.drop
        assert not {id(ln) for ln in p.lines[:-5]} & found.drop


def test_a_footer_found_alone_on_most_pages_counts_them_towards_its_repeats():
    # i1040nr: the footer stood out on its own on the text pages, and those copies were
    # not counted as repeats; on the tax table pages (three rows of text left once the
    # tables are read) it was read ten times
    def page(number: int, text_rows: int) -> PageText:
        body = [line(f"Enter the amount from line {i} of the worksheet on this line.", 42,
                     80 + 13 * i, 570, 10) for i in range(text_rows)]  # fmt: skip
        foot = line("Instructions for Form 1040NR", 42, 756, 169, 9)
        return PageText(number, 612, 792, [replace(ln, page=number) for ln in [*body, foot]], [])

    pages = [page(n, 2 if n > 16 else 40) for n in range(1, 21)]
    found = find_furniture(pages, 10)
    assert all(id(p.lines[-1]) in found.drop for p in pages)
    assert not {id(ln) for p in pages for ln in p.lines[:-1]} & found.drop

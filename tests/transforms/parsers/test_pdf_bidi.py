"""Right-to-left text and scripts without spaces or case (transforms.parsers.pdf.bidi, segment)."""

from __future__ import annotations

import hashlib

import pymupdf

from transforms.config import PipelineConfig
from transforms.model import Cell, Kind, Source, Table
from transforms.parsers.pdf import PdfParser
from transforms.parsers.pdf.bidi import (
    columns_in_reading_order,
    ligatures_in_order,
    mostly_rtl,
    neutrals_in_place,
    spans_in_order,
    words_in_order,
    words_with_ligatures,
)
from transforms.parsers.pdf.grid_headers import _header_row
from transforms.parsers.pdf.lines import Line
from transforms.parsers.pdf.segment import segment
from transforms.parsers.pdf.sideways import cell_lines
from transforms.parsers.pdf.text import join_lines

HEBREW = "התוכנית כתובה בשפת Python ורצה על כל מחשב שיש בו מעבד מודרני וזיכרון מספיק לכל המשימות"


def _char(c: str, x0: float, x1: float) -> dict:
    return {"c": c, "bbox": (x0, 0.0, x1, 10.0), "origin": (x0, 8.0)}


def test_a_lam_alef_ligature_comes_in_reading_order():
    # MuPDF's characters of "المشكلات": the ligature's alef (zero width, at the glyph's
    # right edge) comes before its lam
    chars = [_char("ك", 401.7, 406.5), _char("ا", 401.8, 401.8), _char("ل", 394.5, 401.8),
             _char("ت", 385.7, 394.5)]  # fmt: skip
    assert "".join(c["c"] for c in ligatures_in_order(chars)) == "كلات"
    article = [_char("ا", 423.4, 426.3), _char("ل", 420.3, 423.4)]  # "al-": two glyphs
    assert ligatures_in_order(article) == article
    # one glyph for "الا" (tabula's mednine.pdf): alef and lam zero-width, in order
    three = [_char("ا", 459.2, 459.2), _char("ل", 459.2, 459.2), _char("ا", 445.7, 459.2),
             _char("ن", 443.7, 445.7)]  # fmt: skip
    assert ligatures_in_order(three) == three


def test_punctuation_ahead_of_a_word_drawn_to_its_right_comes_after_it():
    # MuPDF's characters of "وعليه، فإن": the comma and the space first, drawn left of
    # the word (after it, reading from the right)
    chars = [_char(" ", 399.3, 402.5), _char("،", 402.5, 405.0), _char("و", 430.7, 436.0),
             _char("ع", 423.2, 430.7), _char("ل", 418.4, 423.2), _char("ي", 413.4, 418.4),
             _char("ه", 406.3, 413.4)]  # fmt: skip
    assert "".join(c["c"] for c in neutrals_in_place(chars)) == "وعليه، "
    # in order already: a space between two words, the first to its right
    ordered = [_char("ب", 120, 130), _char("ي", 110, 120), _char(" ", 106, 110),
               _char("س", 96, 106), _char("م", 90, 96)]  # fmt: skip
    assert neutrals_in_place(ordered) == ordered
    # a word not wholly to the run's right (drawn word by word, mixed) is left alone
    mixed = [_char("؛", 100, 104), _char("س", 110, 116), _char("م", 95, 100)]
    assert neutrals_in_place(mixed) == mixed
    latin = [_char("(", 10, 14), _char("R", 14, 20)]
    assert neutrals_in_place(latin) == latin


def test_table_words_get_their_ligatures_in_order():
    # MuPDF's words for a table cell "ولاية كارولينا" spell the lam-alef alef first
    chars = [
        _char("و", 90, 96),
        _char("ا", 89.0, 89.0),
        _char("ل", 84, 89.0),
        _char("ي", 80, 84),
        _char("ة", 75, 80),
        _char(" ", 72, 75),
        _char("ك", 66, 72),
    ]
    rawdict = {"blocks": [{"lines": []}, {"lines": [{"spans": [{"chars": chars}]}]}]}
    words = [(75, 0, 96, 10, "والية", 1, 0, 0), (66, 0, 72, 10, "ك", 1, 0, 1),
             (10, 0, 40, 10, "Total", 0, 0, 0)]  # fmt: skip
    fixed = words_with_ligatures(words, rawdict)
    assert [w[4] for w in fixed] == ["ولاية", "ك", "Total"]
    assert fixed[0][:4] == words[0][:4] and fixed[0][5:] == words[0][5:]
    # words are found by position: a line that MuPDF cuts into more words than its
    # spaces (an Arabic word glued to "Jeremy") still gets its spelling
    assert words_with_ligatures(words[:1], rawdict)[0][4] == "ولاية"
    # letters that are not the word's own leave it as MuPDF gave it
    other = [(75, 0, 96, 10, "والي", 1, 0, 0)]
    assert words_with_ligatures(other, rawdict) == other


def test_a_zero_width_mark_far_from_its_word_does_not_widen_it():
    # tabula's arabic.pdf: the tanween of "مرحبا" stands at the right cell's edge
    chars = [_char("ً", 477.0, 477.0), _char("م", 295, 300), _char("ر", 288, 295),
             _char("ح", 280, 288), _char("ب", 277, 280), _char("ا", 274, 277)]  # fmt: skip
    rawdict = {"blocks": [{"lines": [{"spans": [{"chars": chars}]}]}]}
    word = (274.0, 98.0, 477.0, 114.0, "ًمرحبا", 0, 0, 0)
    # the mark, given first, goes after the last letter: "مرحباً"
    assert words_with_ligatures([word], rawdict) == [(274, 98.0, 300, 114.0, "مرحباً", 0, 0, 0)]


def test_header_phrases_sharing_a_cell_join_from_the_right_in_rtl_text():
    # "2-5 - استاندارد کالا" over one column, drawn as three phrases left to right
    phrases = [(377.0, 389.5, "کالا"), (389.5, 456.6, "- استاندارد"), (456.7, 479.5, "2-5")]
    columns = [(360.0, 0.0, 520.0, 20.0)]
    assert _header_row(columns, phrases)[0].text == "2-5 - استاندارد کالا"
    latin = [(10.0, 40.0, "Net"), (42.0, 80.0, "income")]
    assert _header_row([(0.0, 0.0, 100.0, 20.0)], latin)[0].text == "Net income"


def test_words_of_a_right_to_left_line_read_from_the_right():
    assert mostly_rtl("שלום עולם Python") and not mostly_rtl("Python and שלום")
    assert words_in_order(["עולם", "שלום"]) == ["שלום", "עולם"]
    assert words_in_order(["hello", "world"]) == ["hello", "world"]
    # words of a table cell given as (centre y, x0, text): left to right on the page
    assert cell_lines([(5.0, 10.0, "עולם"), (5.0, 40.0, "שלום")], 10.0) == [(5.0, "שלום עולם")]


def _span(text: str, x0: float, x1: float) -> dict:
    return {"text": text, "bbox": (x0, 0.0, x1, 10.0)}


def test_words_drawn_one_span_each_read_from_the_right():
    # a Persian line drawn word by word, MuPDF's spans left to right: "شبکه های بی سیم"
    drawn = [_span("سیم", 10, 30), _span(" ", 30, 33), _span("بی", 33, 45),
             _span(" ", 45, 48), _span("های", 48, 70), _span(" ", 70, 73),
             _span("شبکه", 73, 100)]  # fmt: skip
    assert "".join(s["text"] for s in spans_in_order(drawn)) == "شبکه های بی سیم"
    mixed = [_span("Python", 10, 40), _span(" ", 40, 43), _span("R", 43, 50),
             _span(" ", 50, 53), _span("بلغة", 53, 80), _span(" ", 80, 83),
             _span("البرمجة", 83, 120), _span(" ", 120, 123), _span("تعتبر", 123, 150)]  # fmt: skip
    # runs of Latin words keep their order: "R Python" stays as it reads
    assert "".join(s["text"] for s in spans_in_order(mixed)) == "تعتبر البرمجة بلغة Python R"
    logical = [_span("شبکه", 73, 100), _span("های", 48, 70)]  # already right to left
    assert spans_in_order(logical) == logical
    phrases = [_span("حَبيبي habibi", 62, 100), _span("حَبيبي", 119, 125)]  # several words
    assert spans_in_order(phrases) == phrases


def test_a_right_to_left_table_reads_its_columns_from_the_right():
    table = Table(rows=((Cell("2023"), Cell("שנה")), (Cell("17"), Cell("מספר"))))
    assert columns_in_reading_order(table).grid() == [["שנה", "2023"], ["מספר", "17"]]
    latin = Table(rows=((Cell("year"), Cell("2023")),))
    assert columns_in_reading_order(latin) is latin


def test_a_hebrew_paragraph_with_latin_words_reads_in_order():
    doc = pymupdf.open()
    page = doc.new_page()
    html = f'<p dir="rtl" style="font-size:14px">{HEBREW}</p>'
    page.insert_htmlbox(pymupdf.Rect(72, 72, 520, 300), html)
    data = doc.tobytes()
    source = Source("mem://he.pdf", hashlib.sha256(data).hexdigest(), "application/pdf", data)
    parsed = PdfParser().parse(source, PipelineConfig())
    assert [e.text for e in parsed.elements if e.kind is Kind.PARAGRAPH] == [HEBREW]


def _line(text: str, y0: float, block: int, x0: float = 72.0, x1: float = 520.0) -> Line:
    return Line(text=text, x0=x0, y0=y0, x1=x1, y1=y0 + 10, size=10.0, bold=False,
                mono=False, page=1, block=block, chars=len(text))  # fmt: skip


def test_uncased_scripts_carry_a_sentence_over_a_line_break_after_running_text():
    running = "코로나바이러스감염증 관련 보험약관상 재해보험금 지급문제 및 개선과제를"
    wrapped = [_line(running, 100, 1), _line("살펴보고자 한다.", 114, 2, x1=200)]
    assert len(segment(wrapped)) == 1  # one paragraph over two MuPDF blocks
    titles = [_line("웨어러블 컨트롤", 100, 1, x1=200), _line("인터페이스", 114, 2, x1=150)]
    assert len(segment(titles)) == 2  # short labels: not a sentence carried over


def test_lines_of_chinese_join_without_a_space():
    assert join_lines(["以及把《公", "开发行证券"], set()) == "以及把《公开发行证券"
    assert join_lines(["한국어 문장이", "이어집니다"], set()) == "한국어 문장이 이어집니다"


def test_japanese_set_a_character_at_a_time_joins_without_spaces():
    from transforms.parsers.pdf.lines import _merge_same_baseline

    # vertical text turned to read across: one MuPDF line per character, edge to edge
    chars = [_line(c, 100, 1, x0=65 + 10 * i, x1=75 + 10 * i) for i, c in enumerate("わたくし")]
    for ln in chars:
        ln.size = 10.0
    assert [ln.text for ln in _merge_same_baseline(chars)] == ["わたくし"]
    # set apart by a gap: two words, a space between them
    apart = [_line("宮澤", 100, 1, x0=65, x1=85), _line("賢治", 100, 1, x0=90, x1=110)]
    for ln in apart:
        ln.size = 10.0
    assert [ln.text for ln in _merge_same_baseline(apart)] == ["宮澤 賢治"]
    # a vertical form of punctuation sits off its cell (turned: 6 pt late, overlapping)
    comma = [_line("内閣は", 100, 1, x0=70.3, x1=94.0), _line("、", 100, 2, x0=100.0, x1=108.0),
             _line("道", 100, 3, x0=102.3, x1=110.0),
             _line("路", 100, 4, x0=110.3, x1=118.0)]  # fmt: skip
    for ln in comma:
        ln.size = 8.0
    assert [ln.text for ln in _merge_same_baseline(comma)] == ["内閣は、道路"]


def _char_line(text: str, x0: float, y0: float, size: float = 8.0) -> dict:
    span = {"text": text, "bbox": (x0, y0, x0 + size, y0 + size)}
    return {"dir": (1.0, 0.0), "wmode": 0, "bbox": span["bbox"], "spans": [span]}


def test_japanese_set_upright_a_glyph_per_line_down_columns_is_turned():
    from collections import Counter

    from transforms.parsers.pdf.turn import stack_characters

    # a gazette's vertical text: each character a left-to-right line of its own, the
    # characters of a column one right under the other, columns read from the right
    text = "道路交通法施行令の一部を改正する政令内閣は"
    lines = [_char_line(c, 421 - 37 * (i // 10), 50 + 8 * (i % 10)) for i, c in enumerate(text)]
    data = {"blocks": [{"type": 0, "lines": lines}]}
    directions = Counter({(1, 0): 16.0 * len(lines)})
    stack_characters(data, directions)
    assert all(line["dir"] == (0.0, 1.0) for line in lines)
    assert directions.most_common(1)[0][0] == (0, 1)
    # the same characters side by side along a row are ordinary horizontal text
    row = [_char_line(c, 50 + 8 * i, 100) for i, c in enumerate(text)]
    data = {"blocks": [{"type": 0, "lines": row}]}
    directions = Counter({(1, 0): 16.0 * len(row)})
    stack_characters(data, directions)
    assert all(line["dir"] == (1.0, 0.0) for line in row)
    assert directions == Counter({(1, 0): 16.0 * len(row)})

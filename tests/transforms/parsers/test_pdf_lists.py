"""List items of PDFs: markers drawn in symbol fonts, bold bullets, depth across columns."""

from __future__ import annotations

import pymupdf

from tests.fixtures.pdf_pages import BODY, LEADING, parse
from transforms.model import Kind
from transforms.parsers.pdf.lines import _line_from_spans, _merge_same_baseline


def _span(text: str, font: str, x0: float, x1: float, size: float = 9.0) -> dict:
    return {"text": text, "font": font, "bbox": (x0, 100.0, x1, 110.0), "size": size,
            "flags": 0}  # fmt: skip


def test_a_symbol_font_box_without_unicode_marks_a_list_item():
    # a questionnaire's option: Wingdings' box (code 0x84, no Unicode) drawn twice over
    # itself in two fonts, then the option's text as a line of its own
    boxes = [
        _line_from_spans([_span("\x84", "Wingdings", 149, 158, 13)], 1, 0),
        _line_from_spans([_span("\x84", "AllumiStd-DingbatsTwo", 158, 162, 13)], 1, 0),
    ]
    text = _line_from_spans([_span("Yes, at the national level", "MyriadRg", 167, 289)], 1, 1)
    assert [b.text for b in boxes] == ["•", "•"]
    merged = _merge_same_baseline([*boxes, text])
    assert [ln.text for ln in merged] == ["• Yes, at the national level"]
    # within a line, or mapped to Unicode, a symbol is left as it is
    inline = _line_from_spans(
        [_span("Mail ", "Helvetica", 10, 40), _span("\x2a", "Wingdings", 40, 48)], 1, 0
    )
    assert inline.text == "Mail *"
    check = _line_from_spans([_span("✓", "ZapfDingbats", 10, 18)], 1, 0)
    assert check.text == "✓"


def test_a_marker_written_again_in_the_text_font_is_read_once():
    # InDesign writes Wingdings' bullet "y" and a copy of the code in the text font
    # beside it, the copy first: read "yy Persons with disabilities"
    spans = [_span("y", "AdobeCorpID-MyriadRg", 778, 780), _span("y", "Wingdings", 774, 778)]
    marker = _line_from_spans(spans, 1, 0)
    assert marker.text == "•"
    text = _line_from_spans([_span("Persons with disabilities", "MyriadRg", 792, 881)], 1, 0)
    merged = _merge_same_baseline([marker, text])
    assert [ln.text for ln in merged] == ["• Persons with disabilities"]
    # two letters alike in one font are text ("y y" stays as written)
    plain = _line_from_spans(
        [_span("y", "MyriadRg", 770, 774), _span("y", "MyriadRg", 776, 780)], 1, 0
    )
    assert plain.text == "y y"


def test_a_marker_copy_set_at_no_width_on_a_line_of_its_own_is_dropped():
    # the text font's copy of Wingdings 3's "h" (1.9 pt wide at 8 pt) is a line of its
    # own, over the marker of the line it starts: it was a paragraph "h" between items
    item = _line_from_spans(
        [_span("h", "Wingdings3", 171, 179, 8), _span(" Contexte évocateur", "Warnock", 179, 480)],
        1,
        0,
    )
    copy = _line_from_spans([_span("h", "WarnockPro-Regular", 177.6, 179.5, 8)], 1, 1)
    merged = _merge_same_baseline([item, copy])
    assert [ln.text for ln in merged] == ["• Contexte évocateur"]


def test_a_symbol_font_code_read_as_latin_1_marks_a_list_item():
    # Wingdings 2's square bullet 0xA2 and Wingdings 3's arrow 0xCA come out as "¢" and
    # "Ê" (their codes read as Latin-1): markers, not text ("Ê Savoir définir ...")
    for code, font in (("\xa2", "Wingdings2"), ("\xca", "Wingdings3")):
        line = _line_from_spans(
            [
                _span(code, font, 120, 127),
                _span(" Savoir définir l'acidose", "Helvetica", 127, 250),
            ],
            1,
            0,
        )
        assert line.text == "• Savoir définir l'acidose"


def test_a_wordperfect_symbol_bullet_marks_a_list_item_whose_title_runs_on():
    # dmca: WordPerfect's typographic symbols draw the bullet as "!"; the item's bold
    # title breaks across the line ("... Liability Limitation" / "Act,” creates ...");
    # a bold item over a roman paragraph is a heading over its text, not one item
    from tests.transforms.parsers.test_pdf_paragraphs import _drawn_page

    ops = (
        "BT /F3 12 Tf 144 700 Td (!) Tj ET "
        "BT /F1 12 Tf 180 700 Td (Title II, the ) Tj /F2 12 Tf "
        "(Online Copyright Infringement Liability Limitation) Tj ET "
        "BT /F2 12 Tf 180 686 Td (Act,) Tj /F1 12 Tf ( creates limitations on service providers.) "
        "Tj ET "
        r"BT /F2 12 Tf 144 640 Td (\(a\) A mixture was more similar to a constant odorant) Tj ET "
        "BT /F1 12 Tf 180 626 Td (We evaluated whether the constant odorant was the one.) Tj ET "
    )
    pdf = _drawn_page(ops, {"F1": "Times-Roman", "F2": "Times-Bold", "F3": "WPTypographicSymbols"})
    elements = parse(pdf.tobytes()).elements
    assert elements[0].kind is Kind.LIST_ITEM, elements
    assert elements[0].text == (
        "Title II, the Online Copyright Infringement Liability Limitation Act, creates "
        "limitations on service providers."
    )
    assert elements[-1].text == "We evaluated whether the constant odorant was the one."


def _bullets_pdf() -> bytes:
    pdf = pymupdf.open()
    page = pdf.new_page(width=842, height=595)  # a spread: two columns of options
    y = 80.0
    page.insert_text((72, y), "Options for widgets", fontsize=BODY, fontname="helv")
    for x in (72.0, 460.0):
        yy = y
        for i, item in enumerate(["Fast parsing of widgets", "Slow parsing of widgets"]):
            yy += LEADING * 1.5
            page.insert_text((x, yy), "•", fontsize=BODY, fontname="helv")
            page.insert_text((x + 12, yy), f"{item} {i}", fontsize=BODY, fontname="hebo")
    page.insert_text((72, 300), "Plain text after the lists ends the page here.", fontsize=BODY)
    return pdf.tobytes()


def test_bold_bullets_are_list_items_at_depth_zero_in_each_column():
    doc = parse(_bullets_pdf())
    items = [e for e in doc.elements if e.kind is Kind.LIST_ITEM]
    assert not [e.text for e in doc.elements if e.kind is Kind.HEADING]
    assert [e.text for e in items] == ["Fast parsing of widgets 0", "Slow parsing of widgets 1"] * 2
    assert {e.level for e in items} == {0}  # the second column is not a nested list


def test_a_bullet_alone_on_its_line_is_dropped():
    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_text((300, 80), "•", fontsize=BODY, fontname="helv")  # an author's mark
    page.insert_text((72, 120), "A paragraph of plain text under the mark.", fontsize=BODY)
    assert [e.text for e in parse(pdf.tobytes()).elements] == [
        "A paragraph of plain text under the mark."
    ]

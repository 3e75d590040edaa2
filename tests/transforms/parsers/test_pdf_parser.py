"""Unit tests of the PDF parser on PDFs the tests build with PyMuPDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from tests.fixtures.pdf_pages import BODY, LEADING, PageWriter, parse
from transforms.config import Limits, PdfOptions, PipelineConfig
from transforms.errors import DocumentError
from transforms.model import Kind, ParsedDoc
from transforms.parsers.pdf.ocr import ocr_available


def furniture(page: pymupdf.Page, number: int) -> None:
    page.insert_text((72, 40), "ACME Widgets Quarterly Review", fontsize=8, fontname="helv")
    page.insert_text((290, 810), f"Page {number}", fontsize=8, fontname="helv")


def draw_table(page: pymupdf.Page, top: float, rows: list[list[str]]) -> float:
    x0, col_w, row_h = 72.0, 120.0, 20.0
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            rect = pymupdf.Rect(
                x0 + c * col_w, top + r * row_h, x0 + (c + 1) * col_w, top + (r + 1) * row_h
            )
            page.draw_rect(rect, color=(0, 0, 0), width=0.8)
            page.insert_text((rect.x0 + 4, rect.y1 - 6), value, fontsize=9, fontname="helv")
    return top + len(rows) * row_h


def report_pdf() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    furniture(page, 1)
    w = PageWriter(page)
    w.line("Annual Widget Report", size=22, bold=True)
    w.gap(12)
    w.line("Introduction", size=15, bold=True)
    w.gap(4)
    w.line("Widgets remain the backbone of the company and this report gives the infor-")
    w.line("mation every reader needs about the self-")
    w.line("evident trends of the year, which were many.")
    w.gap(10)
    w.line("A second paragraph starts here and wraps onto a new line without any")
    w.line("hyphen, so the two lines must be joined with a single space.")
    w.gap(12)
    w.line("Market Background", size=12.5, bold=True)
    w.gap(4)
    w.line("Three forces shaped the market:")
    w.gap(4)
    for item in ("Lower prices for raw steel", "Faster shipping in Europe", "New rivals"):
        w.line("\u2022", x=80)
        page.insert_text((95, w.y), item, fontsize=BODY, fontname="helv")
    w.gap(10)
    w.line("The plan has two steps:")
    w.gap(4)
    w.line("1. Build the new plant")
    w.line("2. Hire forty engineers")
    page = doc.new_page(width=595, height=842)
    furniture(page, 2)
    w = PageWriter(page)
    w.line("Results", size=15, bold=True)
    w.gap(4)
    w.line("Sales by region are given in the table below, in thousands of units.")
    bottom = draw_table(
        page,
        w.y + 20,
        [
            ["Region", "Units", "Growth"],
            ["North", "120", "4%"],
            ["South", "95", "7%"],
            ["West", "143", "2%"],
        ],
    )
    w.y = bottom + 10
    w.line("After the table the text goes on with a closing remark about the year.")
    page = doc.new_page(width=595, height=842)
    furniture(page, 3)
    w = PageWriter(page)
    w.line("Outlook", size=15, bold=True)
    w.gap(4)
    w.line("Next year will be better for widgets in every region of the world.")
    return doc.tobytes()


@pytest.fixture(scope="module")
def report() -> ParsedDoc:
    return parse(report_pdf())


def texts(doc: ParsedDoc, kind: Kind) -> list[str]:
    return [e.text for e in doc.elements if e.kind is kind]


def test_title_and_page_count(report):
    assert report.title == "Annual Widget Report"
    assert report.page_count == 3
    assert report.elements[0].kind is Kind.TITLE
    assert report.parser.startswith("pymupdf==")


def test_heading_levels_from_font_sizes(report):
    headings = [(e.text, e.level) for e in report.elements if e.kind is Kind.HEADING]
    assert headings == [
        ("Introduction", 1),
        ("Market Background", 2),
        ("Results", 1),
        ("Outlook", 1),
    ]


def test_paragraphs_joined_and_hyphenation_repaired(report):
    paragraphs = texts(report, Kind.PARAGRAPH)
    first = next(p for p in paragraphs if p.startswith("Widgets remain"))
    assert "the information every reader" in first
    assert "self-evident trends" in first  # a compound keeps its hyphen
    assert "\n" not in first
    assert any(
        p.startswith("A second paragraph") and "without any hyphen, so" in p for p in paragraphs
    )


def test_running_headers_footers_and_page_numbers_removed(report):
    all_text = " ".join(e.text for e in report.elements)
    assert "ACME Widgets Quarterly Review" not in all_text
    assert "Page 2" not in all_text
    assert "ACME Widgets Quarterly Review" in report.metadata["running_headers"]
    assert report.metadata["page_numbers_removed"] == "3"


def test_lists(report):
    items = [e for e in report.elements if e.kind is Kind.LIST_ITEM]
    bullets = [e for e in items if e.ordinal is None]
    numbered = [e for e in items if e.ordinal is not None]
    assert [e.text for e in bullets] == [
        "Lower prices for raw steel",
        "Faster shipping in Europe",
        "New rivals",
    ]
    assert [(e.text, e.ordinal) for e in numbered] == [
        ("Build the new plant", 1),
        ("Hire forty engineers", 2),
    ]
    assert all(e.level == 0 for e in items)


def test_table_with_header_and_no_duplicate_text(report):
    tables = [e for e in report.elements if e.kind is Kind.TABLE]
    assert len(tables) == 1
    table = tables[0]
    assert table.page == 2
    assert table.table.header_rows == 1
    assert table.table.grid() == [
        ["Region", "Units", "Growth"],
        ["North", "120", "4%"],
        ["South", "95", "7%"],
        ["West", "143", "2%"],
    ]
    body = " ".join(texts(report, Kind.PARAGRAPH))
    assert "North" not in body and "143" not in body
    # reading order: intro sentence, table, closing remark
    kinds = [e.kind for e in report.elements if e.page == 2]
    assert kinds == [Kind.HEADING, Kind.PARAGRAPH, Kind.TABLE, Kind.PARAGRAPH]


def test_paragraph_right_above_a_grid_is_not_its_header():
    """PyMuPDF offers the paragraph lines touching a grid's top as an external header."""
    data = (Path(__file__).resolve().parents[3] / "sample_docs" / "annual-report.pdf").read_bytes()
    doc = parse(data)
    table = next(e for e in doc.elements if e.kind is Kind.TABLE)
    assert table.table.header_rows == 1
    assert table.table.grid()[0] == [
        "Quarter", "Produced (MG)", "Billed (MG)", "Non-revenue (%)", "Main breaks"
    ]  # fmt: skip
    paragraph = " ".join(texts(doc, Kind.PARAGRAPH))
    assert "For the year as a whole, non-revenue water fell" in paragraph
    assert "down from 13.1 percent in 2024." in paragraph


def test_tables_can_be_switched_off():
    doc = parse(report_pdf(), PipelineConfig(pdf=PdfOptions(tables=False)))
    assert not [e for e in doc.elements if e.kind is Kind.TABLE]
    assert "North" in " ".join(e.text for e in doc.elements)


def test_a_page_drawing_too_many_paths_skips_the_table_finder(monkeypatch):
    from transforms.parsers.pdf import grid_probe

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "A ruled grid below, drawn among many other paths.", fontsize=10)
    draw_table(page, 100, [["Region", "Units"], ["North", "143"], ["South", "120"]])
    data = doc.tobytes()
    assert texts(parse(data), Kind.TABLE)  # found with the real limit
    monkeypatch.setattr(grid_probe, "MAX_PATH_ITEMS", 5)
    skipped = parse(data)
    assert not texts(skipped, Kind.TABLE)
    assert skipped.metadata["tables_skipped_pages"] == "1"
    assert "North" in " ".join(e.text for e in skipped.elements)  # the text is kept


def test_every_element_has_page_and_boxes(report):
    for el in report.elements:
        assert el.page is not None and el.boxes, el
        for box in el.boxes:
            assert box.page == el.page or box.page > el.page
            assert 0 <= box.x0 < box.x1 <= 595 and 0 <= box.y0 < box.y1 <= 842


def encrypted_pdf() -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), "Secret widget numbers", fontsize=11)
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user", owner_pw="owner")


def test_encrypted_without_password_is_a_clear_error():
    with pytest.raises(DocumentError) as err:
        parse(encrypted_pdf())
    assert err.value.reason == "encrypted"
    assert err.value.stage == "parse"


def test_encrypted_opens_with_configured_password():
    config = PipelineConfig(pdf=PdfOptions(passwords=("wrong", "user")))
    doc = parse(encrypted_pdf(), config)
    assert texts(doc, Kind.PARAGRAPH) == ["Secret widget numbers"]
    assert doc.metadata["decrypted"] == "true"


@pytest.mark.parametrize(
    "data", [b"%PDF-1.4\n1 0 obj garbage\n%%EOF", b"not a pdf at all", b"\x00" * 64]
)
def test_corrupt_pdf_is_a_clear_error(data):
    with pytest.raises(DocumentError) as err:
        parse(data)
    assert err.value.reason in {"corrupt", "empty"}


def test_empty_bytes():
    with pytest.raises(DocumentError) as err:
        parse(b"")
    assert err.value.reason == "empty"


def test_page_limit():
    config = PipelineConfig(limits=Limits(max_pages=2))
    with pytest.raises(DocumentError) as err:
        parse(report_pdf(), config)
    assert err.value.reason == "limit"


def scanned_pdf() -> bytes:
    """A page of text rendered to an image and placed on a page with no text layer."""
    src = pymupdf.open()
    page = src.new_page(width=400, height=300)
    page.insert_text((40, 80), "Scanned widgets arrive", fontsize=20, fontname="helv")
    page.insert_text((40, 130), "on Tuesday morning", fontsize=20, fontname="helv")
    pix = page.get_pixmap(dpi=200)
    doc = pymupdf.open()
    doc.new_page(width=400, height=300).insert_image(pymupdf.Rect(0, 0, 400, 300), pixmap=pix)
    return doc.tobytes()


def test_scanned_page_without_ocr_is_reported():
    config = PipelineConfig(pdf=PdfOptions(ocr="off"))
    with pytest.raises(DocumentError) as err:
        parse(scanned_pdf(), config)
    assert err.value.reason == "ocr-needed"


def test_scanned_page_reported_next_to_text_pages():
    doc = pymupdf.open(stream=report_pdf())
    doc.insert_pdf(pymupdf.open(stream=scanned_pdf()))
    parsed = parse(doc.tobytes(), PipelineConfig(pdf=PdfOptions(ocr="off")))
    assert parsed.metadata["ocr_needed_pages"] == "4"
    assert parsed.page_count == 4


@pytest.mark.skipif(not ocr_available("eng"), reason="Tesseract (tesseract-ocr-eng) not installed")
def test_scanned_page_is_ocred_with_tesseract():
    parsed = parse(scanned_pdf())
    text = " ".join(e.text for e in parsed.elements)
    assert "widgets arrive" in text.lower()
    assert "tuesday" in text.lower()
    assert parsed.metadata["ocr_pages"] == "1"


def two_column_pdf() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 80), "A Study of Two Columns", fontsize=18, fontname="hebo")
    left = [f"Left column sentence number {i} goes here." for i in range(1, 9)]
    right = [f"Right column sentence number {i} follows." for i in range(1, 9)]
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        y = 130 + i * 13
        page.insert_text((72, y), a, fontsize=10, fontname="helv")
        page.insert_text((320, y), b, fontsize=10, fontname="helv")
    page.insert_text(
        (72, 300),
        "A full-width closing line under both columns ends the page.",
        fontsize=10,
        fontname="helv",
    )
    return doc.tobytes()


def test_two_columns_read_column_by_column():
    doc = parse(two_column_pdf())
    text = "\n".join(e.text for e in doc.elements)
    assert text.index("Left column sentence number 8") < text.index(
        "Right column sentence number 1"
    )
    assert text.index("Right column sentence number 8") < text.index("A full-width closing line")
    assert doc.elements[0].kind is Kind.TITLE


def test_rows_of_a_spaced_out_grid_read_across():
    # label/value pairs a line and a half apart: a form, read row by row, not as columns
    pdf = pymupdf.open()
    page = pdf.new_page()
    fields = [("Name", "Ada Lovelace"), ("Born", "London"), ("Field", "Mathematics")]
    for i, (label, value) in enumerate(fields):
        page.insert_text((72, 100 + 40 * i), label, fontsize=BODY)
        page.insert_text((300, 100 + 40 * i), value, fontsize=BODY)
    text = " ".join(e.text for e in parse(pdf.tobytes()).elements)
    assert text == "Name Ada Lovelace Born London Field Mathematics"


def test_a_header_row_over_the_text_is_read_before_it():
    # a printout's header (date, file name; its page number went as furniture) whose gap
    # lines up by chance with the end of the first text line under it: the header is one
    # row, the text follows it
    from transforms.parsers.pdf.order import reading_order

    @dataclass
    class Item:
        text: str
        x0: float
        y0: float
        x1: float
        y1: float

    items = [Item("Mai 30, 18 13:27", 33, 47, 98, 55), Item("zen_of_python.txt", 188, 45, 282, 56),
             Item("Beautiful is better than ugly.", 27, 60, 171, 67),
             Item("Explicit is better than implicit.", 27, 68, 186, 75),
             Item("Simple is better than complex.", 27, 76, 171, 83)]  # fmt: skip
    assert [it.text for it in reading_order(items)] == [it.text for it in items]


def cid_font_without_descriptor_pdf() -> bytes:
    """A page in a non-embedded Japanese font whose CIDFont has no FontDescriptor."""
    pdf = pymupdf.open()
    page = pdf.new_page()
    font = pdf.get_new_xref()
    pdf.update_object(
        font,
        "<</Type/Font/Subtype/Type0/BaseFont/Ryumin-Light-H/Encoding/H/DescendantFonts"
        "[<</Type/Font/Subtype/CIDFontType0/BaseFont/Ryumin-Light"
        "/CIDSystemInfo<</Registry(Adobe)/Ordering(Japan1)/Supplement 1>>>>]>>",
    )
    pdf.xref_set_key(page.xref, "Resources", f"<</Font<</F1 {font} 0 R>>>>")
    # JIS X 0208 codes of the hiragana "aiueo", written under the predefined CMap /H
    stream = pdf.get_new_xref()
    pdf.update_object(stream, "<<>>")
    pdf.update_stream(stream, b"BT /F1 24 Tf 72 700 Td <2422242424262428242A> Tj ET")
    pdf.xref_set_key(page.xref, "Contents", f"{stream} 0 R")
    return pdf.tobytes()


def test_cid_font_without_descriptor_is_repaired_and_read():
    doc = parse(cid_font_without_descriptor_pdf())
    assert [e.text for e in doc.elements] == ["あいうえお"]


def blank_scan_pdf() -> bytes:
    """A scanned page of paper texture: grey noise, no words."""
    import random

    rng = random.Random(7)
    pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 300, 400), False)
    pix.set_rect(pix.irect, (235,))
    for _ in range(400):
        x, y = rng.randrange(300), rng.randrange(400)
        pix.set_rect(pymupdf.IRect(x, y, x + rng.randrange(1, 4), y + rng.randrange(1, 4)), (90,))
    doc = pymupdf.open()
    doc.new_page(width=300, height=400).insert_image(pymupdf.Rect(0, 0, 300, 400), pixmap=pix)
    doc.insert_pdf(pymupdf.open(stream=report_pdf()), to_page=0)
    return doc.tobytes()


@pytest.mark.skipif(not ocr_available("eng"), reason="Tesseract (tesseract-ocr-eng) not installed")
def test_blank_scan_yields_no_noise():
    doc = parse(blank_scan_pdf())
    assert [e.page for e in doc.elements if e.page == 1] == []
    assert doc.metadata["ocr_pages"] == "1"
    assert doc.metadata.get("ocr_blank_pages") == "1"


def three_column_pdf() -> bytes:
    """Three text columns running to the bottom margin; last lines short; a small footer."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for col, x in enumerate((42, 235, 428)):
        for i in range(52):
            text = f"column {col} line {i} of running text" if i < 51 else f"end {col}."
            page.insert_text((x, 50 + i * 13.5), text, fontsize=9.5, fontname="helv")
    page.insert_text((42, 775), "Journal of Widgets 12 (2024)", fontsize=7, fontname="helv")
    page.insert_text((540, 775), "17", fontsize=7, fontname="helv")
    return doc.tobytes()


def test_column_ends_are_not_furniture_but_small_footer_is():
    doc = parse(three_column_pdf())
    text = " ".join(e.text for e in doc.elements)
    for col in range(3):
        assert f"column {col} line 0 of running text" in text
        assert f"end {col}." in text
    assert "Journal of Widgets" not in text
    assert not text.endswith("17")
    assert doc.metadata["page_numbers_removed"] == "1"
    assert "Journal of Widgets 12 (2024)" in doc.metadata["running_footers"]


def test_time_limit_stops_between_pages():
    config = PipelineConfig(limits=Limits(doc_seconds=0.0))
    with pytest.raises(DocumentError) as err:
        parse(report_pdf(), config)
    assert err.value.reason == "limit"
    assert err.value.page == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("J\u00b4an Min\u00b4a\u02c7c", "Ján Mináč"),  # TeX spacing accents before the letter
        ("\ufb01nal e\ufb03cient", "final efficient"),  # ligatures
        ("‘‘quoted’’", "“quoted”"),
        ("\uf0b7 item", "• item"),  # Symbol-font bullet in the private use area
        ("a\x03b\u200bc", "abc"),
    ],
)
def test_text_normalisation(raw, expected):
    from transforms.parsers.pdf.normalize import normalize_text

    assert normalize_text(raw) == expected


def test_hyphen_repair_uses_document_vocabulary():
    from transforms.parsers.pdf.text import join_lines

    assert join_lines(["the infor-", "mation age"], set()) == "the information age"
    assert join_lines(["a state-of-the-", "art method"], set()) == "a state-of-the-art method"
    assert join_lines(["the e-", "mail"], {"e-mail"}) == "the e-mail"
    assert join_lines(["five-", "fold"], set()) == "five-fold"
    assert join_lines(["co-", "operation"], {"cooperation"}) == "cooperation"


@pytest.mark.parametrize(
    ("lines", "noise"),
    [
        (["Base 128 | 64,058 800.73 (484.11) N/A", "Base 256 | 32,051 400.64 (242.04)"], False),
        (["Q1 98.6 86.3 12.5% 9", "Q2 111.9 98.8 11.7% 4"], False),  # a scanned table
        (["The plant produced more water this year."], False),
        (["_ ee | a ~ .", "i , nn"], True),  # specks of a blank scan
        ([], True),
    ],
)
def test_ocr_noise_counts_numbers_as_words(lines, noise):
    from types import SimpleNamespace

    from transforms.parsers.pdf.ocr import is_noise

    page = SimpleNamespace(lines=[SimpleNamespace(text=t) for t in lines])
    assert is_noise(page) is noise


def positioned_words_pdf() -> bytes:
    """Words placed one by one with a narrow gap and no space character between them."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    font = pymupdf.Font("helv")
    sentence = "Composition of the pretraining data for the language model mixture"
    x = 72.0
    for word in sentence.split(" "):
        page.insert_text((x, 100), word, fontsize=10, fontname="helv")
        x += font.text_length(word, fontsize=10) + 1.4  # 0.14 em: a tight word gap
    return doc.tobytes()


def test_words_positioned_without_spaces_are_separated():
    doc = parse(positioned_words_pdf())
    assert "Composition of the pretraining data for the language model mixture" in [
        el.text for el in doc.elements
    ]


ROTATED_LINES = [
    ("Rotated Report", 18.0, True),
    ("The first paragraph of the rotated page runs across two lines of", BODY, False),
    ("text that belong together.", BODY, False),
    ("The second paragraph of the rotated page runs across two lines of", BODY, False),
    ("text that belong together as well.", BODY, False),
]


def rotated_page_pdf(turned: bool) -> bytes:
    """A landscape page: drawn upright, or written sideways on a portrait page shown
    through /Rotate 90 (its text then runs up in the page's own coordinates)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842) if turned else doc.new_page(width=842, height=595)
    y = 90.0
    for text, size, bold in ROTATED_LINES:
        y += size * 1.3 if size > BODY else LEADING
        font = "hebo" if bold else "helv"
        if turned:  # the line's baseline runs up, from the bottom of the portrait page
            page.insert_text((y, 842 - 72), text, fontsize=size, fontname=font, rotate=90)
        else:
            page.insert_text((72, y), text, fontsize=size, fontname=font)
    # a page number at the bottom of the shown page: furniture, found by position
    if turned:
        page.insert_text((565, 842 - 400), "12", fontsize=BODY, fontname="helv", rotate=90)
        page.set_rotation(90)
    else:
        page.insert_text((400, 565), "12", fontsize=BODY, fontname="helv")
    return doc.tobytes()


def test_rotated_page_reads_like_an_upright_one():
    upright = parse(rotated_page_pdf(False))
    rotated = parse(rotated_page_pdf(True))
    assert [(el.kind, el.text) for el in rotated.elements] == [
        (el.kind, el.text) for el in upright.elements
    ]
    assert texts(upright, Kind.PARAGRAPH)[0].endswith("two lines of text that belong together.")
    assert "12" not in [el.text for el in rotated.elements]
    # boxes stay in the page's own coordinates, where MuPDF reports the text
    data = rotated_page_pdf(True)
    page = pymupdf.open(stream=data, filetype="pdf")[0]
    title_block = page.get_text("dict")["blocks"][0]["bbox"]
    box = rotated.elements[0].boxes[0]
    assert (box.x0, box.y0, box.x1, box.y1) == pytest.approx(title_block, abs=0.5)


def test_rotated_stamp_in_the_side_margin_is_dropped():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    writer = PageWriter(page)
    for n in range(6):
        writer.line(f"Body line number {n} of a page that carries a download stamp.")
    stamp = "Downloaded from example.org at 6:51 on Monday"
    page.insert_text((20, 600), stamp, fontsize=8, fontname="helv", rotate=90)
    parsed = parse(doc.tobytes())
    assert not any("Downloaded from" in el.text for el in parsed.elements)
    assert parsed.metadata.get("running_headers", "") + parsed.metadata.get("running_footers", "")
    assert any("Body line number 5" in el.text for el in parsed.elements)

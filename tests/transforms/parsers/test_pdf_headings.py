"""Headings of PDFs from font statistics: bold and italic lines at body size."""

from __future__ import annotations

import pymupdf

from tests.fixtures.pdf_pages import BODY, LEADING, PageWriter, parse
from transforms.model import Kind

PROSE = "Plain running text of the report explains each widget in a sentence or two."


def _section(w: PageWriter, heading: str, lines: int = 4, size: float = 12) -> None:
    """A bold heading at ``size`` over ``lines`` lines of body text."""
    w.gap()
    w.line(heading, size=size, bold=True)
    for _ in range(lines):
        w.line(PROSE)


def test_bold_body_lines_are_headings_unless_sentences_labels_questions_or_fragments():
    pdf = pymupdf.open()
    w = PageWriter(pdf.new_page())
    body = "Plain running text of the form explains each question in a sentence or two. "
    bold = [
        "Eligibility",  # a heading
        "What is a widget?",  # a short question: a heading
        "Missing or incorrect forms.",  # a bold sentence
        "Office address:",  # a label
        "23. If your country has a public widget office, how many widgets may each clerk "
        "hold at one time?",  # a question of the form, 17 words
        "background in widget law and permits",  # the rest of a sentence
        "https://widgets.example.org/permits",  # a link
    ]
    w.line("Widget Permit Guide", size=18, bold=True)
    for text in bold:
        w.gap()
        w.line(text, bold=True)
        for _ in range(3):
            w.line(body)
    doc = parse(pdf.tobytes())
    headings = [e.text for e in doc.elements if e.kind is Kind.HEADING]
    assert headings == ["Eligibility", "What is a widget?"]


def test_italic_fonts_told_by_name():
    from transforms.parsers.pdf.spans import font_kind

    italic = ["Times-Italic", "ABCDEF+MyriadPro-It", "MinionPro-BoldIt", "CMTI10",
              "NimbusRomNo9L-ReguItal", "Helvetica-Oblique", "Arial-BoldItalicMT"]  # fmt: skip
    upright = ["Times-Roman", "Summit", "Capital", "Digital-7", "CMR10", "Foo-Itc"]
    assert all(font_kind(name)[2] for name in italic)
    assert not any(font_kind(name)[2] for name in upright)
    # Advent 3B2 names weight and slant in a suffix (its section headings are ".B")
    kinds = {name: font_kind(name) for name in ("AdvOT62cab712.B", "AdvOT1ef757c0.I",
                                                "AdvOT46dcae81.BI", "AdvOT77db9845")}  # fmt: skip
    assert [(bold, italic) for bold, _, italic, _ in kinds.values()] == [
        (True, False), (False, True), (True, True), (False, False)
    ]  # fmt: skip


def test_italic_subheadings_at_body_size_over_their_paragraph():
    # a handbook's run-over subheadings: one italic line straight above roman text, in
    # the same MuPDF block; an italic caption and a running title are not headings
    pdf = pymupdf.open()
    page = pdf.new_page()
    y = 90.0
    sections = ["Boots Self-Locking Nut", "Elastic Stop Nut", "Figure 7-26. A nut"]
    for title in sections:
        page.insert_text((72, y), title, fontsize=BODY, fontname="tiit")
        text = [f"The {title.split()[0].lower()} nut is of one piece, all-metal construction",
                "designed to hold tight despite severe vibration; it has two sections and",
                "is essentially two nuts in one."]  # fmt: skip
        for line in text:
            y += LEADING
            page.insert_text((72, y), line, fontsize=BODY, fontname="tiro")
        y += 2 * LEADING
    doc = parse(pdf.tobytes())
    headings = [e.text for e in doc.elements if e.kind is Kind.HEADING]
    assert headings == ["Boots Self-Locking Nut", "Elastic Stop Nut"]  # not the title
    paragraphs = [e.text for e in doc.elements if e.kind is Kind.PARAGRAPH]
    assert paragraphs[0].startswith("The boots nut is of one piece")
    assert any(p.startswith("Figure 7-26. A nut") for p in paragraphs)


def test_a_chart_s_tick_labels_do_not_set_the_body_size():
    # a log plot's depth scale (many small numbers) beside a few paragraphs: the
    # paragraphs are the body text, not headings larger than it
    pdf = pymupdf.open()
    page = pdf.new_page(height=1400)
    w = PageWriter(page)
    sentences = [
        "The following figure shows the main logs recorded in the hole during the expedition.",
        "All the data displayed can be downloaded from the logging database of the survey.",
        "The labels for each curve are derived from the name of the file used for the figure.",
    ]
    for text in sentences:
        w.line(text)
        w.gap()
    for i in range(100):
        page.insert_text((72, 300 + 10 * i), str(10 * i), fontsize=7)
        page.insert_text((300, 300 + 10 * i), str(10 * i), fontsize=7)
    doc = parse(pdf.tobytes())
    assert not [e.text for e in doc.elements if e.kind is Kind.HEADING]
    assert any(e.text.startswith("The following figure") for e in doc.elements)


def test_sentences_set_large_are_text_not_headings():
    # a lead paragraph or pull quote set larger than the body: more than fifteen words
    # ending a sentence; a short line in that size stays a heading
    pdf = pymupdf.open()
    page = pdf.new_page()
    w = PageWriter(page)
    w.line("Widget Permits", size=14)
    w.gap()
    w.line("Big achievements follow if you dream big, and the widget office is a", size=14)
    w.line("proof of the power of dreams for every clerk.", size=14)
    w.gap()
    for _ in range(6):
        w.line("Plain running text of the guide explains each permit in a sentence or two.")
    elements = parse(pdf.tobytes()).elements
    kinds = {e.text[:20]: e.kind for e in elements}
    assert kinds["Widget Permits"] in (Kind.HEADING, Kind.TITLE)
    assert kinds["Big achievements fol"] is Kind.PARAGRAPH


def test_an_outline_entry_does_not_make_the_paragraph_it_starts_a_heading():
    # a bookmark "The Tranquil" on the page of a paragraph starting with those words
    pdf = pymupdf.open()
    w = PageWriter(pdf.new_page())
    w.line("The Circle", size=14, bold=True)
    w.gap()
    text = [
        "The Tranquil are the least understood but most visible members of the",
        "Circle. Every city of respectable size boasts a Circle shop, and every one",
        "of these is staffed by the Tranquil.",
    ]
    for line in text:
        w.line(line)
    pdf.set_toc([[1, "The Circle", 1], [2, "The Tranquil", 1]])
    elements = parse(pdf.tobytes()).elements
    assert [e.kind for e in elements] == [Kind.TITLE, Kind.PARAGRAPH]
    assert elements[1].text == " ".join(text)


def test_the_author_line_under_a_title_is_text_not_a_heading():
    # the authors set larger than the body were a heading over the whole paper; a
    # section heading listing capitalised terms stays one
    pdf = pymupdf.open()
    w = PageWriter(pdf.new_page())
    w.line("Dense Passage Retrieval for Widgets", size=18, bold=True)
    w.line("Vladimir Karpukhin∗, Barlas Oguz∗, Sewon Min†, and Wen-tau Yih", size=12)
    w.gap(12)
    w.line("María del S. Hernández-Montes, Ashesh Jain1,2, Amir R. Zamir2", size=12)
    w.gap(12)
    w.line("YING SHEN,1 HAU-SAN WONG,2,4 SHAOHONG ZHANG,3 and LIN ZHANG1", size=12)
    headings = (
        "1 Introduction",
        "2 Experiments, Baseline Agents, and Human Baselines",
        "SALES AND MARKETING, HUMAN RESOURCES, RESEARCH AND DEVELOPMENT",
    )
    for heading in headings:
        w.gap()
        w.line(heading, size=12, bold=True)
        for _ in range(4):
            w.line("Plain running text of the paper explains each widget in a sentence or two.")
    elements = parse(pdf.tobytes()).elements

    def kind(start: str) -> Kind:
        return next(e.kind for e in elements if e.text.startswith(start))

    assert kind("Vladimir") is Kind.PARAGRAPH
    assert kind("YING SHEN") is Kind.PARAGRAPH
    assert kind("SALES AND MARKETING") is Kind.HEADING
    assert kind("María") is Kind.PARAGRAPH
    assert kind("1 Introduction") is Kind.HEADING
    assert kind("2 Experiments") is Kind.HEADING


def test_a_larger_size_set_mostly_in_running_text_is_no_heading_style():
    # a form: labels at 9 pt, the filled-in values at 11 pt, most of them long answers;
    # the short ones ("Age: 3 Years") were headings. A real heading style stays one.
    pdf = pymupdf.open()
    w = PageWriter(pdf.new_page())
    w.line("Incident Report", size=16, bold=True)
    answer = "The agency received a report regarding the child and followed up the next day."
    for label, value in (("Age:", "3 Years"), ("Agency:", "County Services")):
        w.gap()
        w.line(f"{label} {value}", size=11)
        for _ in range(2):
            w.line("Labels of the form and the instructions for the agency set small.", size=9)
    w.gap()
    for _ in range(8):
        w.line(answer, size=11)
    w.gap()
    for _ in range(8):
        w.line("Labels of the form and the instructions for the agency set small.", size=9)
    elements = parse(pdf.tobytes()).elements
    kinds = {e.text: e.kind for e in elements}
    assert kinds["Age: 3 Years"] is Kind.PARAGRAPH
    assert kinds["Agency: County Services"] is Kind.PARAGRAPH
    assert kinds["Incident Report"] in (Kind.TITLE, Kind.HEADING)


def test_one_author_over_an_affiliation_is_text_not_headings():
    # "Marie Gee Wilson" over "The University of Auckland Business School, Auckland,
    # New Zealand", both set large under the title: a byline, not two headings
    pdf = pymupdf.open()
    w = PageWriter(pdf.new_page())
    w.line("Shift Work Interventions for Widget Makers", size=18, bold=True)
    w.line("Marie Gee Wilson", size=14)
    w.line("The University of Auckland Business School, Auckland, New Zealand", size=12)
    for heading in ("Department of Widgets", "Where To File"):
        w.gap()
        w.line(heading, size=14)
        for _ in range(4):
            w.line("Plain running text of the paper explains each widget in a sentence or two.")
    kinds = {e.text: e.kind for e in parse(pdf.tobytes()).elements}
    assert kinds["Marie Gee Wilson"] is Kind.PARAGRAPH
    assert (
        kinds["The University of Auckland Business School, Auckland, New Zealand"] is Kind.PARAGRAPH
    )
    assert kinds["Department of Widgets"] is Kind.HEADING
    assert kinds["Where To File"] is Kind.HEADING


def test_lines_in_a_heading_style_three_in_a_row_over_no_text_are_not_headings():
    # a report's cover: its highlights and authors' names one a line in the section
    # headings' bold; numbered sections with nothing between them stay headings
    pdf = pymupdf.open()
    w = PageWriter(pdf.new_page())
    w.line("Access Control for Widget Stores", size=20, bold=True)
    for line in ("Implement roles for widget clerks", "Protect the widget columns",
                 "Jim Bainbridge Hernando Bedoya", "Rob Bestgen", "Kent Milligan"):  # fmt: skip
        w.gap(14)
        w.line(line, size=12, bold=True)
    w = PageWriter(pdf.new_page())
    for heading in ("Securing widget data", "1.1 Security basics", "1.2 Current state"):
        w.gap()
        w.line(heading, size=12, bold=True)
    for heading in ("Widget controls", "Existing controls"):
        _section(w, heading)
    kinds = {e.text: e.kind for e in parse(pdf.tobytes()).elements}
    for line in ("Implement roles for widget clerks", "Rob Bestgen", "Kent Milligan"):
        assert kinds[line] is Kind.PARAGRAPH, line
    for heading in ("1.1 Security basics", "1.2 Current state", "Widget controls"):
        assert kinds[heading] is Kind.HEADING, heading


def test_two_heading_styled_lines_side_by_side_are_not_headings():
    # a paper's affiliations in a row under its authors, larger than the body; section
    # headings of two columns at one height stay headings (read apart, column by column)
    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_text((150, 72), "Dense Retrieval of Widgets", fontsize=16, fontname="hebo")
    for x, text in ((100, "Facebook AI"), (250, "University of Washington")):
        page.insert_text((x, 100), text, fontsize=12, fontname="helv")
    prose = "Plain running text of the paper, eleven words to a line."
    for x, heading in ((72, "1 Introduction"), (320, "2 Related Work")):
        page.insert_text((x, 180), heading, fontsize=12, fontname="hebo")
        for i in range(12):
            page.insert_text((x, 196 + 13 * i), prose[: 40 + i], fontsize=10, fontname="helv")
    kinds = {e.text: e.kind for e in parse(pdf.tobytes()).elements}
    assert kinds["Facebook AI"] is Kind.PARAGRAPH
    assert kinds["University of Washington"] is Kind.PARAGRAPH
    assert kinds["1 Introduction"] is Kind.HEADING
    assert kinds["2 Related Work"] is Kind.HEADING


def test_a_heading_in_small_capitals_is_set_in_its_capitals_size():
    # "I" at 13.9 pt and "NTRODUCTION" at 11 pt, bold, over 12 pt text: the line was
    # 11 pt (most of its letters), smaller than the body, and no heading
    from tests.transforms.parsers.test_pdf_paragraphs import _drawn_page

    ops = "BT /F2 13.9 Tf 72 700 Td (I) Tj /F2 11 Tf (NTRODUCTION) Tj ET "
    text = "The Digital Millennium Copyright Act was signed into law in October of 1998."
    ops += "".join(f"BT /F1 12 Tf 72 {680 - 14 * i} Td ({text}) Tj ET " for i in range(6))
    pdf = _drawn_page(ops, {"F1": "Times-Roman", "F2": "Times-Bold"})
    elements = parse(pdf.tobytes()).elements
    assert elements[0].text == "INTRODUCTION"
    assert elements[0].kind in (Kind.HEADING, Kind.TITLE)


def test_styles_of_the_covers_alone_take_no_heading_level():
    # a report whose back cover sets its title and series in two large styles of its
    # own: the sections inside were pushed down to levels 3 and 4
    pdf = pymupdf.open()
    w = PageWriter(pdf.new_page())
    w.line("Access Control for Widget Stores", size=28, bold=True)
    w.line("A Widget Redpaper", size=20, bold=True)
    for n in range(1, 4):
        w = PageWriter(pdf.new_page())
        _section(w, f"Chapter {n}. Securing widgets", lines=6, size=16)
        _section(w, f"{n}.1 Security fundamentals", lines=6, size=13)
    w = PageWriter(pdf.new_page())
    w.line("Row and Column Access Control", size=24, bold=True)
    w.line("Support in Widget Stores", size=22, bold=True)
    levels = {e.text: e.level for e in parse(pdf.tobytes()).elements if e.kind is Kind.HEADING}
    assert levels["Chapter 2. Securing widgets"] == 1, levels
    assert levels["2.1 Security fundamentals"] == 2, levels


def test_numbered_headings_set_in_one_style_take_their_numbers_depth():
    # a manual sets "2.4 Installation", "2.4.1 Install the software" and "2.4.5.1 Windows
    # USB driver" in one bold style: they were siblings
    pdf = pymupdf.open()
    w = PageWriter(pdf.new_page())
    numbered = [
        "2 Installation", "2.4 Installing the kit", "2.4.1 Install the software",
        "2.4.2 Install the licence", "2.4.5.1 Windows USB driver", "2.5 Starting",
    ]  # fmt: skip
    w.line("Widget Kit Manual", size=20, bold=True)
    for heading in numbered:
        _section(w, heading, lines=3)
    levels = {e.text: e.level for e in parse(pdf.tobytes()).elements if e.kind is Kind.HEADING}
    assert [levels[h] for h in numbered] == [1, 2, 3, 3, 4, 2], levels


def test_a_date_alone_in_a_heading_style_is_text():
    # a title page's "December 1998" set in the section headings' bold headed the whole
    # introduction in every chunk's heading path
    pdf = pymupdf.open()
    w = PageWriter(pdf.new_page())
    w.line("The Widget Act of 1998", size=18, bold=True)
    for line in ("December 1998", "Introduction"):
        _section(w, line)
    kinds = {e.text: e.kind for e in parse(pdf.tobytes()).elements}
    assert kinds["December 1998"] is Kind.PARAGRAPH
    assert kinds["Introduction"] is Kind.HEADING

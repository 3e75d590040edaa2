"""Paragraphs of PDFs rebuilt from lines, whatever blocks MuPDF made of them."""

from __future__ import annotations

import pymupdf

from tests.fixtures.pdf_pages import BODY, PageWriter, parse
from transforms.model import Kind


def test_double_spaced_lines_each_a_block_of_their_own_join_into_paragraphs():
    # some writers make every line a text block of its own; with wide leading the gap
    # between lines is measured across blocks, not inside them (there is none inside)
    pdf = pymupdf.open()
    page = pdf.new_page()
    first = [
        "The widget committee met on Tuesday to review the budget of",
        "the coming year and the plans for the new assembly line, which",
        "will open in the spring if the permits arrive in time for it.",
    ]
    second = ["Members asked for a second meeting in May to look at the costs",
              "of the assembly line once the suppliers have sent their offers."]  # fmt: skip
    y = 90.0
    for paragraph in (first, second):
        for line in paragraph:
            page.insert_text((72, y), line, fontsize=BODY)
            y += 2.2 * BODY
        y += 1.5 * BODY
    assert len({b[5] for b in page.get_text("blocks")}) == 5  # one MuPDF block per line
    texts = [e.text for e in parse(pdf.tobytes()).elements]
    assert texts == [" ".join(first), " ".join(second)]


def test_a_footnote_at_a_page_break_follows_the_paragraph_it_cut():
    """A sentence going on over a page break is joined across the page's footnote.

    The footnote (set smaller, at the foot of the page) was spliced into the sentence:
    "... a full report on the" / "1 The report was ..." / "costs of the building ...".
    """
    doc = pymupdf.open()
    first = doc.new_page()
    y = 72.0
    for i in range(20):
        first.insert_text((72, y), f"Line {i} of a paragraph that runs on with words.", fontsize=10)
        y += 13
    for text in (
        "The committee met in the spring to weigh the proposal that the board had sent",
        "to it after the winter session, and it asked the staff for a full report on the",
    ):
        y += 13 if text.startswith("The") else 0
        first.insert_text((72, y), text, fontsize=10)
        y += 13
    first.insert_text((72, 760), "1 The report was published in the next year.", fontsize=7)
    second = doc.new_page()
    rest = ["costs of the building work before it would vote on it, and it",
            "wanted the figures checked by an outside firm as well."]  # fmt: skip
    lines = [*rest, *(f"Line {i} of a second paragraph." for i in range(20))]
    for i, text in enumerate(lines):
        second.insert_text((72, 72 + 13 * i + (8 if i >= 2 else 0)), text, fontsize=10)
    texts = [e.text for e in parse(doc.tobytes()).elements]
    cut = next(i for i, t in enumerate(texts) if t.startswith("The committee"))
    assert texts[cut].endswith("a full report on the costs of the building work before it "
                               "would vote on it, and it wanted the figures checked by an "
                               "outside firm as well.")  # fmt: skip
    assert texts[cut + 1] == "1 The report was published in the next year."


def _drawn_page(operators: str, fonts: dict[str, str], width: float = 612) -> pymupdf.Document:
    """A page drawn by ``operators`` (a content stream) in base-14 ``fonts`` by name."""
    pdf = pymupdf.open()
    page = pdf.new_page(width=width, height=792)
    names = ""
    for name, base in fonts.items():
        font = pdf.get_new_xref()
        pdf.update_object(font, f"<</Type/Font/Subtype/Type1/BaseFont/{base}>>")
        names += f"/{name} {font} 0 R"
    pdf.xref_set_key(page.xref, "Resources", f"<</Font<<{names}>>>>")
    stream = pdf.get_new_xref()
    pdf.update_object(stream, "<<>>")
    pdf.update_stream(stream, operators.encode())
    pdf.xref_set_key(page.xref, "Contents", f"{stream} 0 R")
    return pdf


def _one_block_columns_pdf(gutter: float) -> bytes:
    """Two columns of prose a ``gutter`` apart, every row's halves in one MuPDF block."""
    rows = []
    for i in range(1, 9):
        y = 560 - 12 * i
        rows.append(
            f"BT /F1 10 Tf 40 {y} Td (left words in row {i} run on) Tj ET "
            f"BT /F1 10 Tf {152 + gutter} {y} Td (and right words of row {i} too) Tj ET"
        )
    pdf = _drawn_page(" ".join(rows), {"F1": "Helvetica"}, width=420)
    assert len(pdf[0].get_text("blocks")) == 1
    return pdf.tobytes()


def test_columns_mupdf_put_in_one_block_are_not_joined_across_their_gutter():
    # scans' OCR layers put both columns' lines in one block; a row's halves 1.5 em
    # apart were joined ("... run on and right words of row 1 too") though every row
    # leaves the same stripe free: a gutter, read column by column
    text = " ".join(e.text for e in parse(_one_block_columns_pdf(15)).elements)
    assert text.index("left words in row 8") < text.index("right words of row 1")
    assert "row 1 run on and right" not in text


def test_numbered_paragraph_whose_lines_run_back_to_the_margin_stays_one_item():
    # the Federal Register sets "(1) Is not a ..." indented and its next lines at the
    # margin, left of the number: each item's lines were cut off from its first line
    pdf = pymupdf.open()
    writer = PageWriter(pdf.new_page())
    writer.line("For the reasons discussed above, I certify that the regulation:")
    items = [
        ["(1) Is not a significant regulatory", "action under Executive Order 12866,"],
        ["(2) Will not affect intrastate aviation,", "in Alaska, and"],
        ["(3) Will not have a significant", "economic impact on a", "number of small entities."],
    ]
    for item in items:
        writer.line(item[0], x=81)
        for line in item[1:]:
            writer.line(line)
    elements = parse(pdf.tobytes()).elements
    listed = [e.text for e in elements if e.kind is Kind.LIST_ITEM]
    assert listed == [" ".join(item)[4:] for item in items]


def test_a_bold_run_in_lead_and_the_lines_of_its_paragraph_are_one_paragraph():
    # "Note 1 to paragraph (g):" in bold, then roman text running on to the next line:
    # the bold first line was a heading of its own, its sentence cut in two
    pdf = pymupdf.open()
    page = pdf.new_page()
    writer = PageWriter(page)
    writer.line("The operator must install the new software before further flight.")
    writer.gap(6)
    lead = "Note 1 to paragraph (g):"
    writer.line(lead, bold=True)
    tail_x = 72 + pymupdf.get_text_length(lead + " ", fontname="hebo", fontsize=BODY)
    page.insert_text((tail_x, writer.y), "Guidance for", fontsize=BODY, fontname="helv")
    writer.line("doing the installation can be found in the maintenance manual.")
    elements = parse(pdf.tobytes()).elements
    assert [e.kind for e in elements] == [Kind.PARAGRAPH, Kind.PARAGRAPH]
    assert elements[1].text == (
        "Note 1 to paragraph (g): Guidance for doing the installation can be found in the "
        "maintenance manual."
    )


def test_a_bold_lead_set_smaller_than_its_paragraph_runs_on_into_it():
    # a glossary: "Ductal carcinoma in situ (DCIS) –" in a 10 pt bold sans, the definition
    # in 11 pt roman: the first line (mostly 10 pt) was cut from the rest (11 pt)
    pdf = pymupdf.open()
    page = pdf.new_page()
    writer = PageWriter(page)
    for _ in range(3):
        writer.line("Plain running text of the guide, set at eleven points in roman.", size=11)
    writer.gap(12)
    lead = "Ductal carcinoma in situ (DCIS):"
    writer.line(lead, size=10, bold=True)
    tail_x = 72 + pymupdf.get_text_length(lead + " ", fontname="hebo", fontsize=10)
    page.insert_text((tail_x, writer.y), "Abnormal cells are", fontsize=11, fontname="helv")
    writer.line("contained within the ducts of the breast.", size=11)
    texts = [e.text for e in parse(pdf.tobytes()).elements]
    assert texts[-1] == (
        "Ductal carcinoma in situ (DCIS): Abnormal cells are contained within the ducts "
        "of the breast."
    ), texts


def test_a_line_drawn_again_over_itself_is_read_once():
    # a page's text drawn twice (pdfplumber's duplicate-chars sample), a title drawn four
    # times a quarter point apart for a heavier look: MuPDF keeps every copy
    pdf = pymupdf.open()
    page = pdf.new_page()
    for dx, dy in ((0, 0), (0.25, 0), (0, 0.25), (0.25, 0.25)):
        page.insert_text((72 + dx, 80 + dy), "Annual Report", fontsize=18, fontname="hebo")
    for _ in range(2):
        page.insert_text((72, 120), "The widget committee met on Tuesday.", fontsize=BODY)
    page.insert_text((72, 140), "Yes. Yes.", fontsize=BODY)
    texts = [e.text for e in parse(pdf.tobytes()).elements]
    assert texts == ["Annual Report", "The widget committee met on Tuesday.", "Yes. Yes."]


def test_a_bold_run_in_lead_over_two_lines_and_its_paragraph_are_one_paragraph():
    # the lead fills its first line and ends early on the next ("Domestic production
    # activities" / "deduction. The deduction rate ..."): its first line was a heading
    pdf = pymupdf.open()
    page = pdf.new_page()
    writer = PageWriter(page)
    writer.line("The tax year brings several changes for filers.")
    writer.gap(6)
    writer.line("Domestic production activities", bold=True)
    writer.line("deduction.", bold=True)
    tail_x = 72 + pymupdf.get_text_length("deduction. ", fontname="hebo", fontsize=BODY)
    page.insert_text(
        (tail_x, writer.y), "The deduction rate for 2007 is 6%.", fontsize=BODY, fontname="helv"
    )
    elements = parse(pdf.tobytes()).elements
    assert [e.kind for e in elements] == [Kind.PARAGRAPH, Kind.PARAGRAPH]
    assert elements[1].text == (
        "Domestic production activities deduction. The deduction rate for 2007 is 6%."
    )


def test_display_lines_spaced_in_proportion_to_their_size_are_one_paragraph():
    # a pull statement at 18 pt, 33 pt apart, on a page of 10 pt text: its lines were
    # measured against the body's spacing and each stood alone (the first as a heading)
    pdf = pymupdf.open()
    page = pdf.new_page()
    statement = ["We aim to achieve net-zero", "emissions across all of our", "operations by 2030"]
    for i, line in enumerate(statement):
        page.insert_text((72, 100 + 33 * i), line, fontsize=18, fontname="helv")
    writer = PageWriter(page, y=200)
    for _ in range(4):
        writer.line("The body of the report is set in ten point type with tight leading here.")
    texts = [e.text for e in parse(pdf.tobytes()).elements]
    assert texts[0] == " ".join(statement)


def test_a_caption_and_a_drop_cap_in_one_mupdf_line_are_read_apart():
    # a photo's caption in the margin and the body's drop cap "T" are one MuPDF line,
    # bridged by a space in the drop cap's size: the caption took the "T", the column
    # beside it lost its gutter and was read row by row with the side note under it
    body = [
        "his release of the widget projections, which",
        "are published every two years, is the second",
        "since the recession that began in the year and",
        "the effects of a recession are usually under-",
        "stood only in retrospect by the widget office.",
    ]
    ops = ["BT /F1 9 Tf 60 700 Td (Richard Henderson) Tj /F1 48 Tf ( ) Tj ET"]
    ops.append("BT /F2 48 Tf 165 668 Td (T) Tj ET")
    for i, line in enumerate(body):
        x = 200 if i < 2 else 165
        ops.append(f"BT /F1 11 Tf {x} {700 - 13 * i} Td ({line}) Tj ET")
    pdf = _drawn_page("\n".join(ops), {"F1": "Helvetica", "F2": "Times-Roman"})
    texts = [e.text for e in parse(pdf.tobytes()).elements]
    assert "Richard Henderson" in texts
    assert any(t.startswith("This release of the widget projections") for t in texts)


def test_mirrored_pages_read_in_their_order():
    # text drawn through a mirroring matrix runs right to left with upright glyphs; it
    # was turned upside down like a page rotated half a turn, its lines read bottom up
    # (a page mirrored top to bottom was not turned at all)
    pdf = pymupdf.open()
    page = pdf.new_page()
    lines = [
        "The first line of a mirrored page reads",
        "from the top down, each line under the",
        "one before it, as the page shows it.",
    ]
    for i, text in enumerate(lines):
        at = pymupdf.Point(400, 100 + 14 * i)
        page.insert_text(at, text, fontsize=BODY, morph=(at, pymupdf.Matrix(-1, 0, 0, 1, 0, 0)))
    # mirrored top to bottom: upright glyphs turned over, the first line at the bottom
    flipped = pdf.new_page()
    for i, text in enumerate(lines):
        at = pymupdf.Point(72, 300 - 14 * i)
        flipped.insert_text(at, text, fontsize=BODY, morph=(at, pymupdf.Matrix(1, 0, 0, -1, 0, 0)))
    # half a turn: the same lines upside down, the first at the bottom
    upside = pdf.new_page()
    for i, text in enumerate(lines):
        upside.insert_text((400, 300 - 14 * i), text, fontsize=BODY, rotate=180)
    texts = [e.text for e in parse(pdf.tobytes()).elements]
    assert texts == [" ".join(lines)] * 3


def test_a_line_shown_through_the_wrong_encoding_is_dropped_and_counted():
    # a font's codes read through the wrong encoding ("Enhance the performance" read
    # "]üìÜüéê •ìê ..."): dropped like unmapped glyphs and counted, not emitted as words
    pdf = pymupdf.open()
    writer = PageWriter(pdf.new_page())
    garbage = "]üìÜüéê •ìê °ê£ë†£ûÜüéê †ë ∞†¶£ èÜ•ÜáÜ§ê"
    writer.line("Highlights of the widget report")
    writer.line(garbage)
    writer.gap()
    writer.line("Élysée and Übergröße stay, as do French café crème brûlée words.")
    doc = parse(pdf.tobytes())
    texts = [e.text for e in doc.elements]
    assert not any("üìÜ" in t for t in texts)
    assert any("Übergröße" in t for t in texts)
    assert int(doc.metadata["unmapped_glyphs_dropped"]) >= len(garbage.replace(" ", "")) - 2


def test_a_bold_caption_label_on_its_own_line_stays_with_its_title():
    # "Table 1" in bold over the roman title of the table: one caption, not two blocks
    pdf = pymupdf.open()
    writer = PageWriter(pdf.new_page())
    writer.line("Table 1", bold=True)
    writer.line("Polarization data for stainless steel in the absence of ES.")
    writer.gap()
    writer.line("Important", bold=True)
    writer.line("Results are averaged over three runs of the widget test.")
    texts = [e.text for e in parse(pdf.tobytes()).elements]
    assert "Table 1 Polarization data for stainless steel in the absence of ES." in texts
    assert "Important" in texts


def test_a_heading_set_on_lines_each_a_mupdf_block_is_one_heading():
    # "Tax Computation on" / "Income Effectively" / "Connected With A U.S." at 14 pt, each
    # line a MuPDF block: three headings; a chart's one-word labels stay apart
    heading = ["Tax Computation on", "Income Effectively", "Connected With A U.S."]
    ops = "".join(
        f"BT /F2 14 Tf 42 {740 - 24 * i} Td ({text}) Tj ET " for i, text in enumerate(heading)
    )
    ops += "".join(f"BT /F2 14 Tf 300 {740 - 24 * i} Td ({w}) Tj ET " for i, w in enumerate(
        ("Anions", "Cations", "Total")))  # fmt: skip
    text = "Plain running text of the form explains it."
    ops += "".join(f"BT /F1 10 Tf 42 {650 - 12 * i} Td ({text}) Tj ET " for i in range(6))
    pdf = _drawn_page(ops, {"F1": "Helvetica", "F2": "Helvetica-Bold"})
    assert len({b[5] for b in pdf[0].get_text("blocks")}) >= 4  # the heading's lines apart
    texts = [e.text for e in parse(pdf.tobytes()).elements]
    assert " ".join(heading) in texts, texts
    assert "Anions" in texts and "Total" in texts


def test_a_bold_sentence_starting_at_the_end_of_a_line_runs_on_into_the_next():
    # "... has been omitted.  A complete understanding of any" (the end in bold) over
    # "provision of the DMCA requires reference to ..." (all bold): one paragraph
    ops = (
        "BT /F1 12 Tf 72 700 Td (significant amount of detail has been omitted. ) Tj /F2 12 Tf "
        "(A complete understanding of any) Tj ET "
        "BT /F2 12 Tf 72 686 Td (provision of the DMCA requires reference to the text.) Tj ET "
    )
    pdf = _drawn_page(ops, {"F1": "Times-Roman", "F2": "Times-Bold"})
    texts = [e.text for e in parse(pdf.tobytes()).elements]
    assert texts == [
        "significant amount of detail has been omitted. A complete understanding of any "
        "provision of the DMCA requires reference to the text."
    ]


def test_citations_cut_by_a_page_break_and_a_line_of_dotted_keywords_run_on():
    # "... classification [11," at the foot of a page, "37], layout detection ..." at
    # the top of the next (a page number and a numbered running head stay apart), and
    # keywords parted by "·" over a line starting with one
    pdf = pymupdf.open()
    first = PageWriter(pdf.new_page())
    first.line("Keywords: Document Image Analysis · Deep Learning · Layout Analysis")
    first.line("· Character Recognition · Open Source library · Toolkit.")
    first.gap()
    for _ in range(3):
        first.line("Deep learning approaches are the state of the art for a wide range of")
    first.line("document image analysis tasks including document image classification [11,")
    second = PageWriter(pdf.new_page())
    second.line("2.3. DEFINING INDUCTION")
    second.gap(20)
    second.line("37], layout detection [38, 22] and table detection [26] with good results.")
    texts = [e.text for e in parse(pdf.tobytes()).elements]
    assert texts[0] == (
        "Keywords: Document Image Analysis · Deep Learning · Layout Analysis · Character "
        "Recognition · Open Source library · Toolkit."
    ), texts
    assert any(t.endswith("classification [11, 37], layout detection [38, 22] and table "
                          "detection [26] with good results.") for t in texts), texts  # fmt: skip
    assert "2.3. DEFINING INDUCTION" in texts

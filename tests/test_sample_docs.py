"""The committed sample_docs/ are what scripts/make_sample_docs.py makes, and have the features
the pipeline tests rely on (headings, hyphenation, table, running header/footer, sheets, ...)."""

from __future__ import annotations

import csv
import hashlib
import importlib
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_docs"
TEXT_SAMPLES = ["article.html", "water-quality.csv", "field-guide.md"]
HEADINGS = [
    [1, "Letter from the Director", 1],
    [1, "System Overview", 1],
    [2, "Service Area", 1],
    [2, "Treatment and Storage", 1],
    [1, "Operations in 2025", 2],
    [2, "Water Production", 2],
    [2, "Main Replacement Program", 2],
    [2, "Lead Service Line Inventory", 2],
    [1, "Financial Summary", 3],
    [2, "Revenue and Expenses", 3],
    [2, "Rates for 2026", 3],
    [1, "Looking Ahead", 3],
]


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        return importlib.import_module("make_sample_docs")
    finally:
        sys.path.remove(str(REPO / "scripts"))


@pytest.fixture(scope="module")
def fresh(generator: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fresh_samples")
    generator.generate(out)
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pdf_facts(path: Path) -> dict[str, object]:
    import pymupdf

    with pymupdf.open(path) as doc:
        return {
            "pages": [page.get_text() for page in doc],
            "toc": doc.get_toc(),
            "metadata": doc.metadata,
        }


def xlsx_cells(path: Path, data_only: bool) -> dict[str, list[tuple[object, ...]]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=data_only)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_generator_output_is_byte_identical_across_runs(
    generator: ModuleType, fresh: Path, tmp_path: Path
) -> None:
    generator.generate(tmp_path)
    for name in generator.SAMPLE_NAMES:
        assert sha256(tmp_path / name) == sha256(fresh / name), name


@pytest.mark.parametrize("name", TEXT_SAMPLES)
def test_committed_text_sample_is_what_the_generator_makes(fresh: Path, name: str) -> None:
    assert (SAMPLES / name).read_bytes() == (fresh / name).read_bytes()


def test_committed_pdf_is_what_the_generator_makes(fresh: Path) -> None:
    # Compared by content: the bytes may differ under another PyMuPDF version.
    assert pdf_facts(SAMPLES / "annual-report.pdf") == pdf_facts(fresh / "annual-report.pdf")


def test_committed_xlsx_is_what_the_generator_makes(fresh: Path) -> None:
    for data_only in (False, True):
        assert xlsx_cells(SAMPLES / "budget.xlsx", data_only) == xlsx_cells(
            fresh / "budget.xlsx", data_only
        )


def test_samples_are_small() -> None:
    for path in SAMPLES.iterdir():
        assert path.stat().st_size < 50_000, path.name


def test_pdf_has_outline_running_header_footer_and_hyphenation() -> None:
    facts = pdf_facts(SAMPLES / "annual-report.pdf")
    pages = facts["pages"]
    assert isinstance(pages, list)
    assert len(pages) == 3
    assert facts["toc"] == HEADINGS
    for number, text in enumerate(pages, start=1):
        lines = text.splitlines()
        assert lines[0] == "Riverbend Water Utility \u2014 Annual Report 2025"
        assert lines[-1] == f"Page {number} of 3"
    lines = pages[0].splitlines()
    assert lines[1] == "Riverbend Water Utility Annual Report 2025"
    split = [i for i, line in enumerate(lines) if line.endswith("-")]
    assert len(split) == 1
    assert lines[split[0]].endswith(" infra-")
    assert lines[split[0] + 1].startswith("structure. ")
    assert any(" well-maintained " in line for line in lines)
    assert "\u2022" in pages[0]


def test_pdf_headings_use_bold_base14_fonts_at_two_sizes() -> None:
    import pymupdf

    sizes: dict[str, float] = {}
    with pymupdf.open(SAMPLES / "annual-report.pdf") as doc:
        for page in doc:
            assert all(font[1] == "n/a" for font in page.get_fonts())  # nothing embedded
            for block in page.get_text("dict")["blocks"]:
                for line in block["lines"]:
                    for span in line["spans"]:
                        if span["font"] == "Helvetica-Bold":
                            sizes[span["text"]] = span["size"]
    for level, text, _page in HEADINGS:
        assert sizes[text] == (16.0 if level == 1 else 12.5), text


def test_pdf_table_is_found_by_pymupdf_ruled_table_detection() -> None:
    import pymupdf

    with pymupdf.open(SAMPLES / "annual-report.pdf") as doc:
        found = {page.number + 1: page.find_tables(use_layout=False).tables for page in doc}
        assert {number: len(tables) for number, tables in found.items()} == {1: 0, 2: 1, 3: 0}
        table = found[2][0]
        assert (table.row_count, table.col_count) == (6, 5)
        page = doc[1]
        cells = [[page.get_text(clip=cell).strip() for cell in row.cells] for row in table.rows]
    assert cells[0] == ["Quarter", "Produced (MG)", "Billed (MG)", "Non-revenue (%)", "Main breaks"]
    assert cells[1] == ["Q1 2025", "98.6", "86.3", "12.5", "9"]
    assert cells[5] == ["Total", "446.1", "394.1", "11.7", "23"]


def test_xlsx_has_two_sheets_dates_and_a_cached_formula_total() -> None:
    import pandas as pd

    sheets = pd.read_excel(SAMPLES / "budget.xlsx", sheet_name=None)
    assert list(sheets) == ["Operating", "Capital"]
    operating, capital = sheets["Operating"], sheets["Capital"]
    assert len(operating) == 12
    assert pd.api.types.is_datetime64_any_dtype(operating["Month"])
    assert pd.api.types.is_datetime64_any_dtype(capital["Start"])
    assert capital["Budget (USD)"].iloc[-1] == capital["Budget (USD)"].iloc[:-1].sum() == 2_740_000
    formulas = xlsx_cells(SAMPLES / "budget.xlsx", data_only=False)["Capital"]
    assert formulas[-1][4] == "=SUM(E2:E6)"


def test_csv_has_header_quoted_commas_and_decimals() -> None:
    with (SAMPLES / "water-quality.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 20
    assert rows[0]["location"] == "Eastside plant, clearwell tap"
    assert all(len(row["ph"].split(".")[1]) == 2 for row in rows)
    assert '"Mill Street, hydrant 14"' in (SAMPLES / "water-quality.csv").read_text()


def test_html_has_article_boilerplate_and_json_ld() -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((SAMPLES / "article.html").read_text(encoding="utf-8"), "lxml")
    assert soup.html["lang"] == "en"
    for selector in (
        "nav",
        "div.cookie-banner button",
        "article h1",
        "article table thead",
        "pre code.language-python",
        "blockquote",
        "figure figcaption",
        "aside",
        "body > footer",
        'link[rel="canonical"]',
    ):
        assert soup.select_one(selector) is not None, selector
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Article"
    assert data["headline"] == soup.select_one("article h1").get_text()


def test_markdown_has_three_heading_levels_and_blocks() -> None:
    text = (SAMPLES / "field-guide.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert sum(line.startswith("# ") for line in lines) == 1
    assert sum(line.startswith("## ") for line in lines) == 3
    assert sum(line.startswith("### ") for line in lines) == 4
    assert "```python" in lines and "|---:|---:|---:|" in lines
    assert any(line.startswith("> ") for line in lines)
    assert any(line.startswith("1. ") for line in lines)
    assert any(line.startswith("- ") for line in lines)

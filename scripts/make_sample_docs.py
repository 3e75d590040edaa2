"""Generate the documents in ``sample_docs/`` (all content is our own, about a fictional utility).

Rerun from the repository root after changing anything here, then commit the outputs:

    .venv/bin/python scripts/make_sample_docs.py            # writes into sample_docs/
    .venv/bin/python scripts/make_sample_docs.py OUT_DIR    # writes somewhere else

The outputs are byte-for-byte reproducible with the same library versions: the PDF has fixed
metadata dates and no random /ID, the XLSX has fixed document dates and fixed ZIP entry times.
``tests/test_sample_docs.py`` checks that the committed files match what this script makes.

Files written:
- ``annual-report.pdf``  3-page report drawn with PyMuPDF (see ``samplegen_pdf.py``)
- ``article.html``       news article page with boilerplate around it
- ``water-quality.csv``  20 lab samples
- ``budget.xlsx``        sheets "Operating" (monthly budget) and "Capital" (projects)
- ``field-guide.md``     crew guide in Markdown
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import random
import re
import sys
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Font
from samplegen_markup import ARTICLE_HTML, FIELD_GUIDE_MD
from samplegen_pdf import LayoutLog, build_pdf
from samplegen_report import METADATA, RUNNING_HEADER, SUBTITLE, TITLE, report_blocks

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXED_ZIP_TIME = (2026, 1, 15, 9, 0, 0)
FIXED_XLSX_TIME = dt.datetime(2026, 1, 15, 9, 0, 0)

SAMPLE_SITES = [
    ("EP-01", "Eastside plant, clearwell tap", (0.85, 1.05)),
    ("LT-03", "Low Town fire station", (0.60, 0.85)),
    ("MD-07", "Mill Street, hydrant 14", (0.50, 0.75)),
    ("QH-02", "Quarry Hill standpipe", (0.35, 0.55)),
    ("CF-05", "Cedar Flats pump station", (0.25, 0.45)),
]
SAMPLE_ROUNDS = [  # quarterly sampling rounds: date, water temperature range (deg C)
    (dt.date(2025, 1, 14), (6.5, 8.5)),
    (dt.date(2025, 4, 8), (10.5, 12.5)),
    (dt.date(2025, 7, 8), (16.5, 19.0)),
    (dt.date(2025, 10, 7), (12.0, 14.5)),
]

CAPITAL_PROJECTS = [
    (
        "CP-26-01",
        "Main replacement, Elm Street and Orchard Road",
        dt.date(2026, 4, 6),
        dt.date(2026, 10, 30),
        1_480_000,
        "Capital reserve",
    ),
    (
        "CP-26-02",
        "Inspection of 617 service lines of unknown material",
        dt.date(2026, 2, 2),
        dt.date(2026, 12, 18),
        185_000,
        "Operating budget",
    ),
    (
        "CP-26-03",
        "Fourth well: design and test drilling",
        dt.date(2026, 5, 4),
        dt.date(2027, 3, 31),
        620_000,
        "State revolving fund loan",
    ),
    (
        "CP-26-04",
        "Lead service line replacement, phase 1",
        dt.date(2026, 6, 1),
        dt.date(2026, 11, 20),
        305_000,
        "Federal grant",
    ),
    (
        "CP-26-05",
        "Eastside plant control system upgrade",
        dt.date(2026, 3, 2),
        dt.date(2026, 8, 28),
        150_000,
        "Capital reserve",
    ),
]
# Seasonal factors (January..December) for demand-driven lines of the operating budget.
SEASON = [0.88, 0.86, 0.90, 0.95, 1.03, 1.12, 1.22, 1.20, 1.08, 0.98, 0.90, 0.88]


def write_pdf(out_dir: Path) -> LayoutLog:
    """Write ``annual-report.pdf`` and check the layout features the tests rely on."""
    log = build_pdf(
        out_dir / "annual-report.pdf", TITLE, SUBTITLE, report_blocks(), RUNNING_HEADER, METADATA
    )
    if log.page_count < 3:
        raise RuntimeError(f"report has {log.page_count} pages, expected at least 3")
    if [(head, tail) for head, tail, _ in log.hyphen_splits] != [("infra-", "structure.")]:
        raise RuntimeError(f"expected one split 'infra-/structure.', got {log.hyphen_splits}")
    lines = [line for _, line in log.lines]
    if [line for line in lines if line.endswith("-")] != [
        line for line in lines if line.endswith("infra-")
    ]:
        raise RuntimeError("a line other than the 'infra-' line ends with a hyphen")
    if not any(" well-maintained " in line for line in lines):
        raise RuntimeError("'well-maintained' is not in the middle of a line")
    return log


def write_csv(out_dir: Path) -> None:
    """Write ``water-quality.csv``: 4 quarterly rounds x 5 sites, values from a fixed seed."""
    rng = random.Random(2025)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "sample_id",
            "sampled_on",
            "site_code",
            "location",
            "ph",
            "turbidity_ntu",
            "free_chlorine_mg_l",
            "temperature_c",
            "total_coliform",
        ]
    )
    number = 0
    for day, (t_low, t_high) in SAMPLE_ROUNDS:
        for code, location, (cl_low, cl_high) in SAMPLE_SITES:
            number += 1
            writer.writerow(
                [
                    f"WQ-2025-{number:03d}",
                    day.isoformat(),
                    code,
                    location,
                    f"{rng.uniform(7.2, 7.8):.2f}",
                    f"{rng.uniform(0.05, 0.30):.2f}",
                    f"{rng.uniform(cl_low, cl_high):.2f}",
                    f"{rng.uniform(t_low, t_high):.1f}",
                    "absent",
                ]
            )
    (out_dir / "water-quality.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")


def operating_rows() -> list[list[object]]:
    """Monthly operating budget for 2026 in whole dollars; the net column is computed here."""
    rows: list[list[object]] = []
    for month, factor in enumerate(SEASON, start=1):
        sales = round(377_000 * factor, -2)
        fees = 27_500 if month % 3 else 31_000
        personnel = 152_000 if month != 12 else 171_000  # December includes the holiday payroll
        energy = round(54_000 * factor, -2)
        chemicals = round(29_500 * factor, -2)
        maintenance = 38_000 + (6_000 if month in (4, 5, 9, 10) else 0)  # flushing seasons
        net = sales + fees - personnel - energy - chemicals - maintenance
        rows.append(
            [
                dt.date(2026, month, 1),
                int(sales),
                fees,
                personnel,
                int(energy),
                int(chemicals),
                maintenance,
                int(net),
            ]
        )
    return rows


def write_xlsx(out_dir: Path) -> None:
    """Write ``budget.xlsx`` with the sheets "Operating" and "Capital".

    The capital total is a real formula, ``=SUM(E2:E6)``. openpyxl writes formulas without a
    cached result, so readers that only look at cached values (pandas, ``data_only=True``)
    would see an empty cell; we compute the total here and insert it as the cached value,
    the way a spreadsheet application saves it.
    """
    wb = openpyxl.Workbook()
    operating = wb.active
    operating.title = "Operating"
    operating.append(
        [
            "Month",
            "Water sales",
            "Connection fees",
            "Personnel",
            "Energy",
            "Chemicals",
            "Maintenance",
            "Net",
        ]
    )
    for row in operating_rows():
        operating.append(row)
    for cells in operating.iter_rows(min_row=2, max_col=1):
        cells[0].number_format = "yyyy-mm-dd"
    for cells in operating.iter_rows(min_row=2, min_col=2):
        for cell in cells:
            cell.number_format = "#,##0"

    capital = wb.create_sheet("Capital")
    capital.append(["Project ID", "Project", "Start", "Completion", "Budget (USD)", "Funding"])
    for project in CAPITAL_PROJECTS:
        capital.append(list(project))
    total_row = len(CAPITAL_PROJECTS) + 2
    capital.cell(total_row, 2, "Total")
    capital.cell(total_row, 5, f"=SUM(E2:E{total_row - 1})")
    for cells in capital.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in cells:
            cell.number_format = "yyyy-mm-dd"
    for cells in capital.iter_rows(min_row=2, min_col=5, max_col=5):
        cells[0].number_format = "#,##0"

    for sheet, widths in ((operating, [12] + [15] * 7), (capital, [12, 50, 12, 12, 15, 26])):
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = width
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"

    wb.properties.creator = "Riverbend Water Utility"
    wb.properties.title = "Budget 2026"
    wb.properties.created = FIXED_XLSX_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    capital_total = sum(project[4] for project in CAPITAL_PROJECTS)
    _rewrite_xlsx(buffer.getvalue(), out_dir / "budget.xlsx", capital_total)


def _rewrite_xlsx(data: bytes, path: Path, capital_total: int) -> None:
    """Copy the package with fixed times and the formula's cached value filled in."""
    stamp = FIXED_XLSX_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for name, content in entries:
            if name == "docProps/core.xml":
                content, count = re.subn(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
                if count != 1:
                    raise RuntimeError("could not fix the modified date in docProps/core.xml")
            if name == "xl/worksheets/sheet2.xml":
                formula = b"<f>SUM(E2:E6)</f><v></v>"
                if content.count(formula) != 1:
                    raise RuntimeError("could not find the capital total formula")
                cached = f"<f>SUM(E2:E6)</f><v>{capital_total}</v>".encode()
                content = content.replace(formula, cached)
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)


def generate(out_dir: Path) -> LayoutLog:
    """Write all sample documents into ``out_dir``; returns the PDF layout log."""
    out_dir.mkdir(parents=True, exist_ok=True)
    log = write_pdf(out_dir)
    (out_dir / "article.html").write_text(ARTICLE_HTML, encoding="utf-8", newline="")
    write_csv(out_dir)
    write_xlsx(out_dir)
    (out_dir / "field-guide.md").write_text(FIELD_GUIDE_MD, encoding="utf-8", newline="")
    return log


SAMPLE_NAMES = [
    "annual-report.pdf",
    "article.html",
    "water-quality.csv",
    "budget.xlsx",
    "field-guide.md",
]


def main(argv: list[str]) -> int:
    """Generate into ``argv[0]`` (default ``sample_docs/``) and print sizes and hashes."""
    out_dir = Path(argv[0]) if argv else REPO_ROOT / "sample_docs"
    log = generate(out_dir)
    for name in SAMPLE_NAMES:
        data = (out_dir / name).read_bytes()
        print(f"{name:20} {len(data):7d} bytes  sha256 {hashlib.sha256(data).hexdigest()[:16]}")
    print(f"annual-report.pdf: {log.page_count} pages")
    for level, text, page in log.headings:
        print(f"  {'  ' * (level - 1)}H{level} p{page}  {text}")
    for head, tail, page in log.hyphen_splits:
        print(f"  split at line end on page {page}: {head!r} / {tail!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

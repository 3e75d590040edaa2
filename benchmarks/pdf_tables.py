"""PDF tables: cell-text F1 on camelot's automatic cases, and NICS column sums vs totals.

    PYTHONPATH=. python benchmarks/pdf_tables.py [-v]

Camelot (``camelot-table-fixtures/expected.json``): the cases whose arguments are only
flavor/pages/password (an automatic detector gets no hints). For each case, every table
docmill finds on the requested pages is compared with the expected grid and the best
match counts: cells normalised (NFKC, combining marks dropped, whitespace collapsed,
dot leaders after a label and spaces beside a decimal point dropped: camelot keeps
"Total . . . ." and "11,062 .6"; empty dropped), multiset F1 of the cell texts. A
case with no table found scores 0.
Camelot's ``stream`` cases that pass hints (column positions, table areas, row
tolerances) are also read without them and scored the same way, on their own line:
tables without rules, found by docmill alone.
Camelot's expected Arabic cells are in visual order (presentation forms, left to right
as drawn); they are put in reading order before comparing (docmill writes text in
reading order).

pdfplumber's NICS report: in the table found, each numeric column of the state rows must
add up to the "Totals" row. (The PDF prints California's figures with a space between
the thousands, "98 452", and the others with a comma.)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.pdf_markdown import CORPORA, config_for, parse_pdf
from transforms.errors import DocumentError
from transforms.model import Kind
from transforms.parsers.pdf.bidi import has_rtl, mostly_rtl

CAMELOT = CORPORA / "camelot-table-fixtures"
NICS = CORPORA / "pdfplumber-test-pdfs" / "pdfs" / "nics-background-checks-2015-11.pdf"
AUTOMATIC_KWARGS = {"flavor", "pages", "password"}


_LTR_RUN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 .,%:/-]*[A-Za-z0-9])?")
_RTL = "\u0590-\u06ff\ufb1d-\ufefc"  # Hebrew, Arabic and their presentation forms
_RTL_RUN = re.compile(f"[{_RTL}](?:[{_RTL} ]*[{_RTL}])?")


def _logical(text: str) -> str:
    """A cell written in visual order (camelot's Arabic cells) in reading order."""
    if not has_rtl(text):
        return text
    if mostly_rtl(text):  # a right-to-left line: all reversed but its left-to-right runs
        return _LTR_RUN.sub(lambda m: m.group()[::-1], text[::-1])
    return _RTL_RUN.sub(lambda m: m.group()[::-1], text)


_LEADERS = re.compile(r"(?<=\S)(?: ?\.){3,}$")
_DECIMAL = re.compile(r"[-+(]?\d[\d,]* ?\. ?\d+\)?%?")


def _normal(text: str) -> str:
    """NFKC (Arabic presentation forms are letters), no combining marks, spaces collapsed,
    no dot leaders after a label, no space beside a figure's decimal point."""
    text = unicodedata.normalize("NFKC", text)
    text = " ".join("".join(c for c in text if not unicodedata.combining(c)).split())
    text = _LEADERS.sub("", text).strip()
    return text.replace(" ", "") if _DECIMAL.fullmatch(text) else text


def _cells(grid: list[list[str]], visual: bool = False) -> Counter[str]:
    # visual order is undone before NFKC: a lam-alef glyph's letters come out in order
    cells = (" ".join(c.split()) for row in grid for c in row if c and c.strip())
    return Counter(n for c in cells if (n := _normal(_logical(c) if visual else c)))


def cell_f1(predicted: list[list[str]], expected: list[list[str]]) -> float:
    """Multiset F1 of the non-empty, normalised cell texts (expected ones in visual order)."""
    pred, gold = _cells(predicted), _cells(expected, visual=True)
    common = sum((pred & gold).values())
    if not common:
        return 0.0
    precision = common / sum(pred.values())
    recall = common / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def _logical_cells(table) -> list[list[str]]:
    """Each cell once (a spanned cell is one cell, as in camelot's grids)."""
    return [[cell.text for cell in row] for row in table.rows]


def _pages(spec: str | None) -> set[int] | None:
    if not spec or spec == "all":
        return None
    pages: set[int] = set()
    for part in str(spec).split(","):
        lo, _, hi = part.partition("-")
        pages.update(range(int(lo), int(hi or lo) + 1))
    return pages


def camelot_cases() -> list[dict]:
    """The automatic-detection cases whose PDF is present."""
    data = json.loads((CAMELOT / "expected.json").read_text())
    out = []
    for case in data["cases"]:
        kwargs = case.get("read_pdf_kwargs") or {}
        if set(kwargs) <= AUTOMATIC_KWARGS and (CAMELOT / "files" / case["file"]).exists():
            out.append({**case, "grid": data["expected_tables"][case["expected"]]})
    return out


def stream_cases() -> list[dict]:
    """Camelot's ``stream`` cases that give the reader hints (columns, areas, tolerances),
    each expected table once: read here without the hints."""
    data = json.loads((CAMELOT / "expected.json").read_text())
    out, seen = [], set()
    for case in data["cases"]:
        kwargs = case.get("read_pdf_kwargs") or {}
        key = (case["file"], case["expected"])
        if kwargs.get("flavor") != "stream" or set(kwargs) <= AUTOMATIC_KWARGS or key in seen:
            continue
        if (CAMELOT / "files" / case["file"]).exists():
            seen.add(key)
            out.append({**case, "grid": data["expected_tables"][case["expected"]]})
    return out


def camelot_scores(cases: list[dict] | None = None) -> list[tuple[dict, float, int]]:
    """(case, best F1, tables found on the pages) for every automatic case (or ``cases``)."""
    results = []
    parsed: dict[tuple[str, str], list] = {}
    for case in camelot_cases() if cases is None else cases:
        kwargs = case.get("read_pdf_kwargs") or {}
        key = (case["file"], kwargs.get("password", ""))
        if key not in parsed:
            passwords = (kwargs["password"],) if kwargs.get("password") else ()
            try:
                doc = parse_pdf(CAMELOT / "files" / case["file"], config_for(passwords))
                parsed[key] = [e for e in doc.elements if e.kind is Kind.TABLE]
            except DocumentError:
                parsed[key] = []
        pages = _pages(kwargs.get("pages", "1"))
        tables = [t for t in parsed[key] if pages is None or t.page in pages]
        best = max((cell_f1(_logical_cells(t.table), case["grid"]) for t in tables), default=0.0)
        results.append((case, best, len(tables)))
    return results


def _number(text: str) -> int | None:
    """An integer cell: digits, thousands grouped by commas or spaces ("98 452")."""
    text = text.strip()
    if not re.fullmatch(r"\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+", text):
        return None
    return int(re.sub(r"[, ]", "", text))


def nics_check() -> tuple[int, int]:
    """(columns whose state rows add up to the Totals row, numeric columns checked)."""
    doc = parse_pdf(NICS, config_for())
    for element in doc.elements:
        if element.kind is not Kind.TABLE:
            continue
        grid = element.table.grid()
        totals = next((r for r in grid if r and r[0].strip().lower().startswith("total")), None)
        if totals is None:
            continue
        body = [r for r in grid[: grid.index(totals)] if any(_number(c) is not None for c in r)]
        ok = checked = 0
        for col in range(1, len(totals)):
            expected = _number(totals[col])
            if expected is None:
                continue
            values = [_number(r[col]) for r in body if col < len(r)]
            checked += 1
            ok += int(sum(v for v in values if v is not None) == expected)
        return ok, checked
    return 0, 0


def main() -> None:
    """Print per-case F1, the mean, and the NICS totals check."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per case")
    args = parser.parse_args()
    if CAMELOT.is_dir():
        results = camelot_scores()
        if args.verbose:
            for case, f1, n in results:
                print(
                    f"{f1:5.2f}  tables={n}  {case['file']} #{case['table_index']} {case['test']}"
                )
        mean = sum(f1 for _, f1, _ in results) / max(len(results), 1)
        found = sum(1 for _, _, n in results if n)
        print(f"camelot automatic cases: {len(results)}, table found in {found}, "
              f"mean cell F1 {mean:.3f}")  # fmt: skip
        hinted = camelot_scores(stream_cases())
        if args.verbose:
            for case, f1, n in hinted:
                print(f"{f1:5.2f}  tables={n}  {case['file']} {sorted(case['read_pdf_kwargs'])}")
        mean = sum(f1 for _, f1, _ in hinted) / max(len(hinted), 1)
        found = sum(1 for _, _, n in hinted if n)
        print(f"camelot stream cases with hints, read without them: {len(hinted)}, "
              f"table found in {found}, mean cell F1 {mean:.3f}")  # fmt: skip
    if NICS.exists():
        ok, checked = nics_check()
        print(f"NICS column sums equal to Totals: {ok}/{checked}")


if __name__ == "__main__":
    main()

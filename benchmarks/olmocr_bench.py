"""olmOCR-bench rules over ../shared/corpora/olmocr-bench-sample: pass rate per category.

    PYTHONPATH=. python benchmarks/olmocr_bench.py [-v]

Each PDF is parsed by docmill and rendered to its document text (Markdown); each unit test
of ``dataset.jsonl`` (and ``blanks.jsonl``) is then checked with the benchmark's published
rules, implemented here from its description: text normalised (NFC, hyphens and quotes
unified, Markdown emphasis dropped, whitespace collapsed); ``present``/``absent`` = fuzzy
substring (rapidfuzz ``partial_ratio`` >= 1 - max_diffs/len), optionally within the first or
last N characters; ``order`` = both snippets found within ``max_diffs`` edits and the first
before the second; ``table`` = a cell matching ``cell`` with the given neighbours/headings
in a Markdown or HTML table; ``baseline`` = a blank page yields at most ``max_length``
alphanumeric characters. ``math`` needs a browser to render LaTeX and is skipped.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from lxml import html as lxml_html
from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.pdf_markdown import CORPORA, pdf_to_markdown
from transforms.config import PdfOptions, PipelineConfig
from transforms.errors import DocumentError

SAMPLE = CORPORA / "olmocr-bench-sample"
CATEGORIES = ("present", "absent", "order", "table", "baseline")

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "＿": "_", "–": "-", "—": "-",
     "‑": "-", "‒": "-", "−": "-", "\u00b5": "\u03bc"}
)  # fmt: skip


def normalize(text: str) -> str:
    """Normalise text the way the benchmark does before comparing."""
    text = re.sub(r"<br/?>", " ", text)
    text = re.sub(r"</?[bi]>", "", text)
    text = re.sub(r"(\*\*|__)(.*?)\1", r"\2", text)
    text = re.sub(r"(\*|_)(.*?)\1", r"\2", text)
    text = re.sub(r"\s+", " ", text)
    return unicodedata.normalize("NFC", text).translate(_QUOTES)


def fuzzy_starts(pattern: str, text: str, max_edits: int) -> list[int]:
    """Approximate start offsets where ``pattern`` occurs in ``text`` within ``max_edits``."""
    if max_edits == 0:
        return [m.start() for m in re.finditer(re.escape(pattern), text)]
    if not text:
        return []
    # Sellers' algorithm, one pattern character at a time over the whole text (numpy).
    t = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    idx = np.arange(len(t) + 1, dtype=np.int64)
    row = np.zeros(len(t) + 1, dtype=np.int64)  # a match may start anywhere
    for i, ch in enumerate(pattern, start=1):
        cost = (t != ord(ch)).astype(np.int64)
        best = np.empty_like(row)
        best[0] = i
        best[1:] = np.minimum(row[:-1] + cost, row[1:] + 1)
        row = np.minimum.accumulate(best - idx) + idx  # insertions along the text
    ends = np.nonzero(row <= max_edits)[0]
    return [max(0, int(e) - len(pattern)) for e in ends]


@dataclass
class TableGrid:
    """A parsed table: cells by (row, col), and how many leading rows are headers."""

    cells: dict[tuple[int, int], str]
    header_rows: int


def markdown_tables(text: str) -> list[TableGrid]:
    """Tables written as Markdown pipe tables."""
    tables: list[TableGrid] = []
    rows: list[list[str]] = []
    for line in [*text.split("\n"), ""]:
        stripped = line.strip()
        if stripped.startswith("|"):
            if re.fullmatch(r"\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?", stripped):
                continue
            body = stripped.strip("|")
            rows.append([c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", body)])
        elif rows:
            cells = {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row)}
            tables.append(TableGrid(cells, 1))
            rows = []
    return tables


def html_tables(text: str) -> list[TableGrid]:
    """Tables written in HTML, spans expanded into every covered slot."""
    tables: list[TableGrid] = []
    for chunk in re.findall(r"<table.*?</table>", text, flags=re.S | re.I):
        root = lxml_html.fromstring(chunk)
        cells: dict[tuple[int, int], str] = {}
        header_rows = 0
        for r, tr in enumerate(root.iter("tr")):
            c = 0
            if tr.find("th") is not None and header_rows == r:
                header_rows += 1
            for cell in tr:
                if cell.tag not in ("td", "th"):
                    continue
                while (r, c) in cells:
                    c += 1
                value = " ".join(cell.text_content().split())
                for dr in range(int(cell.get("rowspan", 1) or 1)):
                    for dc in range(int(cell.get("colspan", 1) or 1)):
                        cells[(r + dr, c + dc)] = value
                c += int(cell.get("colspan", 1) or 1)
        tables.append(TableGrid(cells, max(header_rows, 1)))
    return tables


def _similar(a: str, b: str, max_diffs: int) -> bool:
    threshold = max(0.5, 1.0 - max_diffs / max(len(a), 1))
    return fuzz.ratio(a, normalize(b)) / 100.0 >= threshold


def check_table(test: dict, content: str) -> bool:
    """A cell matching ``cell`` whose neighbours/headings match the test's relations."""
    diffs = int(test.get("max_diffs", 0))
    target = normalize(test["cell"])
    steps = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
    for table in markdown_tables(content) + html_tables(content):
        for (r, c), value in table.cells.items():
            if not _similar(target, value, diffs):
                continue
            ok = True
            for rel, (dr, dc) in steps.items():
                if test.get(rel):
                    rr, cc = r + dr, c + dc
                    # skip slots that repeat the same spanned cell
                    while table.cells.get((rr, cc)) == value and (rr, cc) in table.cells:
                        rr, cc = rr + dr, cc + dc
                    ok &= _similar(normalize(test[rel]), table.cells.get((rr, cc), ""), diffs)
            if test.get("top_heading"):
                heads = [table.cells.get((h, c), "") for h in range(table.header_rows)]
                ok &= any(_similar(normalize(test["top_heading"]), h, diffs) for h in heads)
            if test.get("left_heading"):
                ok &= _similar(normalize(test["left_heading"]), table.cells.get((r, 0), ""), diffs)
            if ok:
                return True
    return False


def check(test: dict, content: str) -> bool | None:
    """Run one unit test on the document text; None when the category is skipped."""
    kind = test["type"]
    diffs = int(test.get("max_diffs", 0))
    if kind in ("present", "absent"):
        query = normalize(test["text"])
        text = normalize(content)
        if not test.get("case_sensitive", True):
            query, text = query.lower(), text.lower()
        first_n, last_n = test.get("first_n"), test.get("last_n")
        if first_n and last_n:
            text = text[:first_n] + text[-last_n:]
        elif first_n:
            text = text[:first_n]
        elif last_n:
            text = text[-last_n:]
        if len(text) < len(query) - diffs:
            return kind == "absent"
        threshold = 1.0 - diffs / max(len(query), 1)
        found = fuzz.partial_ratio(query, text) / 100.0 >= threshold
        return found if kind == "present" else not found
    if kind == "order":
        text = normalize(content)
        before = fuzzy_starts(normalize(test["before"]), text, diffs)
        after = fuzzy_starts(normalize(test["after"]), text, diffs)
        return bool(before and after and min(before) < max(after))
    if kind == "table":
        return check_table(test, content)
    if kind == "baseline":
        if test.get("max_length") is not None:
            return sum(ch.isalnum() for ch in content) <= int(test["max_length"])
        return any(ch.isalnum() for ch in content)
    return None  # math


def load_tests(sample: Path = SAMPLE) -> list[dict]:
    """All unit tests of the sample (dataset.jsonl and blanks.jsonl)."""
    tests = []
    for name in ("dataset.jsonl", "blanks.jsonl"):
        path = sample / name
        if path.exists():
            tests.extend(json.loads(line) for line in path.read_text().splitlines() if line)
    return tests


def render_all(
    tests: list[dict], sample: Path = SAMPLE, config: PipelineConfig | None = None
) -> dict[str, str]:
    """Document text of every PDF the tests refer to ("" when docmill rejects it)."""
    contents: dict[str, str] = {}
    for name in sorted({t["pdf"] for t in tests}):
        try:
            contents[name] = pdf_to_markdown(sample / "pdfs" / name, config)
        except DocumentError:
            contents[name] = ""
    return contents


def score(
    sample: Path = SAMPLE, config: PipelineConfig | None = None
) -> tuple[dict[str, tuple[int, int]], dict[str, bool]]:
    """Per category (passed, total), and each test's outcome by id."""
    tests = load_tests(sample)
    contents = render_all(tests, sample, config)
    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    outcomes: dict[str, bool] = {}
    for test in tests:
        result = check(test, contents[test["pdf"]])
        if result is None:
            continue
        outcomes[test["id"]] = result
        per_category[test["type"]][0] += int(result)
        per_category[test["type"]][1] += 1
    return {k: (v[0], v[1]) for k, v in per_category.items()}, outcomes


def main() -> None:
    """Print the pass rate per category (and the failing tests with -v)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list failing tests")
    parser.add_argument(
        "--ocr-layers", action="store_true", help="re-OCR invisible OCR text layers"
    )
    args = parser.parse_args()
    if not SAMPLE.is_dir():
        sys.exit(f"{SAMPLE} not present")
    config = PipelineConfig(pdf=PdfOptions(ocr_layers=True)) if args.ocr_layers else None
    categories, outcomes = score(config=config)
    print(f"{'category':<10} {'passed':>6} {'total':>6} {'rate':>7}")
    passed = total = 0
    for name in CATEGORIES:
        if name in categories:
            p, t = categories[name]
            passed, total = passed + p, total + t
            print(f"{name:<10} {p:>6} {t:>6} {100 * p / t:>6.1f}%")
    rate = 100 * passed / max(total, 1)
    print(f"{'all':<10} {passed:>6} {total:>6} {rate:>6.1f}%  (math skipped)")
    if args.verbose:
        tests = {t["id"]: t for t in load_tests()}
        for test_id, ok in sorted(outcomes.items()):
            if not ok:
                t = tests[test_id]
                what = t.get("text") or t.get("cell") or f"{t.get('before')} < {t.get('after')}"
                print(f"FAIL {test_id} [{t['type']}] {t['pdf']}: {str(what)[:90]!r}")


if __name__ == "__main__":
    main()

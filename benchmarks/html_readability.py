"""Main-text accuracy on Mozilla Readability's test pages: docmill vs trafilatura.

Usage (from the repo root):

    python benchmarks/html_readability.py [--corpora ../shared/corpora] [--pages N] [--worst K]

Score, as ``../shared/corpora/README.md`` defines it: tokens are ``\\w+`` matches; each text
becomes a multiset of 4-token shingles; per page TP/FP/FN are counted and normalised to sum
to 1; the normalised counts are summed over pages (each page weighs the same) and
P = TP/(TP+FP), R = TP/(TP+FN), F1 = their harmonic mean. ``--macro`` also prints the mean
of per-page P/R/F1. docmill's text is the Markdown document text (``transforms.render``) of
its elements; "docmill body" leaves out the TITLE element (Readability's expected text has
no title). Metadata: title, byline and language against ``expected-metadata.json``, exact
after whitespace normalisation, and "loose" (~: case-folded, punctuation ignored; languages
compared on the primary subtag); "byline⊂" counts a byline as found when one loose form
contains the other (Readability keeps "By ..." and dates in its bylines).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.config import HtmlOptions, PipelineConfig  # noqa: E402
from transforms.errors import DocumentError  # noqa: E402
from transforms.model import Kind, ParsedDoc, Source  # noqa: E402
from transforms.parsers.html import HtmlParser  # noqa: E402
from transforms.render import render_document  # noqa: E402

TOKEN = re.compile(r"\w+")
CORPUS = "mozilla-readability-testpages"


def shingles(text: str, n: int = 4) -> Counter:
    """Multiset of ``n``-token shingles (a shorter text gives one short shingle)."""
    tokens = TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_counts(expected: str, got: str) -> tuple[float, float, float]:
    """Normalised (TP, FP, FN) of one page."""
    truth, pred = shingles(expected), shingles(got)
    tp = sum((truth & pred).values())
    fp = sum((pred - truth).values())
    fn = sum((truth - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall, F1."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def loose(text: str | None) -> str:
    """Case-folded, accents kept, punctuation and extra spaces dropped."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(TOKEN.findall(text))


def exact(text: str | None) -> str:
    """Whitespace-normalised."""
    return " ".join((text or "").split())


@dataclass
class Result:
    """One extractor's output on one page."""

    text: str
    title: str | None = None
    byline: str | None = None
    lang: str | None = None


def parse_docmill(data: bytes, main_content: bool = True) -> ParsedDoc | None:
    """Run docmill's HTML parser on a page (None when it refuses the page)."""
    source = Source("bench://page", hashlib.sha256(data).hexdigest(), "text/html", data)
    config = PipelineConfig(html=HtmlOptions(main_content=main_content))
    try:
        return HtmlParser().parse(source, config)
    except DocumentError:
        return None


def docmill(data: bytes) -> Result:
    """docmill: the whole rendered document."""
    doc = parse_docmill(data)
    if doc is None:
        return Result("")
    meta = doc.metadata
    return Result(render_document(doc).text, meta.get("title"), meta.get("author"), doc.language)


def docmill_body(data: bytes) -> Result:
    """docmill without the TITLE element."""
    doc = parse_docmill(data)
    if doc is None:
        return Result("")
    body = ParsedDoc(
        doc.source, tuple(e for e in doc.elements if e.kind is not Kind.TITLE), doc.parser
    )
    return Result(render_document(body).text)


def docmill_all(data: bytes) -> Result:
    """docmill with main-content selection off (all visible text): the baseline."""
    doc = parse_docmill(data, main_content=False)
    return Result(render_document(doc).text if doc else "")


def trafilatura_result(data: bytes) -> Result:
    """trafilatura's text and metadata."""
    import trafilatura

    doc = trafilatura.bare_extraction(data, with_metadata=True, include_tables=True)
    if doc is None:
        return Result("")
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    return Result(get("text") or "", get("title"), get("author"), get("language"))


META_COLUMNS = ("title", "title~", "byline", "byline~", "byline⊂", "lang", "lang~")
WITH_METADATA = {"docmill", "trafilatura"}
EXTRACTORS: dict[str, Callable[[bytes], Result]] = {
    "docmill": docmill,
    "docmill body": docmill_body,
    "docmill all-text": docmill_all,
    "trafilatura": trafilatura_result,
}


def contains(expected: str | None, got: str | None) -> bool:
    """Loose byline agreement: one names the other ("By Ana Sandoiu" ~ "Ana Sandoiu")."""
    e, g = loose(expected), loose(got)
    if not e or not g:
        return e == g
    return g in e or e in g


def lang_match(expected: str | None, got: str | None) -> tuple[bool, bool]:
    """(exact, primary-subtag) language agreement."""
    e, g = (expected or "").strip().lower(), (got or "").strip().lower()
    return e == g, e.split("-")[0] == g.split("-")[0]


def main() -> int:
    """Score every extractor and print a table (and the worst pages when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT / ".." / "shared" / "corpora")
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages")
    parser.add_argument("--worst", type=int, default=0, help="list the K worst pages")
    parser.add_argument("--only", nargs="*", default=None, help="extractors to run")
    parser.add_argument("--macro", action="store_true", help="also print per-page means")
    parser.add_argument("--json", type=Path, help="write per-page scores here")
    args = parser.parse_args()
    pages_dir = args.corpora / CORPUS / "pages"
    if not pages_dir.is_dir():
        print(f"{pages_dir} not found", file=sys.stderr)
        return 2
    cases = sorted(p for p in pages_dir.iterdir() if (p / "source.html").exists())
    if args.pages:
        cases = cases[: args.pages]
    names = args.only or list(EXTRACTORS)
    totals = {n: [0.0, 0.0, 0.0] for n in names}
    macro = {n: [0.0, 0.0, 0.0] for n in names}
    meta_hits = {n: Counter() for n in names}
    per_page: dict[str, dict[str, float]] = {}
    for case in cases:
        truth = json.loads((case / "expected-metadata.json").read_text())
        expected = (case / "expected.txt").read_text()
        data = (case / "source.html").read_bytes()
        per_page[case.name] = {}
        for name in names:
            result = EXTRACTORS[name](data)
            counts = page_counts(expected, result.text)
            for i in range(3):
                totals[name][i] += counts[i]
            page_prf = prf(*counts)
            for i in range(3):
                macro[name][i] += page_prf[i]
            per_page[case.name][name] = page_prf[2]
            hits = meta_hits[name]
            hits["title"] += exact(truth.get("title")) == exact(result.title)
            hits["title~"] += loose(truth.get("title")) == loose(result.title)
            hits["byline"] += exact(truth.get("byline")) == exact(result.byline)
            hits["byline~"] += loose(truth.get("byline")) == loose(result.byline)
            hits["byline⊂"] += contains(truth.get("byline"), result.byline)
            lang_exact, lang_primary = lang_match(truth.get("lang"), result.lang)
            hits["lang"] += lang_exact
            hits["lang~"] += lang_primary
    n = len(cases)
    print(f"{n} pages of {CORPUS}; shingle scores (normalised counts summed over pages)")
    header = f"{'extractor':18} {'P':>6} {'R':>6} {'F1':>6}"
    if args.macro:
        header += f"  {'mP':>6} {'mR':>6} {'mF1':>6}"
    header += "  " + " ".join(f"{k:>7}" for k in META_COLUMNS)
    print(header)
    for name in names:
        p, r, f = prf(*totals[name])
        line = f"{name:18} {p:6.3f} {r:6.3f} {f:6.3f}"
        if args.macro:
            mp, mr, mf = (v / n for v in macro[name])
            line += f"  {mp:6.3f} {mr:6.3f} {mf:6.3f}"
        hits = meta_hits[name]
        line += "  " + " ".join(
            f"{hits[k] / n:7.3f}" if name in WITH_METADATA else f"{'-':>7}" for k in META_COLUMNS
        )
        print(line)
    if args.worst:
        first = names[0]
        worst = sorted(per_page.items(), key=lambda kv: kv[1][first])[: args.worst]
        print(f"\nworst pages for {first}:")
        for case, scores in worst:
            print(f"  {case:40} " + "  ".join(f"{k}={v:.3f}" for k, v in scores.items()))
    if args.json:
        args.json.write_text(json.dumps(per_page, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""docmill's PDF Markdown against docling's approved outputs (docling-testdata groundtruth).

    PYTHONPATH=. python benchmarks/pdf_docling.py [-v]

docling keeps a Markdown snapshot of each of its test PDFs (``pdf/groundtruth/*.md``),
made with its layout and table models. They are docling's conventions, not human
annotation, so the scores say how close docmill's rule-based reading comes to a
layout-model tool's, per file:

- ``words``: F1 of the two texts' words as bags (content found, whatever the order);
- ``4-grams``: F1 of their word 4-grams as bags (content in the same order: a column
  read into the next, a caption spliced into a paragraph or a table read row by row
  where the other reads it by columns each break some);
- ``headings``: F1 of the heading texts (lines starting with ``#``), as sets;
- ``tables``: the number of tables in each (Markdown ``|---|`` separators or ``<table>``).

Words are lowercased runs of letters and digits; image placeholders, Markdown and HTML
marks are dropped first.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.pdf_markdown import CORPORA, config_for, pdf_to_markdown

DOCLING = CORPORA / "docling-testdata" / "pdf"
_WORD = re.compile(r"\w+")
_MARKS = re.compile(r"<!--.*?-->|<[^>]+>|\|[-: |]+\||[#*_`|]")


def words(markdown: str) -> list[str]:
    """The text's words, lowercased, without Markdown or HTML marks."""
    return _WORD.findall(_MARKS.sub(" ", markdown).lower())


def f1(ours: Counter, theirs: Counter) -> float:
    """F1 of two bags (1.0 when both are empty)."""
    if not ours and not theirs:
        return 1.0
    common = sum((ours & theirs).values())
    if not common:
        return 0.0
    precision, recall = common / sum(ours.values()), common / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def grams(tokens: list[str], n: int = 4) -> Counter:
    """The bag of word ``n``-grams."""
    return Counter(zip(*(tokens[i:] for i in range(n)), strict=False))


def headings(markdown: str) -> Counter:
    """The heading texts (lines starting with ``#``), normalised to their words."""
    return Counter(
        " ".join(words(line)) for line in markdown.splitlines() if line.lstrip().startswith("#")
    )


def tables(markdown: str) -> int:
    """How many tables the Markdown holds (pipe tables and HTML tables)."""
    pipe = len(re.findall(r"(?m)^\|(?: *:?-+:? *\|)+ *$", markdown))
    return pipe + markdown.count("<table")


def score(names: list[str] | None = None) -> list[dict]:
    """Per file: the scores above, for every groundtruth Markdown whose PDF is present."""
    results = []
    for truth in sorted((DOCLING / "groundtruth").glob("*.md")):
        pdf = DOCLING / "sources" / f"{truth.stem}.pdf"
        if not pdf.exists() or (names and truth.stem not in names):
            continue
        theirs = truth.read_text(encoding="utf-8")
        ours = pdf_to_markdown(pdf, config_for())
        ours_words, their_words = words(ours), words(theirs)
        results.append({
            "file": truth.stem,
            "words": f1(Counter(ours_words), Counter(their_words)),
            "4-grams": f1(grams(ours_words), grams(their_words)),
            "headings": f1(headings(ours), headings(theirs)),
            "tables": (tables(ours), tables(theirs)),
            "ours": ours,
        })  # fmt: skip
    return results


def main() -> None:
    """Print the per-file scores and their means."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print docmill's text")
    parser.add_argument("names", nargs="*", help="only these files (stems)")
    args = parser.parse_args()
    if not DOCLING.is_dir():
        sys.exit(f"{DOCLING} not found")
    results = score(args.names)
    print(f"{'file':<28} {'words':>6} {'4-grams':>8} {'headings':>9} {'tables':>8}")
    for r in results:
        ours, theirs = r["tables"]
        print(f"{r['file']:<28} {r['words']:>6.3f} {r['4-grams']:>8.3f} {r['headings']:>9.3f} "
              f"{ours:>3} / {theirs:<3}")  # fmt: skip
        if args.verbose:
            print(r["ours"])
    if results:
        mean = {k: sum(r[k] for r in results) / len(results) for k in ("words", "4-grams")}
        heads = sum(r["headings"] for r in results) / len(results)
        print(f"{'mean (' + str(len(results)) + ' files)':<28} {mean['words']:>6.3f} "
              f"{mean['4-grams']:>8.3f} {heads:>9.3f}")  # fmt: skip


if __name__ == "__main__":
    main()

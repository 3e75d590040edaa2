"""HTML extraction speed on Mozilla Readability's test pages: docmill vs peers.

Usage (from the repo root):

    python benchmarks/html_speed.py [--corpora ../shared/corpora] [--rounds 2]

Every extractor gets the same bytes, in the same process, one page at a time; the table
gives docs/s per core (CPU time of this process, so other load on the machine matters
less) and wall-clock docs/s. Peers are measured when installed: ``trafilatura.extract``
(its defaults), unstructured's ``partition_html`` (telemetry off, a blank spaCy pipeline
instead of the model it would download), and plain lxml
parsing / BeautifulSoup ``get_text`` as floors.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.config import PipelineConfig  # noqa: E402
from transforms.model import Source  # noqa: E402
from transforms.parsers.html import HtmlParser  # noqa: E402
from transforms.render import render_document  # noqa: E402

CORPUS = "mozilla-readability-testpages"


def docmill_parse() -> Callable[[bytes], object]:
    """docmill's HtmlParser.parse (elements + metadata)."""
    parser, config = HtmlParser(), PipelineConfig()

    def run(data: bytes) -> object:
        source = Source("bench://page", hashlib.sha256(data).hexdigest(), "text/html", data)
        return parser.parse(source, config)

    return run


def docmill_markdown() -> Callable[[bytes], object]:
    """docmill parse plus rendering to the Markdown document text."""
    parse = docmill_parse()
    return lambda data: render_document(parse(data)).text


def trafilatura_extract() -> Callable[[bytes], object]:
    """trafilatura.extract with its defaults."""
    import trafilatura

    return lambda data: trafilatura.extract(data)


def unstructured_partition() -> Callable[[bytes], object]:
    """unstructured.partition.html.partition_html (needs unstructured installed).

    unstructured would download a spaCy model on first use (it fails offline); a blank
    English pipeline with a sentencizer is patched in where it loads the model, so its
    time here is a lower bound (no tagger runs).
    """
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("SCARF_NO_ANALYTICS", "1")
    os.environ.setdefault("UNSTRUCTURED_DISABLE_NOTICE", "1")
    import spacy
    from unstructured.nlp import tokenize

    def blank_english() -> object:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp

    tokenize._load_spacy_model = blank_english
    tokenize._get_nlp.cache_clear()
    from unstructured.partition.html import partition_html

    return lambda data: partition_html(text=data.decode("utf-8", errors="replace"))


def lxml_parse() -> Callable[[bytes], object]:
    """lxml.html parse only (a floor: no extraction)."""
    import lxml.html

    return lambda data: lxml.html.document_fromstring(data)


def bs4_get_text() -> Callable[[bytes], object]:
    """BeautifulSoup(html, "lxml").get_text() (all text, no structure)."""
    from bs4 import BeautifulSoup

    return lambda data: BeautifulSoup(data, "lxml").get_text()


EXTRACTORS = {
    "docmill parse": docmill_parse,
    "docmill markdown": docmill_markdown,
    "trafilatura.extract": trafilatura_extract,
    "unstructured partition_html": unstructured_partition,
    "lxml parse (floor)": lxml_parse,
    "bs4 get_text": bs4_get_text,
}


def main() -> int:
    """Time every available extractor and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT / ".." / "shared" / "corpora")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the pages")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    pages_dir = args.corpora / CORPUS / "pages"
    if not pages_dir.is_dir():
        print(f"{pages_dir} not found", file=sys.stderr)
        return 2
    pages = [p.read_bytes() for p in sorted(pages_dir.glob("*/source.html"))]
    size_mb = sum(map(len, pages)) / 1e6
    print(f"{len(pages)} pages ({size_mb:.1f} MB) of {CORPUS}, {args.rounds} round(s)")
    print(f"{'extractor':30} {'docs/s/core':>12} {'docs/s wall':>12} {'ms/doc':>8}")
    for name in args.only or list(EXTRACTORS):
        try:
            run = EXTRACTORS[name]()
            run(pages[0])  # warm-up: imports, caches
        except ImportError as exc:
            print(f"{name:30} {'not installed':>12} ({exc.name})")
            continue
        except Exception as exc:  # a peer failing offline is a result, not a crash
            print(f"{name:30} failed: {type(exc).__name__}: {str(exc)[:60]}")
            continue
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for _ in range(args.rounds):
            for data in pages:
                run(data)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        n = len(pages) * args.rounds
        print(f"{name:30} {n / cpu:12.1f} {n / wall:12.1f} {1000 * cpu / n:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Office formats: docs/s and peak memory per format, docmill next to unstructured.

    python benchmarks/office_speed.py [--docs 20] [--paragraphs 60]

Documents are made in memory with each format's own library (the same makers as the
tests, scaled up: ``--paragraphs`` paragraphs, lists and a table per document, or the
corresponding number of slides). For every format the table shows:

* docmill: ``parser.parse`` (the registered parser: unstructured, python-pptx, pandoc +
  docmill's HTML parser, the email package) -> docs/s and peak traced Python memory;
* unstructured: ``partition_<format>`` on the same bytes, through docmill's offline loader
  (without it, unstructured would try to download its spaCy model and fail here);
* the import cost, measured in fresh interpreters: ``import transforms.parsers.office``
  (what ``docmill convert`` of PDFs/HTML pays) and the first DOCX parse (unstructured).

Peak memory is ``tracemalloc``'s peak during the run of one format (Python allocations;
pandoc runs as a subprocess and is not included). Warm-up: one document per format first.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms import mediatypes as mt  # noqa: E402
from transforms.config import PipelineConfig  # noqa: E402
from transforms.model import Source  # noqa: E402
from transforms.parsers import get_parser  # noqa: E402
from transforms.parsers.office import offline  # noqa: E402

_TEXT = "river samples nitrate survey downstream sites water quality spring autumn flood bank "
_TEXT += "treatment works levels rose measured station report method filter hour team"
WORDS = tuple(_TEXT.split())


def sentence(i: int, n: int = 14) -> str:
    return " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(n)).capitalize() + "."


def docx_doc(n: int, seed: int) -> bytes:
    import docx

    doc = docx.Document()
    doc.add_heading(f"Report {seed}", 0)
    for i in range(n):
        if i % 10 == 0:
            doc.add_heading(f"Section {i // 10}", 1)
        if i % 5 == 4:
            doc.add_paragraph(sentence(i + seed, 6), style="List Bullet")
        else:
            doc.add_paragraph(sentence(i + seed))
    table = doc.add_table(rows=6, cols=4)
    for r in range(6):
        for c in range(4):
            table.cell(r, c).text = f"{r}.{c}"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def pptx_doc(n: int, seed: int) -> bytes:
    import pptx

    deck = pptx.Presentation()
    for s in range(max(1, n // 6)):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = f"Slide title {seed}.{s}"
        frame = slide.placeholders[1].text_frame
        frame.text = sentence(s + seed, 8)
        for k in range(5):
            para = frame.add_paragraph()
            para.text, para.level = sentence(s + k + seed, 8), k % 2
        slide.notes_slide.notes_text_frame.text = sentence(s + seed)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def html_body(n: int, seed: int) -> str:
    parts = []
    for i in range(n):
        if i % 10 == 0:
            parts.append(f"<h2>Section {i // 10}</h2>")
        parts.append(f"<p>{sentence(i + seed)}</p>")
    parts.append("<ul>" + "".join(f"<li>{sentence(i, 5)}</li>" for i in range(5)) + "</ul>")
    rows = "".join(f"<tr><td>{r}</td><td>{r * 2}</td></tr>" for r in range(6))
    parts.append(f"<table><tr><th>a</th><th>b</th></tr>{rows}</table>")
    return "".join(parts)


def epub_doc(n: int, seed: int) -> bytes:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(f"bench-{seed}")
    book.set_title(f"Book {seed}")
    book.set_language("en")
    chapters = []
    for c in range(3):
        chapter = epub.EpubHtml(title=f"Chapter {c}", file_name=f"c{c}.xhtml", lang="en")
        chapter.content = (
            f"<html><body><h1>Chapter {c}</h1>{html_body(n // 3, seed + c)}</body></html>"
        )
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = tuple(chapters)
    book.spine = ["nav", *chapters]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    out = io.BytesIO()
    epub.write_epub(out, book)
    return out.getvalue()


def odt_doc(n: int, seed: int) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    doc = OpenDocumentText()
    for i in range(n):
        if i % 10 == 0:
            doc.text.addElement(H(outlinelevel=1, text=f"Section {i // 10}"))
        doc.text.addElement(P(text=sentence(i + seed)))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def rtf_doc(n: int, seed: int) -> bytes:
    body = "".join(f"{{\\pard {sentence(i + seed)}\\par}}\n" for i in range(n))
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times;}}\n" + body + "}").encode()


def rst_doc(n: int, seed: int) -> bytes:
    parts = [f"Report {seed}\n==========\n"]
    for i in range(n):
        if i % 10 == 0:
            parts.append(f"Section {i // 10}\n----------\n")
        parts.append(sentence(i + seed) + "\n")
    parts.append("\n".join(f"* {sentence(i, 5)}" for i in range(5)) + "\n")
    return "\n".join(parts).encode()


def eml_doc(n: int, seed: int) -> bytes:
    message = EmailMessage()
    message["From"] = "ada@example.org"
    message["To"] = "bob@example.org"
    message["Subject"] = f"Survey {seed}"
    message["Date"] = "Tue, 14 Apr 2026 09:30:00 +0200"
    message.set_content("\n\n".join(sentence(i + seed) for i in range(n)))
    message.add_alternative(f"<html><body>{html_body(n, seed)}</body></html>", subtype="html")
    return bytes(message)


def xml_doc(n: int, seed: int) -> bytes:
    items = "".join(
        f"<item id='{i}'><name>{sentence(i + seed, 4)}</name><note>{sentence(i)}</note></item>"
        for i in range(n)
    )
    return f"<?xml version='1.0'?><catalog>{items}</catalog>".encode()


FORMATS: dict[str, tuple[str, Callable[[int, int], bytes], str]] = {
    "DOCX": (mt.DOCX, docx_doc, "docx"),
    "PPTX": (mt.PPTX, pptx_doc, "pptx"),
    "EPUB": (mt.EPUB, epub_doc, "epub"),
    "ODT": (mt.ODT, odt_doc, "odt"),
    "RTF": (mt.RTF, rtf_doc, "rtf"),
    "RST": (mt.RST, rst_doc, "rst"),
    "EML": (mt.EML, eml_doc, "email"),
    "XML": (mt.XML, xml_doc, "xml"),
}


def measure(fn: Callable[[bytes], object], docs: list[bytes]) -> tuple[float, float]:
    """(docs/s, peak MB) of ``fn`` over ``docs``, after one warm-up call.

    Speed is timed without tracing; the peak comes from a second pass over three documents
    under ``tracemalloc`` (which slows Python down several times).
    """
    fn(docs[0])
    started = time.perf_counter()
    for data in docs:
        fn(data)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    for data in docs[:3]:
        fn(data)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return len(docs) / seconds, peak


def import_seconds(code: str) -> float:
    """Wall time of ``python -c code`` in a fresh interpreter, minus a bare interpreter."""

    def run(snippet: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", snippet], cwd=ROOT, check=True, capture_output=True)
        return time.perf_counter() - started

    return run(code) - run("pass")


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--docs", type=int, default=20, help="documents per format")
    args.add_argument("--paragraphs", type=int, default=60, help="paragraphs per document")
    args.add_argument("--formats", default=",".join(FORMATS), help="comma-separated subset")
    opts = args.parse_args()
    config = PipelineConfig()
    offline.load()
    print(f"{opts.docs} documents per format, {opts.paragraphs} paragraphs each\n")
    print(
        f"{'format':<6} {'KB/doc':>7} | {'docmill docs/s':>14} {'peak MB':>8} | "
        f"{'unstructured docs/s':>19} {'peak MB':>8} | docmill reads with"
    )
    for label in opts.formats.split(","):
        media_type, maker, partition_name = FORMATS[label]
        docs = [maker(opts.paragraphs, seed) for seed in range(opts.docs)]
        parser = get_parser(media_type)

        def ours(data: bytes, media_type=media_type, parser=parser) -> object:
            return parser.parse(Source("bench://x", "0" * 64, media_type, data, "x"), config)

        partition = offline.partitioner(partition_name)

        def theirs(data: bytes, partition=partition) -> object:
            return partition(file=io.BytesIO(data), languages=[""])

        ours_rate, ours_peak = measure(ours, docs)
        try:
            their_rate, their_peak = measure(theirs, docs)
            their = f"{their_rate:>19.1f} {their_peak:>8.1f}"
        except Exception as exc:  # a peer failing is a result too
            their = f"{'failed: ' + type(exc).__name__:>28}"
        used = ours(docs[0]).parser
        size = sum(map(len, docs)) / len(docs) / 1024
        print(f"{label:<6} {size:>7.1f} | {ours_rate:>14.1f} {ours_peak:>8.1f} | {their} | {used}")
    print()
    light = import_seconds("import transforms.parsers.office")
    heavy = import_seconds(
        "from transforms.parsers.office import offline; offline.partitioner('docx')"
    )
    print(f"import transforms.parsers.office: {light:.2f} s (PDF/HTML runs never import it)")
    print(f"first DOCX/XML document (loads unstructured offline): +{heavy:.2f} s once per process")


if __name__ == "__main__":
    main()

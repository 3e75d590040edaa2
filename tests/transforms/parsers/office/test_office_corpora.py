"""Office files of ../shared/corpora, read in place: the ODT sources of pypdf's sample PDFs.

Each ODT was exported by LibreOffice to the PDF next to it, so the PDF's words are the
ground truth for the ODT's text.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from transforms.config import PipelineConfig
from transforms.detect import detect_media_type
from transforms.model import Source
from transforms.parsers import get_parser

CORPORA = Path(__file__).resolve().parents[4] / ".." / "shared" / "corpora"
SAMPLES = CORPORA / "pypdf-sample-files"
PAIRS = [
    (
        "002-trivial-libre-office-writer/source.odt",
        "002-trivial-libre-office-writer/002-trivial-libre-office-writer.pdf",
    ),
    ("012-libreoffice-form/libreoffice-form.odt", "012-libreoffice-form/libreoffice-form.pdf"),
]


def _words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.casefold()))


@pytest.mark.corpora
@pytest.mark.parametrize(("odt", "pdf"), PAIRS)
def test_odt_text_matches_its_pdf_export(odt, pdf):
    if not SAMPLES.is_dir():
        pytest.skip("../shared/corpora not present")
    import pymupdf

    data = (SAMPLES / odt).read_bytes()
    media_type = detect_media_type(data, odt)
    doc = get_parser(media_type).parse(
        Source((SAMPLES / odt).as_uri(), "0" * 64, media_type, data, odt), PipelineConfig()
    )
    ours = _words(" ".join(e.text for e in doc.elements))
    with pymupdf.open(SAMPLES / pdf) as pdf_doc:
        truth = _words(" ".join(page.get_text() for page in pdf_doc))
    if "form" in odt:
        # Form controls (fields, check boxes) are not document text; the static text is.
        assert {"example", "for", "a", "form", "gender", "nationality"} <= set(ours)
        return
    recall = sum((ours & truth).values()) / sum(truth.values())
    precision = sum((ours & truth).values()) / sum(ours.values())
    assert recall > 0.98 and precision > 0.98
    assert doc.metadata["created"].startswith("2022-04-03")

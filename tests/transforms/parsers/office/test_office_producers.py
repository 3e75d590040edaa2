"""One document written by another producer (pandoc) in five formats reads the same in each.

The tests' other documents come from python-docx, python-pptx, ebooklib and odfpy; pandoc
writes DOCX, ODT, EPUB, RTF and PPTX its own way (numbering definitions, list styles,
two-column slide layouts, RTF lists as text), so the same structure must survive them too.
"""

from __future__ import annotations

import subprocess

import pytest

from transforms.config import PipelineConfig
from transforms.detect import detect_media_type
from transforms.model import Kind, Source
from transforms.parsers import get_parser
from transforms.parsers.office.documents import _pandoc

SOURCE = """\
# Water Survey

Samples were taken at twelve sites along the river.

## Methods

- Collect samples
- Filter within an hour
    - Keep them cold

1. Label bottles
2. Ship to the lab

| Site | pH  |
|------|-----|
| A    | 7.1 |
| B    | 6.8 |

## Results

Nitrate rose downstream.
"""
ITEMS = [
    ("Collect samples", 0, None),
    ("Filter within an hour", 0, None),
    ("Keep them cold", 1, None),
    ("Label bottles", 0, 1),
    ("Ship to the lab", 0, 2),
]


def _write(fmt: str) -> bytes:
    done = subprocess.run(
        [_pandoc()[0], "--from", "markdown", "--to", fmt, "--output", "-", "--standalone"],
        input=SOURCE.encode(),
        capture_output=True,
        check=True,
        timeout=120,
    )
    return done.stdout


@pytest.mark.parametrize("fmt", ["docx", "odt", "epub", "rtf", "pptx"])
def test_same_structure_from_pandoc(fmt):
    data = _write(fmt)
    media_type = detect_media_type(data, f"survey.{fmt}")
    source = Source(f"file:///survey.{fmt}", "0" * 64, media_type, data, f"survey.{fmt}")
    doc = get_parser(media_type).parse(source, PipelineConfig())
    items = [(e.text, e.level, e.ordinal) for e in doc.elements if e.kind is Kind.LIST_ITEM]
    assert items == ITEMS
    (table,) = [e.table for e in doc.elements if e.kind is Kind.TABLE]
    assert table.grid() == [["Site", "pH"], ["A", "7.1"], ["B", "6.8"]]
    texts = [e.text for e in doc.elements]
    # reading order: the paragraph before the lists, the table before "Nitrate rose"
    first = next(i for i, t in enumerate(texts) if t.startswith("Samples were taken"))
    assert first < texts.index("Collect samples")
    assert texts.index("Ship to the lab") < texts.index("Nitrate rose downstream.")
    if fmt != "pptx":  # slides turn headings into slide titles
        headings = [e.text for e in doc.elements if e.kind in (Kind.HEADING, Kind.TITLE)]
        assert headings[-2:] == ["Methods", "Results"]

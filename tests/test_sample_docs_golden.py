"""The main job on sample_docs/: exit 0, known heading paths and pages, and golden chunks.

The golden file ``tests/golden/sample_docs_chunks.json`` is regenerated only with
``DOCMILL_UPDATE_GOLDEN=1``; ``test_golden_update_flag_is_off`` keeps that flag out of CI.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from flows.cli import main

SAMPLE_DOCS = Path(__file__).resolve().parents[1] / "sample_docs"

GOLDEN = Path(__file__).parent / "golden" / "sample_docs_chunks.json"
UPDATE = os.environ.get("DOCMILL_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample_out")
    result = CliRunner().invoke(main, ["convert", str(SAMPLE_DOCS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["validate", str(out)]).exit_code == 0
    return out


@pytest.fixture(scope="module")
def chunks(out) -> dict[str, list[dict]]:
    rows = ds.dataset(out / "chunks").to_table().to_pylist()
    by_file: dict[str, list[dict]] = {}
    for r in sorted(rows, key=lambda r: (r["source_uri"], r["chunk_index"])):
        by_file.setdefault(Path(r["source_uri"]).name, []).append(r)
    return by_file


def _find(chunks: list[dict], needle: str) -> dict:
    hits = [c for c in chunks if needle in c["text"]]
    assert hits, f"no chunk contains {needle!r}"
    return hits[0]


def test_every_sample_converts(out):
    docs = ds.dataset(out / "documents").to_table().to_pylist()
    assert sorted(Path(d["source_uri"]).name for d in docs) == sorted(
        p.name for p in SAMPLE_DOCS.iterdir()
    )
    assert ds.dataset(out / "failures").count_rows() == 0


def test_pdf_structure(chunks, out):
    pdf = chunks["annual-report.pdf"]
    letter = _find(pdf, "infrastructure")  # joined across the hyphenated line end
    assert letter["heading_path"] == ["Letter from the Director"]
    assert (letter["page_start"], letter["page_end"]) == (1, 1)
    assert "well-maintained" in letter["text"]
    storage = _find(pdf, "Treated water is stored")
    assert storage["heading_path"] == ["System Overview", "Treatment and Storage"]
    assert storage["page_end"] == 2
    table = _find(pdf, "Q3 2025")
    assert "table" in table["element_types"]
    assert table["heading_path"][-1] == "Water Production" and table["page_start"] == 2
    assert "| Q3 2025 | 131.4 | 116.7 | 11.2 | 3 |" in table["text"]
    for c in pdf:
        assert "Page 1 of 3" not in c["text"] and "Annual Report 2025\n" not in c["text"][:0]
        assert "— Annual Report 2025" not in c["text"]  # running header removed
        assert c["boxes"], "PDF chunks carry their boxes"
    docs = ds.dataset(out / "documents").to_table().to_pylist()
    pdf_doc = next(d for d in docs if d["source_uri"].endswith("annual-report.pdf"))
    assert pdf_doc["page_count"] == 3
    assert pdf_doc["title"] == "Riverbend Water Utility Annual Report 2025"


def test_html_main_content(chunks):
    html = chunks["article.html"]
    text = "\n".join(c["text"] for c in html)
    for boilerplate in ("Accept", "Outages", "Related articles"):
        assert boilerplate not in text
    code = _find(html, "from statistics import mean")
    assert code["heading_path"][-2:] == ["What we measure", "How we summarize the readings"]
    assert "```python" in code["text"]
    assert "| Quarry Hill | 8 | 0.41 | 0.33 | 0.52 |" in _find(html, "Quarry Hill | 8")["text"]


def test_spreadsheets_and_markdown(chunks):
    xlsx = chunks["budget.xlsx"]
    assert {c["sheet"] for c in xlsx if "table" in c["element_types"]} == {"Operating", "Capital"}
    assert _find(xlsx, "CP-26-03")["heading_path"] == ["Capital"]
    csv = chunks["water-quality.csv"]
    assert csv[0]["row_start"] == 0 and csv[-1]["row_end"] == 19
    for c in csv[1:]:
        assert c["context"].startswith("| sample_id |")
    md = chunks["field-guide.md"]
    assert _find(md, "### Target Flows")["heading_path"] == [
        "Hydrant Flushing Field Guide",
        "Flushing Procedure",
        "Target Flows",
    ]


def _summary(chunks: dict[str, list[dict]]) -> dict:
    return {
        name: [
            {
                "heading_path": c["heading_path"],
                "pages": [c["page_start"], c["page_end"]],
                "element_types": c["element_types"],
                "start": c["text"][:60],
                "end": c["text"][-40:],
            }
            for c in rows
        ]
        for name, rows in sorted(chunks.items())
    }


def test_golden_chunks(chunks):
    current = _summary(chunks)
    if UPDATE:
        GOLDEN.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n")
    assert current == json.loads(GOLDEN.read_text())


def test_golden_update_flag_is_off():
    assert not UPDATE, "DOCMILL_UPDATE_GOLDEN must not be set outside a deliberate update"

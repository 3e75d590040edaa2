"""Documents and hand-made chunks for the pair builder's tests (tests/transforms/pairs,
tests/flows/test_cli_pairs.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from schemas import ChunkRecord

DOCS = {
    "harbor.md": """# Harbor Tide Guide

## Tides

A tide gauge is an instrument that measures the height of the sea surface at a fixed place.
The Harbor Authority installed the first gauge in 1923, and readings are taken every 6 minutes.

Spring tides are the largest tides of the month. They occur near the new moon and the full
moon, when the Sun and the Moon pull in line.

## Moorings

The Eastern Basin contains forty visitor moorings with a depth of four metres at low water.
Boats longer than twelve metres must book a berth with the Harbour Master in advance.

| Berth | Length limit | Depth | Daily fee |
|---|---|---|---|
| North Quay | 15 m | 5.2 m | 38 EUR |
| South Pontoon | 12 m | 3.1 m | 24 EUR |
| Fuel Dock | 20 m | 6.0 m | none |

## Safety

A lifebuoy is a ring-shaped float thrown to a person in the water. Margaret Holloway, the
harbour safety officer, inspects every lifebuoy on the first Monday of each month.
""",
    "stations.csv": (
        "station,region,opened,elevation_m\n"
        "Aldmoor,North,1998,312\nBrackwater,East,2004,45\n"
        "Cinderford,South,1987,120\nDunhollow,West,2011,530\n"
    ),
    "orchard.md": """# Orchard Notes

## Pruning

Winter pruning is the removal of branches while the tree is dormant. The Royal Pomological
Society recommends pruning apple trees between November and March, before the buds swell.

## Varieties

The Bramley apple was first grown by Mary Ann Brailsford in 1809 in Southwell. A russet is an
apple with a rough, brownish skin that feels like fine sandpaper.
""",
    "weather.md": """# Station Weather Log

## Instruments

An anemometer is a device that measures wind speed. The Kestrel Ridge station recorded a gust
of 41 metres per second in January 2019, the highest value in its archive.

## Maintenance

Technicians from the Northern Survey Office calibrate the barometer every 90 days. A
calibration certificate is a document that records the reference values used.
""",
}


def write_docs(folder: Path, docs: dict[str, str] = DOCS) -> Path:
    """Write the test documents into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def make_chunk(text: str, *, context: str = "", kinds=("paragraph",), index: int = 0, **kw):
    """A hand-made chunk record for unit tests."""
    fields = {
        "chunk_id": f"c{index}-{abs(hash(text)) % 10**8}",
        "doc_id": kw.pop("doc_id", "d" * 64),
        "source_uri": kw.pop("source_uri", "file:///tmp/doc.md"),
        "media_type": "text/markdown",
        "chunk_index": index,
        "text": text,
        "context": context,
        "heading_path": list(kw.pop("heading_path", [])),
        "char_start": 0,
        "char_end": len(text),
        "token_count": len(text.split()),
        "tokenizer": "regex-v1",
        "element_types": list(kinds),
        "parser": "test",
        "pipeline_version": "0",
        "config_hash": "0",
        "created_at": datetime(2026, 1, 1, tzinfo=UTC),
    }
    fields.update(kw)
    return ChunkRecord(**fields)

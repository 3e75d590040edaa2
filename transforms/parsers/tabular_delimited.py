"""CSV and TSV: encoding and dialect sniffed, streamed in two passes over the bytes.

Pass one walks every record once with the ``csv`` module and keeps only what a big file
needs: the byte offset where each non-empty record ends, which columns ever hold a value,
and the first rows (for the title block and header). Table elements are then blocks of
``TableOptions.block_rows`` rows whose cells are decoded again from their byte range on
demand (:class:`transforms.tables.LazyRows`), so a million-row file never exists as a
million rows of ``Cell`` objects. Values are kept exactly as written in the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import platform
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

from charset_normalizer import from_bytes

from transforms import mediatypes as mt
from transforms.config import PipelineConfig
from transforms.errors import DocumentError, LimitExceededError
from transforms.model import Cell, Element, Kind, ParsedDoc, Source, Table
from transforms.parsers.tabular_shape import (
    LAYOUT_SAMPLE_ROWS,
    detect_layout,
    lazy_block,
    title_elements,
)

csv.field_size_limit(max(csv.field_size_limit(), 1 << 24))

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CANDIDATES = (",", ";", "\t", "|", ":")
_SNIFF_BYTES = 64 * 1024
_NO_DELIMITER = "\x1f"  # the ASCII unit separator: one column when nothing else fits


@dataclass(frozen=True)
class Text:
    """The source as UTF-8 bytes: ``data[start:]`` holds the records."""

    data: bytes
    start: int
    encoding: str


def to_utf8(data: bytes) -> Text:
    """Find the encoding (BOM, UTF-16 without BOM, UTF-8, else detected) and transcode."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            if name == "utf-8":
                return Text(data, len(bom), "utf-8-sig")
            return Text(data[len(bom) :].decode(name, "replace").encode("utf-8"), 0, name)
    head = data[:4096]
    if len(head) >= 4:
        odd_zeros = head[1::2].count(0) / max(len(head[1::2]), 1)
        even_zeros = head[0::2].count(0) / max(len(head[0::2]), 1)
        for share, name in ((odd_zeros, "utf-16-le"), (even_zeros, "utf-16-be")):
            if share > 0.4 and min(odd_zeros, even_zeros) < 0.05:
                return Text(data.decode(name, "replace").encode("utf-8"), 0, name)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data[: _SNIFF_BYTES * 16], final=False)
        return Text(data, 0, "utf-8")  # later invalid bytes, if any, become U+FFFD
    except UnicodeDecodeError:
        pass
    encoding = _legacy_encoding(data[: _SNIFF_BYTES * 4])
    return Text(data.decode(encoding, "replace").encode("utf-8"), 0, encoding)


def _legacy_encoding(sample: bytes) -> str:
    """The detected 8-bit encoding; among equally plausible ones Windows-1252 wins."""
    matches = list(from_bytes(sample))
    if not matches:
        return "cp1252"
    best = matches[0]
    for match in matches:
        if match.encoding == "cp1252" and (match.chaos, -match.coherence) <= (
            best.chaos,
            -best.coherence,
        ):
            return "cp1252"
    return best.encoding


def _fix_line_ends(text: Text) -> Text:
    sample = text.data[text.start : text.start + _SNIFF_BYTES]
    if b"\n" not in sample and b"\r" in sample:  # classic Mac line ends
        return Text(text.data[text.start :].replace(b"\r", b"\n"), 0, text.encoding)
    return text


def sniff_delimiter(sample: str, prefer: str | None = None, truncated: bool = False) -> str:
    """The delimiter giving the most consistent record width > 1 (ties: more columns)."""
    lines = sample.splitlines()
    if truncated and len(lines) > 1:
        sample = "\n".join(lines[:-1])  # the last line may be cut
    best, best_score = _NO_DELIMITER, (0.0, 0)
    for delimiter in _CANDIDATES:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            widths = [len(r) for r in reader if r][:200]
        except csv.Error:  # e.g. a stray CR inside an unquoted field
            continue
        if not widths:
            continue
        mode = max(set(widths), key=lambda w: (widths.count(w), w))
        if mode < 2:
            continue
        share = widths.count(mode) / len(widths)
        score = (share + (0.5 if delimiter == prefer else 0.0), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class _Dialect(csv.Dialect):
    delimiter = ","
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\n"
    quoting = csv.QUOTE_MINIMAL
    strict = False


def _dialect(delimiter: str) -> type[csv.Dialect]:
    return type("SniffedDialect", (_Dialect,), {"delimiter": delimiter})


def _nonempty(row: list[str]) -> bool:
    return any(v.strip() for v in row)


@dataclass
class _Scan:
    ends: array  # byte offset after each non-empty record
    width: int
    used: list[bool]
    head: list[list[str]]


def _scan(text: Text, dialect: type[csv.Dialect], config: PipelineConfig) -> _Scan:
    buf = io.BytesIO(text.data)
    buf.seek(text.start)
    pos = text.start

    def lines() -> Iterator[str]:
        nonlocal pos
        for raw in buf:
            pos += len(raw)
            yield raw.decode("utf-8", "replace")

    ends = array("q")
    used: list[bool] = []
    unused = 0
    head: list[list[str]] = []
    max_columns = config.tables.max_columns
    try:
        for row in csv.reader(lines(), dialect):
            if not _nonempty(row):
                continue
            ends.append(pos)
            if len(row) > len(used):
                if len(row) > max_columns:
                    raise LimitExceededError(
                        f"row {len(ends)} has {len(row)} columns, over the limit of {max_columns}"
                    )
                unused += len(row) - len(used)
                used.extend([False] * (len(row) - len(used)))
            if unused:
                for c, v in enumerate(row):
                    if not used[c] and v.strip():
                        used[c] = True
                        unused -= 1
            if len(head) < LAYOUT_SAMPLE_ROWS:
                head.append(row)
    except csv.Error as exc:
        raise DocumentError(
            f"unreadable delimited text near record {len(ends) + 1}: {exc}", reason="corrupt"
        ) from exc
    return _Scan(ends, len(used), used, head)


class DelimitedParser:
    """CSV/TSV files: every non-empty record a row, cells exactly as written."""

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Sniff encoding and delimiter, find title and header rows, emit table blocks."""
        if not source.data.strip():
            raise DocumentError("the file is empty", reason="empty")
        text = _fix_line_ends(to_utf8(source.data))
        sample = text.data[text.start : text.start + _SNIFF_BYTES].decode("utf-8", "replace")
        prefer = "\t" if source.media_type == mt.TSV else None
        truncated = len(text.data) - text.start > _SNIFF_BYTES
        delimiter = sniff_delimiter(sample, prefer, truncated)
        dialect = _dialect(delimiter)
        scan = _scan(text, dialect, config)
        keep = [c for c in range(scan.width) if scan.used[c]]
        if not scan.ends or not keep:
            raise DocumentError("the file holds no values", reason="empty")
        cells = len(scan.ends) * len(keep)
        if cells > config.tables.max_cells:
            raise LimitExceededError(
                f"{len(scan.ends)} rows x {len(keep)} columns is over the limit of "
                f"{config.tables.max_cells} cells"
            )
        head = [[row[c] if c < len(row) else "" for c in keep] for row in scan.head]
        layout = detect_layout(head)
        elements: list[Element] = title_elements(head, layout.title_rows, level=1)
        first = layout.title_rows + layout.header_rows  # index of the first data row
        header = [tuple(v.strip() for v in row) for row in head[layout.title_rows : first]]
        n_data = len(scan.ends) - first
        block = max(config.tables.block_rows, 1)
        width, full = len(keep), keep == list(range(scan.width))

        def body(lo: int, hi: int) -> Iterator[tuple[str, ...]]:
            """Data rows lo..hi-1 as text, decoded again from their byte range."""
            start = scan.ends[first + lo - 1] if first + lo > 0 else text.start
            chunk = text.data[start : scan.ends[first + hi - 1]].decode("utf-8", "replace")
            for row in csv.reader(io.StringIO(chunk, newline=""), dialect):
                if not _nonempty(row):
                    continue
                if full:
                    cells = tuple(map(str.strip, row))
                    yield cells + ("",) * (width - len(cells)) if len(cells) < width else cells
                else:
                    yield tuple(row[c].strip() if c < len(row) else "" for c in keep)

        if n_data <= block:
            rows = header + (list(body(0, n_data)) if n_data > 0 else [])
            table = Table(
                rows=tuple(tuple(map(Cell, r)) for r in rows), header_rows=layout.header_rows
            )
            elements.append(Element(Kind.TABLE, table=table))
        else:
            for lo in range(0, n_data, block):
                hi = min(lo + block, n_data)
                elements.append(
                    lazy_block(
                        header,
                        hi - lo,
                        lambda lo=lo, hi=hi: body(lo, hi),
                        name=None,
                        row_offset=lo,
                    )
                )
        metadata = {
            "encoding": text.encoding,
            "delimiter": {"\t": "tab", _NO_DELIMITER: "none"}.get(delimiter, delimiter),
            "rows": str(max(n_data, 0)),
            "columns": str(len(keep)),
            "header_rows": str(layout.header_rows),
        }
        return ParsedDoc(
            source=source,
            elements=tuple(elements),
            parser=f"csv=={platform.python_version()}",
            title=elements[0].text if layout.title_rows else None,
            metadata=metadata,
        )

"""Table look-ups: "What is <column> for <row>?" from the tables inside chunks.

A chunk's table may be Markdown, HTML (when cells span) or row records
(``Key: value; Key: value``); a chunk that continues a long table carries the header in
its ``context``, so the header is taken from there when the chunk's text has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from schemas import ChunkRecord
from transforms.pairs.common import line_span, pick, prompt_hash, scope, user_turn, variant
from transforms.pairs.corpus import Candidate, Corpus, chunk_source
from transforms.tables import header_keys, parse_html_table, parse_markdown_table

GENERATOR = "offline/table-v1"
QUESTIONS = (
    "What is the {column} for {row} in {where}?",
    "In {where}, what is the {column} of {row}?",
    "According to {where}, what is the {column} for {row}?",
)
OPEN_QUESTIONS = ("What is the {column} for {row}?", "What is the {column} of {row}?")
ANSWER = "The {column} for {row} is {value}."

_DELIMITER = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_RECORD_LINE = re.compile(r"^[^:;|]{1,80}: [^;]*(?:; [^:;|]{1,80}: [^;]*)+$")
# "Table 2-1 FUNCTION_USAGE view", "Table 3: Results"; not "Table 1 shows how ..."
_CAPTION = re.compile(r"^(?:Table|Tab\.|Tabelle|Tableau)\s*[\dIVX][\w.\-]*[:.]?(?:\s+[^a-z\s].*)?$")
_GENERIC_KEY = re.compile(r"^(Column \d+|Unnamed: ?\d+|\d+)$")
MAX_CELL_CHARS = 200


@dataclass(frozen=True)
class ChunkTable:
    """A table read back from chunk text: column keys, body rows, and a caption if any."""

    keys: list[str]
    rows: list[list[str]]
    caption: str | None


def _blocks(lines: list[str], test) -> Iterator[tuple[int, list[str]]]:
    start, block = -1, []
    for i, line in enumerate(lines):
        if test(line):
            if not block:
                start = i
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def _caption(lines: list[str], index: int) -> str | None:
    for line in reversed(lines[max(0, index - 3) : index]):
        if line.strip():
            text = line.strip()
            return text if len(text) <= 100 and _CAPTION.match(text) else None
    return None


def _context_lines(context: str, test) -> list[str]:
    return [line for line in context.splitlines() if test(line.strip())]


def _markdown_tables(chunk: ChunkRecord, lines: list[str]) -> Iterator[ChunkTable]:
    def is_row(s: str) -> bool:
        return s.strip().startswith("|")

    for start, block in _blocks(lines, is_row):
        if len(block) >= 2 and _DELIMITER.match(block[1].strip()):
            grid = parse_markdown_table("\n".join(block))
        else:  # a continuation: the header is in the context
            head = _context_lines(chunk.context, is_row)
            if len(head) < 2 or not _DELIMITER.match(head[1]):
                continue
            grid = parse_markdown_table("\n".join(head[:2] + block))
        if len(grid) >= 2:
            yield ChunkTable(grid[0], grid[1:], _caption(lines, start))


def _html_tables(chunk: ChunkRecord, lines: list[str]) -> Iterator[ChunkTable]:
    def is_html(s: str) -> bool:
        return s.strip().startswith(("<table", "<tr", "</table"))

    for start, block in _blocks(lines, is_html):
        text = "\n".join(block)
        if "<th" not in text:
            head = [s for s in _context_lines(chunk.context, is_html) if "<th" in s]
            text = "<table>\n" + "\n".join(head) + "\n" + text
        table = parse_html_table(text)
        n_head = table.header_rows
        if n_head == 0 or any(
            c.row_span > 1 or c.col_span > 1 for r in table.rows[n_head:] for c in r
        ):
            continue  # no header to name columns by, or merged body cells (layout debris)
        grid = table.grid()
        if len(grid) > n_head:
            yield ChunkTable(header_keys(table, grid), grid[n_head:], _caption(lines, start))


def _record_tables(lines: list[str]) -> Iterator[ChunkTable]:
    for start, block in _blocks(lines, lambda s: bool(_RECORD_LINE.match(s.strip()))):
        rows = [dict(p.split(": ", 1) for p in line.strip().split("; ")) for line in block]
        keys = list(dict.fromkeys(k for r in rows for k in r))
        grid = [[r.get(k, "") for k in keys] for r in rows]
        if len(grid) >= 2:
            yield ChunkTable(keys, grid, _caption(lines, start))


def chunk_tables(chunk: ChunkRecord) -> list[ChunkTable]:
    """Every table found in ``chunk`` (empty unless its element types include a table)."""
    if "table" not in chunk.element_types:
        return []
    lines = chunk.text.splitlines()
    return [*_markdown_tables(chunk, lines), *_html_tables(chunk, lines), *_record_tables(lines)]


def _label_column(table: ChunkTable) -> int | None:
    """The first column whose values name their rows: all present, unique, not just numbers."""
    for c in range(len(table.keys)):
        values = [" ".join(r[c].split()) if c < len(r) else "" for r in table.rows]
        if (
            all(values)
            and len(set(values)) == len(values)
            and all(re.search(r"[^\W\d_]", v) for v in values)
            and all(len(v) <= 80 for v in values)
            and not _GENERIC_KEY.match(table.keys[c].strip())
        ):
            return c
    return None


def _where(chunk: ChunkRecord, table: ChunkTable, doc: str) -> str:
    name = table.caption or chunk.sheet or (chunk.heading_path[-1] if chunk.heading_path else "")
    if name and name.strip().lower() != doc.strip().lower():
        return f'the table "{name}" of "{doc}"'
    return f'the table in "{doc}"'


def table_pairs(corpus: Corpus, options):
    """Look-up questions on every table row, at most ``max_per_chunk`` per chunk."""
    phash = prompt_hash(GENERATOR, *QUESTIONS, *OPEN_QUESTIONS, ANSWER, options.context)
    for chunk in corpus.chunks:
        found = []
        for table in chunk_tables(chunk):
            label = _label_column(table)
            if label is None:
                continue
            for row in table.rows:
                for c, key in enumerate(table.keys):
                    value = " ".join(row[c].split()) if c < len(row) else ""
                    key = " ".join(key.split())
                    if c == label or not value or not key or _GENERIC_KEY.match(key):
                        continue
                    if len(value) > MAX_CELL_CHARS:
                        continue
                    found.append((table, " ".join(row[label].split()), key, value))
        chosen = pick(found, options.max_per_chunk, lambda f: f"{f[1]}|{f[2]}", options.seed)
        for table, row, column, value in chosen:
            where = _where(chunk, table, corpus.label(chunk.doc_id))
            templates = QUESTIONS if options.context == "closed" else OPEN_QUESTIONS
            question = variant(templates, options.seed, chunk.chunk_id, row, column).format(
                column=column, row=row, where=where
            )
            answer = ANSWER.format(column=column, row=row, value=value.rstrip(". ") or value)
            yield Candidate(
                kind="chat",
                task="table",
                generator=GENERATOR,
                prompt_hash=phash,
                chunks=(chunk,),
                messages=(
                    ("user", user_turn(question, (chunk,), options.context)),
                    ("assistant", answer),
                ),
                question=question,
                answer=value,
                source=chunk_source(chunk),
                scope=scope((chunk,), options.context),
                near_dup=False,
                evidence=line_span(chunk, row),
            )

"""Tables drawn without rules: rows of short phrases lined up over columns of white space.

Registers, listings and statistical releases often print a table as bare text: each
row a line of phrases far apart, the columns made only by white space running down the
page. Read as text, such a table comes out column by column or as runs of unrelated
words. Here a run of such rows is read as a table when:

- three or more consecutive rows hold three or more phrases (a row's lines, parted by
  more than a word space: MuPDF and :func:`lines._merge_same_baseline` keep far-apart
  phrases apart) of at most ``MAX_CELL_WORDS`` words each; a row or two of fewer
  phrases between them (a cell wrapped onto a second line) stays in the run;
- white channels crossed by at most a tenth of the rows cut it into three or more
  columns, half the rows or more filling two or more of them;
- one column holds figures (amounts, codes, dates), or cells led by one, in most body
  rows: prose set in columns, an index or a list of names side by side, has none;
- no column reads as running text (most of its cells going on from the line before).

Up to three rows just above, of two phrases or more of a few words each and no
figures, head the columns; so do the first rows without figures in that column.
Conservative by design: a table sharing its rows with a column of running text is left
as text, and so are lines numbered down a margin (a transcript's line numbers go on
past the run).
"""

from __future__ import annotations

from collections.abc import Callable
from statistics import median

from transforms.model import Cell, Table
from transforms.parsers.pdf.cells import cell_text
from transforms.parsers.pdf.lines import Line, rows_of
from transforms.parsers.pdf.rule_tables import word_rows
from transforms.parsers.pdf.subgrid import FIGURE, MIN_CHANNEL, white_channels
from transforms.parsers.pdf.tables import PageTable, overlap

Rect = tuple[float, float, float, float]

MIN_ROWS = 3  # rows of three phrases or more
MIN_COLUMNS = 3
MAX_CELL_WORDS = 12
MAX_MEAN_WORDS = 5.0  # words per filled cell, on average
MAX_HEADER_ROWS = 3
MAX_HEAD_WORDS = 6  # words of a column heading over a table
MAX_NARROW_RUN = 2  # rows of fewer phrases inside a table (wrapped cells)

_SIGNS = frozenset("$€£¥%")  # a currency or percent sign set apart from its amount


def _is_figure(text: str) -> bool:
    """A cell of figures or led by one: an amount, a count, a code ("0094 Granja"), a date."""
    tokens = text.split()
    return bool(tokens) and (FIGURE.match(tokens[0]) is not None or tokens[0] in _SIGNS)


WordBox = tuple[float, float, float, str]  # centre y, x0, x1, text
WordsIn = Callable[[Rect], list[tuple]]  # MuPDF's words inside a box


def text_tables(
    lines: list[Line], taken: list[Rect], words_in: WordsIn | None = None
) -> list[PageTable]:
    """Tables set without rules among ``lines`` (one page), away from ``taken`` boxes.

    ``words_in``: MuPDF's words in a box of the lines' space, when there is one (upright
    pages): a table's cells are then read from its words, phrases parted at gaps of
    ``MIN_CHANNEL`` heights (a line may join a code and a name, "01 Aguascalientes").
    """
    rows = rows_of(lines)
    wide = [len(r) >= MIN_COLUMNS and all(_short(ln) for ln in r) for r in rows]
    if sum(wide) < MIN_ROWS:
        return []
    height = median(ln.height for ln in lines)
    found: list[PageTable] = []
    for body in _runs(rows, wide, height):
        start = next(i for i, row in enumerate(rows) if row is body[0])
        if _numbered_lines(rows, start, start + len(body)):
            continue
        heads = _heads_above(rows, start, height)
        run = heads + body
        x0 = min(ln.x0 for row in run for ln in row)
        x1 = max(ln.x1 for row in run for ln in row)
        bbox = (x0, min(ln.y0 for ln in run[0]), x1, max(ln.y1 for ln in run[-1]))
        if any(overlap(bbox, box) for box in taken):
            continue
        boxes = [[((ln.y0 + ln.y1) / 2, ln.x0, ln.x1, ln.text) for ln in row] for row in run]
        head = len(heads)
        if words_in is not None:
            phrases = _phrase_rows(words_in(bbox), height)
            if len(phrases) >= len(run):
                top = min(ln.y0 for ln in body[0])
                boxes, head = phrases, sum(1 for row in phrases if row[0][0] < top)
        table = _read(boxes, height, head)
        if table is not None:
            found.append(PageTable(bbox=bbox, table=table))
    return found


def _phrase_rows(words: list[tuple], height: float) -> list[list[WordBox]]:
    """MuPDF's words as rows of phrases (words closer than a column gap joined)."""
    rows = word_rows([((w[1] + w[3]) / 2, w[0], w[2], w[4]) for w in words], height)
    out: list[list[WordBox]] = []
    for row in rows:
        phrases: list[WordBox] = []
        for word in sorted(row, key=lambda w: w[1]):
            last = phrases[-1] if phrases else None
            if last is not None and word[1] - last[2] < MIN_CHANNEL * height:
                phrases[-1] = (last[0], last[1], max(last[2], word[2]), f"{last[3]} {word[3]}")
            else:
                phrases.append(word)
        out.append(phrases)
    return out


def _numbered_lines(rows: list[list[Line]], start: int, stop: int) -> bool:
    """Whether ``rows[start:stop]`` begin with a margin's line numbers.

    A transcript's or a pleading's lines are numbered down the margin; numbers that go on
    just above or below the run number lines, not a table's rows.
    """
    firsts = [row[0].text for row in rows[start:stop]]
    if not all(t.isascii() and t.isdigit() for t in firsts):
        return False
    numbers = [int(t) for t in firsts]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return False
    before = rows[start - 1][0].text if start else ""
    after = rows[stop][0].text if stop < len(rows) else ""
    return before == str(numbers[0] - 1) or after == str(numbers[-1] + 1)


def _heads_above(rows: list[list[Line]], start: int, height: float) -> list[list[Line]]:
    """Rows just over a run that head its columns: two phrases or more, short, no figures.

    Column headings wrap onto two or three lines of fewer phrases than the rows under
    them ("Clave / Entidad"); a lone phrase on top is a caption or a title.
    """
    heads: list[list[Line]] = []
    top = min(ln.y0 for ln in rows[start])
    for row in reversed(rows[max(start - MAX_HEADER_ROWS, 0) : start]):
        # a row of as many headings as columns may stand apart (a rule under it)
        gap = (3.0 if len(row) >= MIN_COLUMNS else 1.5) * height
        if top - max(ln.y1 for ln in row) > gap or len(row) < 2:
            break
        if any(len(ln.text.split()) > MAX_HEAD_WORDS or _is_figure(ln.text) for ln in row):
            break  # a sentence, or a row of figures (the end of something else)
        heads.insert(0, row)
        top = min(ln.y0 for ln in row)
    return heads


def _short(line: Line) -> bool:
    return len(line.text.split()) <= MAX_CELL_WORDS


def _runs(rows: list[list[Line]], wide: list[bool], height: float) -> list[list[list[Line]]]:
    """Runs of close rows that start and end with a wide row, narrow ones allowed between."""
    runs: list[list[list[Line]]] = []
    current: list[list[Line]] = []
    narrow = 0
    for row, is_wide in zip(rows, wide, strict=True):
        top = min(ln.y0 for ln in row)
        bottom = max(ln.y1 for ln in current[-1]) if current else top
        close = top - bottom <= 1.5 * height
        if current and close and (is_wide or narrow < MAX_NARROW_RUN):
            current.append(row)
            narrow = 0 if is_wide else narrow + 1
            continue
        if current:
            runs.append(current[: len(current) - narrow])
        current, narrow = ([row], 0) if is_wide else ([], 0)
    if current:
        runs.append(current[: len(current) - narrow])
    return [r for r in runs if sum(1 for row in r if len(row) >= MIN_COLUMNS) >= MIN_ROWS]


def _read(boxes: list[list[WordBox]], height: float, head: int = 0) -> Table | None:
    """Rows of phrases as a table, or None when they do not hold together as one.

    ``head``: rows over the body (headings); the columns are found in the body's rows.
    """
    body = boxes[head:]
    channels = white_channels(body, len(body) // 10, MIN_CHANNEL * height)
    cuts = [(a + b) / 2 for a, b in channels]
    if len(cuts) + 1 < MIN_COLUMNS:
        return None
    texts: list[list[str]] = []
    for row in boxes:
        cells: list[list[str]] = [[] for _ in range(len(cuts) + 1)]
        for _, x0, x1, text in sorted(row, key=lambda b: b[1]):
            cells[sum(1 for cut in cuts if (x0 + x1) / 2 > cut)].append(text)
        texts.append([" ".join(cell) for cell in cells])
    filled = [t for row in texts for t in row if t]
    if sum(len(t.split()) for t in filled) > MAX_MEAN_WORDS * len(filled):
        return None
    if sum(1 for row in texts if sum(1 for t in row if t) >= 2) < 0.5 * len(texts):
        return None
    if any(_running_text([row[j] for row in texts]) for j in range(len(cuts) + 1)):
        return None
    figures = _figure_column(texts[head:])
    if figures is None:
        return None
    header = head  # and the body's first rows without figures
    while header < min(max(head, MAX_HEADER_ROWS), len(texts) - MIN_ROWS) and not _is_figure(
        texts[header][figures]
    ):
        header += 1
    texts = texts[:header] + _continued(texts[header:], figures)
    rows = tuple(tuple(Cell(cell_text(t)) for t in row) for row in texts)
    return Table(rows=rows, header_rows=header)


def _continued(body: list[list[str]], figures: int) -> list[list[str]]:
    """Body rows with the lines that go on a cell of the row above joined to it.

    A line without a figure whose cells all start in lower case under filled cells
    ("a delin-" / "quency penalty was assessed") is the rest of those cells, not a row.
    """
    out: list[list[str]] = []
    for row in body:
        filled = [j for j, t in enumerate(row) if t]
        if out and not row[figures] and all(row[j][0].islower() and out[-1][j] for j in filled):
            out[-1] = [f"{a} {b}" if b else a for a, b in zip(out[-1], row, strict=True)]
        else:
            out.append(list(row))
    return out


def _running_text(column: list[str]) -> bool:
    """Whether a column's cells are lines of a paragraph.

    Most of them go on from the line before (a lower-case first word), four words or more.
    """
    cells = [t for t in column if t]
    going_on = sum(1 for t in cells if t[0].islower() and len(t.split()) >= 4)
    return len(cells) >= 2 and going_on * 2 >= len(cells)


def _figure_column(texts: list[list[str]]) -> int | None:
    """A column whose cells are figures in most rows (80% of its cells, half the rows)."""
    for j in range(len(texts[0])):
        cells = [row[j] for row in texts if row[j]]
        figures = sum(1 for t in cells if _is_figure(t))
        if figures >= 0.8 * len(cells) and figures * 2 >= len(texts):
            return j
    return None

"""Tables ruled across: three or more horizontal rules of one width, no column rules meeting them.

Papers and reports set tables between a top rule, a rule under the header and a bottom
rule (LaTeX's booktabs, most journal styles), with columns made by white space alone.
PyMuPDF's line-based finder needs column edges and sees nothing there, and reading the
page by its lines mixes the columns ("Natural Questions 79,168 58,880 8,757 3,610
TriviaQA ..."). Here the rules give the table's box and header (the lines over the
second rule, up to the first line of figures); rows are the text lines between the
rules, columns the white channels running through the body rows.

Kept only when the result looks like a table of figures: two columns or more, most body
rows filled in two columns or more, and figures in the columns after the row labels
(rules around a quotation, an abstract or a code listing hold prose).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from transforms.model import Cell
from transforms.parsers.pdf.bidi import words_in_order
from transforms.parsers.pdf.grid_probe import item_box
from transforms.parsers.pdf.sideways import cell_lines
from transforms.parsers.pdf.subgrid import MIN_CHANNEL, WordBox, mostly_figures, white_channels

Rect = tuple[float, float, float, float]
MIN_RULES = 3  # top rule, rule under the header, bottom rule
WIDE_SPACE = 0.4  # a gap wider than this share of the text height is more than a word space
MIN_RULE_WIDTH = 60.0  # points: shorter strokes are underlines and dashes
THIN = 2.0  # a rule's thickness at most
TOUCH = 1.0  # a vertical edge ending this close to a rule meets it
MIN_STROKE = 10.0  # points: a shorter rule under a group heading (booktabs' cmidrule)
JOIN = 2.0  # points: rule pieces this close end to end are one rule
WHITE = 0.95  # a colour with every channel above this is white: not drawn on paper


@dataclass(frozen=True)
class RuleBand:
    """Horizontal rules of one width stacked on a page: the box of a table, maybe."""

    x0: float
    x1: float
    ys: tuple[float, ...]  # the rules' heights, top to bottom
    splits: tuple[float, ...] = ()  # column rules between the rules, not meeting them
    partial: tuple[tuple[float, float, float], ...] = ()  # shorter rules inside: x0, x1, y


def rule_bands(drawings: list[dict], across: bool = True) -> list[RuleBand]:
    """Groups of three or more horizontal rules sharing their ends (within 2 points).

    A group is left out when a vertical edge meets or crosses one of its rules (a ruled
    grid: PyMuPDF's finder reads it). Column rules drawn between the rules without
    meeting them (booktabs pads its rules; ``|`` columns stop short of them) leave the
    finder cells cut at random rows, and do not count. ``across=False``: vertical rules
    instead (a table printed sideways), in swapped coordinates: the band's ``x0``/``x1``
    are heights on the page, its ``ys`` the rules' positions across.
    """
    pieces: list[tuple[float, float, float]] = []  # horizontal: x0, x1, y
    verticals: list[tuple[float, float, float]] = []  # x, y0, y1
    for path in drawings:
        if not _visible(path):
            continue
        for item in path["items"]:
            box = item_box(item) if item[0] in ("l", "re") else None
            if box is None:
                continue
            x0, y0, x1, y1 = box if across else (box[1], box[0], box[3], box[2])
            if y1 - y0 <= THIN and x1 - x0 > 0:
                pieces.append((x0, x1, (y0 + y1) / 2))
            elif x1 - x0 <= THIN and y1 - y0 > THIN:
                verticals.append(((x0 + x1) / 2, y0, y1))
    joined = _joined(pieces)
    rules = [r for r in joined if r[1] - r[0] >= MIN_RULE_WIDTH]
    strokes = [r for r in joined if MIN_STROKE <= r[1] - r[0] < MIN_RULE_WIDTH]
    groups: list[list[tuple[float, float, float]]] = []
    for rule in sorted(rules):
        for group in groups:
            if abs(group[0][0] - rule[0]) <= 2 and abs(group[0][1] - rule[1]) <= 2:
                group.append(rule)
                break
        else:
            groups.append([rule])
    bands: list[RuleBand] = []
    for group in groups:
        ys: list[float] = []
        for y in sorted(r[2] for r in group):
            if not ys or y - ys[-1] > THIN:  # a double stroke is one rule
                ys.append(y)
        if len(ys) < MIN_RULES:
            continue
        x0, x1 = group[0][0], group[0][1]
        crossed = any(
            x0 + 1 < x < x1 - 1 and any(y0 - TOUCH <= y <= y1 + TOUCH for y in ys)
            for x, y0, y1 in verticals
        )
        if crossed:
            continue
        splits = {
            round(x, 1)
            for x, y0, y1 in verticals
            if x0 + 1 < x < x1 - 1 and y0 < ys[-1] and y1 > ys[0]
        }
        partial = [
            r
            for r in (*rules, *strokes)
            if x0 - 1 <= r[0] and r[1] <= x1 + 1 and r[1] - r[0] < x1 - x0 - 4
            and ys[0] < r[2] < ys[-1]
        ]  # fmt: skip
        bands.append(RuleBand(x0, x1, tuple(ys), tuple(sorted(splits)), tuple(partial)))
    return bands


def _visible(path: dict) -> bool:
    """Whether a drawn path shows on white paper (white rules are drawn by some tools)."""
    colours = [path.get("color")] if path.get("type") == "s" else [path.get("fill")]
    if path.get("type") == "fs":
        colours.append(path.get("color"))
    return any(c is None or len(c) != 3 or min(c) < WHITE for c in colours)


def _joined(pieces: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Horizontal pieces at one height meeting end to end, joined (rules drawn per column)."""
    out: list[list[float]] = []
    for x0, x1, y in sorted(pieces, key=lambda p: (round(p[2], 1), p[0])):
        last = out[-1] if out else None
        if last is not None and abs(last[2] - y) <= 0.5 and x0 <= last[1] + JOIN:
            last[1] = max(last[1], x1)
        else:
            out.append([x0, x1, y])
    return [(x0, x1, y) for x0, x1, y in out]


def halves(band: RuleBand) -> tuple[RuleBand, RuleBand] | None:
    """The band cut at its widest gap between rules that leaves three rules on each side."""
    ys = band.ys
    cuts = range(MIN_RULES - 1, len(ys) - MIN_RULES)  # cut between ys[i] and ys[i + 1]
    if not cuts:
        return None
    i = max(cuts, key=lambda i: ys[i + 1] - ys[i])
    return _part(band, ys[: i + 1]), _part(band, ys[i + 1 :])


def _part(band: RuleBand, ys: tuple[float, ...]) -> RuleBand:
    partial = tuple(r for r in band.partial if ys[0] < r[2] < ys[-1])
    return RuleBand(band.x0, band.x1, ys, band.splits, partial)


def word_rows(words: list[WordBox], height: float) -> list[list[WordBox]]:
    """Words grouped into text lines by their centres, top to bottom."""
    rows: list[list[WordBox]] = []
    for word in sorted(words):
        if rows and word[0] - rows[-1][-1][0] <= 0.5 * height:
            rows[-1].append(word)
        else:
            rows.append([word])
    return rows


def rule_table(
    band: RuleBand, words: list[WordBox], height: float
) -> tuple[Rect, tuple[tuple[Cell, ...], ...], int] | None:
    """The table between a band's rules: (box, rows of cells, header rows), or None.

    ``words``: (centre y, x0, x1, text) of the page; those with their centre inside the
    band's box are read.
    """
    top, bottom = band.ys[0], band.ys[-1]
    inside = [
        w for w in words if top < w[0] < bottom and band.x0 - 2 <= (w[1] + w[2]) / 2 <= band.x1 + 2
    ]
    rows = word_rows(inside, height)
    above = [r for r in rows if r[0][0] < band.ys[1]]  # over the rule under the header
    if not above:
        return None
    # rules every few rows (tax tables) leave figures over the second rule: not header
    header = next((i for i, r in enumerate(above) if mostly_figures(r)), len(above))
    body = rows[header:]
    if len(body) < 2:
        return None
    channels = white_channels(body, len(body) // 10, MIN_CHANNEL * height)
    cuts = [(a + b) / 2 for a, b in channels]
    if not cuts:
        return None
    grid = [_cells(row, cuts) for row in rows]
    width = len(cuts) + 1
    spans, label_only = _centred_labels(rows, grid, header, band.ys)
    body_grid = [r for i, r in enumerate(grid) if i >= header and i not in label_only]
    if sum(1 for r in body_grid if sum(1 for c in r if c) >= 2) < 0.7 * len(body_grid):
        return None
    if not _figures_after_labels(body_grid):
        return None
    plain = [
        tuple(Cell(" ".join(t for _, t in cell_lines([(w[0], w[1], w[3]) for w in c], height)))
              for c in row)
        for row in grid
    ]  # fmt: skip
    middles = [_middle([w for r in grid for w in r[j]]) for j in range(width)]
    heads = [
        _header_cells(row, channels, cuts, height, _groups(band, rows, grid, i, header, middles))
        or plain[i]
        for i, row in enumerate(rows[:header])
    ]
    cells = (*heads, *plain[header:])
    if any(sum(c.col_span for c in r) != width for r in cells):
        return None
    if spans:
        cells = _spread_labels(cells, spans, label_only)
    return (band.x0, top, band.x1, bottom), cells, header


def _middle(words: list[WordBox]) -> float | None:
    """The middle of the words' extent across (None for no words)."""
    return (min(w[1] for w in words) + max(w[2] for w in words)) / 2 if words else None


def _groups(
    band: RuleBand, rows: list[list[WordBox]], grid: list, i: int, header: int, middles: list
) -> tuple[set[int], list[float | None], list[tuple[float, float]]] | None:
    """What widens the phrases of header line ``i`` over column groups (see :func:`_centred`).

    The columns named on the next header line, the columns' middles, and the stretches
    marked by the drawings: shorter rules between the two lines, else the spaces between
    column rules. None for the last header line, or when nothing marks groups.
    """
    if i + 1 >= header:
        return None
    y0, y1 = rows[i][0][0], rows[i + 1][0][0]
    stretches = [(a, b) for a, b, y in band.partial if y0 < y < y1]
    if not stretches and band.splits:
        stops = [band.x0, *band.splits, band.x1]
        stretches = list(itertools.pairwise(stops))
    if not stretches:
        return None
    return {j for j, cell in enumerate(grid[i + 1]) if cell}, middles, stretches


def _centred_labels(
    rows: list[list[WordBox]], grid: list[list[list[WordBox]]], header: int, ys: tuple
) -> tuple[dict[int, tuple[list[int], int]], set[int]]:
    """Row labels set once, centred beside the rows they name (LaTeX's multirow).

    Between two rules, one row with a first cell and as many rows over it as under it
    with figures but no first cell: its label names them all. Gives ``{first row:
    (rows it names, row of the label)}`` and the rows holding nothing but a label (set
    between two rows, on a line of their own), to be dropped.
    """
    spans: dict[int, tuple[list[int], int]] = {}
    label_only: set[int] = set()
    for top, bottom in itertools.pairwise(ys):
        inner = [i for i in range(header, len(rows)) if top < rows[i][0][0] < bottom]
        anchors = [i for i in inner if grid[i][0]]
        if len(anchors) != 1 or len(inner) < 3:
            continue
        label = anchors[0]
        k = inner.index(label)
        others = [i for i in inner if i != label]
        if k == 0 or k != len(inner) - 1 - k or not all(any(grid[i][1:]) for i in others):
            continue
        members = inner if any(grid[label][1:]) else others
        spans[members[0]] = (members, label)
        if members is others:
            label_only.add(label)
    return spans, label_only


def _spread_labels(
    cells: tuple[tuple[Cell, ...], ...],
    spans: dict[int, tuple[list[int], int]],
    label_only: set[int],
) -> tuple[tuple[Cell, ...], ...]:
    """The rows with each centred label spanning its rows (see :func:`_centred_labels`)."""
    covered = {i for members, _ in spans.values() for i in members[1:]}
    out = []
    for i, row in enumerate(cells):
        if i in label_only:
            continue
        if i in spans:
            members, label = spans[i]
            row = (Cell(cells[label][0].text, row_span=len(members)), *row[1:])
        elif i in covered:
            row = row[1:]
        out.append(row)
    return tuple(out)


def _figures_after_labels(grid: list[list[list[WordBox]]]) -> bool:
    """Whether the columns after the row labels hold figures.

    The first column is labels; so are the columns after it up to the first one of
    figures (DPR's "Training | Retriever"). The words of all later columns must be
    nearly all figures.
    """
    columns = [[w for row in grid for w in row[j]] for j in range(1, len(grid[0]))]
    while columns and not (columns[0] and mostly_figures(columns[0])):
        columns.pop(0)
    later = [w for column in columns for w in column]
    return bool(later) and mostly_figures(later)


def _header_cells(
    row: list[WordBox],
    channels: list[tuple[float, float]],
    cuts: list[float],
    height: float,
    under: tuple[set[int], list[float | None], list[tuple[float, float]]] | None = None,
) -> tuple[Cell, ...] | None:
    """A header line's phrases over the columns, spanning the columns their ends reach.

    A phrase within one column but centred over a gap spans both sides ("Train" set
    over its two columns of figures). None when two phrases would share a column.
    (Spanning only the columns whose figures a phrase covers by half was tried: tight
    columns then merge neighbouring headers, "method method", and camelot's F1 drops.)
    ``under``: for a header line over another, what widens its phrases over the column
    groups the drawings mark (see :func:`_groups`).
    """
    phrases: list[list[WordBox]] = []
    for word in sorted(row, key=lambda w: w[1]):
        gap = (phrases[-1][-1][2], word[1]) if phrases else (0.0, 0.0)
        # a gap over a column cut, wider than a word space, parts two columns' headings
        # ("Under 18 | 18 years" over tight columns)
        parted = gap[1] - gap[0] > WIDE_SPACE * height and any(
            gap[0] < cut < gap[1] for cut in cuts
        )
        if phrases and gap[1] - gap[0] < MIN_CHANNEL * height and not parted:
            phrases[-1].append(word)
        else:
            phrases.append([word])
    spans: list[tuple[int, int, str, float]] = []  # first and last column, text, centre
    taken: set[int] = set()
    for phrase in phrases:
        x0, x1 = phrase[0][1], phrase[-1][2]
        first, last = _column(x0 + 0.5, cuts), _column(x1 - 0.5, cuts)
        centre = (x0 + x1) / 2
        gap = next((k for k, (a, b) in enumerate(channels) if a < centre < b), None)
        if first == last and gap is not None:
            first, last = gap, gap + 1
        span = set(range(first, last + 1))
        if span & taken:
            return None
        taken |= span
        spans.append((first, last, " ".join(words_in_order([w[3] for w in phrase])), centre))
    if under is not None:
        spans = _centred(spans, taken, under)
    starts = {first: (last - first + 1, text) for first, last, text, _ in spans}
    cells: list[Cell] = []
    j = 0
    while j <= len(cuts):
        if j in starts:
            span, text = starts[j]
            cells.append(Cell(text, col_span=span))
            j += span
        else:
            cells.append(Cell(""))
            j += 1
    return tuple(cells)


def _centred(
    spans: list[tuple[int, int, str, float]],
    taken: set[int],
    under: tuple[set[int], list[float | None], list[tuple[float, float]]],
) -> list[tuple[int, int, str, float]]:
    """Phrases over a header line widened over the columns they head as a group.

    A group heading ("Top-20" over "NQ TriviaQA WQ TREC SQuAD") is set over its
    columns, which the table marks with a shorter rule under it (booktabs' cmidrule)
    or between column rules. ``under``: the columns named on the line under the
    phrases, the columns' middles, and the stretches the drawings mark (see
    :func:`_groups`). A phrase takes the free, named columns of its stretch.
    """
    named, middles, stretches = under
    out: list[tuple[int, int, str, float]] = []
    free_from = 0
    for k, (first, last, text, centre) in enumerate(spans):
        stop = spans[k + 1][0] if k + 1 < len(spans) else len(middles)
        stretch = next(((a, b) for a, b in stretches if a - 1 <= centre <= b + 1), None)
        if stretch is not None:

            def fits(j: int, stretch: tuple[float, float] = stretch) -> bool:
                middle = middles[j]
                inside = middle is not None and stretch[0] - 1 <= middle <= stretch[1] + 1
                return inside and j not in taken and j in named

            while first - 1 >= free_from and fits(first - 1):
                first -= 1
            while last + 1 < stop and fits(last + 1):
                last += 1
        out.append((first, last, text, centre))
        free_from = last + 1
    return out


def _cells(row: list[WordBox], cuts: list[float]) -> list[list[WordBox]]:
    """A line's words over the columns, each by its centre."""
    out: list[list[WordBox]] = [[] for _ in range(len(cuts) + 1)]
    for word in row:
        out[_column((word[1] + word[2]) / 2, cuts)].append(word)
    return out


def _column(x: float, cuts: list[float]) -> int:
    """Index of the column holding ``x``, columns split at ``cuts`` (sorted)."""
    return sum(1 for cut in cuts if x > cut)


def turned_rule_table(
    band: RuleBand, words: list[WordBox], direction: tuple[int, int], height: float
) -> tuple[Rect, tuple[tuple[Cell, ...], ...], int] | None:
    """The table between vertical rules, its text running down (0, 1) or up (0, -1).

    ``band`` comes from ``rule_bands(..., across=False)``; the table is read in the
    text's own direction and its box given back in page space.

    ``words`` are (centre y, x0, x1, text) already turned the same way (see :func:`turn`).
    """
    dx, dy = direction
    rules = [turn((x, band.x0, x, band.x1), direction) for x in band.ys]
    turned = RuleBand(
        min(r[0] for r in rules), max(r[2] for r in rules), tuple(sorted(r[1] for r in rules))
    )
    read = rule_table(turned, words, height)
    if read is None:
        return None
    (x0, y0, x1, y1), cells, header = read
    back = (dx, -dy)  # the inverse turn
    return turn((x0, y0, x1, y1), back), cells, header


def turn(box: Rect, direction: tuple[int, int]) -> Rect:
    """A box rotated so that text running in ``direction`` runs left to right."""
    dx, dy = direction
    xs = (dx * box[0] + dy * box[1], dx * box[2] + dy * box[3])
    ys = (-dy * box[0] + dx * box[1], -dy * box[2] + dx * box[3])
    return (min(xs), min(ys), max(xs), max(ys))

"""Turning a page whose text runs up or down so that it reads left to right.

MuPDF reports text in the page's unrotated space; a page with ``/Rotate``, a table printed
sideways or vertical CJK text has most lines running up or down. The parser turns the
coordinates with a rotation (a ``Frame``: matrix a, b, c, d, e, f) so that the rest of it
reads such a page like any other, and turns element boxes back for provenance.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

import pymupdf

from transforms.parsers.pdf.normalize import UNSPACED

Frame = tuple[float, float, float, float, float, float]
MIN_STACKED = 20  # characters set one above the other before a page counts as vertical


def reading_frame(
    directions: Counter[tuple[int, int]],
    page: pymupdf.Page,
    mirrored: Counter[tuple[int, int]] | None = None,
) -> tuple[Frame, float, float] | None:
    """A turn that makes the page's dominant text direction run left to right.

    MuPDF reports text in the page's unrotated space: on a page with ``/Rotate`` (or a
    table printed sideways), most lines run up or down. Turning the coordinates so that
    they run left to right lets the rest of the parser read them like any page. Returns
    the transform and the turned page's width and height, or None when no turn is needed.
    ``directions`` weighs the page's line directions by line length, ``mirrored`` those
    of lines drawn through a mirroring matrix: when nearly all of the dominant direction's
    lines are, the page is mirrored back as well as turned (else their lines, turned alone,
    would read from the last up).
    """
    if not directions:
        return None
    (dx, dy), weight = directions.most_common(1)[0]
    # (nearly) all: a line starting with a symbol hanging from its baseline (a display
    # formula's big sum sign) looks mirrored alone
    flip = mirrored is not None and mirrored[(dx, dy)] > 0.9 * weight
    if (dx, dy) == (1, 0) and not flip:
        return None
    a, b, c, d = dx, -dy, dy, dx  # rotate the direction (dx, dy) onto (1, 0)
    if flip:  # then mirror top to bottom; still orthogonal: unturn_box's transpose holds
        b, d = -b, -d
    rect = page.rect * page.derotation_matrix  # the space MuPDF's coordinates are in
    xs = [a * x + c * y for x in (rect.x0, rect.x1) for y in (rect.y0, rect.y1)]
    ys = [b * x + d * y for x in (rect.x0, rect.x1) for y in (rect.y0, rect.y1)]
    frame = (a, b, c, d, -min(xs), -min(ys))
    return frame, max(xs) - min(xs), max(ys) - min(ys)


def turn_box(box: tuple, frame: Frame) -> tuple[float, float, float, float]:
    """``box`` (x0, y0, x1, y1) in the turned page's coordinates."""
    a, b, c, d, e, f = frame
    x0, y0, x1, y1 = box[:4]
    xs = (a * x0 + c * y0 + e, a * x1 + c * y1 + e)
    ys = (b * x0 + d * y0 + f, b * x1 + d * y1 + f)
    return (min(xs), min(ys), max(xs), max(ys))


def unturn_box(box: tuple, frame: Frame) -> tuple[float, float, float, float]:
    """A box of the turned page back in MuPDF's page coordinates (the inverse turn)."""
    a, b, c, d, e, f = frame
    x0, y0, x1, y1 = box[0] - e, box[1] - f, box[2] - e, box[3] - f
    xs = (a * x0 + b * y0, a * x1 + b * y1)  # a rotation's inverse is its transpose
    ys = (c * x0 + d * y0, c * x1 + d * y1)
    return (min(xs), min(ys), max(xs), max(ys))


def turn_text(data: dict, frame: Frame) -> None:
    """Boxes and directions of the text in the turned page's coordinates.

    (Glyph origins are left as they are: they only serve to match glyphs.)
    """
    a, b, c, d, _, _ = frame
    for block in data["blocks"]:
        if block.get("type", 0) != 0:
            continue
        for line in block["lines"]:
            dx, dy = line["dir"]
            line["dir"] = (a * dx + c * dy, b * dx + d * dy)
            line["bbox"] = turn_box(line["bbox"], frame)
            for span in line["spans"]:
                span["bbox"] = turn_box(span["bbox"], frame)
                for ch in span.get("chars", ()):
                    ch["bbox"] = turn_box(ch["bbox"], frame)


def stack_characters(data: dict, directions: Counter[tuple[int, int]]) -> None:
    """Mark Chinese/Japanese set one character per line down columns as vertical text.

    Some PDFs set vertical text with upright glyphs placed one by one: MuPDF reports a
    left-to-right line per character. When such lines, each standing right on top of
    the next, carry most of the page's text, they get the direction of vertical text
    (down) and their weight in ``directions`` moves there, so the page is turned.
    """
    singles: list[dict] = []
    total = 0
    for block in data["blocks"]:
        if block.get("type", 0) != 0:
            continue
        for line in block["lines"]:
            x0, y0, x1, y1 = line["bbox"]
            if x1 - x0 > 1.5 * (y1 - y0):  # wider than one character: not one of them
                total += int((x1 - x0) / max(y1 - y0, 1.0))  # its characters, roughly
                continue
            text = "".join(
                span["text"] if "text" in span else "".join(c["c"] for c in span["chars"])
                for span in line["spans"]
            ).strip()  # (a "rawdict" has characters, not text)
            total += len(text)
            if len(text) == 1 and UNSPACED.match(text) and line["dir"][0] > 0.95:
                singles.append(line)
    if len(singles) < MIN_STACKED or 2 * len(singles) < total:
        return
    columns: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for line in singles:
        x0, y0, x1, y1 = line["bbox"]
        columns[round((x0 + x1) / 4)].append((y0, y1))  # 2-point bins of the centre
    stacked = 0
    for tops in columns.values():
        tops.sort()
        stacked += sum(
            1 for (_, a1), (b0, b1) in itertools.pairwise(tops)
            if -0.3 * (b1 - b0) <= b0 - a1 <= 0.6 * (b1 - b0)
        )  # fmt: skip
    if 3 * stacked < 2 * len(singles):
        return
    for line in singles:
        x0, y0, x1, y1 = line["bbox"]
        line["dir"] = (0.0, 1.0)
        directions[(1, 0)] -= (x1 - x0) + (y1 - y0)
        directions[(0, 1)] += (x1 - x0) + (y1 - y0)

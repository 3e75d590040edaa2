"""Cheap tests run before PyMuPDF's table finder, on whether a page can hold a ruled table.

The finder builds cells from drawn edges and keeps the tables with text in them. It
costs 5-100 ms a page, in Python, and most pages that draw anything (figures, rules,
boxes) hold no table. The tests, from cheapest, each never False where a table could be
kept: the content stream must paint enough path pieces for three rules; for the grid
finder, the drawings must give edges at three distinct heights and three distinct
positions across, and some word must sit between edges on all four sides (a cell's text
does). Tables ruled only across are read from the same drawings (see rule_tables).
"""

from __future__ import annotations

import re

import numpy as np
import pymupdf

SNAP = 3.0  # the finder's snap and join tolerances: edges this close are one
MIN_PIECES = 3  # path pieces (4 per rectangle) a page draws before its drawings are read
MAX_MATRIX = 1_000_000  # words x edges compared at once (a few MB of booleans)
FIRST_SLICE = 64  # words in the first slice compared with the edges

# The finder's time grows faster than its input: 146,000 segments of a street map take it
# 6 s and find nothing. The densest page with a table over the corpora draws ~12,000 items.
MAX_PATH_ITEMS = 40_000

# content-stream operators, each standing as a token: painting (S s f F f* B B* b b*),
# pattern colours (scn SCN: a tiling pattern's cells are drawn from its own stream), and
# the path pieces that can make an edge (l h re)
# (the delimiter before is matched, not looked behind for: twice as fast; the content
# gets a newline in front so that an operator opening it is found too)
_OPERATOR = re.compile(rb"[\s\]\)>](S|s|f\*?|F|B\*?|b\*?|scn|SCN|l|h|re)(?=[\s\[\(</]|\Z)")
_PAINTS = frozenset({b"S", b"s", b"f", b"f*", b"F", b"B", b"B*", b"b", b"b*"})


def _may_draw_grid(page: pymupdf.Page) -> bool:
    """Whether the page may draw rules for a table: cheap, and never False when it does.

    Paths can also come from form XObjects, annotations and widgets (their appearance
    streams), Type3 fonts (glyphs drawn as paths) and tiling patterns: any of those counts
    as "may". Otherwise the page's content stream must paint, and hold enough path pieces
    for three rules across a table (see :mod:`rule_tables`; a grid needs six: three
    distinct rows and three distinct columns of edges): a rectangle gives at most two of
    each, a line or a closing segment one, so ``4 * rectangles + lines < 3`` cannot
    make either. Operators inside text strings only count too many, which costs a look
    at the drawings.
    """
    try:
        if page.get_xobjects() or page.first_annot or page.first_widget:
            return True
        if any(font[2] == "Type3" for font in page.get_fonts()):
            return True
        ops = _OPERATOR.findall(b"\n" + page.read_contents())
    except (RuntimeError, ValueError, AttributeError):  # a broken page: read its drawings
        return True
    if not _PAINTS.intersection(ops):
        return False
    if b"scn" in ops or b"SCN" in ops:
        return True
    rects = ops.count(b"re")
    return 4 * rects + ops.count(b"l") + ops.count(b"h") >= MIN_PIECES


class TooManyDrawings(Exception):
    """The page draws more path items than the table finder is given (a map, a plot)."""


def page_drawings(page: pymupdf.Page) -> list[dict] | None:
    """The page's drawings, or None when its content cannot draw a table's rules.

    A page whose content paints too few path pieces is told apart from its content
    stream (see :func:`_may_draw_grid`), without reading drawings. Raises
    :class:`TooManyDrawings` for a page drawing more than ``MAX_PATH_ITEMS`` items.
    """
    if not _may_draw_grid(page):
        return None
    drawings = page.get_cdrawings()
    items = sum(len(path["items"]) for path in drawings)
    if items > MAX_PATH_ITEMS:
        raise TooManyDrawings(f"{items} drawn path items (limit {MAX_PATH_ITEMS})")
    return drawings


_PATH_KEYS = ("closePath", "fill", "color", "width", "lineCap", "lineJoin", "dashes",
              "stroke_opacity", "fill_opacity", "even_odd")  # fmt: skip


def finder_paths(drawings: list[dict]) -> list[dict]:
    """``drawings`` (``get_cdrawings``) as ``Page.get_drawings`` gives them, for the finder.

    PyMuPDF's table finder reads the page's drawings again unless it is given them in
    that form (points, rectangles and quads as objects, missing keys as None): ~7% of a
    dense table page's parse. Copies: the finder changes the paths it is given.
    """
    out = []
    for path in drawings:
        path = dict(path)
        if path["type"].startswith("clip"):
            path["scissor"] = pymupdf.Rect(path["scissor"])
        else:
            path["rect"] = pymupdf.Rect(path["rect"])
        if path["type"] != "group":
            items = []
            for item in path["items"]:
                kind = item[0]
                if kind == "re":
                    item = ("re", pymupdf.Rect(item[1]).normalize(), item[2])
                elif kind == "qu":
                    item = ("qu", pymupdf.Quad(item[1]))
                else:
                    item = (kind, *[pymupdf.Point(p) for p in item[1:]])
                items.append(item)
            path["items"] = items
        if path["type"] in ("f", "s"):
            for key in _PATH_KEYS:
                path[key] = path.get(key)
        out.append(path)
    return out


def item_box(item: tuple) -> tuple[float, float, float, float] | None:
    """The normalised box of a drawing item: a line ``l``, rectangle ``re`` or quad ``qu``.

    None for curves and anything else. A line's box is the one its two ends span.
    """
    kind = item[0]
    if kind == "l":
        (x0, y0), (x1, y1) = item[1], item[2]
    elif kind == "re":
        x0, y0, x1, y1 = item[1]
    elif kind == "qu":
        x0, y0, x1, y1 = pymupdf.Quad(item[1]).rect
    else:
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def grid_edges(drawings: list[dict]) -> bool:
    """Whether the drawings give edges for at least two rows and two columns.

    PyMuPDF's line-based finder builds cells from drawn edges only (three distinct
    horizontal and three distinct vertical positions make the smallest table kept here),
    and it prepares every character of the page before it looks at them: pages without
    such edges are skipped.
    """
    ys: set[int] = set()
    xs: set[int] = set()
    for path in drawings:
        for item in path["items"]:
            box = item_box(item)
            if box is None:
                continue
            x0, y0, x1, y1 = box
            width, height = x1 - x0, y1 - y0
            if width >= 3 and height <= 2:
                ys.add(round((y0 + y1) / 2))
            elif height >= 3 and width <= 2:
                xs.add(round((x0 + x1) / 2))
            elif item[0] != "l" and width >= 3 and height >= 3:
                ys.update((round(y0), round(y1)))
                xs.update((round(x0), round(x1)))
        if len(ys) >= 3 and len(xs) >= 3:
            return True
    return False


def may_have_ruled_table(page: pymupdf.Page) -> bool:
    """Tell whether the page draws edges for at least two rows and two columns."""
    drawings = page_drawings(page)
    return drawings is not None and grid_edges(drawings)


def _segments(drawings: list[dict]) -> tuple[list[tuple], list[tuple]]:
    """Horizontal ``(y, x0, x1)`` and vertical ``(x, y0, y1)`` edges the finder may use.

    Lines, rectangles and quads give their axis-parallel sides; each path's box gives
    its four sides too (the finder draws a border around boxes of touching paths).
    """
    hs: list[tuple] = []
    vs: list[tuple] = []

    def box(x0: float, y0: float, x1: float, y1: float) -> None:
        hs.extend(((y0, x0, x1), (y1, x0, x1)))
        vs.extend(((x0, y0, y1), (x1, y0, y1)))

    for path in drawings:
        box(*path["rect"])
        for item in path["items"]:
            found = item_box(item)
            if found is None:
                continue
            x0, y0, x1, y1 = found
            if y1 - y0 <= SNAP:
                hs.append(((y0 + y1) / 2, x0, x1))
            elif x1 - x0 <= SNAP:
                vs.append(((x0 + x1) / 2, y0, y1))
            elif item[0] != "l":  # a slanted line is no edge
                box(x0, y0, x1, y1)
    return hs, vs


def _between(along: np.ndarray, across: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Per point: edges ``e`` on both sides of it (``across``) that reach past it (``along``)."""
    if not len(e):
        return np.zeros(len(along), dtype=bool)
    reach = (e[None, :, 1] - SNAP <= along[:, None]) & (along[:, None] <= e[None, :, 2] + SNAP)
    before = (reach & (e[None, :, 0] < across[:, None])).any(axis=1)
    after = (reach & (e[None, :, 0] > across[:, None])).any(axis=1)
    return before & after


def word_in_a_cell(drawings: list[dict], words: list[tuple]) -> bool:
    """Whether some word's centre has an edge above, below, left and right reaching it.

    A cell's text is bounded so; a page where no word is (a figure of boxes without
    labels inside, cube drawings) gives the finder only empty cells. Words are tried in
    slices that grow from a small first one: a table page answers after a few.
    """
    if not words:
        return False
    hs, vs = (np.asarray(e, dtype=float).reshape(-1, 3) for e in _segments(drawings))
    w = np.asarray([(x0, y0, x1, y1) for x0, y0, x1, y1, *_ in words], dtype=float)
    cx, cy = (w[:, 0] + w[:, 2]) / 2, (w[:, 1] + w[:, 3]) / 2
    limit = max(1, MAX_MATRIX // max(1, len(hs), len(vs)))  # words x edges stays bounded
    start, step = 0, min(FIRST_SLICE, limit)
    while start < len(w):
        part = slice(start, start + step)
        inside = _between(cx[part], cy[part], hs) & _between(cy[part], cx[part], vs)
        if inside.any():
            return True
        start, step = start + step, min(4 * step, limit)
    return False

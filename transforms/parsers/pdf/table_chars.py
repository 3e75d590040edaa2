"""A faster character list for PyMuPDF's table finder.

``pymupdf.table.find_tables`` first turns every character of the page into a
pdfplumber-style dictionary (``pymupdf.table.make_chars``), building several PyMuPDF
``Rect``/``Point``/``Matrix`` objects per character; on text-heavy pages with ruling lines
that step took about 70% of the table finder's time. :func:`make_chars` fills the same
dictionaries with plain float arithmetic. The only values that differ are ``y0``/``y1`` and
the matrix's translation, in the last bits (MuPDF computes them in single precision); the
table finder reads ``top``/``bottom``/``x0``/``x1``, so the tables found are the same (see
tests/transforms/parsers/test_pdf_table_chars.py).

With the line strategy (the only one docmill uses) the finder reads the characters for two
things only: whether a candidate box holds any text, and whether a joined drawing box holds
a character. :func:`words_as_chars` lets the caller hand over the words it has already read
from its own text page: one entry per word instead of one per character, no second text
page and no second "rawdict" pass. Those answers are the same except for a word that
straddles a box border (see tests/transforms/parsers/test_pdf_table_chars.py, which compares
the tables found both ways).

:func:`install` swaps both in; it is called once by the PDF table module.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pymupdf
import pymupdf.table as _table

_BOLD = pymupdf.TEXT_FONT_BOLD


def _bbox_y(bbox: tuple[float, float, float, float], m: tuple) -> tuple[float, float]:
    """The y extent of ``bbox`` mapped through matrix ``m`` (bounding box of its corners)."""
    x0, y0, x1, y1 = bbox
    b, d, f = m[1], m[3], m[5]
    ys = (x0 * b + y0 * d + f, x1 * b + y0 * d + f, x0 * b + y1 * d + f, x1 * b + y1 * d + f)
    return min(ys), max(ys)


# (page, its text page, its words) handed over by :func:`words_as_chars`
_pending: list[tuple[pymupdf.Page, pymupdf.TextPage, Sequence[tuple]]] = []


@contextmanager
def words_as_chars(
    page: pymupdf.Page, textpage: pymupdf.TextPage, words: Sequence[tuple]
) -> Iterator[None]:
    """Within the block, the table finder on ``page`` uses ``words`` as its characters.

    ``words``: ``(x0, y0, x1, y1, text, ...)`` from ``textpage`` (MuPDF's "words").
    """
    _pending.append((page, textpage, words))
    try:
        yield
    finally:
        _pending.pop()


def _word_chars(page: pymupdf.Page, words: Sequence[tuple]) -> None:
    """Fill ``CHARS`` with one entry per word, with the keys the line strategy reads."""
    chars = _table.CHARS._list()
    ctm = tuple(page.transformation_matrix)
    for x0, top, x1, bottom, text, *_ in words:
        y0, y1 = _bbox_y((x0, top, x1, bottom), ctm)
        chars.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom,
                      "y0": y0, "y1": y1, "text": text})  # fmt: skip


def make_chars(page: pymupdf.Page, clip=None):
    """Fill ``pymupdf.table.CHARS`` for ``page``; returns the TextPage, like PyMuPDF's."""
    if clip is None and _pending and _pending[-1][0] is page:
        _, textpage, words = _pending[-1]
        _word_chars(page, words)
        return textpage
    chars = _table.CHARS._list()
    page_number = page.number + 1
    ctm = tuple(page.transformation_matrix)
    ca, cb, cc, cd, ce, cf = ctm
    textpage = page.get_textpage(clip=clip, flags=_table.FLAGS)
    blocks = page.get_text("rawdict", textpage=textpage)["blocks"]
    doctop_base = page.rect.height * page.number
    for block in blocks:
        for line in block["lines"]:
            cos, sin = (round(v, 4) for v in line["dir"])
            upright = sin == 0
            for span in sorted(line["spans"], key=lambda s: s["bbox"][0]):
                fontname, fontsize = span["font"], span["size"]
                bold = bool(span["flags"] & _BOLD or span["char_flags"] & 8)
                color = pymupdf.sRGB_to_pdf(span["color"])
                for char in sorted(span["chars"], key=lambda ch: ch["bbox"][0]):
                    x0, top, x1, bottom = char["bbox"]
                    ox, oy = char["origin"]
                    y0, y1 = _bbox_y(char["bbox"], ctm)
                    width, height = x1 - x0, bottom - top
                    chars.append(
                        {
                            "adv": width if upright else height,
                            "bottom": bottom,
                            "doctop": top + doctop_base,
                            "fontname": fontname,
                            "height": height,
                            "matrix": (
                                cos,
                                -sin,
                                sin,
                                cos,
                                ox * ca + oy * cc + ce,
                                ox * cb + oy * cd + cf,
                            ),
                            "ncs": "DeviceRGB",
                            "non_stroking_color": color,
                            "non_stroking_pattern": None,
                            "object_type": "char",
                            "page_number": page_number,
                            "size": fontsize if upright else height,
                            "stroking_color": color,
                            "stroking_pattern": None,
                            "bold": bold,
                            "text": char["c"],
                            "top": top,
                            "upright": upright,
                            "width": width,
                            "x0": x0,
                            "x1": x1,
                            "y0": y0,
                            "y1": y1,
                        }
                    )
    return textpage


_original = _table.make_chars


def chars_in_rect(chars, rect) -> bool:
    """Whether a character of ``chars`` lies inside ``rect``.

    PyMuPDF's test, with the rectangle unpacked once instead of indexed per character.
    """
    r0, r1, r2, r3 = rect
    return any(r0 <= c["x0"] and c["x1"] <= r2 and r1 <= c["y0"] and r3 >= c["y1"] for c in chars)


def install() -> None:
    """Use :func:`make_chars` and :func:`chars_in_rect` in PyMuPDF's table finder."""
    _table.make_chars = make_chars
    _table.chars_in_rect = chars_in_rect


def original_make_chars():
    """PyMuPDF's own ``make_chars`` (for comparison in tests and benchmarks)."""
    return _original

"""Unicode for glyphs a PDF leaves unmapped, recovered from the embedded font's own cmap.

A composite font (Type0, ``Identity-H``/``-V`` encoding) without a ``ToUnicode`` map
only says which glyph to draw; MuPDF then reports U+FFFD. When the font program is
embedded TrueType/OpenType with the (default) identity CID-to-glyph map, its ``cmap``
table still tells which character each glyph draws: inverted, it gives the text back.
A simple font's unmapped glyph is read from its name in the embedded font program
(see :mod:`glyph_names`). Fonts are looked at once per document, glyphs once per font;
only pages with unmapped glyphs are looked at.

A composite font whose descendant CIDFont lacks its (required) ``FontDescriptor`` is not
loaded by MuPDF at all: its two-byte codes come out as pairs of Latin-1 characters and
the glyphs are placed as if one byte each, some beyond the page. Such a descendant gets
a minimal descriptor in the in-memory document (the font is not embedded; MuPDF then
uses its fallback for the font's character collection and maps the codes through the
predefined CMap named by the encoding).
"""

from __future__ import annotations

import re

import pymupdf

from transforms.parsers.pdf.glyph_names import char_for_name, reads_names

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_REF = re.compile(r"^\[?\s*(\d+) 0 R")
# A descriptor with the usual metrics of a CJK font, for descendants that have none.
_DESCRIPTOR = (
    "<</Type/FontDescriptor/FontName/{name}/Flags 4/FontBBox[0 -141 1000 859]"
    "/ItalicAngle 0/Ascent 859/Descent -141/CapHeight 700/StemV 80>>"
)
Origin = tuple[float, float]
_SIMPLE = frozenset(("Type1", "MMType1", "TrueType"))
MAX_NAMED_GLYPHS = 4096  # a simple font's program with more glyphs is not searched by name


def _font_name(name: str) -> str:
    """A font's name as text spans report it: subset prefix and control bytes dropped."""
    return _CONTROL.sub("", name.split("+", 1)[-1])


def origin_key(x: float, y: float) -> Origin:
    """How a glyph's origin is matched between MuPDF's text extractions."""
    return (round(x, 1), round(y, 1))


class GlyphRecovery:
    """Per document: which fonts need recovery, and their glyph -> character tables."""

    def __init__(self, doc: pymupdf.Document) -> None:
        self.doc = doc
        self._needs: dict[int, bool] = {}
        self._tables: dict[int, dict[int, str]] = {}
        self._repaired: set[int] = set()  # composite fonts looked at by repair_fonts
        self._names: dict[int, dict[int, str]] = {}  # simple fonts: glyph -> character

    def _candidate(self, xref: int, ftype: str, ext: str, encoding: str) -> bool:
        if xref not in self._needs:
            needs = (
                ftype == "Type0"
                and encoding.startswith("Identity")
                and ext in ("ttf", "otf")
                and self.doc.xref_get_key(xref, "ToUnicode")[0] == "null"
            )
            if needs:
                kind, value = self.doc.xref_get_key(xref, "DescendantFonts")
                descendant = re.search(r"(\d+) 0 R", value) if kind in ("array", "xref") else None
                if descendant is not None:
                    kind, value = self.doc.xref_get_key(int(descendant.group(1)), "CIDToGIDMap")
                    needs = kind == "null" or value == "/Identity"
            self._needs[xref] = needs
        return self._needs[xref]

    def _program(self, xref: int) -> pymupdf.Font | None:
        """The embedded font program of font ``xref`` (None when not embedded or unreadable)."""
        try:
            buffer = self.doc.extract_font(xref)[3]
            return pymupdf.Font(fontbuffer=buffer) if buffer else None
        except (RuntimeError, ValueError):
            return None

    def _named(self, xref: int, font: str) -> dict[int, str]:
        """Glyph -> character for simple font ``xref``, from the glyph names it can read."""
        if xref not in self._names:
            table: dict[int, str] = {}
            program = self._program(xref)
            if program is not None and program.glyph_count <= MAX_NAMED_GLYPHS:
                for gid in range(1, program.glyph_count):
                    name = pymupdf.mupdf.fz_get_glyph_name2(program.this, gid)
                    char = char_for_name(name, font) if name else None
                    if char is not None:
                        table[gid] = char
            self._names[xref] = table
        return self._names[xref]

    def _table(self, xref: int) -> dict[int, str]:
        if xref not in self._tables:
            table: dict[int, str] = {}
            font = self._program(xref)
            if font is not None:
                for cp in font.valid_codepoints():
                    if cp < 0x20 or 0xE000 <= cp <= 0xF8FF:
                        continue
                    gid = font.has_glyph(cp)
                    if gid and gid not in table:
                        table[gid] = chr(cp)
            self._tables[xref] = table
        return self._tables[xref]

    def repair_fonts(self, page: pymupdf.Page) -> bool:
        """Give the page's composite fonts a missing ``FontDescriptor``; True if any was added.

        The page must be loaded again to be read with the repaired fonts. A document
        whose objects cannot be read or changed is left as it is (False).
        """
        repaired = False
        try:
            for xref, _ext, ftype, basefont, _ref, _encoding in page.get_fonts():
                if ftype == "Type0" and xref not in self._repaired:
                    self._repaired.add(xref)
                    repaired = self._repair(xref, basefont) or repaired
        except (RuntimeError, ValueError):
            return False
        return repaired

    def _repair(self, xref: int, basefont: str) -> bool:
        """Add a descriptor to the font's descendant if it has none; True if added."""
        doc = self.doc
        kind, value = doc.xref_get_key(xref, "DescendantFonts")
        ref = _REF.match(value) if kind in ("array", "xref") else None
        if ref is not None:
            descendant = int(ref.group(1))
            if doc.xref_get_key(descendant, "FontDescriptor")[0] != "null":
                return False
        elif kind != "array" or "/FontDescriptor" in value or "<<" not in value:
            return False
        else:  # the descendant written inline: made an object of its own
            descendant = doc.get_new_xref()
            doc.update_object(descendant, value.strip()[1:-1].strip())
            doc.xref_set_key(xref, "DescendantFonts", f"[{descendant} 0 R]")
        name = re.sub(r"[^A-Za-z0-9+-]", "", _font_name(basefont)) or "Unnamed"
        descriptor = doc.get_new_xref()
        doc.update_object(descriptor, _DESCRIPTOR.format(name=name))
        doc.xref_set_key(descendant, "FontDescriptor", f"{descriptor} 0 R")
        return True

    def page_fixes(self, page: pymupdf.Page) -> dict[Origin, str]:
        """Characters for the page's unmapped glyphs, by glyph origin (empty if none)."""
        fonts: dict[str, list[int]] = {}
        named: dict[str, set[int]] = {}  # simple embedded fonts by name; others: -1
        for xref, ext, ftype, basefont, _ref, encoding in page.get_fonts():
            name = _font_name(basefont)
            if self._candidate(xref, ftype, ext, encoding):
                fonts.setdefault(name, []).append(xref)
            by_name = ftype in _SIMPLE and ext != "n/a" and reads_names(name)
            named.setdefault(name, set()).add(xref if by_name else -1)
        # a name shared by two fonts cannot tell which one a span uses
        simple = {name: xrefs.pop() for name, xrefs in named.items() if len(xrefs) == 1}
        simple = {name: self._named(x, name) for name, x in simple.items() if x > 0}
        simple = {name: table for name, table in simple.items() if table}
        if not fonts and not simple:
            return {}
        only = [x for xrefs in fonts.values() for x in xrefs]
        fixes: dict[Origin, str] = {}
        for span in page.get_texttrace():
            font = _CONTROL.sub("", span["font"])
            if font in simple:
                table = simple[font]
                for unicode, gid, origin, _bbox in span["chars"]:
                    if unicode == 0xFFFD and gid in table:
                        fixes[origin_key(*origin)] = table[gid]
                continue
            xrefs = fonts.get(font) or (only if len(only) == 1 else [])
            for unicode, gid, origin, _bbox in span["chars"]:
                if unicode != 0xFFFD or gid <= 0:
                    continue
                for xref in xrefs:
                    char = self._table(xref).get(gid)
                    if char:
                        fixes[origin_key(*origin)] = char
                        break
        return fixes


def patch_textpage(textpage: pymupdf.TextPage, fixes: dict[Origin, str]) -> int:
    """Write ``fixes`` into ``textpage``'s characters; how many were written.

    Every later reading of the text page (lines, words, the table finder's characters)
    then has the recovered characters. Only lines whose box holds a fixed glyph's origin
    are walked character by character.
    """
    origins = list(fixes)
    written = 0
    for block in textpage.this:
        if block.m_internal.type != pymupdf.mupdf.FZ_STEXT_BLOCK_TEXT:
            continue
        for line in block:
            box = line.m_internal.bbox
            x0, y0, x1, y1 = box.x0 - 1, box.y0 - 1, box.x1 + 1, box.y1 + 1
            if not any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in origins):
                continue
            for char in line:
                c = char.m_internal
                if c.c == 0xFFFD:
                    fix = fixes.get(origin_key(c.origin.x, c.origin.y))
                    if fix is not None and len(fix) == 1:
                        c.c = ord(fix)
                        written += 1
    return written

"""Turn an HTML page's bytes into text: byte-order mark, declared charset, then detection.

The order follows the WHATWG encoding sniffing rules where they apply offline:

1. A byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32) wins over everything.
2. A charset declared in the first bytes (``<meta charset>``, ``http-equiv``, an XML
   declaration). Corrections the web needs: labels map to the superset browsers use
   (Latin-1/ASCII mean windows-1252, GB2312 means GB18030, Shift_JIS means windows-31J, ...);
   a declared legacy charset on bytes that are valid UTF-8 with multi-byte sequences is a
   stale declaration (saved pages are re-encoded as UTF-8 but keep their old ``<meta>``;
   legacy text is practically never valid UTF-8 by accident), so UTF-8 wins there. A
   declared UTF-16 without a BOM is treated as UTF-8, as browsers do.
3. Valid UTF-8.
4. charset-normalizer's detection; among equally plausible single-byte candidates
   windows-1252, the web's default legacy encoding, is preferred.
"""

from __future__ import annotations

import codecs

import charset_normalizer
from bs4.dammit import EncodingDetector

# Declared labels browsers map to windows-1252 (WHATWG "windows-1252" label set, abridged).
_AS_CP1252 = {
    "ascii",
    "us-ascii",
    "iso-8859-1",
    "iso8859-1",
    "latin1",
    "latin-1",
    "l1",
    "iso_8859-1",
    "cp819",
    "ibm819",
    "windows-1252",
    "cp1252",
    "x-cp1252",
}
# Python codec -> the superset browsers decode that label with (WHATWG Encoding Standard).
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
    "big5": "big5hkscs",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
}
# Web labels Python's codec registry does not know.
_WEB_LABELS = {
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "x-gbk": "gb18030",
    "x-euc-jp": "euc_jp",
    "ks_c_5601-1987": "cp949",
    "x-mac-roman": "mac_roman",
    "unicode-1-1-utf-8": "utf-8",
    "x-user-defined": "cp1252",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TIE = 0.01  # chaos difference under which detection candidates count as equally good


def _codec_name(label: str) -> str | None:
    """Python's codec name for a declared charset label, or None if unknown."""
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    label = _WEB_LABELS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except (LookupError, ValueError):  # unknown, or unusable (a NUL in the label)
        return None
    return _SUPERSETS.get(name, name)


def _is_utf8_with_multibyte(data: bytes) -> bool:
    """Tell whether ``data`` decodes as UTF-8 and is not plain ASCII."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect(data: bytes) -> str:
    """Best guess for undeclared, non-UTF-8 bytes (always returns a codec name)."""
    results = list(charset_normalizer.from_bytes(data))
    if not results:
        return "cp1252"
    best = results[0]
    for result in results:
        if result.chaos - best.chaos > _TIE:
            break
        if "cp1252" in result.could_be_from_charset:
            return "cp1252"
    return best.encoding


def detect_encoding(data: bytes) -> tuple[str, int]:
    """Return the codec to decode ``data`` with and how many leading BOM bytes to skip."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    declared_label = EncodingDetector.find_declared_encoding(data, is_html=True)
    declared = _codec_name(declared_label) if declared_label else None
    if declared is not None:
        if declared.startswith("utf-16") or declared.startswith("utf-32"):
            declared = "utf-8"  # without a BOM the declaration cannot be right (ASCII found it)
        if declared != "utf-8" and _is_utf8_with_multibyte(data):
            return "utf-8", 0
        return declared, 0
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _detect(data), 0
    return "utf-8", 0


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode an HTML page; returns ``(text, codec name)``. Undecodable bytes become U+FFFD."""
    encoding, skip = detect_encoding(data)
    return data[skip:].decode(encoding, errors="replace"), encoding

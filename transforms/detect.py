"""Content-based type detection: magic bytes and container structure, not file extensions.

The extension is used only to choose between text types that look alike (Markdown versus
plain text, CSV versus TSV) and is otherwise ignored; a mismatch is reported by the caller.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib

from transforms import mediatypes as mt
from transforms.errors import DocumentError, Stage, UnsupportedFormatError

_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body|<meta|<title)",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(rb"<(html|body|div|p|article|table)[\s>]", re.IGNORECASE)
_MD_MARKERS = re.compile(
    r"^(#{1,6} \S|```|~~~|\s*[-*+] \S|\s*\d+[.)] \S|> \S|\|.*\|\s*$)|\[[^\]]+\]\([^)]+\)",
    re.MULTILINE,
)
# An RFC 822 message: a block of "Name: value" header lines (continuations indented) at
# the very start, holding at least two of the headers every mail program writes.
_MAIL_HEADER_BLOCK = re.compile(r"\A(?:[!-9;-~]+:[^\n]*\n(?:[ \t][^\n]*\n)*){2,}")
_MAIL_HEADERS = re.compile(
    r"^(from|to|subject|date|message-id|mime-version|received|return-path|cc|reply-to):",
    re.IGNORECASE | re.MULTILINE,
)
_XML_START = re.compile(
    r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^>\[]*(\[.*?\]\s*)?>\s*|<\?[^>]*>\s*)*"
    r"<(?P<root>[A-Za-z_][\w.:-]*)[\s/>]",
    re.DOTALL,
)
# reStructuredText-only constructs: directives, targets, field lists, overlined titles.
_RST_MARKERS = re.compile(
    r"^(\.\. [\w:-]+::|\.\. _[^:]+:|\.\. \|[^|]+\||:[\w ]+: \S|"
    r"([=\-~^\"'`#*+])\2{3,}\n[^\n]+\n\2{4,}$)",
    re.MULTILINE,
)
_BINARY_MAGIC: dict[bytes, str] = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
    b"\x1f\x8b": "application/gzip",
    b"BZh": "application/x-bzip2",
    b"7z\xbc\xaf\x27\x1c": "application/x-7z-compressed",
    b"Rar!": "application/vnd.rar",
    b"\x7fELF": "application/x-executable",
    b"MZ": "application/x-msdownload",
    b"{\\rtf": mt.RTF,
    b"PAR1": mt.PARQUET,
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_type(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                with zf.open("mimetype") as member:  # never inflate more than needed
                    declared = member.read(100).decode("ascii", "replace").strip()
                if declared:
                    return declared
            if any(n.startswith("xl/") for n in names):
                if "xl/vbaProject.bin" in names:
                    return mt.XLSM
                return mt.XLSX
            if any(n.startswith("word/") for n in names):
                return mt.DOCX
            if any(n.startswith("ppt/") for n in names):
                return mt.PPTX
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression
        raise DocumentError(
            f"damaged ZIP container: {exc}", stage=Stage.DETECT, reason="corrupt"
        ) from exc
    return mt.ZIP


def _ole_type(data: bytes) -> str:
    # Stream names are stored as UTF-16 in the directory sectors; a cheap scan suffices.
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return mt.XLS
    if "__substg1.0_".encode("utf-16-le") in data:
        return mt.MSG
    if "WordDocument".encode("utf-16-le") in data:
        return "application/msword"
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise DocumentError(
            "password-protected Office file (encrypted OLE package)",
            stage=Stage.DETECT,
            reason="encrypted",
        )
    return mt.OLE


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
NUL_SHARE = 0.05  # text may hold stray NUL bytes (dropped); more than this share is binary


def _utf8_with_few_errors(data: bytes) -> bool:
    """Tell damaged UTF-8 (a cut last character, a few bad bytes) from a legacy encoding.

    UTF-8 wins when its valid multi-byte characters are at least as many as its errors.
    """
    text = data[: 1 << 20].decode("utf-8", errors="replace")
    errors = text.count("\ufffd")
    return len(_NON_ASCII.findall(text)) - errors >= errors


def decode_text(data: bytes) -> str | None:
    """Decode bytes that look like text (BOMs honoured); ``None`` when they are binary.

    Stray NUL bytes (at most :data:`NUL_SHARE` of the first 64 KB, NUL padding at the end
    not counted) are dropped. UTF-8 with a few invalid bytes keeps its characters (the bad
    bytes become U+FFFD); otherwise undecodable text is read as Windows-1252.
    """
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc)
            except UnicodeDecodeError:
                return None
    if b"\x00" in data[:65536]:
        data = data.rstrip(b"\x00")
        if data[:65536].count(0) > NUL_SHARE * min(len(data), 65536):
            return None
        data = data.replace(b"\x00", b"")
    sample = data[:65536]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _utf8_with_few_errors(data):
        return data.decode("utf-8", errors="replace")
    # Legacy 8-bit text: accept when control characters are rare.
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if controls > len(sample) * 0.01:
        return None
    return data.decode("cp1252", errors="replace")


def _looks_delimited(text: str) -> str | None:
    lines = [ln for ln in text[:20000].splitlines() if ln.strip()][:20]
    if len(lines) < 2:
        return None
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t|")
    except csv.Error:
        return None
    rows = list(csv.reader(lines, dialect))
    widths = [len(r) for r in rows]
    if widths[0] < 2 or sum(w == widths[0] for w in widths) < 0.8 * len(widths):
        return None
    return mt.TSV if dialect.delimiter == "\t" else mt.CSV


def _is_mail(head: str) -> bool:
    block = _MAIL_HEADER_BLOCK.match(head.replace("\r\n", "\n"))
    if not block:
        return False
    return len({m.lower() for m in _MAIL_HEADERS.findall(block.group(0))}) >= 2


def _markup_type(head: str, name: str) -> str | None:
    """XML (or SVG) when the text starts like an XML document that is not HTML.

    Without an ``<?xml`` declaration, a file named as text (``.txt``, ``.md``) stays text:
    tag-like markup in notes is common, and such a file is rarely well-formed XML.
    """
    match = _XML_START.match(head)
    if not match:
        return None
    if not match.group(1) and name.lower().endswith(_TEXT_NAMES):
        return None
    root = match.group("root").split(":")[-1].lower()
    if root == "svg":
        return "image/svg+xml"
    if match.group(1) or root not in _HTML_TAGS:
        return mt.XML
    return None


_TEXT_NAMES = (".txt", ".text", ".log", ".md", ".markdown", ".rst", ".rest")
_HTML_TAGS = frozenset(
    (
        *("html", "head", "body", "div", "p", "span", "a", "table", "ul", "ol", "li"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "nav", "header"),
        *("footer", "main", "form", "img", "br", "hr", "pre", "code", "blockquote", "script"),
        "style",
    )
)


def _text_type(text: str, name: str) -> str:
    head = text[:4096].lstrip("\ufeff")
    if _HTML_START.match(head.encode("utf-8", "replace")):
        return mt.HTML
    if _is_mail(head):
        return mt.EML
    markup = _markup_type(head, name)
    if markup:
        return markup
    lower = name.lower()
    if lower.endswith((".md", ".markdown")):
        return mt.MARKDOWN
    if lower.endswith((".rst", ".rest")) or len(_RST_MARKERS.findall(text[:20000])) >= 2:
        return mt.RST
    if lower.endswith((".csv", ".tsv", ".tab")) or not lower.endswith((".txt", ".text")):
        delimited = _looks_delimited(text)
        if delimited:
            return delimited
    if lower.endswith((".txt", ".text", ".log")):
        return mt.TEXT
    if len(_MD_MARKERS.findall(text[:20000])) >= 3:
        return mt.MARKDOWN
    if len(_HTML_ANYWHERE.findall(text[:20000].encode("utf-8", "replace"))) >= 3:
        return mt.HTML
    return mt.TEXT


def detect_media_type(data: bytes, name: str = "") -> str:
    """Return the media type of ``data``; raise :class:`DocumentError` when it cannot be used.

    ``name`` is only a tie-breaker between text formats.
    """
    if not data:
        raise DocumentError("empty file (0 bytes)", stage=Stage.DETECT, reason="empty")
    head = data[:1024]
    if b"%PDF-" in head:
        return mt.PDF
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_type(data)
    if head.startswith(_OLE_MAGIC):
        return _ole_type(data)
    for magic, media_type in _BINARY_MAGIC.items():
        if head.startswith(magic):
            return media_type
    text = decode_text(data)
    if text is None:
        raise UnsupportedFormatError("unrecognised binary content")
    if not text.strip():
        raise DocumentError("file contains only whitespace", stage=Stage.DETECT, reason="empty")
    return _text_type(text, name)


_EXTENSIONS: dict[str, tuple[str, ...]] = {
    mt.PDF: (".pdf",),
    mt.HTML: (".html", ".htm", ".xhtml"),
    mt.CSV: (".csv",),
    mt.TSV: (".tsv", ".tab"),
    mt.XLSX: (".xlsx",),
    mt.XLSM: (".xlsm",),
    mt.XLS: (".xls",),
    mt.MARKDOWN: (".md", ".markdown"),
    mt.TEXT: (".txt", ".text"),
    mt.DOCX: (".docx",),
    mt.PPTX: (".pptx",),
    mt.ODT: (".odt",),
    mt.EPUB: (".epub",),
    mt.RTF: (".rtf",),
    mt.EML: (".eml",),
    mt.MSG: (".msg",),
    mt.RST: (".rst", ".rest"),
    mt.XML: (".xml",),
}


def extension_mismatch(media_type: str, name: str) -> bool:
    """True when ``name`` has an extension we know that names a different type."""
    lower = name.lower()
    owner = [m for m, exts in _EXTENSIONS.items() if lower.endswith(exts)]
    return bool(owner) and media_type not in owner

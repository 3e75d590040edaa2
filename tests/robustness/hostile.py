"""Hostile inputs, built at test time from fixed bytes (never committed).

- Decompression bombs: :func:`deflate_bomb` makes a raw deflate stream of ``megabytes`` of
  one repeated byte in a few milliseconds (a flushed compressed block repeated, then a final
  empty block), ~1 KB per MB inflated. :func:`zip_with` writes zip containers by hand so a
  member may declare a size (and CRC) that its data does not have (a "lying" member).
- XML attacks: :func:`laughs_dtd` (nested internal entities, "billion laughs") and
  :func:`external_dtd` (external entities naming a local file and an HTTP URL, an external
  DTD and a parameter entity).
- PDFs: :func:`pdf_with_content` writes a one-page PDF around a content stream with any
  filter chain, so a FlateDecode (or doubly compressed) stream can inflate to gigabytes.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable

MB = 1 << 20


# --- deflate and zip -------------------------------------------------------------------


def deflate_bomb(megabytes: int, prefix: bytes = b"", fill: bytes = b" ") -> bytes:
    """Raw deflate data inflating to ``prefix`` + ``megabytes`` MB of ``fill``."""
    head = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = head.compress(prefix) + head.flush(zlib.Z_FULL_FLUSH) if prefix else b""
    unit = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = unit.compress(fill * (MB // len(fill))) + unit.flush(zlib.Z_FULL_FLUSH)
    return start + block * megabytes + b"\x03\x00"  # a final, empty fixed-Huffman block


def inflated_checksums(megabytes: int, prefix: bytes = b"", fill: bytes = b" ") -> tuple:
    """(crc32, adler32) of what :func:`deflate_bomb` inflates to."""
    chunk = fill * (MB // len(fill))
    crc, adler = zlib.crc32(prefix), zlib.adler32(prefix)
    for _ in range(megabytes):
        crc, adler = zlib.crc32(chunk, crc), zlib.adler32(chunk, adler)
    return crc, adler


def zlib_bomb(megabytes: int, prefix: bytes = b"", fill: bytes = b" ") -> bytes:
    """The zlib-wrapped (``/FlateDecode``) form of :func:`deflate_bomb`."""
    _, adler = inflated_checksums(megabytes, prefix, fill)
    return b"\x78\xda" + deflate_bomb(megabytes, prefix, fill) + struct.pack(">I", adler)


class Member:
    """One zip member: its name and raw deflate data, with the size and CRC it declares."""

    def __init__(
        self,
        name: str,
        data: bytes = b"",
        *,
        raw: bytes | None = None,
        size: int | None = None,
        crc: int | None = None,
        method: int = 8,
    ) -> None:
        self.name = name
        self.method = method  # 8 deflate; anything else is written as given
        self.raw = raw if raw is not None else _deflate(data)
        self.size = len(data) if size is None else size
        self.crc = zlib.crc32(data) if crc is None else crc


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def zip_with(members: Iterable[Member]) -> bytes:
    """A zip file of deflated ``members``, each declaring exactly its ``size`` and ``crc``."""
    body = bytearray()
    central = bytearray()
    count = 0
    for m in members:
        name = m.name.encode("utf-8")
        offset = len(body)
        fields = struct.pack("<IIII", m.crc, len(m.raw), m.size, 0)[:12]
        body += struct.pack("<IHHHHH", 0x04034B50, 20, 0x800, m.method, 0, 0x21)
        body += fields + struct.pack("<HH", len(name), 0) + name + m.raw
        central += struct.pack("<IHHHHHH", 0x02014B50, 20, 20, 0x800, m.method, 0, 0x21)
        central += fields + struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset) + name
        count += 1
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(body), 0)
    return bytes(body + central + end)


def lying_member(name: str, prefix: bytes, megabytes: int, fill: bytes = b" ") -> Member:
    """A member whose data inflates to ``prefix`` + ``megabytes`` MB but declares only
    ``prefix`` + 16 bytes, with the CRC of those declared bytes (so a reader that stops at
    the declared size sees a valid member)."""
    declared = prefix + fill * 16
    return Member(
        name,
        raw=deflate_bomb(megabytes, prefix, fill),
        size=len(declared),
        crc=zlib.crc32(declared),
    )


# --- XML -------------------------------------------------------------------------------


def laughs_dtd(root: str, levels: int = 10) -> str:
    """A DOCTYPE whose entity ``lol{levels-1}`` expands to 10**levels copies of "lol"."""
    lines = [f"<!DOCTYPE {root} [", '<!ENTITY lol0 "lol">']
    for i in range(1, levels):
        lines.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    lines.append("]>")
    return "\n".join(lines)


def external_dtd(root: str, secret_uri: str, http_base: str) -> str:
    """A DOCTYPE with external entities ``xxe`` (a local file) and ``net`` (an HTTP URL),
    an external DTD subset and a parameter entity, all pointing at ``http_base``."""
    return (
        f'<!DOCTYPE {root} SYSTEM "{http_base}/external.dtd" [\n'
        f'<!ENTITY xxe SYSTEM "{secret_uri}">\n'
        f'<!ENTITY net SYSTEM "{http_base}/entity">\n'
        f'<!ENTITY % remote SYSTEM "{http_base}/parameter">\n'
        "%remote;\n]>"
    )


# --- PDF -------------------------------------------------------------------------------


def pdf_with_content(stream: bytes, filters: str = "/FlateDecode") -> bytes:
    """A one-page PDF (Helvetica as F1) whose page content is ``stream`` with ``filters``."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filters.encode())
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PDF_TEXT = b"BT /F1 12 Tf 72 720 Td (Hello from a small page) Tj ET\n"


def pdf_flate_bomb(megabytes: int) -> bytes:
    """A page whose one FlateDecode content stream inflates to ``megabytes`` MB."""
    return pdf_with_content(zlib_bomb(megabytes, PDF_TEXT))


def pdf_double_flate_bomb(megabytes: int) -> bytes:
    """The same content compressed twice (``[/FlateDecode /FlateDecode]``): a few KB."""
    return pdf_with_content(
        zlib.compress(zlib_bomb(megabytes, PDF_TEXT), 9), "[/FlateDecode /FlateDecode]"
    )

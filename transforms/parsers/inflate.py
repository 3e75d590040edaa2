"""Bounded inflation: how far compressed data really expands, without holding it.

Decompression bombs are refused by the parsers before a library inflates anything
(``limits.max_decompressed_ratio``). Two helpers do the counting here:

- :func:`inflate` yields a deflate stream's output in steps of at most 1 MB, feeding the
  input in 64 KB slices, so counting a gigabyte costs a gigabyte of CPU but never memory;
- :func:`check_zip_members` inflates every member of a zip container and refuses one
  that expands past the size it declares in the central directory. Python's ``zipfile``
  stops reading at the declared size but, asked for a whole member, first inflates up to
  2 GB in one call (a 2 MB DOCX member lying about its size took 15 s and 2.2 GB), and
  pandoc inflates a member to its end (279 s for a 2 GB EPUB chapter). The CRC of each
  member is checked on the way (a damaged member is reported as corrupt).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator

from transforms.errors import DocumentError, LimitExceededError

STEP = 1 << 20  # most bytes one inflate call may produce
_SLICE = 1 << 16  # input fed to one inflate call (keeps unconsumed tails small)
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_LOCAL_MAGIC = 0x04034B50


def _slices(data: bytes | memoryview) -> Iterator[memoryview]:
    view = memoryview(data)
    for start in range(0, len(view), _SLICE):
        yield view[start : start + _SLICE]


def _is_zlib_header(head: bytes) -> bool:
    return len(head) == 2 and head[0] & 0x0F == 8 and int.from_bytes(head) % 31 == 0


def inflate(chunks: Iterable[bytes], *, raw: bool | None = None) -> Iterator[bytes]:
    """Inflate a deflate stream given in pieces, yielding at most :data:`STEP` bytes at a time.

    ``raw``: True for raw deflate (zip members), False for zlib-wrapped data, None to tell
    by the first two bytes (PDF streams: MuPDF accepts both). Output stops at the end of
    the stream or at the first damaged byte.
    """
    inflater = None
    for chunk in chunks:
        for piece in _slices(chunk):
            if inflater is None:
                wrapped = _is_zlib_header(bytes(piece[:2])) if raw is None else not raw
                inflater = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            data: bytes | memoryview = piece
            while data:
                try:
                    out = inflater.decompress(data, STEP)
                except zlib.error:
                    return
                if out:
                    yield out
                if inflater.eof:
                    return
                data = inflater.unconsumed_tail


def _member_data(data: bytes, info: zipfile.ZipInfo) -> memoryview:
    """The compressed bytes of a member, located through its local header."""
    start = info.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or _LOCAL_HEADER.unpack(header)[0] != _LOCAL_MAGIC:
        raise ValueError("no local header")
    name_len, extra_len = _LOCAL_HEADER.unpack(header)[-2:]
    begin = start + _LOCAL_HEADER.size + name_len + extra_len
    if begin + info.compress_size > len(data):
        raise ValueError("data runs past the end of the file")
    return memoryview(data)[begin : begin + info.compress_size]


def check_zip_members(archive: zipfile.ZipFile, data: bytes, what: str) -> None:
    """Inflate every member: refuse one larger than it declares (a bomb) or damaged.

    Raises :class:`LimitExceededError` for a member that expands past its declared size,
    :class:`DocumentError` (``corrupt``) for a damaged member, a wrong CRC, or a
    compression method office files do not use (only stored and deflate are read).
    """
    for info in archive.infolist():
        name = info.filename
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise DocumentError(
                f"not a readable {what} file (member {name} uses compression method "
                f"{info.compress_type})",
                reason="corrupt",
            )
        try:
            packed = _member_data(data, info)
        except ValueError as exc:
            raise DocumentError(
                f"not a readable {what} file (damaged member {name}: {exc})", reason="corrupt"
            ) from None
        size, crc = 0, 0
        stored = info.compress_type == zipfile.ZIP_STORED
        pieces = (packed,) if stored else inflate((packed,), raw=True)
        for out in pieces:
            size += len(out)
            if size > info.file_size:
                raise LimitExceededError(
                    f"{what} member {name} inflates past the {info.file_size} bytes it "
                    "declares: refused as a possible decompression bomb"
                )
            crc = zlib.crc32(out, crc)
        if size != info.file_size or crc != info.CRC:
            raise DocumentError(
                f"not a readable {what} file (damaged member {name})", reason="corrupt"
            )

"""Checks on office containers before any library opens them.

A zip-based document (DOCX, PPTX, ODT, EPUB) is refused as a possible decompression bomb
when its declared uncompressed size passes ``limits.max_decompressed_ratio`` times its
size (see :func:`transforms.parsers.tabular_workbook.open_zip`), as encrypted when it is
an OOXML file saved with a password (an OLE2 box holding ``EncryptionInfo``), an ODF file
whose manifest declares encryption, or an EPUB whose text
content is encrypted (DRM; obfuscated fonts alone are fine), and as
corrupt when the zip cannot be read or lacks the part the format requires.
"""

from __future__ import annotations

import re
import zipfile

from transforms.config import PipelineConfig
from transforms.errors import DocumentError
from transforms.parsers.tabular_workbook import OLE_MAGIC, check_not_encrypted_ooxml, open_zip

_CIPHER_URI = re.compile(rb'CipherReference[^>]*?URI="([^"]+)"')
_CONTENT_SUFFIXES = (b".xhtml", b".html", b".htm", b".xml", b".opf", b".ncx")
_PASSWORD_MESSAGE = "the {what} is password-protected (encrypted)"


def check_nonempty(data: bytes, what: str) -> None:
    """Refuse an empty or all-blank file."""
    if not data.strip(b"\0 \t\r\n"):
        raise DocumentError(f"the {what} file is empty", reason="empty")


def open_office_zip(
    data: bytes, config: PipelineConfig, what: str, required: tuple[str, ...]
) -> zipfile.ZipFile:
    """Open an office zip after the emptiness, encryption, bomb and structure checks.

    ``required``: member names of which at least one must exist (``"word/document.xml"``).
    """
    check_nonempty(data, what)
    if data.startswith(OLE_MAGIC):
        check_not_encrypted_ooxml(data)
        raise DocumentError(
            f"not a readable {what} file (an OLE2 file, not a zip)", reason="corrupt"
        )
    archive = open_zip(data, config, what)
    names = set(archive.namelist())
    if not any(name in names for name in required):
        raise DocumentError(
            f"not a readable {what} file (the zip has no {' or '.join(required)})",
            reason="corrupt",
        )
    if "META-INF/manifest.xml" in names and b"encryption-data" in archive.read(
        "META-INF/manifest.xml"
    ):
        raise DocumentError(_PASSWORD_MESSAGE.format(what=what), reason="encrypted")
    if "META-INF/encryption.xml" in names:
        encrypted = _CIPHER_URI.findall(archive.read("META-INF/encryption.xml"))
        if any(uri.lower().endswith(_CONTENT_SUFFIXES) for uri in encrypted):
            raise DocumentError(f"the {what} has encrypted (DRM) content", reason="encrypted")
    return archive

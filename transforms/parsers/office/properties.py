"""Document properties (title, author, dates, language) from office containers.

OOXML keeps them in ``docProps/core.xml`` (Dublin Core), ODF in ``meta.xml``, EPUB in
its package document (``META-INF/container.xml`` names it). Only string values that are
present are returned, under docmill's metadata keys.
"""

from __future__ import annotations

import posixpath
import zipfile

from lxml import etree

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
# local element name -> metadata key
_KEYS = {
    "title": "title",
    "creator": "author",
    "initial-creator": "author",
    "subject": "subject",
    "description": "description",
    "keywords": "keywords",
    "keyword": "keywords",
    "language": "language",
    "created": "created",
    "creation-date": "created",
    "modified": "modified",
    "date": "date",
    "lastModifiedBy": "last_modified_by",
    "publisher": "publisher",
}


def _read_xml(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        return etree.fromstring(archive.read(name), _PARSER)
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError):
        return None


def _collect(root: etree._Element | None) -> dict[str, str]:
    found: dict[str, str] = {}
    if root is None:
        return found
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        key = _KEYS.get(etree.QName(node).localname)
        text = " ".join((node.text or "").split())
        if key and text and key not in found:
            found[key] = text
    return found


def ooxml_properties(archive: zipfile.ZipFile) -> dict[str, str]:
    """Core properties of a DOCX/PPTX/XLSX."""
    return _collect(_read_xml(archive, "docProps/core.xml"))


def odf_properties(archive: zipfile.ZipFile) -> dict[str, str]:
    """Meta properties of an ODT/ODP/ODS."""
    return _collect(_read_xml(archive, "meta.xml"))


def epub_properties(archive: zipfile.ZipFile) -> dict[str, str]:
    """Dublin Core metadata of an EPUB's package document."""
    container = _read_xml(archive, "META-INF/container.xml")
    if container is None:
        return {}
    rootfile = next(
        (n.get("full-path") for n in container.iter() if str(n.tag).endswith("rootfile")), None
    )
    if not rootfile:
        return {}
    package = _read_xml(archive, posixpath.normpath(rootfile))
    metadata = None
    if package is not None:
        metadata = next((n for n in package.iter() if str(n.tag).endswith("metadata")), None)
    return _collect(metadata)

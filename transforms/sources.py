"""Finding input files and planning the work: one item per distinct content.

Files with the same bytes under several names are parsed once; the other names are
recorded on the document (``metadata["duplicate_uris"]``).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from transforms.errors import DocumentError, LimitExceededError, Stage


@dataclass(frozen=True)
class SourceItem:
    """A file to convert: where it is, what it hashes to, and the other names of its bytes."""

    path: Path
    uri: str
    rel_path: str  # path relative to the input root it was found under
    doc_id: str | None  # None when the file could not be read
    size_bytes: int
    also: tuple[str, ...] = field(default=())
    error: str | None = None  # why the file could not be read
    data: bytes | None = field(default=None, repr=False)  # the bytes, when not read by path


def file_uri(path: Path) -> str:
    """The ``file://`` URI of a path."""
    return path.resolve().as_uri()


def hash_file(path: Path, block: int = 1 << 20) -> str:
    """sha256 of a file's bytes, streamed."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(block):
            digest.update(chunk)
    return digest.hexdigest()


def _read_bounded(fh, max_bytes: int) -> bytes:
    """Up to ``max_bytes + 1`` bytes, asking for no more than the file holds.

    ``read(n)`` allocates ``n`` bytes up front: 512 MB per file under a worker's memory cap.
    """
    size = os.fstat(fh.fileno()).st_size
    parts = [fh.read(min(size, max_bytes) + 1)]
    total = len(parts[0])
    while total <= max_bytes:  # the file grew since fstat
        more = fh.read(min(1 << 20, max_bytes + 1 - total))
        if not more:
            break
        parts.append(more)
        total += len(more)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_planned(item: SourceItem, max_bytes: int) -> bytes:
    """The bytes of a planned file, if they are still the bytes that were planned.

    Reads at most ``max_bytes`` (a file that grew past it is refused) and never blocks on
    something that became a FIFO or device since it was listed. A file whose bytes no
    longer hash to ``item.doc_id`` (written to, replaced) is refused with reason
    ``changed``: converting it would pair half-written content with the planned id.
    """
    if item.data is not None:  # read already (a remote file)
        data = item.data
    else:
        fd = os.open(item.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise DocumentError(
                    "no longer a regular file", stage=Stage.DETECT, reason="unreadable"
                )
            data = _read_bounded(fh, max_bytes)
    if len(data) > max_bytes:
        raise LimitExceededError(
            f"file grew past the limit of {max_bytes} bytes while it was read", stage=Stage.DETECT
        )
    if item.doc_id is not None and hashlib.sha256(data).hexdigest() != item.doc_id:
        raise DocumentError(
            "the file changed after it was listed (still being written?); convert it again",
            stage=Stage.DETECT,
            reason="changed",
        )
    return data


def link_target(link: Path, base: Path, skip: frozenset[Path]) -> Path | None:
    """Where a symbolic link under ``base`` may be followed to, or None.

    Only to a regular file inside ``base`` and outside the ``skip`` folders: links out of
    the source, to devices or FIFOs, dangling links and loops are not followed.
    """
    try:
        target = link.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return None
    if not target.is_relative_to(base) or not target.is_file():
        return None
    if any(target.is_relative_to(folder) for folder in skip):
        return None
    return target


def iter_files(root: Path, skip: frozenset[Path] = frozenset()) -> Iterable[tuple[Path, str]]:
    """Regular files under ``root`` (or ``root`` itself), sorted; hidden entries skipped.

    Symbolic links are followed only when their target is a regular file inside ``root``
    (links out of it, to devices or FIFOs, dangling links and loops are skipped); links
    to folders are not followed. Folders in ``skip`` (resolved) are not entered.
    """
    if root.is_file():
        yield root, root.name
        return
    base = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and (Path(dirpath) / d).resolve() not in skip
        )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if path.is_symlink():
                if link_target(path, base, skip) is None:
                    continue
            elif not path.is_file():
                continue
            yield path, path.relative_to(root).as_posix()


def plan_sources(roots: Iterable[Path], skip: Iterable[Path] = ()) -> list[SourceItem]:
    """Every file under ``roots``, hashed and de-duplicated by content, in a stable order.

    ``skip``: folders never listed (the run's own output inside a source folder).
    """
    skipped = frozenset(Path(p).resolve() for p in skip)
    by_hash: dict[str, SourceItem] = {}
    unreadable: list[SourceItem] = []
    for root in roots:
        for path, rel in iter_files(Path(root), skipped):
            uri = file_uri(path)
            try:
                size = path.stat().st_size
                doc_id = hash_file(path)
            except OSError as exc:  # unreadable, or removed since it was listed
                unreadable.append(SourceItem(path, uri, rel, None, 0, error=str(exc)))
                continue
            seen = by_hash.get(doc_id)
            if seen is None:
                by_hash[doc_id] = SourceItem(path, uri, rel, doc_id, size)
            elif uri != seen.uri and uri not in seen.also:
                by_hash[doc_id] = SourceItem(
                    seen.path, seen.uri, seen.rel_path, doc_id, seen.size_bytes, (*seen.also, uri)
                )
    return sorted([*by_hash.values(), *unreadable], key=lambda item: item.uri)

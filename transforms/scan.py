"""Listing input files cheaply: names, sizes and modification times, no reading.

A source is a local file or folder, or an fsspec URL (``file://``, ``memory://``,
``s3://``, ``gs://``). Folders are walked recursively; hidden entries (a name starting
with ``.``) are skipped; a symbolic link is followed only when its target stays inside
the folder. ``include``/``exclude`` are glob patterns matched against the path relative
to the source folder; a pattern without ``/`` matches the file name alone
(``*.pdf``), one with ``/`` the whole relative path (``reports/*/2024-*.pdf``, where ``*``
also crosses folders). A file is kept when it matches some include pattern (or none are
given) and no exclude pattern.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fnmatch import fnmatchcase
from pathlib import Path

import fsspec
from fsspec.implementations.local import LocalFileSystem

from transforms.sources import link_target
from transforms.store import open_filesystem


@dataclass(frozen=True)
class FileStat:
    """A file found under a source: identity and the facts a stat call gives."""

    uri: str
    path: str  # path on its filesystem
    rel_path: str  # relative to the source folder it was found under
    size: int
    mtime_ns: int  # 0 when the filesystem does not say
    fs: fsspec.AbstractFileSystem | None = field(default=None, compare=False, repr=False)

    @property
    def is_local(self) -> bool:
        """True for files on the local filesystem (read directly, by path)."""
        return self.fs is None or isinstance(self.fs, LocalFileSystem)


def matches(rel_path: str, patterns: Sequence[str]) -> bool:
    """True when ``rel_path`` matches one of the glob ``patterns``."""
    name = rel_path.rsplit("/", 1)[-1]
    for pattern in patterns:
        target = rel_path if "/" in pattern else name
        if fnmatchcase(target, pattern.removeprefix("**/")):
            return True
    return False


def _selected(rel: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    return (not include or matches(rel, include)) and not matches(rel, exclude)


def _walk_local(
    root: Path, skip: frozenset[Path] = frozenset()
) -> Iterable[tuple[str, str, os.stat_result, str]]:
    """(path, relative path, stat, uri) of regular files under a local root.

    Folders in ``skip`` (resolved paths: the run's own output) are never entered.
    """
    if root.is_file():
        resolved = root.resolve()
        yield str(resolved), root.name, resolved.stat(), resolved.as_uri()
        return
    base = root.resolve()
    stack = [(base, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{prefix}{entry.name}"
            if entry.is_symlink():
                target = link_target(Path(entry.path), base, skip)
                if target is not None:
                    yield entry.path, rel, target.stat(), target.as_uri()
            elif entry.is_dir(follow_symlinks=False):
                if Path(entry.path) in skip:
                    continue
                subdirs.append((Path(entry.path), f"{rel}/"))
            elif entry.is_file(follow_symlinks=False):
                yield entry.path, rel, entry.stat(follow_symlinks=False), Path(entry.path).as_uri()
        stack.extend(reversed(subdirs))


def _mtime_ns(info: dict) -> int:
    for key in ("mtime", "LastModified", "last_modified", "updated", "modified", "created"):
        value = info.get(key)
        if isinstance(value, datetime):
            return int(value.timestamp() * 1e9)
        if isinstance(value, int | float):
            return int(value * 1e9)
        if isinstance(value, str):
            try:
                return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1e9)
            except ValueError:
                continue
    return 0


def _walk_remote(fs: fsspec.AbstractFileSystem, root: str) -> Iterable[tuple[str, str, int, int]]:
    """(path, relative path, size, mtime_ns) of files under a root on any filesystem."""
    root = root.rstrip("/")
    info = fs.info(root)
    if info["type"] == "file":
        yield root, root.rsplit("/", 1)[-1], int(info.get("size") or 0), _mtime_ns(info)
        return
    for path, info in sorted(fs.find(root, detail=True, withdirs=False).items()):
        rel = path[len(root) :].lstrip("/")
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        yield path, rel, int(info.get("size") or 0), _mtime_ns(info)


def scan_sources(
    locations: Iterable[str | Path],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    skip: Iterable[str | Path] = (),
) -> list[FileStat]:
    """Every selected file under ``locations``, sorted by URI, each URI once.

    ``skip``: local folders never listed (an output folder inside a source folder would
    otherwise be read back as input on the next run).
    """
    found: dict[str, FileStat] = {}
    skipped = frozenset(Path(p).resolve() for p in skip)
    for location in locations:
        fs, root = open_filesystem(location)
        if isinstance(fs, LocalFileSystem):
            for path, rel, st, uri in _walk_local(Path(root), skipped):
                if uri not in found and _selected(rel, include, exclude):
                    found[uri] = FileStat(uri, path, rel, st.st_size, st.st_mtime_ns, fs)
        else:
            for path, rel, size, mtime in _walk_remote(fs, root):
                uri = fs.unstrip_protocol(path)
                if uri not in found and _selected(rel, include, exclude):
                    found[uri] = FileStat(uri, path, rel, size, mtime, fs)
    return [found[uri] for uri in sorted(found)]


def hash_stat(stat: FileStat, block: int = 1 << 20) -> str:
    """sha256 of a file's bytes, streamed."""
    digest = hashlib.sha256()
    if stat.is_local:
        with open(stat.path, "rb") as fh:
            while chunk := fh.read(block):
                digest.update(chunk)
    else:
        with stat.fs.open(stat.path, "rb") as fh:
            while chunk := fh.read(block):
                digest.update(chunk)
    return digest.hexdigest()


def read_stat(stat: FileStat) -> bytes:
    """The bytes of a file found by :func:`scan_sources`."""
    if stat.is_local:
        return Path(stat.path).read_bytes()
    return stat.fs.cat_file(stat.path)

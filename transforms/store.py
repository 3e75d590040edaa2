"""Where output goes: a folder on any fsspec filesystem, written atomically.

A local folder uses the operating system directly (write to a hidden temporary name,
``fsync``, ``os.replace``), so a file appears whole or not at all even after ``kill -9``
or a power cut. Other filesystems (``memory://``, ``s3://``, ``gs://``) go through fsspec;
on object stores one ``put`` is atomic by itself: an object appears whole or not at all.
"""

from __future__ import annotations

import io
import os
import secrets
from pathlib import Path

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.core import url_to_fs
from fsspec.implementations.local import LocalFileSystem


def open_filesystem(location: str | Path) -> tuple[fsspec.AbstractFileSystem, str]:
    """The filesystem and path of a local path or an fsspec URL."""
    fs, path = url_to_fs(str(location))
    if isinstance(fs, LocalFileSystem):
        path = str(Path(path).resolve())
    return fs, path


class Store:
    """An output folder: relative names in, atomic writes and renames out."""

    def __init__(self, fs: fsspec.AbstractFileSystem, root: str) -> None:
        self.fs = fs
        self.root = root.rstrip("/") or "/"
        self.is_local = isinstance(fs, LocalFileSystem)

    @classmethod
    def open(cls, location: str | Path) -> Store:
        """The store of a local path or an fsspec URL (``memory://out``, ``s3://b/out``)."""
        return cls(*open_filesystem(location))

    def __repr__(self) -> str:
        return f"Store({self.url})"

    @property
    def url(self) -> str:
        """The store's location as a URL (a plain path when local)."""
        return self.root if self.is_local else self.fs.unstrip_protocol(self.root)

    def path(self, rel: str) -> str:
        """The filesystem path of a name relative to the root."""
        return f"{self.root}/{rel}" if rel else self.root

    def exists(self, rel: str) -> bool:
        """True when the named file exists."""
        if self.is_local:
            return os.path.exists(self.path(rel))
        return self.fs.exists(self.path(rel))

    def listdir(self, rel: str) -> list[str]:
        """File names (not paths) directly inside a folder; empty when it does not exist."""
        path = self.path(rel)
        if self.is_local:
            try:
                return sorted(e.name for e in os.scandir(path) if e.is_file())
            except FileNotFoundError:
                return []
        try:
            infos = self.fs.ls(path, detail=True)
        except FileNotFoundError:
            return []
        return sorted(
            i["name"].rstrip("/").rsplit("/", 1)[-1] for i in infos if i["type"] == "file"
        )

    def read_bytes(self, rel: str) -> bytes:
        """The bytes of a file."""
        if self.is_local:
            return Path(self.path(rel)).read_bytes()
        return self.fs.cat_file(self.path(rel))

    def write_bytes(self, rel: str, data: bytes) -> None:
        """Write a file atomically: complete or absent, never partial."""
        path = self.path(rel)
        if not self.is_local:
            parent = path.rsplit("/", 1)[0]
            self.fs.makedirs(parent, exist_ok=True)
            self.fs.pipe_file(path, data)
            return
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        self.sync_dir(str(target.parent))

    def write_staged(self, rel_dir: str, final_name: str, data: bytes) -> str:
        """Write ``data`` under a hidden, unique name next to ``final_name``; return that name.

        Readers and globs (``*.parquet``, pyarrow's dataset discovery) ignore the name
        until :meth:`rename` publishes it.
        """
        name = f".{final_name}.{secrets.token_hex(6)}.tmp"
        rel = f"{rel_dir}/{name}"
        if self.is_local:
            target = Path(self.path(rel))
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        else:
            self.fs.makedirs(self.path(rel_dir), exist_ok=True)
            self.fs.pipe_file(self.path(rel), data)
        return rel

    def rename(self, src: str, dst: str) -> None:
        """Move ``src`` over ``dst`` (atomic locally; a single copy on object stores)."""
        if self.is_local:
            os.replace(self.path(src), self.path(dst))
        else:
            self.fs.mv(self.path(src), self.path(dst))

    def delete(self, rel: str) -> None:
        """Remove a file if it exists."""
        if self.is_local:
            Path(self.path(rel)).unlink(missing_ok=True)
        elif self.fs.exists(self.path(rel)):
            self.fs.rm_file(self.path(rel))

    def sync_dir(self, path: str) -> None:
        """Make renames in a local folder durable (a no-op elsewhere)."""
        if not self.is_local:
            return
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def read_table(self, rel: str) -> pa.Table:
        """A Parquet file as an Arrow table."""
        if self.is_local:
            return pq.read_table(self.path(rel))
        return pq.read_table(io.BytesIO(self.read_bytes(rel)))


def parquet_bytes(table: pa.Table) -> bytes:
    """``table`` serialized as a zstd-compressed Parquet file."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()

"""The manifest: what has been ingested into an output folder, committed atomically.

Why this store. The manifest lives in ``OUT/_docmill/`` and nothing else is needed. It is
a *commit log plus checkpoint* made of whole files, not SQLite: output may be on any
fsspec filesystem (``s3://``, ``gs://``, ``memory://``) where SQLite cannot live, and even
on local disks SQLite's WAL needs shared-memory locking that network mounts do not give.
Writing a whole file is atomic everywhere (temporary name + ``rename`` locally, one ``put``
on object stores), so every state change is one such write:

- ``_docmill/log/<seq>.json`` — one *commit* per batch (a "unit"): the part files it
  publishes (staged under hidden temporary names), the part it deletes, and the manifest
  rows it upserts and removes. Writing this file is the commit point.
- ``_docmill/manifest.parquet`` — a checkpoint of every row as of commit ``seq`` (in the
  file's metadata); older log files are deleted once it is written.

A commit is applied right after it is written (temporary names renamed to their final
names) and before the next one is written, so after a crash only the *last* commit can be
half-applied: opening the manifest replays it (a rename whose temporary file is gone was
already done), then deletes stray temporary files, which no commit refers to.

One row per source URI: ``uri, rel_path, size, mtime_ns, hashed_at_ns, sha256, primary``
(the URI whose records hold this content: itself, or the first of several files with the
same bytes), ``also`` (on primaries: the other URIs, newline-separated), ``part`` (the
output part holding its records), ``status`` (``ok``, ``failed``, ``duplicate``,
``deleted``), ``error``, ``n_chunks``, ``pages``, ``config_hash``, ``pipeline_version``,
``updated_at``, ``deleted_at``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

import pyarrow as pa

from transforms.store import Store, parquet_bytes
from transforms.writer import DATASETS

MANIFEST_DIR = "_docmill"
LOG_DIR = f"{MANIFEST_DIR}/log"
CHECKPOINT = f"{MANIFEST_DIR}/manifest.parquet"
LOCK = f"{MANIFEST_DIR}/lock"

MANIFEST_SCHEMA = pa.schema(
    [
        pa.field("uri", pa.string(), nullable=False),
        pa.field("rel_path", pa.string()),
        pa.field("size", pa.int64()),
        pa.field("mtime_ns", pa.int64()),
        pa.field("hashed_at_ns", pa.int64()),
        pa.field("sha256", pa.string()),
        pa.field("primary", pa.string()),
        pa.field("also", pa.string()),
        pa.field("part", pa.string()),
        pa.field("status", pa.string()),
        pa.field("error", pa.string()),
        pa.field("n_chunks", pa.int64()),
        pa.field("pages", pa.int64()),
        pa.field("config_hash", pa.string()),
        pa.field("pipeline_version", pa.string()),
        pa.field("updated_at", pa.string()),
        pa.field("deleted_at", pa.string()),
    ]
)
COLUMNS = tuple(MANIFEST_SCHEMA.names)

Step = Callable[[str], None]


def part_file(dataset: str, part: str) -> str:
    """The relative name of a part's file in a dataset."""
    return f"{dataset}/part-{part}.parquet"


def part_of(file_name: str) -> str | None:
    """The part id of a published part file name, or None for other files."""
    if file_name.startswith("part-") and file_name.endswith(".parquet"):
        return file_name.removeprefix("part-").removesuffix(".parquet")
    return None


@dataclass
class Commit:
    """One atomic change: publish (or delete) a part and update manifest rows.

    ``files`` maps each dataset to the staged temporary name to publish, or to None to
    delete the part's file in that dataset. ``part`` is None for a rows-only commit.
    """

    part: str | None = None
    files: dict[str, str | None] = field(default_factory=dict)
    upsert: list[dict] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)


class ManifestLockedError(RuntimeError):
    """Another run holds the output folder."""


class Manifest:
    """The committed state of an output folder; one writer at a time."""

    def __init__(self, store: Store, *, checkpoint_every: int = 64, on_step: Step | None = None):
        self.store = store
        self.checkpoint_every = checkpoint_every
        self.on_step = on_step or (lambda _name: None)
        self.state: dict[str, dict] = {}
        self.seq = 0
        self.checkpoint_seq = 0
        self._lock_fh = None

    # -- opening and recovery -------------------------------------------------------------
    @classmethod
    def open(cls, store: Store, **kwargs) -> Manifest:
        """Lock the folder, load the state and finish whatever a killed run left half-done."""
        manifest = cls(store, **kwargs)
        manifest._lock()
        try:
            manifest._recover()
        except BaseException:
            manifest.close()
            raise
        return manifest

    @classmethod
    def read(cls, store: Store) -> dict[str, dict]:
        """The committed rows, read without locking or repairing anything."""
        manifest = cls(store)
        manifest._load()
        return manifest.state

    def _lock(self) -> None:
        if not self.store.is_local:
            return  # object stores have no locks: one writer per output is the rule
        import fcntl

        path = self.store.path(LOCK)
        self.store.fs.makedirs(self.store.path(MANIFEST_DIR), exist_ok=True)
        fh = open(path, "a+")  # noqa: SIM115  (held until close())
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            fh.close()
            raise ManifestLockedError(f"another docmill run is writing {self.store.url}") from exc
        self._lock_fh = fh

    def close(self) -> None:
        """Release the folder."""
        if self._lock_fh is not None:
            self._lock_fh.close()
            self._lock_fh = None

    def _log_entries(self) -> list[int]:
        seqs = []
        for name in self.store.listdir(LOG_DIR):
            if name.endswith(".json") and name[:-5].isdigit():
                seqs.append(int(name[:-5]))
        return sorted(seqs)

    def _load(self) -> list[dict]:
        """Load checkpoint + later log entries into ``state``; return those entries."""
        if self.store.exists(CHECKPOINT):
            table = self.store.read_table(CHECKPOINT)
            meta = table.schema.metadata or {}
            self.checkpoint_seq = int(meta.get(b"docmill.manifest_seq", b"0"))
            self.state = {row["uri"]: row for row in table.to_pylist()}
        self.seq = self.checkpoint_seq
        entries = []
        for seq in self._log_entries():
            if seq <= self.checkpoint_seq:
                continue
            entry = json.loads(self.store.read_bytes(f"{LOG_DIR}/{seq:012d}.json"))
            self._apply_rows(entry)
            self.seq = seq
            entries.append(entry)
        return entries

    def _recover(self) -> None:
        entries = self._load()
        if entries:
            self._apply_files(entries[-1])  # only the last commit can be half-applied
        self.sweep_staging()
        if entries:
            self.checkpoint()

    def sweep_staging(self) -> None:
        """Delete temporary files that no commit refers to (left by a killed run)."""
        for folder in (*DATASETS, MANIFEST_DIR, LOG_DIR):
            for name in self.store.listdir(folder):
                if name.startswith(".") and name.endswith(".tmp"):
                    self.store.delete(f"{folder}/{name}")

    # -- committing ------------------------------------------------------------------------
    def _apply_rows(self, entry: dict) -> None:
        for uri in entry.get("remove", ()):
            self.state.pop(uri, None)
        for row in entry.get("upsert", ()):
            self.state[row["uri"]] = {c: row.get(c) for c in COLUMNS}

    def _apply_files(self, entry: dict) -> None:
        part = entry.get("part")
        if part is None:
            return
        files = entry.get("files", {})
        for dataset in DATASETS:  # chunks last
            if dataset not in files:
                continue
            staged = files[dataset]
            final = part_file(dataset, part)
            if staged is None:
                self.store.delete(final)
            elif self.store.exists(staged):
                self.store.rename(staged, final)
                self.on_step("renamed")
        if self.store.is_local:
            for dataset in DATASETS:
                if self.store.exists(dataset):
                    self.store.sync_dir(self.store.path(dataset))

    def commit(self, commit: Commit) -> None:
        """Write ``commit`` to the log (the commit point), then apply it."""
        entry = asdict(commit)
        seq = self.seq + 1
        self.store.write_bytes(f"{LOG_DIR}/{seq:012d}.json", json.dumps(entry).encode())
        self.seq = seq
        self.on_step("logged")
        self._apply_rows(entry)
        self._apply_files(entry)
        self.on_step("committed")
        if self.seq - self.checkpoint_seq >= self.checkpoint_every:
            self.checkpoint()

    def checkpoint(self) -> None:
        """Write every row as of the last commit, then drop the log files it covers."""
        if self.seq == self.checkpoint_seq and self.store.exists(CHECKPOINT):
            return
        self.on_step("checkpoint")
        rows = [self.state[uri] for uri in sorted(self.state)]
        table = pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA)
        table = table.replace_schema_metadata({b"docmill.manifest_seq": str(self.seq).encode()})
        self.store.write_bytes(CHECKPOINT, parquet_bytes(table))
        self.checkpoint_seq = self.seq
        self.on_step("checkpointed")
        for seq in self._log_entries():
            if seq <= self.seq:
                self.store.delete(f"{LOG_DIR}/{seq:012d}.json")

    # -- reading ---------------------------------------------------------------------------
    def live_parts(self) -> set[str]:
        """Part ids that committed rows point to."""
        return {row["part"] for row in self.state.values() if row.get("part")}

    def remove_orphans(self, keep: Iterable[str] = ()) -> int:
        """Delete published part files no row points to (e.g. from an older layout)."""
        live = self.live_parts() | set(keep)
        removed = 0
        for dataset in reversed(DATASETS):
            for name in self.store.listdir(dataset):
                part = part_of(name)
                if part is not None and part not in live:
                    self.store.delete(f"{dataset}/{name}")
                    removed += 1
        return removed

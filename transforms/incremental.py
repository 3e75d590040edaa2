"""Planning an incremental run: what to convert, what to drop, and which part it goes to.

The input files are compared with the manifest (:mod:`transforms.manifest`):

- **Unchanged** — same size and modification time as recorded (and not modified within
  two seconds of being hashed, when the time could not tell a later change apart): the
  recorded content hash is trusted and the file is not read at all. Otherwise the file is
  hashed; same hash, same duplicate names, same configuration hash and pipeline version
  as recorded: nothing to do.
- **Changed** — anything else about a recorded file. Its new records go into the *same
  part* that holds its old ones, and that part is rewritten whole (the other documents'
  records carried over) and published by one rename: a reader of a dataset sees the old
  part or the new part, so the old version or the new one, never both, never neither.
  A file moved or renamed (same bytes, new name) is treated the same way.
- **New** — batched into new parts, named from their members so that a re-run after a
  crash forms the same batches.
- **Deleted** — its records are dropped from its part (``on_delete="remove"``), or kept
  and its manifest row marked ``deleted`` (``on_delete="tombstone"``).

Files with the same bytes under several names are converted once; the first name (in
URI order) is the *primary*, the others are listed in ``metadata.duplicate_uris``.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from transforms.config import PIPELINE_VERSION, PipelineConfig
from transforms.records import printable
from transforms.scan import FileStat, hash_stat, read_stat
from transforms.sources import SourceItem

RACY_NS = 2_000_000_000  # a file changed this close to its hashing is hashed again
ON_DELETE = ("remove", "tombstone")


@dataclass
class PlannedDoc:
    """A distinct content to convert, with the files that hold it (primary first)."""

    files: list[FileStat]
    sha256: str | None
    hashed_at_ns: dict[str, int]
    kind: str  # "new" | "changed"
    error: str | None = None  # why the primary could not be read

    @property
    def uri(self) -> str:
        """The primary URI: the ``source_uri`` of the records."""
        return self.files[0].uri

    def item(self) -> SourceItem:
        """The :class:`SourceItem` to convert; non-local bytes are read here."""
        primary = self.files[0]
        data = None
        error = self.error
        if not primary.is_local and error is None:
            try:
                data = read_stat(primary)
            except OSError as exc:
                error = str(exc)
        return SourceItem(
            path=Path(primary.path),
            uri=primary.uri,
            rel_path=primary.rel_path,
            doc_id=self.sha256,
            size_bytes=primary.size,
            also=tuple(f.uri for f in self.files[1:]),
            error=error,
            data=data,
        )


@dataclass
class Unit:
    """One output part to (re)write: documents to convert, URIs whose records leave it."""

    part: str
    docs: list[PlannedDoc] = field(default_factory=list)
    drop: set[str] = field(default_factory=set)  # besides the docs' own URIs
    remove: list[str] = field(default_factory=list)  # manifest rows deleted on commit
    existing: bool = False  # the part already holds records to carry over


@dataclass
class Plan:
    """What a run will do."""

    units: list[Unit]
    upsert: list[dict]  # rows-only updates (times refreshed, tombstones)
    remove: list[str]
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0
    hashed: int = 0

    @property
    def documents(self) -> int:
        """How many documents will be converted."""
        return sum(len(u.docs) for u in self.units)


def utc_now_iso() -> str:
    """The current time, ISO 8601 in UTC."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def base_row(stat: FileStat, sha: str | None, hashed_at_ns: int, primary: str) -> dict:
    """The file facts of a manifest row."""
    return {
        "uri": stat.uri,
        "rel_path": printable(stat.rel_path),  # undecodable names: Arrow needs UTF-8
        "size": stat.size,
        "mtime_ns": stat.mtime_ns,
        "hashed_at_ns": hashed_at_ns,
        "sha256": sha,
        "primary": primary,
    }


def new_part_id(uris: Sequence[str]) -> str:
    """The id of a new part, derived from its members' URIs."""
    return hashlib.sha256("\n".join(uris).encode()).hexdigest()[:20]


def _trust_stat(old: dict | None, stat: FileStat) -> bool:
    return (
        old is not None
        and old.get("sha256") is not None
        and old.get("status") != "deleted"
        and stat.mtime_ns > 0
        and old.get("size") == stat.size
        and old.get("mtime_ns") == stat.mtime_ns
        and (old.get("hashed_at_ns") or 0) - stat.mtime_ns > RACY_NS
    )


def plan_run(
    state: dict[str, dict],
    files: Sequence[FileStat],
    config: PipelineConfig,
    *,
    batch_size: int = 16,
    on_delete: str = "remove",
    retry_failed: bool = False,
    published_parts: set[str] | None = None,
    hasher: Callable[[FileStat], str] = hash_stat,
) -> Plan:
    """Compare ``files`` with the manifest ``state`` and plan the units of work.

    ``published_parts`` (part ids whose files exist) lets a part that went missing be
    rebuilt: its documents are converted again.
    """
    if on_delete not in ON_DELETE:
        raise ValueError(f"on_delete must be one of {ON_DELETE}, not {on_delete!r}")
    now_ns = time.time_ns()
    now_iso = utc_now_iso()
    cfg = config.config_hash
    plan = Plan(units=[], upsert=[], remove=[])

    # 1. the content of every file: trusted from the manifest, or hashed now
    sha: dict[str, str | None] = {}
    errors: dict[str, str] = {}
    hashed_at: dict[str, int] = {}
    for stat in files:
        old = state.get(stat.uri)
        if _trust_stat(old, stat):
            sha[stat.uri], hashed_at[stat.uri] = old["sha256"], old["hashed_at_ns"]
            continue
        plan.hashed += 1
        hashed_at[stat.uri] = now_ns
        try:
            sha[stat.uri] = hasher(stat)
        except OSError as exc:
            sha[stat.uri] = None
            errors[stat.uri] = str(exc)

    # 2. distinct contents: the first URI is the primary, the others duplicates
    groups: dict[str, list[FileStat]] = defaultdict(list)
    for stat in files:
        groups[sha[stat.uri] or f"unreadable:{stat.uri}"].append(stat)
    entries = sorted(groups.values(), key=lambda g: g[0].uri)
    present = {stat.uri for stat in files}
    current_primaries = {g[0].uri for g in entries}
    old_primaries = {u: r for u, r in state.items() if r.get("primary") == u}
    old_by_sha: dict[str, str] = {}
    for uri in sorted(old_primaries):
        if old_primaries[uri].get("sha256"):
            old_by_sha.setdefault(old_primaries[uri]["sha256"], uri)
    missing = set()
    if published_parts is not None:
        missing = {r["part"] for r in old_primaries.values() if r.get("part")} - published_parts

    # 3. classify each content
    claimed: set[str] = set()
    by_part: dict[str | None, list[PlannedDoc]] = defaultdict(list)
    drops: dict[str, set[str]] = defaultdict(set)
    for group in entries:
        primary = group[0]
        content = sha[primary.uri]
        also = "\n".join(f.uri for f in group[1:])
        old = old_primaries.get(primary.uri)
        if old is None and content:
            candidate = old_by_sha.get(content)
            if candidate and candidate not in current_primaries and candidate not in claimed:
                old = old_primaries[candidate]  # the same bytes under a new name
        if old is not None:
            claimed.add(old["uri"])
        unchanged = (
            old is not None
            and old["uri"] == primary.uri
            and old.get("status") in ("ok", "failed")
            and content is not None
            and old.get("sha256") == content
            and (old.get("also") or "") == also
            and old.get("config_hash") == cfg
            and old.get("pipeline_version") == PIPELINE_VERSION
            and not (retry_failed and old.get("status") == "failed")
            and old.get("part") not in missing
        )
        if unchanged:
            plan.unchanged += 1
            for stat in group:
                row = state.get(stat.uri)
                fresh = base_row(stat, content, hashed_at[stat.uri], primary.uri)
                if row is None or any(row.get(k) != v for k, v in fresh.items()):
                    plan.upsert.append({**(row or {}), **fresh, "updated_at": now_iso})
            continue
        kind = "changed" if old is not None and old.get("status") != "deleted" else "new"
        plan.changed += kind == "changed"
        plan.new += kind == "new"
        part = old.get("part") if old is not None else None
        doc = PlannedDoc(
            files=list(group),
            sha256=content,
            hashed_at_ns={f.uri: hashed_at[f.uri] for f in group},
            kind=kind,
            error=errors.get(primary.uri),
        )
        by_part[part].append(doc)
        if part and old["uri"] != primary.uri:
            drops[part].add(old["uri"])

    # 4. recorded contents nobody claims: deleted files, or files now duplicates
    tombstoned = set()
    for uri, row in sorted(old_primaries.items()):
        if uri in claimed:
            continue
        gone = uri not in present
        if row.get("status") == "deleted":
            if gone and on_delete == "tombstone":
                tombstoned.add(uri)
                continue  # stays a tombstone
            # back as a duplicate of another file, or tombstones purged by "remove"
        elif gone:
            plan.deleted += 1
            if on_delete == "tombstone":
                tombstoned.add(uri)  # its rows are marked in step 6
                continue
        if row.get("part"):
            drops[row["part"]].add(uri)

    # 5. units: rewritten parts, then new parts in batches
    for part in sorted({p for p in by_part if p} | set(drops)):
        plan.units.append(Unit(part, by_part.get(part, []), drops.get(part, set()), existing=True))
    fresh_docs = by_part.get(None, [])
    size = max(1, batch_size)
    taken = {r["part"] for r in state.values() if r.get("part")} | {u.part for u in plan.units}
    for i in range(0, len(fresh_docs), size):
        batch = fresh_docs[i : i + size]
        part = new_part_id([d.uri for d in batch])
        while part in taken:  # members gone and back, or a hash collision
            part = new_part_id([part])
        taken.add(part)
        plan.units.append(Unit(part, batch))

    # 6. manifest rows of files that are gone
    unit_of = {u.part: u for u in plan.units}
    for uri, row in sorted(state.items()):
        if uri in present:
            continue
        primary = row.get("primary")
        if primary in tombstoned:
            if row.get("status") != "deleted":
                plan.upsert.append({**row, "status": "deleted", "deleted_at": now_iso})
            continue
        unit = unit_of.get((state.get(primary) or {}).get("part"))
        if unit is not None:
            unit.remove.append(uri)
        else:
            plan.remove.append(uri)
    return plan

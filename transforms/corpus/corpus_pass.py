"""The corpus pass: runs once all batches of a run are published.

1. Count, per group, in how many documents each block of text occurs (boilerplate).
2. Clean each part (boilerplate, quality filters) and take MinHash signatures of its
   documents and chunks.
3. Cluster near duplicates; rewrite the parts that change: cluster ids, cut boilerplate,
   drops (reported in ``OUT/dropped``). Parts that no longer change get their raw
   version back. See :mod:`transforms.corpus.parts` for how re-runs stay exact.

Memory: one part's rows at a time, plus one 512-byte signature per document and chunk.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from schemas import ChunkRecord, DocumentRecord, DropRecord, arrow_schema
from transforms.config import PIPELINE_VERSION, PipelineConfig
from transforms.corpus.boilerplate import BlockCounter
from transforms.corpus.cleaning import PartCleaner, drop_row, group_of
from transforms.corpus.minhash import near_duplicate_groups, text_signature
from transforms.corpus.parts import PartStore
from transforms.quality import quality_filter_on

STATE_FILE = Path("_corpus") / "state.json"


@dataclass
class CorpusSummary:
    """What the corpus pass found and did."""

    ran: bool = False
    reused: bool = False  # the output was already cleaned with these settings
    documents: int = 0
    chunks: int = 0
    doc_clusters: int = 0
    docs_in_clusters: int = 0
    chunk_clusters: int = 0
    chunks_in_clusters: int = 0
    boilerplate_blocks: int = 0
    boilerplate_chars: int = 0
    parts_rewritten: int = 0
    dropped: dict[str, int] = field(default_factory=dict)  # "step:documents|chunks|blocks"


def corpus_pass_needed(config: PipelineConfig) -> bool:
    """True when the configuration asks for any corpus-level step."""
    c = config.corpus
    wanted = c.near_duplicates != "off" or c.boilerplate != "off"
    return (c.enabled and wanted) or quality_filter_on(config.quality)


def _stamp(config: PipelineConfig, store: PartStore, keys: list[str]) -> str:
    """Settings and parts the pass ran on: a batch converted again is unstamped again."""
    listing = [(key, store.is_stamped("chunks", key)) for key in keys]
    blob = json.dumps(
        [PIPELINE_VERSION, asdict(config.corpus), asdict(config.quality), listing], sort_keys=True
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def _cluster_id(member_id: str) -> str:
    return "nd-" + hashlib.sha256(member_id.encode()).hexdigest()[:16]


def _clusters(entries: list[tuple], sigs: list[np.ndarray], threshold: float) -> dict:
    """Map member id to (cluster id, representative id) for members of near-duplicate groups.

    ``entries`` are ``(sort_key, member_id)``; the representative is the smallest key.
    """
    out = {}
    if len(sigs) < 2:
        return out
    for group in near_duplicate_groups(np.stack(sigs), threshold):
        members = sorted(entries[i] for i in group)
        rep = members[0][1]
        for _, member in members:
            out[member] = (_cluster_id(rep), rep)
    return out


def _table(rows: list[dict], model, dataset: str) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=arrow_schema(model, dataset))


def _read_state(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _write_state(path: Path, state: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(state, indent=1))
    os.replace(tmp, path)


class CorpusPass:
    """One run of the corpus-level cleaning over an output folder."""

    def __init__(self, out_dir: Path | str, config: PipelineConfig) -> None:
        self.store = PartStore(out_dir)
        self.config = config
        self.options = config.corpus
        self.summary = CorpusSummary(ran=True)
        self.drops: Counter[str] = Counter()

    def _raw_rows(self, key: str) -> tuple[list[dict], list[dict]]:
        docs = self.store.read_raw("documents", key).to_pylist()
        chunks = self.store.read_raw("chunks", key).to_pylist()
        return docs, chunks

    def _frequent_blocks(self, keys: list[str]) -> dict:
        o = self.options
        if not o.enabled or o.boilerplate == "off":
            return {}
        counter = BlockCounter(o.boilerplate_min_chars)
        for key in keys:
            table = self.store.read_raw("documents", key, ["source_uri", "text"])
            for row in table.to_pylist():
                counter.add(group_of(row["source_uri"], o.boilerplate_scope), row["text"])
        return counter.frequent(o.boilerplate_min_docs, o.boilerplate_min_share)

    def _near_duplicates(self, keys: list[str], cleaner: PartCleaner) -> tuple[dict, dict]:
        o = self.options
        if not o.enabled or o.near_duplicates == "off":
            return {}, {}
        doc_entries, doc_sigs, chunk_entries, chunk_sigs, chunk_doc = [], [], [], [], []
        for key in keys:
            view = cleaner.view(*self._raw_rows(key))
            for doc in view.documents:
                doc_entries.append(((doc["source_uri"],), doc["doc_id"]))
                doc_sigs.append(text_signature(doc["text"]))
                for c in view.chunks.get(doc["doc_id"], []):
                    chunk_entries.append(((c["source_uri"], c["chunk_index"]), c["chunk_id"]))
                    chunk_sigs.append(text_signature(c["text"]))
                    chunk_doc.append(doc["doc_id"])
        docs = _clusters(doc_entries, doc_sigs, o.doc_threshold)
        if o.near_duplicates == "drop":  # chunks of dropped documents leave with them
            keep = [i for i, d in enumerate(chunk_doc) if docs.get(d, (None, d))[1] == d]
            chunk_entries = [chunk_entries[i] for i in keep]
            chunk_sigs = [chunk_sigs[i] for i in keep]
        chunks = _clusters(chunk_entries, chunk_sigs, o.chunk_threshold)
        s = self.summary
        s.doc_clusters = len({c for c, _ in docs.values()})
        s.docs_in_clusters = len(docs)
        s.chunk_clusters = len({c for c, _ in chunks.values()})
        s.chunks_in_clusters = len(chunks)
        return docs, chunks

    def _apply(self, key: str, cleaner: PartCleaner, docs_nd: dict, chunks_nd: dict) -> None:
        view = cleaner.view(*self._raw_rows(key))
        drop = self.options.near_duplicates == "drop"
        threshold = self.options
        documents, chunks = [], []
        for doc in view.documents:
            doc_chunks = view.chunks.get(doc["doc_id"], [])
            cluster = docs_nd.get(doc["doc_id"])
            if cluster:
                view.changed = True
                doc["near_dup_cluster"] = cluster[0]
                if drop and cluster[1] != doc["doc_id"]:
                    reason = (
                        f"near duplicate of document {cluster[1][:12]} (estimated Jaccard >= "
                        f"{threshold.doc_threshold}); {len(doc_chunks)} chunks dropped with it"
                    )
                    row = drop_row(doc, "near_duplicate", reason, doc["text"], None, cluster[1])
                    view.dropped.append(row)
                    self.drops["near_duplicate:documents"] += 1
                    continue
            kept = []
            for c in doc_chunks:
                cl = chunks_nd.get(c["chunk_id"])
                if cl:
                    view.changed = True
                    c["near_dup_cluster"] = cl[0]
                    if drop and cl[1] != c["chunk_id"]:
                        reason = (
                            f"near duplicate of chunk {cl[1][:12]} (estimated Jaccard >= "
                            f"{threshold.chunk_threshold})"
                        )
                        row = drop_row(doc, "near_duplicate", reason, c["text"], c, cl[1])
                        view.dropped.append(row)
                        self.drops["near_duplicate:chunks"] += 1
                        continue
                kept.append(c)
            doc["n_chunks"] = len(kept)
            documents.append(doc)
            chunks.extend(kept)
        for row in view.dropped:
            if row["step"] != "near_duplicate":
                kind = "blocks" if row["chunk_id"] is None else "chunks"
                self.drops[f"{row['step']}:{kind}"] += 1
        s = self.summary
        s.documents += len(view.documents)
        s.chunks += sum(len(v) for v in view.chunks.values())
        s.boilerplate_blocks += view.boilerplate_blocks
        s.boilerplate_chars += view.boilerplate_chars
        if not view.changed and not view.dropped:
            self.store.restore_raw(key)
            return
        tables = {
            "documents": _table(documents, DocumentRecord, "documents"),
            "chunks": _table(chunks, ChunkRecord, "chunks"),
        }
        if view.dropped:
            tables["dropped"] = _table(view.dropped, DropRecord, "dropped")
        self.store.write(key, tables, self.stamp)
        s.parts_rewritten += 1

    def run(self) -> CorpusSummary:
        """Clean the output folder; a no-op when it was already cleaned with these settings."""
        keys = self.store.batch_keys()
        state_path = self.store.out / STATE_FILE
        state = _read_state(state_path)
        if state.get("stamp") == _stamp(self.config, self.store, keys):
            return CorpusSummary(**{**state["summary"], "reused": True})
        self.stamp = hashlib.sha256(json.dumps(keys).encode()).hexdigest()[:24]
        self.store.remove_orphans(set(keys))
        cleaner = PartCleaner(self.config, self._frequent_blocks(keys))
        docs_nd, chunks_nd = self._near_duplicates(keys, cleaner)
        for key in keys:
            self._apply(key, cleaner, docs_nd, chunks_nd)
        self.summary.dropped = dict(sorted(self.drops.items()))
        stamp = _stamp(self.config, self.store, keys)
        _write_state(state_path, {"stamp": stamp, "summary": asdict(self.summary)})
        return self.summary


def run_corpus_pass(out_dir: Path | str, config: PipelineConfig) -> CorpusSummary:
    """The entry point: corpus-level cleaning of a finished output folder."""
    if not corpus_pass_needed(config):
        store = PartStore(out_dir)
        for key in store.batch_keys():  # parts cleaned by an earlier run go back to raw
            store.restore_raw(key)
        store.remove_orphans(set(store.batch_keys()))
        return CorpusSummary()
    return CorpusPass(out_dir, config).run()

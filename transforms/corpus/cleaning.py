"""What the corpus pass does to one batch part: boilerplate, quality filters, near duplicates.

Works on plain rows (``Table.to_pylist()`` dicts in the Arrow layout) so that parts are
rewritten without a round trip through pydantic; the result is validated by the schema
when it is written and by ``docmill validate``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from transforms.config import PIPELINE_VERSION, PipelineConfig
from transforms.corpus.boilerplate import boilerplate_spans, covered_share, cut_spans
from transforms.quality import quality_reason
from transforms.tokens import get_tokenizer

_CONTEXT_SEP = "\n\n"  # as the chunker joins context and text


def group_of(source_uri: str, scope: str) -> str:
    """The boilerplate group of a document: its folder, or the whole run."""
    return source_uri.rsplit("/", 1)[0] if scope == "folder" else ""


def _set_meta(row: dict, key: str, value: str) -> None:
    items = [kv for kv in row["metadata"] if kv["key"] != key]
    row["metadata"] = [*items, {"key": key, "value": value}]


@dataclass
class PartView:
    """A part after boilerplate and quality cleaning (before near-duplicate handling)."""

    documents: list[dict]
    chunks: dict[str, list[dict]]  # doc_id -> chunks in order
    dropped: list[dict] = field(default_factory=list)
    changed: bool = False
    boilerplate_blocks: int = 0
    boilerplate_chars: int = 0


def drop_row(doc: dict, step: str, reason: str, text: str, chunk: dict | None = None, kept=None):
    """A ``DropRecord`` row for something removed from ``doc``."""
    return {
        "source_uri": doc["source_uri"],
        "doc_id": doc["doc_id"],
        "chunk_id": chunk["chunk_id"] if chunk else None,
        "chunk_index": chunk["chunk_index"] if chunk else None,
        "step": step,
        "reason": reason,
        "kept_id": kept,
        "text": text,
        "pipeline_version": PIPELINE_VERSION,
        "config_hash": doc["config_hash"],
        "created_at": doc["created_at"],
    }


class PartCleaner:
    """Applies boilerplate removal/flagging and the quality filters to parts."""

    def __init__(self, config: PipelineConfig, frequent: dict[str, dict[bytes, int]]) -> None:
        self.config = config
        self.options = config.corpus
        self.frequent = frequent
        self.tokenizer = get_tokenizer(config.chunking.tokenizer)

    def view(self, documents: list[dict], chunks: list[dict]) -> PartView:
        """Clean one part's rows."""
        by_doc: dict[str, list[dict]] = defaultdict(list)
        for c in sorted(chunks, key=lambda c: (c["doc_id"], c["chunk_index"])):
            by_doc[c["doc_id"]].append(c)
        view = PartView(documents, by_doc)
        for doc in documents:
            self._boilerplate(view, doc)
            self._quality(view, doc)
        return view

    def _boilerplate(self, view: PartView, doc: dict) -> None:
        o = self.options
        if o.boilerplate == "off":
            return
        frequent = self.frequent.get(group_of(doc["source_uri"], o.boilerplate_scope), {})
        spans = boilerplate_spans(doc["text"], frequent, o.boilerplate_min_chars)
        if not spans:
            return
        view.changed = True
        view.boilerplate_blocks += len(spans)
        view.boilerplate_chars += sum(e - s for s, e, _ in spans)
        chunks = view.chunks.get(doc["doc_id"], [])
        if o.boilerplate == "flag":
            _set_meta(doc, "boilerplate_blocks", str(len(spans)))
            for c in chunks:
                share = covered_share(c["char_start"], c["char_end"], spans)
                if share > 0:
                    c["boilerplate"] = round(share, 4)
            return
        text = doc["text"]
        for s, e, n in spans:
            reason = f"block repeated in {n} documents"
            view.dropped.append(drop_row(doc, "boilerplate", reason, text[s:e]))
        new_text, new_offset = cut_spans(text, [(s, e) for s, e, _ in spans])
        kept = []
        for c in chunks:
            start, end = new_offset(c["char_start"]), new_offset(c["char_end"])
            while start < end and new_text[start].isspace():
                start += 1
            while end > start and new_text[end - 1].isspace():
                end -= 1
            if start == end:
                reason = "chunk held only boilerplate"
                view.dropped.append(drop_row(doc, "boilerplate", reason, c["text"], c))
                continue
            body = new_text[start:end]
            if body != c["text"]:
                embed = c["context"] + _CONTEXT_SEP + body if c["context"] else body
                c.update(text=body, token_count=self.tokenizer.count(embed), boilerplate=None)
            c.update(char_start=start, char_end=end)
            kept.append(c)
        view.chunks[doc["doc_id"]] = kept
        doc["text"] = new_text
        doc["n_chunks"] = len(kept)
        _set_meta(doc, "boilerplate_removed", str(len(spans)))

    def _quality(self, view: PartView, doc: dict) -> None:
        q = self.config.quality
        kept = []
        for c in view.chunks.get(doc["doc_id"], []):
            signals = (c["language"], c["alnum_ratio"], c["repetition"], c["garbled"])
            reason = quality_reason(q, *signals)
            if reason is None:
                kept.append(c)
            else:
                view.dropped.append(drop_row(doc, "quality", reason, c["text"], c))
                view.changed = True
        if len(kept) != doc["n_chunks"]:
            view.chunks[doc["doc_id"]] = kept
            doc["n_chunks"] = len(kept)

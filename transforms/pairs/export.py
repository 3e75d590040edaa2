"""Trainer formats derived from :class:`schemas.PairRecord` rows, never hand-assembled.

One file per format and split under the export folder:

- ``alpaca_{split}.json`` and ``.jsonl``: ``instruction``, ``input``, ``output``,
  ``system``, ``history`` (earlier turns as ``[user, assistant]`` pairs);
- ``sharegpt_{split}.jsonl``: ``conversations`` of ``{"from": "human"|"gpt", "value"}``
  and ``system``;
- ``openai_{split}.jsonl``: ``messages`` of ``{"role", "content"}`` (system included);
- ``prompt_completion_{split}.jsonl``: ``prompt`` and ``completion`` strings (earlier
  turns rendered into the prompt);
- ``text_{split}.jsonl``: ``text`` of the raw-text records, for continued pre-training.

Chat formats hold the chat pairs; ``text`` holds the raw-text records. Empty files are not
written. ``dataset_info.json`` describes the files for LLaMA-Factory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from schemas import PairRecord

FORMATS = ("alpaca", "sharegpt", "openai", "prompt-completion", "text")
SPLITS = ("train", "eval")


def _turns(p: PairRecord) -> tuple[str, list[tuple[str, str]]]:
    """The system prompt and the (user, assistant) exchanges of a chat pair."""
    system = ""
    exchanges: list[tuple[str, str]] = []
    pending: str | None = None
    for m in p.messages:
        if m.role == "system":
            system = m.content
        elif m.role == "user":
            pending = m.content if pending is None else f"{pending}\n\n{m.content}"
        elif pending is not None:
            exchanges.append((pending, m.content))
            pending = None
    return system, exchanges


def alpaca(p: PairRecord) -> dict:
    """One Alpaca row."""
    system, ex = _turns(p)
    return {
        "id": p.pair_id,
        "instruction": ex[-1][0],
        "input": "",
        "output": ex[-1][1],
        "system": system,
        "history": [list(t) for t in ex[:-1]],
    }


def sharegpt(p: PairRecord) -> dict:
    """One ShareGPT row."""
    system, ex = _turns(p)
    conv = []
    for user, assistant in ex:
        conv.append({"from": "human", "value": user})
        conv.append({"from": "gpt", "value": assistant})
    return {"id": p.pair_id, "conversations": conv, "system": system}


def openai(p: PairRecord) -> dict:
    """One OpenAI chat fine-tuning row (only ``messages``, as that API expects)."""
    return {"messages": [{"role": m.role, "content": m.content} for m in p.messages]}


def prompt_completion(p: PairRecord) -> dict:
    """One prompt-completion row; earlier turns are written into the prompt."""
    system, ex = _turns(p)
    parts = [system] if system else []
    for user, assistant in ex[:-1]:
        parts += [f"User: {user}", f"Assistant: {assistant}"]
    parts.append(f"User: {ex[-1][0]}\n\nAssistant:" if len(parts) else ex[-1][0])
    return {"id": p.pair_id, "prompt": "\n\n".join(parts), "completion": ex[-1][1]}


def text(p: PairRecord) -> dict:
    """One raw-text row."""
    return {"id": p.pair_id, "text": p.text or ""}


ROWS: dict[str, Callable[[PairRecord], dict]] = {
    "alpaca": alpaca,
    "sharegpt": sharegpt,
    "openai": openai,
    "prompt-completion": prompt_completion,
    "text": text,
}


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, path)


def _jsonl(rows: Iterable[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def write_exports(
    pairs: Sequence[PairRecord], folder: Path, formats: Sequence[str] = FORMATS
) -> dict[str, dict[str, str]]:
    """Write every format and split; return ``{format: {split: file name}}`` of files written."""
    written: dict[str, dict[str, str]] = {}
    for fmt in FORMATS:  # a previous run's files (a split may now be empty)
        for split in SPLITS:
            for ext in (".json", ".jsonl"):
                (folder / f"{fmt.replace('-', '_')}_{split}{ext}").unlink(missing_ok=True)
    for fmt in formats:
        make = ROWS[fmt]
        kind = "text" if fmt == "text" else "chat"
        for split in SPLITS:
            rows = [make(p) for p in pairs if p.kind == kind and p.split == split]
            if not rows:
                continue
            stem = f"{fmt.replace('-', '_')}_{split}"
            _write(folder / f"{stem}.jsonl", _jsonl(rows))
            written.setdefault(fmt, {})[split] = f"{stem}.jsonl"
            if fmt == "alpaca":
                _write(folder / f"{stem}.json", json.dumps(rows, ensure_ascii=False, indent=1))
                written.setdefault("alpaca-json", {})[split] = f"{stem}.json"
    return written


def dataset_info(written: dict[str, dict[str, str]], prefix: str = "docmill") -> dict:
    """LLaMA-Factory ``dataset_info.json`` entries for the files written."""
    chat_tags = {"role_tag": "role", "content_tag": "content", "user_tag": "user"}
    specs = {
        "alpaca-json": {
            "columns": {
                "prompt": "instruction",
                "query": "input",
                "response": "output",
                "system": "system",
                "history": "history",
            }
        },
        "sharegpt": {
            "formatting": "sharegpt",
            "columns": {"messages": "conversations", "system": "system"},
            "tags": {
                "role_tag": "from",
                "content_tag": "value",
                "user_tag": "human",
                "assistant_tag": "gpt",
                "system_tag": "system",
            },
        },
        "openai": {
            "formatting": "sharegpt",
            "columns": {"messages": "messages"},
            "tags": {**chat_tags, "assistant_tag": "assistant", "system_tag": "system"},
        },
        "text": {"columns": {"prompt": "text"}},
    }
    info = {}
    for fmt, spec in specs.items():
        for split, name in written.get(fmt, {}).items():
            key = f"{prefix}_{fmt.split('-')[0]}_{split}"
            info[key] = {"file_name": name, "formatting": "alpaca", **spec}
    return info


def write_dataset_info(written: dict[str, dict[str, str]], folder: Path) -> Path:
    """Write ``dataset_info.json`` next to the exported files."""
    path = folder / "dataset_info.json"
    _write(path, json.dumps(dataset_info(written), indent=2) + "\n")
    return path

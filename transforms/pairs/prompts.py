"""Prompt templates: packaged files under ``prompts/``, overridable from a folder.

Templates use ``string.Template`` placeholders (``$passage``, ``$title``, ``$heading``,
``$n``, ``$turns``, ``$conversation``) so the JSON examples in them need no escaping.
"""

from __future__ import annotations

import string
from importlib import resources
from pathlib import Path

PROMPT_NAMES = (
    "qa_system",
    "qa_user",
    "check_system",
    "check_user",
    "chat_system",
    "chat_user",
)


def load_prompts(override_dir: Path | None = None) -> dict[str, str]:
    """Every template by name; a ``NAME.txt`` in ``override_dir`` replaces the packaged one."""
    packaged = resources.files("transforms.pairs") / "prompts"
    out = {}
    for name in PROMPT_NAMES:
        custom = override_dir / f"{name}.txt" if override_dir else None
        if custom is not None and custom.is_file():
            out[name] = custom.read_text(encoding="utf-8")
        else:
            out[name] = (packaged / f"{name}.txt").read_text(encoding="utf-8")
    return out


def render(template: str, **values: object) -> str:
    """Fill a template; unknown ``$names`` are left as they are."""
    return string.Template(template).safe_substitute({k: str(v) for k, v in values.items()})

"""Settings: the only place that reads the environment and configuration files."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from transforms.config import PipelineConfig
from transforms.pii.detect import parse_patterns

# Telemetry and hub access off in every dependency that has a switch for it.
QUIET_ENV = {
    "DO_NOT_TRACK": "1",
    "SCARF_NO_ANALYTICS": "1",
    "UNSTRUCTURED_DISABLE_NOTICE": "1",
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "PREFECT_UI_ENABLED": "false",
    "ANONYMIZED_TELEMETRY": "false",
}

CONFIG_ENV = "DOCMILL_CONFIG"


class SettingsError(ValueError):
    """A configuration file or option is invalid."""


def quiet_environment() -> None:
    """Set the telemetry/offline switches unless the user set them explicitly."""
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)


def _apply(obj: Any, values: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(obj)}
    changes = {}
    for key, value in values.items():
        if key not in known:
            raise SettingsError(f"unknown setting {where}{key}")
        current = getattr(obj, key)
        if is_dataclass(current):
            if not isinstance(value, dict):
                raise SettingsError(f"{where}{key} must be a table")
            changes[key] = _apply(current, value, f"{where}{key}.")
        elif isinstance(current, tuple):
            changes[key] = tuple(value if isinstance(value, list) else [value])
        else:
            if current is not None and not isinstance(value, type(current)):
                raise SettingsError(f"{where}{key} must be {type(current).__name__}, got {value!r}")
            changes[key] = value
    return replace(obj, **changes)


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


def load_config(path: Path | str | None = None, overrides: dict | None = None) -> PipelineConfig:
    """Build a :class:`PipelineConfig` from a TOML file (or ``$DOCMILL_CONFIG``) and overrides.

    ``overrides`` has the same nested shape as the file, e.g. ``{"chunking": {"max_tokens": 256}}``.
    """
    config = PipelineConfig()
    path = path or os.environ.get(CONFIG_ENV)
    if path:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"cannot read configuration {path}: {exc}") from exc
        config = _apply(config, data, "")
    if overrides:
        config = _apply(config, overrides, "")
    if config.chunking.max_tokens < 16:
        raise SettingsError("chunking.max_tokens must be at least 16")
    chunking = config.chunking
    if chunking.method not in ("structure", "fixed", "recursive"):
        raise SettingsError("chunking.method must be structure, fixed or recursive")
    if not 0 <= chunking.overlap_tokens < chunking.target_tokens:
        raise SettingsError("chunking.overlap_tokens must be at least 0 and below target_tokens")
    if config.tables.chunk_format not in ("markdown", "html", "records"):
        raise SettingsError("tables.chunk_format must be markdown, html or records")
    _check_choice("pii.mode", config.pii.mode, ("off", "flag", "redact"))
    _check_choice("corpus.near_duplicates", config.corpus.near_duplicates, ("off", "flag", "drop"))
    _check_choice("corpus.boilerplate", config.corpus.boilerplate, ("off", "flag", "drop"))
    _check_choice("corpus.boilerplate_scope", config.corpus.boilerplate_scope, ("folder", "run"))
    try:
        parse_patterns(config.pii.patterns)
    except (ValueError, re.error) as exc:
        raise SettingsError(f"pii.patterns: {exc}") from exc
    return config

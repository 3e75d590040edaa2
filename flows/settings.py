"""Settings: the only place that reads the environment and configuration files."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from transforms.config import Limits, PipelineConfig
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
    # Tesseract (image and OCR-layer OCR) with one thread per call: its OpenMP threads only
    # fight each other on a busy machine (a page took 1.8 s with one, 3.9 s with its
    # default threads on 2 cores), and documents are converted in parallel anyway
    "OMP_THREAD_LIMIT": "1",
    # a temporary server takes 10-30 s to start on a busy machine: more than Prefect's 20 s
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
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
            if isinstance(current, float) and type(value) is int:
                value = float(value)  # doc_seconds = 60
            wrong_bool = isinstance(value, bool) and not isinstance(current, bool)
            if current is not None and (wrong_bool or not isinstance(value, type(current))):
                raise SettingsError(f"{where}{key} must be {type(current).__name__}, got {value!r}")
            changes[key] = value
    return replace(obj, **changes)


def _check_limits(limits: Limits) -> None:
    """Limits must bound something: positive (``doc_memory_mb = 0`` means no memory cap)."""
    for name in ("max_file_bytes", "max_pages", "doc_seconds", "max_decompressed_ratio"):
        if getattr(limits, name) <= 0:
            raise SettingsError(f"limits.{name} must be positive, got {getattr(limits, name)!r}")
    if limits.doc_memory_mb < 0:
        memory = limits.doc_memory_mb
        raise SettingsError(f"limits.doc_memory_mb must be 0 (no cap) or more, not {memory}")


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
    _check_limits(config.limits)
    _check_choice("pii.mode", config.pii.mode, ("off", "flag", "redact"))
    _check_choice("corpus.near_duplicates", config.corpus.near_duplicates, ("off", "flag", "drop"))
    _check_choice("corpus.boilerplate", config.corpus.boilerplate, ("off", "flag", "drop"))
    _check_choice("corpus.boilerplate_scope", config.corpus.boilerplate_scope, ("folder", "run"))
    try:
        parse_patterns(config.pii.patterns)
    except (ValueError, re.error) as exc:
        raise SettingsError(f"pii.patterns: {exc}") from exc
    return config


PAUSE_ENV = "DOCMILL_PAUSE_AT"
PAUSE_FILE_ENV = "DOCMILL_PAUSE_FILE"


def pause_setting() -> tuple[str, int, str | None] | None:
    """The test hook ``$DOCMILL_PAUSE_AT`` (``name`` or ``name:N``) and its marker file."""
    value = os.environ.get(PAUSE_ENV, "").strip()
    if not value:
        return None
    name, _, nth = value.partition(":")
    return name, int(nth or 1), os.environ.get(PAUSE_FILE_ENV) or None

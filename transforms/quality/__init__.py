"""Per-chunk quality signals (:mod:`.signals`), the language guesser and the filters."""

from __future__ import annotations

from transforms.config import QualityOptions
from transforms.quality.language import detect_language
from transforms.quality.signals import Signals, alnum_ratio, compute_signals, garbled, repetition

__all__ = [
    "Signals",
    "alnum_ratio",
    "compute_signals",
    "detect_language",
    "garbled",
    "quality_filter_on",
    "quality_reason",
    "repetition",
]


def quality_filter_on(options: QualityOptions) -> bool:
    """True when any quality filter is set."""
    limits = (options.min_alnum_ratio, options.max_repetition, options.max_garbled)
    return any(v is not None for v in limits) or bool(options.languages)


def quality_reason(
    options: QualityOptions,
    language: str | None,
    alnum: float | None,
    rep: float | None,
    garb: float | None,
) -> str | None:
    """Why a chunk with these signals fails the filters, or ``None`` when it passes."""
    low = options.min_alnum_ratio
    if low is not None and alnum is not None and alnum < low:
        return f"alnum_ratio {alnum:.2f} < {low}"
    if options.max_repetition is not None and rep is not None and rep > options.max_repetition:
        return f"repetition {rep:.2f} > {options.max_repetition}"
    if options.max_garbled is not None and garb is not None and garb > options.max_garbled:
        return f"garbled {garb:.2f} > {options.max_garbled}"
    if options.languages and language is not None and language not in options.languages:
        return f"language {language} not in {','.join(options.languages)}"
    return None

"""Named points in a run where a test can stop it (``kill -9`` resilience tests).

Set ``DOCMILL_PAUSE_AT=NAME`` (or ``NAME:N`` for its N-th occurrence) and, optionally,
``DOCMILL_PAUSE_FILE=PATH``: when the run reaches that point it writes ``PATH`` and
sleeps, so a test can kill it there. The points, in the order a run passes them:

``planned`` (inputs listed and compared, nothing written), ``staged`` (a unit's part files
written under temporary names, not committed), ``logged`` (its commit written, files not
yet renamed), ``renamed`` (one of its three files renamed), ``committed`` (the unit fully
published), ``checkpoint`` / ``checkpointed`` (around writing the manifest checkpoint).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from flows.settings import pause_setting


def pause_hook() -> Callable[[str], None]:
    """A step callback that pauses at the configured point (a no-op when none is set)."""
    setting = pause_setting()
    if setting is None:
        return lambda _name: None
    target, nth, marker = setting
    seen: Counter[str] = Counter()

    def step(name: str) -> None:
        seen[name] += 1
        if name == target and seen[name] == nth:
            if marker:
                Path(marker).write_text(name, encoding="utf-8")
            print(f"docmill: paused at {name}:{nth}", file=sys.stderr, flush=True)
            while True:
                time.sleep(60)

    return step

"""Loading ``unstructured`` so that it never reaches the network.

unstructured (0.27) does two things on its own that docmill must not allow:

* **Telemetry.** Importing the package pings its analytics endpoint (after running
  ``nvidia-smi``), and every ``partition_*`` call sends a runtime event, unless
  ``DO_NOT_TRACK``/``SCARF_NO_ANALYTICS`` is set; its usage notice is hidden by
  ``UNSTRUCTURED_DISABLE_NOTICE``. Those variables are the library's only switch for the
  import-time ping, so :func:`load` sets them before the first import (it writes them and
  never reads them: docmill's output does not depend on the environment), then replaces
  the library's own opt-out checks with ``True`` so a later change of the environment
  cannot turn telemetry back on.
* **An NLP model download.** ``unstructured.nlp.tokenize`` loads the spaCy model
  ``en_core_web_sm`` on first use and downloads it when missing. Its only consumer is
  ``unstructured.partition.text_type`` (narrative-text and title heuristics). Before the
  partitioners are imported, :func:`load` installs in its place a small module with the
  same three functions built on regular expressions: the behaviour of a blank English
  pipeline with a sentencizer (no part-of-speech tags, sentences split after ``.!?``),
  without importing spaCy at all (its import pulls thinc and, when installed, torch:
  seconds and hundreds of MB per process). If the real module was already imported by
  someone else, its model loader is pointed at a blank spaCy pipeline instead.

docmill does not rely on those heuristics for structure: headings come from the
documents' styles (``category_depth``), and a "Title" guessed from text alone is mapped
to a paragraph (see :mod:`transforms.parsers.office.adapter`).
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import threading
import types
from functools import cache
from importlib.metadata import version

_QUIET = {"DO_NOT_TRACK": "1", "SCARF_NO_ANALYTICS": "1", "UNSTRUCTURED_DISABLE_NOTICE": "1"}
_TOKENIZE = "unstructured.nlp.tokenize"
_WORD = re.compile(r"\w+(?:[-'.]\w+)*|[^\w\s]")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
_lock = threading.Lock()


def word_tokenize(text: str) -> list[str]:
    """Words and punctuation marks of ``text``."""
    return _WORD.findall(str(text))


def sent_tokenize(text: str) -> list[str]:
    """Sentences of ``text``: split after ``.``, ``!`` or ``?`` followed by white space."""
    return [s for s in _SENTENCE_END.split(str(text).strip()) if s]


def pos_tag(text: str) -> list[tuple[str, str]]:
    """Tokens with empty tags, as a blank spaCy pipeline gives (no tagger, no download)."""
    return [(token, "") for token in word_tokenize(text)]


def _offline_tokenize_module() -> types.ModuleType:
    module = types.ModuleType(_TOKENIZE, "docmill: offline stand-in for unstructured's spaCy")
    module.word_tokenize = word_tokenize  # type: ignore[attr-defined]
    module.sent_tokenize = sent_tokenize  # type: ignore[attr-defined]
    module.pos_tag = pos_tag  # type: ignore[attr-defined]
    return module


def _blank_spacy():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _never() -> bool:
    return True


@cache
def load() -> str:
    """Import unstructured offline and quiet, once per process; return ``"unstructured==V"``."""
    with _lock:
        # written, never read: a library user who imports transforms without flows still
        # gets unstructured (and the packages it imports) with telemetry and notices off
        os.environ.update(_QUIET)
        loaded = sys.modules.get(_TOKENIZE)
        if loaded is None:
            package = importlib.import_module("unstructured.nlp")
            stand_in = _offline_tokenize_module()
            sys.modules[_TOKENIZE] = stand_in
            package.tokenize = stand_in  # type: ignore[attr-defined]
        elif not getattr(loaded, "__doc__", "").startswith("docmill"):
            blank = _blank_spacy()
            loaded._get_nlp = lambda: blank  # type: ignore[attr-defined]
        utils = importlib.import_module("unstructured.utils")
        telemetry = importlib.import_module("unstructured.telemetry")
        utils._telemetry_opt_out = _never
        telemetry._telemetry_opt_out = _never
        notice = importlib.import_module("unstructured._usage_notice")
        notice.maybe_emit_usage_notice = lambda: None
        telemetry.maybe_emit_usage_notice = lambda: None
    return f"unstructured=={version('unstructured')}"


def partitioner(name: str):
    """``unstructured.partition.<name>.partition_<name>``, loaded offline."""
    load()
    module = importlib.import_module(f"unstructured.partition.{name}")
    return getattr(module, f"partition_{name}")

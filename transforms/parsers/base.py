"""The parser protocol: one method, bytes in, elements out."""

from __future__ import annotations

from typing import Protocol

from transforms.config import PipelineConfig
from transforms.model import ParsedDoc, Source


class Parser(Protocol):
    """Turns a :class:`Source` into a :class:`ParsedDoc`.

    A parser raises :class:`transforms.errors.DocumentError` for bad input (corrupt,
    encrypted, empty, over a limit); any other exception is treated as a defect.
    """

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Parse ``source`` into elements in reading order."""
        ...

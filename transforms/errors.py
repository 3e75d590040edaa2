"""Error types: bad input (a document's fault) versus defects (ours)."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """Pipeline stages a failure can be attributed to."""

    DETECT = "detect"
    PARSE = "parse"
    CLEAN = "clean"
    CHUNK = "chunk"
    VALIDATE = "validate"
    WRITE = "write"


class DocumentError(Exception):
    """A document cannot be processed because of its content (corrupt, encrypted, empty, ...).

    ``reason`` is a short machine-readable tag (``"encrypted"``, ``"empty"``, ...);
    the message says what happened in words a user understands.
    """

    def __init__(
        self,
        message: str,
        *,
        stage: Stage = Stage.PARSE,
        reason: str = "invalid",
        page: int | None = None,
    ) -> None:
        super().__init__(message)
        self.stage = Stage(stage)
        self.reason = reason
        self.page = page

    @property
    def message(self) -> str:
        """The human-readable message."""
        return str(self.args[0]) if self.args else self.reason


class UnsupportedFormatError(DocumentError):
    """The content is of a type docmill does not parse."""

    def __init__(self, message: str) -> None:
        super().__init__(message, stage=Stage.DETECT, reason="unsupported")


class LimitExceededError(DocumentError):
    """A configured limit (size, pages, time, memory, decompressed size) was passed."""

    def __init__(self, message: str, *, stage: Stage = Stage.PARSE, page: int | None = None):
        super().__init__(message, stage=stage, reason="limit", page=page)

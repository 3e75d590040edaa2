"""Records that leave the docmill pipeline, and their Arrow schemas."""

from schemas.arrow import arrow_schema, from_rows, to_table
from schemas.records import (
    RECORD_TYPES,
    SCHEMA_VERSION,
    BoxRecord,
    ChunkRecord,
    DocumentRecord,
    FailureRecord,
)

__all__ = [
    "RECORD_TYPES",
    "SCHEMA_VERSION",
    "BoxRecord",
    "ChunkRecord",
    "DocumentRecord",
    "FailureRecord",
    "arrow_schema",
    "from_rows",
    "to_table",
]

"""Records that leave the docmill pipeline, and their Arrow schemas."""

from schemas.arrow import arrow_schema, from_rows, to_table
from schemas.records import (
    PAIR_RECORD_TYPES,
    RECORD_TYPES,
    SCHEMA_VERSION,
    BoxRecord,
    ChunkRecord,
    DocumentRecord,
    DroppedPairRecord,
    FailureRecord,
    MessageRecord,
    PairRecord,
)

__all__ = [
    "PAIR_RECORD_TYPES",
    "RECORD_TYPES",
    "SCHEMA_VERSION",
    "BoxRecord",
    "ChunkRecord",
    "DocumentRecord",
    "DroppedPairRecord",
    "FailureRecord",
    "MessageRecord",
    "PairRecord",
    "arrow_schema",
    "from_rows",
    "to_table",
]

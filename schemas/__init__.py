"""Records that leave the docmill pipeline, and their Arrow schemas."""

from schemas.arrow import arrow_schema, from_rows, to_table
from schemas.records import (
    OPTIONAL_DATASETS,
    PAIR_RECORD_TYPES,
    RECORD_TYPES,
    SCHEMA_VERSION,
    BoxRecord,
    ChunkRecord,
    DocumentRecord,
    DroppedPairRecord,
    DropRecord,
    FailureRecord,
    MessageRecord,
    PairRecord,
)

__all__ = [
    "OPTIONAL_DATASETS",
    "PAIR_RECORD_TYPES",
    "RECORD_TYPES",
    "SCHEMA_VERSION",
    "BoxRecord",
    "ChunkRecord",
    "DocumentRecord",
    "DropRecord",
    "DroppedPairRecord",
    "FailureRecord",
    "MessageRecord",
    "PairRecord",
    "arrow_schema",
    "from_rows",
    "to_table",
]

"""Records that leave the docmill pipeline, and their Arrow schemas."""

from schemas.arrow import arrow_schema, from_rows, to_table
from schemas.records import (
    EMBED_SEPARATOR,
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
    embed_text,
)

__all__ = [
    "EMBED_SEPARATOR",
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
    "embed_text",
    "from_rows",
    "to_table",
]

"""Pipeline configuration: plain frozen dataclasses, hashed into every record.

``transforms`` never reads the environment or files for its settings; ``flows`` builds a
:class:`PipelineConfig` (from CLI options, settings files, ...) and passes it in.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

PIPELINE_VERSION = "0.1.0"


@dataclass(frozen=True)
class PdfOptions:
    """How PDFs are read."""

    tables: bool = True
    ocr: str = "auto"  # "auto": OCR pages without usable text when Tesseract exists; "off"
    ocr_language: str = "eng"  # Tesseract language codes, "eng+deu" for several
    ocr_dpi: int = 200  # resolution pages are rendered at for OCR
    ocr_images: bool = True  # OCR large images without text over them on text pages
    ocr_image_budget: int = 8  # at most this many images OCR'd per document ...
    ocr_image_seconds: float = 10.0  # ... and this much time; the rest: ocr_images_skipped
    ocr_layers: bool = False  # re-OCR scans whose invisible OCR text layer is used otherwise
    tesseract: str = "tesseract"  # the command run for image and layer OCR
    ocr_timeout: float = 60.0  # seconds per Tesseract call
    passwords: tuple[str, ...] = ()  # tried in order on encrypted files; never hashed


@dataclass(frozen=True)
class HtmlOptions:
    """How HTML pages are read."""

    main_content: bool = True  # drop navigation, banners, footers, ...
    max_bytes: int = 64 * 1024 * 1024  # larger pages fail with reason "limit"


@dataclass(frozen=True)
class TableOptions:
    """How tables are read (blocks, limits) and rendered into chunk text."""

    chunk_format: str = "markdown"  # "markdown" | "html" | "records"; why: transforms/tables.py
    block_rows: int = 1000  # a longer table is emitted as blocks of rows, each with the header
    max_cells: int = 50_000_000  # streamed tables (CSV, JSON Lines, Parquet): more is refused
    max_sheet_cells: int = 5_000_000  # workbook sheets (held in memory): more is refused
    max_columns: int = 16_384  # Excel's own limit; wider tables are refused


@dataclass(frozen=True)
class ChunkOptions:
    """Chunk sizes, counted in tokens of ``tokenizer``."""

    max_tokens: int = 512  # hard cap on context + text
    target_tokens: int = 256  # packed up to this; chosen on benchmarks/eval (README there)
    overlap_tokens: int = 0  # windows of a cut element repeat this much of the one before
    tokenizer: str = "regex"  # offline default; "hf:PATH", "tiktoken:NAME"; transforms.tokens
    method: str = "structure"  # "structure"; baselines "fixed" and "recursive" (for evaluation)
    semantic: bool = False  # group sentences by topic with `embedder`; chunking/semantic.py
    embedder: str = "hash"  # offline default; "st:PATH", "model2vec:PATH", "openai:URL#MODEL"
    semantic_threshold: float = 0.0  # cosine below which a topic shifts; 0 = per document


@dataclass(frozen=True)
class PiiOptions:
    """Personal data in document text: see transforms/pii."""

    mode: str = "flag"  # "off" | "flag" (count in metadata) | "redact" ([EMAIL], [PHONE], ...)
    kinds: tuple[str, ...] = ("email", "phone", "ip", "card", "iban")
    patterns: tuple[str, ...] = ()  # extra detectors, "LABEL=REGEX" -> placeholder [LABEL]


@dataclass(frozen=True)
class QualityOptions:
    """Per-chunk quality signals (always computed) and the filters applied to them.

    A filter set to ``None`` is off. Dropped chunks go to ``OUT/dropped`` with the reason.
    """

    signals: bool = True  # compute language, alnum_ratio, repetition, garbled columns
    min_alnum_ratio: float | None = None  # e.g. 0.5: drop chunks mostly made of symbols
    max_repetition: float | None = None  # e.g. 0.5: drop chunks repeating their own n-grams
    max_garbled: float | None = None  # e.g. 0.5: drop chunks that read like mojibake/noise
    languages: tuple[str, ...] = ()  # keep only chunks in these languages (undetected kept)


@dataclass(frozen=True)
class CorpusOptions:
    """Corpus-level cleaning after all batches are written: see transforms/corpus."""

    enabled: bool = True
    near_duplicates: str = "flag"  # "off" | "flag" (cluster id column) | "drop" (keep one)
    doc_threshold: float = 0.7  # estimated Jaccard of word 3-gram shingles, documents
    chunk_threshold: float = 0.7  # the same, chunks (why 0.7: transforms/corpus/minhash.py)
    boilerplate: str = "flag"  # "off" | "flag" (count, mark chunks) | "drop" (cut from text)
    boilerplate_min_docs: int = 3  # a block is boilerplate when at least this many documents
    boilerplate_min_share: float = 0.2  # ... and this share of its group's documents repeat it
    boilerplate_min_chars: int = 40  # shorter blocks (headings, labels) are never boilerplate
    boilerplate_scope: str = "run"  # "run": all documents; "folder": those of one folder (crawls)


@dataclass(frozen=True)
class Limits:
    """Safety limits; they bound work but never change a successful output."""

    max_file_bytes: int = 512 * 1024 * 1024
    max_pages: int = 5000
    doc_seconds: float = 300.0
    doc_memory_mb: int = 2048
    max_decompressed_ratio: int = 200


@dataclass(frozen=True)
class PipelineConfig:
    """Everything that decides what the pipeline produces."""

    pdf: PdfOptions = field(default_factory=PdfOptions)
    html: HtmlOptions = field(default_factory=HtmlOptions)
    tables: TableOptions = field(default_factory=TableOptions)
    chunking: ChunkOptions = field(default_factory=ChunkOptions)
    pii: PiiOptions = field(default_factory=PiiOptions)
    quality: QualityOptions = field(default_factory=QualityOptions)
    corpus: CorpusOptions = field(default_factory=CorpusOptions)
    limits: Limits = field(default_factory=Limits)

    def hashed_view(self) -> dict:
        """The part of the configuration that can change output (no secrets, no limits)."""
        data = asdict(self)
        data.pop("limits")
        data["pdf"].pop("passwords")
        return data

    @property
    def config_hash(self) -> str:
        """A short stable hash of :meth:`hashed_view`."""
        blob = json.dumps(self.hashed_view(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

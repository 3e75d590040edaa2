"""Embedding models read from a local folder: sentence-transformers and model2vec.

Both are optional (``pip install docmill[embed]``) and imported on first use. A path that
is not an existing folder is refused before the library sees it, so a typo never turns
into a model-hub download.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from transforms.embed.base import Embedder, EmbeddingError


def _model_dir(path: Path | str, marker: str) -> Path:
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise EmbeddingError(f"no model folder at {folder} (models are read from disk only)")
    if not (folder / marker).is_file():
        raise EmbeddingError(f"{folder} has no {marker}; is it the right kind of model?")
    return folder


def _fingerprint(folder: Path, marker: str) -> str:
    return hashlib.sha256((folder / marker).read_bytes()).hexdigest()[:8]


class SentenceTransformerEmbedder(Embedder):
    """A sentence-transformers model folder (e.g. all-MiniLM-L6-v2), run on the CPU."""

    def __init__(self, path: Path | str, batch_size: int = 32):
        super().__init__()
        folder = _model_dir(path, "modules.json")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingError(
                "sentence-transformers is not installed (pip install 'docmill[embed]')"
            ) from exc
        self._model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        dimension = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension() or 0)
        self.batch_size = batch_size
        self.name = f"st:{folder.name}:{_fingerprint(folder, 'config.json')}"

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        """Vectors of ``texts`` (the model truncates texts longer than its window)."""
        return self._model.encode(
            texts, batch_size=self.batch_size, convert_to_numpy=True, show_progress_bar=False
        )


class StaticEmbedder(Embedder):
    """A model2vec static model folder: a token-embedding table, mean-pooled."""

    def __init__(self, path: Path | str, batch_size: int = 1024):
        super().__init__()
        folder = _model_dir(path, "config.json")
        try:
            from model2vec import StaticModel
        except ImportError as exc:
            raise EmbeddingError(
                "model2vec is not installed (pip install 'docmill[embed]')"
            ) from exc
        self._model = StaticModel.from_pretrained(folder, force_download=False)
        self.dim = int(self._model.dim)
        self.batch_size = batch_size
        self.name = f"model2vec:{folder.name}:{_fingerprint(folder, 'config.json')}"

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        """Vectors of ``texts``."""
        return self._model.encode(texts, use_multiprocessing=False)

"""Baseline chunkers for evaluation: fixed-size token windows and recursive splitting.

They know nothing of the document's structure (no heading path, no table header): they are
what a plain text splitter does, measured with the same tokenizer and the same sizes as
the structure chunker so that ``docmill eval retrieval`` compares like with like.

- :class:`FixedTokenChunker`: consecutive windows of ``target_tokens`` tokens.
- :class:`RecursiveChunker`: LangChain-style recursive splitting: split on blank lines,
  then lines, then sentence ends, then spaces, then tokens, until every piece fits the
  target; then merge adjacent pieces while they fit.
"""

from __future__ import annotations

from transforms.chunking.spans import strip_span, token_windows
from transforms.config import ChunkOptions
from transforms.model import Chunk, RenderedDoc
from transforms.tokens import Tokenizer, get_tokenizer

SEPARATORS = ("\n\n", "\n", ". ", " ")


class _Baseline:
    def __init__(self, options: ChunkOptions | None = None, tokenizer: Tokenizer | None = None):
        self.options = options or ChunkOptions()
        self.tokenizer = tokenizer or get_tokenizer(self.options.tokenizer)
        self.size = max(1, min(self.options.target_tokens, self.options.max_tokens))
        self.overlap = max(0, min(self.options.overlap_tokens, self.size // 2))

    def _chunks(self, text: str, spans) -> list[Chunk]:
        out = []
        for s, e in spans:
            s, e = strip_span(text, s, e)
            if s < e:
                body = text[s:e]
                out.append(
                    Chunk(len(out), body, s, e, "", (), None, None, self.tokenizer.count(body), ())
                )
        return out


class FixedTokenChunker(_Baseline):
    """Windows of ``target_tokens`` tokens, cut anywhere (``overlap_tokens`` shared)."""

    def chunk(self, doc: RenderedDoc) -> list[Chunk]:
        """Cut ``doc.text`` into token windows."""
        text = doc.text
        return self._chunks(
            text, token_windows(self.tokenizer, text, 0, len(text), self.size, self.overlap)
        )


class RecursiveChunker(_Baseline):
    """Recursive separator splitting, then merging up to ``target_tokens``."""

    def chunk(self, doc: RenderedDoc) -> list[Chunk]:
        """Cut ``doc.text`` recursively."""
        text = doc.text
        return self._chunks(text, self._split(text, 0, len(text), 0))

    def _fits(self, text: str, s: int, e: int) -> bool:
        return self.tokenizer.count(text[s:e]) <= self.size

    def _split(self, text: str, start: int, end: int, level: int) -> list[tuple[int, int]]:
        if self._fits(text, start, end):
            return [(start, end)]
        if level >= len(SEPARATORS):
            return list(token_windows(self.tokenizer, text, start, end, self.size))
        sep = SEPARATORS[level]
        pieces: list[tuple[int, int]] = []
        pos = start
        while True:
            hit = text.find(sep, pos, end)
            if hit < 0:
                pieces.append((pos, end))
                break
            pieces.append((pos, hit + len(sep)))  # the separator stays with the piece before
            pos = hit + len(sep)
        if len(pieces) == 1:
            return self._split(text, start, end, level + 1)
        out: list[tuple[int, int]] = []
        for s, e in pieces:
            fits = self._fits(text, s, e)
            out.extend([(s, e)] if fits else self._split(text, s, e, level + 1))
        return self._merge(text, out)

    def _merge(self, text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
        merged: list[tuple[int, int]] = []
        for s, e in pieces:
            if merged and self._fits(text, merged[-1][0], e):
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        return merged

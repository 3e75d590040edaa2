"""Corpus-level cleaning: near duplicates, repeated boilerplate, quality filters.

Runs after every batch of a run is published (:func:`run_corpus_pass`), because it
needs all documents at once; per-document steps (personal data, quality signals) run in
the pipeline itself. Exact duplicates (same bytes) are handled earlier still, when the
inputs are planned (:func:`transforms.sources.plan_sources`).
"""

from transforms.corpus.corpus_pass import CorpusSummary, corpus_pass_needed, run_corpus_pass

__all__ = ["CorpusSummary", "corpus_pass_needed", "run_corpus_pass"]

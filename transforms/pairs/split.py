"""Train/eval split by document, and the n-gram overlap of eval against train."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from transforms.pairs.common import stable_hash
from transforms.pairs.text import ngrams, words


def split_documents(doc_ids: Iterable[str], eval_fraction: float, seed: int) -> dict[str, str]:
    """doc_id -> "train" | "eval"; no document in both, the same for the same seed.

    Documents are ordered by a seeded hash and the first ``round(fraction * n)`` go to eval
    (at least one when there are two or more documents and the fraction is positive).
    """
    docs = sorted(set(doc_ids), key=lambda d: stable_hash(seed, d))
    n_eval = round(eval_fraction * len(docs))
    if eval_fraction > 0 and len(docs) >= 2:
        n_eval = max(1, n_eval)
    n_eval = min(n_eval, len(docs) - 1) if len(docs) >= 2 else 0
    return {d: ("eval" if i < n_eval else "train") for i, d in enumerate(docs)}


def overlap_report(
    train: Sequence[tuple[str, str]], eval_: Sequence[str], n: int, template_share: float = 0.2
) -> dict:
    """How much of the eval text also appears in train, counted in word ``n``-grams.

    ``train`` holds (doc_id, text) pairs. An n-gram found in the train text of more than
    ``template_share`` of the train documents (and of at least three) is template wording
    ("fill in the blank in this sentence from"), not leaked content: it is left out of the
    main figures and counted in ``template_ngrams``; ``raw_share_any`` keeps it in.

    ``mean_overlap``: the mean, over eval examples, of the share of their n-grams found in
    train; ``share_any``: eval examples with at least one shared n-gram; ``share_half``:
    eval examples with half or more of their n-grams in train.
    """
    docs_of: dict[tuple[str, ...], set[str]] = {}
    for doc_id, text in train:
        for gram in ngrams(words(text), n):
            docs_of.setdefault(gram, set()).add(doc_id)
    n_docs = len({d for d, _ in train})
    limit = max(2, template_share * n_docs)
    template = {g for g, docs in docs_of.items() if len(docs) > limit}
    shares, raw_any = [], 0
    for text in eval_:
        grams = ngrams(words(text), n)
        raw_any += any(g in docs_of for g in grams)
        grams -= template
        shares.append(sum(1 for g in grams if g in docs_of) / len(grams) if grams else 0.0)
    k = len(shares)
    return {
        "n": n,
        "eval_examples": k,
        "train_examples": len(train),
        "mean_overlap": sum(shares) / k if k else 0.0,
        "share_any": sum(1 for s in shares if s > 0) / k if k else 0.0,
        "share_half": sum(1 for s in shares if s >= 0.5) / k if k else 0.0,
        "max_overlap": max(shares, default=0.0),
        "template_ngrams": len(template),
        "raw_share_any": raw_any / k if k else 0.0,
    }

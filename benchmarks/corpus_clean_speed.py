"""Cost of corpus cleaning: each step per MB of text, and the whole set on a real convert.

Usage (from the repo root):

    python benchmarks/corpus_clean_speed.py [--max-files N] [PATH ...]

Default inputs: sample_docs/ plus, when ``../shared/corpora`` is present, the HTML test
pages of mozilla-readability-testpages, docling-testdata and unstructured-example-docs.

1. Converts the inputs with every cleaning step off (baseline) and collects the document
   texts and chunk texts.
2. Times each step alone on that text and prints ms per MB of text: personal-data
   detection, the four quality signals, MinHash signatures (documents and chunks), LSH
   clustering, boilerplate block counting.
3. Times whole runs (``run_parquet`` into a fresh folder): cleaning off, the defaults
   (personal data flagged, signals, corpus pass in flag mode) and everything on (redact,
   drop, quality filters), printed side by side.
4. If ``py3langid`` is installed, compares the built-in language guesser with it
   (agreement on chunks both name, speed).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from flows.convert import run_parquet  # noqa: E402
from transforms.config import (  # noqa: E402
    CorpusOptions,
    PiiOptions,
    PipelineConfig,
    QualityOptions,
)
from transforms.corpus.boilerplate import BlockCounter  # noqa: E402
from transforms.corpus.minhash import near_duplicate_groups, text_signature  # noqa: E402
from transforms.pii import find_pii  # noqa: E402
from transforms.pipeline import process_item  # noqa: E402
from transforms.quality import (  # noqa: E402
    alnum_ratio,
    detect_language,
    garbled,
    repetition,
)
from transforms.sources import plan_sources  # noqa: E402

CORPORA = ROOT / ".." / "shared" / "corpora"
DEFAULT_CORPORA = ["mozilla-readability-testpages", "docling-testdata", "unstructured-example-docs"]

OFF = PipelineConfig(
    pii=PiiOptions(mode="off"),
    quality=QualityOptions(signals=False),
    corpus=CorpusOptions(enabled=False),
)
DEFAULTS = PipelineConfig()
ALL_ON = PipelineConfig(
    pii=PiiOptions(mode="redact"),
    quality=QualityOptions(min_alnum_ratio=0.3, max_repetition=0.6, max_garbled=0.5),
    corpus=CorpusOptions(near_duplicates="drop", boilerplate="drop"),
)


def _inputs(paths: list[str], max_files: int) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    roots = [ROOT / "sample_docs"]
    if CORPORA.is_dir():
        roots += [CORPORA / name for name in DEFAULT_CORPORA if (CORPORA / name).is_dir()]
    items = plan_sources(roots)
    picked = [i.path for i in items if i.path.suffix.lower() in (".pdf", ".html", ".htm", ".md")]
    return picked[:max_files]


def _timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def _collect(files: list[Path]) -> tuple[list[str], list[str], list[Path]]:
    tmp = Path(tempfile.mkdtemp(prefix="docmill-bench-"))
    links = []
    for i, f in enumerate(files):  # one flat folder of copies: plan_sources sees just these
        link = tmp / f"{i:04d}-{f.name}"
        shutil.copyfile(f, link)
        links.append(link)
    docs, chunks, paths = [], [], []
    for item in plan_sources([tmp]):
        result = process_item(item, OFF)
        if result.document is not None:
            docs.append(result.document.text)
            chunks.extend(c.text for c in result.chunks)
            paths.append(files[int(item.path.name[:4])])
    shutil.rmtree(tmp)
    return docs, chunks, paths


def source_groundtruth_pairs(docs: list[str], paths: list[Path]) -> str:
    """docling-testdata keeps each source next to its expected Markdown: real near copies.

    Our conversion of ``sources/x.pdf`` and docling's ``groundtruth/x.md`` are two texts of
    one document made by two tools; how many such pairs land in one cluster is a recall
    measured on real files. Clusters joining documents of different names are listed.
    """
    sigs = np.stack([text_signature(t) for t in docs])
    cluster = {}
    for n, group in enumerate(near_duplicate_groups(sigs, 0.7)):
        for i in group:
            cluster[i] = n
    index = {p: i for i, p in enumerate(paths)}
    pairs = []
    for p, i in index.items():
        if "groundtruth" in p.parts:
            src_dir = p.parent.parent / "sources"
            for cand in (src_dir / p.name.removesuffix(".md"), src_dir / (p.stem + ".pdf")):
                if cand in index:
                    pairs.append((index[cand], i))
                    break
    found = sum(1 for a, b in pairs if a in cluster and cluster[a] == cluster.get(b))

    def key(i):
        return paths[i].name.removesuffix(".md").rsplit(".", 1)[0]

    mixed = {}
    for i, c in cluster.items():
        mixed.setdefault(c, set()).add(key(i))
    mixed = [sorted(v) for v in mixed.values() if len(v) > 1]
    lines = [f"docling-testdata source/groundtruth pairs clustered: {found} of {len(pairs)}"]
    lines += [f"  cluster joining different names: {', '.join(m)}" for m in mixed]
    return "\n".join(lines)


def _mb(texts: list[str]) -> float:
    return sum(len(t.encode()) for t in texts) / 1e6


def step_costs(docs: list[str], chunks: list[str]) -> list[tuple[str, float, float]]:
    """(step, seconds, ms per MB) for each step run alone."""
    rows = []
    doc_mb, chunk_mb = _mb(docs), _mb(chunks)

    def add(name, seconds, mb):
        rows.append((name, seconds, seconds * 1000 / mb if mb else 0.0))

    add("pii detection (documents)", _timed(lambda: [find_pii(t) for t in docs])[0], doc_mb)
    for name, fn in [
        ("quality: language", detect_language),
        ("quality: alnum_ratio", alnum_ratio),
        ("quality: repetition", repetition),
        ("quality: garbled", garbled),
    ]:
        add(name, _timed(lambda fn=fn: [fn(t) for t in chunks])[0], chunk_mb)
    t_doc, _ = _timed(lambda: [text_signature(t) for t in docs])
    add("minhash signatures (documents)", t_doc, doc_mb)
    t_chunk, chunk_sigs = _timed(lambda: [text_signature(t) for t in chunks])
    add("minhash signatures (chunks)", t_chunk, chunk_mb)
    t_lsh, _ = _timed(lambda: near_duplicate_groups(np.stack(chunk_sigs), 0.7))
    add("lsh clustering (chunks)", t_lsh, chunk_mb)

    def count_blocks():
        counter = BlockCounter(40)
        for t in docs:
            counter.add("", t)
        return counter.frequent(3, 0.2)

    add("boilerplate block counting", _timed(count_blocks)[0], doc_mb)
    return rows


def whole_runs(files: list[Path]) -> list[tuple[str, float, str]]:
    """(configuration, seconds, summary) of full runs into fresh folders."""
    out_rows = []
    runs = [("warm-up (off)", OFF), ("cleaning off", OFF), ("defaults", DEFAULTS)]
    runs += [("all on", ALL_ON), ("cleaning off", OFF)]
    for name, config in runs:
        tmp = Path(tempfile.mkdtemp(prefix="docmill-bench-"))
        inputs = tmp / "in"
        inputs.mkdir()
        for i, f in enumerate(files):
            shutil.copyfile(f, inputs / f"{i:04d}-{f.name}")
        start = time.perf_counter()
        report = run_parquet([inputs], tmp / "out", config, batch_size=16)
        seconds = time.perf_counter() - start
        c = report.corpus
        note = (
            f"{report.summary.documents} docs, {report.summary.chunks} chunks; "
            f"doc clusters {c.doc_clusters}, chunk clusters {c.chunk_clusters}, "
            f"boilerplate {c.boilerplate_blocks}, dropped {sum(c.dropped.values())}"
        )
        out_rows.append((name, seconds, note))
        shutil.rmtree(tmp)
    return out_rows


def language_vs_langid(chunks: list[str]) -> str:
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        return "py3langid not installed: comparison skipped"
    t_load, ident = _timed(lambda: LanguageIdentifier.from_model_file(MODEL_FILE))
    sample = [c for c in chunks if len(c) >= 200]
    t_ours, ours = _timed(lambda: [detect_language(c) for c in sample])
    t_theirs, theirs = _timed(lambda: [ident.classify(c)[0] for c in sample])
    both = [(a, b) for a, b in zip(ours, theirs, strict=True) if a is not None]
    agree = sum(1 for a, b in both if a == b)
    return (
        f"language guesser vs py3langid on {len(sample)} chunks of >= 200 chars: ours names "
        f"{len(both)} ({len(both) / max(1, len(sample)):.0%}), agrees on {agree} of them "
        f"({agree / max(1, len(both)):.1%}); time {t_ours:.2f}s vs {t_theirs:.2f}s "
        f"(+{t_load:.1f}s model load)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--max-files", type=int, default=120)
    args = parser.parse_args()
    files = _inputs(args.paths, args.max_files)
    docs, chunks, paths = _collect(files)
    print(
        f"{len(files)} files -> {len(docs)} documents ({_mb(docs):.2f} MB of text), "
        f"{len(chunks)} chunks ({_mb(chunks):.2f} MB)\n"
    )
    print(f"{'step':<34} {'seconds':>8} {'ms/MB':>9}")
    for name, seconds, per_mb in step_costs(docs, chunks):
        print(f"{name:<34} {seconds:>8.3f} {per_mb:>9.1f}")
    print()
    runs = whole_runs(files)[1:]  # the first run only warms imports and caches
    base = min(seconds for name, seconds, _ in runs if name == "cleaning off")
    print(f"{'whole run':<14} {'seconds':>8} {'vs off':>7}  result")
    for name, seconds, note in runs:
        print(f"{name:<14} {seconds:>8.2f} {seconds / base:>6.2f}x  {note}")
    print()
    print(language_vs_langid(chunks))
    print(source_groundtruth_pairs(docs, paths))


if __name__ == "__main__":
    main()

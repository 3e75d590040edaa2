"""Fine-tune datasets from chunk records: generators, quality gates, split and exports.

The flow is: chunk and document records -> :class:`~transforms.pairs.corpus.Corpus` ->
generators (offline ones in :mod:`.offline`, LLM ones in :mod:`.llm`) produce
:class:`~transforms.pairs.candidate.Candidate` pairs -> :mod:`.gates` drops the bad ones
with a reason -> :mod:`.split` assigns train/eval by document -> :class:`schemas.PairRecord`
rows, from which :mod:`.export` derives every trainer format.

Pure library: no environment reads and no Prefect; the CLI (``flows/cli_pairs.py``) builds
the options and passes them in.
"""

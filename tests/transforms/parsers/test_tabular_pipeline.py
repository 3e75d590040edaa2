"""A table through the whole pipeline: blocks become row windows that cover every row once."""

from __future__ import annotations

import hashlib
from itertools import pairwise

from transforms import mediatypes as mt
from transforms.config import ChunkOptions, PipelineConfig, TableOptions
from transforms.model import Source
from transforms.pipeline import process_source


def test_csv_blocks_become_contiguous_row_windows_with_the_header_in_context():
    lines = ["Region,Amount,Note"] + [f"R{i},{i * 3},note {i}" for i in range(250)]
    data = ("\n".join(lines) + "\n").encode()
    config = PipelineConfig(
        tables=TableOptions(block_rows=60),
        chunking=ChunkOptions(max_tokens=120, target_tokens=100),
    )
    source = Source("mem://t.csv", hashlib.sha256(data).hexdigest(), mt.CSV, data, "t.csv")
    result = process_source(source, config)
    assert result.failure is None, result.failure
    windows = [(c.row_start, c.row_end) for c in result.chunks if c.row_start is not None]
    assert windows[0][0] == 0 and windows[-1][1] == 249
    assert all(b[0] == a[1] + 1 for a, b in pairwise(windows))
    for chunk in result.chunks:
        assert result.document.text[chunk.char_start : chunk.char_end] == chunk.text
        assert "| Region | Amount | Note |" in chunk.context + chunk.text

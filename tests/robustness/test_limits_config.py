"""Limits are configuration: read from the TOML file, checked, listed in the README."""

from __future__ import annotations

import re
from dataclasses import fields

import pytest

from flows.settings import SettingsError, load_config
from tests.conftest import ROOT
from tests.robustness.conftest import assert_one_failure, convert_file
from transforms.config import HtmlOptions, Limits, PipelineConfig, TableOptions


def _readme_limits() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Limits", 1)[1].split("\n#", 1)[0]
    return dict(re.findall(r"^\| `([\w.]+)` \| (\d+)", section, re.MULTILINE))


def test_readme_lists_every_limit_with_its_default():
    table = _readme_limits()
    expected = {f"limits.{f.name}": getattr(Limits(), f.name) for f in fields(Limits)}
    expected["html.max_bytes"] = HtmlOptions().max_bytes
    for name in ("max_cells", "max_sheet_cells", "max_columns"):
        expected[f"tables.{name}"] = getattr(TableOptions(), name)
    assert {k: int(float(v)) for k, v in expected.items()} == {k: int(v) for k, v in table.items()}


def test_limits_come_from_the_configuration_file(tmp_path):
    path = tmp_path / "docmill.toml"
    path.write_text(
        "[limits]\nmax_file_bytes = 1000\nmax_pages = 3\ndoc_seconds = 60\n"
        "doc_memory_mb = 512\nmax_decompressed_ratio = 50\n"
    )
    limits = load_config(path).limits
    assert limits == Limits(1000, 3, 60.0, 512, 50)
    assert isinstance(limits.doc_seconds, float)


def test_limits_do_not_change_the_config_hash(tmp_path):
    path = tmp_path / "docmill.toml"
    path.write_text("[limits]\nmax_pages = 3\n")
    assert load_config(path).config_hash == PipelineConfig().config_hash


@pytest.mark.parametrize(
    "line",
    [
        "max_pages = 0",
        "doc_seconds = -1",
        "max_decompressed_ratio = 0",
        "doc_memory_mb = -5",
        "max_file_bytes = true",
        'max_pages = "many"',
        "max_bytes = 10",
    ],
)
def test_bad_limits_are_usage_errors(tmp_path, line):
    path = tmp_path / "docmill.toml"
    path.write_text(f"[limits]\n{line}\n")
    with pytest.raises(SettingsError):
        load_config(path)


def test_file_size_limit_from_the_configuration(tmp_path):
    config = load_config(overrides={"limits": {"max_file_bytes": 100}})
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    assert_one_failure(convert_file(path, config), "detect", "limit", "over the limit of 100")


def test_page_limit_from_the_configuration(tmp_path):
    import pymupdf

    doc = pymupdf.open()
    for i in range(4):
        doc.new_page().insert_text((72, 72), f"Page {i + 1} of a short document.")
    path = tmp_path / "four.pdf"
    doc.save(path)
    config = load_config(overrides={"limits": {"max_pages": 3}})
    assert_one_failure(convert_file(path, config), "parse", "limit", "the limit is 3")

"""pdfminer.six's expected strings and encryption variants, checked against docmill's text.

    PYTHONPATH=. python benchmarks/pdf_text_checks.py [-v]

``expected_text.json`` holds pdfminer's exact outputs, which encode pdfminer's layout
choices; docmill's text is compared with whitespace removed (an expected string is found
when its non-space characters appear, in order and contiguous, in ours). ``(cid:NN)``
placeholders are dropped from the expected strings: docmill reports unmapped glyphs
instead of emitting them. Every ``encryption/*.pdf`` must open with the password ``foo``
and give the same text as ``encryption/base.pdf`` (``encrypted_doc_no_id.pdf`` is another
document: it must open and give text; so is ``aes-256-r6.pdf``, which pdfminer's tests
open with its user password ``usersecret`` and its owner password ``ownersecret``).
Lines holding only a number are dropped from both sides: pdfminer keeps page numbers,
docmill removes them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.pdf_markdown import CORPORA, config_for, pdf_to_markdown
from transforms.errors import DocumentError

PDFMINER = CORPORA / "pdfminer-samples"
# Another document, with its own passwords (pdfminer's tests open it with either).
OTHER_PASSWORDS = {"aes-256-r6.pdf": ("usersecret", "ownersecret")}


def squeeze(text: str) -> str:
    """The text without whitespace, Markdown marks, ``(cid:NN)`` tokens or page numbers."""
    text = re.sub(r"\(cid:\d+\)", "", text)
    text = re.sub(r"(?m)^\s*\d{1,4}\s*$", "", text)  # page numbers: docmill removes them
    text = re.sub(r"(?m)^(#+|[-*]|\d+\.) ", "", text)
    return re.sub(r"\s+", "", text)


def _text(path: Path, passwords: tuple[str, ...] = ()) -> str:
    try:
        return pdf_to_markdown(path, config_for(passwords))
    except DocumentError as exc:
        return f"<DocumentError {exc.reason}: {exc.message}>"


def expected_strings() -> list[tuple[str, bool, str]]:
    """(file key, found, our text) for each expected string."""
    data = json.loads((PDFMINER / "expected_text.json").read_text())
    results = []
    for key, entry in data.items():
        name = key.split(".pdf")[0] + ".pdf"
        ours = _text(PDFMINER / name)
        results.append((key, squeeze(entry["expected"]) in squeeze(ours), ours))
    return results


def encryption_variants() -> list[tuple[str, bool, str]]:
    """(file, same text as base.pdf, our text) for each encrypted variant, opened with foo."""
    folder = PDFMINER / "encryption"
    base = squeeze(_text(folder / "base.pdf"))
    results = []
    for path in sorted(folder.glob("*.pdf")):
        if path.name == "base.pdf":
            continue
        if path.name in OTHER_PASSWORDS:
            # each of its passwords alone must open it
            texts = [_text(path, (pw,)) for pw in OTHER_PASSWORDS[path.name]]
            ours = texts[0]
            passed = all(squeeze(t) and not t.startswith("<DocumentError") for t in texts)
            results.append((path.name, passed, ours))
            continue
        ours = _text(path, ("foo",))
        if path.name == "encrypted_doc_no_id.pdf":
            passed = bool(squeeze(ours)) and not ours.startswith("<DocumentError")
        else:
            passed = squeeze(ours) == base and bool(base)
        results.append((path.name, passed, ours))
    return results


def main() -> None:
    """Print how many expected strings and encryption variants pass."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="show failures")
    args = parser.parse_args()
    if not PDFMINER.is_dir():
        sys.exit(f"{PDFMINER} not present")
    checks = (
        ("expected strings", expected_strings()),
        ("encryption variants (password foo)", encryption_variants()),
    )
    for title, results in checks:
        ok = sum(1 for _, passed, _ in results if passed)
        print(f"pdfminer {title}: {ok}/{len(results)}")
        if args.verbose:
            for key, passed, ours in results:
                if not passed:
                    print(f"  FAIL {key}: {ours[:160]!r}")


if __name__ == "__main__":
    main()

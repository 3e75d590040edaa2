"""The personal-data step: applied to a parsed document's elements before rendering.

Redacting element text (not the rendered Markdown) keeps every chunk offset exact: the
document text and the chunks are both made from the redacted elements. The counts per
kind go into ``metadata["pii"]`` (JSON, e.g. ``{"email": 2, "phone": 1}``) in both the
``flag`` and the ``redact`` modes.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace

from transforms.config import PiiOptions
from transforms.model import Cell, Element, ParsedDoc, Table
from transforms.pii.detect import find_pii, parse_patterns

PII_METADATA_KEY = "pii"
MODES = ("off", "flag", "redact")


def placeholder(kind: str) -> str:
    """The typed placeholder that replaces a finding of ``kind``: ``[EMAIL]``."""
    return f"[{kind.upper()}]"


class PiiScrubber:
    """Finds (and in ``redact`` mode replaces) personal data, counting it by kind."""

    def __init__(self, options: PiiOptions) -> None:
        if options.mode not in MODES:
            raise ValueError(f"pii.mode must be one of {', '.join(MODES)}, not {options.mode!r}")
        self.options = options
        self.redact = options.mode == "redact"
        self.patterns: dict[str, re.Pattern] = parse_patterns(options.patterns)
        self.counts: Counter[str] = Counter()

    def text(self, text: str) -> str:
        """Count the personal data in ``text``; return it redacted in ``redact`` mode."""
        findings = find_pii(text, self.options.kinds, self.patterns)
        if not findings:
            return text
        self.counts.update(f.kind for f in findings)
        if not self.redact:
            return text
        out, pos = [], 0
        for f in findings:
            out.append(text[pos : f.start])
            out.append(placeholder(f.kind))
            pos = f.end
        out.append(text[pos:])
        return "".join(out)

    def table(self, table: Table) -> Table:
        """The table with every cell (and its name) scrubbed."""
        rows = tuple(tuple(self._cell(c) for c in row) for row in table.rows)
        name = self.text(table.name) if table.name else table.name
        return replace(table, rows=rows, name=name)

    def _cell(self, cell: Cell) -> Cell:
        if not cell.text:
            return cell
        text = self.text(cell.text)
        return cell if text is cell.text else replace(cell, text=text)

    def element(self, element: Element) -> Element:
        """One element scrubbed (text and table cells)."""
        text = self.text(element.text) if element.text else element.text
        table = self.table(element.table) if element.table is not None else None
        if text is element.text and table is element.table:
            return element
        return replace(element, text=text, table=table)


def scrub_document(doc: ParsedDoc, options: PiiOptions) -> ParsedDoc:
    """The personal-data step for one document (a no-op when ``options.mode`` is ``off``)."""
    if options.mode == "off":
        return doc
    scrubber = PiiScrubber(options)
    elements = tuple(scrubber.element(e) for e in doc.elements)
    title = scrubber.text(doc.title) if doc.title else doc.title
    metadata = {k: scrubber.text(v) for k, v in doc.metadata.items()}
    if scrubber.counts:
        metadata[PII_METADATA_KEY] = json.dumps(dict(sorted(scrubber.counts.items())))
    if not scrubber.redact:
        return replace(doc, metadata=metadata)
    return replace(doc, elements=elements, title=title, metadata=metadata)

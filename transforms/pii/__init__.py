"""Personal data: detection (:mod:`.detect`) and the per-document step (:mod:`.redact`).

Person names are not detected: that needs a named-entity model, and docmill never
downloads one; a locally configured model can be added as another detector.
"""

from transforms.pii.detect import BUILTIN_KINDS, Finding, find_pii, iban_valid, luhn_valid
from transforms.pii.redact import PII_METADATA_KEY, PiiScrubber, placeholder, scrub_document

__all__ = [
    "BUILTIN_KINDS",
    "PII_METADATA_KEY",
    "Finding",
    "PiiScrubber",
    "find_pii",
    "iban_valid",
    "luhn_valid",
    "placeholder",
    "scrub_document",
]

"""Finding personal data in text: regular expressions narrowed by checksums and context.

Each detector proposes candidates with a regular expression and keeps only those that
pass a validator: payment cards need a Luhn checksum and a card-network prefix, IBANs the
ISO 13616 length of their country and a mod-97 checksum, IP addresses must parse, phone
numbers must look dialable (a ``+`` country code, a trunk ``0``, an area code in
parentheses, the North-American 3-3-4 grouping, or a "tel"/"phone" label in front) and are
rejected when they read as dates, version numbers, ISBNs or identifiers glued to letters.
Overlapping finds are resolved in favour of the stronger evidence (checksums first).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

EMAIL, PHONE, IP, CARD, IBAN = "email", "phone", "ip", "card", "iban"
BUILTIN_KINDS = (IBAN, CARD, EMAIL, IP, PHONE)  # also the priority order for overlaps


@dataclass(frozen=True, order=True)
class Finding:
    """One piece of personal data: ``text[start:end]`` is of ``kind``."""

    start: int
    end: int
    kind: str


# -- e-mail ---------------------------------------------------------------------------
_EMAIL = re.compile(
    r"(?<![\w.+'-])[A-Za-z0-9](?:[A-Za-z0-9._%+'-]{0,63})@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
)
_FILE_SUFFIX = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|css|js)$", re.IGNORECASE)


def _emails(text: str) -> Iterable[Finding]:
    if "@" not in text:
        return
    for m in _EMAIL.finditer(text):
        if _FILE_SUFFIX.search(m.group()):  # icon@2x.png and friends
            continue
        yield Finding(m.start(), m.end(), EMAIL)


# -- payment cards ----------------------------------------------------------------------
_CARD = re.compile(r"(?<![\w.,/-])(?:\d[ -]?){12,18}\d(?![\w/]|[.,-]\d)")
_CARD_PREFIX = re.compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|3[068]|6(?:011|5|4[4-9]|2))")


def luhn_valid(digits: str) -> bool:
    """True when the digit string passes the Luhn checksum."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _cards(text: str) -> Iterable[Finding]:
    for m in _CARD.finditer(text):
        raw = m.group()
        digits = raw.replace(" ", "").replace("-", "")
        if not 13 <= len(digits) <= 19 or not _CARD_PREFIX.match(digits):
            continue
        groups = re.split(r"[ -]", raw)
        if " " in raw and "-" in raw:
            continue  # mixed separators: a list of numbers, not one card
        if len(groups) > 1 and min(len(g) for g in groups) < 3:
            continue  # cards group digits in fours (or 4-6-5)
        if luhn_valid(digits):
            yield Finding(m.start(), m.end(), CARD)


# -- IBAN ----------------------------------------------------------------------------
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20,
    "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18,
    "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27,
    "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19,
    "SK": 24, "SM": 27, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip
_IBAN = re.compile(r"(?<![\w])([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?)(?!\w)")


def iban_valid(iban: str) -> bool:
    """True when ``iban`` (no spaces) has its country's length and a valid mod-97 checksum."""
    if IBAN_LENGTHS.get(iban[:2]) != len(iban):
        return False
    moved = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


def _ibans(text: str) -> Iterable[Finding]:
    for m in _IBAN.finditer(text):
        raw = m.group(1)
        compact = raw.replace(" ", "")
        if iban_valid(compact):
            yield Finding(m.start(1), m.end(1), IBAN)
        elif " " in raw:  # a trailing group may belong to the next word: try shorter
            parts = raw.split(" ")
            for cut in range(len(parts) - 1, 2, -1):
                shorter = " ".join(parts[:cut])
                if iban_valid(shorter.replace(" ", "")):
                    yield Finding(m.start(1), m.start(1) + len(shorter), IBAN)
                    break


# -- IP addresses -------------------------------------------------------------------------
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6 = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,7}|[0-9A-Fa-f]{1,4})"
    r"(?:%\w+)?(?![\w:])"
)
_VERSION_BEFORE = re.compile(
    r"(?:\b(?:v|version|release|ver\.?|build)|==|>=|<=|~=)\s*$", re.IGNORECASE
)


def _ips(text: str) -> Iterable[Finding]:
    if "." in text:
        for m in _IPV4.finditer(text):
            if _VERSION_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
                continue
            try:
                address = ipaddress.IPv4Address(m.group())
            except ValueError:
                continue
            if address.is_unspecified or address.is_loopback or m.group().startswith("255."):
                continue  # 0.0.0.0, 127.0.0.1, netmasks: nobody's address
            yield Finding(m.start(), m.end(), IP)
    if "::" in text or text.count(":") >= 3:
        for m in _IPV6.finditer(text):
            candidate = m.group().split("%")[0]
            if candidate.count(":") < 2 or not re.search(r"[0-9A-Fa-f]{2}", candidate):
                continue
            if re.fullmatch(r"[\d:]+", candidate) and "::" not in candidate:
                continue  # 12:30:45 is a time
            try:
                ipaddress.IPv6Address(candidate)
            except ValueError:
                continue
            yield Finding(m.start(), m.end(), IP)


# -- phone numbers ------------------------------------------------------------------------
_PHONE = re.compile(
    r"(?<![\w+#/@.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,8}(?:[ .-]\d{1,8}){0,6}"
    r"(?![\w@]|[.-]\d)"
)
_PHONE_LABEL = re.compile(
    r"\b(?:phone|tel|telephone|fax|mobile|mob|cell|call|whatsapp|telefon|téléphone|tél|"
    r"handy|móvil|teléfono)\.?\s*(?:\([^)]{0,12}\))?\s*(?:no\.?|number|nr\.?)?\s*[:.]?\s*$",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./](?:\d{4}|\d{2}))$"
    r"|^\d{4}-\d{4}$|^\d{1,2}[-./]\d{4}$"
)
_NANP = re.compile(r"^(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}$")
_NOT_PHONE_BEFORE = re.compile(
    r"(?:\b(?:isbn|issn|doi|order|invoice|id|ref|no\.)|#)\W{0,3}$", re.IGNORECASE
)


def _phones(text: str) -> Iterable[Finding]:
    for m in _PHONE.finditer(text):
        raw = m.group()
        if len(raw) < 7:  # fewer than 7 digits: not a phone number
            continue
        digits = re.sub(r"\D", "", raw)
        if not 7 <= len(digits) <= 15 or _DATE.match(raw):
            continue
        groups = re.split(r"[ .()-]+", raw.lstrip("+").strip("()"))
        national = groups[1:] if raw.startswith("+") else groups
        if raw.startswith("+") and len(groups) > 2:
            national = groups[2:]  # the group after the country code may be one digit
        if any(len(g) < 2 for g in national if g):
            continue  # 978-3-16-148410-0, 1.2.3: single-digit groups are not phone-like
        before = text[max(0, m.start() - 24) : m.start()]
        if _NOT_PHONE_BEFORE.search(before) and not _PHONE_LABEL.search(before):
            continue
        labelled = bool(_PHONE_LABEL.search(before))
        grouped = bool(re.search(r"[ .()-]", raw))
        shaped = (
            raw.startswith("+")
            or (raw.startswith("(") and len(digits) >= 8)
            or bool(_NANP.match(raw))
            or (raw.startswith("0") and grouped and len(digits) >= 9 and not raw.startswith("0."))
        )
        if "." in raw and not raw.startswith("+") and not _NANP.match(raw):
            dotted = raw.split(".")
            if len(dotted) > 2 and not labelled and len(set(map(len, dotted))) > 2:
                continue  # 1.10.2024-like or version-like dotted runs
        if len(digits) < 8 and not labelled:
            continue
        if shaped or labelled:
            yield Finding(m.start(), m.end(), PHONE)


_ANY_SIGNAL = re.compile(r"[\d@]")  # every built-in kind holds a digit or an @
# the shortest text any built-in kind but IPv6 ("12::") can be: an e-mail "a@b.cd" (an
# IPv4 address "1.2.3.4" and a phone number need 7); most table cells ("12,345") are shorter
MIN_LENGTH = 6
_DETECTORS = {EMAIL: _emails, PHONE: _phones, IP: _ips, CARD: _cards, IBAN: _ibans}


def parse_patterns(specs: Iterable[str]) -> dict[str, re.Pattern]:
    """Custom detectors from ``"LABEL=regex"`` strings; the label names the placeholder."""
    out = {}
    for spec in specs:
        label, sep, pattern = spec.partition("=")
        label = label.strip().lower()
        if not sep or not re.fullmatch(r"[a-z][a-z0-9_]*", label) or not pattern:
            raise ValueError(f"personal-data pattern {spec!r} is not LABEL=REGEX")
        out[label] = re.compile(pattern)
    return out


def find_pii(
    text: str,
    kinds: Iterable[str] = BUILTIN_KINDS,
    patterns: dict[str, re.Pattern] | None = None,
) -> list[Finding]:
    """Non-overlapping findings in ``text``, in order; stronger kinds win overlaps."""
    if not text:
        return []
    if not patterns and (
        (len(text) < MIN_LENGTH and ":" not in text) or not _ANY_SIGNAL.search(text)
    ):
        return []
    wanted = [k for k in BUILTIN_KINDS if k in set(kinds)]
    found: list[tuple[int, Finding]] = []
    for rank, kind in enumerate(wanted):
        found.extend((rank, f) for f in _DETECTORS[kind](text))
    for rank, (label, pattern) in enumerate((patterns or {}).items(), start=len(wanted)):
        found.extend((rank, Finding(m.start(), m.end(), label)) for m in pattern.finditer(text))
    found.sort(key=lambda rf: (rf[0], rf[1].start))
    # account-number-shaped runs that failed the IBAN checksum hide no card or phone number
    shaped = [m.span(1) for m in _IBAN.finditer(text)] if IBAN in wanted else []
    taken: list[Finding] = []
    for _, f in found:
        if f.end <= f.start or any(f.start < t.end and t.start < f.end for t in taken):
            continue
        if f.kind in (CARD, PHONE) and any(f.start < e and s < f.end for s, e in shaped):
            continue
        taken.append(f)
    return sorted(taken)

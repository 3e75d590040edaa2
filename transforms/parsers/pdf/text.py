"""Text repair for PDF lines: list markers, end-of-line hyphenation, word vocabulary."""

from __future__ import annotations

import re

from transforms.parsers.pdf.normalize import UNSPACED

BULLETS = "•◦▪▫‣⁃∙·●○■□◆◇►▸▹➢➤✓✔❖–—*-"
_BULLET = re.compile(rf"^([{re.escape(BULLETS)}\uf0b7\uf0a7\uf076\uf0d8\uf0fc])\s+(.*)$", re.S)
_NUMBERED = re.compile(r"^(\(?(\d{1,3}|[a-z]|[ivxlc]{1,5})([.)]))\s+(.*)$", re.S)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
# an entry, a dot leader of four dots or more, its pages ("vii", "12", "4-6", "A-3", "9, 18")
_PAGE = r"(?:[ivxlcdmIVXLCDM]{1,6}|[A-Z]?[-–]?\d{1,4}(?:[-–]\d{1,4})?)"
_PAGES = rf"{_PAGE}(?:,\s+{_PAGE})*"
_LEADER = r"\s*(?:[.·…]\s*){4,}"
_TOC_ENTRY = re.compile(rf"^(.*?[^\s.·…]){_LEADER}({_PAGES})$")
_INNER_LEADER = re.compile(rf"(?<=[^\s.·…]){_LEADER}(?={_PAGES}\s)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)

# First parts of compounds that keep their hyphen at a line end ("self-" + "evident").
COMPOUND_PREFIXES = frozenset(
    {"self", "well", "ex", "all", "half", "cross", "non", "anti", "pre", "post", "multi",
     "semi", "long", "short", "high", "low", "full", "part", "state", "open", "real",
     "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
     "twenty", "thirty", "forty", "fifty", "hundred", "first", "second", "third", "single",
     "double", "left", "right", "top", "bottom", "large", "small", "ill", "best", "alpha",
     "beta", "gamma", "delta"}
)  # fmt: skip


def _roman_value(text: str) -> int | None:
    total = 0
    prev = 0
    for ch in reversed(text):
        value = _ROMAN.get(ch)
        if value is None:
            return None
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total


def toc_entry(text: str) -> str | None:
    """A contents entry ("Notices . . . . . vii") with its dot leader shortened, or None."""
    tail = text[-80:]  # a leader's four dots stand before the pages at the end
    if tail.count(".") + tail.count("…") + tail.count("·") < 4:
        return None  # no leader: most lines, at a fraction of the pattern's cost
    match = _TOC_ENTRY.match(text)
    if match is None:
        return None
    # two entries of an index set in columns may share a line: their leaders go too
    return f"{_INNER_LEADER.sub(' … ', match.group(1))} … {match.group(2)}"


def list_marker(text: str) -> tuple[str, int | None, str] | None:
    """Split a list item into (marker, ordinal or None for bullets, text); None if not one."""
    match = _BULLET.match(text)
    if match:
        return match.group(1), None, match.group(2)
    match = _NUMBERED.match(text)
    if not match:
        return None
    token, closing, rest = match.group(2), match.group(3), match.group(4)
    if not rest:
        return None
    opened = match.group(1).startswith("(")
    if opened and closing != ")":
        return None
    if token.isdigit():
        return match.group(1), int(token), rest
    if len(token) == 1 and token not in "ivx":
        return match.group(1), ord(token) - ord("a") + 1, rest
    value = _roman_value(token)
    if value is None:
        return None
    return match.group(1), value, rest


def words(text: str) -> list[str]:
    """Lower-cased words of a line (letters, inner hyphens/apostrophes kept)."""
    return [w.lower() for w in _WORD.findall(text)]


def ends_with_hyphen(text: str) -> bool:
    """Tell whether a line ends in a word broken by a hyphen ("infor-")."""
    return len(text) >= 3 and text[-1] in "-\u00ad\u2010" and text[-2].isalpha()


def join_hyphenated(left: str, right: str, vocabulary: set[str]) -> str:
    """Join two lines where ``left`` ends with a hyphen: drop it unless the word is a compound.

    The document's own vocabulary decides first ("information" seen elsewhere -> joined;
    "state-of-the-art" seen elsewhere -> kept), then a list of compound prefixes, then the
    case of the continuation (an upper-case or digit start keeps the hyphen).
    """
    head_word = left[:-1].rsplit(" ", 1)[-1]
    tail_word = right.split(" ", 1)[0]
    head_clean = re.sub(r"^\W+", "", head_word).lower()
    tail_clean = re.sub(r"\W+$", "", tail_word).lower()
    soft = left[-1] == "\u00ad"
    joined = head_clean + tail_clean
    hyphenated = f"{head_clean}-{tail_clean}"
    if soft or joined in vocabulary:
        keep = False
    else:
        keep = (
            hyphenated in vocabulary
            or "-" in head_clean
            or head_clean in COMPOUND_PREFIXES
            or not tail_word[:1].islower()
        )
    if keep:
        return left[:-1] + "-" + right
    return left[:-1] + right


def join_lines(texts: list[str], vocabulary: set[str]) -> str:
    """Join the lines of one paragraph with spaces, repairing end-of-line hyphenation.

    Chinese and Japanese write no spaces: a line break between two of their characters
    joins without one.
    """
    out = ""
    for text in texts:
        if not out:
            out = text
        elif ends_with_hyphen(out) and text[:1].isalpha():
            out = join_hyphenated(out, text, vocabulary)
        elif UNSPACED.match(out[-1]) and UNSPACED.match(text[:1]):
            out = f"{out}{text}"
        else:
            out = f"{out} {text}"
    return out


# a word broken at a cell's line end: its lines were joined with a space ("car- nes")
_CELL_BREAK = re.compile(r"(\w*[^\W\d_])[-\u00ad\u2010] (?=[^\W\d_])")
# "pre- and post-processing": a hyphen left hanging before a conjunction stays
_HANGING = frozenset(
    {"and", "or", "nor", "to", "by", "und", "oder", "bis", "et", "ou", "y", "o", "e"}
)


def join_cell_lines(text: str, vocabulary: set[str]) -> str:
    """A table cell's text with words hyphenated at its line ends repaired.

    Cells are read line by line and joined with spaces, so "Preva- lence" and
    "Time-to- maneuver" come out split. A break before a lower-case letter is joined as
    paragraph lines are (:func:`join_hyphenated`), except that two words the document
    uses on their own keep their hyphen ("vélo- boulot"); before a capital or a digit
    the hyphen may end a name ("OUT1L- P8"): left as it is.
    """
    if "- " not in text and "\u00ad " not in text and "\u2010 " not in text:
        return text
    start = 0
    while (found := _CELL_BREAK.search(text, start)) is not None:
        head = found.group(1).lower()
        tail = re.sub(r"\W+$", "", text[found.end() :].split(" ", 1)[0])
        start = found.end()
        if not tail[:1].islower() or tail in _HANGING:
            continue
        if head + tail not in vocabulary and head in vocabulary and tail in vocabulary:
            joined = text[: found.end() - 1] + text[found.end() :]  # a compound: keep "-"
        else:
            joined = join_hyphenated(text[: found.end() - 1], text[found.end() :], vocabulary)
        start -= len(text) - len(joined)
        text = joined
    return text

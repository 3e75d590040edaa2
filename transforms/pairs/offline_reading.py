"""Reading-comprehension tasks mined from prose, answers are spans of the chunk.

- ``definition``: "X is/are/refers to/contains ... ." -> "What is X?" answered by the sentence.
- ``cloze``: a sentence with a name, year or quantity blanked out; the answer is the span.
- ``about``: "What does <doc> say about <term>?" answered by the sentences naming the term.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from schemas import ChunkRecord
from transforms.pairs.common import pick, prompt_hash, scope, user_turn, variant
from transforms.pairs.corpus import Candidate, Corpus, chunk_source
from transforms.pairs.text import (
    STOPWORDS,
    content_words,
    is_prose_sentence,
    noise_reason,
    sentences,
)

GENERATOR = "offline/reading-v1"
_VERBS = {
    "is": "What is {term}?",
    "are": "What are {term}?",
    "refers to": "What does {term} refer to?",
    "means": "What does {term} mean?",
    "describes": "What does {term} describe?",
    "contains": "What does {term} contain?",
    "consists of": "What does {term} consist of?",
}
_DEFINITION = re.compile(
    r"^(?P<term>(?:(?:The|A|An)\s+)?[^\s,;:()\"]+(?:\s+[^\s,;:()\"]+){0,4}?)\s+"
    r"(?P<verb>is|are|refers to|means|describes|contains|consists of)\s+(?P<rest>.+)$",
    re.DOTALL,
)
_COMPLEMENT = re.compile(
    r"(?:a|an|the|one of|any|defined as|known as|called|used (?:to|for|in)|made (?:of|from|by)|"
    r"composed of|responsible for|designed (?:to|for))\s",
    re.IGNORECASE,
)
_NOT_A_TERM_TEXT = """
    it this that these those there they he she we you i here each such which what one
    all some another other its their his her our my your result reason following answer
    goal purpose problem idea first second third last next previous former latter same
    example difference table figure section chapter theory approach way case while if
    when because although though since unless once whether where whereas however thus
    therefore also only then now today
"""
_NOT_A_TERM = frozenset(_NOT_A_TERM_TEXT.split())
_ENTITY = re.compile(r"(?<![\w.])(?:[A-Z][a-z]+(?:[ -](?:of |de |von |and )?[A-Z][a-z]+){1,3})\b")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,9}s?\b")
_QUANTITY = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d)\b|\b\d+(?:[.,]\d+)?\s?(?:%|percent|inch(?:es)?|mm|cm|km|kg|lb|ms|"
    r"seconds?|minutes?|hours?|days?|weeks?|months?|years?|GHz|MHz|GB|MB|KB|TB|°C|°F|x)(?!\w)"
)
CLOZE_QUESTIONS = ('Fill in the blank: "{sentence}"',)
CLOZE_CLOSED = ('Fill in the blank in this sentence from "{doc}": "{sentence}"',)
ABOUT_QUESTIONS = ("What does the passage say about {term}?",)
ABOUT_CLOSED = ('What does "{doc}" say about {term}?', 'What does "{doc}" tell us about {term}?')
BLANK = "____"
TEMPLATES = (*_VERBS.values(), *CLOZE_QUESTIONS, *CLOZE_CLOSED, *ABOUT_QUESTIONS, *ABOUT_CLOSED)


def _prose(chunk: ChunkRecord) -> list[tuple[int, int, str]]:
    """Prose sentences of a chunk with 6 to 60 words and no extraction noise."""
    out = []
    for s, e in sentences(chunk.text):
        sent = " ".join(chunk.text[s:e].split())
        n = len(sent.split())
        if 6 <= n <= 60 and noise_reason(sent) is None and is_prose_sentence(sent):
            out.append((s, e, sent))
    return out


def _definition(sentence: str) -> tuple[str, str] | None:
    m = _DEFINITION.match(sentence)
    if not m:
        return None
    term = m.group("term")
    parts = [w.lower() for w in term.split()]
    bare = parts[1:] if parts[0] in ("the", "a", "an") else parts
    if not bare or bare[0] in STOPWORDS or any(w in _NOT_A_TERM for w in parts):
        return None
    named = any(w[:1].isupper() for w in term.split()[1:]) or any(c.isdigit() for c in term)
    if parts[0] == "the" and len(content_words(term)) < 2 and not named:
        return None  # "the theory": which theory? not a question that stands alone
    if len(content_words(m.group("rest"))) < 3:
        return None
    if m.group("verb") in ("is", "are") and not _COMPLEMENT.match(m.group("rest")):
        return None  # "X is required ...", "X are filled with ...": not a definition
    if term.split()[0] in ("The", "A", "An"):
        term = term[0].lower() + term[1:]
    return term, _VERBS[m.group("verb")].format(term=term)


def _blank_target(sentence: str) -> re.Match | None:
    """A name (not the sentence's first word), else a year or quantity, to blank out."""
    for pattern in (_ENTITY, _QUANTITY):
        for m in pattern.finditer(sentence):
            if m.start() > 0:
                return m
    return None


def _trim_name(term: str) -> str:
    """A matched name without stopwords at its ends ("Nut The" -> "Nut")."""
    words = term.replace("-", " - ").split()
    while words and (words[0].lower() in STOPWORDS or words[0] == "-"):
        words.pop(0)
    while words and (words[-1].lower() in STOPWORDS or words[-1] == "-"):
        words.pop()
    return " ".join(words).replace(" - ", "-")


def _terms(
    chunk: ChunkRecord, prose: list[tuple[int, int, str]], doc_text: str | None
) -> dict[str, list[int]]:
    """Names and acronyms of the chunk -> the indexes of the prose sentences naming them.

    Only terms that the document names nowhere outside this chunk qualify: the question
    asks what the document says about the term, so the chunk must hold all of it.
    """
    heading = " ".join(chunk.heading_path).lower()
    where: dict[str, list[int]] = {}
    for i, (_, _, sent) in enumerate(prose):
        for pattern in (_ENTITY, _ACRONYM):
            for m in pattern.finditer(sent):
                term = _trim_name(m.group())
                if pattern is _ENTITY and " " not in term:
                    continue  # one capitalised word is no name
                if len(term) < 2 or term.lower() in heading or term.lower() in STOPWORDS:
                    continue
                if i not in where.setdefault(term, []):
                    where[term].append(i)
    out = {}
    for term, idx in where.items():
        if len(idx) > 3:
            continue
        if doc_text is not None and doc_text.count(term) > chunk.text.count(term):
            continue
        out[term] = idx
    return out


def reading_pairs(corpus: Corpus, options) -> Iterator[Candidate]:
    """Definition, cloze and about tasks from every chunk, ``max_per_chunk`` of each."""
    phash = prompt_hash(GENERATOR, *TEMPLATES, options.context)
    closed = options.context == "closed"
    for chunk in corpus.chunks:
        prose = _prose(chunk)
        if not prose:
            continue
        doc = corpus.label(chunk.doc_id)
        found: list[tuple[str, str, str, int, int]] = []  # task, question, answer, span
        for s, e, sent in prose:
            d = _definition(sent)
            if d:
                found.append(("definition", d[1], sent, s, e))
        for s, e, sent in prose:
            m = _blank_target(sent)
            if m and len(content_words(sent)) >= 5:
                blanked = sent[: m.start()] + BLANK + sent[m.end() :]
                template = variant(CLOZE_CLOSED if closed else CLOZE_QUESTIONS, chunk.chunk_id, s)
                found.append(("cloze", template.format(sentence=blanked, doc=doc), m.group(), s, e))
        document = corpus.documents.get(chunk.doc_id)
        doc_text = document.text if document is not None and closed else None
        for term, idx in _terms(chunk, prose, doc_text).items():
            template = variant(ABOUT_CLOSED if closed else ABOUT_QUESTIONS, chunk.chunk_id, term)
            answer = " ".join(prose[i][2] for i in idx)
            found.append(
                (
                    "about",
                    template.format(term=term, doc=doc),
                    answer,
                    prose[idx[0]][0],
                    prose[idx[-1]][1],
                )
            )
        for task in ("definition", "cloze", "about"):
            mine = [f for f in found if f[0] == task]
            for _, question, answer, s, e in pick(
                mine, options.max_per_chunk, lambda f: f[1], options.seed
            ):
                yield Candidate(
                    kind="chat",
                    task=task,
                    generator=GENERATOR,
                    prompt_hash=phash,
                    chunks=(chunk,),
                    messages=(
                        ("user", user_turn(question, (chunk,), options.context)),
                        ("assistant", answer),
                    ),
                    question=question,
                    answer=answer,
                    source=chunk_source(chunk),
                    scope=scope((chunk,), options.context),
                    evidence=(chunk.char_start + s, chunk.char_start + e),
                    near_dup=task != "about",  # one question per term, by construction
                )

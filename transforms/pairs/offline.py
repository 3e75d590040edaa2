"""Offline, deterministic generators: section recall and raw text.

Tables and reading comprehension live in :mod:`.offline_tables` and :mod:`.offline_reading`.
"""

from __future__ import annotations

from collections.abc import Iterator

from transforms.pairs.common import prompt_hash, variant
from transforms.pairs.corpus import Candidate, Corpus, passage
from transforms.pairs.options import PairOptions
from transforms.pairs.text import content_words, strip_headings

SECTION_GENERATOR = "offline/section-v1"
SECTION_QUESTIONS = (
    'What does the section "{heading}" of "{doc}" say?',
    'What is written under the heading "{heading}" in "{doc}"?',
    'Tell me what "{doc}" says in its section "{heading}".',
)
OPENING_QUESTION = 'What does the opening of "{doc}" say?'
TEXT_GENERATOR = "offline/text-v1"


def section_pairs(corpus: Corpus, options: PairOptions) -> Iterator[Candidate]:
    """Heading -> section content: a closed-book question whose answer is the section text."""
    phash = prompt_hash(SECTION_GENERATOR, *SECTION_QUESTIONS, OPENING_QUESTION)
    for section in corpus.sections():
        if not section.heading_path:
            continue
        body = strip_headings("\n\n".join(c.text for c in section.chunks))
        if len(content_words(body)) < 5:
            continue
        heading = section.heading_path[-1]
        doc = corpus.label(section.doc_id)
        if heading.strip().lower() == doc.strip().lower():
            question = OPENING_QUESTION.format(doc=doc)
        else:
            template = variant(SECTION_QUESTIONS, options.seed, section.chunks[0].chunk_id)
            question = template.format(heading=heading, doc=doc)
        first, last = section.chunks[0], section.chunks[-1]
        yield Candidate(
            kind="chat",
            task="section",
            generator=SECTION_GENERATOR,
            prompt_hash=phash,
            chunks=section.chunks,
            messages=(("user", question), ("assistant", body)),
            question=question,
            answer=body,
            source=passage(section.chunks),
            evidence=(first.char_start, last.char_end),
            near_dup=False,
        )


def text_records(corpus: Corpus, options: PairOptions) -> Iterator[Candidate]:
    """One raw-text record per chunk for continued pre-training (context line first)."""
    phash = prompt_hash(TEXT_GENERATOR)
    for chunk in corpus.chunks:
        text = chunk.text
        if chunk.context and not text.lstrip().startswith(("#", chunk.context.split("\n")[0])):
            text = f"{chunk.context}\n\n{text}"
        yield Candidate(
            kind="text",
            task="text",
            generator=TEXT_GENERATOR,
            prompt_hash=phash,
            chunks=(chunk,),
            text=text,
            question=text,
            answer=text,
            source=text,
            evidence=(chunk.char_start, chunk.char_end),
        )

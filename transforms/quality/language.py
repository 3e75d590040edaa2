"""A small offline language guesser: writing system first, then function words.

No model file and no start-up cost: scripts with one main language (Greek, Hebrew, Thai,
Hangul, kana, Devanagari, Arabic, Han) are named by the script; Latin and Cyrillic text
is named by the language whose most common function words it uses most. Text with too
few words or no clear winner gets ``None`` (unknown) rather than a guess.
"""

from __future__ import annotations

import re
from collections import Counter

# ISO 639-1 code -> frequent function words (short, distinctive lists)
_STOPWORDS = {
    "en": "the of and to in is that for it with as was on be by this are or from at which"
    " have an not but were they their has had been would will",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als"
    " auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie",
    "fr": "le la les de des et est un une du en que qui dans pour pas au sur par plus ce il"
    " sont avec ne se elle ou nous vous été aux cette",
    "es": "el la de que y en los del se las por un para con no una su al es lo como más pero"
    " sus le ya o este fue ha entre cuando muy sin sobre también",
    "it": "il di che la e per un in del della sono non una le con si da al dei gli ha lo è"
    " nel alla anche come più questo delle nella",
    "pt": "o de a que e do da em um para é com não uma os no se na por mais as dos como mas"
    " foi ao ele das tem à seu sua ou ser quando muito nos já está também",
    "nl": "de het een en van in is dat op te zijn met voor niet aan er ook als bij door"
    " maar om dan zo nog wordt uit naar deze tot heeft",
    "sv": "och i att det som en på är av för med till den har de inte om ett var jag men"
    " från vid så kan sig eller där också",
    "da": "og i at det er en til på af med for den de ikke som har et var der fra men kan"
    " om sig så også eller efter blev",
    "no": "og i det er til som på en av for med at den ikke har de et var om fra kan men"
    " også seg etter eller ble",
    "pl": "i w na z że się nie do to jest o jak a co po ale dla od tak za przez być są"
    " oraz jego jej który która",
    "cs": "a v se na je že s z do to i o jako ale by k pro jsou od po jeho který která"
    " také být byl",
    "fi": "ja on ei se että oli hän kuin mutta ovat tai myös joka sen ole mitä jos kun"
    " niin vain olla",
    "tr": "ve bir bu da de için ile çok olarak daha ne gibi ama en sonra kadar olan her"
    " şey mi değil",
    "ro": "și de la în a cu pe nu care să o un din este mai se ca sau pentru ce fost sunt după",
    "hu": "a az és hogy nem is egy van meg de ez csak már el mint volt még ki kell ha vagy mert",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada ke juga ada"
    " atau oleh karena sudah",
    "ru": "и в не на что с по как это из он а к но то же за от для о так его все она"
    " был было только при",
    "uk": "і в не на що з та до як це у й за від але для його про вона був було та які",
    "bg": "и на да в се е не от за че с по като са което но това той тя ще беше",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
_INDEX: dict[str, tuple[str, ...]] = {}
for _lang, _ws in _WORDS.items():
    for _w in _ws:
        _INDEX[_w] = (*_INDEX.get(_w, ()), _lang)

# script ranges -> language when the script alone decides it
_SCRIPTS = [
    ("ja", re.compile("[\u3040-\u30ff]")),
    ("ko", re.compile("[\uac00-\ud7af\u1100-\u11ff]")),
    ("zh", re.compile("[\u4e00-\u9fff]")),
    ("el", re.compile("[\u0370-\u03ff]")),
    ("he", re.compile("[\u0590-\u05ff]")),
    ("ar", re.compile("[\u0600-\u06ff]")),
    ("hi", re.compile("[\u0900-\u097f]")),
    ("th", re.compile("[\u0e00-\u0e7f]")),
]
_LETTER_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def detect_language(text: str, min_words: int = 4) -> str | None:
    """ISO 639-1 code of ``text``'s main language, or ``None`` when unsure."""
    words = _LETTER_WORD.findall(text[:4000].lower())
    if len(words) < min_words and not any(len(w) > 3 for w in words):
        return None
    letters = sum(map(len, words))
    if not letters:
        return None
    sample = "".join(words)
    cyrillic = False
    if not sample.isascii():  # Latin-only text has none of the scripts below
        for lang, pattern in _SCRIPTS:
            n = len(pattern.findall(sample))
            if n and n / letters >= (0.1 if lang == "ja" else 0.3):
                return lang
        cyrillic = len(_CYRILLIC.findall(sample)) / letters >= 0.3
    hits: Counter[str] = Counter()
    for w in words:
        for lang in _INDEX.get(w, ()):
            hits[lang] += 1
    if cyrillic:
        hits = Counter({k: v for k, v in hits.items() if k in ("ru", "uk", "bg")})
    else:
        hits = Counter({k: v for k, v in hits.items() if k not in ("ru", "uk", "bg")})
    if not hits:
        return None
    (best, n1), *rest = [*hits.most_common(2), ("", 0)]
    n2 = rest[0][1]
    if n1 < 2 or n1 < 0.05 * len(words) or n1 <= n2:
        return None
    return best

"""Quality signals: language, alphanumeric share, repetition, garbled text; the filters."""

from __future__ import annotations

import random

import pytest

from transforms.config import QualityOptions
from transforms.quality import (
    alnum_ratio,
    compute_signals,
    detect_language,
    garbled,
    quality_filter_on,
    quality_reason,
    repetition,
)

SENTENCES = {
    "en": "The committee reviewed the budget and decided that the new plant will be built "
    "next year, which was expected by most of the residents.",
    "de": "Der Ausschuss hat den Haushalt geprüft und beschlossen, dass die neue Anlage im "
    "nächsten Jahr gebaut wird, was die meisten Bewohner erwartet hatten.",
    "fr": "Le comité a examiné le budget et a décidé que la nouvelle usine sera construite "
    "l'année prochaine, ce qui était attendu par la plupart des habitants.",
    "es": "El comité revisó el presupuesto y decidió que la nueva planta se construirá el "
    "próximo año, lo que esperaban la mayoría de los residentes.",
    "it": "Il comitato ha esaminato il bilancio e ha deciso che il nuovo impianto sarà "
    "costruito il prossimo anno, come si aspettava la maggior parte dei residenti.",
    "pt": "O comitê revisou o orçamento e decidiu que a nova usina será construída no "
    "próximo ano, o que era esperado pela maioria dos moradores.",
    "nl": "De commissie heeft de begroting bekeken en besloten dat de nieuwe installatie "
    "volgend jaar wordt gebouwd, wat de meeste bewoners al verwachtten.",
    "pl": "Komisja przejrzała budżet i zdecydowała, że nowa instalacja zostanie zbudowana w "
    "przyszłym roku, czego się spodziewała większość mieszkańców.",
    "ru": "Комитет рассмотрел бюджет и решил, что новая станция будет построена в следующем "
    "году, как и ожидали большинство жителей.",
    "el": "Η επιτροπή εξέτασε τον προϋπολογισμό και αποφάσισε ότι το νέο εργοστάσιο θα "
    "κατασκευαστεί τον επόμενο χρόνο.",
    "ja": "委員会は予算を検討し、新しい工場を来年建設することを決定しました。",
    "zh": "委员会审查了预算，并决定明年建设新的工厂，这是大多数居民所期望的。",
    "ko": "위원회는 예산을 검토하고 내년에 새 공장을 건설하기로 결정했습니다.",
    "ar": "راجعت اللجنة الميزانية وقررت بناء المحطة الجديدة في العام المقبل.",
}


@pytest.mark.parametrize(("lang", "text"), sorted(SENTENCES.items()))
def test_language_of_one_sentence(lang, text):
    assert detect_language(text) == lang


def test_language_unknown_for_numbers_and_tiny_text():
    assert detect_language("| 12 | 3.4 | 5 |\n| 7 | 8 | 9 |") is None
    assert detect_language("OK") is None


def test_alnum_ratio():
    assert alnum_ratio("plain words here") == 1.0
    assert alnum_ratio("-----=====*****|||||") == 0.0
    assert 0.2 < alnum_ratio("| a | b |\n|---|---|\n| 1 | 2 |") < 0.25  # 4 of 19


def test_repetition():
    prose = SENTENCES["en"]
    assert repetition(prose) == 0.0
    assert repetition(" ".join(["click here to subscribe now"] * 10)) > 0.8
    assert repetition("too short") == 0.0


def _mojibake(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="replace")


def test_garbled_separates_broken_text_from_prose():
    clean = [SENTENCES[k] for k in ("en", "de", "fr", "es", "pl", "ru")]
    assert all(garbled(t) < 0.05 for t in clean), [garbled(t) for t in clean]
    # German with a few umlauts decoded as cp1252: readable, but clearly not clean
    assert garbled(_mojibake(SENTENCES["de"] + " Größe, Übermaß, Straße.")) > 0.15
    broken = [
        _mojibake(SENTENCES["ru"]),
        " ".join(f"(cid:{i})" for i in range(40)),
        "\ufffd\ufffd \ufffdber die Stra\ufffde \ufffd\ufffd\ufffd",
    ]
    rng = random.Random(5)
    noise = "".join(rng.choice("bcdfghklmnpqrstvwxz#%&3") for _ in range(300))
    broken.append(" ".join(noise[i : i + 9] for i in range(0, 300, 9)))
    assert all(garbled(t) > 0.3 for t in broken), [round(garbled(t), 2) for t in broken]


def test_compute_signals_and_filters():
    signals = compute_signals(SENTENCES["fr"])
    assert signals.language == "fr" and signals.alnum_ratio > 0.9 and signals.garbled == 0.0
    off = QualityOptions()
    assert not quality_filter_on(off)
    assert quality_reason(off, "fr", 0.1, 0.9, 0.9) is None
    strict = QualityOptions(min_alnum_ratio=0.5, max_repetition=0.5, max_garbled=0.3)
    assert quality_filter_on(strict)
    assert quality_reason(strict, "en", 0.2, 0.0, 0.0).startswith("alnum_ratio")
    assert quality_reason(strict, "en", 0.9, 0.8, 0.0).startswith("repetition")
    assert quality_reason(strict, "en", 0.9, 0.0, 0.6).startswith("garbled")
    langs = QualityOptions(languages=("en", "de"))
    assert quality_reason(langs, "fr", 0.9, 0.0, 0.0) == "language fr not in en,de"
    assert quality_reason(langs, None, 0.9, 0.0, 0.0) is None

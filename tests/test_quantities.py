"""Numbers are compared with what they quantify, and read strictly the way each locale writes them.

For each class of wrong translation, mutations that must be refused and correct variants that
must be accepted, in German, French, Polish, Arabic, Greek and Russian.
"""

from __future__ import annotations

import importlib
import sys
import unicodedata

import pytest

from leaflet_i18n.checks.numbers import _CF, compare, number_format, quantities, quantity_spans
from leaflet_i18n.checks.quantities import vocabulary
from leaflet_i18n.checks.registry import code

from .conftest import ROOT

EN = number_format("en")
DOSE = "Take 1 or 2 tablets every 4 to 6 hours."
MAX = "Do not take more than 8 tablets in 24 hours."


def codes(locale: str, source: str, target: str) -> list[str]:
    return sorted({p.code for p in compare(source, target, EN, number_format(locale))})


# (locale, source, correct translations, wrong translations → expected code)
CASES: list[tuple[str, str, list[str], dict[str, str]]] = [
    (
        "de",
        DOSE,
        [
            "Nehmen Sie alle 4 bis 6 Stunden 1 oder 2 Tabletten ein.",
            "Nehmen Sie alle 4–6 Stunden 1–2 Filmtabletten ein.",
            "Nehmen Sie alle 4 bis 6 Stunden ein oder zwei Tabletten ein.",
        ],
        {
            "Nehmen Sie alle 4 bis 6 Minuten 1 oder 2 Tabletten ein.": "durations.mismatch",
            "Nehmen Sie alle 1 bis 2 Stunden 4 oder 6 Tabletten ein.": "quantities.mismatch",
            "Nehmen Sie alle 4 bis 6 Stunden 1 oder 2 Kapseln ein.": "doseforms.mismatch",
        },
    ),
    (
        "fr",
        DOSE,
        [
            "Prendre 1 ou 2 comprimés toutes les 4 à 6 heures.",
            "Prendre un ou deux comprimés toutes les 4 à 6 heures.",
        ],
        {
            "Prendre 1 ou 2 comprimés toutes les 4 à 6 minutes.": "durations.mismatch",
            "Prendre 4 ou 6 comprimés toutes les 1 à 2 heures.": "quantities.mismatch",
            "Prendre 1 ou 2 gélules toutes les 4 à 6 heures.": "doseforms.mismatch",
        },
    ),
    (
        "pl",
        DOSE,
        [
            "Przyjmować 1 lub 2 tabletki co 4 do 6 godzin.",
            "Przyjmować jedną lub dwie tabletki co 4–6 godzin.",
        ],
        {
            "Przyjmować 1 lub 2 tabletki co 4 do 6 minut.": "durations.mismatch",
            "Przyjmować 4 lub 6 tabletek co 1 do 2 godzin.": "quantities.mismatch",
            "Przyjmować 1 lub 2 kapsułki co 4 do 6 godzin.": "doseforms.mismatch",
        },
    ),
    (
        "ar",
        DOSE,
        [
            "تناول 1 أو 2 من الأقراص كل 4 إلى 6 ساعات.",
            "تناول ١ أو ٢ من الأقراص كل ٤ إلى ٦ ساعات.",
        ],
        {
            "تناول 1 أو 2 من الأقراص كل 4 إلى 6 دقائق.": "durations.mismatch",
            "تناول 4 أو 6 من الأقراص كل 1 إلى 2 ساعات.": "quantities.mismatch",
            "تناول 1 أو 2 من الكبسولات كل 4 إلى 6 ساعات.": "doseforms.mismatch",
        },
    ),
    (
        "el",
        DOSE,
        ["Πάρτε 1 ή 2 δισκία κάθε 4 έως 6 ώρες.", "Πάρτε ένα ή δύο δισκία κάθε 4 έως 6 ώρες."],
        {
            "Πάρτε 1 ή 2 δισκία κάθε 4 έως 6 λεπτά.": "durations.mismatch",
            "Πάρτε 4 ή 6 δισκία κάθε 1 έως 2 ώρες.": "quantities.mismatch",
            "Πάρτε 1 ή 2 καψάκια κάθε 4 έως 6 ώρες.": "doseforms.mismatch",
        },
    ),
    (
        "ru",
        DOSE,
        [
            "Принимайте 1 или 2 таблетки каждые 4–6 часов.",
            "Принимайте одну или две таблетки каждые 4–6 часов.",
        ],
        {
            "Принимайте 1 или 2 таблетки каждые 4–6 минут.": "durations.mismatch",
            "Принимайте 4 или 6 таблеток каждые 1–2 часа.": "quantities.mismatch",
            "Принимайте 1 или 2 капсулы каждые 4–6 часов.": "doseforms.mismatch",
        },
    ),
    (
        "de",
        MAX,
        ["Nehmen Sie innerhalb von 24 Stunden nicht mehr als 8 Tabletten ein."],
        {
            "Nehmen Sie innerhalb von 24 Tagen nicht mehr als 8 Tabletten ein.": "durations.mismatch",
            "Nehmen Sie innerhalb von 8 Stunden nicht mehr als 24 Tabletten ein.": "quantities.mismatch",
        },
    ),
    (
        "pl",
        MAX,
        ["Nie przyjmować więcej niż 8 tabletek w ciągu 24 godzin."],
        {"Nie przyjmować więcej niż 8 tabletek w ciągu 24 dni.": "durations.mismatch"},
    ),
    (
        "ar",
        MAX,
        ["لا تتناول أكثر من 8 أقراص خلال 24 ساعة.", "لا تتناول أكثر من ٨ أقراص خلال ٢٤ ساعة."],
        {"لا تتناول أكثر من 8 أقراص خلال 24 يومًا.": "durations.mismatch"},
    ),
    (
        "el",
        MAX,
        ["Μην παίρνετε περισσότερα από 8 δισκία μέσα σε 24 ώρες."],
        {"Μην παίρνετε περισσότερα από 8 δισκία μέσα σε 24 ημέρες.": "durations.mismatch"},
    ),
]


def _cases(wrong: bool) -> list[tuple[str, str, str, str]]:
    out = []
    for locale, source, good, bad in CASES:
        if wrong:
            out += [(locale, source, target, code) for target, code in bad.items()]
        else:
            out += [(locale, source, target, "") for target in good]
    return out


@pytest.mark.parametrize(("locale", "source", "target", "_"), _cases(wrong=False))
def test_correct_translation_is_accepted(locale: str, source: str, target: str, _: str) -> None:
    assert codes(locale, source, target) == []


@pytest.mark.parametrize(("locale", "source", "target", "code"), _cases(wrong=True))
def test_changed_quantity_is_refused(locale: str, source: str, target: str, code: str) -> None:
    assert code in codes(locale, source, target)


@pytest.mark.parametrize(
    ("locale", "target", "expected"),
    [
        ("de", "Nehmen Sie 500 mg ein.", []),
        ("de", "Nehmen Sie 500 mg/kg ein.", ["units.mismatch"]),
        ("de", "Nehmen Sie 500 mg pro kg Körpergewicht ein.", ["units.mismatch"]),
        ("de", "Nehmen Sie 500 mg pro Tag ein.", ["units.mismatch"]),  # a dose made daily
        ("de", "Nehmen Sie 500 mg/Tag ein.", ["units.mismatch"]),
        ("fr", "Prendre 500 mg par jour.", ["units.mismatch"]),
        ("pl", "Przyjąć 500 mg na dobę.", ["units.mismatch"]),
        ("ar", "تناول 500 ملغ في اليوم.", ["units.mismatch"]),
        ("el", "Πάρτε 500 mg ανά ημέρα.", ["units.mismatch"]),
        ("de", "Nehmen Sie 500 mg täglich ein.", ["units.mismatch"]),  # "daily" in one word
        ("ar", "تناول 500 ملغ يوميًا.", ["units.mismatch"]),
        ("pl", "Przyjąć 500 mg dziennie.", ["units.mismatch"]),
        ("fr", "Prendre 500 mg.", []),
        ("fr", "Prendre 500 mg par kg de poids.", ["units.mismatch"]),
        ("fr", "Prendre 500 mg/ml.", ["units.mismatch"]),
        ("pl", "Przyjąć 500 mg na kg masy ciała.", ["units.mismatch"]),
        ("ar", "تناول 500 ملغ لكل كغ.", ["units.mismatch"]),
        ("el", "Πάρτε 500 mg ανά kg.", ["units.mismatch"]),
        ("ru", "Принимайте 500 мг/кг.", ["units.mismatch"]),
    ],
)
def test_per_kilogram_is_another_unit(locale: str, target: str, expected: list[str]) -> None:
    assert codes(locale, "Take 500 mg.", target) == expected


@pytest.mark.parametrize(
    ("locale", "source", "target"),
    [
        ("de", "Take 500 mg per day.", "Nehmen Sie 500 mg pro Tag ein."),
        ("de", "Take 500 mg per day.", "Nehmen Sie täglich 500 mg ein."),  # "per day" implicit
        ("de", "Take 2 tablets a day.", "Nehmen Sie 2 Tabletten täglich ein."),
        ("de", "Take 500 mg daily.", "Nehmen Sie 500 mg pro Tag ein."),
        ("fr", "Take 500 mg daily.", "Prendre 500 mg par jour."),
        # "per day" said of the tablet in the source, of the dose in the translation
        (
            "pt",
            "The dose is one 250 mg tablet per day.",
            "A dose é um comprimido de 250 mg por dia.",
        ),
        (
            "da",
            "Use no more than two 100 gram tubes a month.",
            "Brug højst to tuber a 100 gram om måneden.",
        ),
        ("fr", "Take 2 tablets a day.", "Prendre 2 comprimés par jour."),
        ("de", "Take 1 tablet once a day.", "Nehmen Sie einmal täglich eine Tablette ein."),
        ("fr", "Take 1 tablet once a day.", "Prendre un comprimé une fois par jour."),
        ("de", "Take 2 tablets twice a day.", "Nehmen Sie zweimal täglich 2 Tabletten ein."),
        ("de", "Take 2 tablets.", "Nehmen Sie zwei Tabletten ein."),
        ("pl", "Take 2 tablets.", "Przyjąć dwie tabletki."),
        ("ru", "Take 2 tablets.", "Примите две таблетки."),
        ("el", "Take 3 tablets.", "Πάρτε τρία δισκία."),
        ("ar", "Take 3 tablets.", "تناول ثلاثة أقراص."),
        ("ar", "Take 2 tablets.", "تناول قرصين."),  # the dual carries its number
        ("ar", "Take 8 tablets.", "تناول ٨ أقراص."),
        ("ar", "Take 8 tablets.", "تناول 8 أقراص."),
        ("de", "may affect up to 1 in 10 people", "kann bis zu 1 von 10 Behandelten betreffen"),
        ("fr", "may affect up to 1 in 10 people", "peut affecter jusqu’à 1 personne sur 10"),
        ("pl", "may affect up to 1 in 10 people", "mogą wystąpić u nie więcej niż 1 na 10 osób"),
        ("ar", "may affect up to 1 in 10 people", "قد تصيب ما يصل إلى 1 من كل 10 أشخاص"),
        ("el", "may affect up to 1 in 10 people", "μπορεί να επηρεάσουν έως 1 στους 10 ανθρώπους"),
        (
            "de",
            "Leave at least 4 hours between doses.",
            "Zwischen zwei Einnahmen mindestens 4 Stunden.",
        ),
        ("de", "Store at -20 °C.", "Bei −20 °C lagern."),
        ("de", "Store at -20 °C.", "Bei –20 °C lagern."),
        ("fr", "Store at -20 °C.", "Conserver à \uff0d20 °C."),
        ("de", "5% of patients", "5 Prozent der Patienten"),
        ("de", "for 3 days", "3 Tage lang"),
        ("de", "children under 10 years", "Kinder unter 10 Jahren"),
        ("pl", "after 3 days", "po 3 dniach"),
    ],
)
def test_equivalent_wordings_are_accepted(locale: str, source: str, target: str) -> None:
    assert codes(locale, source, target) == []


@pytest.mark.parametrize(
    ("locale", "source", "target", "code"),
    [
        ("de", "Take 500 mg per day.", "Nehmen Sie 500 mg pro Woche ein.", "units.mismatch"),
        ("de", "Take 2 tablets.", "Nehmen Sie drei Tabletten ein.", "numbers.missing"),
        (
            "de",
            "Take 2 tablets twice a day.",
            "Nehmen Sie dreimal täglich 2 Tabletten ein.",
            "numbers.missing",
        ),
        ("de", "Take 2 tablets.", "Nehmen Sie zwei Kapseln ein.", "doseforms.mismatch"),
        (
            "de",
            "may affect up to 1 in 10 people",
            "kann bis zu 1 von 100 Behandelten betreffen",
            "numbers.missing",
        ),
        ("de", "Store at -25 °C.", "Bei 25 °C lagern.", "numbers.missing"),
        # a hyphen, a dash or a minus sign of any kind before a number reads as a minus
        ("de", "Store below 25 °C.", "Unter \u201025 °C lagern.", "numbers.missing"),
        ("de", "Store below 25 °C.", "Unter \u201125 °C lagern.", "numbers.missing"),
        ("de", "Store below 25 °C.", "Unter \u201425 °C lagern.", "numbers.missing"),
        ("de", "Store below 25 °C.", "Unter \u02d725 °C lagern.", "numbers.missing"),
        ("de", "Store below 25 °C.", "Unter \u279625 °C lagern.", "numbers.missing"),
        ("de", "Store below 25 °C.", "Unter \ufe5825 °C lagern.", "numbers.missing"),
        ("fr", "Store below 25 °C.", "Conserver à –25 °C.", "numbers.missing"),
        ("de", "5% of patients", "5 mg der Patienten", "units.mismatch"),
    ],
)
def test_changed_wordings_are_refused(locale: str, source: str, target: str, code: str) -> None:
    assert code in codes(locale, source, target)


# --- strict reading ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "source", "target", "expected"),
    [
        ("de", "Take 2.5 mg.", "Nehmen Sie 2,5 mg ein.", []),
        ("de", "Take 2.5 mg.", "Nehmen Sie 2.5 mg ein.", ["numbers.ambiguous"]),
        ("de", "Take 4.5 tablets.", "Nehmen Sie 4.5 Tabletten ein.", ["numbers.ambiguous"]),
        ("de", "Up to 1,000 mg.", "Bis zu 1.000 mg.", []),
        ("fr", "Take 2.5 mg.", "Prendre 2.5 mg.", ["numbers.ambiguous"]),
        ("pl", "Take 2.5 mg.", "Przyjąć 2.5 mg.", ["numbers.ambiguous"]),
        ("el", "Take 2.5 mg.", "Πάρτε 2,5 mg.", []),
        ("el", "Take 2.5 mg.", "Πάρτε 2.5 mg.", ["numbers.ambiguous"]),
        ("ar", "Take 8.5 ml.", "تناول 8.5 مل.", []),
        ("ar", "Take 8.5 ml.", "تناول ٨٫٥ مل.", []),
        ("ar", "Take 8.5 ml.", "تناول 8,5 مل.", ["numbers.ambiguous"]),
        ("pt_PT", "Up to 1,000 mg.", "Até 1.000 mg.", []),  # "." cannot be a decimal there
        ("de", "see section 6.3", "siehe Abschnitt 6.3", []),  # a copied section number
        ("de", "Take 4 tablets.", "Nehmen Sie \u09ea Tabletten ein.", ["numbers.script"]),
        ("ar", "Take 4 tablets.", "تناول \u09ea أقراص.", ["numbers.script"]),
        ("ar", "Take 4 tablets.", "تناول \u06f4 أقراص.", ["numbers.script"]),  # Persian four
        ("de", "Take 80 mg.", "Nehmen Sie 8O mg ein.", ["numbers.confusable"]),
        ("ru", "Take 80 mg.", "Примите 8О мг.", ["numbers.confusable"]),
        ("ru", "Take 30 mg.", "Примите З0 мг.", ["numbers.confusable"]),
        ("el", "Take 10 mg.", "Πάρτε 1Ο mg.", ["numbers.confusable"]),
        ("de", "Take 10 mg.", "Nehmen Sie l0 mg ein.", ["numbers.confusable"]),
        ("de", "CO2 and H2O", "CO2 und H2O", []),  # the same codes as the source
        ("ar", "Take 16 tablets.", "و16 قرصاً", []),
        ("ar", "Take 16 tablets.", "و61 قرصاً", ["numbers.extra", "numbers.missing"]),
        ("de", "PPC64 systems", "PPC46-Systeme", ["numbers.extra", "numbers.missing"]),
        ("de", "x2", "x3", ["numbers.extra", "numbers.missing"]),
        ("de", "Take 46 mg.", "Nehmen Sie 4\u200b6 mg ein.", ["numbers.hidden"]),
        ("de", "Take 46 mg.", "Nehmen Sie 4\u20606 mg ein.", ["numbers.hidden"]),
        ("de", "Take 4.6 mg.", "Nehmen Sie 4,\u00ad6 mg ein.", ["numbers.hidden"]),
        (
            "de",
            "Take 4 or 6 mg.",
            "Nehmen Sie 4\u200b6 mg ein.",
            ["numbers.extra", "numbers.hidden", "numbers.missing"],
        ),
        ("de", "Take 46 mg.", "Nehmen\u200b Sie 46 mg\ufeff ein.", []),  # not between digits
    ],
)
def test_strict_reading(locale: str, source: str, target: str, expected: list[str]) -> None:
    assert codes(locale, source, target) == sorted(expected)


def test_invisible_characters_are_the_unicode_format_characters() -> None:
    cf = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf")
    assert _CF.fullmatch(cf)


def test_new_codes_are_errors() -> None:
    new = {
        "durations.mismatch",
        "doseforms.mismatch",
        "quantities.mismatch",
        "numbers.script",
        "numbers.ambiguous",
        "numbers.confusable",
        "numbers.hidden",
    }
    assert all(code(name).severity == "error" and code(name).elsewhere is None for name in new)


def test_quantity_words_come_from_cldr() -> None:
    """Durations and units are Babel's CLDR forms, not a table of ours."""
    for locale, word, unit in [
        ("de", "Stunden", "hour"),
        ("fr", "heures", "hour"),
        ("pl", "godzin", "hour"),
        ("ar", "ساعات", "hour"),
        ("el", "ώρες", "hour"),
        ("ru", "часов", "hour"),
        ("da", "timer", "hour"),
        ("pt", "horas", "hour"),
        ("it", "ore", "hour"),
        ("de", "Milligramm", "mg"),
    ]:
        measure = vocabulary(locale).lookup(word)
        assert measure is not None and measure.name == unit, (locale, word)


def test_workspace_declares_dose_forms() -> None:
    """`equivalents: {de: {tablet: [Lutschpastille]}}` in leaflet-i18n.yaml adds a dose form."""
    plain = number_format("de")
    declared = number_format("de", (("tablet", ("Lutschpastille", "Lutschpastillen")),))
    target = "Lutschen Sie 2 Lutschpastillen."
    assert [q.unit for q in quantities(target, plain)] == [None]
    assert [q.unit for q in quantities(target, declared)] == ["tablet"]
    assert compare("Take 2 tablets.", "Lutschen Sie 2 Kapseln.", EN, declared) != []


def test_text_without_numbers_is_read_fast() -> None:
    fmt = number_format("de")
    assert quantities("Nehmen Sie die Tabletten mit Wasser ein.", fmt) == []


# --- real professional translations (../shared/real-leaflets) ------------------------------

PARALLEL = ROOT.parent / "shared" / "real-leaflets" / "parallel"
needs_parallel = pytest.mark.skipif(
    not PARALLEL.is_dir(), reason=f"no parallel leaflets at {PARALLEL}"
)


def _benchmark() -> object:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    return importlib.import_module("real_translations")


@needs_parallel
@pytest.mark.slow
def test_real_translations_give_no_false_alarm_and_every_mutation_is_caught() -> None:
    bench = _benchmark()
    tallies = bench.run()  # type: ignore[attr-defined]
    for language, tally in tallies.items():
        assert tally.alarms == [], language  # real errors of the translations are errata
        assert tally.agreeing > 0 or language == "es"
        assert tally.caught == tally.applied, language  # every mutation of every class
    assert any(t.errata for t in tallies.values())  # the one known error is still found


def test_sections_are_split_at_numbered_headings() -> None:
    bench = _benchmark()
    text = "Leaflet\n- 1. contents\n1. What X is\nabc\n2. Before\n1. a list item\n3. How\nxyz\n"
    assert bench.sections(text) == {  # type: ignore[attr-defined]
        1: "1. What X is\nabc",
        2: "2. Before\n1. a list item",
        3: "3. How\nxyz",
    }


@pytest.mark.parametrize(
    ("locale", "text", "spans"),
    [
        ("en", "Do not store above 25 °C.", ["25 °C"]),
        ("ru", "Не более 4 г в сутки (8 таблеток).", ["4 г", "8 таблеток"]),
        ("el", "Έως 2 δισκία κάθε 6 ώρες.", ["2 δισκία", "6 ώρες"]),
        ("ar", "قرص واحد 500 ملغ كل 4 إلى 6 ساعات", ["500 ملغ", "6 ساعات"]),
        ("en", "Take 1 or 2 tablets every 4 to 6 hours.", ["2 tablets", "6 hours"]),
        ("en", "Up to 1 in 1,000 people.", ["1 in 1,000"]),
        ("en", "Take 25\u200b mg.", ["25\u200b mg"]),  # offsets of the text as stored
        ("en", "Section 4, page 2.", []),
    ],
)
def test_quantity_spans_are_offsets_into_the_text(locale: str, text: str, spans: list[str]) -> None:
    assert [text[a:b] for a, b in quantity_spans(text, number_format(locale))] == spans

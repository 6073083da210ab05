"""Numbers and units read the way each locale writes them."""

from __future__ import annotations

import pytest

from leaflet_i18n.checks.numbers import compare, number_format


@pytest.mark.parametrize(
    ("locale", "source", "target", "codes"),
    [
        ("de", "Take 2.5 mg twice a day.", "Nehmen Sie zweimal täglich 2,5 mg.", []),
        (
            "de",
            "Take 2.5 mg twice a day.",
            "Nehmen Sie zweimal täglich 2.5 mg.",
            ["numbers.ambiguous"],
        ),
        (
            "de",
            "Take 2.5 mg twice a day.",
            "Nehmen Sie zweimal täglich 25 mg.",
            ["numbers.missing", "numbers.extra"],
        ),
        ("de", "Up to 1,000 mg.", "Bis zu 1.000 mg.", []),
        ("ar", "Take 500 mg.", "تناول ٥٠٠ ملغ.", []),
        ("ar", "Take 500 mg.", "تناول ٥٠0 ملغ.", ["numbers.script"]),  # two scripts in one number
        ("ar", "Take 4 to 6.", "تناول ٤ إلى 6.", []),  # each number in one script
        ("de", "Up to 1,000 mg.", "Bis zu 1000 mg.", []),
        ("de", "Up to 1,000 mg.", "Bis zu 1,000 mg.", ["numbers.missing", "numbers.extra"]),
        ("de", "Take 10 mg.", "Nehmen Sie 10 g.", ["units.mismatch"]),
        ("de", "Take 10 mg.", "Nehmen Sie 10.", ["units.missing"]),
        ("de", "Store below 25 °C.", "Nicht über 25 °F lagern.", ["units.mismatch"]),
        ("de", "every 4 to 6 hours", "alle 4 bis 6 Stunden", []),
        ("de", "5-hydroxyindole acetate", "5-Hydroxyindolessigsäure", []),
        ("de", "Keep at -20 °C.", "Bei 20 °C lagern.", ["numbers.missing", "numbers.extra"]),
        ("fr", "Up to 1,000 mg.", "Jusqu’à 1\u202f000 mg.", []),
        ("fr", "Up to 1,000 mg.", "Jusqu’à 1 000 mg.", []),
        ("fr", "5% of patients", "5 % des patients", []),
        ("fr", "Take 0.5 ml.", "Prendre 0,5 mL.", []),
        ("pl", "every 4-6 hours, 1,500 mg", "co 4–6 godzin, 1\u00a0500 mg", []),
        ("pl", "Take 2.5 mg.", "Przyjmować 2,5 mg.", []),
        ("ar", "Take 10 mg.", "تناول 10 ملغ.", []),
        ("ar", "Take 10 mg.", "تناول ١٠ ملغ.", []),
        ("ar", "Take 2.5 mg.", "تناول ٢٫٥ ملغ.", []),
        ("ar", "5% of patients", "%5 من المرضى", []),
        ("ar", "Take 10 mg.", "تناول 10 غ.", ["units.mismatch"]),
        ("ja", "Take 2.5 mg.", "2.5 mgを服用してください。", []),
        ("ja", "Take 500 mg.", "５００ mgを服用してください。", []),
        ("ja", "Take 500 mg.", "50 mgを服用してください。", ["numbers.missing", "numbers.extra"]),
        ("ru", "Take 10 mg.", "Принимайте 10 мг.", []),
        ("ru", "Take 10 mcg.", "Принимайте 10 мкг.", []),
        ("ru", "Take 10 mg.", "Принимайте 10 мкг.", ["units.mismatch"]),
        ("he", "Take 10 mg.", "יש ליטול 10 מ״ג.", []),
        ("he", "Take 10 mg.", 'יש ליטול 10 מ"ג.', []),
        ("he", "Take 5 ml.", "יש ליטול 5 מ״ג.", ["units.mismatch"]),
        # glued to punctuation, leading decimal symbols
        ("de", "Take 8 tablets.", "Nehmen Sie 8 Tabletten,42 Stunden.", ["numbers.extra"]),
        ("en", "Take .5 ml.", "Take 0.5 ml.", []),
        ("fr", "Take .5 ml.", "Prendre 5 ml.", ["numbers.missing", "numbers.extra"]),
        # number signs that are not digits
        ("de", "Take 8 tablets.", "Nehmen Sie 8² Tabletten.", ["numbers.extra"]),
        ("de", "below 100 x 10⁹/l", "unter 100 x 10⁹/l", []),
        ("de", "below 100 x 10⁹/l", "unter 100 x 10/l", ["numbers.missing"]),
        ("de", "Take ½ tablet.", "Nehmen Sie 1 Tablette.", ["numbers.extra", "numbers.missing"]),
        ("ar", "Take 2 tablets.", "تناول ٢² قرص.", ["numbers.extra"]),
    ],
)
def test_compare(locale: str, source: str, target: str, codes: list[str]) -> None:
    problems = compare(source, target, number_format("en"), number_format(locale))
    assert [p.code for p in problems] == codes


def test_hint_for_number_in_source_style() -> None:
    [ambiguous] = compare(
        "Take 2.5 mg.", "Nehmen Sie 2.5 mg.", number_format("en"), number_format("de")
    )
    assert ambiguous.message == "'2.5' is ambiguous in de: 2.5 is written '2,5'"
    [missing, extra] = compare(
        "Up to 1,000 mg.", "Bis zu 1,000 mg.", number_format("en"), number_format("de")
    )
    assert missing.message == (
        "'1,000' is written as the source language writes it; in de 1000 is written '1000'"
    )


def test_declared_unit_spelling() -> None:
    fmt = number_format("el", (("mg", ("χιλιοστόγραμμα",)),))
    assert compare("Take 5 mg.", "Πάρτε 5 χιλιοστόγραμμα.", number_format("en"), fmt) == []

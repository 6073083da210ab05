"""Translation checks: a table of good and bad translations in several locales."""

from __future__ import annotations

import pytest

from leaflet_i18n.checks import registry
from leaflet_i18n.checks.context import CheckContext
from leaflet_i18n.checks.spec import suppressed_codes
from leaflet_i18n.checks.translation import translation_problems
from leaflet_i18n.model.diagnostics import Location, Subject


def run(
    locale: str,
    source: str,
    target: str,
    critical: bool = True,
    comments: list[str] | None = None,
    terms: tuple[str, ...] = ("Paracetamol",),
    equivalents: dict[str, tuple[str, ...]] | None = None,
) -> list[tuple[str, str, bool]]:
    cx = CheckContext(locale, "en", terms, equivalents or {})
    subject = Subject("dosage", source, "dosage", critical)
    problems = translation_problems(cx, source, target)
    found = registry.findings(problems, Location("x.po", 7), subject, comments or [])
    return [(f.code, f.severity, f.suppressed) for f in found]


@pytest.mark.parametrize(
    ("locale", "source", "target", "expected"),
    [
        # good translations
        (
            "de",
            "Take 1 tablet of Paracetamol 500 mg.",
            "Nehmen Sie 1 Tablette Paracetamol 500 mg ein.",
            [],
        ),
        ("fr", "Do not take more than 3 g a day.", "Ne prenez pas plus de 3 g par jour.", []),
        (
            "pl",
            "Keep Paracetamol out of reach of children.",
            "Paracetamol przechowywać w miejscu niewidocznym i niedostępnym dla dzieci.",
            [],
        ),
        ("ar", "Take 500 mg of Paracetamol.", "تناول 500 ملغ من Paracetamol.", []),
        ("ja", "Take 500 mg of Paracetamol.", "Paracetamol 500 mgを服用してください。", []),
        # protected terms
        (
            "de",
            "Paracetamol can harm the liver.",
            "Das Mittel kann die Leber schädigen.",
            [("terms.missing", "error")],
        ),
        (
            "ar",
            "Paracetamol can harm the liver.",
            "قد يضر الباراسيتامول بالكبد.",
            [("terms.missing", "error")],
        ),
        # markup and placeholders
        ("de", "Do **not** drive.", "Fahren Sie **nicht Auto.", [("markup.mismatch", "error")]),
        ("fr", "Do **not** drive.", "Ne conduisez pas.", [("markup.mismatch", "error")]),
        ("de", "See {section}.", "Siehe {abschnitt}.", [("placeholders.mismatch", "error")]),
        # control characters
        ("de", "Take it.", "Nehmen Sie es\x00.", [("control-chars", "error")]),
        # bidirectional formatting: shown in another order than checked
        (
            "de",
            "Take 8 tablets in 24 hours.",
            "Nehmen Sie \u202e8 Tabletten in 24\u202c Stunden.",
            [("bidi.controls", "error")],
        ),
        (
            "de",
            "Take 8 tablets in 24 hours.",
            "Nehmen Sie \u20678 Tabletten, 24\u2069 Stunden.",
            [("bidi.controls", "error")],
        ),
        # balanced isolates and marks too: the renderer isolates numbers itself
        (
            "ar",
            "Take 500 mg of Paracetamol.",
            "تناول \u2066500 ملغ\u2069 من Paracetamol.",
            [("bidi.controls", "error")],
        ),
        (
            "ar",
            "Take 500 mg of Paracetamol.",
            "تناول 500 ملغ\u200f من Paracetamol.",
            [("bidi.controls", "error")],
        ),
        (
            "ar",
            "Take 500 mg of Paracetamol.",
            "تناول \u2066500 ملغ من Paracetamol.",
            [("bidi.controls", "error")],
        ),
        (
            "he",
            "Take 500 mg of Paracetamol.",
            "קח \u202d500 מ״ג\u202c Paracetamol.",
            [("bidi.controls", "error")],
        ),
        # identical to source
        (
            "de",
            "Do not drive or use machines.",
            "Do not drive or use machines.",
            [("same-as-source", "error")],
        ),
        ("de", "Paracetamol 500 mg", "Paracetamol 500 mg", []),
        # warnings
        (
            "de",
            "Take it with water.",
            "Nehmen Sie es mit Wasser ein",
            [("punctuation.end", "warning")],
        ),
        ("ja", "Take it with water.", "水と一緒に服用してください。", []),
        ("ar", "Are you pregnant?", "هل أنت حامل؟", []),
        (
            "de",
            "Take it with water.",
            "Nehmen Sie es  mit Wasser ein.",
            [("spaces.double", "warning")],
        ),
        (
            "de",
            "Take it with water.",
            " Nehmen Sie es mit Wasser ein.",
            [("whitespace.edges", "warning")],
        ),
        (
            "de",
            "Take the tablets with a full glass of water after meals.",
            "Mit Wasser.",
            [("length.short", "error")],
        ),
    ],
)
def test_checks(locale: str, source: str, target: str, expected: list[tuple[str, str]]) -> None:
    assert [(code, sev) for code, sev, _ in run(locale, source, target)] == expected


def test_same_as_source_is_only_a_warning_outside_critical_sections() -> None:
    assert run("de", "Do not drive.", "Do not drive.", critical=False) == [
        ("same-as-source", "warning", False)
    ]


def test_declared_equivalent_of_a_protected_term() -> None:
    found = run(
        "ar",
        "Paracetamol can harm the liver.",
        "قد يضر باراسيتامول بالكبد.",
        equivalents={"Paracetamol": ("باراسيتامول",)},
    )
    assert found == []


def test_suppression_works_except_for_critical_errors() -> None:
    comments = ["reviewed: check-ok: punctuation.end, numbers.extra"]
    assert run("de", "Take it.", "Nehmen Sie es", comments=comments) == [
        ("punctuation.end", "warning", True)
    ]
    # an error in a critical section stays active
    assert run("de", "Take it.", "Nehmen Sie 2.", comments=comments) == [
        ("numbers.extra", "error", False)
    ]
    assert run("de", "Take it.", "Nehmen Sie 2.", critical=False, comments=comments) == [
        ("numbers.extra", "error", True)
    ]


def test_suppressed_codes_parsing() -> None:
    assert suppressed_codes(["check-ok: a.b, c", "other", "check-ok:d"]) == {"a.b", "c", "d"}

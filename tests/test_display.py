"""The text as displayed: hidden, overlaying and direction characters; placeholders; fragments."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leaflet_i18n.checks import display, registry
from leaflet_i18n.checks.completeness import has_negation, sentences
from leaflet_i18n.checks.context import CheckContext
from leaflet_i18n.checks.display import displayed, invisible_characters
from leaflet_i18n.checks.translation import translation_problems
from leaflet_i18n.model.diagnostics import Location, Subject

STORE = "Do not store above 25 °C."
GOOD = {
    "de": "Nicht über 25 °C lagern.",
    "fr": "À conserver à une température ne dépassant pas 25 °C.",
    "pl": "Nie przechowywać w temperaturze powyżej 25 °C.",
    "ar": "لا يحفظ في درجة حرارة أعلى من 25 درجة مئوية.",
    "el": "Μη φυλάσσετε σε θερμοκρασία μεγαλύτερη των 25 °C.",
}


def errors(locale: str, source: str, target: str, critical: bool = True) -> list[str]:
    cx = CheckContext(locale, "en", ("Paracetamol",))
    subject = Subject("storage", source, "storage", critical)
    found = registry.findings(translation_problems(cx, source, target), Location("x.po"), subject)
    return sorted(f.code for f in found if f.severity == "error")


@pytest.mark.parametrize("locale", sorted(GOOD))
def test_correct_translations_pass(locale: str) -> None:
    assert errors(locale, STORE, GOOD[locale]) == []


@pytest.mark.parametrize("locale", sorted(GOOD))
@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda t: t[:3] + "\u200b" + t[3:], "text.invisible"),  # zero-width space
        (lambda t: t[:3] + "\u00ad" + t[3:], "text.invisible"),  # soft hyphen
        (lambda t: t[:3] + "\u2060" + t[3:], "text.invisible"),  # word joiner
        (lambda t: t.replace(" ", "\u2028", 1), "text.invisible"),  # line separator
        (lambda t: t[:4] + "\u0336" + t[4:], "text.invisible"),  # strike-through overlay
        (lambda t: t + "\U000e0041", "text.invisible"),  # tag character
        (lambda t: t[:4] + "\ufe0f" + t[4:], "text.invisible"),  # variation selector, no emoji
        (lambda t: t[:3] + "\u3164" + t[3:], "text.invisible"),  # Hangul filler: a blank
        (lambda t: t[:3] + "\u2800" + t[3:], "text.invisible"),  # blank Braille pattern
        (lambda t: t[:3] + "\u034f" + t[3:], "text.invisible"),  # combining grapheme joiner
        (lambda t: t[:3] + "\ue000" + t[3:], "text.unshowable"),  # private use
        (lambda t: t[:3] + "\ufffd" + t[3:], "text.unshowable"),  # replacement: text was lost
        (lambda t: t[:3] + "\ufdd0" + t[3:], "text.unshowable"),  # a noncharacter
        (lambda t: t + "\u0085", "control-chars"),  # NEXT LINE, a C1 control
        (lambda t: "\u2067" + t + "\u2069", "bidi.controls"),  # balanced isolate
        (lambda t: t.replace("25", "\u200e25", 1), "bidi.controls"),  # a mark
        (lambda t: "x", "text.placeholder"),
        (lambda t: "TODO", "text.placeholder"),
        (lambda t: "TODO " + t, "text.placeholder"),  # the marker left in a translation
        (lambda t: t + " [FIXME]", "text.placeholder"),
        (lambda t: "…", "text.placeholder"),
        (lambda t: "25 °C.", "text.placeholder"),  # only the quantity is left
    ],
)
def test_damage_is_refused(locale: str, change: object, code: str) -> None:
    assert callable(change)
    assert code in errors(locale, STORE, change(GOOD[locale]))


@pytest.mark.parametrize(
    "copy",
    [
        STORE + "\u200b",  # plus a zero-width space
        STORE + "\u3164",  # plus a Hangul filler, drawn as a blank
        STORE.replace(" ", "\u00a0", 1),  # one no-break space
        STORE[0].lower() + STORE[1:],  # first letter lowercased
        "  " + STORE.upper() + " ",
    ],
)
def test_the_source_in_disguise_is_same_as_source(copy: str) -> None:
    assert "same-as-source" in errors("de", STORE, copy)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("fa", "می\u200cتوانید ۲ قرص بخورید"),  # Persian spells with the non-joiner
        ("de", "Nicht 🙂\ufe0f lagern"),  # an emoji's presentation selector
        ("ar", "لا تَتناوَلْ أكثرَ من قرصين"),  # Arabic vowel marks are letters' marks, not overlays
    ],
)
def test_characters_a_language_needs_are_accepted(locale: str, text: str) -> None:
    assert invisible_characters(text, locale) == []


def test_a_joiner_inside_a_number_is_refused_even_where_joiners_are_needed() -> None:
    assert "text.invisible" in errors("fa", "Take 25 tablets.", "۲\u200c۵ قرص بخورید")


def test_checks_compare_the_displayed_text() -> None:
    assert displayed("Pa\u200bra\u00adcetamol") == "Paracetamol"
    assert displayed("e\u0301") == "é"  # NFC
    # a hidden character cannot hide a protected term either
    assert "terms.missing" not in errors("de", "Take Paracetamol.", "Para\u200bcetamol einnehmen.")


@pytest.mark.parametrize(
    ("source", "target", "code"),
    [
        (
            "Do not drive. Take the tablets with food.",
            "Die Tabletten mit dem Essen einnehmen.",  # the "do not" sentence is gone
            "sentences.dropped",
        ),
        (
            "Swallow the tablet whole with a glass of water. Do not chew it, do not crush it.",
            "Nein.",
            "length.short",
        ),
    ],
)
def test_fragments_are_refused(source: str, target: str, code: str) -> None:
    assert code in errors("de", source, target)


@pytest.mark.parametrize(
    ("locale", "source", "target"),
    [
        # two sentences merged, the negation kept: a warning at most
        (
            "de",
            "Do not drive. Do not use machines.",
            "Fahren Sie nicht und bedienen Sie keine Maschinen.",
        ),
        # Polish negates with a prefix: "niewymienione" is "not listed"
        (
            "pl",
            "Talk to your doctor. This includes side effects not listed here.",
            "Należy powiedzieć lekarzowi, w tym o objawach niewymienionych w ulotce.",
        ),
        # a short heading translates into a short heading
        ("de", "Dose", "Dosis"),
        # "todo" is a Spanish word, and so is "TODO" in a text set in capitals
        ("es", "Read all of this leaflet.", "Lea todo el prospecto."),
        ("es", "READ ALL OF THIS LEAFLET.", "LEA TODO EL PROSPECTO."),
        # a marker the source has is no unfinished translation
        ("de", "Replace XXX with the batch number.", "Ersetzen Sie XXX durch die Chargennummer."),
        # characters a private font shows are the source's own
        ("de", "Look for the \ue000 sign.", "Achten Sie auf das Zeichen \ue000."),
    ],
)
def test_real_restructuring_is_not_an_error(locale: str, source: str, target: str) -> None:
    assert errors(locale, source, target) == []


def test_sentences_and_negations() -> None:
    assert sentences("Take 2.5 mg. Do not drive! Ask your doctor?") == [
        "Take 2.5 mg",
        "Do not drive",
        "Ask your doctor",
    ]
    assert has_negation("Fahren Sie nicht.", "de") and not has_negation("Fahren Sie.", "de")
    assert has_negation("لا تقد السيارة", "ar")


def _invisible_one_by_one(text: str, language: str) -> list[str]:
    """The definition, character by character, that the set-based check must agree with."""
    found = []
    for i, char in enumerate(text):
        if char in display._BIDI or (
            char in display._JOINERS and language in display._JOINER_LANGUAGES
        ):
            continue
        if display._VARIATION.match(char) and i > 0 and display._is_emoji(text[i - 1]):
            continue
        if (
            unicodedata.combining(char) == 1
            or display._hidden(char)
            or display._SEPARATOR.match(char)
            or display._TAG.match(char)
        ):
            found.append(f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}")
    return list(dict.fromkeys(found))


_TRICKY = "aé 8\u200b\u200c\u200d\u2060\u00ad\ufeff\ufe0f\U0001f48a\u2764\u0336\u20d2\u2028\u2029\U000e0041\u202e\u061c\u200e"


@settings(max_examples=800, deadline=None)
@given(st.text(st.sampled_from(_TRICKY), max_size=40), st.sampled_from(["de", "fa", "ar"]))
def test_invisible_characters_are_found_as_one_by_one_in_order(text: str, language: str) -> None:
    assert display.invisible_characters(text, language) == _invisible_one_by_one(text, language)
    shown = "".join(c for c in text if not display._hidden(c))
    expected = unicodedata.normalize("NFC", display._SEPARATOR.sub(" ", shown))
    assert display.displayed.__wrapped__(text) == expected

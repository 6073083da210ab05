"""Settings that could switch the gate off are bounded: accepted renderings must mean the same.

An equivalent of a protected term is a whole word of at least three letters
(an equivalent "n" would make the term check pass for any text); an
equivalent of a unit must not be the spelling of another unit (``mg: [µg]``
or ``°C: [°F]`` would let a changed quantity through), nor per something the
unit is not (``mg: [mg pro Tag]``), nor a blank, a digit or a single letter. A setting that breaks
these rules refuses the pages it would weaken, naming the settings file.
"""

from __future__ import annotations

from leaflet_i18n.checks.quantities import Measure, Vocabulary, fold, vocabulary
from leaflet_i18n.checks.spec import Code, Problem

CODES = (
    Code("settings.equivalent", "an accepted rendering in the settings that would weaken the "
         "gate: a protected-term equivalent shorter than three letters or not a whole word, or "
         "a unit equivalent that is another unit's spelling, per something the unit is not, or "
         "no spelling of a unit (fewer than two letters, digits)", scope="catalog",
         suppressible=False),
)  # fmt: skip

MIN_LETTERS = 3
MIN_UNIT_LETTERS = 2  # "mg", "ml", "Std": a unit is never one letter's rendering of another


def equivalent_problems(
    locale: str, terms: tuple[str, ...], equivalents: dict[str, tuple[str, ...]]
) -> list[Problem]:
    """What is wrong with the accepted renderings of ``locale`` for a leaflet's ``terms``."""
    words = vocabulary(locale)
    out: list[Problem] = []
    for key, renderings in sorted(equivalents.items()):
        for rendering in renderings:
            if key in terms:
                out.extend(_term_problems(locale, key, rendering))
            else:
                out.extend(_unit_problems(locale, key, rendering, words))
    return out


def _per(text: str, words: Vocabulary) -> bool:
    """Whether a rendering is per something: "mg/kg", "mg pro Tag", "mg par jour"."""
    return "/" in text or any(fold(w) in words.per_words for w in text.split()[1:])


def _measure(words: Vocabulary, text: str) -> Measure | None:
    """What ``text`` names as CLDR and the dose-form table know it (a unit, a duration...)."""
    return words.symbol_of.get(text) or words.lookup(text)


def _term_problems(locale: str, term: str, rendering: str) -> list[Problem]:
    letters = sum(c.isalpha() for c in rendering)
    if letters >= MIN_LETTERS and rendering == rendering.strip():
        return []
    return [
        (
            "settings.equivalent",
            f"equivalents.{locale}: '{rendering}' for the protected term '{term}' has "
            f"{letters} letter(s): an equivalent must be a word of at least {MIN_LETTERS}",
        )
    ]


def _unit_problems(locale: str, key: str, rendering: str, words: Vocabulary) -> list[Problem]:
    if _measure(words, key) is not None and (
        sum(c.isalpha() for c in rendering) < MIN_UNIT_LETTERS
        or rendering != rendering.strip()
        or any(c.isdigit() for c in rendering)
    ):
        return [
            (
                "settings.equivalent",
                f"equivalents.{locale}: '{rendering}' for the unit '{key}' is not a spelling of "
                f"a unit (at least {MIN_UNIT_LETTERS} letters, no digit, no space around): a "
                "number with any or no unit would pass the check",
            )
        ]
    if _per(key, words) != _per(rendering, words) and _measure(words, key) is not None:
        return [
            (
                "settings.equivalent",
                f"equivalents.{locale}: '{rendering}' is written for '{key}', but one of them "
                "is per something ('/'): a changed quantity would pass the check",
            )
        ]
    own, other = _measure(words, key), _measure(words, rendering)
    if other is None or own is None or own == other:
        return []
    return [
        (
            "settings.equivalent",
            f"equivalents.{locale}: '{rendering}' is written for '{key}', but it means "
            f"'{other.name}': a changed quantity would pass the check",
        )
    ]

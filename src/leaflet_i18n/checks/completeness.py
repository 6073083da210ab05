"""Is the translation a translation: not a placeholder, not a fragment of its source.

A tired translator leaves "TODO", types "x", keeps only "25 °C." of "Do not
store above 25 °C.", or drops the one sentence that says "do not". These
checks compare the displayed texts (see :mod:`leaflet_i18n.checks.display`):

* a known placeholder (TODO, TBD, XXX, FIXME, "…", "?") is ``text.placeholder``,
  and so is such a marker in capitals inside a translation ("TODO Nehmen Sie…");
* a translation made only of numbers and units where the source has words
  is ``text.placeholder`` too;
* far fewer letters than the source is ``length.short``: the least share of
  the source's letters a translation is expected to have depends on the
  script (:data:`MIN_LETTER_RATIO`);
* fewer sentences than the source, and fewer of them negated (a dropped "do
  not" sentence), is ``sentences.dropped`` (a dropped number is the numbers
  check's); any other change in the number of sentences is
  ``sentences.count``, a warning.

All are errors in critical sections and warnings elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from leaflet_i18n.checks.context import CheckContext
from leaflet_i18n.checks.spec import Code, Problem

CODES = (
    Code("text.placeholder", "a placeholder instead of a translation (TODO, TBD, XXX, FIXME, "
         "`…`, `?`), such a marker in capitals within it, or only numbers and units where the "
         "source has words", elsewhere="warning"),
    Code("length.short", "far fewer letters than the source: less than the share a translation "
         "into that script needs (see Checks on the text as shown)", elsewhere="warning"),
    Code("sentences.dropped", "fewer sentences than the source, and fewer of them say 'not': "
         "a sentence with a negation may have been left out", elsewhere="warning"),
    Code("sentences.count", "another number of sentences than the source", "warning",
         critical_only=True),
)  # fmt: skip

# The least share of the source's letters (from 20 letters on) a translation into a
# language is expected to have. Chinese and Japanese write a word in one or two
# characters, Korean syllable blocks hold two or three letters, Thai writes no
# vowels of its own; alphabets and abjads need at least about half.
MIN_LETTER_RATIO: dict[str, float] = {"zh": 0.12, "ja": 0.15, "ko": 0.2, "th": 0.3}
DEFAULT_MIN_LETTER_RATIO = 0.4
MIN_SOURCE_LETTERS = 20

_PLACEHOLDER = re.compile(
    r"(?:to\s*do|tbd|tba|xxx+|fixme|translate(?:\s+me)?|\?+|\.\.\.|…|-+|x|n/?a)",
    re.IGNORECASE,
)
# A translator's "not finished" marker inside a text: upper case, a word of its own. Upper
# case only, as "todo" is a Spanish and Portuguese word, and not in an all-capitals text.
_MARKER = re.compile(r"(?<![^\W\d_])(?:TODO|FIXME|TBD|TBA|TBC|XXX+)(?![^\W\d_])")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[.!?;。！？؟؛](?=\s|$)")
_DECIMAL = re.compile(r"\d[.,]\d")

# Words that negate, per language (lower case). From standard grammars; a sentence
# with one of them "carries a negation".
NEGATIONS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "not no never none nothing nor neither without cannot can't don't doesn't "
        "didn't mustn't shouldn't won't isn't aren't",
        "de": "nicht kein keine keinen keinem keiner keines nie niemals nichts weder ohne",
        "fr": "ne n' pas jamais aucun aucune rien sans ni",
        "es": "no nunca jamás ningún ninguna ninguno nada sin ni tampoco",
        "it": "non mai nessun nessuna nessuno niente nulla senza né",
        "pt": "não nunca jamais nenhum nenhuma nada sem nem",
        "nl": "niet geen nooit niets zonder noch",
        "da": "ikke ingen intet aldrig uden hverken",
        "sv": "inte ingen inget inga aldrig utan varken",
        "nb": "ikke ingen intet aldri uten verken",
        "pl": "nie nigdy żaden żadna żadne nic bez ani",
        "cs": "ne nikdy žádný nic bez ani",
        "ru": "не нет никогда ни ничего без никакой",
        "uk": "не ні ніколи нічого без жодного",
        "el": "δεν μη μην ποτέ κανένα κανένας τίποτα χωρίς ούτε",
        "ar": "لا لم لن ليس ليست غير بدون دون",
        "he": "לא אל אין אסור בלי ללא",
        "tr": "değil yok asla hiç olmadan",
        "fi": "ei älä eivät ilman koskaan",
        "hu": "nem ne soha semmi nélkül",
        "ro": "nu niciodată niciun nicio fără nici",
    }.items()
}
# Languages that also negate with a prefix glued to the word ("niewymienione": not listed).
NEGATION_PREFIXES: dict[str, tuple[str, ...]] = {
    "pl": ("nie",),
    "cs": ("ne",),
    "sk": ("ne",),
    "sl": ("ne",),
    "hr": ("ne",),
    "ru": ("не", "ни"),
    "uk": ("не", "ні"),
    "bg": ("не",),
}
_WORD = re.compile(r"[^\W\d_]+(?:'|’)?", re.UNICODE)


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


@lru_cache(maxsize=65536)
def sentences(text: str) -> list[str]:
    """The sentences of a text: split after . ! ? ; (and their CJK and Arabic forms)."""
    protected = _DECIMAL.sub(lambda m: m.group(0).replace(".", "\0").replace(",", "\1"), text)
    parts = [p.strip() for p in _SENTENCE_END.split(protected)]
    return [p.replace("\0", ".").replace("\1", ",") for p in parts if _LETTER.search(p)]


def negations(text: str, language: str) -> int:
    """How many times a text says "not" in ``language`` (a word, or a negating prefix)."""
    words = NEGATIONS.get(language)
    if not words:
        return 0
    prefixes = NEGATION_PREFIXES.get(language, ())
    count = 0
    for word in _WORD.findall(text):
        folded = word.lower().replace("’", "'")
        count += folded in words or folded.startswith(prefixes)
    return count


def has_negation(sentence: str, language: str) -> bool:
    return negations(sentence, language) > 0


def check_placeholder(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    stripped = target.strip(" \t\n.:;!").strip()
    if _PLACEHOLDER.fullmatch(stripped):
        yield "text.placeholder", f"'{target.strip()}' is a placeholder, not a translation"
        return
    marker = _marker_in(source, target)
    if marker:
        yield (
            "text.placeholder",
            f"the translation has the marker '{marker}': it is not finished",
        )
        return
    if _words_of(source) >= 2 and not _words_of(_without_quantities(cx, target)):
        yield (
            "text.placeholder",
            "the translation has only numbers and units where the source has words",
        )


def _marker_in(source: str, target: str) -> str | None:
    """The first "not finished" marker of ``target`` its source does not have."""
    if not _MARKER.search(target):
        return None
    cased = [c for c in _MARKER.sub("", target) if c.isupper() or c.islower()]
    if cased and not any(c.islower() for c in cased):
        return None  # a text set in capitals ("LEA TODO EL PROSPECTO")
    have: list[str] = _MARKER.findall(source)
    marker: str
    for marker in _MARKER.findall(target):
        if marker in have:
            have.remove(marker)
        else:
            return marker
    return None


def _words_of(text: str) -> int:
    return sum(1 for w in _WORD.findall(text) if len(w) > 1)


def _without_quantities(cx: CheckContext, text: str) -> str:
    from leaflet_i18n.checks.numbers import quantities

    for q in quantities(text, cx.target_format):
        text = text.replace(q.text, " ", 1)
    return text


def check_short(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    have, want = _letters(target), _letters(source)
    if want < MIN_SOURCE_LETTERS:
        return
    least = MIN_LETTER_RATIO.get(cx.locale.split("_")[0], DEFAULT_MIN_LETTER_RATIO)
    if have < least * want:
        yield (
            "length.short",
            f"the translation has {have} letters, the source {want}: a translation into "
            f"{cx.locale} has at least about {least:.0%} of them",
        )


def check_sentences(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    src, tgt = sentences(source), sentences(target)
    if len(src) == len(tgt) or (len(src) <= 1 and len(tgt) <= 1):
        return
    source_language, language = cx.source_locale.split("_")[0], cx.locale.split("_")[0]
    said = negations(source, source_language)
    if len(tgt) < len(src) and said and language in NEGATIONS:
        if negations(target, language) < said:
            negated = next(s for s in src if has_negation(s, source_language))
            yield (
                "sentences.dropped",
                f"the source has {len(src)} sentences, the translation {len(tgt)}, and it says "
                f"'not' fewer times: is '{negated[:60]}' missing?",
            )
            return
    yield "sentences.count", f"the source has {len(src)} sentences, the translation {len(tgt)}"

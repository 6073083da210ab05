"""Translation checks: one source text and its translation → problems.

Each check is a small function listed in :data:`CHECKS` with the codes it
can report (:class:`~leaflet_i18n.checks.spec.Code`: severity, whether a
``# check-ok:`` comment may waive it). Checks never raise; they yield
``(code, message)`` problems, and :func:`leaflet_i18n.checks.registry.findings`
turns them into findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from babel.core import UnknownLocaleError

from leaflet_i18n.checks.numbers import NumberFormat, compare, number_format, quantities
from leaflet_i18n.checks.spec import Code, Problem
from leaflet_i18n.model.locales import text_direction

_PLACEHOLDER = re.compile(r"\{[A-Za-z_][\w.]*\}|%\([A-Za-z_]\w*\)[sd]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Bidirectional formatting characters change the order in which text is shown,
# so a translation could display "24, 8" while every check reads "8, 24"
# (the "Trojan Source" trick). Overrides are never needed; embeddings, isolates
# and marks have a place only in right-to-left text.
_BIDI_OVERRIDES = "\u202d\u202e"
_BIDI_FORMATTING = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_BIDI_OPENERS, _BIDI_CLOSERS = "\u202a\u202b\u202d\u202e", "\u202c"
_ISOLATE_OPENERS, _ISOLATE_CLOSER = "\u2066\u2067\u2068", "\u2069"
# end punctuation and what other scripts write for it
_END_EQUIV = {
    ".": ".。।۔",
    "?": "?？؟;",
    "!": "!！",
    ":": ":：",
    ";": ";；؛",
    "…": "…",
    ",": ",，、،",
}
_CJK_LANGUAGES = {"ja", "zh", "ko"}


@dataclass(frozen=True)
class CheckContext:
    """What the checks of one catalog need to know."""

    locale: str
    source_locale: str = "en"
    protected_terms: tuple[str, ...] = ()
    equivalents: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def right_to_left(self) -> bool:
        try:
            return text_direction(self.locale) == "rtl"
        except (ValueError, UnknownLocaleError):  # unknown to Babel: left-to-right, the stricter
            return False

    @cached_property
    def source_format(self) -> NumberFormat:
        return number_format(self.source_locale)

    @cached_property
    def target_format(self) -> NumberFormat:
        units = tuple(
            (k, v) for k, v in sorted(self.equivalents.items()) if k not in self.protected_terms
        )
        return number_format(self.locale, units)


Check = Callable[[CheckContext, str, str], Iterator[Problem]]


def check_numbers(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    for problem in compare(source, target, cx.source_format, cx.target_format):
        yield problem.code, problem.message


@lru_cache(maxsize=4096)
def _word(term: str) -> re.Pattern[str]:
    """``term`` as a whole word: "Baklofen" is not in "Baklofenina-Forte"."""
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)")


def has_word(text: str, term: str) -> bool:
    return term in text and _word(term).search(text) is not None


def check_terms(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    for term in cx.protected_terms:
        if has_word(source, term) and not has_word(target, term):
            accepted = cx.equivalents.get(term, ())
            if not any(has_word(target, alt) for alt in accepted):
                also = f" (or {', '.join(repr(a) for a in accepted)})" if accepted else ""
                yield (
                    "terms.missing",
                    f"protected term '{term}'{also} is missing from the translation",
                )


def check_markup(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    src, tgt = source.count("**"), target.count("**")
    if tgt % 2:
        yield "markup.mismatch", "unbalanced '**' emphasis in the translation"
    elif src != tgt:
        yield (
            "markup.mismatch",
            f"the source has {src // 2} '**emphasis**', the translation {tgt // 2}",
        )


def check_placeholders(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    src, tgt = set(_PLACEHOLDER.findall(source)), set(_PLACEHOLDER.findall(target))
    if src != tgt:
        missing, extra = sorted(src - tgt), sorted(tgt - src)
        parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
            [f"unknown {', '.join(extra)}"] if extra else []
        )
        yield "placeholders.mismatch", "placeholders differ: " + "; ".join(parts)


def check_control(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    found = sorted(
        {f"U+{ord(c):04X}" for c in _CONTROL.findall(target)}
        - {f"U+{ord(c):04X}" for c in _CONTROL.findall(source)}
    )
    if found:
        yield "control-chars", f"control characters in the translation: {', '.join(found)}"


def check_bidi(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    if not _BIDI_FORMATTING.search(target):
        return
    new = set(_BIDI_FORMATTING.findall(target)) - set(_BIDI_FORMATTING.findall(source))
    overrides = _code_points(new & set(_BIDI_OVERRIDES))
    if overrides:
        yield (
            "bidi.controls",
            f"bidirectional override {overrides}: the text would be shown "
            "in another order than it is checked",
        )
    elif new and not cx.right_to_left:
        yield (
            "bidi.controls",
            f"bidirectional formatting {_code_points(new)} in left-to-right text: "
            "it can change the order in which numbers and words are shown",
        )
    elif not _balanced(target):
        yield (
            "bidi.controls",
            "unbalanced bidirectional embedding or isolate: it would reorder the text after it",
        )


def _code_points(chars: set[str]) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in sorted(chars))


def _balanced(text: str) -> bool:
    embeddings = isolates = 0
    for c in text:
        if c in _BIDI_OPENERS:
            embeddings += 1
        elif c in _BIDI_CLOSERS:
            embeddings -= 1
        elif c in _ISOLATE_OPENERS:
            isolates += 1
        elif c == _ISOLATE_CLOSER:
            isolates -= 1
        if embeddings < 0 or isolates < 0:
            return False
    return embeddings == 0 and isolates == 0


def check_whitespace(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    if (source[:1].isspace(), source[-1:].isspace()) != (
        target[:1].isspace(),
        target[-1:].isspace(),
    ):
        yield "whitespace.edges", "leading or trailing whitespace differs from the source"
    if "  " in target and "  " not in source:
        yield "spaces.double", "doubled space in the translation"


def check_end_punctuation(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    s, t = source.rstrip()[-1:], target.rstrip()[-1:]
    if s in _END_EQUIV and t not in _END_EQUIV[s] and not (s == "." and t in "\"'»”)"):
        yield "punctuation.end", f"the source ends with '{s}', the translation with '{t}'"
    elif s not in _END_EQUIV and t in ".:;" and s.isalnum():
        yield "punctuation.end", f"the translation adds '{t}' at the end"


def check_length(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    if len(source) < 20:
        return
    low = 0.15 if cx.locale.split("_")[0] in _CJK_LANGUAGES else 0.35
    ratio = len(target) / len(source)
    if ratio < low or ratio > 3.0:
        yield "length.ratio", f"the translation is {ratio:.1f} times as long as the source"


def check_same_as_source(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    if target.strip() == source.strip() and not only_terms_and_numbers(cx, source):
        yield "same-as-source", "the translation is identical to the source text"


def only_terms_and_numbers(cx: CheckContext, text: str) -> bool:
    """True when nothing is left of ``text`` once protected terms and numbers are removed."""
    rest = text
    for term in sorted(cx.protected_terms, key=len, reverse=True):
        rest = rest.replace(term, " ")
    for q in quantities(rest, cx.source_format):
        rest = rest.replace(q.text, " ", 1)
    return not re.sub(r"[\W\d_]+", "", rest)


CODES = (
    Code("numbers.missing", "a number of the source is not in the translation, read the way the "
         "target locale writes numbers (Babel/CLDR: `1.000` in German is 1000, `2.5` is not 2.5 "
         "there; Arabic-Indic and full-width digits); superscripts, fractions and other number "
         "signs (`10⁹/l`, `½`) must match too"),
    Code("numbers.extra", "the translation has a number the source does not have"),
    Code("units.mismatch", "`10 mg` became `10 g`: locale spellings (`мг`, `ملغ`, `מ״ג`, "
         "`mcg`/`µg`) and declared equivalents are accepted"),
    Code("units.missing", "a number lost its unit (`10 mg` became `10`)"),
    Code("durations.mismatch", "a number kept, its duration changed (`6 hours` became `6 "
         "Minuten`); durations from CLDR, all plural forms"),
    Code("doseforms.mismatch", "a number kept, its dose form changed (`2 tablets` became "
         "`2 Kapseln`); dose forms from a sourced table, extensible in the settings"),
    Code("quantities.mismatch", "a number kept, what it counts changed (numbers swapped "
         "between tablets and hours, a unit became a duration)"),
    Code("numbers.script", "a digit of a numbering system the locale does not use (Bengali "
         "`৪`, 4, looks like 8)"),
    Code("numbers.ambiguous", "a decimal or grouping separator the locale cannot mean that way "
         "(`4.5` in German, `8,5` in Arabic): readers would see another value"),
    Code("numbers.confusable", "a letter that looks like a digit touches a number (`8O`, "
         "Cyrillic `З0`, Greek `1Ο`)"),
    Code("numbers.hidden", "an invisible character between digits (`4\u200b6` shows as `46`)"),
    Code("terms.missing", "a protected term of the leaflet (or its declared equivalent) is "
         "missing"),
    Code("markup.mismatch", "`**emphasis**` unbalanced or different from the source"),
    Code("placeholders.mismatch", "`{placeholders}` differ from the source"),
    Code("control-chars", "NUL and other control characters", suppressible=False),
    Code("bidi.controls", "bidirectional overrides (U+202D, U+202E) anywhere; embeddings, "
         "isolates and direction marks in left-to-right text, or left open in right-to-left "
         "text: they make the page show text in another order than the checks read it",
         suppressible=False),
    Code("same-as-source", "the translation is the source text (unless it is only names and "
         "numbers)", elsewhere="warning"),
    Code("whitespace.edges", "leading or trailing whitespace differs from the source", "warning"),
    Code("spaces.double", "a doubled space the source does not have", "warning"),
    Code("punctuation.end", "the end punctuation differs from the source's", "warning"),
    Code("length.ratio", "the translation is implausibly short or long", "warning"),
)  # fmt: skip

# Every check with the codes it reports, in the order findings are listed.
CHECKS: tuple[tuple[Check, tuple[str, ...]], ...] = (
    (
        check_numbers,
        (
            "numbers.missing",
            "numbers.extra",
            "units.mismatch",
            "units.missing",
            "durations.mismatch",
            "doseforms.mismatch",
            "quantities.mismatch",
            "numbers.script",
            "numbers.ambiguous",
            "numbers.confusable",
            "numbers.hidden",
        ),
    ),
    (check_terms, ("terms.missing",)),
    (check_markup, ("markup.mismatch",)),
    (check_placeholders, ("placeholders.mismatch",)),
    (check_control, ("control-chars",)),
    (check_bidi, ("bidi.controls",)),
    (check_whitespace, ("whitespace.edges", "spaces.double")),
    (check_end_punctuation, ("punctuation.end",)),
    (check_length, ("length.ratio",)),
    (check_same_as_source, ("same-as-source",)),
)

_MEMO: dict[tuple[object, ...], tuple[Problem, ...]] = {}
_MEMO_LIMIT = 200_000


def translation_problems(cx: CheckContext, source: str, translation: str) -> tuple[Problem, ...]:
    """What :data:`CHECKS` find in one translation, remembered within the process.

    Leaflets share many sentences (the QRD template's standard text, lists of
    side effects), and a sentence translated the same way is checked once.
    The key holds everything a check reads: both texts, the number formats,
    and the protected terms (with their accepted equivalents) found in the source.
    """
    terms = tuple((t, cx.equivalents.get(t, ())) for t in cx.protected_terms if t in source)
    key = (cx.locale, cx.source_format, cx.target_format, terms, source, translation)
    found = _MEMO.get(key)
    if found is None:
        problems = [p for check, _ in CHECKS for p in check(cx, source, translation)]
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        found = _MEMO[key] = tuple(problems)
    return found

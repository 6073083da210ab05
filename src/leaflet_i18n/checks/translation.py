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
from functools import lru_cache

from leaflet_i18n.checks.completeness import check_placeholder, check_sentences, check_short
from leaflet_i18n.checks.context import CheckContext
from leaflet_i18n.checks.display import check_invisible, check_unshowable, displayed
from leaflet_i18n.checks.numbers import compare, quantities
from leaflet_i18n.checks.spec import Code, Problem

_PLACEHOLDER = re.compile(r"\{[A-Za-z_][\w.]*\}|%\([A-Za-z_]\w*\)[sd]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 (but tab, newline) and C1
# Bidirectional formatting characters change the order in which text is shown,
# so a translation could display "24, 8" while every check reads "8, 24"
# (the "Trojan Source" trick). Overrides are never needed; embeddings, isolates
# and marks have a place only in right-to-left text.
_BIDI_OVERRIDES = "\u202d\u202e"
_BIDI_FORMATTING = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
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
    """Bidirectional controls and marks in a translation, even balanced, even in Arabic.

    "8 \u2067…\u2069 24" is read as 8 then 24 but can be shown as 24 … 8. The
    renderer isolates numbers and units in right-to-left pages itself, so a
    translation never needs them.
    """
    if not _BIDI_FORMATTING.search(target):
        return
    new = set(_BIDI_FORMATTING.findall(target)) - set(_BIDI_FORMATTING.findall(source))
    if not new:
        return
    kind = "override" if new & set(_BIDI_OVERRIDES) else "formatting"
    yield (
        "bidi.controls",
        f"bidirectional {kind} {_code_points(new)}: it can make the page show numbers and "
        "words in another order than they are checked; the renderer isolates numbers itself",
    )


def _code_points(chars: set[str]) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in sorted(chars))


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
    """Too long to be a translation (too short is :func:`completeness.check_short`'s)."""
    if len(source) >= 20 and len(target) > 3 * len(source):
        ratio = len(target) / len(source)
        yield "length.ratio", f"the translation is {ratio:.1f} times as long as the source"


def _comparable(text: str) -> str:
    """What two texts must share to read the same: no case, one space for any run of spaces."""
    return " ".join(text.split()).casefold()


def check_same_as_source(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    if _comparable(target) == _comparable(source) and not only_terms_and_numbers(cx, source):
        yield "same-as-source", "the translation is the source text"


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
         "signs (`10⁹/l`, `½`) must match too; a hyphen, dash or minus of any kind right "
         "before a number is its sign (`‐25 °C` is not `25 °C`)"),
    Code("numbers.extra", "the translation has a number the source does not have"),
    Code("units.mismatch", "`10 mg` became `10 g`, `500 mg/kg`, `500 mg pro Tag` or `500 mg "
         "täglich`: locale "
         "spellings (`мг`, `ملغ`, `מ״ג`, `mcg`/`µg`) and declared equivalents are accepted, and "
         "so is a 'per day' the source says elsewhere (`one 250 mg tablet per day`)"),
    Code("units.missing", "a number lost its unit (`10 mg` became `10`)"),
    Code("durations.mismatch", "a number kept, its duration changed (`6 hours` became `6 "
         "Minuten`); durations from CLDR, all plural forms"),
    Code("doseforms.mismatch", "a number kept, its dose form changed (`2 tablets` became "
         "`2 Kapseln`); dose forms from a sourced table, extensible in the settings"),
    Code("quantities.mismatch", "a number kept, what it counts changed (numbers swapped "
         "between tablets and hours, a unit became a duration)"),
    Code("numbers.script", "a digit of a numbering system the locale does not use (Bengali "
         "`৪`, 4, looks like 8), or one number in the digits of two systems (`٥٠0`)"),
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
    Code("bidi.controls", "bidirectional overrides, embeddings, isolates and direction marks "
         "in a translation, in any script: they can make the page show numbers in another "
         "order than the checks read them (the renderer isolates numbers itself)",
         suppressible=False),
    Code("same-as-source", "the translation is the source text, whatever its case, spaces or "
         "invisible characters (unless it is only names and numbers)", elsewhere="warning"),
    Code("whitespace.edges", "leading or trailing whitespace differs from the source", "warning"),
    Code("spaces.double", "a doubled space the source does not have", "warning"),
    Code("punctuation.end", "the end punctuation differs from the source's", "warning"),
    Code("length.ratio", "the translation is more than three times as long as the source",
         "warning"),
)  # fmt: skip

# Every check with the codes it reports, in the order findings are listed.
CHECKS: tuple[tuple[Check, tuple[str, ...]], ...] = (
    (check_invisible, ("text.invisible",)),
    (check_unshowable, ("text.unshowable",)),
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
    (check_placeholder, ("text.placeholder",)),
    (check_short, ("length.short",)),
    (check_sentences, ("sentences.dropped", "sentences.count")),
)
# Checks of the characters themselves; every other check sees the text as displayed.
RAW_CHECKS = frozenset({check_invisible, check_unshowable, check_control, check_bidi})

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
        shown = (displayed(source), displayed(translation))
        problems = [
            p
            for check, _ in CHECKS
            for p in (check(cx, source, translation) if check in RAW_CHECKS else check(cx, *shown))
        ]
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        found = _MEMO[key] = tuple(problems)
    return found

"""Translation checks: one source message and its translation → findings.

Each check is a small function registered in :data:`CHECKS`; checks never
raise, they return ``(code, message)`` problems. :func:`check_translation`
turns them into :class:`Finding` objects with a severity that depends on the
section's criticality, and applies ``# check-ok: CODE`` suppressions (which
never silence an error in a critical section).

Codes are stable: ``untranslated``, ``missing``, ``fuzzy``, ``numbers.missing``,
``numbers.extra``, ``units.mismatch``, ``units.missing``, ``durations.mismatch``,
``doseforms.mismatch``, ``quantities.mismatch``, ``numbers.script``, ``numbers.ambiguous``,
``numbers.confusable``, ``numbers.hidden`` (see :mod:`leaflet_i18n.checks.numbers`),
``terms.missing``,
``markup.mismatch``, ``placeholders.mismatch``, ``control-chars``,
``bidi.controls``, ``same-as-source``, ``whitespace.edges``, ``punctuation.end``,
``spaces.double``, ``length.ratio``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from babel.core import UnknownLocaleError

from leaflet_i18n.checks.numbers import NumberFormat, compare, number_format, quantities
from leaflet_i18n.model.diagnostics import Finding, Location, Severity
from leaflet_i18n.model.locales import text_direction

Problem = tuple[str, str]  # (code, message)

# Errors: the translation says something else than the source.
HARD_CODES = {
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
    "terms.missing",
    "markup.mismatch",
    "placeholders.mismatch",
    "control-chars",
    "bidi.controls",
}
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
_SUPPRESS = re.compile(r"check-ok:\s*([\w.,\s-]+)")
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


def check_terms(cx: CheckContext, source: str, target: str) -> Iterator[Problem]:
    for term in cx.protected_terms:
        if term in source and term not in target:
            accepted = cx.equivalents.get(term, ())
            if not any(alt in target for alt in accepted):
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


CHECKS: list[Check] = [
    check_numbers,
    check_terms,
    check_markup,
    check_placeholders,
    check_control,
    check_bidi,
    check_whitespace,
    check_end_punctuation,
    check_length,
]


def only_terms_and_numbers(cx: CheckContext, text: str) -> bool:
    """True when nothing is left of ``text`` once protected terms and numbers are removed."""
    rest = text
    for term in sorted(cx.protected_terms, key=len, reverse=True):
        rest = rest.replace(term, " ")
    for q in quantities(rest, cx.source_format):
        rest = rest.replace(q.text, " ", 1)
    return not re.sub(r"[\W\d_]+", "", rest)


def suppressed_codes(comments: list[str]) -> set[str]:
    """Codes silenced by translator comments ``# check-ok: numbers.extra, length.ratio``."""
    codes: set[str] = set()
    for comment in comments:
        for match in _SUPPRESS.finditer(comment):
            codes.update(c.strip() for c in re.split(r"[,\s]+", match.group(1)) if c.strip())
    return codes


@dataclass(frozen=True)
class Subject:
    """Where a finding points, and what it is about (goes into JSON output)."""

    path: str
    line: int
    msgctxt: str | None
    msgid: str
    section: str
    critical: bool


def finding(
    subject: Subject, severity: Severity, code: str, message: str, **extra: object
) -> Finding:
    return Finding(
        severity,
        code,
        Location(subject.path, subject.line),
        message,
        {
            "msgctxt": subject.msgctxt,
            "msgid": subject.msgid,
            "section": subject.section,
            "critical": subject.critical,
            **extra,
        },
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
        problems = [p for check in CHECKS for p in check(cx, source, translation)]
        if translation.strip() == source.strip() and not only_terms_and_numbers(cx, source):
            problems.append(("same-as-source", "the translation is identical to the source text"))
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        found = _MEMO[key] = tuple(problems)
    return found


def check_translation(
    cx: CheckContext, subject: Subject, translation: str, comments: list[str]
) -> list[Finding]:
    """Every finding for one translated (non-fuzzy) message."""
    source = subject.msgid
    problems = translation_problems(cx, source, translation)
    silenced = suppressed_codes(comments)
    out = []
    for code, message in problems:
        severity: Severity
        if code in HARD_CODES or (code == "same-as-source" and subject.critical):
            severity = "error"
        else:
            severity = "warning"
        suppressed = code in silenced and not (severity == "error" and subject.critical)
        out.append(finding(subject, severity, code, message, suppressed=suppressed))
    return out

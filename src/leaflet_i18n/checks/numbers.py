"""Numbers and what they quantify, read strictly the way each locale writes them.

``2.5 mg`` in English is ``2,5 mg`` in German and ``2,5 мг`` in Russian;
``1,000`` in English is ``1.000`` in German and ``1 000`` in French. A number
is read with the *target* locale's decimal and group symbols (Babel's CLDR
data, per numbering system), so ``25`` never equals ``2.5``, and a number
the locale cannot have written (``4.5`` in German) is refused as ambiguous
rather than guessed. Each number is read together with what it quantifies
(:mod:`leaflet_i18n.checks.quantities`), and :func:`compare` compares the
multisets of (value, quantity) of a source and its translation: "every 4 to 6
hours" is not "alle 4 bis 6 Minuten", and "500 mg" is not "500 mg/kg",
"500 mg pro Tag" or "500 mg täglich" (unless the source says "per day" of
something else: "one 250 mg tablet per day" may become "250 mg por dia"). A
translation may leave a duration implicit ("500 mg per day" as "täglich 500 mg"). Any hyphen, dash
or minus sign right before a number, after no letter or digit, is its sign.

The text is read as a browser shows it: invisible format characters (Unicode
category Cf: zero-width space, word joiner, soft hyphen, BOM) are removed
first, and one between two digits is an error, since "4\u200b6" shows as 46.

Problem codes (all errors):

``numbers.missing``       a number of the source is not in the translation
``numbers.extra``         the translation has a number the source does not have
``units.missing``         a number lost its unit of measure ("10 mg" → "10")
``units.mismatch``        same number, another unit ("mg" → "g", "mg" → "mg/kg")
``durations.mismatch``    same number, another duration ("6 hours" → "6 Minuten")
``doseforms.mismatch``    same number, another dose form ("2 tablets" → "2 Kapseln")
``quantities.mismatch``   same number, another kind of quantity ("2 tablets" → "2 Stunden")
``numbers.script``        a digit of a numbering system the locale does not use ("৪"),
                          or one number in two systems' digits ("٥٠0")
``numbers.ambiguous``     a separator the locale does not use that way ("4.5" in German)
``numbers.confusable``    a letter that looks like a digit touches a number ("8O", "1З")
``numbers.hidden``        an invisible character between two digits ("4\u200b6")
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.core import UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from leaflet_i18n.checks.quantities import (
    BUILTIN_UNIT_SPELLINGS,
    DOSE_FORM,
    DURATION,
    FREQUENCY,
    SYMBOLS,
    UNIT,
    Measure,
    Vocabulary,
    fold,
    vocabulary,
)

__all__ = [
    "BUILTIN_UNIT_SPELLINGS",
    "NumberFormat",
    "NumberProblem",
    "Quantity",
    "UNITS",
    "compare",
    "number_format",
    "quantities",
    "quantity_spans",
]

UNITS = SYMBOLS  # canonical unit → spellings accepted in any language

READING_CODES = ("numbers.script", "numbers.ambiguous", "numbers.confusable", "numbers.hidden")
CODES = (
    "numbers.missing",
    "numbers.extra",
    "units.missing",
    "units.mismatch",
    "durations.mismatch",
    "doseforms.mismatch",
    "quantities.mismatch",
    *READING_CODES,
)

_SPACES = "\u00a0\u202f\u2009 "
_SPACE_SET = frozenset(_SPACES)
# Invisible format characters (Unicode category Cf, as of Unicode 15).
_CF_CLASS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_CF = re.compile(f"[{_CF_CLASS}]+")
_DIGIT_RUN = re.compile(r"\d+")  # decimal digits of any script, together
_SEPARATORS = ".,\u066b\u066c'\u2019"
_HIDDEN = re.compile(
    rf"(?<=\d)(?:[{_CF_CLASS}]+[{_SEPARATORS}]?[{_CF_CLASS}]*|[{_SEPARATORS}][{_CF_CLASS}]+)(?=\d)"
)
# What a reader takes for a minus sign: hyphen-minus and the hyphens and dashes that look
# like it (U+2010 to U+2015, two- and three-em dash, small em dash, small and fullwidth
# hyphen-minus), and the minus signs (minus, modifier letter, superscript, subscript, heavy)
_MINUS = (
    "-\u2010\u2011\u2012\u2013\u2014\u2015\u2e3a\u2e3b\ufe58\ufe63\uff0d"
    "\u2212\u02d7\u207b\u208b\u2796"
)
# letters that look like digits: Latin O o I l, Cyrillic О о З, Greek Ο ο
_CONFUSABLE_LETTERS = "OoIlОоЗΟο"
_LOOKS_LIKE = str.maketrans("OoIlОоЗΟο", "001100300")
_CONFUSABLE = re.compile(
    rf"(?<![^\W\d_])[{_CONFUSABLE_LETTERS}]+(?=\d)|(?<=\d)[{_CONFUSABLE_LETTERS}]+(?![^\W\d_])"
)
# a number: digits joined by separators, or by a space before exactly three digits
_NUMBER = re.compile(
    rf"(?:(?<![\w{_SEPARATORS}])(?P<lead>[.,\u066b])(?=\d))?"
    rf"(?P<num>\d+(?:(?:[{_SEPARATORS}]|[{_SPACES}](?=\d{{3}}(?!\d)))\d+)*)"
)
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u064b-\u065f\u0670])+(?:[-‐](?:[^\W\d_])+)*")
_HAS_DIGIT = re.compile(r"\d")
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")  # \d is every script's decimal digits
_AFTER_SPACES = re.compile(rf"[{_SPACES}]{{0,2}}(?:-(?=[^\W\d_]))?")

# zero digit of the decimal numbering systems CLDR names (numberingSystems.xml)
_ZEROS = {
    "latn": 0x30,
    "arab": 0x660,
    "arabext": 0x6F0,
    "beng": 0x9E6,
    "deva": 0x966,
    "fullwide": 0xFF10,
    "gujr": 0xAE6,
    "guru": 0xA66,
    "knda": 0xCE6,
    "khmr": 0x17E0,
    "laoo": 0xED0,
    "mlym": 0xD66,
    "mymr": 0x1040,
    "orya": 0xB66,
    "tamldec": 0xBE6,
    "telu": 0xC66,
    "thai": 0xE50,
    "tibt": 0xF20,
    "nkoo": 0x7C0,
    "olck": 0x1C50,
    "adlm": 0x1E950,
    "sinh": 0xDE6,
}
# Fullwidth digits are ordinary in Chinese, Japanese and Korean typesetting.
_FULLWIDTH_LANGUAGES = {"ja", "zh", "ko"}


@dataclass(frozen=True)
class Quantity:
    """A number found in text, with what it quantifies (canonical unit, duration, dose form)."""

    value: Decimal
    unit: str | None  # "mg", "hour", "tablet", "%", "1 in"; None for a bare number
    text: str  # as written, e.g. "2,5 mg"
    kind: str | None = None  # UNIT, DURATION, DOSE_FORM, FREQUENCY
    per: str | None = None  # "kg" in "mg/kg", "day" in "2 tablets a day"
    per_kind: str | None = None
    soft: bool = False  # a spelled-out number ("zwei", "twice"): never missing or extra alone
    ambiguous: bool = False  # written with a separator the locale does not use that way
    literal: str = ""  # the number as written, e.g. "2.5"
    # where ``text`` is in the text as read (invisible format characters removed)
    start: int = field(default=-1, compare=False)
    end: int = field(default=-1, compare=False)

    @property
    def label(self) -> str:
        name = self.unit or ""
        return f"{name}/{self.per}" if self.per else name


@dataclass(frozen=True, eq=False)  # identity: one cached instance per locale
class NumberFormat:
    """How one locale writes numbers: decimal and group symbols, digits, quantity words."""

    locale: str
    decimals: tuple[str, ...]
    groups: tuple[str, ...]
    digits: frozenset[int]  # zero code points of the numbering systems the locale uses
    space_groups: bool
    vocabulary: Vocabulary
    systems: tuple[str, ...] = field(default=())

    def example(self, value: Decimal) -> str:
        """``value`` written the way this locale writes it (for messages)."""
        text = format(value, "f")
        return text.replace(".", self.decimals[0]) if "." in text else text


def _numbering_systems(locale: Locale | None, language: str) -> list[str]:
    systems = ["latn"]
    if locale is not None:
        systems.append(locale.default_numbering_system)
        native = locale._data.get("numbering_systems", {}).get("native")
        if native:
            systems.append(native)
    if language in _FULLWIDTH_LANGUAGES:
        systems.append("fullwide")
    return list(dict.fromkeys(s for s in systems if s in _ZEROS))


@lru_cache(maxsize=128)
def number_format(
    locale: str, extra_units: tuple[tuple[str, tuple[str, ...]], ...] = ()
) -> NumberFormat:
    """The number format of ``locale``; ``extra_units`` are workspace-declared spellings
    (of units, durations or dose forms, by canonical name: ``(("tablet", ("Filmtablette",)),)``).
    """
    base = locale.split("@")[0]
    language = base.split("_")[0]
    try:
        babel_locale: Locale | None = Locale.parse(base)
    except (ValueError, UnknownLocaleError):
        babel_locale = None
    systems = _numbering_systems(babel_locale, language)
    decimals, groups = [], []
    for system in systems:
        try:
            decimals.append(get_decimal_symbol(base, numbering_system=system))
            groups.append(get_group_symbol(base, numbering_system=system))
        except Exception:  # noqa: BLE001 - Babel raises different errors per version
            continue
    space_groups = any(g in _SPACE_SET for g in groups)
    decimals = list(dict.fromkeys(decimals or ["."]))
    groups = [g for g in dict.fromkeys([*groups, "'", "\u2019"] or [","]) if g not in decimals]
    groups = [g for g in groups if g not in _SPACE_SET]
    return NumberFormat(
        locale,
        tuple(decimals),
        tuple(groups),
        frozenset(_ZEROS[s] for s in systems),
        space_groups,
        vocabulary(locale, extra_units),
        tuple(systems),
    )


@dataclass(frozen=True)
class NumberProblem:
    code: str  # one of CODES
    message: str


@dataclass(frozen=True)
class Reading:
    """What one text says in numbers: its quantities, and how they were written."""

    quantities: tuple[Quantity, ...]
    problems: tuple[NumberProblem, ...]  # numbers.script, numbers.hidden
    confusables: tuple[str, ...]  # tokens like "8O"
    literals: frozenset[str]  # every number as written


_EMPTY = Reading((), (), (), frozenset())


def quantities(text: str, fmt: NumberFormat) -> list[Quantity]:
    """Every number in ``text`` as ``fmt``'s locale reads it, with what it quantifies."""
    return list(read(text, fmt).quantities)


def quantity_spans(text: str, fmt: NumberFormat) -> tuple[tuple[int, int], ...]:
    """Where ``text`` writes a number with what it measures or counts (``25 °C``,
    ``500 mg``, ``2 tablets``, ``1 in 1,000``): ``(start, end)`` offsets into ``text``.

    Spelled-out numbers and bare numbers are left out, and so is a number whose unit is
    shared ("4" in "4 to 6 hours"). This is what a page keeps together on one line and
    isolates from the text's direction.
    """
    if not _HAS_DIGIT.search(text):
        return ()
    found = [
        (q.start, q.end)
        for q in read(text, fmt).quantities
        if q.unit is not None and not q.soft and q.start >= 0 and q.text != q.literal
    ]
    if not found:
        return ()
    if _CF.search(text):  # offsets of the text as read: map them back to ``text``
        kept = [i for i, c in enumerate(text) if not _CF.match(c)]
        found = [(kept[s], kept[e - 1] + 1) for s, e in found if e > s]
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return tuple(spans)


def read(text: str, fmt: NumberFormat) -> Reading:
    """``text`` read as ``fmt``'s locale writes numbers (fast when there is no number)."""
    if not _HAS_DIGIT.search(text):
        gate = fmt.vocabulary.word_gate
        if gate is None or not gate.search(text):
            return _EMPTY
    return _read(text, fmt)


@dataclass
class _Token:
    start: int
    end: int
    value: Decimal
    literal: str
    text_end: int = -1
    measure: Measure | None = None
    per: Measure | None = None
    soft: bool = False
    word: bool = False  # a spelled-out number, dropped unless it quantifies something
    ambiguous: bool = False


@lru_cache(maxsize=65536)  # a source text is read once, not once per target locale
def _read(text: str, fmt: NumberFormat) -> Reading:
    problems: list[NumberProblem] = []
    if _CF.search(text):
        for match in _HIDDEN.finditer(text):
            shown = text[match.start() - 1 : match.end() + 1]
            points = ", ".join(f"U+{ord(c):04X}" for c in match.group() if _CF.match(c))
            problems.append(
                NumberProblem(
                    "numbers.hidden",
                    f"an invisible character ({points}) between digits: "
                    f"'{_CF.sub('', shown)}' is shown as one number",
                )
            )
        text = _CF.sub("", text)
    confusables = tuple(_around(text, m.start(), m.end()) for m in _CONFUSABLE.finditer(text))
    if confusables:  # read "8O" as the 80 it shows
        text = _CONFUSABLE.sub(lambda m: m.group().translate(_LOOKS_LIKE), text)
    text, foreign, mixed = _ascii_digits(text, fmt)
    if foreign:
        problems.append(
            NumberProblem(
                "numbers.script",
                f"digits of a script {fmt.locale} does not use: {', '.join(foreign)}",
            )
        )
    if mixed:
        problems.append(
            NumberProblem(
                "numbers.script",
                f"a number written in two scripts' digits: {', '.join(mixed)} "
                "(readers of one script do not read the other's digits as part of it)",
            )
        )
    vocab = fmt.vocabulary
    tokens = list(_digit_tokens(text, fmt))
    if vocab.word_gate is not None:
        tokens += _word_tokens(text, vocab)
        tokens.sort(key=lambda t: t.start)
    for t in tokens:
        if t.measure is None and not t.word:
            t.measure, t.per, t.text_end = _measure_after(text, t.end, vocab)
            prefix = text[: t.start].rstrip(_SPACES)
            if t.measure is None and prefix.endswith(("%", "٪")) and t.start - len(prefix) <= 1:
                t.measure = Measure("%", UNIT)  # "%5" in Arabic
    tokens = _frequencies(text, tokens, vocab)
    _share_measures(text, tokens, vocab)
    out = []
    for t in tokens:
        if t.word and t.measure is None:
            continue
        end = max(t.end, t.text_end)
        m, p = t.measure, t.per
        written = text[t.start : end]
        shown = written.strip()
        start = t.start + len(written) - len(written.lstrip())
        out.append(
            Quantity(
                t.value,
                m.name if m else None,
                shown,
                m.kind if m else None,
                p.name if p else None,
                p.kind if p else None,
                t.soft,
                t.ambiguous,
                t.literal,
                start,
                start + len(shown),
            )
        )
    return Reading(
        tuple(out), tuple(problems), confusables, frozenset(t.literal for t in tokens if t.literal)
    )


def _around(text: str, start: int, end: int) -> str:
    """The letters and digits around a confusable letter: '8O' in 'take 8O mg'."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def _ascii_digits(text: str, fmt: NumberFormat) -> tuple[str, list[str], list[str]]:
    """``text`` with every decimal digit as an ASCII digit; digits of foreign scripts; numbers
    whose digits come from two scripts ("٥٠0", which reads 50 and 0 to an Arabic reader)."""
    if text.isascii() or not _NON_ASCII_DIGIT.search(text):
        return text, [], []
    mixed = [
        f"'{run}'"
        for run in _DIGIT_RUN.findall(text)
        if len({ord(c) - unicodedata.decimal(c) for c in run}) > 1
    ]
    chars = list(text)
    foreign: list[str] = []
    for i, c in enumerate(chars):
        if c.isdecimal() and not c.isascii():
            value = unicodedata.decimal(c)
            if ord(c) - value not in fmt.digits and c not in foreign:
                foreign.append(c)
            chars[i] = str(value)
    if foreign:
        foreign = [f"'{c}' ({unicodedata.name(c, 'digit').title()})" for c in foreign]
    return "".join(chars), foreign, mixed


def _digit_tokens(text: str, fmt: NumberFormat) -> Iterator[_Token]:
    for match in _NUMBER.finditer(text):
        start, raw = match.start("num"), match.group("num")
        for offset, chunk in _space_chunks(raw, fmt):
            begin = start + offset
            lead = match.group("lead") if offset == 0 else None
            for value, literal, ambiguous, off, length in _values(chunk, fmt, lead):
                token_start = begin + off
                if literal.startswith(lead or "\0"):
                    token_start = match.start("lead")
                if _negative(text, token_start):
                    value = -value
                    token_start -= 1
                yield _Token(token_start, begin + off + length, value, literal, ambiguous=ambiguous)


def _space_chunks(raw: str, fmt: NumberFormat) -> Iterator[tuple[int, str]]:
    """Split a number at spaces that do not group thousands ("1 500 mg" in English: 1, 500)."""
    if not any(c in _SPACE_SET for c in raw):
        yield 0, raw
        return
    parts = re.split(f"([{_SPACES}])", raw)
    offset, chunk, chunk_start = 0, parts[0], 0
    offset = len(parts[0])
    for i in range(1, len(parts), 2):
        space, following = parts[i], parts[i + 1]
        groups = (fmt.space_groups or following[:3] == "000") and re.fullmatch(
            r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})*", chunk
        )
        if groups:
            chunk += space + following
        else:
            yield chunk_start, chunk
            chunk, chunk_start = following, offset + 1
        offset += 1 + len(following)
    yield chunk_start, chunk


def _values(
    chunk: str, fmt: NumberFormat, lead: str | None
) -> Iterator[tuple[Decimal, str, bool, int, int]]:
    """(value, literal, ambiguous, offset, length) of the numbers in ``chunk``."""
    n = len(chunk)
    if lead and lead in fmt.decimals and chunk.isdigit():
        yield Decimal("0." + chunk), lead + chunk, False, 0, n
        return
    seps = [c for c in chunk if not c.isdigit()]
    if not seps:
        yield Decimal(chunk), chunk, False, 0, n
        return
    runs = re.split(r"\D", chunk)
    value = _locale_value(runs, seps, fmt.decimals, (*fmt.groups, *_SPACES))
    if value is not None:
        yield value, chunk, False, 0, n
        return
    if len(set(seps)) == 1 and seps[0] not in fmt.decimals and _grouped(runs, seps):
        # "1.000" in Portuguese, "1'000": another locale's group symbol, but it cannot be
        # read as a decimal here, so the value is the same for every reader
        yield Decimal("".join(runs)), chunk, False, 0, n
        return
    if len(seps) == 1:
        integer, fraction = runs
        yield Decimal(f"{integer}.{fraction}"), chunk, True, 0, n
        return
    foreign = _foreign_value(runs, seps)
    if foreign is not None:
        yield foreign, chunk, True, 0, n
        return
    offset = 0  # a date, a version, a code: "12.05.2020", "1.2.3"
    for run in runs:
        yield Decimal(run), run, False, offset, len(run)
        offset += len(run) + 1


def _grouped(runs: list[str], seps: list[str]) -> bool:
    """Whether runs joined by ``seps`` look like thousands groups (with a decimal part last)."""
    body = runs[:-1] if len(set(seps)) == 2 and seps[-1] != seps[0] else runs
    return 1 <= len(body[0]) <= 3 and all(len(r) == 3 for r in body[1:])


def _locale_value(
    runs: list[str], seps: list[str], decimals: tuple[str, ...], groups: tuple[str, ...]
) -> Decimal | None:
    if seps[-1] in decimals:
        group_seps, integer_runs = seps[:-1], runs[:-1]
        fraction = runs[-1]
    else:
        group_seps, integer_runs, fraction = seps, runs, ""
    if group_seps:
        if any(s not in groups for s in group_seps):
            return None
        if len({s for s in group_seps if s not in _SPACE_SET}) > 1:
            return None
        if not 1 <= len(integer_runs[0]) <= 3 or any(len(r) != 3 for r in integer_runs[1:]):
            return None
    integer = "".join(integer_runs)
    try:
        return Decimal(f"{integer}.{fraction}" if fraction else integer)
    except InvalidOperation:
        return None


def _foreign_value(runs: list[str], seps: list[str]) -> Decimal | None:
    """How another locale would read the number: groups, and a different last separator."""
    if len(set(seps)) == 1 and _grouped(runs, seps):
        return Decimal("".join(runs))
    if len(set(seps)) == 2 and seps[-1] != seps[0] and _grouped(runs, seps):
        return Decimal("".join(runs[:-1]) + "." + runs[-1])
    return None


def _negative(text: str, start: int) -> bool:
    """A minus-like sign right before the number, itself after no letter or digit."""
    if start == 0 or text[start - 1] not in _MINUS:
        return False
    return start == 1 or not text[start - 2].isalnum()


def _measure_after(
    text: str, end: int, vocab: Vocabulary
) -> tuple[Measure | None, Measure | None, int]:
    """What the number ending at ``end`` quantifies, its "per" part, and where they end."""
    pos = _AFTER_SPACES.match(text, end).end()  # type: ignore[union-attr]
    found = _measure_at(text, pos, vocab)
    if found is None:
        found = _measure_after_gap(text, pos, vocab)
        if found is None:
            return None, None, -1
    measure, stop = found
    per, per_stop = _per_after(text, stop, vocab)
    return measure, per, per_stop if per is not None else stop


def _measure_at(text: str, pos: int, vocab: Vocabulary) -> tuple[Measure, int] | None:
    symbol = vocab.symbols.match(text, pos)
    if symbol and symbol.group():
        return vocab.symbol_of[symbol.group()], symbol.end()
    word = _WORD.match(text, pos)
    if word:
        measure = vocab.lookup(word.group())
        if measure is not None:
            return measure, word.end()
    return None


def _measure_after_gap(text: str, pos: int, vocab: Vocabulary) -> tuple[Measure, int] | None:
    """A dose form one word further on: "2 film-coated tablets", "2 من الأقراص"."""
    word = _WORD.match(text, pos)
    if word is None or fold(word.group()) in vocab.number_words:
        return None
    after = _AFTER_SPACES.match(text, word.end()).end()  # type: ignore[union-attr]
    if after == word.end():
        return None
    found = _measure_at(text, after, vocab)
    if found is not None and found[0].kind == DOSE_FORM:
        return found
    return None


_PER_DAY = Measure("day", DURATION)


def _per_after(text: str, pos: int, vocab: Vocabulary) -> tuple[Measure | None, int]:
    """The "per" part after a quantity: "/kg", " per kg", " pro Tag", " a day", " لكل كغ"."""
    if text.startswith("/", pos):
        found = _measure_at(text, pos + 1, vocab)
        return (found[0], found[1]) if found and found[0].kind != FREQUENCY else (None, pos)
    after = _AFTER_SPACES.match(text, pos).end()  # type: ignore[union-attr]
    if after == pos:
        return None, pos
    word = _WORD.match(text, after)
    if word is None:
        return None, pos
    stop = word.end()
    if text.startswith(".", stop) and fold(word.group() + ".") in vocab.per_words:
        stop += 1
    elif fold(word.group()) in vocab.daily_words:
        return _PER_DAY, stop
    elif fold(word.group()) not in vocab.per_words:
        return None, pos
    nxt = _AFTER_SPACES.match(text, stop).end()  # type: ignore[union-attr]
    found = _measure_at(text, nxt, vocab)
    if found is None:  # an article between: "par le kg", "al día"
        article = _WORD.match(text, nxt)
        if article and len(article.group()) <= 3:
            found = _measure_at(text, _AFTER_SPACES.match(text, article.end()).end(), vocab)  # type: ignore[union-attr]
    if found is None or found[0].kind == FREQUENCY:
        return None, pos
    return found[0], found[1]


def _word_tokens(text: str, vocab: Vocabulary) -> Iterator[_Token]:
    assert vocab.word_gate is not None
    for match in vocab.word_gate.finditer(text):
        key = fold(match.group())
        if key in vocab.counted:
            value, counted = vocab.counted[key]
            per, stop = _per_after(text, match.end(), vocab)
            yield _Token(
                match.start(),
                match.end(),
                Decimal(value),
                "",
                stop if per is not None else match.end(),
                counted,
                per,
                soft=True,
                word=True,
            )
        elif key in vocab.number_words:
            value = vocab.number_words[key]
            measure, per, stop = _measure_after(text, match.end(), vocab)
            yield _Token(
                match.start(),
                match.end(),
                Decimal(value),
                "",
                stop,
                measure,
                per,
                soft=True,
                word=True,
            )


def _frequencies(text: str, tokens: list[_Token], vocab: Vocabulary) -> list[_Token]:
    """ "1 in 10", "1 von 10", "1 sur 10", "1 من كل 10": one quantity, '1 in' 10."""
    out: list[_Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if (
            i + 1 < len(tokens)
            and t.value == 1
            and t.measure is None
            and not t.word
            and tokens[i + 1].measure is None
            and not tokens[i + 1].word
            and vocab.frequency_between.fullmatch(text, t.end, tokens[i + 1].start)
        ):
            nxt = tokens[i + 1]
            out.append(
                _Token(
                    t.start,
                    nxt.end,
                    nxt.value,
                    nxt.literal,
                    measure=Measure("1 in", FREQUENCY),
                    ambiguous=nxt.ambiguous,
                )
            )
            i += 2
            continue
        out.append(t)
        i += 1
    return out


def _share_measures(text: str, tokens: list[_Token], vocab: Vocabulary) -> None:
    """ "4 to 6 hours", "1 or 2 tablets", "10, 20 or 40 mg": the first numbers count hours too."""
    for i in range(len(tokens) - 2, -1, -1):
        t, nxt = tokens[i], tokens[i + 1]
        if t.measure is not None or nxt.measure is None or nxt.measure.kind == FREQUENCY:
            continue
        if t.end <= nxt.start and vocab.range_between.fullmatch(text, t.end, nxt.start):
            t.measure, t.per = nxt.measure, nxt.per


# --- comparing ---------------------------------------------------------------------------

_LENIENT_KINDS = {DURATION, DOSE_FORM}  # a translation may leave these words implicit
_MISMATCH_CODE = {
    UNIT: "units.mismatch",
    DURATION: "durations.mismatch",
    DOSE_FORM: "doseforms.mismatch",
}


def _compatible(a: Quantity, b: Quantity, said: frozenset[str] = frozenset()) -> bool:
    """Same value, and nothing said about what it quantifies contradicts the other.

    ``a`` is of the source, ``b`` of the translation; ``said`` holds the "per"
    parts the source says elsewhere than after a number ("one 250 mg tablet
    per day"), which a translation may attach to the number ("250 mg por dia").
    """
    if a.value != b.value:
        return False
    if a.unit != b.unit:
        if a.unit is None and b.kind in _LENIENT_KINDS:
            pass
        elif b.unit is None and a.kind in _LENIENT_KINDS:
            pass
        else:
            return False
    if a.per != b.per:
        # "500 mg" and "500 mg/kg" differ, and so do "500 mg" and "500 mg a day" unless the
        # source says "a day" elsewhere; a translation may leave "a day" implicit ("täglich")
        if b.per is None:
            return a.per_kind in _LENIENT_KINDS
        return a.per is None and b.per_kind in _LENIENT_KINDS and b.per in said
    return True


@lru_cache(maxsize=4096)
def _pers_said(text: str, fmt: NumberFormat) -> frozenset[str]:
    """The "per" parts ``text`` says anywhere: "a day" in "one tablet a day"."""
    vocab = fmt.vocabulary
    found = set()
    for i, c in enumerate(text):
        if c == "/" or c in _SPACES:
            per, _ = _per_after(text, i, vocab)
            if per is not None:
                found.add(per.name)
    return frozenset(found)


def compare(
    source: str, target: str, src_fmt: NumberFormat, tgt_fmt: NumberFormat
) -> list[NumberProblem]:
    """How the numbers and quantities of ``target`` differ from those of ``source``."""
    src_reading = read(source, src_fmt)
    tgt_reading = read(target, tgt_fmt)
    signs = (
        _sign_problems(source, target)
        if _NUMBER_SIGNS.search(source) or _NUMBER_SIGNS.search(target)
        else []
    )
    problems = list(tgt_reading.problems) + _reading_problems(src_reading, tgt_reading, tgt_fmt)
    src, tgt = src_reading.quantities, tgt_reading.quantities
    if not src and not tgt:
        return problems + signs
    src, tgt = _split_space_groups(src, tgt), _split_space_groups(tgt, src)
    unmatched, remaining = list(src), list(tgt)
    # 1. the same quantity ("10 mg … 10 tablets" pairs correctly), digits before words
    _pair(unmatched, remaining, lambda q, t: t.value == q.value and t.label == q.label)
    said: frozenset[str] = frozenset()
    if any(t.per is not None for t in tgt):
        said = _pers_said(source, src_fmt)
    # 2. both say what they count, compatibly ("500 mg/day" and "500 mg")
    _pair(unmatched, remaining, lambda q, t: bool(q.unit and t.unit) and _compatible(q, t, said))
    # 3. both say what they count, and it differs: "6 hours" and "6 Minuten" are not made
    #    equal by a bare 6 elsewhere in either text
    for q, t in _pair(
        unmatched,
        remaining,
        lambda q, t: bool(q.unit and t.unit) and q.value == t.value and not (q.soft and t.soft),
    ):
        problems.append(_mismatch(q, t))
    # 4. one side leaves a duration or a dose form implicit ("4 to 6 hours" → "4-6 Stunden")
    _pair(unmatched, remaining, lambda q, t: _compatible(q, t, said))
    unmatched, remaining = _frequency_pairs(unmatched, remaining)
    problems += _soft_conflicts(unmatched, remaining)
    for q in unmatched:
        found = next((t for t in remaining if t.value == q.value), None)
        if found is None:
            if not q.soft:
                problems.append(
                    NumberProblem("numbers.missing", _missing_message(q, target, tgt_fmt))
                )
            continue
        remaining.remove(found)
        if q.soft and found.soft:
            continue
        problems.append(_mismatch(q, found))
    for t in remaining:
        if not t.soft:
            problems.append(
                NumberProblem(
                    "numbers.extra", f"the translation has '{t.text}', which is not in the source"
                )
            )
    return problems + signs


def _mismatch(q: Quantity, found: Quantity) -> NumberProblem:
    if q.unit == found.unit or q.kind == found.kind == UNIT or found.unit is None:
        if found.unit is None and q.kind == UNIT:
            return NumberProblem(
                "units.missing", f"'{q.text}' lost its unit: the translation has '{found.text}'"
            )
        return NumberProblem(
            "units.mismatch", f"'{q.text}' became '{found.text}': the unit changed"
        )
    if q.kind == found.kind and q.kind in _MISMATCH_CODE:
        what = {DURATION: "duration", DOSE_FORM: "dose form"}.get(q.kind, "unit")
        return NumberProblem(
            _MISMATCH_CODE[q.kind],
            f"'{q.text}' became '{found.text}': the {what} changed "
            f"({q.value} {q.label} → {found.value} {found.label})",
        )
    if q.unit is None:
        return NumberProblem(
            "units.mismatch" if found.kind == UNIT else "quantities.mismatch",
            f"'{q.text}' became '{found.text}': the translation says what it counts "
            "and the source does not",
        )
    return NumberProblem(
        "quantities.mismatch",
        f"'{q.text}' became '{found.text}': {q.value} {q.label} in the source, "
        f"{found.value} {found.label} in the translation",
    )


def _pair(
    unmatched: list[Quantity],
    remaining: list[Quantity],
    fits: Callable[[Quantity, Quantity], bool],
) -> list[tuple[Quantity, Quantity]]:
    """Pair source and translation quantities that ``fits``, removing them from both lists;
    digits before spelled-out numbers (which may be articles)."""
    pairs = []
    for q in list(unmatched):
        found = next((t for t in remaining if not t.soft and fits(q, t)), None) or next(
            (t for t in remaining if t.soft and fits(q, t)), None
        )
        if found is not None:
            unmatched.remove(q)
            remaining.remove(found)
            pairs.append((q, found))
    return pairs


def _soft_conflicts(unmatched: list[Quantity], remaining: list[Quantity]) -> list[NumberProblem]:
    """Spelled-out numbers are never missing or extra alone ("two doses" may become
    "a double dose"), but "twice a day" is not "dreimal täglich": another spelled number
    of the same quantity on the other side is a changed number."""
    problems = []
    for q in [q for q in unmatched if q.soft and q.unit and q.value != 1]:  # 1: an article
        other = next(
            (t for t in remaining if t.soft and t.unit == q.unit and t.value not in (q.value, 1)),
            None,
        )
        if other is None:
            continue
        unmatched.remove(q)
        remaining.remove(other)
        problems.append(
            NumberProblem(
                "numbers.missing",
                f"'{q.text}' ({q.value} {q.label}) became '{other.text}' "
                f"({other.value} {other.label})",
            )
        )
    return problems


def _split_space_groups(
    these: tuple[Quantity, ...], others: tuple[Quantity, ...]
) -> tuple[Quantity, ...]:
    """ "21 410" is one number where spaces group thousands and two where they do not
    (phone numbers, "1 500"): a number the other side does not have, and whose parts it has,
    is read as its parts."""
    if not any(any(c in _SPACE_SET for c in q.literal) for q in these):
        return these
    values = Counter(q.value for q in others)
    out: list[Quantity] = []
    for q in these:
        parts = [p for p in re.split(f"[{_SPACES}]", q.literal) if p.isdigit()]
        if len(parts) < 2 or values[q.value] or not all(values[Decimal(p)] for p in parts):
            out.append(q)
            continue
        out += [Quantity(Decimal(p), None, p, literal=p) for p in parts[:-1]]
        out.append(replace(q, value=Decimal(parts[-1]), literal=parts[-1]))
    return tuple(out)


def _frequency_pairs(
    unmatched: list[Quantity], remaining: list[Quantity]
) -> tuple[list[Quantity], list[Quantity]]:
    """'1 in 10' on one side, a bare 1 and 10 on the other, are the same numbers."""
    if not any(q.kind == FREQUENCY for q in unmatched + remaining):
        return unmatched, remaining
    for one_side, other in ((unmatched, remaining), (remaining, unmatched)):
        for q in [q for q in one_side if q.kind == FREQUENCY]:
            n = next((t for t in other if t.value == q.value and t.unit is None), None)
            one = next((t for t in other if t.value == 1 and t.unit is None and t is not n), None)
            if n is not None and one is not None:
                one_side.remove(q)
                other.remove(n)
                other.remove(one)
    return unmatched, remaining


def _reading_problems(src: Reading, tgt: Reading, tgt_fmt: NumberFormat) -> list[NumberProblem]:
    problems = []
    for q in tgt.quantities:
        if not q.ambiguous:
            continue
        if q.unit is None and q.literal in src.literals:
            continue  # a section number or code copied from the source: "6.3"
        written = tgt_fmt.example(q.value)
        problems.append(
            NumberProblem(
                "numbers.ambiguous",
                f"'{q.literal}' is ambiguous in {tgt_fmt.locale}: "
                f"{format(q.value, 'f')} is written '{written}'",
            )
        )
    for token in dict.fromkeys(tgt.confusables):
        if token in src.confusables:
            continue
        problems.append(
            NumberProblem(
                "numbers.confusable",
                f"'{token}' mixes digits with letters that look like digits "
                f"({', '.join(_letter_names(token))})",
            )
        )
    return problems


def _letter_names(token: str) -> list[str]:
    return [
        f"'{c}' {unicodedata.name(c, '?').title()}"
        for c in dict.fromkeys(token)
        if c in _CONFUSABLE_LETTERS
    ]


def _missing_message(q: Quantity, target: str, tgt_fmt: NumberFormat) -> str:
    written = tgt_fmt.example(q.value)
    literal = q.literal or q.text.split()[0]
    if written != literal and literal and not literal.isdigit() and literal in target:
        return (
            f"'{literal}' is written as the source language writes it; "
            f"in {tgt_fmt.locale} {format(q.value, 'f')} is written '{written}'"
        )
    return f"the number '{q.text}' is missing from the translation" + (
        f" (in {tgt_fmt.locale}: '{written}')" if written != format(q.value, "f") else ""
    )


# Number signs that are not digits: superscripts and subscripts ("10⁹/l", "m²"),
# vulgar fractions, circled and Roman numerals. A "⁹" added or lost changes a
# quantity as surely as a digit does.
_NUMBER_SIGNS = re.compile(
    "[\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f\u2150-\u218b\u2460-\u24ff\u2776-\u2793]"
)


def _sign_problems(source: str, target: str) -> list[NumberProblem]:
    src, tgt = Counter(_NUMBER_SIGNS.findall(source)), Counter(_NUMBER_SIGNS.findall(target))
    return [
        NumberProblem("numbers.missing", f"'{c}' is missing from the translation")
        for c in sorted((src - tgt).elements())
    ] + [
        NumberProblem("numbers.extra", f"the translation has '{c}', which is not in the source")
        for c in sorted((tgt - src).elements())
    ]

"""Numbers and units as each locale writes them, for the numbers check.

``2.5 mg`` in English is ``2,5 mg`` in German and ``2,5 мг`` in Russian;
``1,000`` in English is ``1.000`` in German and ``1 000`` in French. A number
is parsed with the *target* locale's decimal and group symbols (from Babel's
CLDR data), so ``2.5`` in a German translation is not 2.5, and ``25`` never
equals ``2.5``. Units are compared after mapping locale spellings (``мг``,
``ملغ``, ``mcg``/``µg``) to one canonical symbol.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import get_decimal_symbol, get_group_symbol

# canonical unit → spellings accepted in any language (longest first when matching)
UNITS: dict[str, tuple[str, ...]] = {
    "mg/kg": ("mg/kg",),
    "mg/ml": ("mg/ml", "mg/mL"),
    "mg/l": ("mg/l", "mg/L"),
    "mmol/l": ("mmol/l", "mmol/L"),
    "µg": ("µg", "μg", "mcg", "ug"),
    "µl": ("µl", "μl", "µL", "μL"),
    "µmol": ("µmol", "μmol"),
    "mg": ("mg",),
    "kg": ("kg",),
    "ng": ("ng",),
    "g": ("g",),
    "ml": ("ml", "mL"),
    "dl": ("dl", "dL"),
    "l": ("l", "L"),
    "IU": ("IU", "I.U."),
    "mmol": ("mmol",),
    "mol": ("mol",),
    "mmHg": ("mmHg",),
    "mm": ("mm",),
    "cm": ("cm",),
    "kcal": ("kcal",),
    "kJ": ("kJ",),
    "°C": ("°C", "℃", "° C"),
    "°F": ("°F", "° F"),
    "%": ("%", "٪"),
}

# Spellings of units in other scripts; workspaces add more in leaflet-i18n.yaml.
_CYRILLIC: dict[str, tuple[str, ...]] = {
    "mg": ("мг",),
    "g": ("г",),
    "kg": ("кг",),
    "µg": ("мкг",),
    "ml": ("мл",),
    "l": ("л",),
    "IU": ("МЕ",),
    "mmol": ("ммоль",),
    "mol": ("моль",),
    "mm": ("мм",),
    "cm": ("см",),
    "mmHg": ("мм рт. ст.",),
    "mg/kg": ("мг/кг",),
    "mg/ml": ("мг/мл",),
}
_ARABIC: dict[str, tuple[str, ...]] = {
    "mg": ("ملغ", "ملغم", "مغ", "ملجم", "مجم"),
    "g": ("غ", "غرام", "جم", "جرام"),
    "kg": ("كغ", "كجم"),
    "µg": ("ميكروغرام", "مكغ", "ميكروجرام"),
    "ml": ("مل",),
    "l": ("لتر", "ل"),
    "IU": ("وحدة دولية",),
    "mmol": ("مليمول", "ملمول"),
    "mg/kg": ("ملغ/كغ", "مغ/كغ"),
    "°C": ("درجة مئوية",),
}
# Hebrew abbreviations take a gershayim (״), often typed as a plain quote (").
_HEBREW: dict[str, tuple[str, ...]] = {
    "mg": ("מ״ג", 'מ"ג', "מיליגרם"),
    "g": ("גרם",),
    "kg": ("ק״ג", 'ק"ג', "קילוגרם"),
    "µg": ("מק״ג", 'מק"ג', "מיקרוגרם"),
    "ml": ("מ״ל", 'מ"ל', "מיליליטר"),
    "l": ("ליטר",),
    "°C": ("מעלות צלזיוס",),
}
BUILTIN_UNIT_SPELLINGS: dict[str, dict[str, tuple[str, ...]]] = {
    **dict.fromkeys(("ru", "uk", "be", "bg", "sr", "mk", "kk", "ky"), _CYRILLIC),
    **dict.fromkeys(("ar", "fa", "ur"), _ARABIC),
    **dict.fromkeys(("he", "iw"), _HEBREW),
}
_ARABIC_DIGIT_LANGUAGES = {"ar", "fa", "ur", "ps", "ckb", "sd"}
_SPACES = "\u00a0\u202f\u2009 "


@dataclass(frozen=True)
class Quantity:
    """A number found in text, with its unit (canonical) if one follows it."""

    value: Decimal
    unit: str | None
    text: str  # as written, e.g. "2,5 mg"


@dataclass(frozen=True, eq=False)  # identity: one cached instance per locale
class NumberFormat:
    """How one locale writes numbers: decimal and group symbols, and unit spellings."""

    locale: str
    decimals: tuple[str, ...]
    groups: tuple[str, ...]
    pattern: re.Pattern[str]
    unit_of: Mapping[str, str]  # spelling → canonical unit

    def example(self, value: Decimal) -> str:
        """``value`` written the way this locale writes it (for messages)."""
        text = format(value, "f")
        return text.replace(".", self.decimals[0]) if "." in text else text


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _normalize_digits(text: str) -> str:
    if text.isascii() or not _OTHER_DIGIT.search(text):
        return text
    return "".join(
        str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text
    )


@lru_cache(maxsize=128)
def number_format(
    locale: str, extra_units: tuple[tuple[str, tuple[str, ...]], ...] = ()
) -> NumberFormat:
    """The number format of ``locale``; ``extra_units`` are workspace-declared spellings."""
    base = locale.split("@")[0]
    language = base.split("_")[0]
    decimals, groups = [], []
    for system in ("default", "latn"):
        try:
            decimals.append(get_decimal_symbol(base, numbering_system=system))
            groups.append(get_group_symbol(base, numbering_system=system))
        except Exception:  # noqa: BLE001 - Babel raises different errors per version
            continue
    if language in _ARABIC_DIGIT_LANGUAGES:
        decimals.append("\u066b")
        groups.append("\u066c")
    if any(g in _SPACES for g in groups):
        groups.extend(_SPACES)  # a translator types whichever space is at hand
    decimals = list(dict.fromkeys(decimals or ["."]))
    groups = [g for g in dict.fromkeys(groups or [","]) if g not in decimals]
    spellings: dict[str, str] = {}
    tables = [UNITS, BUILTIN_UNIT_SPELLINGS.get(language, {}), dict(extra_units)]
    for table in tables:
        for canonical, names in table.items():
            target = _canonical_unit(canonical)
            for name in names:
                spellings[name] = target
    return NumberFormat(
        locale, tuple(decimals), tuple(groups), _compile(decimals, groups, spellings), spellings
    )


def _canonical_unit(name: str) -> str:
    for canonical, names in UNITS.items():
        if name == canonical or name in names:
            return canonical
    return name


def _compile(decimals: list[str], groups: list[str], spellings: dict[str, str]) -> re.Pattern[str]:
    dec = "|".join(re.escape(d) for d in decimals)
    grp = "|".join(re.escape(g) for g in groups)
    number = rf"\d{{1,3}}(?:(?:{grp})\d{{3}}(?![\d]))+(?:(?:{dec})\d+)?|\d+(?:(?:{dec})\d+)?"
    # a unit ends where a letter of its own script does not follow ("мл" is not "млн",
    # "مل" is not "ملعقة"), but "mgを" in Japanese is 'mg' followed by a particle
    longest_first = sorted(spellings, key=len, reverse=True)
    units = "|".join(re.escape(u) + _not_followed_by_letter_of(u) for u in longest_first)
    # not inside a word or a number ("A1", "1,5" read as two), but after a
    # separator that follows no digit ("tablets,42"); a leading decimal symbol
    # is a number too (".5" is 0.5)
    return re.compile(
        rf"(?<!\w)(?<!\d[.,])(?P<sign>[-−](?=\d|(?:{dec})\d))?(?P<num>{number}|(?:{dec})\d+)(?!\d)"
        rf"(?:[{_SPACES}]?(?P<unit>{units}))?"
        rf"|(?P<pct>[%٪])[{_SPACES}]?(?P<pnum>\d+(?:(?:{dec})\d+)?)"
    )


_SCRIPT_LETTERS = {
    "LATIN": "A-Za-z\u00c0-\u024f",
    "CYRILLIC": "\u0400-\u04ff",
    "ARABIC": "\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff",
    "GREEK": "\u0370-\u03ff",
    "HEBREW": "\u05d0-\u05ea",
}


def _not_followed_by_letter_of(unit: str) -> str:
    letters = [c for c in unit if c.isalpha()]
    if not letters:
        return ""
    script = unicodedata.name(letters[-1], "LATIN").split()[0]
    return f"(?![{_SCRIPT_LETTERS.get(script, _SCRIPT_LETTERS['LATIN'])}])"


_HAS_DIGIT = re.compile(r"\d")


def quantities(text: str, fmt: NumberFormat) -> list[Quantity]:
    """Every number in ``text`` as ``fmt``'s locale reads it, with its unit."""
    if not _HAS_DIGIT.search(text):
        return []
    return list(_quantities(text, fmt))


@lru_cache(maxsize=65536)  # a source text is read once, not once per target locale
def _quantities(text: str, fmt: NumberFormat) -> tuple[Quantity, ...]:
    normalized = _normalize_digits(text)
    out = []
    for match in fmt.pattern.finditer(normalized):
        unit: str | None
        if match.group("pct"):
            raw, unit = match.group("pnum"), "%"
        else:
            raw, spelled = match.group("num"), match.group("unit")
            unit = fmt.unit_of.get(spelled) if spelled else None
        value = _value(raw, fmt)
        if value is None:
            continue
        if match.group("sign"):
            value = -value
        out.append(Quantity(value, unit, match.group(0).strip()))
    return tuple(out)


def _value(raw: str, fmt: NumberFormat) -> Decimal | None:
    text = raw
    for group in fmt.groups:
        text = text.replace(group, "")
    for dec in fmt.decimals:
        text = text.replace(dec, ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class NumberProblem:
    code: str  # numbers.missing, numbers.extra, units.mismatch, units.missing
    message: str


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


def compare(
    source: str, target: str, src_fmt: NumberFormat, tgt_fmt: NumberFormat
) -> list[NumberProblem]:
    """How the numbers and units of ``target`` differ from those of ``source``."""
    src = quantities(source, src_fmt)
    tgt = quantities(target, tgt_fmt)
    signs = (
        _sign_problems(source, target)
        if _NUMBER_SIGNS.search(source) or _NUMBER_SIGNS.search(target)
        else []
    )
    if not src and not tgt:
        return signs
    remaining = list(tgt)
    problems: list[NumberProblem] = []
    unmatched: list[Quantity] = []
    for q in src:  # exact value and unit first, so "10 mg … 10 tablets" pairs correctly
        found = next((t for t in remaining if t.value == q.value and t.unit == q.unit), None)
        if found is not None:
            remaining.remove(found)
        else:
            unmatched.append(q)
    for q in unmatched:
        found = next((t for t in remaining if t.value == q.value), None)
        if found is None:
            problems.append(
                NumberProblem("numbers.missing", _missing_message(q, target, src_fmt, tgt_fmt))
            )
            continue
        remaining.remove(found)
        if q.unit and found.unit is None:
            problems.append(
                NumberProblem(
                    "units.missing", f"'{q.text}' lost its unit: the translation has '{found.text}'"
                )
            )
        elif q.unit != found.unit:
            problems.append(
                NumberProblem(
                    "units.mismatch", f"'{q.text}' became '{found.text}': the unit changed"
                )
            )
    for t in remaining:
        problems.append(
            NumberProblem(
                "numbers.extra", f"the translation has '{t.text}', which is not in the source"
            )
        )
    return problems + signs


def _missing_message(q: Quantity, target: str, src_fmt: NumberFormat, tgt_fmt: NumberFormat) -> str:
    written = tgt_fmt.example(q.value)
    message = f"the number '{q.text}' is missing from the translation"
    if written != q.text.split()[0] and q.text.split()[0] in target:
        return (
            f"'{q.text.split()[0]}' is written as the source language writes it; "
            f"in {tgt_fmt.locale} {format(q.value, 'f')} is written '{written}'"
        )
    return message + (
        f" (in {tgt_fmt.locale}: '{written}')" if written != format(q.value, "f") else ""
    )

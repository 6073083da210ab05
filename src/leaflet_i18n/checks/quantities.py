"""What a number quantifies, in each locale's words: units, durations, dose forms.

The numbers check compares *quantities*, not bare numbers: "4 to 6 hours" and
"4 bis 6 Minuten" have the same numbers and say something else. This module
holds the words of one locale that can follow a number and what they mean:

- units of measure and durations from CLDR's unit patterns as Babel ships them
  (``'{0} Stunden'``, ``'{0} godzin'``, ``'{0} mg'``, and the Arabic dual
  ``'ساعتان'`` that carries its number), with the symbols every language
  writes (``mg``, ``µg``, ``°C``, ``IU``);
- dose forms and counted administrations from ``data/dose-forms.tsv``
  (CLDR has no unit for tablets);
- spelled-out numbers 1-12 from ``data/number-words.tsv``;
- the small words that join numbers: "or" and "and" from CLDR's list
  patterns, "per" from CLDR's compound unit pattern, and a few range and
  frequency words ("to", "bis", "1 in 10", "1 von 10") per language.

Words are matched without case, accents or Arabic vowel marks, so inflected
forms that CLDR does not list ("Tagen", "dniach") are found from a listed form
with a short ending, and German and Danish compounds by their last part
("Filmtabletten"). English words are understood in every locale, after the
locale's own ("Paracetamol 500 mg tablets" is often kept in a translation).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from babel import Locale
from babel.core import UnknownLocaleError
from babel.units import get_unit_name

UNIT, DURATION, DOSE_FORM, FREQUENCY = "unit", "duration", "dose form", "frequency"


@dataclass(frozen=True)
class Measure:
    """What a number counts or measures: ``mg``, ``hour``, ``tablet``, ``%``."""

    name: str
    kind: str  # UNIT, DURATION, DOSE_FORM or FREQUENCY


# CLDR unit → (canonical name, kind). Only what a leaflet uses.
CLDR_UNITS: dict[str, tuple[str, str]] = {
    "mass-kilogram": ("kg", UNIT),
    "mass-gram": ("g", UNIT),
    "mass-milligram": ("mg", UNIT),
    "mass-microgram": ("µg", UNIT),
    "volume-liter": ("l", UNIT),
    "volume-deciliter": ("dl", UNIT),
    "volume-centiliter": ("cl", UNIT),
    "volume-milliliter": ("ml", UNIT),
    "volume-cubic-centimeter": ("cm³", UNIT),
    "volume-teaspoon": ("teaspoon", UNIT),
    "volume-tablespoon": ("tablespoon", UNIT),
    "volume-drop": ("drop", DOSE_FORM),
    "temperature-celsius": ("°C", UNIT),
    "temperature-fahrenheit": ("°F", UNIT),
    "concentr-percent": ("%", UNIT),
    "concentr-permille": ("‰", UNIT),
    "concentr-millimole-per-liter": ("mmol/l", UNIT),
    "concentr-milligram-ofglucose-per-deciliter": ("mg/dl", UNIT),
    "length-meter": ("m", UNIT),
    "length-centimeter": ("cm", UNIT),
    "length-millimeter": ("mm", UNIT),
    "length-micrometer": ("µm", UNIT),
    "energy-kilocalorie": ("kcal", UNIT),
    "energy-kilojoule": ("kJ", UNIT),
    "pressure-millimeter-ofhg": ("mmHg", UNIT),
    "duration-year": ("year", DURATION),
    "duration-month": ("month", DURATION),
    "duration-week": ("week", DURATION),
    "duration-day": ("day", DURATION),
    "duration-hour": ("hour", DURATION),
    "duration-minute": ("minute", DURATION),
    "duration-second": ("second", DURATION),
}

# Symbols every language writes, canonical → spellings (CLDR's short forms are added per locale).
SYMBOLS: dict[str, tuple[str, ...]] = {
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
    "IU": ("IU", "I.U.", "IE", "I.E.", "UI", "U.I.", "U", "j.m."),
    "mmol": ("mmol",),
    "mol": ("mol",),
    "mmHg": ("mmHg",),
    "mm": ("mm",),
    "cm": ("cm",),
    "m²": ("m²", "m2"),
    "kcal": ("kcal",),
    "kJ": ("kJ",),
    "MBq": ("MBq",),
    # "ºC" with the masculine ordinal; "C" alone where a plain-ASCII text lost the degree sign
    "°C": ("°C", "℃", "° C", "ºC", "º C", "C"),
    "°F": ("°F", "° F"),
    "%": ("%", "٪", "vol. %", "vol.%", "vol %", "Vol.-%", "Vol.%"),
    "hour": ("h",),
    "minute": ("min",),
}
_SYMBOL_KIND = {"hour": DURATION, "minute": DURATION}

# Spellings of units in other scripts that CLDR does not give as the short form.
_CYRILLIC: dict[str, tuple[str, ...]] = {
    "mg": ("мг",),
    "g": ("г",),
    "kg": ("кг",),
    "µg": ("мкг",),
    "ml": ("мл",),
    "l": ("л",),
    "IU": ("МЕ", "ЕД"),
    "mmol": ("ммоль",),
    "mol": ("моль",),
    "mm": ("мм",),
    "cm": ("см",),
    "mmHg": ("мм рт. ст.",),
}
_ARABIC: dict[str, tuple[str, ...]] = {
    "mg": ("ملغ", "ملغم", "مغ", "ملجم", "مجم"),
    "g": ("غ", "غرام", "جم", "جرام"),
    "kg": ("كغ", "كجم", "كيلوغرام"),
    "µg": ("ميكروغرام", "مكغ", "ميكروجرام"),
    "ml": ("مل",),
    "l": ("لتر", "ل"),
    "IU": ("وحدة دولية",),
    "mmol": ("مليمول", "ملمول"),
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

# Durations whose CLDR wording changed between releases the toolkit supports: Polish "day" is
# "doba" (a 24-hour period) up to CLDR 45 (Babel 2.16) and "dzień" from CLDR 46 (Babel 2.17);
# leaflets write both ("8 tabletek na dobę", "przez 3 dni"), so both are known whichever
# Babel is installed.
BUILTIN_DURATION_SPELLINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "pl": {"day": ("doba", "doby", "dób", "dobę", "dzień", "dni", "dnia")},
}

# The words between two numbers that share a quantity ("4 to 6 hours"), besides CLDR's "and"/"or".
_RANGE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("to", "and", "or"),
    "de": ("bis", "und", "oder"),
    "fr": ("à", "a", "et", "ou"),
    "es": ("a", "y", "o", "u"),
    "it": ("a", "e", "o"),
    "pt": ("a", "e", "ou"),
    "da": ("til", "og", "eller"),
    "pl": ("do", "i", "lub", "albo"),
    "ru": ("до", "и", "или"),
    "el": ("έως", "ως", "με", "και", "ή"),
    "ar": ("إلى", "الى", "حتى", "و", "أو"),
}
# "1 in 10": the words between the 1 and the 10 (a noun may stand before them: "1 persona su 10").
_FREQUENCY_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("in", "out of", "in every"),
    "de": ("von", "aus"),
    "fr": ("sur",),
    "es": ("de cada", "de", "en"),
    "it": ("su", "ogni"),
    "pt": ("em cada", "em", "de cada", "de"),
    "da": ("ud af", "af", "ud af hver"),
    "pl": ("na", "z"),
    "ru": ("из", "на"),
    "el": ("στους", "στις", "στα", "σε", "από"),
    "ar": ("من كل", "من", "في كل", "لكل"),
}
# "per" besides CLDR's compound pattern ("500 mg a day", "2 Tabletten je Tag").
_PER_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("per", "a", "an", "each"),
    "de": ("pro", "je"),
    "fr": ("par",),
    "es": ("por", "al", "cada"),
    "it": ("per", "al", "ogni"),
    "pt": ("por", "ao", "cada"),
    "da": ("pr.", "per", "om", "hver"),
    "pl": ("na",),
    "ru": ("на", "в"),
    "el": ("ανά", "την"),
    "ar": ("لكل", "في", "كل"),
}
# Adverbs that say "per day" after a quantity ("500 mg daily", "2 Tabletten täglich"), in the
# forms leaflets use; CLDR has per-unit patterns ("{0} pro Tag") but no such adverbs.
_DAILY_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("daily",),
    "de": ("täglich",),
    "fr": ("quotidiennement",),
    "es": ("diarios", "diarias", "diariamente"),
    "it": ("giornalieri", "giornaliere", "quotidianamente"),
    "pt": ("diários", "diárias", "diariamente"),
    "nl": ("dagelijks",),
    "da": ("daglig", "dagligt"),
    "sv": ("dagligen",),
    "nb": ("daglig",),
    "fi": ("päivittäin",),
    "pl": ("dziennie",),
    "cs": ("denně",),
    "sk": ("denne",),
    "sl": ("dnevno",),
    "hr": ("dnevno",),
    "hu": ("naponta",),
    "ro": ("zilnic",),
    "bg": ("дневно",),
    "ru": ("ежедневно",),
    "el": ("ημερησίως",),
    "ar": ("يوميًا", "يوميا"),
}
# Words that may stand between a number and its dose form in a few languages ("1 أو 2 من الأقراص").
_OF_WORDS: dict[str, tuple[str, ...]] = {"ar": ("من",)}
# Languages that write compounds as one word: "Filmtabletten" counts as tablets.
_COMPOUNDING = {"de", "da", "nl", "sv", "nb", "no", "nn", "is", "fi"}
# Arabic prefixes glued to a word: the article and the conjunctions/prepositions before it.
_ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_MIN_STEM, _MAX_ENDING, _MIN_COMPOUND_PART = 3, 3, 5


def fold(word: str) -> str:
    """``word`` without case, accents and vowel marks: how vocabulary words are matched."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c != "\u0640")


@dataclass(frozen=True, eq=False)  # identity: one cached instance per locale
class Vocabulary:
    """The words of one locale that say what a number quantifies."""

    language: str
    symbols: re.Pattern[str]  # at a position: case-sensitive spellings ("mg", "Std.", "°C")
    symbol_of: Mapping[str, Measure]
    words: Mapping[str, Measure]  # folded word → measure ("stunden", "tabletten")
    counted: Mapping[str, tuple[int, Measure]]  # folded word that carries its number ("twice")
    number_words: Mapping[str, int]  # folded spelled-out number → value
    per_words: frozenset[str]  # folded
    of_words: frozenset[str]
    daily_words: frozenset[str]  # folded: "per day" in one word ("daily", "täglich")
    compounds: bool
    range_between: re.Pattern[str]  # the text between two numbers of one range or list
    frequency_between: re.Pattern[str]  # the text between the 1 and the 10 of "1 in 10"
    word_gate: re.Pattern[str] | None  # finds spelled numbers and counted words

    def lookup(self, word: str) -> Measure | None:
        """The measure a word names, allowing a short ending, a compound, an Arabic prefix."""
        folded = fold(word)
        found = self._lookup(folded)
        if found is None and self.language in ("ar", "fa", "ur"):
            for prefix in _ARABIC_PREFIXES:
                if folded.startswith(prefix) and len(folded) - len(prefix) >= 2:
                    found = self._lookup(folded[len(prefix) :])
                    if found is not None:
                        break
        return found

    def _lookup(self, w: str) -> Measure | None:
        words = self.words
        if w in words:
            return words[w]
        for k in range(len(w) - 1, max(_MIN_STEM, len(w) - _MAX_ENDING) - 1, -1):
            if w[:k] in words:
                return words[w[:k]]
        if self.compounds:
            for i in range(1, len(w) - _MIN_COMPOUND_PART + 1):
                if w[i:] in words:
                    return words[w[i:]]
        return None


def _patterns(locale: Locale, unit: str) -> dict[str, dict[str, str]]:
    """CLDR's patterns of ``unit``: length → plural category (and "per") → pattern."""
    # Babel has no public API for the raw patterns; format_unit() only fills them in.
    data: Any = locale._data["unit_patterns"].get(unit)
    if not data:
        return {}
    return {length: dict(data[length].items()) for length in data}


def _unit_forms(locale: Locale, unit: str) -> tuple[set[str], set[str], set[str]]:
    """(forms after a number, dual forms carrying 2, forms after "per") of a CLDR unit."""
    after, dual, per = set(), set(), set()
    for length, by_count in _patterns(locale, unit).items():
        if length == "narrow":  # "{0}m", "{0} T": too short to tell apart
            continue
        for count, pattern in by_count.items():
            if "{0}" not in pattern:
                if count == "two":
                    dual.add(pattern.strip())
                continue
            head, _, tail = pattern.partition("{0}")
            word = tail.strip(" \u00a0\u202f") if not head.strip() else ""
            if not word:
                continue
            if count == "per":  # "pro Stunde", "na dobę", "/h": the unit's form after "per"
                per.add(word.split()[-1].lstrip("/"))
                continue
            after.add(word)
        name = get_unit_name(unit, length=length, locale=locale)  # type: ignore[arg-type]
        if name and length == "long":
            after.add(name)
    return after, dual, per


def _data_rows(name: str) -> Iterable[list[str]]:
    text = (
        resources.files("leaflet_i18n").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    )
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@lru_cache(maxsize=1)
def _dose_form_table() -> dict[str, list[tuple[str, int | None, tuple[str, ...]]]]:
    table: dict[str, list[tuple[str, int | None, tuple[str, ...]]]] = {}
    for language, form, count, words in _data_rows("dose-forms.tsv"):
        table.setdefault(language, []).append(
            (form, int(count) if count else None, tuple(w for w in words.split("|") if w))
        )
    return table


@lru_cache(maxsize=1)
def _number_word_table() -> dict[str, dict[str, int]]:
    """language → spelled-out number as written ("dwie", "δύο") → value."""
    table: dict[str, dict[str, int]] = {}
    for language, value, words in _data_rows("number-words.tsv"):
        for word in words.split("|"):
            table.setdefault(language, {})[word] = int(value)
    return table


DOSE_FORMS = frozenset(
    form for rows in _dose_form_table().values() for form, _count, _words in rows
)


def _locale(tag: str) -> Locale | None:
    try:
        return Locale.parse(tag.split("@")[0])
    except (ValueError, UnknownLocaleError):
        return None


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class _Builder:
    def __init__(self) -> None:
        self.symbols: dict[str, Measure] = {}
        self.words: dict[str, Measure] = {}
        self.counted: dict[str, tuple[int, Measure]] = {}
        self.written: set[str] = set()  # counted words as written, for the word gate
        self.per: set[str] = set()
        self.conflicts: set[str] = set()

    def spelling(self, spelled: str, measure: Measure) -> None:
        spelled = spelled.strip().replace("\u00a0", " ").replace("\u202f", " ")
        if not spelled:
            return
        if spelled.replace(" ", "").isalpha() and " " not in spelled and len(spelled) > 2:
            key = fold(spelled)
            if self.words.setdefault(key, measure) != measure:
                self.conflicts.add(key)
        else:
            if self.symbols.setdefault(spelled, measure) != measure:
                self.conflicts.add(spelled)

    def cldr_spelling(self, spelled: str, measure: Measure) -> None:
        """A CLDR form, unless it is one letter or another unit's symbol with a dot ("г.")."""
        if len(spelled) < 2 and spelled.isalpha():
            return
        known = self.symbols.get(spelled.rstrip("."))
        if spelled.endswith(".") and known is not None and known != measure:
            return
        self.spelling(spelled, measure)

    def add_locale(self, language: str, locale: Locale | None) -> None:
        for canonical, spellings in SYMBOLS.items():
            measure = Measure(canonical, _SYMBOL_KIND.get(canonical, UNIT))
            for s in spellings:
                self.spelling(s, measure)
        for canonical, spellings in BUILTIN_UNIT_SPELLINGS.get(language, {}).items():
            for s in spellings:
                self.spelling(s, Measure(canonical, UNIT))
        for canonical, spellings in BUILTIN_DURATION_SPELLINGS.get(language, {}).items():
            for s in spellings:
                self.spelling(s, Measure(canonical, DURATION))
        for form, count, words in _dose_form_table().get(language, []):
            kind = DOSE_FORM
            for w in words:
                if count is None:
                    self.spelling(w, Measure(form, kind))
                else:
                    self.counted[fold(w)] = (count, Measure(form, kind))
                    self.written.add(w)
        if locale is None:
            return
        for unit, (canonical, kind) in CLDR_UNITS.items():
            measure = Measure(canonical, kind)
            after, dual, per = _unit_forms(locale, unit)
            for form in after:
                self.cldr_spelling(form, measure)
            for form in dual:
                forms = [form]
                if form.endswith("ان"):  # the dual after a preposition or as an object
                    forms.append(form[:-2] + "ين")
                for f in forms:
                    self.counted[fold(f)] = (2, measure)
                    self.written.add(f)
            for form in per:
                self.cldr_spelling(form, measure)


_SCRIPT_LETTERS = {
    "LATIN": "A-Za-z\u00c0-\u024f",
    "CYRILLIC": "\u0400-\u04ff",
    "ARABIC": "\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff",
    "GREEK": "\u0370-\u03ff",
    "HEBREW": "\u05d0-\u05ea",
}


def _not_followed_by_letter_of(unit: str) -> str:
    """A unit ends where no letter of its own script follows: "мл" is not "млн", "مل" is not
    "ملعقة", but "mgを" in Japanese is 'mg' followed by a particle."""
    letters = [c for c in unit if c.isalpha()]
    if not letters or not unit[-1].isalpha():
        return ""
    script = unicodedata.name(letters[-1], "LATIN").split()[0]
    return f"(?![{_SCRIPT_LETTERS.get(script, _SCRIPT_LETTERS['LATIN'])}])"


@lru_cache(maxsize=128)
def vocabulary(locale: str, extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Vocabulary:
    """The vocabulary of ``locale``; ``extra`` maps canonical names (a unit, ``hour``,
    a dose form such as ``tablet``) to more spellings declared by the workspace."""
    language = locale.split("@")[0].split("_")[0]
    babel_locale = _locale(locale)
    own = _Builder()
    own.add_locale(language, babel_locale)
    for canonical, spellings in extra:
        measure = _measure_of(canonical, own)
        for s in spellings:
            own.spelling(s, measure)
    if language != "en":  # English words are understood too, after the locale's own
        english = _Builder()
        english.add_locale("en", _locale("en"))
        for key, m in english.words.items():
            own.words.setdefault(key, m)
        for key, m in english.symbols.items():
            own.symbols.setdefault(key, m)
        for key, c in english.counted.items():
            own.counted.setdefault(key, c)
        own.written |= english.written
    for key in own.conflicts:
        own.words.pop(key, None)
        own.symbols.pop(key, None)

    per_words = {fold(w) for w in _PER_WORDS.get(language, ())} | {"per"}
    range_words = set(_RANGE_WORDS.get(language, ()))
    if babel_locale is not None:
        compound = babel_locale._data["compound_unit_patterns"].get("per", {})
        long_per = compound.get("long", {}).get("compound", "") if compound else ""
        word = long_per.replace("{0}", "").replace("{1}", "").strip()
        if word and word != "/":
            per_words.add(fold(word))
        for kind in ("standard", "or"):
            end = babel_locale.list_patterns.get(kind, {}).get("end", "")
            joiner = end.replace("{0}", "").replace("{1}", "").strip(" ,،")
            if joiner:
                range_words.add(joiner)

    spaces = r"[\s\u00a0\u202f\u2009]*"
    dashes = "-\u2010\u2011\u2012\u2013\u2014\u2212"
    range_between = re.compile(
        rf"{spaces}(?:[{dashes}]|,|{_alternation(range_words)}){spaces}", re.IGNORECASE
    )
    frequency_words = set(_FREQUENCY_WORDS.get(language, ())) | {"in", "out of"}
    frequency_between = re.compile(
        rf"[\s\u00a0]+(?:[^\W\d_]+[\s\u00a0]+)?(?:{_alternation(frequency_words)})[\s\u00a0]+",
        re.IGNORECASE,
    )
    symbols = own.symbols
    symbol_pattern = re.compile(
        "|".join(
            re.escape(s) + _not_followed_by_letter_of(s)
            for s in sorted(symbols, key=len, reverse=True)
        )
    )
    written_numbers = _number_word_table().get(language, {})
    numbers = {fold(w): v for w, v in written_numbers.items()}
    gate_words = {
        form
        for w in (*written_numbers, *own.written)
        for form in (w, unicodedata.normalize("NFD", w), fold(w))
    }
    word_gate = (
        re.compile(rf"(?<![^\W\d_])(?:{_alternation(gate_words)})(?![^\W\d_])", re.IGNORECASE)
        if gate_words
        else None
    )
    return Vocabulary(
        language,
        symbol_pattern,
        symbols,
        own.words,
        own.counted,
        numbers,
        frozenset(per_words),
        frozenset(fold(w) for w in _OF_WORDS.get(language, ())),
        frozenset(fold(w) for w in (*_DAILY_WORDS.get(language, ()), *_DAILY_WORDS["en"])),
        language in _COMPOUNDING,
        range_between,
        frequency_between,
        word_gate,
    )


def _measure_of(canonical: str, builder: _Builder) -> Measure:
    """The measure a workspace names by its canonical name (``tablet``, ``mg``, ``hour``)."""
    if canonical in DOSE_FORMS:
        return Measure(canonical, DOSE_FORM)
    for name, kind in CLDR_UNITS.values():
        if name == canonical:
            return Measure(name, kind)
    for name, spellings in SYMBOLS.items():
        if canonical == name or canonical in spellings:
            return Measure(name, _SYMBOL_KIND.get(name, UNIT))
    known = builder.symbols.get(canonical)
    return known if known is not None else Measure(canonical, UNIT)

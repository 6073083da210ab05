"""The numbers check on real professional translations: false alarms and mutations caught.

    python benchmarks/real_translations.py            # summary per language
    python benchmarks/real_translations.py -v         # and every false alarm

Reads the parallel leaflets of ``../shared/real-leaflets/parallel/<product>/{en,da,pt,es}.txt``
(next to the checkout), splits each text into the numbered QRD sections 1-6 (headings "1." to
"6." at the start of a line), and compares each English section with the same section of the
translation, as the numbers check compares a message with its translation. ``INDEX.tsv`` says
which sections have the same digit strings in both languages: an error there is a false alarm.
Then each mutation class below is applied to the translation of every agreeing section where
it applies, and a mutation counts as caught when the check finds a problem it did not find in
the unchanged text.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale

from leaflet_i18n.checks.numbers import NumberFormat, Quantity, compare, number_format, quantities
from leaflet_i18n.checks.quantities import CLDR_UNITS, DOSE_FORM, DURATION, _dose_form_table

ROOT = Path(__file__).resolve().parent.parent
PARALLEL = ROOT.parent / "shared" / "real-leaflets" / "parallel"
# The leaflets are EU texts: European Portuguese (CLDR pt is Brazilian).
LOCALES = {"da": "da", "pt": "pt_PT", "es": "es"}
_HEADING = re.compile(r"([1-6])\.\s")
# Sections where the check is right and the published translation is not, read by a person:
# (product, language, section) → why. Their findings are counted apart, never as false alarms.
ERRATA: dict[tuple[str, str, int], str] = {
    ("zejula", "da", 3): "'150,000/μl' keeps the English comma; Danish reads '150,000' as 150 "
    "(its decimal comma): the number is ambiguous, as the rule for critical text says",
}


def sections(text: str) -> dict[int, str]:
    """The numbered QRD sections 1-6: each heading is the first line "n. " after section n-1."""
    out: dict[int, list[str]] = {}
    expected, current = 1, 0
    for line in text.splitlines():
        match = _HEADING.match(line)
        if match and int(match.group(1)) == expected:
            current, expected = expected, expected + 1
            out[current] = []
        if current:
            out[current].append(line)
    return {n: "\n".join(lines) for n, lines in out.items()}


def index() -> dict[tuple[str, str], set[int]]:
    """(product, language) → the sections whose numbers agree with the English."""
    agree: dict[tuple[str, str], set[int]] = {}
    path = PARALLEL / "INDEX.tsv"
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        product, language, flags = line.split("\t")
        agree[(product, language)] = {
            i + 1 for i, c in enumerate(flags) if len(flags) == 6 and c == str(i + 1)
        }
    return agree


# --- mutations: each returns the changed text, or None where it does not apply -------------

Mutation = Callable[[str, NumberFormat], "str | None"]


def _first(text: str, fmt: NumberFormat, keep: Callable[[Quantity], bool]) -> Quantity | None:
    return next(
        (q for q in quantities(text, fmt) if q.literal and keep(q) and q.text in text), None
    )


def _replace(text: str, old: str, new: str) -> str:
    return text.replace(old, new, 1)


def _cldr_id(name: str) -> str:
    return next(unit for unit, (canonical, _) in CLDR_UNITS.items() if canonical == name)


_OTHER_DURATION = {
    "hour": "minute",
    "minute": "hour",
    "day": "week",
    "week": "month",
    "month": "year",
    "year": "month",
    "second": "minute",
}


def _number_part(q: Quantity) -> str:
    match = re.match(r"[-−–]?[\d.,\s\u00a0\u202f]*\d", q.text)
    return match.group() if match else q.literal


def change_duration(text: str, fmt: NumberFormat) -> str | None:
    """ "6 timer" → "6 minutter": the same number, another duration (CLDR's pattern)."""
    q = _first(text, fmt, lambda q: q.kind == DURATION and q.text[-1:].isalpha())
    if q is None:
        return None
    locale = Locale.parse(fmt.locale)
    other = _cldr_id(_OTHER_DURATION[q.unit or "hour"])
    category = locale.plural_form(abs(q.value))
    patterns = locale._data["unit_patterns"][other]["long"]
    pattern = patterns.get(category) or patterns["other"]
    return _replace(text, q.text, pattern.replace("{0}", _number_part(q)))


def _dose_words(language: str) -> dict[str, str]:
    return {form: words[-1] for form, count, words in _dose_form_table()[language] if count is None}


def change_dose_form(text: str, fmt: NumberFormat) -> str | None:
    """ "2 tabletter" → "2 kapsler"."""
    q = _first(text, fmt, lambda q: q.kind == DOSE_FORM and q.text[-1:].isalpha())
    if q is None:
        return None
    words = _dose_words(fmt.locale.split("_")[0])
    other = "capsule" if q.unit != "capsule" else "tablet"
    return _replace(text, q.text, f"{_number_part(q)} {words[other]}")


_OTHER_UNIT = {"mg": "g", "g": "mg", "µg": "mg", "ml": "l", "l": "ml", "kg": "g", "%": "mg"}


def change_unit(text: str, fmt: NumberFormat) -> str | None:
    """ "10 mg" → "10 g"."""
    q = _first(text, fmt, lambda q: q.unit in _OTHER_UNIT and q.per is None)
    if q is None:
        return None
    return _replace(text, q.text, f"{_number_part(q)} {_OTHER_UNIT[q.unit or 'mg']}")


def per_kilogram(text: str, fmt: NumberFormat) -> str | None:
    """ "500 mg" → "500 mg/kg"."""
    q = _first(text, fmt, lambda q: q.unit in ("mg", "µg", "g") and q.per is None)
    return None if q is None else _replace(text, q.text, q.text + "/kg")


def per_day(text: str, fmt: NumberFormat) -> str | None:
    """ "500 mg" → "500 mg por dia": a dose made daily (CLDR's "per day" pattern)."""
    q = _first(text, fmt, lambda q: q.unit in ("mg", "µg", "g", "ml") and q.per is None)
    if q is None:
        return None
    per = Locale.parse(fmt.locale)._data["unit_patterns"]["duration-day"]["long"]["per"]
    return _replace(text, q.text, per.replace("{0}", q.text))


def swap_quantities(text: str, fmt: NumberFormat) -> str | None:
    """ "1 tablet every 4 hours" → "4 tablets every 1 hour": numbers swapped between quantities."""
    found = [q for q in quantities(text, fmt) if q.unit and q.literal and q.text in text]
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if a.unit != b.unit and a.value != b.value and a.kind != "frequency" != b.kind:
                na, nb = _number_part(a), _number_part(b)
                first = text.index(a.text)
                second = (
                    text.index(b.text, first + len(a.text))
                    if b.text in text[first + len(a.text) :]
                    else -1
                )
                if second < 0:
                    continue
                return (
                    text[:first]
                    + a.text.replace(na, nb, 1)
                    + text[first + len(a.text) : second]
                    + b.text.replace(nb, na, 1)
                    + text[second + len(b.text) :]
                )
    return None


def source_style_decimal(text: str, fmt: NumberFormat) -> str | None:
    """ "2,5 mg" → "2.5 mg": the decimal written the English way."""
    q = _first(text, fmt, lambda q: q.value != q.value.to_integral_value() and "," in q.literal)
    if q is None:
        return None
    return _replace(text, q.text, q.text.replace(q.literal, q.literal.replace(",", "."), 1))


def foreign_digit(text: str, fmt: NumberFormat) -> str | None:
    """A digit of another script: "4" → "৪" (Bengali four, which looks like 8)."""
    q = _first(text, fmt, lambda q: bool(q.literal))
    if q is None:
        return None
    digit = next(c for c in q.text if c.isdigit())
    return _replace(text, q.text, q.text.replace(digit, chr(0x9E6 + int(digit)), 1))


def confusable_letter(text: str, fmt: NumberFormat) -> str | None:
    """ "10 mg" → "1O mg": a Latin O for a zero."""
    q = _first(text, fmt, lambda q: "0" in q.literal)
    return None if q is None else _replace(text, q.text, q.text.replace("0", "O", 1))


def hidden_character(text: str, fmt: NumberFormat) -> str | None:
    """ "10" → "1\u200b0": shown as 10, an invisible character between the digits."""
    q = _first(text, fmt, lambda q: len(q.literal) >= 2 and q.literal[:2].isdigit())
    if q is None:
        return None
    return _replace(
        text, q.text, q.text.replace(q.literal[:2], f"{q.literal[0]}\u200b{q.literal[1]}", 1)
    )


def temperature_sign(text: str, fmt: NumberFormat) -> str | None:
    """ "25 °C" → "–25 °C": an en dash read as a minus."""
    q = _first(text, fmt, lambda q: q.unit == "°C" and q.value > 0)
    return None if q is None else _replace(text, q.text, "\u2013" + q.text)


MUTATIONS: dict[str, Mutation] = {
    "duration": change_duration,
    "dose form": change_dose_form,
    "unit": change_unit,
    "per kg": per_kilogram,
    "per day": per_day,
    "swap": swap_quantities,
    "source-style decimal": source_style_decimal,
    "foreign digit": foreign_digit,
    "confusable letter": confusable_letter,
    "hidden character": hidden_character,
    "temperature sign": temperature_sign,
}
# A mutation the source makes right is no mutation: "per day" where the source says "a day".
APPLIES: dict[str, Callable[[str], bool]] = {
    "per day": lambda source: re.search(r"\bday|\bdaily", source, re.IGNORECASE) is None,
}


@dataclass
class Tally:
    sections: int = 0
    agreeing: int = 0
    false_alarms: int = 0
    alarm_sections: int = 0
    applied: dict[str, int] = field(default_factory=dict)
    caught: dict[str, int] = field(default_factory=dict)
    alarms: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    errata: list[str] = field(default_factory=list)  # genuine errors of the translations


def run() -> dict[str, Tally]:
    agree = index()
    en = number_format("en")
    tallies: dict[str, Tally] = {}
    for product_dir in sorted(p for p in PARALLEL.iterdir() if p.is_dir()):
        source = sections((product_dir / "en.txt").read_text(encoding="utf-8"))
        for language, locale in LOCALES.items():
            path = product_dir / f"{language}.txt"
            if not path.exists():
                continue
            fmt = number_format(locale)
            tally = tallies.setdefault(language, Tally())
            target = sections(path.read_text(encoding="utf-8"))
            agreeing = agree.get((product_dir.name, language), set())
            for n in sorted(set(source) & set(target)):
                tally.sections += 1
                if n not in agreeing:
                    continue
                tally.agreeing += 1
                base = compare(source[n], target[n], en, fmt)
                why = ERRATA.get((product_dir.name, language, n))
                if base and why:
                    tally.errata += [
                        f"{product_dir.name}/{language} §{n}: {p.code}: {why}" for p in base
                    ]
                elif base:
                    tally.false_alarms += len(base)
                    tally.alarm_sections += 1
                    tally.alarms += [
                        f"{product_dir.name}/{language} §{n}: {p.code}: {p.message}" for p in base
                    ]
                before = {(p.code, p.message) for p in base}
                for name, mutate in MUTATIONS.items():
                    if name in APPLIES and not APPLIES[name](source[n]):
                        continue
                    changed = mutate(target[n], fmt)
                    if changed is None or changed == target[n]:
                        continue
                    tally.applied[name] = tally.applied.get(name, 0) + 1
                    after = {(p.code, p.message) for p in compare(source[n], changed, en, fmt)}
                    if after - before:
                        tally.caught[name] = tally.caught.get(name, 0) + 1
                    else:
                        tally.missed.append(f"{product_dir.name}/{language} §{n}: {name}")
    return tallies


def report(tallies: dict[str, Tally], verbose: bool) -> Iterator[str]:
    for language, t in sorted(tallies.items()):
        applied, caught = sum(t.applied.values()), sum(t.caught.values())
        yield (
            f"{language}: {t.sections} sections compared, {t.agreeing} where INDEX says the "
            f"numbers agree; false alarms: {t.false_alarms} (in {t.alarm_sections} sections); "
            f"mutations caught: {caught}/{applied}"
        )
        for erratum in t.errata:
            yield f"    error in the translation, found by the check: {erratum}"
        for name in MUTATIONS:
            if t.applied.get(name):
                yield f"    {name:22} {t.caught.get(name, 0)}/{t.applied[name]}"
        if verbose:
            yield from (f"    false alarm: {a}" for a in t.alarms)
            yield from (f"    missed: {m}" for m in t.missed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every false alarm")
    args = parser.parse_args(argv)
    if not PARALLEL.is_dir():
        print(f"no parallel leaflets at {PARALLEL}", file=sys.stderr)
        return 2
    tallies = run()
    for line in report(tallies, args.verbose):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

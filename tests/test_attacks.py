"""Attacks on the gate, class by class, in five languages and four scripts, through ``build``.

One mutation of the dose sentence of a complete catalog ("take 1 or 2 tablets (500 mg to 1,000
mg) every 4 to 6 hours"), then ``build``: the page must be refused, its earlier copy gone, the
exit status 1 and no traceback. Correct variants of the same sentence must be published: false
alarms teach people to ignore the gate.

German, French, Polish and Arabic use the repository's demo workspace (the Paracetamol leaflet),
Greek the test workspace.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats.po_writer import dumps

from .conftest import ROOT
from .helpers import cli, translated_workspace

DEMO_DOSE = "Take 1 or 2 tablets (500 mg to 1,000 mg) every 4 to 6 hours as needed."
TEST_DOSE = "Adults: take 1 or 2 tablets (500 mg to 1,000 mg) every 4 to 6 hours."
LOCALES = ("de", "fr", "pl", "ar", "el")
HOURS = {"de": ("Stunden", "Minuten"), "fr": ("heures", "minutes"), "pl": ("godzin", "minut"),
         "ar": ("ساعات", "دقائق"), "el": ("ώρες", "λεπτά")}  # fmt: skip
TABLETS = {"de": "Tabletten", "fr": "comprimés", "pl": "tabletki", "ar": "الأقراص", "el": "δισκία"}
PER_DAY = {"de": "pro Tag", "fr": "par jour", "pl": "na dobę", "ar": "في اليوم", "el": "ανά ημέρα"}
DAILY = {
    "de": "täglich",
    "fr": "quotidiennement",
    "pl": "dziennie",
    "ar": "يوميًا",
    "el": "ημερησίως",
}
WRONG_DECIMAL = {"de": "4.5", "fr": "4.5", "pl": "4.5", "ar": "4,5", "el": "4.5"}
MG = {"ar": "ملغ"}  # how the translation writes the units: Latin elsewhere
G = {"ar": "غ"}
KG = {"ar": "كغ"}


def _unit(make: Callable[[str, str, str], str]) -> Callable[[str, str], str]:
    """Change "500 mg" as the locale writes it; ``make(mg, g, kg)`` gives the replacement."""

    def change(text: str, locale: str) -> str:
        mg, g, kg = MG.get(locale, "mg"), G.get(locale, "g"), KG.get(locale, "kg")
        old = f"500 {mg}"
        assert old in text, (old, text)
        return text.replace(old, make(mg, g, kg), 1)

    return change


def _swap_numbers(text: str) -> str:
    """1 (tablets) and 4 (hours) change places: the same numbers, counting other things."""
    first = re.compile(r"(?<![\d.,])1(?![\d.,])")
    four = re.compile(r"(?<![\d.,])4(?![\d.,])")
    return four.sub("§", first.sub("¤", text, count=1), count=1).replace("¤", "4").replace("§", "1")


def _replace(old: str, new: str) -> Callable[[str, str], str]:
    def change(text: str, locale: str) -> str:
        assert old in text, (old, text)
        return text.replace(old, new, 1)

    return change


REFUSED: dict[str, Callable[[str, str], str]] = {
    "number changed": lambda t, lo: t.replace("6", "8", 1),
    "duration changed": lambda t, lo: _replace(*HOURS[lo])(t, lo),
    "numbers swapped between tablets and hours": lambda t, lo: _swap_numbers(t),
    "unit changed": _unit(lambda mg, g, kg: f"500 {g}"),
    "per kilogram added": _unit(lambda mg, g, kg: f"500 {mg}/{kg}"),
    "per day added": lambda t, lo: _unit(lambda mg, g, kg: f"500 {mg} {PER_DAY[lo]}")(t, lo),
    "daily added": lambda t, lo: _unit(lambda mg, g, kg: f"500 {mg} {DAILY[lo]}")(t, lo),
    "decimal the locale does not write": lambda t, lo: t.replace("4", WRONG_DECIMAL[lo], 1),
    "digit of another script": lambda t, lo: t.replace("4", "\u09ea", 1),  # Bengali 4
    "one number in two scripts": _replace("500", "5\u0660\u0660"),  # Latin 5, Arabic-Indic 00
    "letter O touching a digit": lambda t, lo: t.replace("6", "6O", 1),
    "Cyrillic Ze for a 3": lambda t, lo: t.replace("500", "5\u04170", 1),
    "invisible character between digits": _replace("500", "50\u200b0"),
    "minus sign added": lambda t, lo: t.replace("4", "\u22124", 1),
    "hyphen before a number": lambda t, lo: t.replace("4", "\u20104", 1),
    "em dash before a number": lambda t, lo: t.replace("4", "\u20144", 1),
    "balanced isolate": lambda t, lo: "\u2068" + t + "\u2069",
    "direction mark": lambda t, lo: t.replace("500", "\u200e500", 1),
    "zero-width space in the text": lambda t, lo: t[:5] + "\u200b" + t[5:],
    "Hangul filler in the text": lambda t, lo: t[:5] + "\u3164" + t[5:],
    "replacement character": lambda t, lo: t[:5] + "\ufffd" + t[5:],
    "private-use character": lambda t, lo: t[:5] + "\ue000" + t[5:],
    "strike-through": lambda t, lo: t[:3] + "\u0336" + t[3:],
    "C1 control character": lambda t, lo: t + "\u0085",
    "placeholder": lambda t, lo: "TODO",
    "marker left in": lambda t, lo: "TODO " + t,
    "one letter": lambda t, lo: "x",
    "only the quantities left": lambda t, lo: "1 - 2 (500 mg - 1000 mg) 4 - 6",
    "a fragment": lambda t, lo: t.split("(")[0],
}
ACCEPTED: dict[str, Callable[[str, str], str]] = {
    "as translated": lambda t, lo: t,
    "no-break space before the unit": _unit(lambda mg, g, kg: f"500\u00a0{mg}"),
    "narrow no-break space before the unit": _unit(lambda mg, g, kg: f"500\u202f{mg}"),
}
ACCEPTED_IN = {
    ("de", "the count spelled out"): _replace("1 oder 2 Tabletten", "1 oder zwei Tabletten"),
    ("ar", "Arabic-Indic digits"): _replace("500 ملغ", "٥٠٠ ملغ"),
    ("de", "thousands without a separator"): _replace("1.000 mg", "1000 mg"),
    ("fr", "thousands with a plain space"): _replace("1\u202f000 mg", "1 000 mg"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Built workspaces, to copy: the demo (de, fr, pl, ar) and the Greek test workspace."""
    demo = tmp_path_factory.mktemp("demo") / "ws"
    demo.mkdir()
    for name in ("content", "locales", "templates"):
        shutil.copytree(ROOT / name, demo / name)
    # Without the German sign-off policy: every change to an approved translation would be
    # refused as unreviewed (tests/test_review.py), hiding whether the checks catch it.
    settings = (ROOT / "leaflet-i18n.yaml").read_text(encoding="utf-8")
    (demo / "leaflet-i18n.yaml").write_text(settings.split("\nreview:")[0] + "\n")
    assert cli(demo, "build")[0] == 0
    greek = translated_workspace(tmp_path_factory.mktemp("greek"), "el")
    assert cli(greek, "build")[0] == 0
    return {"demo": demo, "el": greek}


def workspace(built: dict[str, Path], locale: str, tmp_path: Path) -> tuple[Path, str, str]:
    """A copy of the built workspace, its catalog of ``locale`` and the dose message."""
    origin = built["el" if locale == "el" else "demo"]
    ws = tmp_path / "ws"
    shutil.copytree(origin, ws)
    if locale == "el":
        return ws, "locales/el/LC_MESSAGES/demo.po", TEST_DOSE
    return ws, f"locales/{locale}/LC_MESSAGES/paracetamol.po", DEMO_DOSE


def mutate(
    ws: Path, catalog: str, msgid: str, change: Callable[[str, str], str], locale: str
) -> str:
    path = ws / catalog
    parsed = read_catalog(path)
    [entry] = [e for e in parsed.messages() if e.msgid == msgid]
    entry.msgstr = change(entry.msgstr, locale)
    path.write_bytes(dumps(parsed))
    return entry.msgstr


def build(ws: Path, locale: str) -> tuple[int, dict[str, Any], str]:
    code, output = cli(ws, "build", "--jobs", "1", "--format", "json", "-l", locale)
    assert "Traceback" not in output
    start = output.index("{")
    report, _ = json.JSONDecoder().raw_decode(output, start)
    return code, report, output


def page_file(ws: Path, locale: str) -> Path:
    return ws / "site" / locale / ("demo.html" if locale == "el" else "paracetamol.html")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("attack", sorted(REFUSED))
def test_attack_is_refused(
    built: dict[str, Path], tmp_path: Path, locale: str, attack: str
) -> None:
    ws, catalog, msgid = workspace(built, locale, tmp_path)
    assert page_file(ws, locale).exists()  # published before the attack
    changed = mutate(ws, catalog, msgid, REFUSED[attack], locale)
    code, report, output = build(ws, locale)
    page = next(
        p
        for p in report["pages"]
        if p["locale"] == locale and not p["path"].endswith("baclofen.html")
    )
    assert code == 1, (attack, changed, output)
    assert not page["published"] and page["blocking"], changed
    assert not any(r["code"].startswith("review.") for r in page["blocking"]), output
    assert not page_file(ws, locale).exists()  # the stale copy is gone


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("variant", sorted(ACCEPTED))
def test_correct_variant_is_published(
    built: dict[str, Path], tmp_path: Path, locale: str, variant: str
) -> None:
    ws, catalog, msgid = workspace(built, locale, tmp_path)
    changed = mutate(ws, catalog, msgid, ACCEPTED[variant], locale)
    code, report, output = build(ws, locale)
    assert code == 0, (variant, changed, output)
    assert page_file(ws, locale).exists()


@pytest.mark.parametrize(("locale", "variant"), sorted(ACCEPTED_IN))
def test_correct_local_variant_is_published(
    built: dict[str, Path], tmp_path: Path, locale: str, variant: str
) -> None:
    ws, catalog, msgid = workspace(built, locale, tmp_path)
    changed = mutate(ws, catalog, msgid, ACCEPTED_IN[(locale, variant)], locale)
    code, _, output = build(ws, locale)
    assert code == 0, (variant, changed, output)

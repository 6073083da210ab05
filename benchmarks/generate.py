"""Generate a synthetic leaflet workspace of any size for benchmarks.

    python benchmarks/generate.py --leaflets 20 --locales 6 --out /tmp/bench-small

About 150 messages per leaflet: realistic leaflet sentences with numbers and
units, boilerplate shared by every leaflet (storage, reporting, header), and
per-leaflet dosing text. Every target locale gets a catalog per leaflet with
stand-in translations that keep numbers (written the locale's way), units and
product names, so they pass the checks. Some locales are still in progress:
5% of their messages are fuzzy and 3% untranslated, in non-critical sections,
except on a few pages where a critical message is fuzzy (those are refused).
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from leaflet_i18n.checks.numbers import number_format
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.model.catalog import Catalog
from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.workspace import Workspace
from leaflet_i18n.steps.extract import leaflet_catalog, template_catalog
from leaflet_i18n.steps.merge import new_catalog

# 24 official EU languages plus Icelandic and Norwegian; English is the source.
EU_LOCALES = [
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pl",
    "nl",
    "pt",
    "ro",
    "el",
    "cs",
    "hu",
    "sv",
    "bg",
    "da",
    "fi",
    "sk",
    "hr",
    "lt",
    "sl",
    "lv",
    "et",
    "ga",
    "mt",
    "is",
    "nb",
]
SUBSTANCES = [
    "amlodipine",
    "metformin",
    "atorvastatin",
    "omeprazole",
    "losartan",
    "sertraline",
    "levothyroxine",
    "ibuprofen",
    "ramipril",
    "bisoprolol",
    "simvastatin",
    "cetirizine",
]
SHARED = {
    "storage": [
        "Keep this medicine out of the sight and reach of children.",
        "Do not use this medicine after the expiry date which is stated on the carton after EXP.",
        "Do not store above {temp} °C.",
        "Do not throw away any medicines via wastewater or household waste.",
    ],
    "reporting": [
        "If you get any side effects, talk to your doctor or pharmacist.",
        "You can also report side effects directly via the national reporting system.",
    ],
}
DOSE = [
    "Take {n} tablet of {dose} mg once a day.",
    "Do not take more than {max} mg in 24 hours.",
    "The usual dose is {dose} mg to {max} mg a day.",
    "Children aged {age} to {age2} years: {kid} mg per kg of body weight.",
    "Leave at least {h} hours between doses.",
    "If you weigh less than {kg} kg, your doctor may give you {pct}% less.",
    "Take the tablets with {ml} ml of water.",
    "Elderly patients should start with {half} mg.",
]
WARN = [
    "Talk to your doctor before taking {name} if you have kidney problems.",
    "{name} can lower blood pressure; stand up slowly.",
    "Tell your doctor if you are taking more than {n} other medicines.",
    "Do not drink alcohol while taking {name}.",
    "Blood tests may be needed every {w} weeks.",
]
EFFECTS = [
    "headache",
    "nausea",
    "dizziness",
    "tiredness",
    "rash",
    "swelling of the ankles",
    "stomach pain",
    "dry mouth",
    "cough",
    "muscle cramps",
    "difficulty sleeping",
]
INFO = [
    "{name} belongs to a group of medicines called {group}.",
    "It is used to treat {cond} in adults.",
    "Each tablet contains {dose} mg of {sub}.",
    "Packs of {p1} or {p2} tablets.",
]


def _sentence(rng: random.Random, pattern: str, name: str) -> str:
    dose = rng.choice([2.5, 5, 10, 20, 40, 50, 100, 250, 500])
    return pattern.format(
        n=rng.randint(1, 3),
        dose=dose,
        max=int(dose * rng.choice([2, 3, 4]) * 10) * 100 // 10,
        age=rng.randint(6, 10),
        age2=rng.randint(11, 17),
        kid=rng.choice([0.5, 1, 1.5, 2]),
        h=rng.choice([4, 6, 8, 12]),
        kg=rng.choice([40, 50, 60]),
        pct=rng.choice([10, 25, 50]),
        ml=rng.choice([100, 200, 250]),
        half=dose / 2,
        name=name,
        w=rng.randint(2, 8),
        group=rng.choice(["ACE inhibitors", "statins", "beta blockers", "antihistamines"]),
        cond=rng.choice(["high blood pressure", "high cholesterol", "allergies", "pain"]),
        sub=rng.choice(SUBSTANCES),
        p1=rng.choice([10, 14, 28]),
        p2=rng.choice([30, 56, 98]),
        temp=rng.choice([25, 30]),
    )


def leaflet_yaml(index: int, rng: random.Random) -> str:
    """One leaflet of about 150 messages, EU structure."""
    name = f"Medicol{index:04d}"
    lines = [
        f"title: {name} {rng.choice([5, 10, 20, 40])} mg film-coated tablets",
        "source_locale: en",
        f"protected_terms: [{name}]",
        "revised: 2026-11-26",
        "sections:",
    ]

    def section(ident: str, kind: str, heading: str, texts: list[str], depth: int = 1) -> None:
        pad = "  " * depth
        lines.extend(
            [
                f"{pad}- id: {ident}",
                f"{pad}  kind: {kind}",
                f'{pad}  heading: "{heading}"',
                f"{pad}  blocks:",
            ]
        )
        lines.extend(f'{pad}    - "{t}"' for t in texts)

    def pick(pool: list[str], count: int) -> list[str]:
        return list(dict.fromkeys(_sentence(rng, rng.choice(pool), name) for _ in range(count)))

    section(
        "what-it-is", "indications", f"1. What {name} is and what it is used for", pick(INFO, 22)
    )
    section("do-not-take", "contraindications", f"Do not take {name}", pick(WARN, 22))
    section("warnings", "warnings", "Warnings and precautions", pick(WARN, 30))
    section("other-medicines", "interactions", f"Other medicines and {name}", pick(WARN, 18))
    section("how-to-take", "dosage", f"3. How to take {name}", pick(DOSE, 46))
    section("overdose", "overdose", f"If you take more {name} than you should", pick(DOSE, 12))
    effects = [
        f"{e.capitalize()} (may affect up to 1 in {f:,} people)."
        for e in EFFECTS
        for f in (10, 100, 1000)
    ]
    section("side-effects", "side_effects", "4. Possible side effects", rng.sample(effects, 30))
    shared = [t.format(temp=25) for t in SHARED["storage"]]
    section("storage", "storage", f"5. How to store {name}", shared)
    section("reporting", "reporting", "Reporting of side effects", SHARED["reporting"])
    section("contents", "contents", "6. Contents of the pack and other information", pick(INFO, 22))
    return "\n".join(lines) + "\n"


def stand_in(text: str, locale: str, source_fmt: object) -> str:
    """A translation that keeps numbers (the locale's way), units and names."""
    from leaflet_i18n.checks.numbers import quantities

    fmt = number_format(locale)
    out = text
    for q in quantities(text, source_fmt):  # type: ignore[arg-type]
        if not q.literal or q.literal.isdigit():  # "0000" in "Medicol0000" stays
            continue
        written = format(abs(q.value), "f").replace(".", fmt.decimals[0])
        out = out.replace(q.literal, written, 1)
    return f"‹{locale}› {out}"


def generate(out: Path, leaflets: int, locales: int, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    chosen = EU_LOCALES[:locales]
    targets = chosen[1:]
    (out / "leaflet-i18n.yaml").write_text(
        f"source_locale: en\ntarget_locales: [{', '.join(targets)}]\noutput: site\n"
    )
    for i in range(leaflets):
        (out / "content" / f"medicol-{i:04d}.yaml").write_text(leaflet_yaml(i, rng))
    ws = Workspace.open(out)
    source_fmt = number_format("en")
    incomplete = set(targets[1::5])  # every fifth locale is still in translation
    entries = 0
    created = "2026-11-26 00:00+0000"
    templates = template_catalog(ws, created)
    (out / "locales").mkdir()
    (out / "locales" / "templates.pot").write_bytes(dumps(templates))
    for path in ws.content_files():
        leaflet = load_leaflet(path, ws.display(path), ws.settings)
        pot = leaflet_catalog(leaflet, created)
        (out / "locales" / f"{leaflet.slug}.pot").write_bytes(dumps(pot))
        critical = {m.msgid for m in leaflet.messages() if m.critical}
        for locale in targets:
            catalog = new_catalog(pot, locale, leaflet.slug)
            _fill(catalog, locale, locale in incomplete, critical, rng, source_fmt)
            target = out / "locales" / locale / "LC_MESSAGES" / f"{leaflet.slug}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(dumps(catalog))
            entries += len(catalog) - 1
    for locale in targets:
        catalog = new_catalog(templates, locale, "templates")
        _fill(catalog, locale, False, set(), rng, source_fmt)
        (out / "locales" / locale / "LC_MESSAGES" / "templates.po").write_bytes(dumps(catalog))
        entries += len(catalog) - 1
    return {
        "leaflets": leaflets,
        "locales": locales,
        "catalogs": leaflets * len(targets) + len(targets),
        "entries": entries,
        "pages": leaflets * locales,
    }


def _fill(
    catalog: Catalog,
    locale: str,
    incomplete: bool,
    critical: set[str],
    rng: random.Random,
    source_fmt: object,
) -> None:
    blocked_page = incomplete and rng.random() < 0.1
    for entry in catalog.messages():
        entry.msgstr = stand_in(entry.msgid, locale, source_fmt)
        if not incomplete:
            continue
        roll = rng.random()
        if entry.msgid in critical and not blocked_page:
            continue
        if roll < 0.05:
            entry.fuzzy = True
        elif roll < 0.08:
            entry.msgstr = ""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--leaflets", type=int, default=20)
    parser.add_argument(
        "--locales", type=int, default=6, help="including the source locale (max 26)"
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    figures = generate(args.out, args.leaflets, min(args.locales, len(EU_LOCALES)), args.seed)
    print(", ".join(f"{k}: {v:,}" for k, v in figures.items()))


if __name__ == "__main__":
    main()

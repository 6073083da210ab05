"""Generate a synthetic leaflet workspace of any size for benchmarks.

    python benchmarks/generate.py --leaflets 20 --locales 6 --out /tmp/bench-small

About 150 messages per leaflet: realistic leaflet sentences with numbers and
units, boilerplate shared by every leaflet (storage, reporting, header), and
per-leaflet dosing text. Every target locale gets a catalog per leaflet with
stand-in translations that keep numbers (written the locale's way), units and
product names, so they pass the checks. Some locales are still in progress:
5% of their messages are fuzzy and 3% untranslated, in non-critical sections,
except on a few pages where a critical message is fuzzy (those are refused).

The catalogs look like real ones: fuzzy entries keep the source they were
translated from (``#|``), a few entries carry translator comments, every
catalog ends with obsolete entries (``#~``: old wordings, some fuzzy with
``#~|``, some plural, some multi-line), about one catalog in eight has
Windows line ends (CRLF), and the leaflet catalogs of Polish, Greek and
Bulgarian are in their legacy charsets (ISO-8859-2, ISO-8859-7, CP1251).
Every file passes ``msgfmt --check``.

:func:`real_catalog` makes one large catalog shaped like a program's
(util-linux, vim): wrapped multi-line usage texts, C format strings,
plurals, context, fuzzy entries with previous msgids, obsolete entries.

    python benchmarks/generate.py --catalog 100000 --out /tmp/real-100k.po
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

from leaflet_i18n.checks.numbers import number_format
from leaflet_i18n.checks.plural import parse_plural_forms
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.model.catalog import Catalog, Entry
from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.workspace import Workspace
from leaflet_i18n.steps.extract import leaflet_catalog, template_catalog
from leaflet_i18n.steps.merge import new_catalog, po_header

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
    return f"{_marker(locale)} {out}"


# Leaflet catalogs of these locales are written in a legacy charset, as older
# translation tools still do; the stand-in marker uses the charset's letters.
LEGACY_CHARSETS = {"pl": "ISO-8859-2", "el": "ISO-8859-7", "bg": "CP1251"}
_LEGACY_MARKERS = {"pl": "[Zażółć]", "el": "[Ελληνικά]", "bg": "[Български]"}


def _marker(locale: str) -> str:
    return _LEGACY_MARKERS.get(locale, f"‹{locale}›")


def write_po(path: Path, catalog: Catalog, charset: str = "UTF-8", crlf: bool = False) -> None:
    """Write ``catalog`` as msgcat lays it out, in ``charset``, with CRLF line ends if asked."""
    data = dumps(catalog)
    if charset != "UTF-8":
        text = data.decode("utf-8").replace("charset=UTF-8", f"charset={charset}", 1)
        data = text.encode(charset)
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    path.write_bytes(data)


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
    entries = obsolete = 0
    shape = random.Random(seed + 1)  # line ends: apart from the content's random stream
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
            obsolete += _add_obsolete(catalog, locale, rng, source_fmt)
            target = out / "locales" / locale / "LC_MESSAGES" / f"{leaflet.slug}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            charset = LEGACY_CHARSETS.get(locale, "UTF-8")
            write_po(target, catalog, charset, crlf=_crlf(locale, shape))
            entries += len(catalog) - 1 - sum(1 for _ in catalog.obsolete())
    for locale in targets:
        catalog = new_catalog(templates, locale, "templates")
        _fill(catalog, locale, False, set(), rng, source_fmt)
        target = out / "locales" / locale / "LC_MESSAGES" / "templates.po"
        write_po(target, catalog, crlf=_crlf(locale, shape))  # “quotes”: UTF-8 only
        entries += len(catalog) - 1
    return {
        "leaflets": leaflets,
        "locales": locales,
        "catalogs": leaflets * len(targets) + len(targets),
        "entries": entries,
        "obsolete": obsolete,
        "pages": leaflets * locales,
    }


def _crlf(locale: str, shape: random.Random) -> bool:
    """About one catalog in eight was last saved on Windows (never German: run.py edits those)."""
    return locale != "de" and shape.random() < 0.125


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
            entry.previous_msgid = _reworded(entry.msgid, rng)  # translated before a change
        elif roll < 0.08:
            entry.msgstr = ""
        elif roll < 0.10:
            entry.comments.append(rng.choice(TRANSLATOR_NOTES))


TRANSLATOR_NOTES = [
    "Checked against the SmPC wording.",
    "Term as in the national formulary.",
    "Reviewed by the local affiliate, see ticket 4711.",
]


def _reworded(text: str, rng: random.Random) -> str:
    """An earlier wording of ``text``: another number, or one word fewer."""
    numbers = list(re.finditer(r"(?<![\w.,])\d+(?!\w)", text))  # not in names (Medicol0001)
    if numbers and rng.random() < 0.6:
        old = rng.choice(numbers)
        return f"{text[: old.start()]}{int(old.group()) + rng.randint(1, 9)}{text[old.end() :]}"
    words = text.split(" ")
    if len(words) > 3:
        del words[rng.randrange(1, len(words) - 1)]
        return " ".join(words)
    return text + " (old)"


def _add_obsolete(catalog: Catalog, locale: str, rng: random.Random, source_fmt: object) -> int:
    """Obsolete entries as msgmerge leaves them: old wordings, some fuzzy, plural, multi-line."""
    messages = list(catalog.messages())
    header = catalog.header
    spec = catalog.header_field("Plural-Forms") if header else None
    nplurals = parse_plural_forms(spec)[0] if spec else 2
    keys = {e.key for e in messages}
    added = 0
    for _ in range(rng.randint(3, 8)):
        base = rng.choice(messages)
        msgid = _reworded(base.msgid, rng)
        if (base.msgctxt, msgid) in keys:
            continue
        keys.add((base.msgctxt, msgid))
        entry = Entry(
            msgid=msgid,
            msgstr=stand_in(msgid, locale, source_fmt),
            msgctxt=base.msgctxt,
            references=list(base.references),
            obsolete=True,
        )
        if rng.random() < 0.3:
            entry.fuzzy = True
            entry.previous_msgid = _reworded(msgid, rng)
        catalog.entries.append(entry)
        added += 1
    marker = _marker(locale)
    catalog.entries.append(
        Entry(
            msgid="%d tablet",
            msgid_plural="%d tablets",
            msgstr_plural=[f"{marker} %d tablet{'s' * i}" for i in range(nplurals)],
            msgctxt="contents",
            flags=["c-format"],
            obsolete=True,
        )
    )
    catalog.entries.append(
        Entry(
            msgid="Each pack contains:\n- 28 tablets\n- a patient card\n",
            msgstr=f"{marker} Each pack contains:\n- 28 tablets\n- a patient card\n",
            msgctxt="contents",
            comments=["Layout kept from the 2019 leaflet."],
            obsolete=True,
        )
    )
    return added + 2


# ---------------------------------------------------------------- one program-shaped catalog

_VOCABULARY = (
    "device partition table size sector block file system mount point option value number "
    "list print show all available columns output format default disable enable write read "
    "cannot failed to open close allocate memory invalid argument missing name label type "
    "user group owner time date zone limit offset length start end count buffer cache flush "
    "kernel module driver signal process timeout wait retry force verbose quiet help version"
).split()
_OPTIONS = "a all b bytes c check d debug f force h help l list n noheadings o output r raw".split()
_DIRECTIVES = ["%s", "%d", "%u", "%lu", "%-25s", "%zu", "%x"]
_FORMAT = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t)?[diouxXeEfgGcspn%]")
_PL_LETTERS = str.maketrans("aeoszcnlAEOSZ", "ąęóśżćńłĄĘÓŚŻ")


def _words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(_VOCABULARY) for _ in range(rng.randint(low, high)))


def _pseudo_pl(text: str) -> str:
    """A stand-in Polish translation: letters with diacritics, format directives kept."""
    parts = _FORMAT.split(text)
    kept = _FORMAT.findall(text)
    out = [parts[0].translate(_PL_LETTERS)]
    for directive, part in zip(kept, parts[1:], strict=True):
        out += [directive, part.translate(_PL_LETTERS)]
    return "".join(out)


def _message(rng: random.Random, serial: int) -> tuple[str, bool]:
    """A source message (unique by ``serial``) and whether it is a C format string."""
    kind = rng.random()
    if kind < 0.22:  # a usage text: option lines, wrapped at the page width when long
        lines = [f"Usage: {_words(rng, 1, 2)} [options] <{rng.choice(_VOCABULARY)}>\n"]
        for _ in range(rng.randint(2, 12)):
            short, long = rng.sample(_OPTIONS, 2)
            lines.append(f" -{short[0]}, --{long:<20} {_words(rng, 3, 12)}\n")
        lines.append(f" (#{serial})\n")
        return "".join(lines), False
    text = _words(rng, 2, 22).capitalize()
    if kind < 0.55:
        directives = rng.sample(_DIRECTIVES, rng.randint(1, 2))
        return f"{text} {' '.join(directives)} (#{serial})", True
    end = rng.choice([".", ":", "", "\n"])
    if end == "\n":
        return f"{text} #{serial}\n", False
    return f"{text} #{serial}{end}", False


def _references(rng: random.Random) -> list[str]:
    folders = ["disk-utils", "misc-utils", "sys-utils", "login-utils", "term-utils", "lib"]
    return [
        f"{rng.choice(folders)}/{rng.choice(_VOCABULARY)}.c:{rng.randint(10, 3000)}"
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 5, 9]))
    ]


def real_catalog(count: int, seed: int = 1, locale: str = "pl") -> Catalog:
    """A catalog of ``count`` active entries shaped like a program's, plus 10% obsolete.

    About 22% wrapped multi-line usage texts, a third C format strings, 3%
    plurals, 10% with context; 85% translated, 8% fuzzy (most with the
    previous msgid ``#|``), 7% untranslated; translator and extracted
    comments, one to nine references each. It passes ``msgfmt --check``.
    """
    rng = random.Random(seed)
    header = po_header("real-shaped 1.0", locale, "2026-11-26 00:00+0000", "2026-11-26 00:00+0000")
    header.comments = [
        "Polish translation of a real-shaped benchmark catalog.",
        "This file is distributed under the same license as the package.",
        "",
    ]
    spec = header.msgstr.split("Plural-Forms: ", 1)[1].split("\n", 1)[0]
    nplurals = parse_plural_forms(spec)[0]
    entries = [header]
    for serial in range(count + count // 10):
        msgid, c_format = _message(rng, serial)
        entry = Entry(msgid=msgid, references=_references(rng))
        if c_format:
            entry.flags.append("c-format")
        if rng.random() < 0.10:
            entry.msgctxt = rng.choice(["verb", "noun", "column name", "unit", "device type"])
        if rng.random() < 0.10:
            entry.extracted.append(f"TRANSLATORS: keep '{rng.choice(_OPTIONS)}' untranslated.")
        if rng.random() < 0.03:
            entry.comments.append(f"Checked with the {rng.choice(_VOCABULARY)} team.")
        if rng.random() < 0.03 and c_format:
            entry.msgid_plural = msgid.replace(" (#", "s (#", 1)
            entry.msgstr_plural = [_pseudo_pl(entry.msgid_plural)] * nplurals
            entry.msgstr_plural[0] = _pseudo_pl(msgid)
        state = rng.random()
        if state < 0.07:
            entry.msgstr_plural = [""] * len(entry.msgstr_plural)
        else:
            if entry.msgid_plural is None:
                entry.msgstr = _pseudo_pl(msgid)
            if state < 0.15:
                entry.fuzzy = True
                if rng.random() < 0.8:
                    entry.previous_msgid = _reworded(msgid, rng)
        entry.obsolete = serial >= count
        if entry.obsolete and not entry.first_msgstr:
            entry.msgstr = _pseudo_pl(msgid)  # msgcat drops untranslated obsolete entries
        entries.append(entry)
    return Catalog(entries=entries)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--leaflets", type=int, default=20)
    parser.add_argument(
        "--locales", type=int, default=6, help="including the source locale (max 26)"
    )
    parser.add_argument(
        "--catalog",
        type=int,
        metavar="ENTRIES",
        help="write one program-shaped catalog of ENTRIES messages to --out instead",
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.catalog:
        catalog = real_catalog(args.catalog, args.seed)
        write_po(args.out, catalog)
        print(f"{args.out}: {args.catalog:,} entries, {args.out.stat().st_size / 2**20:.1f} MiB")
        return
    figures = generate(args.out, args.leaflets, min(args.locales, len(EU_LOCALES)), args.seed)
    print(", ".join(f"{k}: {v:,}" for k, v in figures.items()))


if __name__ == "__main__":
    main()

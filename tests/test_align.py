"""align: an existing translation to the source's structure, as fuzzy entries with their origin."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.text import read_text
from leaflet_i18n.sources.yaml_writer import dump_draft
from leaflet_i18n.steps.align import align, numbers_of

from .conftest import ROOT, msgfmt_check, needs_gettext
from .helpers import cli

PARALLEL = ROOT.parent / "shared" / "real-leaflets" / "parallel"
PAIRS = (
    sorted(
        (d.name, f.stem)
        for d in PARALLEL.iterdir()
        if d.is_dir()
        for f in d.glob("*.txt")
        if f.stem != "en"
    )
    if PARALLEL.is_dir()
    else []
)

ENGLISH = """\
Sample 20 mg tablets
1. What Sample is and what it is used for
Sample lowers blood pressure in adults.
2. What you need to know before you take Sample
Do not take Sample
- if you are allergic to samplin.
Warnings and precautions
Talk to your doctor if you have kidney problems.
3. How to take Sample
The usual dose is 20 mg once a day.
Do not take more than 40 mg a day.
4. Possible side effects
Common (may affect up to 1 in 10 people): headache.
"""

DANISH = """\
Sample 20 mg tabletter
1. Virkning og anvendelse
Sample sænker blodtrykket hos voksne.
2. Det skal du vide, før du begynder at tage Sample
Tag ikke Sample
- hvis du er allergisk over for samplin.
Advarsler og forsigtighedsregler
Kontakt lægen, hvis du har nyreproblemer.
3. Sådan skal du tage Sample
Den sædvanlige dosis er 20 mg én gang dagligt.
Tag ikke mere end 40 mg om dagen.
Tekst uden modstykke i den engelske udgave.
4. Bivirkninger
Almindelige (kan forekomme hos op til 1 ud af 10 personer): hovedpine.
"""


def workspace(tmp_path: Path, english: str = ENGLISH) -> Path:
    ws = tmp_path / "ws"
    (ws / "content").mkdir(parents=True)
    draft, _ = read_text(english, "en.txt", "en")
    (ws / "content" / "sample.yaml").write_text(dump_draft(draft), encoding="utf-8")
    (tmp_path / "da.txt").write_text(DANISH, encoding="utf-8")
    return ws


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("1,000 mg", ["1000"]),
        ("1.000 mg", ["1000"]),
        ("1 in 10", ["1", "10"]),
        ("2 C 8 C", ["2", "8"]),
        ("none", []),
    ],
)
def test_numbers_of(text: str, numbers: list[str]) -> None:
    assert sorted(numbers_of(text)) == sorted(numbers)


def test_sections_pair_by_qrd_slot_and_messages_by_order(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    leaflet = load_leaflet(ws / "content" / "sample.yaml", "content/sample.yaml")
    translated, _ = read_text(DANISH, "da.txt", "da")
    result = align(leaflet, translated)
    got = {(p.message.context, p.message.msgid): (p.translation, p.lines) for p in result.pairs}
    assert got[("before-you-take/do-not-take", "Do not take Sample")] == ("Tag ikke Sample", (5,))
    assert got[("how-to-take", "Do not take more than 40 mg a day.")] == (
        "Tag ikke mere end 40 mg om dagen.",
        (11,),
    )
    assert got[("before-you-take/warnings", "Warnings and precautions")][0] == (
        "Advarsler og forsigtighedsregler"
    )
    assert [s.line for s in result.leftover] == [12]
    assert all(p.numbers_agree for p in result.pairs)
    assert result.unaligned == []


@needs_gettext
def test_align_command_writes_fuzzy_entries_with_their_origin(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    code, output = cli(
        ws, "align", "-l", "da", str(ws / "content" / "sample.yaml"), str(tmp_path / "da.txt")
    )
    assert code == 0, output
    assert "translated text matches no source message: 'Tekst uden modstykke" in output
    assert re.search(r"da\.txt:12: warning: .* \[align\.leftover\]", output)
    po = ws / "locales" / "da" / "LC_MESSAGES" / "sample.po"
    assert "wrote locales/da/LC_MESSAGES/sample.po: " in output
    assert msgfmt_check(po).returncode == 0, msgfmt_check(po).stderr
    catalog = read_catalog(po)
    translated = [e for e in catalog.messages() if e.msgstr]
    assert translated and all(e.fuzzy for e in translated)
    entry = catalog.get("Do not take Sample", "before-you-take/do-not-take")
    assert entry is not None and entry.msgstr == "Tag ikke Sample"
    assert "aligned from da.txt:5" in entry.extracted
    assert catalog.header_field("Language") == "da"
    # the gate refuses fuzzy text in critical sections until a human confirms it
    code, output = cli(ws, "check", "-l", "da")
    assert code == 1 and "fuzzy" in output


@needs_gettext
def test_existing_translations_are_never_overwritten(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    args = ["align", "-l", "da", str(ws / "content" / "sample.yaml"), str(tmp_path / "da.txt")]
    cli(ws, *args)
    po = ws / "locales" / "da" / "LC_MESSAGES" / "sample.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace(
        '#, fuzzy\nmsgctxt "before-you-take/do-not-take"\nmsgid "Do not take Sample"\nmsgstr "Tag ikke Sample"',
        'msgctxt "before-you-take/do-not-take"\nmsgid "Do not take Sample"\nmsgstr "Tag ikke Sample!"',
    )
    po.write_text(text, encoding="utf-8")
    code, output = cli(ws, *args)
    assert code == 0
    catalog = read_catalog(po)
    entry = catalog.get("Do not take Sample", "before-you-take/do-not-take")
    assert entry is not None and entry.msgstr == "Tag ikke Sample!" and not entry.fuzzy
    assert "kept" in output and "0 fuzzy entries" in output
    assert msgfmt_check(po).returncode == 0


def test_align_refuses_the_source_locale(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    code, output = cli(
        ws, "align", "-l", "en", str(ws / "content" / "sample.yaml"), str(tmp_path / "da.txt")
    )
    assert code == 2 and "source locale" in output
    assert not (ws / "locales").exists()


@needs_gettext
@pytest.mark.slow
@pytest.mark.skipif(not PAIRS, reason=f"no parallel leaflets at {PARALLEL}")
@pytest.mark.parametrize(("product", "lang"), PAIRS, ids=lambda v: str(v))
def test_real_parallel_leaflets_align(tmp_path: Path, product: str, lang: str) -> None:
    english = (PARALLEL / product / "en.txt").read_text(encoding="utf-8")
    ws = workspace(tmp_path, english)
    translated = PARALLEL / product / f"{lang}.txt"
    code, output = cli(
        ws, "align", "-l", lang, str(ws / "content" / "sample.yaml"), str(translated)
    )
    assert code == 0, output
    po = ws / "locales" / lang / "LC_MESSAGES" / "sample.po"
    assert msgfmt_check(po).returncode == 0, msgfmt_check(po).stderr
    catalog = read_catalog(po)
    filled = [e for e in catalog.messages() if e.msgstr]
    assert filled and all(e.fuzzy for e in filled)
    assert all(any(x.startswith(f"aligned from {lang}.txt:") for x in e.extracted) for e in filled)
    agree = sum(numbers_of(e.msgid) == numbers_of(e.msgstr) for e in filled)
    assert agree / len(filled) >= 0.85

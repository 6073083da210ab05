"""Plain-text import that knows the QRD template: headings, run-in headings, TOC, lists, no loss."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from leaflet_i18n.sources import qrd
from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.draft import Draft, DraftList, DraftParagraph, DraftTable, draft_texts
from leaflet_i18n.sources.text import import_text, read_text, source_lines
from leaflet_i18n.sources.yaml_writer import dump_draft

from .conftest import ROOT

REAL = ROOT.parent / "shared" / "real-leaflets"
REAL_EN = sorted((REAL / "en").glob("*.txt")) if (REAL / "en").is_dir() else []
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"no real leaflets at {REAL}")

_MARKER = re.compile(r"^\s*(?:[-*•·–→▪■◦➢►\uf0b7\uf0a7\uf0d8\uf076\uf0fc]|o(?=\s))\s+")
_INLINE_MARKER = re.compile(r"\s[•\uf0b7\uf0a7\uf0d8]\s")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", qrd.fold(text))


def source_words(text: str) -> list[str]:
    """The words of a text file, list markers (bullets, "o") not counted as words."""
    out: list[str] = []
    for line in text.splitlines():
        out += words(_INLINE_MARKER.sub(" ", _MARKER.sub("", line)))
    return out


def draft_words(draft: Draft) -> list[str]:
    return [w for text, _ in draft_texts(draft) for w in words(text)]


QRD_SAMPLE = """\
B. Package Leaflet
Package leaflet: Information for the user
Read all of this leaflet carefully before you start taking this medicine.
- Keep this leaflet.
What is in this leaflet
- What Sample is and what it is used for
- What you need to know before you take Sample
- How to take Sample
- Possible side effects
- How to store Sample
- Contents of the pack and other information
1. What sample is and what it is used for
Sample lowers blood pressure.
2. What you need to know before you are given sample
Do not take Sample:
- if you are allergic to it.
  - or to peanut
\uf0b7 if you are pregnant
Warnings and precautions Talk to your doctor before taking Sample.
- if you have kidney problems containing aliskiren Children and adolescents Do not give it to children.
Other medicines and Sample Tell your doctor.
Sample with food and drink Take it with food.
Pregnancy and breast-feeding Ask your doctor.
Driving and using machines Sample may make you dizzy.
Sample contains lactose If you have been told you have an intolerance, talk to your doctor.
3. How to take sample
The usual dose is 20 mg.
Weight | Dose
under 25 kg | 10 mg
If you take more Sample than you should Talk to a doctor.
If you forget to take Sample Take it as soon as you remember.
If you stop taking Sample Your illness may come back.
4. Possible side effects
Common (may affect up to 1 in 10 people) headache Reporting of side effects If you get any side effects, talk to your doctor.
5. How to store sample
Keep this medicine out of the sight and reach of children.
6. Contents of the pack and other information
What Sample contains The active substance is samplin.
What Sample looks like and contents of the pack White tablets.
Marketing Authorisation Holder Sample Pharma, Sampletown
This leaflet was last revised in 11/2026.
"""


def imported(text: str, lang: str | None = None) -> Draft:
    draft, _ = read_text(text, "in.txt", lang)
    return draft


def slots_of(draft: Draft) -> list[tuple[str | None, str, str | None]]:
    return [(s.slot, s.kind, s.heading) for s in draft.walk()]


def test_qrd_sections_sub_headings_and_kinds() -> None:
    draft = imported(QRD_SAMPLE)
    assert draft.title == "B. Package Leaflet"
    got = [(slot, kind) for slot, kind, _ in slots_of(draft)]
    assert got == [
        ("pl.title", "header"),
        ("pl.contents", "header"),
        ("pl.1", "indications"),
        ("pl.2", "warnings"),
        ("pl.2.donottake", "contraindications"),
        ("pl.2.warnings", "warnings"),
        ("pl.2.children", "children"),
        ("pl.2.medicines", "interactions"),
        ("pl.2.food", "food_drink"),
        ("pl.2.pregnancy", "pregnancy"),
        ("pl.2.driving", "driving"),
        ("pl.2.excipients", "excipients"),
        ("pl.3", "dosage"),
        ("pl.3.toomuch", "overdose"),
        ("pl.3.forgotten", "missed_dose"),
        ("pl.3.stopping", "stopping"),
        ("pl.4", "side_effects"),
        ("pl.4.reporting", "reporting"),
        ("pl.5", "storage"),
        ("pl.6", "contents"),
        ("pl.6.contents", "contents"),
        ("pl.6.appearance", "contents"),
        ("pl.6.holder", "contents"),
        ("pl.6.revised", "revision"),
    ]
    assert [s.id for s in draft.sections] == [
        "header",
        "in-this-leaflet",
        "what-it-is-for",
        "before-you-take",
        "how-to-take",
        "side-effects",
        "storage",
        "contents",
    ]


@pytest.mark.parametrize(
    ("slot", "heading", "first_text"),
    [
        ("pl.2.warnings", "Warnings and precautions", "Talk to your doctor before taking Sample."),
        ("pl.2.children", "Children and adolescents", "Do not give it to children."),
        ("pl.2.medicines", "Other medicines and Sample", "Tell your doctor."),
        ("pl.2.excipients", "Sample contains lactose", "If you have been told you have"),
        ("pl.3.toomuch", "If you take more Sample than you should", "Talk to a doctor."),
        ("pl.3.forgotten", "If you forget to take Sample", "Take it as soon as you remember."),
        ("pl.4.reporting", "Reporting of side effects", "If you get any side effects"),
        ("pl.6.holder", "Marketing Authorisation Holder", "Sample Pharma, Sampletown"),
    ],
)
def test_run_in_headings_are_split_from_their_text(
    slot: str, heading: str, first_text: str
) -> None:
    draft = imported(QRD_SAMPLE)
    [section] = [s for s in draft.walk() if s.slot == slot]
    assert section.heading == heading
    first = section.blocks[0]
    text = first.text if isinstance(first, DraftParagraph) else first.lead or first.items[0].text  # type: ignore[union-attr]
    assert text.startswith(first_text)


def test_table_of_contents_is_a_list_not_sections() -> None:
    draft = imported(QRD_SAMPLE)
    toc = draft.sections[1]
    assert toc.heading == "What is in this leaflet"
    [lst] = toc.blocks
    assert isinstance(lst, DraftList) and len(lst.items) == 6
    numbered = (
        "T\n"
        + "\n".join(
            f"{n}. {h}"
            for n, h in enumerate(
                [
                    "What X is and what it is used for",
                    "What you need to know before you take X",
                    "How to take X",
                    "Possible side effects",
                    "How to store X",
                    "Contents of the pack and other information",
                ],
                1,
            )
        )
        + "\n1. What X is and what it is used for\nX lowers blood pressure.\n2. What you need to know before you take X\nText.\n"
    )
    draft = imported(numbered)
    assert [s.slot for s in draft.sections][:3] == ["pl.contents", "pl.1", "pl.2"]
    assert len(draft.sections[0].blocks[0].items) == 6  # type: ignore[union-attr]


def test_mid_line_heading_after_a_flattened_list() -> None:
    draft = imported(QRD_SAMPLE)
    [children] = [s for s in draft.walk() if s.slot == "pl.2.children"]
    [warnings] = [s for s in draft.walk() if s.slot == "pl.2.warnings"]
    items = [b for b in warnings.blocks if isinstance(b, DraftList)][0].items
    assert items[-1].text == "if you have kidney problems containing aliskiren"
    assert children.line == items[-1].line


def test_bullets_glyphs_and_nesting() -> None:
    draft = imported(QRD_SAMPLE)
    [section] = [s for s in draft.walk() if s.slot == "pl.2.donottake"]
    [lst] = section.blocks
    assert isinstance(lst, DraftList)
    assert [(i.text, i.level) for i in lst.items] == [
        ("if you are allergic to it.", 0),
        ("or to peanut", 1),
        ("if you are pregnant", 0),
    ]


def test_table_rows_become_a_table() -> None:
    draft = imported(QRD_SAMPLE)
    [dose] = [s for s in draft.walk() if s.slot == "pl.3"]
    [table] = [b for b in dose.blocks if isinstance(b, DraftTable)]
    assert [r.cells for r in table.rows] == [["Weight", "Dose"], ["under 25 kg", "10 mg"]]


@pytest.mark.parametrize(
    ("lang", "line", "slot"),
    [
        ("en", "2. What you need to know before you are given Aclasta", "pl.2"),
        ("en", "Do NOT use Humalog Mix50", "pl.2.donottake"),
        ("en", "You must not be given Aclasta:", "pl.2.donottake"),
        ("en", "Pregnancy, breast-feeding and fertility", "pl.2.pregnancy"),
        ("en", "3. How Aclasta is given", "pl.3"),
        (
            "en",
            "1. What Remsima 100 mg powder for concentrate for solution for infusion is and what it is used for",
            "pl.1",
        ),
        ("en", "Lorem ipsum dolor", None),
        ("da", "2. Det skal du vide, før du begynder at tage Biktarvy", "pl.2"),
        ("da", "Du må ikke få Aclasta", "pl.2.donottake"),
        ("da", "Trafik- og arbejdssikkerhed", "pl.2.driving"),
        ("da", "Hvis du har glemt at tage Dovato", "pl.3.forgotten"),
        ("pt", "Caso se tenha esquecido de tomar Biktarvy", "pl.3.forgotten"),
        ("pt", "4. Efeitos indesejáveis possíveis", "pl.4"),
        ("pt", "Condução de veículos e utilização de máquinas", "pl.2.driving"),
        ("es", "2. Qué necesita saber antes de empezar a tomar Biktarvy", "pl.2"),
        ("es", "Si olvidó tomar Biktarvy", "pl.3.forgotten"),
        ("de", "Wenn Sie die Einnahme von Accupro 10 vergessen haben", "pl.3.forgotten"),
        ("de", "2.5 Verkehrstüchtigkeit und Fähigkeit zum Bedienen von Maschinen", "pl.2.driving"),
    ],
)
def test_heading_table(lang: str, line: str, slot: str | None) -> None:
    match = qrd.heading_table(lang).whole(line)
    assert (match.slot if match else None) == slot


def test_every_slot_has_an_english_wording_a_kind_and_a_code() -> None:
    rows = qrd.heading_table("en").rows
    assert {r.slot for r in rows} == set(qrd.SLOT_KINDS)
    assert set(qrd.SLOT_KINDS) == set(qrd.SLOT_IDS)
    codes = qrd.section_codes()
    assert {c.slot for c in codes.values()} <= set(qrd.SLOT_KINDS)
    assert codes["200000029897"].kind == "contraindications"
    assert {"en", "da", "pt", "es", "de"} <= set(qrd.languages())


def test_guess_comment_names_the_qrd_heading(tmp_path: Path) -> None:
    yaml_text, _ = import_text(QRD_SAMPLE, "in.txt")
    assert "kind: contraindications  # guess: QRD heading 'Do not take X' (en)" in yaml_text
    target = tmp_path / "sample.yaml"
    target.write_text(yaml_text, encoding="utf-8")
    leaflet = load_leaflet(target, "sample.yaml")
    assert leaflet.section("before-you-take/do-not-take") is not None


def test_notes_name_split_and_missing_headings() -> None:
    text = "T\n1. What X is and what it is used for\nText.\n3. How to take X\nText with Warnings.\n"
    _, notes = read_text(text, "in.txt")
    codes = [(n.location.line, n.code) for n in notes]
    assert (4, "import.missing-section") in codes
    assert all(str(n).startswith("in.txt:") for n in notes)


def test_wrapped_paragraphs_are_joined_between_blank_lines() -> None:
    text = "Title\n\nDosage\n\nThe usual dose is 20 mg\nonce a day.\n\n- one\n- two\n\nStorage\n\nKeep cool.\n"
    lines = source_lines(text)
    assert [ln.text for ln in lines] == [
        "Title",
        "Dosage",
        "The usual dose is 20 mg once a day.",
        "one",
        "two",
        "Storage",
        "Keep cool.",
    ]


def test_language_is_detected_from_its_headings() -> None:
    danish = "B. INDLÆGSSEDDEL\n1. Virkning og anvendelse\nTekst.\n4. Bivirkninger\nTekst.\n"
    assert imported(danish).source_locale == "da"


def test_huge_line_imports_and_loads(tmp_path: Path) -> None:
    text = "Title\n1. What X is and what it is used for\n" + " ".join(["word"] * 300_000) + "\n"
    yaml_text, _ = import_text(text, "in.txt")
    target = tmp_path / "huge.yaml"
    target.write_text(yaml_text, encoding="utf-8")
    assert load_leaflet(target, "huge.yaml").sections


def test_no_word_is_lost_in_the_sample() -> None:
    assert draft_words(imported(QRD_SAMPLE)) == source_words(QRD_SAMPLE)


@needs_real
@pytest.mark.slow
@pytest.mark.parametrize("path", REAL_EN, ids=lambda p: p.stem)
def test_real_leaflet_imports_loads_and_keeps_every_word(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    draft, notes = read_text(text, path.name)
    assert draft_words(draft) == source_words(text)
    target = tmp_path / "leaflet.yaml"
    target.write_text(dump_draft(draft), encoding="utf-8")
    leaflet = load_leaflet(target, "leaflet.yaml")
    assert leaflet.sections
    assert all(re.match(rf"{re.escape(path.name)}:\d+$", str(n.location)) for n in notes)

"""Plain text → content YAML: sections, guessed kinds, verbatim text, and notes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.text import glued_keyword, guess_kind, import_text

from .conftest import DATA, ROOT

SEED = ROOT.parent / "shared" / "seeds" / "000_d7d6b885bf46f475.txt"


def load(text: str, tmp_path: Path) -> tuple[dict[str, Any], list[str]]:
    yaml_text, notes = import_text(text, "in.txt")
    target = tmp_path / "x.yaml"
    target.write_text(yaml_text)
    load_leaflet(target, "x.yaml")  # the result must be a valid content file
    return yaml.safe_load(yaml_text), [f"{n.location.line}:{n.code}" for n in notes]


def test_structured_text(tmp_path: Path) -> None:
    data, notes = load((DATA / "import" / "structured.txt").read_text(), tmp_path)
    assert data["title"] == "Sample 20 mg Capsules"
    sections = data["sections"]
    assert [(s["id"], s["kind"]) for s in sections] == [
        ("what-sample-is-used-for", "indications"),
        ("dosage", "dosage"),
        ("side-effects", "side_effects"),
        ("storage", "storage"),
    ]
    # paragraph lines are joined verbatim; the list keeps its lead-in
    assert sections[1]["blocks"] == [
        "The usual dose is 20 mg once a day. Take the capsule with water."
    ]
    assert sections[2]["blocks"] == [
        {"lead": "Common side effects are:", "list": ["headache", "dizziness"]}
    ]
    assert notes == []


@pytest.mark.skipif(not SEED.exists(), reason="seed leaflet not available")
def test_seed_is_recognisable_and_its_problems_are_named(tmp_path: Path) -> None:
    data, notes = load(SEED.read_text(), tmp_path)
    assert data["title"] == "Muscle Relaxer Baclofen"
    assert data["protected_terms"] == ["Baclofen"]
    kinds = [s["kind"] for s in data["sections"]]
    assert kinds == ["general", "pharmacology", "dosage", "side_effects"]
    assert notes == [
        "1:import.terms",
        "3:import.kind",
        "18:import.glued-heading",  # "muscle pain Severe chronic spasms…"
        "22:import.glued-heading",  # "Doseisset individually…"
        "36:import.empty-list",  # "Most frequent of the unwanted effects are:"
    ]
    paragraphs = [b for s in data["sections"] for b in s["blocks"] if isinstance(b, str)]
    assert any(
        p.endswith("CNS.The preparationalso stimulates gastric secretion.") for p in paragraphs
    )


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Adverse Effects", "side_effects"),
        ("Dose and administration", "dosage"),
        ("If you take more Sample than you should", "overdose"),
        ("Pharmacological Properties", "pharmacology"),
        ("Do not take Sample", "contraindications"),
        ("How to store Sample", "storage"),
        ("Pregnancy and breast-feeding", "pregnancy"),
        ("Lorem ipsum", None),
    ],
)
def test_guess_kind(heading: str, kind: str | None) -> None:
    assert guess_kind(heading) == kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Doseisset individually.", ("Dose", "dosage")),
        ("Dosing is individual.", None),
        ("Pregnancy is a contraindication.", None),
        ("Storageis important.", ("Storage", "storage")),
    ],
)
def test_glued_heading_word(text: str, expected: tuple[str, str] | None) -> None:
    assert glued_keyword(text) == expected


def test_empty_text_is_refused() -> None:
    with pytest.raises(ValueError, match="no text"):
        import_text("\n\n  \n", "in.txt")

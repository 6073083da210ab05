"""Source checks: each defect reported once with its line and a stable code."""

from __future__ import annotations

from pathlib import Path

import pytest

from leaflet_i18n.checks.lint import lint_leaflet
from leaflet_i18n.sources.content import load_leaflet

from .conftest import DATA

HEAD = "title: Demo leaflet\nsource_locale: en\nprotected_terms: [Demo]\nsections:\n"


def findings(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "x.yaml"
    path.write_text(HEAD + body)
    return [
        f"{f.location.line}:{f.severity}:{f.code}"
        for f in lint_leaflet(load_leaflet(path, "x.yaml"))
    ]


def test_clean_leaflet_has_no_findings() -> None:
    leaflet = load_leaflet(DATA / "workspace" / "content" / "demo.yaml", "demo.yaml")
    assert [f for f in lint_leaflet(leaflet) if f.severity != "info"] == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "  - id: a\n    kind: side_effects\n    blocks:\n      - Demo is fine.\n"
            "      - lead: 'Most frequent are:'\n        list: []\n",
            ["9:error:lint.empty-list"],
        ),
        (
            "  - id: a\n    kind: pharmacology\n    blocks:\n      - Demo is fine.\n"
            "      - lead: 'Effects are:'\n        list: []\n",
            ["9:warning:lint.empty-list"],
        ),
        ("  - id: a\n    kind: dosage\n    heading: Dose\n", ["5:error:lint.critical-empty"]),
        (
            "  - id: a\n    kind: contents\n  - id: b\n    kind: contents\n    blocks: [Demo.]\n",
            ["5:warning:lint.empty-section"],
        ),
        (
            "  - id: a\n    kind: warnings\n    blocks: [It affects the CNS.The Demo also works.]\n",
            ["7:warning:lint.glued"],
        ),
        (
            "  - id: a\n    kind: indications\n    blocks: [muscle pain Severe spasms after Demo.]\n",
            ["7:warning:lint.run-on-heading"],
        ),
        (
            "  - id: a\n    kind: dosage\n    blocks: [Doseisset individually for Demo.]\n",
            ["7:warning:lint.run-on-word"],
        ),
        ("  - id: a\n    kind: dosage\n    blocks: [Take e.g. 2.5 mg (U.S. units) of Demo.]\n", []),
    ],
)
def test_lint_findings(tmp_path: Path, body: str, expected: list[str]) -> None:
    assert findings(tmp_path, body) == expected


def test_protected_term_never_used(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(
        HEAD.replace("[Demo]", "[Demo, Zolpex]")
        + "  - id: a\n    kind: dosage\n    blocks: [Take Demo.]\n"
    )
    [finding] = lint_leaflet(load_leaflet(path, "x.yaml"))
    assert (finding.code, finding.location.line) == ("lint.term-unused", 3)
    assert "'Zolpex'" in finding.message

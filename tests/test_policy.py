"""Source errors block, waivers and every other local deviation are shown, unsafe settings refuse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .helpers import cli, translated_workspace

EMPTY_LIST = "          - lead: 'Severe reactions include:'\n            list: []\n"
WAIVER = (
    "waivers:\n"
    "  - code: lint.empty-list\n"
    "    section: before-you-take/warnings\n"
    "    reason: The approved text says so.\n"
    "    by: A. Author\n"
)


def with_empty_list(ws: Path, waiver: str = "") -> None:
    """A lead-in without items in the critical warnings section."""
    content = ws / "content/demo.yaml"
    boxed = "          - boxed: Taking"
    text = content.read_text().replace(boxed, EMPTY_LIST + boxed)
    content.write_text(text + waiver)


def translate(ws: Path, msgid: str, text: str) -> None:
    from leaflet_i18n.checks.conformance import read_catalog
    from leaflet_i18n.formats.po_writer import dumps

    path = ws / "locales/de/LC_MESSAGES/demo.po"
    catalog = read_catalog(path)
    [entry] = [e for e in catalog.messages() if e.msgid == msgid]
    entry.msgstr = text
    entry.fuzzy = False
    path.write_bytes(dumps(catalog))


def build_json(ws: Path, *args: str) -> tuple[int, Any]:
    code, output = cli(ws, "build", "--format", "json", *args)
    return code, json.loads(output)


def test_a_source_error_in_a_critical_section_refuses_every_page(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    with_empty_list(ws)
    cli(ws, "extract")
    cli(ws, "update", "-l", "de")
    code, report = build_json(ws)
    assert code == 1
    pages = {p["locale"]: p for p in report["pages"]}
    assert set(pages) == {"en", "de"}
    for page in pages.values():  # the source language's page too
        assert not page["published"]
        [reason] = [r for r in page["blocking"] if r["code"] == "lint.empty-list"]
        assert (
            reason["file"] == "content/demo.yaml"
            and reason["section"] == "before-you-take/warnings"
        )
    assert not (ws / "site/en/demo.html").exists()


def test_a_waiver_publishes_and_is_shown_everywhere(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    with_empty_list(ws, WAIVER)
    cli(ws, "extract")
    cli(ws, "update", "-l", "de")
    translate(ws, "Severe reactions include:", "Schwere Reaktionen sind:")
    code, report = build_json(ws)
    assert code == 0
    [waiver] = [d for d in report["deviations"] if d["kind"] == "waiver"]
    assert "A. Author" in waiver["text"] and "The approved text says so." in waiver["text"]
    code, output = cli(ws, "lint")
    assert code == 0 and "(waived by A. Author: The approved text says so.)" in output
    status = json.loads(cli(ws, "status", "--format", "json")[1])
    [page] = status["locales"][0]["pages"]
    assert page["waived"][0]["code"] == "lint.empty-list"
    assert page["waived"][0]["waiver"] == {
        "reason": "The approved text says so.",
        "by": "A. Author",
    }
    html = (ws / "site/status.html").read_text()
    assert "Deviations from the default policy" in html and "A. Author" in html
    code, output = cli(ws, "check")
    assert "waiver: lint.empty-list in 'before-you-take/warnings' waived by A. Author" in output


@pytest.mark.parametrize(
    ("waiver", "message"),
    [
        (WAIVER.replace("    by: A. Author\n", ""), "missing required key 'by'"),
        (WAIVER.replace("reason: The approved text says so.", "reason: ''"), "a waiver needs"),
        (
            WAIVER.replace("before-you-take/warnings", "before-you-take/warning"),
            "no section 'before-you-take/warning'",
        ),
        (WAIVER + "    date: 2026-01-01\n", "unknown key 'date'"),
    ],
)
def test_waivers_are_schema_checked(tmp_path: Path, waiver: str, message: str) -> None:
    ws = translated_workspace(tmp_path)
    with_empty_list(ws, waiver)
    code, output = cli(ws, "lint")
    assert code == 1 and message in output and "content/demo.yaml:" in output


def test_deviations_from_the_default_policy_are_listed(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    (ws / "leaflet-i18n.yaml").write_text(
        "policy:\n  fallback: block\n  critical_kinds:\n    storage: false\n"
        "equivalents:\n  de: {Demo: [Demomittel]}\n"
    )
    (ws / "templates").mkdir()
    (ws / "templates/leaflet.css").write_text("body { color: black; }\n")
    content = ws / "content/demo.yaml"
    content.write_text(
        content.read_text()
        .replace("    kind: warnings\n", "    kind: warnings\n        critical: false\n", 1)
        .replace(
            "    kind: warnings\n        critical: false\n",
            "    kind: warnings\n        critical: false\n",
        )
    )
    data = json.loads(cli(ws, "check", "--format", "json")[1])
    kinds = sorted(d["kind"] for d in data["deviations"])
    assert kinds == ["critical-kind", "equivalent", "fallback", "section-critical", "template"]
    text = cli(ws, "status")[1]
    assert "leaflet-i18n.yaml: critical-kind: sections of kind 'storage' are not critical" in text
    assert "section 'before-you-take/warnings' (warnings) is marked not critical" in text
    assert "templates/leaflet.css: template: replaces the built-in leaflet.css" in text


@pytest.mark.parametrize(
    ("equivalents", "refused"),
    [
        ("{Demo: [n]}", True),  # one letter: would match almost any text
        ("{Demo: [Dm]}", True),
        ("{Demo: [Demomittel]}", False),
        ("{mg: [µg]}", True),  # another unit
        ("{g: [mg]}", True),
        ("{mg: [Milligramm]}", False),
        ("{mg: [mg pro Tag]}", True),  # per something the unit is not
        ("{mg: ['mg/kg']}", True),
        ("{mg: [x]}", True),  # no spelling of a unit: any number would pass
        ("{mg: [' mg']}", True),
        ("{mg: ['0 mg']}", True),
        ("{mg: [mgr]}", False),  # an old spelling CLDR does not have
        ("{'mg/kg': ['mg pro kg']}", False),
    ],
)
def test_equivalents_that_would_weaken_the_gate_refuse_the_page(
    tmp_path: Path, equivalents: str, refused: bool
) -> None:
    ws = translated_workspace(tmp_path)
    (ws / "leaflet-i18n.yaml").write_text(f"equivalents:\n  de: {equivalents}\n")
    code, report = build_json(ws, "-l", "de")
    [page] = report["pages"]
    codes = [r["code"] for r in page["blocking"]]
    assert ("settings.equivalent" in codes) is refused
    assert all(
        r["file"] == "leaflet-i18n.yaml"
        for r in page["blocking"]
        if r["code"] == "settings.equivalent"
    )


@pytest.mark.parametrize(
    ("translation", "refused"),
    [
        ("Nehmen Sie Demo nicht ein", False),
        ("Nehmen Sie Demo-Tabletten nicht ein", False),
        ("Nehmen Sie Demonstration nicht ein", True),  # the term inside another word
        ("Nehmen Sie Demomittel nicht ein", True),
    ],
)
def test_protected_terms_match_as_whole_words(
    tmp_path: Path, translation: str, refused: bool
) -> None:
    ws = translated_workspace(tmp_path)
    translate(ws, "Do not take Demo", translation)
    code, report = build_json(ws, "-l", "de")
    [page] = report["pages"]
    assert ("terms.missing" in [r["code"] for r in page["blocking"]]) is refused

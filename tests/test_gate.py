"""The gate: every way of damaging a critical translation blocks the page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.sources.workspace import Workspace
from leaflet_i18n.steps.review import review_pages

from .conftest import DATA
from .helpers import edit_entry, translated_workspace

TABLE = json.loads((DATA / "workspace-de.json").read_text(encoding="utf-8"))


def review(ws: Path) -> object:
    workspace = Workspace.open(ws)
    [page] = review_pages(workspace, workspace.leaflets(), ["de"])
    return page


def mutations() -> list[tuple[str, str, str]]:
    """(msgid, mutation, expected code) for every mutation that applies to a message."""
    cases = []
    for msgid, text in TABLE.items():
        cases += [
            (msgid, "blank", "untranslated"),
            (msgid, "fuzzy", "fuzzy"),
            (msgid, "delete", "missing"),
        ]
        if any(c.isdigit() for c in text):
            cases.append((msgid, "digit", "numbers.missing"))
        if " mg" in text or " g " in text or " g)" in text:
            cases.append((msgid, "unit", "units.mismatch"))
        if "Demo" in msgid or "paracetamol" in msgid:
            cases.append((msgid, "term", "terms.missing"))
        if "**" in text:
            cases.append((msgid, "markup", "markup.mismatch"))
    return cases


CRITICAL_SECTIONS = ("_title", "before-you-take", "how-to-take")
NONCRITICAL = {
    "What Demo is and what it is used for",
    "Contents of the pack",
    "Demo contains paracetamol. It relieves mild to moderate pain and fever.",
    "Each tablet contains 500 mg paracetamol. Packs of 16 or 32 tablets.",
}


def test_complete_catalog_is_publishable(tmp_path: Path) -> None:
    page = review(translated_workspace(tmp_path))
    assert page.publishable, page.blocking  # type: ignore[attr-defined]
    assert page.fallbacks == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(("msgid", "change", "code"), mutations(), ids=lambda v: str(v)[:30])
def test_every_mutation(tmp_path: Path, msgid: str, change: str, code: str) -> None:
    ws = translated_workspace(tmp_path)
    edit_entry(ws / "locales/de/LC_MESSAGES/demo.po", msgid, change)
    page = review(ws)
    if msgid in NONCRITICAL:
        assert page.publishable  # type: ignore[attr-defined]
        assert [r.message.msgid for r in page.fallbacks] == [msgid]  # type: ignore[attr-defined]
    else:
        assert not page.publishable  # type: ignore[attr-defined]
        codes = [f.code for f in page.blocking]  # type: ignore[attr-defined]
        assert code in codes
        assert all(f.extra["msgid"] == msgid for f in page.blocking)  # type: ignore[attr-defined]


def test_mutation_table_covers_every_kind_of_damage() -> None:
    kinds = {change for _, change, _ in mutations()}
    assert kinds == {"blank", "fuzzy", "delete", "digit", "unit", "term", "markup"}
    assert len(mutations()) > 60


def test_critical_template_string_blocks_every_page(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    edit_entry(
        ws / "locales/de/LC_MESSAGES/templates.po",
        "Read all of this leaflet carefully before you start taking this medicine because it "
        "contains important information for you.",
        "blank",
    )
    page = review(ws)
    assert not page.publishable  # type: ignore[attr-defined]


def test_block_policy_refuses_non_critical_gaps_too(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    (ws / "leaflet-i18n.yaml").write_text("policy:\n  fallback: block\n")
    edit_entry(ws / "locales/de/LC_MESSAGES/demo.po", "Contents of the pack", "blank")
    assert not review(ws).publishable  # type: ignore[attr-defined]


def test_unreadable_catalog_blocks(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    path.write_text(path.read_text() + '\nmsgid "x"\n')
    page = review(ws)
    assert not page.publishable  # type: ignore[attr-defined]
    assert page.blocking[0].code == "po.missing-msgstr"  # type: ignore[attr-defined]


def test_wrong_language_header_blocks(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    path.write_text(path.read_text().replace('"Language: de\\n"', '"Language: fr\\n"'))
    assert [f.code for f in review(ws).blocking] == ["header.language"]  # type: ignore[attr-defined]


def test_translator_cannot_unmark_criticality(tmp_path: Path) -> None:
    """Deleting the SAFETY-CRITICAL comment from the .po changes nothing."""
    ws = translated_workspace(tmp_path)
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    path.write_text(
        "\n".join(ln for ln in path.read_text().splitlines() if "SAFETY-CRITICAL" not in ln) + "\n"
    )
    edit_entry(path, "Do not take Demo", "blank")
    assert not review(ws).publishable  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("reorder", "bidi.controls"),
        ("isolate", "bidi.controls"),
        ("superscript", "numbers.extra"),
        ("glued-number", "numbers.extra"),
    ],
)
def test_text_shown_differently_than_checked_is_refused(
    tmp_path: Path, change: str, code: str
) -> None:
    ws = translated_workspace(tmp_path)
    msgid = "Do not take more than 8 tablets (4 g) in 24 hours."
    edit_entry(ws / "locales/de/LC_MESSAGES/demo.po", msgid, change)
    page = review(ws)
    assert not page.publishable  # type: ignore[attr-defined]
    assert [f.code for f in page.blocking] == [code]  # type: ignore[attr-defined]


@pytest.mark.parametrize("blank", ["   ", "\u00a0", "\u200b", ".", "- –", "\u2067\u2069"])
def test_translation_that_shows_nothing_is_untranslated(tmp_path: Path, blank: str) -> None:
    ws = translated_workspace(tmp_path)
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    catalog = read_catalog(path)
    for entry in catalog.messages():
        if entry.msgid in ("have severe liver disease.", "Contents of the pack"):
            entry.msgstr = blank
    path.write_bytes(dumps(catalog))
    page = review(ws)
    assert [(f.code, f.extra["msgid"]) for f in page.blocking] == [  # type: ignore[attr-defined]
        ("untranslated", "have severe liver disease.")
    ]
    # outside critical sections the source text is shown instead
    assert [r.message.msgid for r in page.fallbacks] == [  # type: ignore[attr-defined]
        "Contents of the pack"
    ]


def test_suppression_cannot_silence_a_critical_error(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    edit_entry(path, "Do not take more than 8 tablets (4 g) in 24 hours.", "digit")
    text = path.read_text().replace(
        "#: content/demo.yaml:33",
        "# check-ok: numbers.missing, numbers.extra\n#: content/demo.yaml:33",
    )
    path.write_text(text)
    assert not review(ws).publishable  # type: ignore[attr-defined]

"""The gate: every way of damaging a critical translation blocks the page.

Every case goes through the commands users run: ``build`` (the page is
written or not) and ``check`` (the same verdict, with the findings).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats.po_writer import dumps

from .conftest import DATA
from .helpers import cli, edit_entry, translated_workspace

TABLE = json.loads((DATA / "workspace-de.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Verdict:
    """The German page as ``build`` and ``check`` judged it."""

    publishable: bool
    blocking: list[dict[str, object]]
    fallbacks: list[str]  # msgids shown in the source language

    @property
    def codes(self) -> list[object]:
        return [r["code"] for r in self.blocking]


def review(ws: Path) -> Verdict:
    code, output = cli(ws, "build", "--no-cache", "--format", "json", "-l", "de")
    [page] = json.loads(output)["pages"]
    written = (ws / "site/de/demo.html").exists()
    assert written == page["published"] and code == (0 if written else 1)
    _, checked = cli(ws, "check", "--no-cache", "--format", "json", "-l", "de")
    pages = json.loads(checked)["summary"]["pages"]
    assert pages == {"publishable": int(written), "blocked": int(not written)}  # one verdict
    return Verdict(page["published"], page["blocking"], [f["msgid"] for f in page["fallbacks"]])


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
    assert page.publishable, page.blocking
    assert page.fallbacks == []


@pytest.mark.parametrize(("msgid", "change", "code"), mutations(), ids=lambda v: str(v)[:30])
def test_every_mutation(tmp_path: Path, msgid: str, change: str, code: str) -> None:
    ws = translated_workspace(tmp_path)
    edit_entry(ws / "locales/de/LC_MESSAGES/demo.po", msgid, change)
    page = review(ws)
    if msgid in NONCRITICAL:
        assert page.publishable
        assert page.fallbacks == [msgid]
    else:
        assert not page.publishable
        assert code in page.codes
        assert all(r["msgid"] == msgid for r in page.blocking)


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
    assert not page.publishable


def test_block_policy_refuses_non_critical_gaps_too(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    (ws / "leaflet-i18n.yaml").write_text("policy:\n  fallback: block\n")
    edit_entry(ws / "locales/de/LC_MESSAGES/demo.po", "Contents of the pack", "blank")
    assert not review(ws).publishable


def test_unreadable_catalog_blocks(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    path.write_text(path.read_text() + '\nmsgid "x"\n')
    page = review(ws)
    assert not page.publishable
    assert page.codes[0] == "po.missing-msgstr"


def test_wrong_language_header_blocks(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    path.write_text(path.read_text().replace('"Language: de\\n"', '"Language: fr\\n"'))
    assert review(ws).codes == ["header.language"]


def test_translator_cannot_unmark_criticality(tmp_path: Path) -> None:
    """Deleting the SAFETY-CRITICAL comment from the .po changes nothing."""
    ws = translated_workspace(tmp_path)
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    path.write_text(
        "\n".join(ln for ln in path.read_text().splitlines() if "SAFETY-CRITICAL" not in ln) + "\n"
    )
    edit_entry(path, "Do not take Demo", "blank")
    assert not review(ws).publishable


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
    assert not page.publishable
    assert page.codes == [code]


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
    assert [(r["code"], r["msgid"]) for r in page.blocking] == [
        ("untranslated", "have severe liver disease.")
    ]
    # outside critical sections the source text is shown instead
    assert page.fallbacks == ["Contents of the pack"]


def test_suppression_cannot_silence_a_critical_error(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    edit_entry(path, "Do not take more than 8 tablets (4 g) in 24 hours.", "digit")
    text = path.read_text().replace(
        "#: content/demo.yaml:33",
        "# check-ok: numbers.missing, numbers.extra\n#: content/demo.yaml:33",
    )
    path.write_text(text)
    assert not review(ws).publishable

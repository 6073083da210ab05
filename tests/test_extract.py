"""Leaflet → .pot: one message per unit, context = section path, deterministic output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from leaflet_i18n.checks.conformance import load_catalog
from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.workspace import Workspace
from leaflet_i18n.steps.extract import CRITICAL_NOTE, leaflet_catalog, rendered_pots

from .conftest import DATA, msgcat, msgfmt_check, needs_gettext


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    shutil.copytree(DATA / "workspace", tmp_path / "ws")
    return Workspace.open(tmp_path / "ws")


def test_one_message_per_unit_with_context_and_comments() -> None:
    leaflet = load_leaflet(DATA / "workspace" / "content" / "demo.yaml", "content/demo.yaml")
    catalog = leaflet_catalog(leaflet, "2026-11-26 00:00+0000")
    entries = list(catalog.messages())
    assert len(entries) == len(list(leaflet.messages())) == 15
    item = catalog.get("have severe liver disease.", "before-you-take/do-not-take")
    assert item is not None
    assert item.references == ["content/demo.yaml:22"]
    assert item.extracted[0] == 'List item in section "Do not take Demo" (kind: contraindications).'
    assert CRITICAL_NOTE in item.extracted
    pain = catalog.get(
        "Demo contains paracetamol. It relieves mild to moderate pain and fever.", "what-it-is"
    )
    assert pain is not None and CRITICAL_NOTE not in pain.extracted
    assert pain.extracted[-1] == "Keep unchanged (protected): Demo, paracetamol"


def test_whitespace_is_normalized_and_duplicates_share_one_entry(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(
        "title: X\nsource_locale: en\nsections:\n  - id: a\n    kind: warnings\n    blocks:\n"
        "      - |\n        Two   lines\n        of text.\n      - Two lines of text.\n"
    )
    catalog = leaflet_catalog(load_leaflet(path, "content/x.yaml"), "d")
    entry = catalog.get("Two lines of text.", "a")
    assert entry is not None and entry.references == ["content/x.yaml:7", "content/x.yaml:10"]


def test_no_rewrite_when_only_the_date_would_change(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = rendered_pots(workspace, workspace.leaflets())
    pot = workspace.pot_path("demo")
    pot.parent.mkdir(parents=True)
    pot.write_bytes(first[pot].data)
    assert b"POT-Creation-Date: 2023-11-14 22:13+0000" in first[pot].data
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert rendered_pots(workspace, workspace.leaflets())[pot].data == first[pot].data
    content = workspace.content_dir / "demo.yaml"
    content.write_text(content.read_text().replace("Packs of 16", "Packs of 20"))
    changed = rendered_pots(workspace, workspace.leaflets())[pot].data
    assert b"2027-01-15" in changed and b"Packs of 20" in changed


@needs_gettext
def test_pot_passes_msgfmt_and_msgcat(workspace: Workspace, tmp_path: Path) -> None:
    data = rendered_pots(workspace, workspace.leaflets())[workspace.pot_path("demo")].data
    target = tmp_path / "demo.pot"
    target.write_bytes(data)
    assert msgfmt_check(target).returncode == 0
    assert msgcat(target) == data
    assert len(load_catalog(data, "demo.pot")) == 16


def test_template_strings_get_their_own_catalog(workspace: Workspace) -> None:
    templates = workspace.root / "templates"
    templates.mkdir()
    (templates / "extra.html").write_text(
        "<p>{{ _('Pack size') }}</p>\n"
        "{# Translators: shown above every leaflet #}\n"
        "<p>{{ pgettext('critical', 'Ask your pharmacist.') }}</p>\n"
    )
    pots = rendered_pots(workspace, workspace.leaflets())
    catalog = load_catalog(pots[workspace.pot_path("templates")].data, "templates.pot")
    assert pots[workspace.pot_path("templates")].messages == len(list(catalog.messages()))
    keys = [(e.msgctxt, e.msgid) for e in catalog.messages()]
    assert (None, "Pack size") in keys and (None, "Contents") in keys  # workspace and defaults
    critical = catalog.get("Ask your pharmacist.", "critical")
    assert critical is not None and critical.extracted == [
        "shown above every leaflet",
        CRITICAL_NOTE,
    ]
    assert critical.references == ["templates/extra.html:3"]
    contents = catalog.get("Contents")
    assert contents is not None and contents.references == [
        "leaflet_i18n/templates/leaflet.html:39"
    ]


def test_workspace_template_replaces_the_default_of_the_same_name(workspace: Workspace) -> None:
    templates = workspace.root / "templates"
    templates.mkdir()
    (templates / "brand.html").write_text("<p>{{ _('Acme Pharma leaflets') }}</p>\n")
    catalog = load_catalog(
        rendered_pots(workspace, workspace.leaflets())[workspace.pot_path("templates")].data,
        "t.pot",
    )
    brand = catalog.get("Acme Pharma leaflets")
    assert brand is not None and brand.references == ["templates/brand.html:1"]
    assert catalog.get("Patient information leaflets") is not None  # still used by index.html

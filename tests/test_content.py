"""content/<slug>.yaml → Leaflet: schema errors name their line; safe loading only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from leaflet_i18n.model.diagnostics import ContentError
from leaflet_i18n.model.leaflet import TITLE_CONTEXT, BoxedWarning, ListBlock
from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.settings import Settings

from .conftest import DATA

DEMO = DATA / "workspace" / "content" / "demo.yaml"
BAD = DATA / "content-bad"


def test_loads_sections_paths_and_criticality() -> None:
    leaflet = load_leaflet(DEMO, "content/demo.yaml")
    assert leaflet.slug == "demo"
    assert leaflet.protected_terms == ("Demo", "paracetamol")
    assert str(leaflet.revised) == "2026-11-26"
    paths = {s.path: s for s in leaflet.walk()}
    assert list(paths) == [
        "what-it-is",
        "before-you-take",
        "before-you-take/do-not-take",
        "before-you-take/warnings",
        "how-to-take",
        "contents",
    ]
    assert not paths["what-it-is"].critical
    assert (
        paths["before-you-take"].critical and paths["before-you-take"].critical_reason == "parent"
    )
    assert paths["before-you-take/warnings"].critical
    assert paths["how-to-take"].critical
    assert not paths["contents"].critical
    assert isinstance(paths["before-you-take/warnings"].blocks[0], BoxedWarning)
    lead = paths["before-you-take/do-not-take"].blocks[0]
    assert isinstance(lead, ListBlock) and lead.lead == "Do not take Demo if you:"
    assert [i.line for i in lead.items] == [21, 22]


def test_messages_have_context_role_and_line() -> None:
    messages = list(load_leaflet(DEMO, "content/demo.yaml").messages())
    assert (messages[0].context, messages[0].role, messages[0].critical) == (
        TITLE_CONTEXT,
        "title",
        True,
    )
    dose = [m for m in messages if m.context == "how-to-take"]
    assert [m.role for m in dose] == ["heading", "paragraph", "paragraph"]
    assert dose[1].msgid == "Adults: take 1 or 2 tablets (500 mg to 1,000 mg) every 4 to 6 hours."
    assert dose[1].line == 32 and dose[1].critical


def test_workspace_policy_overrides_kind_default_and_section_overrides_policy(
    tmp_path: Path,
) -> None:
    settings = Settings(critical_kinds={"contents": True, "dosage": False})
    leaflet = load_leaflet(DEMO, "demo.yaml", settings)
    sections = {s.path: s for s in leaflet.walk()}
    assert sections["contents"].critical and sections["contents"].critical_reason == "policy"
    assert not sections["how-to-take"].critical
    text = DEMO.read_text().replace("    kind: dosage\n", "    kind: dosage\n    critical: true\n")
    (tmp_path / "demo.yaml").write_text(text)
    again = load_leaflet(tmp_path / "demo.yaml", "demo.yaml", settings)
    section = again.section("how-to-take")
    assert section is not None and section.critical and section.critical_reason == "section"


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("typo-key", 6, r"unknown key 'critcal' \(did you mean 'critical'\?\)"),
        ("duplicate-id", 7, "duplicate section id 'a'"),
        (
            "unknown-kind",
            5,
            r"unknown section kind 'side-effects' \(did you mean 'side_effects'\?\)",
        ),
        ("wrong-type", 6, "critical must be true or false"),
        ("malformed", 6, "invalid YAML"),
        ("bad-id", 4, "must use only a-z"),
        ("missing-title", 1, "missing required key 'title'"),
        ("bad-locale", 2, "not a locale code"),
        ("python-tag", 1, "invalid YAML|must be text"),
        ("not-utf8", 6, "not valid UTF-8"),
        ("colon", 7, "contains ': '; put it in quotes"),
    ],
)
def test_schema_errors_name_file_and_line(name: str, line: int, message: str) -> None:
    shown = f"content/{name}.yaml"
    with pytest.raises(ContentError, match=message) as info:
        load_leaflet(BAD / f"{name}.yaml", shown)
    assert str(info.value).startswith(f"{shown}:{line}: ")


def test_all_errors_of_a_file_are_reported_together() -> None:
    with pytest.raises(ContentError) as info:
        load_leaflet(BAD / "wrong-type.yaml", "x.yaml")
    assert [f.location.line for f in info.value.findings] == [6, 7]


def test_no_code_runs_from_yaml_tags(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ContentError):
        load_leaflet(BAD / "python-tag.yaml", "x.yaml")
    assert "pwned" not in capfd.readouterr().out


def test_unreadable_file(tmp_path: Path) -> None:
    target = tmp_path / "gone.yaml"
    with pytest.raises(ContentError, match="cannot read file"):
        load_leaflet(target, "content/gone.yaml")


def test_file_name_must_be_a_slug(tmp_path: Path) -> None:
    target = tmp_path / "Bad Name.yaml"
    shutil.copy(DEMO, target)
    with pytest.raises(ContentError, match="must be a slug"):
        load_leaflet(target, "content/Bad Name.yaml")

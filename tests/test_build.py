"""build end to end: refused pages are absent, stale copies removed, text escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markupsafe import escape

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats.po_writer import dumps

from .helpers import cli, edit_entry, shown, translated_workspace
from .test_gate import NONCRITICAL, mutations


@pytest.fixture
def built(tmp_path: Path) -> Path:
    ws = translated_workspace(tmp_path)
    code, output = cli(ws, "build")
    assert code == 0, output
    return ws


def test_site_layout(built: Path) -> None:
    site = built / "site"
    assert (site / "en/demo.html").exists() and (site / "de/demo.html").exists()
    assert (site / "index.html").exists() and (site / "status.html").exists()
    assert (site / "assets/leaflet.css").exists()
    html = (site / "de/demo.html").read_text()
    assert '<html lang="de" dir="ltr">' in html
    assert (
        shown("Nehmen Sie nicht mehr als 8 Tabletten (4 g) innerhalb von 24 Stunden ein.") in html
    )
    assert (
        '<section id="before-you-take/warnings" aria-labelledby="before-you-take/warnings-heading"'
        in html
    )
    assert "26. November 2026" in html  # Babel's long German date
    assert '<link rel="alternate" hreflang="en" href="../en/demo.html">' in html
    assert shown("**mehr als 4 g**") in html
    assert '<strong>mehr als <bdi dir="ltr">4\u00a0g</bdi></strong>' in html


def test_build_is_idempotent(built: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (built / "site").rglob("*.html")}
    assert cli(built, "build")[0] == 0
    assert {p: p.stat().st_mtime_ns for p in (built / "site").rglob("*.html")} == before


def test_phase_timings_only_when_asked(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "review and render" not in cli(built, "build")[1]
    monkeypatch.setenv("LEAFLET_I18N_TIMINGS", "1")
    output = cli(built, "build")[1]
    assert re.search(r"signatures, manifest and pages on disk: \d+\.\d\d s", output)
    assert re.search(r"review and render \(\d+ reviewed, \d+ rendered\): \d+\.\d\d s", output)
    assert output.rstrip().splitlines()[-1].startswith("built site/: ")


CASES = [
    c
    for c in mutations()
    if c[1] in ("blank", "fuzzy", "digit", "unit", "term", "delete", "markup")
]


@pytest.mark.parametrize(("msgid", "change", "code"), CASES[::3], ids=lambda v: str(v)[:25])
def test_mutation_through_build(built: Path, msgid: str, change: str, code: str) -> None:
    page = built / "site/de/demo.html"
    edit_entry(built / "locales/de/LC_MESSAGES/demo.po", msgid, change)
    exit_code, output = cli(built, "build", "--format", "json")
    report = json.loads(output)
    [de] = [p for p in report["pages"] if p["locale"] == "de"]
    if msgid in NONCRITICAL:
        assert exit_code == 0 and de["published"] and page.exists()
        assert [f["msgid"] for f in de["fallbacks"]] == [msgid]
        assert 'class="fallback" lang="en" dir="ltr"' in page.read_text()
    else:
        assert exit_code == 1
        assert not de["published"] and not page.exists()  # the stale copy is gone
        assert code in [b["code"] for b in de["blocking"]]
        assert all(b["file"] == "locales/de/LC_MESSAGES/demo.po" for b in de["blocking"])
        assert (built / "site/en/demo.html").exists()  # the other pages are still built


def test_refusal_is_reported_with_file_line_and_section(built: Path) -> None:
    edit_entry(
        built / "locales/de/LC_MESSAGES/demo.po",
        "Do not take more than 8 tablets (4 g) in 24 hours.",
        "unit",
    )
    code, output = cli(built, "build")
    assert code == 1
    assert re.search(
        r"locales/de/LC_MESSAGES/demo\.po:\d+: how-to-take: '4 g' became '4 mg'", output
    )
    assert "refused de/demo.html" in output and "removed the stale copy" in output


@pytest.mark.parametrize(
    "payload",
    ["<script>alert('x')</script>", "\" onload=\"alert('x')", "<img src=x onerror=alert('x')>"],
)
def test_hostile_translations_render_as_text(tmp_path: Path, payload: str) -> None:
    ws = translated_workspace(tmp_path)
    for domain, msgid in (("demo", "Contents of the pack"), ("templates", "Contents")):
        path = ws / f"locales/de/LC_MESSAGES/{domain}.po"
        catalog = read_catalog(path)
        [entry] = [e for e in catalog.messages() if e.msgid == msgid]
        entry.msgstr = f"{entry.msgstr} {payload}"
        path.write_bytes(dumps(catalog))
    code, output = cli(ws, "build")
    assert code == 0, output
    html = (ws / "site/de/demo.html").read_text()
    # shown as text: the section heading, its entry in the contents list, the template string
    assert html.count(str(escape(payload))) == 3
    assert "<script" not in html and "<img" not in html
    assert not re.search(r"<[^>]*\son\w+=", html)  # no event-handler attribute in any tag


def test_template_placeholders_cannot_reach_python(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    templates = ws / "locales/de/LC_MESSAGES/templates.po"
    templates.write_text(
        templates.read_text().replace(
            'msgstr "⟦Revised: {date}⟧"', 'msgstr "⟦Stand: {date} {date.__class__}⟧"'
        )
    )
    code, output = cli(ws, "build")
    assert code == 0  # the unknown placeholder is a check error: the string falls back
    html = (ws / "site/de/demo.html").read_text()
    assert "<class" not in html and "Stand:" not in html
    assert '<span lang="en" dir="ltr">Revised: 26. November 2026</span>' in html


def test_building_a_blocked_locale_keeps_the_rest_of_the_site(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    assert cli(ws, "build")[0] == 0
    cli(ws, "init", "-l", "it")
    code, output = cli(ws, "build", "-l", "it")
    assert code == 1 and "refused it/demo.html" in output
    assert not (ws / "site/it/demo.html").exists()
    assert (ws / "site/de/demo.html").exists()
    index = (ws / "site/index.html").read_text()  # the languages, Italian as not published
    assert 'href="de/index.html"' in index and "Italiano" in index
    assert 'href="it/index.html"' not in index and not (ws / "site/it/index.html").exists()
    assert 'href="demo.html"' in (ws / "site/de/index.html").read_text()

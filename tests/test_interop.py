"""Ecosystem hooks: .mo files, the Babel extractor, GitHub annotations, pre-commit hooks."""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import yaml
from babel.messages.extract import extract_from_file

from leaflet_i18n.babel_extract import extract_leaflet
from leaflet_i18n.checks.conformance import read_catalog

from .conftest import ROOT
from .helpers import cli, edit_entry, translated_workspace


def test_compile_writes_mo_without_fuzzy_entries(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    edit_entry(ws / "locales/de/LC_MESSAGES/demo.po", "Contents of the pack", "fuzzy")
    code, output = cli(ws, "compile", "-l", "de", "--statistics")
    assert code == 0
    assert (
        "demo.mo: 14 translated messages, 1 fuzzy translations left out, 0 untranslated" in output
    )
    with (ws / "locales/de/LC_MESSAGES/demo.mo").open("rb") as fh:
        translations = gettext.GNUTranslations(fh)
    assert translations.pgettext("how-to-take", "How to take Demo") == "Wie ist Demo einzunehmen?"
    assert (
        translations.pgettext("contents", "Contents of the pack") == "Contents of the pack"
    )  # fuzzy: left out
    assert (
        cli(ws, "compile", "-l", "de")[1].strip()
        == "compiled 0 .mo file(s); 2 unchanged; 0 refused"
    )


def test_compile_refuses_a_catalog_whose_page_is_blocked(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    catalog = ws / "locales/de/LC_MESSAGES/demo.po"
    edit_entry(catalog, "Do not take more than 8 tablets (4 g) in 24 hours.", "digit")
    code, output = cli(ws, "compile", "-l", "de")
    assert code == 1
    assert "refused locales/de/LC_MESSAGES/demo.po:" in output
    assert re.search(r"  locales/de/LC_MESSAGES/demo\.po:\d+: how-to-take: .*\[numbers\.", output)
    assert not catalog.with_suffix(".mo").exists()
    assert (ws / "locales/de/LC_MESSAGES/templates.mo").exists()  # not blamed: compiled
    assert output.rstrip().endswith("compiled 1 .mo file(s); 0 unchanged; 1 refused")
    code, output = cli(ws, "compile", "-l", "de", "--allow-blocked")
    assert code == 0 and "compiled anyway locales/de/LC_MESSAGES/demo.po:" in output
    assert catalog.with_suffix(".mo").exists()


def test_babel_extractor_gives_context_and_comments() -> None:
    path = ROOT / "content/paracetamol.yaml"
    found = list(extract_leaflet(io.BytesIO(path.read_bytes()), ["pgettext"], [], {}))
    lineno, funcname, (context, msgid), comments = found[0]
    assert (funcname, context, msgid) == ("pgettext", "_title", "Paracetamol 500 mg tablets")
    storage = [f for f in found if f[2][0] == "storage"]
    assert storage[3][2][1] == "Do not store above 25 °C." and storage[3][0] == 144
    assert any(c.startswith("SAFETY-CRITICAL") for c in storage[3][3])


def test_pybabel_uses_the_entry_point() -> None:
    messages = list(extract_from_file("leaflet_yaml", str(ROOT / "content/baclofen.yaml")))
    assert messages[0][1] == "Muscle Relaxer Baclofen" and messages[0][3] == "_title"
    assert len(messages) == 17


def test_github_annotations(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    edit_entry(ws / "locales/de/LC_MESSAGES/demo.po", "Do not take Demo", "blank")
    code, output = cli(ws, "check", "--format", "github")
    assert code == 1
    line = next(ln for ln in output.splitlines() if "untranslated" in ln)
    assert line.startswith("::error file=locales/de/LC_MESSAGES/demo.po,line=")
    assert ",title=untranslated::before-you-take/do-not-take: not translated" in line
    code, output = cli(ws, "build", "--format", "github")
    assert code == 1 and "::error file=locales/de/LC_MESSAGES/demo.po" in output
    assert output.strip().endswith(
        "::notice title=leaflet-i18n build::1 page(s) published, 1 refused"
    )


def test_pre_commit_hooks_are_defined() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"leaflet-i18n-lint", "leaflet-i18n-extract-check", "leaflet-i18n-check"}
    assert hooks["leaflet-i18n-check"]["entry"] == "leaflet-i18n check --targets"
    assert all(h["language"] == "python" and h["pass_filenames"] is False for h in hooks.values())


def test_check_targets_skips_locales_in_translation() -> None:
    code, output = cli(ROOT, "check", "--targets")
    assert code == 0 and "pages: 10 publishable, 0 blocked" in output
    assert cli(ROOT, "check")[0] == 1  # Italian, still in translation, has errors
    assert read_catalog(ROOT / "locales/it/LC_MESSAGES/paracetamol.po")  # and is readable

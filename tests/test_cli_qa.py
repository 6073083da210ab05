"""stats, check and status from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from leaflet_i18n.cli import main

from .conftest import CORPUS, manifest, needs_corpus
from .helpers import cli, edit_entry, translated_workspace


def test_stats_text_and_json(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    po = ws / "locales/de/LC_MESSAGES/demo.po"
    edit_entry(po, "Contents of the pack", "fuzzy")
    edit_entry(po, "Do not take Demo", "blank")
    result = CliRunner().invoke(main, ["stats", "--format", "json", str(po)])
    assert result.exit_code == 0
    [row] = json.loads(result.output)["files"]
    assert (row["translated"], row["fuzzy"], row["untranslated"], row["obsolete"]) == (13, 1, 1, 0)
    assert row["words"]["fuzzy"] == 4 and row["words"]["untranslated"] == 4
    text = CliRunner().invoke(main, ["stats", str(po)]).output
    assert "translated  fuzzy  untranslated" in text and "13" in text


@needs_corpus
@pytest.mark.corpus
def test_stats_on_broken_files_exits_1_without_traceback(tmp_path: Path) -> None:
    rejected = [
        CORPUS / "po-bad" / r["file"]
        for r in manifest("po-bad")
        if r["msgfmt exit status (--check --statistics)"] == "1"
    ]
    for path in rejected:
        result = CliRunner().invoke(main, ["stats", str(path)])
        assert result.exit_code == 1, path
        assert f"{path}:" in result.output and "Traceback" not in result.output
    before = sorted(p.name for p in (CORPUS / "po-bad").iterdir())
    assert sorted(p.name for p in (CORPUS / "po-bad").iterdir()) == before  # nothing written


def test_check_reports_and_exits(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    code, output = cli(ws, "check")
    assert code == 0 and "0 error(s)" in output
    edit_entry(
        ws / "locales/de/LC_MESSAGES/demo.po",
        "Do not take more than 8 tablets (4 g) in 24 hours.",
        "digit",
    )
    edit_entry(ws / "locales/de/LC_MESSAGES/demo.po", "Contents of the pack", "blank")
    code, output = cli(ws, "check")
    assert code == 1
    lines = output.splitlines()
    assert any(
        ln.startswith("locales/de/LC_MESSAGES/demo.po:")
        and ": error: how-to-take (critical): the number" in ln
        for ln in lines
    )
    assert any(": warning: contents: not translated [untranslated]" in ln for ln in lines)
    code, output = cli(ws, "check", "--format", "json", str(ws / "locales/de/LC_MESSAGES/demo.po"))
    data = json.loads(output)
    assert data["summary"]["errors"] == 2 and data["summary"]["pages"]["blocked"] == 1
    finding = next(f for f in data["findings"] if f["code"] == "numbers.missing")
    assert (
        finding["critical"] is True and finding["section"] == "how-to-take" and finding["line"] > 0
    )


def test_check_of_a_file_outside_the_workspace_needs_no_leaflet(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    other = tmp_path / "x.po"
    other.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    code, output = cli(ws, "check", str(other))
    assert code == 0 and "no Language header and no locale in the file name" in output
    assert "1 file(s) checked without a source leaflet" in output and "pages:" not in output


def test_status_text_json_html(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    cli(ws, "init", "-l", "it")
    code, text = cli(ws, "status")
    assert code == 0
    assert (
        "de       demo             publishable" in text
        and "it       demo             BLOCKED" in text
    )
    assert "blocked: it/demo" in text and "locales/it/LC_MESSAGES/demo.po:" in text
    data = json.loads(cli(ws, "status", "--format", "json")[1])
    [de] = [row for row in data["locales"] if row["locale"] == "de"]
    section = de["pages"][0]["sections"][1]
    assert section["path"] == "before-you-take" and section["critical"] is True
    code, out = cli(ws, "status", "--format", "html", "-o", str(tmp_path / "status.html"))
    html = (tmp_path / "status.html").read_text()
    assert '<html lang="en"' in html and "✗ blocked" in html and 'class="bar"' in html


def test_check_says_where_a_moved_translation_came_from(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    content = ws / "content/demo.yaml"
    content.write_text(content.read_text().replace("id: warnings", "id: cautions"))
    cli(ws, "extract")
    code, output = cli(ws, "update", "-l", "de")
    assert "(2 from another section)" in output
    code, output = cli(ws, "check", "-l", "de")
    assert code == 1
    assert (
        "before-you-take/cautions (critical): marked fuzzy: check the translation, then remove "
        "the fuzzy flag (moved from section 'before-you-take/warnings') [fuzzy]" in output
    )

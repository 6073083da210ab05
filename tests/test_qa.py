"""check FILE.po outside a workspace: every check that needs no source leaflet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from leaflet_i18n.cli import main
from leaflet_i18n.steps.qa import file_findings, without_directives

from .conftest import CORPUS, DATA, corpus_id, manifest, needs_corpus

QA = DATA / "qa"


def run(*args: str, cwd: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(cwd), *args], catch_exceptions=False)
    return result.exit_code, result.output


def codes_by_msgid(path: Path) -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {}
    for f in file_findings(path):
        if not f.suppressed:
            out.setdefault(f.msgid or "", set()).add((f.severity, f.code))
    return out


def test_each_translation_is_checked_against_its_msgid() -> None:
    found = codes_by_msgid(QA / "de.po")
    assert found == {
        "Store below 25 °C.": {("error", "numbers.missing"), ("error", "numbers.extra")},
        "Do **not** freeze.": {("error", "markup.mismatch")},
        "Hello {name}": {("error", "placeholders.mismatch")},
        "Dose": {("error", "bidi.controls")},
        # a plural form serves many counts: "1" spelled out is worth a look only
        "Moved 1 place.": {("warning", "numbers.missing")},
    }  # 2.5 mg written 2,5 mg, "%6.2f" and a suppressed finding pass


def test_suppressed_findings_are_listed_as_suppressed() -> None:
    [finding] = [f for f in file_findings(QA / "de.po") if f.suppressed]
    assert finding.code == "numbers.extra" and finding.msgid == "Version"


@pytest.mark.parametrize(
    ("text", "flags", "expected"),
    [
        ("%6.2f%% of %d", ["c-format"], "  of  "),
        ("%'d kB", ["c-format"], "  kB"),
        ("%(count)s of %(total)d", ["python-format"], "  of  "),
        ("{0:.1f} MB", ["python-brace-format"], "  MB"),
        ("%d tablets", ["no-c-format"], "%d tablets"),
        ("%d tablets", [], "%d tablets"),
    ],
)
def test_format_directives_hold_no_numbers(text: str, flags: list[str], expected: str) -> None:
    assert without_directives(text, flags).split() == expected.split()


def test_plural_rule_that_groups_numbers_differently_is_a_warning() -> None:
    [finding] = file_findings(QA / "pl-wrong-plural.po")
    assert (finding.severity, finding.code) == ("warning", "header.plural-forms")
    assert "groups numbers differently" in finding.message


def test_command_outside_a_workspace(tmp_path: Path) -> None:
    shutil.copy(QA / "de.po", tmp_path / "de.po")
    code, output = run("check", str(tmp_path / "de.po"), cwd=tmp_path)
    assert code == 1
    assert f"{tmp_path / 'de.po'}:13: error: " in output
    assert output.rstrip().endswith(
        "5 error(s), 1 warning(s), 1 suppressed; 1 file(s) checked without a source leaflet"
    )


def test_command_json_has_a_file_summary(tmp_path: Path) -> None:
    code, output = run("check", "--format", "json", str(QA / "pl-wrong-plural.po"), cwd=tmp_path)
    assert code == 0  # a warning only
    data = json.loads(output)
    assert data["summary"] == {"errors": 0, "warnings": 1, "suppressed": 0, "files": 1}


def test_a_file_msgfmt_rejects_gives_its_error(tmp_path: Path) -> None:
    code, output = run("check", str(QA / "broken.po"), cwd=tmp_path)
    assert code == 1
    assert f"{QA / 'broken.po'}:9: error: duplicate message definition" in output


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run("check", str(tmp_path / "nothere.po"), cwd=tmp_path)
    assert code == 2 and "does not exist" in output


def test_stats_names_a_missing_file_without_a_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stats", str(tmp_path / "nothere.po")])
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"{tmp_path / 'nothere.po'}: error: cannot read file: No such file or directory"
    )


def test_a_folder_is_searched_for_catalogs(tmp_path: Path) -> None:
    code, output = run("check", str(QA), cwd=tmp_path)
    assert code == 1 and "3 file(s) checked" in output


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("row", manifest("po"), ids=corpus_id)
def test_real_catalogs_are_checked_without_a_traceback(row: dict[str, str], tmp_path: Path) -> None:
    path = CORPUS / "po" / row["file"]
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "check", str(path)])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert "file(s) checked without a source leaflet" in result.output

"""The command line end to end: exit codes, messages, and files left as they were on failure."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from leaflet_i18n import __version__
from leaflet_i18n.cli import main

from .conftest import DATA, ROOT

SEED = ROOT.parent / "shared" / "seeds" / "000_d7d6b885bf46f475.txt"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "workspace", tmp_path / "ws")
    return tmp_path / "ws"


def run(ws: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(ws), *args], catch_exceptions=False)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_version_and_help() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output
    for command in ["import", "lint", "extract", "init", "update"]:
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage:" in result.output and len(result.output.splitlines()) > 5


def test_python_dash_m() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "leaflet_i18n", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0 and __version__ in out.stdout


def test_extract_init_update_cycle(ws: Path) -> None:
    assert run(ws, "extract", "--check").exit_code == 1  # nothing extracted yet
    result = run(ws, "extract")
    assert result.exit_code == 0 and "wrote locales/demo.pot (15 messages)" in result.output
    assert run(ws, "extract", "--check").exit_code == 0
    result = run(ws, "init", "-l", "de")
    assert result.exit_code == 0 and "created locales/de/LC_MESSAGES/demo.po" in result.output
    assert "already exist" in run(ws, "init", "-l", "de").output
    po = ws / "locales/de/LC_MESSAGES/demo.po"
    po.write_text(
        po.read_text().replace(
            'msgid "Contents of the pack"\nmsgstr ""',
            'msgid "Contents of the pack"\nmsgstr "Inhalt der Packung"',
        )
    )
    content = ws / "content/demo.yaml"
    content.write_text(
        content.read_text().replace(
            "Contents of the pack", "Contents of the pack and other information"
        )
    )
    assert run(ws, "extract").exit_code == 0
    before = po.read_bytes()
    check = run(ws, "update", "--check")
    assert check.exit_code == 1 and "would update locales/de/LC_MESSAGES/demo.po" in check.output
    assert po.read_bytes() == before
    result = run(ws, "update")
    assert result.exit_code == 0 and "1 fuzzy" in result.output
    assert '#| msgid "Contents of the pack"' in po.read_text()
    assert run(ws, "update", "--check").exit_code == 0


@pytest.mark.parametrize("code", ["../x", "de/../../", "x", "de;rm -rf", ""])
def test_locale_codes_with_paths_are_refused(ws: Path, code: str) -> None:
    run(ws, "extract")
    result = run(ws, "init", "-l", code)
    assert result.exit_code == 2
    assert "is not a locale code" in result.output
    assert not (ws / "locales" / "x").exists() and not (ws.parent / "x").exists()


def test_failed_update_leaves_every_file_as_it_was(ws: Path) -> None:
    run(ws, "extract")
    run(ws, "init", "-l", "de")
    run(ws, "init", "-l", "fr")
    content = ws / "content/demo.yaml"
    content.write_text(content.read_text().replace("Packs of 16", "Packs of 20"))
    run(ws, "extract")
    broken = ws / "locales/fr/LC_MESSAGES/demo.po"
    broken.write_text(broken.read_text() + '\nmsgid "x"\nmsgstr "unterminated\n')
    before = snapshot(ws)
    result = run(ws, "update")
    assert result.exit_code == 1
    assert (
        "locales/fr/LC_MESSAGES/demo.po:" in result.output
        and "end-of-line within string" in result.output
    )
    assert snapshot(ws) == before  # de was not written either


def test_content_errors_are_reported_not_raised(ws: Path) -> None:
    (ws / "content/bad.yaml").write_text(
        "title: X\nsource_locale: en\nsections:\n  - id: a\n    kind: nope\n"
    )
    result = run(ws, "extract")
    assert result.exit_code == 1
    assert "content/bad.yaml:5: error: unknown section kind 'nope'" in result.output
    assert "Traceback" not in result.output


def test_lint_exit_status_and_json(ws: Path) -> None:
    result = run(ws, "lint")
    assert result.exit_code == 0 and "1 leaflet(s): 0 error(s)" in result.output
    (ws / "content/demo.yaml").write_text(
        (ws / "content/demo.yaml")
        .read_text()
        .replace("              - have severe liver disease.\n", "")
        .replace("              - are allergic to paracetamol.\n", "")
        .replace("            list:\n", "            list: []\n")
    )
    result = run(ws, "lint", "--format", "json")
    assert result.exit_code == 1
    assert '"code": "lint.empty-list"' in result.output and '"errors": 1' in result.output


@pytest.mark.skipif(not SEED.exists(), reason="seed leaflet not available")
def test_import_seed_then_lint_names_its_problems(tmp_path: Path) -> None:
    result = run(tmp_path, "import", str(SEED), "-o", str(tmp_path / "content/baclofen.yaml"))
    assert result.exit_code == 0, result.output
    assert "has no items" in result.output and "wrote" in result.output
    assert (
        run(tmp_path, "import", str(SEED), "-o", str(tmp_path / "content/baclofen.yaml")).exit_code
        == 2
    )
    lint = run(tmp_path, "lint")
    assert lint.exit_code == 1
    for problem in ["lint.empty-list", "lint.glued", "lint.run-on-heading", "lint.run-on-word"]:
        assert f"[{problem}]" in lint.output


def test_errors_survive_worker_processes() -> None:
    import pickle

    from leaflet_i18n.model.diagnostics import Finding, Location, POError

    finding = Finding("error", "po.syntax", Location("de.po", 7), "syntax error")
    error = POError("syntax error", path="de.po", line=7, code="po.syntax", findings=[finding])
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.code, copy.findings) == (
        "de.po:7: syntax error",
        "po.syntax",
        [finding],
    )


def test_parallel_update_reports_the_broken_file(ws: Path) -> None:
    run(ws, "extract")
    for locale in ("de", "fr", "es", "pl", "nl"):
        run(ws, "init", "-l", locale)
    broken = ws / "locales/pl/LC_MESSAGES/demo.po"
    broken.write_text(broken.read_text() + '\nmsgid "x"\n')
    before = snapshot(ws)
    result = run(ws, "update", "--jobs", "2")
    assert result.exit_code == 1 and "locales/pl/LC_MESSAGES/demo.po:" in result.output
    assert snapshot(ws) == before

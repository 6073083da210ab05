"""The README's walkthrough prints what the README shows; .ci/run runs the README's test command."""

from __future__ import annotations

import importlib
import re
import shutil
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def walkthrough() -> list[tuple[str, str]]:
    section = README.split("<!-- walkthrough:start -->")[1].split("<!-- walkthrough:end -->")[0]
    steps = []
    for block in re.findall(r"```console\n(.*?)```", section, re.DOTALL):
        first, _, rest = block.partition("\n")
        assert first.startswith("$ ")
        steps.append((first[2:], rest))
    return steps


def test_ci_runs_the_readme_test_command() -> None:
    quick_start = README.split("## Quick start")[1].split("```sh\n")[1].split("```")[0]
    test_command = quick_start.splitlines()[1].split("#")[0].strip()
    assert test_command == "pip install -e '.[test]' && python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text()
    lines = ci.rstrip().splitlines()
    assert lines[-1] == test_command
    # inside a throwaway environment made for the run, not the machine's packages
    activated = [line for line in lines if line.startswith(". ") and "activate" in line]
    assert activated and "mktemp" in ci and "python3 -m venv" in ci


def test_walkthrough_has_every_step() -> None:
    commands = [cmd.split()[1] for cmd, _ in walkthrough() if cmd.startswith("leaflet-i18n")]
    for step in ("import", "lint", "extract", "init", "update", "check", "status", "build"):
        assert step in commands


@pytest.mark.skipif(shutil.which("sed") is None, reason="needs sed")
def test_walkthrough_outputs_are_real(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    tour_script = importlib.import_module("readme_walkthrough")

    tour = tmp_path / "not-yet" / "tour"  # the setup command must make it
    env = tour_script.prepare(tour, README)
    for command, expected in walkthrough():
        output = tour_script.run(command, tour, env)
        assert tour_script.normalize(output) == tour_script.normalize(expected), command


def test_settings_file_points_to_a_readme_section_that_exists() -> None:
    settings = (ROOT / "leaflet-i18n.yaml").read_text(encoding="utf-8")
    [name] = re.findall(r'see README, "([^"]+)"', settings)
    headings = re.findall(r"^#+ (.+)$", README, re.MULTILINE)
    assert any(h.startswith(name) for h in headings), name


def test_setup_command_makes_its_folder(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    tour_script = importlib.import_module("readme_walkthrough")
    tour = tmp_path / "a" / "b" / "tour"
    tour_script.prepare(tour, README)
    assert (tour / "content" / "paracetamol.yaml").is_file()
    assert (tour / "leaflet-i18n.yaml").is_file()


def test_table_of_checks_is_the_registry() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    script = importlib.import_module("readme_checks")
    assert script.refreshed(README) == README, "run python scripts/readme_checks.py"

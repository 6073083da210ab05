"""The README's walkthrough prints what the README shows; .ci/run runs the README's test command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
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
    assert ci.rstrip().splitlines()[-1] == test_command


def test_walkthrough_has_every_step() -> None:
    commands = [cmd.split()[1] for cmd, _ in walkthrough() if cmd.startswith("leaflet-i18n")]
    for step in ("import", "lint", "extract", "init", "update", "check", "status", "build"):
        assert step in commands


@pytest.mark.skipif(shutil.which("sed") is None, reason="needs sed")
def test_walkthrough_outputs_are_real(tmp_path: Path) -> None:
    tour = tmp_path / "tour"
    tour.mkdir()
    for name in ("content", "locales", "templates", "docs"):
        shutil.copytree(ROOT / name, tour / name)
    shutil.copy(ROOT / "leaflet-i18n.yaml", tour)
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": "1795651200",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    for command, expected in walkthrough():
        run = subprocess.run(
            ["bash", "-c", command], cwd=tour, env=env, capture_output=True, text=True
        )
        assert run.stdout + run.stderr == expected, command

"""Re-run the README walkthrough on a copy of the demo and refresh its output blocks.

    python scripts/readme_walkthrough.py          # rewrite README.md in place
    python scripts/readme_walkthrough.py --check  # exit 1 if the README is out of date

tests/test_readme.py runs the same commands and compares (timings aside).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```console\n\$ (.*?)\n(.*?)```", re.DOTALL)
TIMING = re.compile(r"; \d+\.\d s$", re.MULTILINE)
TOUR = "/tmp/tour"  # the folder the README's setup command makes


def setup_command(readme: str) -> str:
    """The README's shell command that copies the demo into a tour folder."""
    before = readme.split("<!-- walkthrough:start -->")[0]
    command = before.rsplit("```sh\n", 1)[1].split("```", 1)[0].strip()
    if TOUR not in command:
        raise ValueError(f"the walkthrough's setup command does not mention {TOUR}")
    return command


def prepare(tour: Path, readme: str | None = None) -> dict[str, str]:
    """Run the README's setup command from the repository, with ``tour`` for the folder."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795651200", "PATH": path, "NO_COLOR": "1"}
    command = setup_command(readme or (ROOT / "README.md").read_text(encoding="utf-8"))
    done = subprocess.run(
        ["bash", "-e", "-c", command.replace(TOUR, str(tour))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"setup command failed: {command}\n{done.stderr}")
    return env


def run(command: str, tour: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["bash", "-c", command], cwd=tour, env=env, capture_output=True, text=True, check=False
    )
    return done.stdout + done.stderr


def normalize(text: str) -> str:
    return TIMING.sub("; 0.0 s", text)


def main() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head, rest = readme.split("<!-- walkthrough:start -->")
    body, tail = rest.split("<!-- walkthrough:end -->")
    with tempfile.TemporaryDirectory() as tmp:
        tour = Path(tmp) / "tour"
        env = prepare(tour, readme)
        new_body = BLOCK.sub(
            lambda m: f"```console\n$ {m.group(1)}\n{run(m.group(1), tour, env)}```", body
        )
    updated = head + "<!-- walkthrough:start -->" + new_body + "<!-- walkthrough:end -->" + tail
    if "--check" in sys.argv:
        sys.exit(0 if normalize(updated) == normalize(readme) else 1)
    (ROOT / "README.md").write_text(updated, encoding="utf-8")
    print("README.md walkthrough refreshed")


if __name__ == "__main__":
    main()

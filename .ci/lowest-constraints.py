"""Print pip constraints that pin every dependency to the oldest release pyproject.toml allows.

    python .ci/lowest-constraints.py > oldest.txt && pip install -c oldest.txt -e '.[test]'

Only ``>=`` lower bounds are pinned; a requirement without one is left to pip.
Needs Python 3.11 or newer (tomllib).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9_.-]*)(?:\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def main() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    pins = {}
    for requirement in requirements:
        match = REQUIREMENT.match(requirement)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    sys.stdout.write("".join(f"{name}=={version}\n" for name, version in sorted(pins.items())))


if __name__ == "__main__":
    main()

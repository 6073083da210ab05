"""Write the README's table of checks from the check registry.

    python scripts/readme_checks.py          # rewrite README.md in place
    python scripts/readme_checks.py --check  # exit 1 if the README is out of date

tests/test_readme.py compares the README's table with the registry.
"""

from __future__ import annotations

import sys
from pathlib import Path

from leaflet_i18n.checks.registry import markdown_table

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- checks:start -->\n", "<!-- checks:end -->"


def refreshed(text: str) -> str:
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return head + START + markdown_table() + END + tail


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = refreshed(text)
    if "--check" in sys.argv:
        sys.exit(0 if new == text else 1)
    README.write_text(new, encoding="utf-8")
    print("README.md table of checks refreshed")


if __name__ == "__main__":
    main()

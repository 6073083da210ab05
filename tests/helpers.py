"""Build small translated workspaces for tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.checks.numbers import number_format
from leaflet_i18n.cli import main
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.render.html import inline_html

from .conftest import DATA


def cli(ws: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(ws), *args], catch_exceptions=False)
    return result.exit_code, result.output


def shown(text: str, locale: str = "de") -> str:
    """``text`` as a page shows it: escaped, each quantity one isolated unit."""
    return str(inline_html(text, number_format(locale)))


def pseudo(msgid: str) -> str:
    """A stand-in translation that keeps numbers, placeholders and punctuation."""
    return f"⟦{msgid}⟧" if msgid[-1:] not in ".:!?" else f"⟦{msgid[:-1]}⟧{msgid[-1]}"


def translated_workspace(tmp_path: Path, locale: str = "de") -> Path:
    """The test workspace with a complete, correct catalog for ``locale``.

    The leaflet's translation is German (``workspace-de.json``), or Greek for ``el``.
    """
    ws = tmp_path / "ws"
    shutil.copytree(DATA / "workspace", ws)
    cli(ws, "extract")
    cli(ws, "init", "-l", locale)
    language = "el" if locale.startswith("el") else "de"
    table = json.loads((DATA / f"workspace-{language}.json").read_text(encoding="utf-8"))
    for domain in ("demo", "templates"):
        path = ws / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"
        catalog = read_catalog(path)
        for entry in catalog.messages():
            entry.msgstr = table[entry.msgid] if domain == "demo" else pseudo(entry.msgid)
        path.write_bytes(dumps(catalog))
    return ws


def edit_entry(path: Path, msgid: str, change: str) -> None:
    """Apply one mutation to the entry with ``msgid``."""
    catalog = read_catalog(path)
    [entry] = [e for e in catalog.messages() if e.msgid == msgid]
    if change == "blank":
        entry.msgstr = ""
    elif change == "fuzzy":
        entry.fuzzy = True
    elif change == "delete":
        catalog.entries.remove(entry)
    elif change == "digit":
        entry.msgstr = next(
            entry.msgstr.replace(d, str((int(d) + 1) % 10), 1) for d in entry.msgstr if d.isdigit()
        )
    elif change == "unit":
        entry.msgstr = (
            entry.msgstr.replace(" mg", " g", 1)
            if " mg" in entry.msgstr
            else entry.msgstr.replace(" g", " mg", 1)
        )
    elif change == "term":
        entry.msgstr = entry.msgstr.replace("Demo", "Das Mittel").replace(
            "paracetamol", "der Wirkstoff"
        )
    elif change == "markup":
        entry.msgstr = entry.msgstr.replace("**", "", 1)
    elif change == "reorder":  # shown as "24 … 8", read as "8 … 24"
        entry.msgstr = "\u202e" + entry.msgstr + "\u202c"
    elif change == "isolate":
        entry.msgstr = "\u2067" + entry.msgstr
    elif change == "superscript":
        digit = next(c for c in entry.msgstr if c.isdigit())
        entry.msgstr = entry.msgstr.replace(digit, digit + "\u00b2", 1)
    elif change == "glued-number":
        entry.msgstr = entry.msgstr.replace(" ", ",42 ", 1)
    elif change == "script":
        entry.msgstr = entry.msgstr + "<script>alert(1)</script>"
    else:
        raise ValueError(change)
    path.write_bytes(dumps(catalog))

"""The benchmark generator makes the workspace it promises (sizes and defects; no timing here)."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.steps.status import file_stats

from .conftest import ROOT, msgfmt_check, needs_gettext
from .helpers import cli

sys.path.insert(0, str(ROOT / "benchmarks"))
generate = importlib.import_module("generate")


def test_generated_workspace_has_the_promised_shape(tmp_path: Path) -> None:
    figures = generate.generate(tmp_path / "ws", leaflets=4, locales=6)
    assert figures == {
        "leaflets": 4,
        "locales": 6,
        "catalogs": 25,
        "entries": figures["entries"],
        "obsolete": figures["obsolete"],
        "pages": 24,
    }
    per_leaflet = (figures["entries"] - 5 * 14) / (4 * 5)
    assert 130 <= per_leaflet <= 170  # about 150 messages per leaflet
    assert 20 * 5 <= figures["obsolete"] <= 20 * 10  # a few obsolete entries per catalog
    ws = tmp_path / "ws"
    code, output = cli(ws, "check", "--format", "json")
    assert '"fuzzy"' in output and '"untranslated"' in output  # some locales are in progress
    code, output = cli(ws, "build", "--jobs", "1")
    site = tmp_path / "ws/site"
    for locale in ("en", "de", "es", "it", "pl"):  # complete locales: every page renders
        assert len(list((site / locale).glob("medicol-*.html"))) == 4, locale
    # French is the locale still in translation: its pages render unless a
    # critical message is fuzzy there, and the exit code says whether any was refused.
    french = len(list((site / "fr").glob("medicol-*.html")))
    assert (code == 0) == (french == 4)
    assert (code == 0) == ("refused fr/" not in output)


def test_generated_catalogs_look_like_real_ones(tmp_path: Path) -> None:
    generate.generate(tmp_path / "ws", leaflets=4, locales=11)
    files = sorted((tmp_path / "ws" / "locales").rglob("*.po"))
    data = {p.relative_to(tmp_path / "ws" / "locales").as_posix(): p.read_bytes() for p in files}
    crlf = [name for name, raw in data.items() if b"\r\n" in raw]
    assert crlf and all(data[n].count(b"\n") == data[n].count(b"\r\n") for n in crlf)
    assert len(crlf) < len(files) / 3
    pl = data["pl/LC_MESSAGES/medicol-0000.po"]
    assert b"charset=ISO-8859-2" in pl and "Zażółć".encode("iso-8859-2") in pl
    assert b"charset=ISO-8859-7" in data["el/LC_MESSAGES/medicol-0001.po"]
    assert b"charset=UTF-8" in data["pl/LC_MESSAGES/templates.po"]  # “quotes” need UTF-8
    everything = b"\n".join(data.values())
    for mark in (b"\n#~ msgid ", b"\n#~ msgid_plural ", b"\n#~| msgid ", b"\n#| msgid ", b"\n# "):
        assert mark in everything, mark
    assert re.search(rb'\n#~ msgid ""\r?\n#~ "[^"]*\\n"', everything)  # multi-line strings
    french = read_catalog(tmp_path / "ws/locales/fr/LC_MESSAGES/medicol-0000.po")
    fuzzy = [e for e in french.messages() if e.fuzzy]
    assert fuzzy and all(e.previous_msgid and e.previous_msgid != e.msgid for e in fuzzy)


def test_real_shaped_catalog(tmp_path: Path) -> None:
    catalog = generate.real_catalog(2000, seed=3)
    path = tmp_path / "real.po"
    generate.write_po(path, catalog)
    text = path.read_text(encoding="utf-8")
    active = [e for e in catalog.entries if not e.obsolete and not e.is_header]
    assert len(active) == 2000 and sum(e.obsolete for e in catalog.entries) == 200
    assert sum(e.msgid_plural is not None for e in active) > 10
    assert sum(e.msgctxt is not None for e in active) > 100
    assert sum(e.previous_msgid is not None for e in active) > 80
    assert sum("\n" in e.msgid.rstrip("\n") for e in active) > 300  # usage texts
    assert 'msgid ""\n"Usage: ' in text and "\n#~ msgid " in text and "\n#| msgid " in text
    back = read_catalog(path)
    assert len(back) == len(catalog.entries)


@needs_gettext
def test_every_generated_file_passes_msgfmt_check(tmp_path: Path) -> None:
    generate.generate(tmp_path / "ws", leaflets=3, locales=11)
    real = tmp_path / "real.po"
    generate.write_po(real, generate.real_catalog(3000, seed=5))
    files = [real, *sorted((tmp_path / "ws" / "locales").rglob("*.po"))]
    assert len(files) == 1 + 10 * 4
    for path in files:
        result = msgfmt_check(path)
        assert result.returncode == 0, (path, result.stderr)
        assert "error" not in result.stderr, (path, result.stderr)
    statistics = subprocess.run(
        ["msgfmt", "--statistics", "-o", os.devnull, str(real)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    row = file_stats(str(real))
    assert statistics.strip() == (
        f"{row['translated']} translated messages, {row['fuzzy']} fuzzy translations, "
        f"{row['untranslated']} untranslated messages."
    )

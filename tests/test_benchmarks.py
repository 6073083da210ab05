"""The benchmark generator makes the workspace it promises (sizes and defects; no timing here)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from .conftest import ROOT
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
        "pages": 24,
    }
    per_leaflet = (figures["entries"] - 5 * 14) / (4 * 5)
    assert 130 <= per_leaflet <= 170  # about 150 messages per leaflet
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

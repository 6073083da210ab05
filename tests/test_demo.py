"""The demo workspace (this repository) keeps its promises."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import HAVE_GETTEXT, ROOT, msgcat, msgfmt_check
from .helpers import cli

PUBLISHED = ["ar", "de", "en", "es", "fr", "pl"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("demo")
    for name in ("content", "locales", "templates"):
        shutil.copytree(ROOT / name, ws / name)
    shutil.copy(ROOT / "leaflet-i18n.yaml", ws)
    return ws


def test_build_publishes_two_leaflets_in_six_locales(demo: Path) -> None:
    code, output = cli(demo, "build", "--format", "json")
    assert code == 0, output
    report = json.loads(output)
    pages = sorted((p["locale"], p["leaflet"]) for p in report["pages"] if p["published"])
    assert pages == sorted((loc, slug) for loc in PUBLISHED for slug in ("baclofen", "paracetamol"))
    assert all(p["fallbacks"] == [] for p in report["pages"])  # complete translations
    index = (demo / "site/index.html").read_text()
    assert "Italiano" in index  # listed as not yet published


def test_italian_is_refused_with_reasons(demo: Path) -> None:
    code, output = cli(demo, "build", "-l", "it")
    assert code == 1
    assert "refused it/baclofen.html" in output and "refused it/paracetamol.html" in output
    assert "locales/it/LC_MESSAGES/paracetamol.po:" in output and "[fuzzy]" in output
    assert "[untranslated]" in output
    assert not (demo / "site/it").exists() or not any((demo / "site/it").iterdir())


def test_complete_locales_have_no_errors(demo: Path) -> None:
    args = [a for loc in ("de", "fr", "es", "ar", "pl") for a in ("-l", loc)]
    code, output = cli(demo, "check", *args)
    assert code == 0, output
    assert output.strip().endswith("pages: 10 publishable, 0 blocked")


def test_catalogs_are_up_to_date_with_the_content(demo: Path) -> None:
    assert cli(demo, "extract", "--check")[0] == 0
    assert cli(demo, "update", "--check")[0] == 0


def test_lint_names_the_real_problem_of_the_seed_and_its_waiver(demo: Path) -> None:
    code, output = cli(demo, "lint")
    assert code == 0  # the one error is waived, with a reason and a name
    assert (
        "content/baclofen.yaml:39: error:" in output and "[lint.empty-list] (waived by " in output
    )
    assert output.count(": error:") == 1
    assert output.rstrip().endswith("0 error(s), 0 warning(s), 1 waived")


@pytest.mark.skipif(not HAVE_GETTEXT, reason="GNU gettext is not installed")
def test_every_catalog_passes_msgfmt_and_is_canonical() -> None:
    files = sorted((ROOT / "locales").rglob("*.po")) + sorted((ROOT / "locales").glob("*.pot"))
    assert len(files) == 21  # 3 templates + 6 locales x 3 catalogs
    for path in files:
        assert msgfmt_check(path).returncode == 0, path
        assert msgcat(path) == path.read_bytes(), path

"""XLIFF: lossless round trip, schema-valid files, and an import that never hides a change."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats import xliff
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.model.catalog import Catalog
from leaflet_i18n.model.diagnostics import LeafletError
from leaflet_i18n.sources.workspace import Workspace
from leaflet_i18n.steps import interchange

from .conftest import CORPUS, ROOT, needs_corpus
from .helpers import cli, translated_workspace

SCHEMAS = Path(
    os.environ.get("LEAFLET_I18N_XLIFF_SCHEMAS", Path.home() / ".cache/leaflet-i18n/xliff-schemas")
)
DEMO_CATALOGS = sorted((ROOT / "locales").rglob("*.po"))


def round_trip(catalog: Catalog, version: str = "1.2") -> Catalog:
    export = xliff.export12 if version == "1.2" else xliff.export20
    back = xliff.parse(export([("x", catalog)], "en", "de"), "x.xlf").files[0][1]
    back.charset = catalog.charset
    return back


@pytest.mark.parametrize("path", DEMO_CATALOGS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_demo_round_trip_is_lossless(path: Path) -> None:
    catalog = read_catalog(path)
    assert dumps(round_trip(catalog)) == path.read_bytes()


@needs_corpus
@pytest.mark.corpus
def test_corpus_round_trip_is_lossless() -> None:
    checked = 0
    for path in sorted((CORPUS / "po").glob("*.po*")):
        catalog = read_catalog(path)
        assert dumps(round_trip(catalog)) == dumps(catalog), path
        checked += 1
    assert checked == 43


def test_xliff20_keeps_translations_states_and_notes() -> None:
    catalog = read_catalog(DEMO_CATALOGS[0])
    back = round_trip(catalog, "2.0")
    assert [(e.msgctxt, e.msgid, e.msgstr, e.fuzzy, e.extracted) for e in back.messages()] == [
        (e.msgctxt, e.msgid, e.msgstr, e.fuzzy, e.extracted) for e in catalog.messages()
    ]


def test_unit_ids_are_stable_and_distinct() -> None:
    assert xliff.unit_id("a", "dose", "Take 2.") == xliff.unit_id("a", "dose", "Take 2.")
    assert xliff.unit_id("a", "dose", "Take 2.") != xliff.unit_id("b", "dose", "Take 2.")
    assert xliff.unit_id("a", "dose", "Take 2.") != xliff.unit_id("a", "warnings", "Take 2.")


def _schema(name: str) -> object:
    etree = pytest.importorskip("lxml.etree")
    if not (SCHEMAS / name).exists():
        pytest.skip(f"no XLIFF schema at {SCHEMAS} (installed by .ci/run)")

    class Local(etree.Resolver):  # type: ignore[misc,name-defined]
        def resolve(self, url: str, pubid: str, context: object) -> object:
            if url.endswith("xml.xsd"):
                return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


@pytest.mark.parametrize(
    ("version", "schema"), [("1.2", "xliff-core-1.2-strict.xsd"), ("2.0", "xliff-core-2.0.xsd")]
)
def test_exports_validate_against_the_oasis_schema(
    version: str, schema: str, tmp_path: Path
) -> None:
    from lxml import etree

    validator = _schema(schema)
    ws = Workspace.open(ROOT)
    for locale in ("de", "ar", "it"):
        document = etree.fromstring(interchange.export_locale(ws, locale, version).data)
        assert validator.validate(document), validator.error_log  # type: ignore[attr-defined]


@needs_corpus
@pytest.mark.corpus
def test_corpus_exports_validate(tmp_path: Path) -> None:
    from lxml import etree

    validator = _schema("xliff-core-1.2-strict.xsd")
    for path in sorted((CORPUS / "po").glob("*.po"))[:12]:
        document = etree.fromstring(xliff.export12([("x", read_catalog(path))], "en", "xx"))
        assert validator.validate(document), (path, validator.error_log)  # type: ignore[attr-defined]


def test_export_marks_critical_units() -> None:
    data = interchange.export_locale(Workspace.open(ROOT), "de").data.decode()
    unit = data.split('resname="how-to-take/overdose"')[1].split("</trans-unit>")[0]
    assert '<note from="leaflet-i18n" priority="1">SAFETY-CRITICAL' in unit
    unit = data.split('resname="what-it-is"')[1].split("</trans-unit>")[0]
    assert "SAFETY-CRITICAL" not in unit


@pytest.mark.skipif(shutil.which("xliff2po") is None, reason="translate-toolkit is not installed")
def test_translate_toolkit_reads_our_files(tmp_path: Path) -> None:
    source = tmp_path / "de.xlf"
    source.write_bytes(interchange.export_locale(Workspace.open(ROOT), "de").data)
    subprocess.run(
        ["xliff2po", "-i", str(source), "-o", str(tmp_path / "de.po")],
        check=True,
        capture_output=True,
    )
    text = (tmp_path / "de.po").read_text()
    assert 'msgstr "Nicht über 25 °C lagern."' in text


# ---------------------------------------------------------------- import


def export_tour(tmp_path: Path) -> tuple[Path, Path]:
    ws = translated_workspace(tmp_path)
    target = tmp_path / "de.xlf"
    assert cli(ws, "xliff", "export", "-l", "de", "-o", str(target))[0] == 0
    return ws, target


def test_import_of_an_unchanged_export_changes_nothing(tmp_path: Path) -> None:
    ws, target = export_tour(tmp_path)
    before = (ws / "locales/de/LC_MESSAGES/demo.po").read_bytes()
    code, output = cli(ws, "xliff", "import", str(target))
    assert code == 0 and "0 updated" in output and "wrote nothing" in output
    assert (ws / "locales/de/LC_MESSAGES/demo.po").read_bytes() == before


def test_import_updates_and_reports_replacements(tmp_path: Path) -> None:
    ws, target = export_tour(tmp_path)
    target.write_text(target.read_text().replace(">Inhalt der Packung<", ">Packungsinhalt<"))
    code, output = cli(ws, "xliff", "import", str(target))
    assert code == 0
    assert (
        "replaced in demo: “Contents of the pack”\n  was: “Inhalt der Packung”\n  now: “Packungsinhalt”"
        in output
    )
    assert 'msgstr "Packungsinhalt"' in (ws / "locales/de/LC_MESSAGES/demo.po").read_text()


def test_unit_translated_against_an_outdated_source_becomes_fuzzy(tmp_path: Path) -> None:
    ws, target = export_tour(tmp_path)
    content = ws / "content/demo.yaml"
    content.write_text(
        content.read_text().replace(
            "Do not take more than 8 tablets (4 g) in 24 hours.",
            "Never take more than 8 tablets (4 g) in 24 hours.",
        )
    )
    cli(ws, "extract")
    cli(ws, "update", "-l", "de")  # the German entry is now fuzzy
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    catalog = read_catalog(path)
    [entry] = [e for e in catalog.messages() if e.msgid.startswith("Never take")]
    assert entry.fuzzy
    entry.msgstr = ""  # and suppose nobody translated it yet
    path.write_bytes(dumps(catalog))
    code, output = cli(ws, "xliff", "import", str(target))  # the agency worked on the old text
    assert "outdated source in demo" in output and "1 fuzzy (outdated source)" in output
    [entry] = [e for e in read_catalog(path).messages() if e.msgid.startswith("Never take")]
    assert (
        entry.fuzzy and entry.previous_msgid == "Do not take more than 8 tablets (4 g) in 24 hours."
    )
    assert cli(ws, "build", "-l", "de")[0] == 1  # never silently current: the page stays refused


def test_outdated_unit_never_overwrites_a_reviewed_translation(tmp_path: Path) -> None:
    ws, target = export_tour(tmp_path)
    old_unit_source = "Do not take more than 8 tablets (4 g) in 24 hours."
    content = ws / "content/demo.yaml"
    content.write_text(
        content.read_text().replace(
            old_unit_source, "Never take more than 8 tablets (4 g) in 24 hours."
        )
    )
    cli(ws, "extract")
    cli(ws, "update", "-l", "de")
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    catalog = read_catalog(path)
    [entry] = [e for e in catalog.messages() if e.msgid.startswith("Never take")]
    entry.msgstr, entry.previous_msgid = (
        "Nehmen Sie niemals mehr als 8 Tabletten (4 g) innerhalb von 24 Stunden ein.",
        None,
    )
    entry.fuzzy = False
    path.write_bytes(dumps(catalog))
    before = path.read_bytes()
    code, output = cli(ws, "xliff", "import", str(target))
    assert "not applied in demo" in output
    assert path.read_bytes() == before


def test_import_refuses_another_locale(tmp_path: Path) -> None:
    ws, target = export_tour(tmp_path)
    with pytest.raises(LeafletError, match="this file is for 'de', not 'fr'"):
        interchange.plan_import(
            Workspace.open(ws), xliff.parse(target.read_bytes()), "fr", "de.xlf"
        )
    code, output = cli(ws, "xliff", "import", str(target), "-l", "fr")
    assert code == 1 and "not 'fr'" in output


def test_import_refuses_dtds_and_broken_xml(tmp_path: Path) -> None:
    with pytest.raises(LeafletError, match="DTD"):
        xliff.parse(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><xliff/>')
    with pytest.raises(LeafletError, match="not well-formed"):
        xliff.parse(b"<xliff><file>")
    with pytest.raises(LeafletError, match="not an XLIFF"):
        xliff.parse(b"<html/>")


def test_unmatched_units_are_reported(tmp_path: Path) -> None:
    ws, target = export_tour(tmp_path)
    target.write_text(target.read_text().replace('original="demo"', 'original="other-leaflet"'))
    code, output = cli(ws, "xliff", "import", str(target))
    assert "matches nothing in other-leaflet" in output

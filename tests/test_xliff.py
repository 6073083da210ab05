"""XLIFF: lossless round trip, schema-valid files, and an import that never hides a change."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats import xliff
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.model.catalog import Catalog, Entry
from leaflet_i18n.model.diagnostics import LeafletError
from leaflet_i18n.sources.approvals import load_record
from leaflet_i18n.sources.workspace import Workspace
from leaflet_i18n.steps import interchange

from .conftest import CORPUS, HAVE_GETTEXT, ROOT, msgfmt_check, needs_corpus
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


# ---------------------------------------------------------------- CAT tools' returns, review state

XLIFF_DATA = Path(__file__).resolve().parent / "data" / "xliff"
DEMO_PO = "locales/de/LC_MESSAGES/demo.po"


def entries(ws: Path, name: str = "demo") -> dict[str, Entry]:
    catalog = read_catalog(ws / f"locales/de/LC_MESSAGES/{name}.po")
    return {e.msgid: e for e in catalog.messages()}


def review_ws(tmp_path: Path) -> Path:
    ws = translated_workspace(tmp_path)
    (ws / "leaflet-i18n.yaml").write_text(
        "review:\n  required:\n    critical: [linguistic, medical]\n", encoding="utf-8"
    )
    return ws


def recorded(ws: Path) -> set[tuple[str, str, str]]:
    path = ws / "locales/de/reviews/demo.yaml"
    record = load_record(path, "demo.yaml", "demo", "de")
    return {(a.msgid, a.role, a.reviewer) for a in record.approvals}


def test_a_memoq_return_imports_without_loss(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    code, output = cli(ws, "xliff", "import", str(XLIFF_DATA / "memoq-de.xlf"))
    assert code == 1  # one unit refused, by name and line; the others are imported
    assert re.search(
        r"memoq-de.xlf:\d+: error: unit uc085c6e3e10aae214ce7 \(how-to-take: “Adults: take 1 or "
        r"2.*has a code <ph> for '<mq:rxt displaytext=\"bold\".*which PO text cannot hold",
        output,
    )
    assert "4 updated, 0 unchanged, 0 fuzzy (outdated source), 0 unmatched, 1 refused" in output
    found = entries(ws)
    # de-DE went into de; the minor version is history, not the translation
    assert found["Do not take Demo"].msgstr == "Nehmen Sie Demo nicht ein"
    # the re-indented target is read as one line, as the source is
    assert found[
        "Taking **more than 4 g** of paracetamol in 24 hours can cause serious liver damage."
    ].msgstr == (
        "Die Einnahme von **mehr als 4 g** Paracetamol innerhalb von 24 Stunden kann schwere "
        "Leberschäden verursachen."
    )
    # memoQ's PartiallyEdited is a draft: fuzzy, never current
    assert found["What Demo is and what it is used for"].fuzzy
    contents = found["Contents of the pack"]
    assert contents.msgstr == "Packungsinhalt" and not contents.fuzzy
    assert contents.comments == ["Kürzer, wie auf der Faltschachtel."]
    # the refused unit kept its translation
    assert found["Adults: take 1 or 2 tablets (500 mg to 1,000 mg) every 4 to 6 hours."].msgstr == (
        "Erwachsene: Nehmen Sie alle 4 bis 6 Stunden 1 oder 2 Tabletten (500 mg bis 1.000 mg) ein."
    )
    # two signed-off units, and without a reviewer nothing is approved
    assert "2 unit(s) marked approved or signed off in the file; no approval recorded" in output
    assert not (ws / "locales/de/reviews/demo.yaml").exists()
    if HAVE_GETTEXT:
        assert msgfmt_check(ws / DEMO_PO).returncode == 0


def test_signed_off_units_become_approvals_only_for_a_named_reviewer(tmp_path: Path) -> None:
    ws = review_ws(tmp_path)
    args = ["xliff", "import", str(XLIFF_DATA / "memoq-de.xlf"), "--reviewer", "B. Doktor"]
    code, output = cli(ws, *args)
    assert code == 2 and "give --reviewer and --role together" in output
    code, output = cli(ws, *args, "--role", "medical")
    assert (
        "recorded 2 approval(s) as medical by B. Doktor in locales/de/reviews/demo.yaml" in output
    )
    assert recorded(ws) == {
        ("Do not take Demo", "medical", "B. Doktor"),
        (
            "Taking **more than 4 g** of paracetamol in 24 hours can cause serious liver damage.",
            "medical",
            "B. Doktor",
        ),
    }
    # the approvals hold for the text as imported
    _, checked = cli(ws, "check", "-l", "de", "--format", "json")
    unapproved = {
        f["msgid"] for f in json.loads(checked)["findings"] if f["code"] == "review.missing"
    }
    assert "Do not take Demo" in unapproved  # the linguist has not approved it
    assert all("medical" not in f["message"] for f in json.loads(checked)["findings"]
               if f["msgid"] == "Do not take Demo" and f["code"] == "review.missing")  # fmt: skip
    code, output = cli(ws, *args, "--role", "pharmacist")
    assert code == 2 and "unknown role 'pharmacist'" in output


def test_a_trados_sdlxliff_return(tmp_path: Path) -> None:
    ws = review_ws(tmp_path)
    code, output = cli(
        ws, "xliff", "import", str(XLIFF_DATA / "trados-de.sdlxliff"),
        "--reviewer", "C. Lektor", "--role", "linguistic",
    )  # fmt: skip
    assert code == 1
    assert re.search(
        r"trados-de.sdlxliff:\d+: error: unit 8e0b1c6e-8c0f-4a4f-9d2c-1a2b3c4d5e05 "
        r"\(“Warnings and precautions”\) has formatting <g>",
        output,
    )
    found = entries(ws)
    # matched by the path's file name and, without resname, by the (unique) source text;
    # the two segments are one message again
    assert found["Each tablet contains 500 mg paracetamol. Packs of 16 or 32 tablets."].msgstr == (
        "Jede Tablette enthält 500 mg Paracetamol. Packungen mit 16 oder 32 Tabletten."
    )
    assert found["have severe liver disease."].fuzzy  # conf="Draft"
    assert found["Warnings and precautions"].msgstr == "Warnhinweise und Vorsichtsmaßnahmen"
    # ApprovedSignOff and ApprovedTranslation are approvals; a unit with one segment only
    # Translated is not
    assert {m for m, _, _ in recorded(ws)} == {"Demo 500 mg tablets", "How to take Demo"}


def test_an_omegat_xliff20_return(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    code, output = cli(ws, "xliff", "import", str(XLIFF_DATA / "omegat-de.xlf"))
    assert code == 0, output
    found = entries(ws)
    contents = found["Each tablet contains 500 mg paracetamol. Packs of 16 or 32 tablets."]
    assert contents.msgstr == "Jede Tablette enthält 500 mg Paracetamol. Packungen mit 16 oder 32 Tabletten."  # fmt: skip
    assert contents.comments == ["Zwei Sätze wie im Original."]
    assert found["Do not take more than 8 tablets (4 g) in 24 hours."].msgstr == (
        "Nehmen Sie innerhalb von 24 Stunden höchstens 8 Tabletten (4 g) ein."
    )
    assert entries(ws, "templates")["Revised: {date}"].msgstr == "Stand: {date}"  # <ph> kept
    assert "2 unit(s) marked approved or signed off" in output  # state="final"
    if HAVE_GETTEXT:
        for name in ("demo", "templates"):
            assert msgfmt_check(ws / f"locales/de/LC_MESSAGES/{name}.po").returncode == 0


def test_export_carries_the_review_state(tmp_path: Path) -> None:
    from .test_review import approve_everything

    ws = review_ws(tmp_path)
    approve_everything(ws)
    path = ws / DEMO_PO
    catalog = read_catalog(path)
    [fuzzy] = [e for e in catalog.messages() if e.msgid == "How to take Demo"]
    fuzzy.fuzzy = True
    path.write_bytes(dumps(catalog))
    data = interchange.export_locale(Workspace.open(ws), "de", names=["demo"]).data.decode()
    units = data.split("<trans-unit ")[1:]
    signed = [u for u in units if 'approved="yes"' in u]
    assert all('state="signed-off"' in u for u in signed)
    critical = critical_messages_of(ws)
    assert len(signed) == len(critical) - 1  # every approved critical unit, not the fuzzy one
    assert not any("<source>How to take Demo</source>" in u for u in signed)
    assert not any(
        "<source>Contents of the pack</source>" in u for u in signed
    )  # nothing required: none
    twenty = interchange.export_locale(Workspace.open(ws), "de", "2.0", ["demo"]).data.decode()
    assert twenty.count('<segment state="final">') == len(signed)
    # the file as it returns: approved units are counted, nothing more
    target = tmp_path / "de.xlf"
    target.write_text(data)
    code, output = cli(ws, "xliff", "import", str(target))
    assert code == 0 and "0 updated" in output
    assert f"{len(signed)} unit(s) marked approved or signed off in the file" in output


def critical_messages_of(ws: Path) -> set[str]:
    return {m for name, _, m in interchange.critical_messages(Workspace.open(ws)) if name == "demo"}


def test_exports_with_review_state_validate(tmp_path: Path) -> None:
    from lxml import etree

    from .test_review import approve_everything

    ws = review_ws(tmp_path)
    approve_everything(ws)
    for version, schema in (("1.2", "xliff-core-1.2-strict.xsd"), ("2.0", "xliff-core-2.0.xsd")):
        validator = _schema(schema)
        document = etree.fromstring(
            interchange.export_locale(Workspace.open(ws), "de", version).data
        )
        assert validator.validate(document), validator.error_log  # type: ignore[attr-defined]


def test_confirming_a_fuzzy_unit_removes_its_previous_source(tmp_path: Path) -> None:
    ws, target = export_tour(tmp_path)
    content = ws / "content/demo.yaml"
    content.write_text(content.read_text().replace("Contents of the pack", "Contents of the packs"))
    cli(ws, "extract")
    cli(ws, "update", "-l", "de")
    [entry] = [e for e in entries(ws).values() if e.msgid == "Contents of the packs"]
    assert entry.fuzzy and entry.previous_msgid == "Contents of the pack"
    cli(ws, "xliff", "export", "-l", "de", "-o", str(target))
    text = target.read_text()
    unit = text.split("<source>Contents of the packs</source>")[1].split("</trans-unit>")[0]
    confirmed = unit.replace('state="needs-review-translation">Inhalt der Packung', 'state="translated">Packungsinhalt')  # fmt: skip
    target.write_text(text.replace(unit, confirmed))
    code, output = cli(ws, "xliff", "import", str(target))
    assert code == 0, output
    entry = entries(ws)["Contents of the packs"]
    assert entry.msgstr == "Packungsinhalt" and not entry.fuzzy
    assert entry.previous_msgid is None and entry.previous_msgctxt is None
    assert "#|" not in (ws / DEMO_PO).read_text()


def test_regional_target_languages(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    cli(ws, "init", "-l", "pt_BR")
    workspace = Workspace.open(ws)
    assert interchange.target_locale(workspace, "de-DE", None, "x") == "de"
    assert interchange.target_locale(workspace, "de-de", "de", "x") == "de"
    assert interchange.target_locale(workspace, "pt-BR", None, "x") == "pt_BR"
    assert interchange.target_locale(workspace, "pt-BR", "pt_BR", "x") == "pt_BR"
    assert interchange.target_locale(workspace, "fr-CA", None, "x") == "fr_CA"  # none: said later
    cli(ws, "init", "-l", "de_AT")
    assert interchange.target_locale(Workspace.open(ws), "de-AT", None, "x") == "de_AT"
    with pytest.raises(LeafletError, match="this file is for 'de-AT', not 'de'"):
        interchange.target_locale(Workspace.open(ws), "de-AT", "de", "x")  # de_AT is there
    with pytest.raises(LeafletError, match="not 'pt_BR'"):
        interchange.target_locale(workspace, "de-DE", "pt_BR", "x")


# ---------------------------------------------------------------- inline codes, safe parsing


def unit12(target: str, source: str = "Revised: {date}") -> str:
    return (
        f'<xliff version="1.2" xmlns="{xliff.NS12}"><file original="t" source-language="en" '
        'target-language="de" datatype="po"><body>'
        f'<trans-unit id="u1"><source>{source}</source><target>{target}</target></trans-unit>'
        "</body></file></xliff>"
    )


def unit20(target: str, source: str = "Revised: {date}") -> str:
    return (
        f'<xliff version="2.0" xmlns="{xliff.NS20}" srcLang="en" trgLang="de"><file id="f" '
        f'original="t"><unit id="u1"><segment state="translated"><source>{source}</source>'
        f"<target>{target}</target></segment></unit></file></xliff>"
    )


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (unit12('Stand: <ph id="1">{date}</ph>'), "Stand: {date}"),
        (unit12('Stand: <x id="1" equiv-text="{date}"/>'), "Stand: {date}"),
        (unit12('A<x id="ctrl" ctype="x-ctrl-07"/>B'), "A\x07B"),
        (unit12('<g id="1" ctype="bold">Nicht</g> lagern'), "**Nicht** lagern"),
        (unit12('<bx id="1" equiv-text="**"/>Nicht<ex id="1" equiv-text="**"/>'), "**Nicht**"),
        (
            unit12('<mrk mtype="seg" mid="1">Stand</mrk>: <mrk mtype="term">{date}</mrk>'),
            "Stand: {date}",
        ),
        (unit12("Stand<!-- a reviewer's comment -->: {date}"), "Stand: {date}"),
        (unit20('Stand: <ph id="1" equiv="{date}" disp="{date}"/>'), "Stand: {date}"),
        (unit20('A<cp hex="0007"/>B'), "A\x07B"),
        (unit20('<pc id="1" type="fmt" subType="xlf:b">Nicht</pc> lagern'), "**Nicht** lagern"),
        (unit20('<mrk id="m1" translate="yes">Stand</mrk>: {date}'), "Stand: {date}"),
    ],
)
def test_inline_codes_with_a_po_equivalent_are_kept(document: str, expected: str) -> None:
    doc = xliff.parse(document.encode())
    assert doc.refused == []
    [entry] = list(doc.files[0][1].messages())
    assert entry.msgstr == expected


@pytest.mark.parametrize(
    ("document", "named"),
    [
        (unit12('<g id="1" ctype="underlined">Nicht</g> lagern'), "formatting <g> (underlined)"),
        (unit12('<g id="1">Nicht</g> lagern'), "formatting <g>"),
        (unit12('<bpt id="1" ctype="bold">{}</bpt>Nicht<ept id="1">{}</ept>'), "<bpt> for '{}'"),
        (unit12('Stand: <ph id="1">&lt;date/&gt;</ph>'), "<ph> for '<date/>'"),
        (unit12('Stand:<x id="2"/>'), "<x/> with no text equivalent"),
        (unit12('<it id="1" pos="open">&lt;b&gt;</it>Stand'), "<it> for '<b>'"),
        (unit20('Stand: <ph id="1"/>'), "<ph/> with no text equivalent"),
        (unit20('<sc id="1"/>Nicht<ec startRef="1"/>'), "<sc/> with no text equivalent"),
        (unit20('<pc id="1" type="fmt" subType="xlf:u">Nicht</pc>'), "formatting <pc> (xlf:u)"),
    ],
)
def test_inline_codes_without_an_equivalent_refuse_the_unit(document: str, named: str) -> None:
    doc = xliff.parse(document.encode(), "t.xlf")
    [refusal] = doc.refused
    assert refusal.unit == "u1" and refusal.line == 1 and named in refusal.message
    assert "not imported" in refusal.message
    assert list(doc.files[0][1].messages()) == []  # never imported without it


def test_a_unit_of_several_segments_is_read_whole() -> None:
    document = (
        f'<xliff version="2.0" xmlns="{xliff.NS20}" srcLang="en" trgLang="de"><file id="f" '
        'original="t"><unit id="u1" name="contents">'
        '<segment state="final"><source>One.</source><target>Eins.</target></segment>'
        "<ignorable><source> </source></ignorable>"
        '<segment state="translated"><source>Two.</source><target>Zwei.</target></segment>'
        "</unit></file></xliff>"
    )
    doc = xliff.parse(document.encode())
    [entry] = list(doc.files[0][1].messages())
    assert (entry.msgid, entry.msgstr, entry.fuzzy) == ("One. Two.", "Eins. Zwei.", False)
    assert doc.approved == set()  # one segment is final, the other only translated


def test_control_characters_go_out_as_xliff20_code_points() -> None:
    catalog = Catalog(entries=[Entry(msgid="A\x07B", msgstr="C\x07D", msgctxt="x")])
    data = xliff.export20([("t", catalog)], "en", "de")
    assert b'<cp hex="0007"/>' in data and b"<x " not in data
    [entry] = list(xliff.parse(data).files[0][1].messages())
    assert entry.msgstr == "C\x07D"


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b"<xliff>&lol2;</xliff>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<xliff>&xxe;</xliff>",
        b'<?xml version="1.0"?>\n' + b" " * 5000 + b'<!DOCTYPE x SYSTEM "http://example.org/x.dtd">'
        b"<xliff/>",
        b"<xliff>&xxe;</xliff>",
    ],
)
def test_entities_and_dtds_are_never_expanded(document: bytes) -> None:
    with pytest.raises(LeafletError) as caught:
        xliff.parse(document, "evil.xlf")
    assert caught.value.code in ("xliff.dtd", "xliff.syntax")
    assert "root:" not in str(caught.value)

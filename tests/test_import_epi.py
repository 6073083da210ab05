"""EU ePI import: FHIR Bundles (JSON, XML), FSH Compositions, codes cross-checked with headings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from leaflet_i18n.sources import qrd
from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.draft import Draft, DraftList, DraftTable, draft_texts
from leaflet_i18n.sources.epi import read_epi
from leaflet_i18n.sources.fhir import read_fsh
from leaflet_i18n.sources.importers import detect_format
from leaflet_i18n.sources.xhtml import local, parse_fragment
from leaflet_i18n.sources.yaml_writer import dump_draft

from .conftest import ROOT

FORMATS = ROOT.parent / "shared" / "real-leaflets" / "formats"
needs_formats = pytest.mark.skipif(not FORMATS.is_dir(), reason=f"no format examples at {FORMATS}")
XHTML = "http://www.w3.org/1999/xhtml"
BLOCKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "td",
    "th",
    "tr",
    "table",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}


def div(body: str) -> str:
    return f'<div xmlns="{XHTML}">{body}</div>'


def section(
    title: str, code: str | None, body: str, children: list[object] | None = None
) -> dict[str, object]:
    out: dict[str, object] = {"title": title, "text": {"status": "additional", "div": div(body)}}
    if code:
        out["code"] = {
            "coding": [{"system": "https://spor.ema.europa.eu/v1/lists/200000029659", "code": code}]
        }
    if children:
        out["section"] = children
    return out


def bundle(sections: list[object], language: str = "en") -> dict[str, object]:
    composition = {
        "resourceType": "Composition",
        "language": language,
        "title": "Sample 20 mg tablets",
        "type": {
            "coding": [{"system": "https://spor.ema.europa.eu/rmswi/", "code": "100000155538"}]
        },
        "section": sections,
    }
    return {"resourceType": "Bundle", "type": "document", "entry": [{"resource": composition}]}


SAMPLE = bundle(
    [
        section(
            "1. What Sample is and what it is used for",
            "200000029895",
            "<p>It lowers blood pressure.</p>",
        ),
        section(
            "2. What you need to know before you take Sample",
            "200000029896",
            "",
            [
                section(
                    "Do not take Sample",
                    "200000029897",
                    "<ul><li>if you are allergic<ul><li>to peanut</li></ul></li></ul>",
                ),
                # coded as 'driving' but its heading is the warnings heading: the heading wins
                section(
                    "Warnings and precautions", "200000029903", "<p>Talk to your <b>doctor</b>.</p>"
                ),
            ],
        ),
        section(
            "3. How to take Sample",
            "200000029905",
            "<table><caption>Dose</caption><tr><th>Weight</th><th>Dose</th></tr>"
            "<tr><td>under 25 kg</td><td>10 mg</td></tr></table>"
            "<p><strong>If you take more Sample than you should</strong></p><p>Call a doctor.</p>",
        ),
    ]
)


def write_json(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "sample.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def test_bundle_sections_codes_and_narrative(tmp_path: Path) -> None:
    draft, notes = read_epi(write_json(tmp_path, SAMPLE), "sample.json")
    assert draft.title == "Sample 20 mg tablets"
    assert [(s.slot, s.kind) for s in draft.walk()] == [
        ("pl.1", "indications"),
        ("pl.2", "warnings"),
        ("pl.2.donottake", "contraindications"),
        ("pl.2.warnings", "warnings"),
        ("pl.3", "dosage"),
        ("pl.3.toomuch", "overdose"),
    ]
    mismatch = [n for n in notes if n.code == "import.code-mismatch"]
    assert len(mismatch) == 1 and "200000029903" in mismatch[0].message
    assert re.fullmatch(r"sample\.json:\d+", str(mismatch[0].location))
    sections = {s.slot: s for s in draft.walk()}
    [lst] = sections["pl.2.donottake"].blocks
    assert isinstance(lst, DraftList)
    assert [(i.text, i.level) for i in lst.items] == [("if you are allergic", 0), ("to peanut", 1)]
    table = sections["pl.3"].blocks[0]
    assert isinstance(table, DraftTable) and table.caption == "Dose" and table.header_rows == 1
    assert sections["pl.2.warnings"].blocks[0].text == "Talk to your **doctor**."  # type: ignore[union-attr]


def test_document_type_code_on_every_section_is_reported(tmp_path: Path) -> None:
    data = json.loads(json.dumps(SAMPLE).replace("200000029895", "100000155538"))
    _, notes = read_epi(write_json(tmp_path, data), "sample.json")
    assert [n.code for n in notes].count("import.section-code") == 1


def test_title_in_another_language_yields_to_code_text(tmp_path: Path) -> None:
    data = bundle(
        [section("4. Possible side effects", None, "<p>Como todos los medicamentos…</p>")], "es"
    )
    data["entry"][0]["resource"]["section"][0]["code"] = {"text": "4. Posibles efectos adversos"}  # type: ignore[index]
    draft, notes = read_epi(write_json(tmp_path, data), "sample.json")
    assert draft.source_locale == "es"
    assert [s.heading for s in draft.walk()] == ["4. Posibles efectos adversos"]
    assert [n.code for n in notes if n.severity == "warning"] == ["import.title-language"]


def test_fsh_reader_soft_indexes_and_multiline_strings() -> None:
    fsh = '''Instance: x
InstanceOf: Composition
* language = #da
* title = "Sample"
* section[+].
  * title = "1. Virkning og anvendelse"
  * code = $200000029659#200000029895
  * text.div = """<div xmlns="http://www.w3.org/1999/xhtml">
<p>Tekst.</p>
</div>"""
* section[=].section[+]
  * title = "Tag ikke Sample"
  * code = https://spor.ema.europa.eu/v1/lists/200000029659#200000029897
  * text.div = "<div xmlns=\\"http://www.w3.org/1999/xhtml\\"><p>hvis \\"du\\" er allergisk</p></div>"
'''
    doc = read_fsh(fsh, "x.fsh")
    assert doc.language == "da" and doc.title == "Sample"
    [top] = doc.sections
    assert top.title == "1. Virkning og anvendelse" and top.codes[0][1] == "200000029895"
    assert top.multiline and top.div_line == 8
    [child] = top.sections
    assert child.codes[0][1] == "200000029897"
    assert child.div and 'hvis "du" er allergisk' in child.div


def test_xhtml_with_html_entities_is_read() -> None:
    root = parse_fragment(div("<p>a&nbsp;b</p>"))
    assert root is not None and "a" in "".join(root.itertext())


def test_format_is_picked_by_extension_and_content(tmp_path: Path) -> None:
    cases = {"a.json": b"{}", "a.fsh": b"* title", "a.docx": b"", "a.txt": b"x"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "spl").write_bytes(b'<?xml version="1.0"?><document xmlns="urn:hl7-org:v3"/>')
    (tmp_path / "fhir").write_bytes(b'<Bundle xmlns="http://hl7.org/fhir"/>')
    got = {p.name: detect_format(p) for p in sorted(tmp_path.iterdir())}
    assert got == {
        "a.docx": "docx",
        "a.fsh": "epi",
        "a.json": "epi",
        "a.txt": "text",
        "fhir": "epi",
        "spl": "spl",
    }


def narrative_words(path: Path) -> list[str]:
    """Words of every section's narrative, in order (titles repeat them; not counted)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".fsh":
        doc = read_fsh(text, path.name)
        sections = doc.sections
    else:
        from leaflet_i18n.sources.fhir import read_json

        sections = read_json(text, path.name).sections
    out: list[str] = []

    def walk(items: list[object]) -> None:
        for s in items:
            if s.div:  # type: ignore[attr-defined]
                root = parse_fragment(s.div)  # type: ignore[attr-defined]
                assert root is not None
                for element in root.iter():
                    if local(element.tag) in BLOCKS:  # words of two blocks never run together
                        element.text = " " + (element.text or "")
                        element.tail = " " + (element.tail or "")
                out.extend(re.findall(r"\w+", qrd.fold("".join(root.itertext()))))
            walk(s.sections)  # type: ignore[attr-defined]

    walk(sections)  # type: ignore[arg-type]
    return out


def imported_words(draft: Draft) -> list[str]:
    return [w for t, _ in draft_texts(draft) for w in re.findall(r"\w+", qrd.fold(t))]


def is_subsequence(small: list[str], big: list[str]) -> bool:
    """Every letter of ``small``, in order, in ``big`` (markup may split a word in two)."""
    letters = iter("".join(big))
    return all(c in letters for c in "".join(small))


EXAMPLES = [
    "ema-epi-fhir/gravitate-biktarvy-en-composition.fsh",
    "ema-epi-fhir/gravitate-nordic-remicade-da-40703.fsh",
    "ema-epi-fhir/gravitate-biktarvy-es-processed-bundle.json",
]


@needs_formats
@pytest.mark.parametrize("name", EXAMPLES)
def test_real_epi_examples_import_keep_their_words_and_load(name: str, tmp_path: Path) -> None:
    path = FORMATS / name
    draft, notes = read_epi(path, path.name)
    assert is_subsequence(narrative_words(path), imported_words(draft))
    target = tmp_path / "x.yaml"
    target.write_text(dump_draft(draft), encoding="utf-8")
    leaflet = load_leaflet(target, "x.yaml")
    kinds = {s.kind for s in leaflet.walk()}
    assert {"contraindications", "warnings", "dosage", "side_effects", "storage"} <= kinds


@needs_formats
def test_gravitate_document_type_codes_and_spanish_titles_are_reported() -> None:
    path = FORMATS / "ema-epi-fhir/gravitate-biktarvy-es-processed-bundle.json"
    draft, notes = read_epi(path, path.name)
    codes = [n.code for n in notes]
    assert codes.count("import.section-code") == 1
    assert codes.count("import.title-language") >= 8
    assert draft.source_locale == "es"
    assert "3. Cómo tomar Biktarvy" in [s.heading for s in draft.walk()]


@needs_formats
def test_nordic_epi_uses_its_heading_codes() -> None:
    path = FORMATS / "ema-epi-fhir/gravitate-nordic-remicade-da-40703.fsh"
    draft, _ = read_epi(path, path.name)
    slots = [s.slot for s in draft.walk() if s.slot]
    assert slots[:4] == ["pl.title", "pl.contents", "pl.1", "pl.2"]
    assert "pl.6.revised" in slots and "pl.4.reporting" in slots


def test_fhir_xml_bundle(tmp_path: Path) -> None:
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<Bundle xmlns="http://hl7.org/fhir"><type value="document"/><entry><resource><Composition>
  <language value="en"/><title value="Sample 20 mg tablets"/>
  <section><title value="1. What Sample is and what it is used for"/>
    <code><coding><system value="https://spor.ema.europa.eu/v1/lists/200000029659"/><code value="200000029895"/></coding></code>
    <text><status value="additional"/><div xmlns="{XHTML}"><p>It lowers blood pressure.</p></div></text>
  </section>
  <section><title value="2. What you need to know before you take Sample"/>
    <code><coding><system value="https://spor.ema.europa.eu/v1/lists/200000029659"/><code value="200000029896"/></coding></code>
    <text><status value="additional"/><div xmlns="{XHTML}"><p><b>Do not take Sample</b></p>
<ul><li>if you are allergic</li></ul></div></text>
  </section>
</Composition></resource></entry></Bundle>"""
    path = tmp_path / "sample.xml"
    path.write_text(xml, encoding="utf-8")
    assert detect_format(path) == "epi"
    draft, notes = read_epi(path, "sample.xml")
    assert [(s.slot, s.heading) for s in draft.walk()] == [
        ("pl.1", "1. What Sample is and what it is used for"),
        ("pl.2", "2. What you need to know before you take Sample"),
        ("pl.2.donottake", "Do not take Sample"),
    ]
    donottake = list(draft.walk())[2]
    assert donottake.line == 10  # the line of its <p> in the XML file

"""FDA SPL import: sections by LOINC code, narrative paragraphs, lists and tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from leaflet_i18n.model.diagnostics import LeafletError
from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.draft import DraftList, DraftTable, draft_texts
from leaflet_i18n.sources.epi import read_epi
from leaflet_i18n.sources.spl import loinc_sections, read_spl
from leaflet_i18n.sources.yaml_writer import dump_draft

from .conftest import ROOT

FORMATS = ROOT.parent / "shared" / "real-leaflets" / "formats" / "fda-spl"
needs_formats = pytest.mark.skipif(not FORMATS.is_dir(), reason=f"no SPL examples at {FORMATS}")
LOINC = "2.16.840.1.113883.6.1"


def spl(sections: str, title: str = "Sample Drug Facts") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<document xmlns="urn:hl7-org:v3">
  <code code="34390-5" codeSystem="{LOINC}" displayName="HUMAN OTC DRUG LABEL"/>
  <title>{title}</title>
  <component><structuredBody>{sections}</structuredBody></component>
</document>""".encode()


def sec(code: str, title: str, text: str, inner: str = "") -> str:
    return (
        f'<component><section><code code="{code}" codeSystem="{LOINC}"/>'
        f"<title>{title}</title><text>{text}</text>{inner}</section></component>"
    )


SAMPLE = spl(
    sec("55106-9", "Active ingredient", "<paragraph>Samplin 5%</paragraph>")
    + sec(
        "34071-1",
        "Warnings",
        "<paragraph><content styleCode='bold'>For external use only.</content></paragraph>",
        sec(
            "50570-1",
            "",
            "<paragraph><content styleCode='bold'>Do not use if</content></paragraph>"
            "<list><item>you are a woman</item><item>you are under 18</item></list>",
        ),
    )
    + sec(
        "34068-7",
        "Directions",
        "<table><thead><tr><th>Age</th><th>Dose</th></tr></thead>"
        "<tbody><tr><td>adults</td><td>1 ml twice a day</td></tr></tbody></table>",
    )
    + sec("44425-7", "Other information", "<paragraph>store at 20-25°C</paragraph>")
)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("55106-9", "contents"),
        ("55105-1", "indications"),
        ("34067-9", "indications"),
        ("34071-1", "warnings"),
        ("34068-7", "dosage"),
        ("44425-7", "storage"),
        ("51727-6", "excipients"),
        ("53413-1", "contents"),
        ("50570-1", "contraindications"),
        ("50569-3", "warnings"),
        ("50568-5", "interactions"),
        ("50567-7", "warnings"),
        ("50566-9", "stopping"),
        ("53414-9", "pregnancy"),
        ("58476-6", "pregnancy"),
        ("50565-1", "storage"),
        ("42230-3", "general"),
        ("42231-1", "general"),
        ("34070-3", "contraindications"),
        ("34084-4", "side_effects"),
        ("34088-5", "overdose"),
    ],
)
def test_loinc_kinds(code: str, kind: str) -> None:
    assert loinc_sections()[code].kind == kind


def test_spl_sections_by_code(tmp_path: Path) -> None:
    draft, notes = read_spl(SAMPLE, "label.xml")
    assert draft.title == "Sample Drug Facts"
    assert [(s.kind, s.heading) for s in draft.walk()] == [
        ("contents", "Active ingredient"),
        ("warnings", "Warnings"),
        ("contraindications", None),
        ("dosage", "Directions"),
        ("storage", "Other information"),
    ]
    do_not_use = list(draft.walk())[2]
    [lst] = do_not_use.blocks
    assert isinstance(lst, DraftList) and lst.lead == "**Do not use if**"
    assert [i.text for i in lst.items] == ["you are a woman", "you are under 18"]
    [table] = list(draft.walk())[3].blocks
    assert isinstance(table, DraftTable) and table.header_rows == 1
    assert [r.cells for r in table.rows] == [["Age", "Dose"], ["adults", "1 ml twice a day"]]
    assert all(re.fullmatch(r"label\.xml:\d+", str(n.location)) for n in notes)
    target = tmp_path / "label.yaml"
    target.write_text(dump_draft(draft), encoding="utf-8")
    load_leaflet(target, "label.yaml")


def test_unknown_code_and_title_disagreeing_are_reported() -> None:
    data = spl(
        sec("99999-9", "Storage", "<paragraph>x</paragraph>")
        + sec("44425-7", "Contents of the pack", "<paragraph>y</paragraph>")
    )
    _, notes = read_spl(data, "label.xml")
    assert [n.code for n in notes] == ["import.section-code", "import.code-mismatch"]


@pytest.mark.parametrize(
    "data",
    [
        b"<document",
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><document xmlns="urn:hl7-org:v3"><title>&e;</title></document>',
    ],
)
def test_bad_or_hostile_xml_is_refused_or_harmless(data: bytes) -> None:
    try:
        draft, _ = read_spl(data, "label.xml")
    except (LeafletError, ValueError) as exc:
        assert "label.xml" in str(exc) or isinstance(exc, ValueError)
        return
    assert "root:" not in draft.title


def spl_words(path: Path) -> list[str]:
    root = etree.parse(
        str(path), etree.XMLParser(resolve_entities=False, no_network=True)
    ).getroot()
    ns = "{urn:hl7-org:v3}"
    out: list[str] = []
    for node in root.iter(f"{ns}title", f"{ns}text"):
        if node.getparent() is not None and node.getparent().tag == f"{ns}section":
            out += re.findall(r"\w+", " ".join(node.itertext()).casefold())
    return out


@needs_formats
def test_real_spl_label_imports_with_every_word(tmp_path: Path) -> None:
    path = FORMATS / "dailymed-otc-rogaine-ab36b844-spl.xml"
    draft, _ = read_spl(path.read_bytes(), path.name)
    words = (
        [w for t, _ in draft_texts(draft)[1:] if True for w in re.findall(r"\w+", t.casefold())]
        if False
        else [w for t, _ in list(draft_texts(draft))[1:] for w in re.findall(r"\w+", t.casefold())]
    )
    assert words == spl_words(path)
    kinds = [s.kind for s in draft.walk()]
    for kind in ("contraindications", "stopping", "pregnancy", "storage", "dosage", "excipients"):
        assert kind in kinds
    target = tmp_path / "x.yaml"
    target.write_text(dump_draft(draft), encoding="utf-8")
    load_leaflet(target, "x.yaml")


@needs_formats
def test_fhir_spl_bundle_imports_by_loinc(tmp_path: Path) -> None:
    path = FORMATS / "hl7-fhir-spl-allopurinol-bundle.json"
    draft, _ = read_epi(path, path.name)
    assert draft.title.startswith("Allopurinol Tablets USP")
    kinds = {s.heading: s.kind for s in draft.walk()}
    assert kinds["CONTRAINDICATIONS"] == "contraindications"
    assert kinds["OVERDOSAGE"] == "overdose"
    assert kinds["Pediatric Use"] == "children"
    target = tmp_path / "x.yaml"
    target.write_text(dump_draft(draft), encoding="utf-8")
    load_leaflet(target, "x.yaml")

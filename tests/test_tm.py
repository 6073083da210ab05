"""Translation memory: reuse across leaflets, never from a less critical section; TMX export."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.model.catalog import Entry

from .helpers import cli, translated_workspace

SECOND = """title: Other 10 mg tablets
source_locale: en
protected_terms: [Demo]
sections:
  - id: storage
    kind: storage
    blocks:
      - Contents of the pack
  - id: about
    kind: indications
    blocks:
      - have severe liver disease.
  - id: dose
    kind: dosage
    blocks:
      - Each tablet contains 500 mg paracetamol. Packs of 16 or 32 tablets.
"""


def entries(path: Path) -> dict[str, Entry]:
    return {e.msgid: e for e in read_catalog(path).messages()}


def test_init_fills_from_other_leaflets_with_a_comment(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    (ws / "content/other.yaml").write_text(SECOND)
    cli(ws, "extract")
    code, output = cli(ws, "update", "-l", "de")
    assert code == 0 and "from translation memory" in output
    found = entries(ws / "locales/de/LC_MESSAGES/other.po")
    # critical source ("do-not-take") may fill a non-critical target ("about")
    assert found["have severe liver disease."].msgstr == "eine schwere Lebererkrankung haben."
    assert found["have severe liver disease."].comments == [
        "tm: from demo.po (before-you-take/do-not-take)"
    ]
    assert not found["have severe liver disease."].fuzzy
    # a non-critical source ("contents") may not fill a critical target ("storage", "dose")
    assert found["Contents of the pack"].msgstr == ""
    assert found["Each tablet contains 500 mg paracetamol. Packs of 16 or 32 tablets."].msgstr == ""


def test_translation_memory_can_be_turned_off(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    (ws / "leaflet-i18n.yaml").write_text("translation_memory: false\n")
    (ws / "content/other.yaml").write_text(SECOND)
    cli(ws, "extract")
    cli(ws, "update", "-l", "de")
    assert (
        entries(ws / "locales/de/LC_MESSAGES/other.po")["have severe liver disease."].msgstr == ""
    )


def test_tmx_export(tmp_path: Path) -> None:
    ws = translated_workspace(tmp_path)
    target = tmp_path / "de.tmx"
    code, output = cli(ws, "tm", "export", "-l", "de", "-o", str(target))
    assert code == 0
    root = ET.parse(target).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "en"  # type: ignore[union-attr]
    units = root.findall("body/tu")
    assert len(units) == 15
    pairs = {tuple(seg.text for seg in tu.iter("seg")) for tu in units}
    assert ("Contents of the pack", "Inhalt der Packung") in pairs
    langs = {
        tuv.get("{http://www.w3.org/XML/1998/namespace}lang")
        for tu in units
        for tuv in tu.iter("tuv")
    }
    assert langs == {"en", "de"}

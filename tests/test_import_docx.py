"""Word import: styles, numbering, bold, tables; the files are made here with python-docx."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from leaflet_i18n.model.diagnostics import LeafletError
from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.docx import read_docx
from leaflet_i18n.sources.draft import DraftList, DraftParagraph, DraftTable, draft_texts
from leaflet_i18n.sources.yaml_writer import dump_draft

from .helpers import cli


def _numbered(paragraph: object, level: int) -> None:
    """Give a paragraph direct numbering (w:numPr), as Word does for its list buttons."""
    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "1")
    numpr.append(ilvl)
    numpr.append(num_id)
    ppr.append(numpr)


def make_leaflet(path: Path) -> Path:
    doc = Document()
    doc.add_paragraph("Sample 20 mg tablets", style="Title")
    doc.add_paragraph("Package leaflet: Information for the user")
    doc.add_heading("1. What Sample is and what it is used for", level=1)
    p = doc.add_paragraph("Sample contains ")
    p.add_run("samplin").bold = True
    p.add_run(". It lowers blood pressure.")
    doc.add_heading("2. What you need to know before you take Sample", level=1)
    doc.add_paragraph().add_run("Do not take Sample").bold = True
    doc.add_paragraph("if you are allergic to samplin", style="List Bullet")
    doc.add_paragraph("or to peanut", style="List Bullet 2")
    _numbered(doc.add_paragraph("if you are pregnant"), 0)
    doc.add_paragraph("Warnings and precautions", style="Heading 2")
    doc.add_paragraph("Talk to your doctor before taking Sample.")
    doc.add_heading("3. How to take Sample", level=1)
    doc.add_paragraph("The dose depends on body weight:")
    table = doc.add_table(rows=3, cols=2)
    for r, row in enumerate(
        [("Body weight", "Dose"), ("under 25 kg", "10 mg"), ("25 kg or more", "20 mg")]
    ):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            if r == 0:
                cell.paragraphs[0].runs[0].bold = True
    doc.add_paragraph("If you take more Sample than you should")
    doc.add_paragraph("Talk to a doctor.")
    doc.add_heading("4. Possible side effects", level=1)
    doc.add_paragraph("Like all medicines, this medicine can cause side effects.")
    doc.add_heading("5. How to store Sample", level=1)
    doc.add_paragraph("Keep this medicine out of the sight and reach of children.")
    doc.add_heading("6. Contents of the pack and other information", level=1)
    doc.add_paragraph("What Sample contains")
    doc.add_paragraph("The active substance is samplin.")
    doc.save(str(path))
    return path


def test_word_leaflet_sections_lists_tables(tmp_path: Path) -> None:
    draft, notes = read_docx(make_leaflet(tmp_path / "sample.docx"), "sample.docx")
    assert draft.title == "Sample 20 mg tablets"
    assert [(s.slot, s.kind) for s in draft.walk()] == [
        ("pl.title", "header"),
        ("pl.1", "indications"),
        ("pl.2", "warnings"),
        ("pl.2.donottake", "contraindications"),
        ("pl.2.warnings", "warnings"),
        ("pl.3", "dosage"),
        ("pl.3.toomuch", "overdose"),
        ("pl.4", "side_effects"),
        ("pl.5", "storage"),
        ("pl.6", "contents"),
        ("pl.6.contents", "contents"),
    ]
    sections = {s.slot: s for s in draft.walk()}
    [para] = sections["pl.1"].blocks
    assert isinstance(para, DraftParagraph)
    assert para.text == "Sample contains **samplin**. It lowers blood pressure."
    [lst] = sections["pl.2.donottake"].blocks
    assert isinstance(lst, DraftList)
    assert [(i.text, i.level) for i in lst.items] == [
        ("if you are allergic to samplin", 0),
        ("or to peanut", 1),
        ("if you are pregnant", 0),
    ]
    table = next(b for b in sections["pl.3"].blocks if isinstance(b, DraftTable))
    assert table.header_rows == 1
    assert [r.cells for r in table.rows] == [
        ["Body weight", "Dose"],
        ["under 25 kg", "10 mg"],
        ["25 kg or more", "20 mg"],
    ]
    assert not [n for n in notes if n.severity == "warning"], notes


def test_word_import_keeps_every_word(tmp_path: Path) -> None:
    path = make_leaflet(tmp_path / "sample.docx")
    doc = Document(str(path))
    source = [p.text for p in doc.paragraphs]
    source += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    draft, _ = read_docx(path, "sample.docx")
    imported = [t for t, _ in draft_texts(draft)]

    def words(texts: list[str]) -> list[str]:
        return sorted(w for t in texts for w in re.findall(r"\w+", t.casefold()))

    assert words(imported) == words(source)


def test_word_import_through_the_command(tmp_path: Path) -> None:
    path = make_leaflet(tmp_path / "sample.docx")
    code, output = cli(tmp_path / "ws", "import", str(path))
    assert code == 0, output
    written = tmp_path / "ws" / "content" / "sample.yaml"
    assert f"wrote {written}: 7 sections" in output
    leaflet = load_leaflet(written, "sample.yaml")
    assert leaflet.section("how-to-take/overdose") is not None
    assert "# guess: QRD heading" in written.read_text(encoding="utf-8")


def test_yaml_of_a_word_leaflet_loads(tmp_path: Path) -> None:
    draft, _ = read_docx(make_leaflet(tmp_path / "s.docx"), "s.docx")
    target = tmp_path / "s.yaml"
    target.write_text(dump_draft(draft), encoding="utf-8")
    assert len(load_leaflet(target, "s.yaml").sections) == 7


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_broken_word_file_is_an_error_with_its_name(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(LeafletError) as caught:
        read_docx(path, "bad.docx")
    assert caught.value.path == "bad.docx" and caught.value.code == "import.docx"

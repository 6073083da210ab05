"""Table blocks and nested lists: YAML syntax, messages, extracted comments, accessible HTML."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from leaflet_i18n.model.diagnostics import ContentError
from leaflet_i18n.model.leaflet import ListBlock, TableBlock
from leaflet_i18n.sources.content import load_leaflet

from .conftest import DATA
from .helpers import cli, pseudo, shown

DOSE_TABLE = """\
title: Sample 30 mg tablets
source_locale: en
sections:
  - id: how-to-take
    kind: dosage
    heading: How to take Sample
    blocks:
      - table:
          caption: Dose by body weight
          header_rows: 1
          header_columns: 1
          rows:
            - [Body weight, Dose, Tablets]
            - [14 kg to less than 25 kg, 30 mg, "1"]
            - [25 kg or more, 50 mg, ""]
      - lead: "Take it:"
        list:
          - with water
          - "at the same time:"
          - - in the morning
            - - before breakfast
          - with or without food
"""


def write(tmp_path: Path, text: str, name: str = "sample.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_table_and_nested_list_load(tmp_path: Path) -> None:
    leaflet = load_leaflet(write(tmp_path, DOSE_TABLE), "sample.yaml")
    [section] = leaflet.sections
    table, lst = section.blocks
    assert isinstance(table, TableBlock) and isinstance(lst, ListBlock)
    assert table.caption == "Dose by body weight"
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Body weight", "Dose", "Tablets"],
        ["14 kg to less than 25 kg", "30 mg", "1"],
        ["25 kg or more", "50 mg", ""],
    ]
    assert table.headers_of(1, 1) == ("column: Dose", "row: 14 kg to less than 25 kg")
    assert table.headers_of(0, 1) == ()
    assert [(i.text, i.level) for i in lst.items] == [
        ("with water", 0),
        ("at the same time:", 0),
        ("in the morning", 1),
        ("before breakfast", 2),
        ("with or without food", 0),
    ]


def test_table_cells_are_messages_with_their_headers(tmp_path: Path) -> None:
    leaflet = load_leaflet(write(tmp_path, DOSE_TABLE), "sample.yaml")
    cells = [
        (m.msgid, m.role, m.headers) for m in leaflet.messages() if m.role in ("cell", "caption")
    ]
    assert cells[0] == ("Dose by body weight", "caption", ())
    assert ("30 mg", "cell", ("column: Dose", "row: 14 kg to less than 25 kg")) in cells
    assert all(text for text, _, _ in cells)  # the empty cell has no message
    assert len(cells) == 1 + 3 + 3 + 2
    assert all(m.critical for m in leaflet.messages() if m.role == "cell")


@pytest.mark.parametrize(
    ("block", "code", "match"),
    [
        ("- table: {rows: []}", "content.empty", "at least one row"),
        ("- table: {header_rows: two, rows: [[a]]}", "content.type", "whole number"),
        ("- table: {rows: [[a]], colour: red}", "content.unknown-key", "unknown key 'colour'"),
        ("- table: {caption: x}", "content.missing-key", "'rows'"),
        ("- table: {rows: [[a, [b]]]}", "content.type", "cell must be text"),
        ("- {table: {rows: [[a]]}, list: [b]}", "content.block", "cannot also be a list"),
        ("- list: [[a], b]", "content.list", "must follow the item"),
    ],
)
def test_table_schema_errors(tmp_path: Path, block: str, code: str, match: str) -> None:
    text = (
        "title: T\nsource_locale: en\nsections:\n  - id: a\n    kind: dosage\n    blocks:\n"
        f"      {block}\n"
    )
    with pytest.raises(ContentError) as caught:
        load_leaflet(write(tmp_path, text), "sample.yaml")
    assert any(f.code == code and match in f.message for f in caught.value.findings), (
        caught.value.findings
    )
    assert all(f.location.line == 7 for f in caught.value.findings if f.code == code)


@pytest.fixture
def table_site(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(DATA / "workspace", ws)
    write(ws / "content", DOSE_TABLE)
    code, output = cli(ws, "extract")
    assert code == 0, output
    cli(ws, "init", "-l", "de")
    return ws


def test_extracted_comment_names_row_and_column(table_site: Path) -> None:
    pot = (table_site / "locales" / "sample.pot").read_text(encoding="utf-8")
    entry = pot.split('msgid "30 mg"')[0].rsplit("\n\n", 1)[1]
    assert '#. Table cell in section "How to take Sample" (kind: dosage).' in entry
    assert "#. Table headers of this cell: column: Dose; row: 14 kg to less than 25 kg." in entry
    assert "#. SAFETY-CRITICAL" in entry


def test_table_renders_as_accessible_html(table_site: Path) -> None:
    code, output = cli(table_site, "build")
    html = (table_site / "site" / "en" / "sample.html").read_text(encoding="utf-8")
    table = re.search(r"<table>.*?</table>", html, re.DOTALL)
    assert table, html
    body = table.group(0)
    assert "<caption>Dose by body weight</caption>" in body
    assert '<thead>\n<tr><th scope="col">Body weight</th><th scope="col">Dose</th>' in body
    row, dose = shown("14 kg to less than 25 kg", "en"), shown("30 mg", "en")
    assert f'<tr><th scope="row">{row}</th><td>{dose}</td><td>1</td></tr>' in body
    assert "<td></td></tr>" in body  # the empty cell stays a cell
    nested = re.search(r"<ul>\s*<li>with water</li>.*?</ul>\s*</li>\s*<li>with or", html, re.DOTALL)
    assert nested and "<li>at the same time:<ul>\n<li>in the morning<ul>" in nested.group(0)


def test_untranslated_table_cell_blocks_the_page(table_site: Path) -> None:
    po = table_site / "locales" / "de" / "LC_MESSAGES" / "sample.po"
    text = po.read_text(encoding="utf-8")
    # translate everything but one cell: the critical section is incomplete, the page refused
    chunks = []
    for chunk in text.split("\n\n"):
        msgid = re.search(r'^msgid "(.+)"$', chunk, re.MULTILINE)
        if msgid and msgid.group(1) != "30 mg":
            chunk = chunk.replace('msgstr ""', f'msgstr "{pseudo(msgid.group(1))}"')
        chunks.append(chunk)
    po.write_text("\n\n".join(chunks), encoding="utf-8")
    code, output = cli(table_site, "check", str(po))
    assert code == 1
    refused = [line for line in output.splitlines() if "sample.po" in line and "error" in line]
    assert refused and all("how-to-take" in line for line in refused), output

"""The importers' YAML writer: whatever the text, the file loads back as exactly that text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from leaflet_i18n.model.leaflet import ListBlock, Paragraph, TableBlock
from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.draft import (
    Draft,
    DraftList,
    DraftParagraph,
    DraftRow,
    DraftSection,
    DraftTable,
)
from leaflet_i18n.sources.yaml_writer import dump_draft, scalar


def draft_with(*blocks: DraftParagraph | DraftList | DraftTable, title: str = "T") -> Draft:
    section = DraftSection("a", "dosage", "test", 2, "Heading", blocks=list(blocks))
    section.sections.append(DraftSection("b", "general", "test", 3, "Sub: heading #1"))
    return Draft(title, 1, "en", "in.txt", [section], ["Name, with comma"])


@pytest.mark.parametrize(
    "text",
    [
        "plain text",
        "yes",
        "No",
        "null",
        "~",
        "12",
        "1.5",
        "2026-11-26",
        "- starts like an item",
        "key: value",
        "ends with a colon:",
        "has # a comment",
        '"quoted"',
        "'single'",
        "back\\slash",
        "tab\there",
        "bell\x07",
        "private use \uf0b7 glyph",
        "BOM \ufeff inside",
        "line\u2028separator",
        "NEL\x85",
        "surrogate-free emoji 😀",
        "% percent first",
        "@ at first",
        "[flow]",
        "{flow}",
        "*alias",
        "&anchor",
        "!tag",
        "|literal",
        ">folded",
        "trailing space ",
        " leading space",
    ],
)
def test_scalar_round_trip(text: str) -> None:
    assert yaml.safe_load(f"key: {scalar(text)}\n") == {"key": text}


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8"), min_size=1))
def test_any_text_round_trips(text: str) -> None:
    assert yaml.safe_load(f"- {scalar(text)}\n") == [text]


def test_a_300000_word_paragraph_loads_back(tmp_path: Path) -> None:
    """PyYAML folds long scalars onto lines the nested layout makes invalid; ours never."""
    words = " ".join(f"word{i}" for i in range(300_000))
    target = tmp_path / "long.yaml"
    target.write_text(dump_draft(draft_with(DraftParagraph(words, 2))), encoding="utf-8")
    leaflet = load_leaflet(target, "long.yaml")
    block = leaflet.sections[0].blocks[0]
    assert isinstance(block, Paragraph) and block.text == words


def test_lists_tables_and_nested_sections_load_back(tmp_path: Path) -> None:
    lst = DraftList("Lead: with colon", 2)
    for text, level in [("a", 0), ("b", 1), ("c", 2), ("d", 1), ("e", 0), ("f", 3)]:
        lst.add(text, 3, level)
    table = DraftTable(
        [DraftRow(["Weight", "Dose"], 4), DraftRow(["< 25 kg", ""], 5), DraftRow(["yes", "1"], 6)],
        4,
        "Dose: by weight",
        1,
        1,
    )
    target = tmp_path / "x.yaml"
    target.write_text(dump_draft(draft_with(lst, table, title="- odd: title")), encoding="utf-8")
    leaflet = load_leaflet(target, "x.yaml")
    assert leaflet.title == "- odd: title"
    assert leaflet.protected_terms == ("Name, with comma",)
    got_list, got_table = leaflet.sections[0].blocks
    assert isinstance(got_list, ListBlock) and isinstance(got_table, TableBlock)
    assert got_list.lead == "Lead: with colon"
    # a level never skips one: "f" (3 after 0) becomes a sub-item of "e"
    assert [(i.text, i.level) for i in got_list.items] == [
        ("a", 0),
        ("b", 1),
        ("c", 2),
        ("d", 1),
        ("e", 0),
        ("f", 1),
    ]
    assert [[c.text for c in r.cells] for r in got_table.rows] == [
        ["Weight", "Dose"],
        ["< 25 kg", ""],
        ["yes", "1"],
    ]
    assert (got_table.caption, got_table.header_rows, got_table.header_columns) == (
        "Dose: by weight",
        1,
        1,
    )
    assert leaflet.sections[0].sections[0].heading == "Sub: heading #1"

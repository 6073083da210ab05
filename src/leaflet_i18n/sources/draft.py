"""What an importer builds before it is written as YAML: a leaflet draft, still to review.

Mutable on purpose (importers build it step by step); every block remembers the line of the
source file it came from, so notes and alignments can name ``file:line``. Only
:mod:`~leaflet_i18n.sources.yaml_writer` turns a draft into a content file, which
:mod:`~leaflet_i18n.sources.content` then reads into the frozen model.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class DraftParagraph:
    text: str
    line: int


@dataclass
class DraftItem:
    text: str
    line: int
    level: int = 0


@dataclass
class DraftList:
    lead: str | None
    line: int
    items: list[DraftItem] = field(default_factory=list)

    def add(self, text: str, line: int, level: int = 0) -> None:
        """Add an item; a level never skips one (a sub-item needs its parent item)."""
        top = self.items[-1].level + 1 if self.items else 0
        self.items.append(DraftItem(text, line, max(0, min(level, top))))


@dataclass
class DraftRow:
    cells: list[str]
    line: int


@dataclass
class DraftTable:
    rows: list[DraftRow]
    line: int
    caption: str | None = None
    header_rows: int = 0
    header_columns: int = 0


@dataclass
class DraftBoxed:
    text: str
    line: int


DraftBlock = DraftParagraph | DraftList | DraftTable | DraftBoxed


@dataclass
class DraftSection:
    id: str
    kind: str
    guess: str  # what the kind was based on, written as '# guess: ...'
    line: int
    heading: str | None = None
    slot: str | None = None  # the QRD slot ("pl.2.warnings") when the heading is a QRD one
    blocks: list[DraftBlock] = field(default_factory=list)
    sections: list[DraftSection] = field(default_factory=list)

    def walk(self) -> Iterator[DraftSection]:
        yield self
        for child in self.sections:
            yield from child.walk()


@dataclass
class Draft:
    title: str
    title_line: int
    source_locale: str
    source: str  # the imported file, as shown to the user
    sections: list[DraftSection] = field(default_factory=list)
    protected_terms: list[str] = field(default_factory=list)
    revised: str | None = None  # YYYY-MM-DD, when the source says when it was revised

    def walk(self) -> Iterator[DraftSection]:
        for section in self.sections:
            yield from section.walk()


def block_texts(block: DraftBlock) -> Iterator[tuple[str, int]]:
    """Every text of a block (lead, items, cells) with its source line, in reading order."""
    if isinstance(block, DraftParagraph | DraftBoxed):
        yield block.text, block.line
    elif isinstance(block, DraftList):
        if block.lead:
            yield block.lead, block.line
        for item in block.items:
            yield item.text, item.line
    else:
        if block.caption:
            yield block.caption, block.line
        for row in block.rows:
            for cell in row.cells:
                if cell.strip():
                    yield cell, row.line


def draft_texts(draft: Draft) -> Iterator[tuple[str, int]]:
    """Title, headings and block texts of the whole draft, in reading order."""
    yield draft.title, draft.title_line
    for section in draft.walk():
        if section.heading:
            yield section.heading, section.line
        for block in section.blocks:
            yield from block_texts(block)

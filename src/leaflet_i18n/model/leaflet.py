"""The leaflet content model every step reads: Leaflet → Section → Block → Message.

Pure data, no I/O. A :class:`Leaflet` is built by :mod:`content` from
``content/<slug>.yaml``; extraction, checks, the gate and rendering all read it,
so criticality and message identity are decided once, here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache


@dataclass(frozen=True)
class Kind:
    """A section kind of the vocabulary, modelled on the EU QRD template and FDA SPL."""

    name: str
    critical: bool | None  # None: inherit from the parent section (critical at top level)
    description: str


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("header", True, "read-this-leaflet and do-not-share statements"),
        Kind("boxed_warning", True, "boxed warning at the top of the leaflet"),
        Kind("indications", False, "what the medicine is and what it is used for"),
        Kind("pharmacology", False, "how the medicine works"),
        Kind("contraindications", True, "do not take"),
        Kind("warnings", True, "warnings and precautions"),
        Kind("interactions", True, "other medicines"),
        Kind("food_drink", True, "with food, drink and alcohol"),
        Kind("pregnancy", True, "pregnancy, breast-feeding and fertility"),
        Kind("driving", True, "driving and using machines"),
        Kind("excipients", True, "ingredients with a known effect"),
        Kind("children", True, "children and adolescents"),
        Kind("dosage", True, "how to take"),
        Kind("overdose", True, "if you take more than you should"),
        Kind("missed_dose", True, "if you forget to take it"),
        Kind("stopping", True, "if you stop taking it"),
        Kind("side_effects", True, "possible side effects"),
        Kind("reporting", True, "reporting of side effects"),
        Kind("storage", True, "how to store; keep out of reach of children; expiry"),
        Kind("contents", False, "contents of the pack, holder, manufacturer"),
        Kind("revision", False, "date of revision"),
        Kind("general", None, "text that fits no other kind (inherits criticality)"),
    )
}

SECTION_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TITLE_CONTEXT = "_title"  # cannot collide with a section path: ids have no underscore


@lru_cache(maxsize=65536)  # the same source text is met once per locale
def normalize_space(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends (message identity)."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int


@dataclass(frozen=True)
class ListItem:
    text: str
    line: int
    level: int = 0  # nesting: 0 for a top-level item, 1 for an item under it, ...


@dataclass(frozen=True)
class ListBlock:
    items: tuple[ListItem, ...]
    lead: str | None = None
    lead_line: int = 0
    line: int = 0


@dataclass(frozen=True)
class BoxedWarning:
    text: str
    line: int


@dataclass(frozen=True)
class TableCell:
    text: str  # may be empty: an empty cell has no message
    line: int


@dataclass(frozen=True)
class TableRow:
    cells: tuple[TableCell, ...]
    line: int = 0


@dataclass(frozen=True)
class TableBlock:
    """A table (dose by body weight, by age); every non-empty cell is a message.

    The first ``header_rows`` rows hold column headers, the first ``header_columns`` cells of
    each row its row header; a cell's message names the headers that apply to it.
    """

    rows: tuple[TableRow, ...]
    caption: str | None = None
    caption_line: int = 0
    header_rows: int = 1
    header_columns: int = 0
    line: int = 0

    def is_header(self, row: int, column: int) -> bool:
        return row < self.header_rows or column < self.header_columns

    def headers_of(self, row: int, column: int) -> tuple[str, ...]:
        """``("column: Dose", "row: Adults")`` for a body cell; () for a header cell."""
        if self.is_header(row, column):
            return ()
        out = []
        for r in range(min(self.header_rows, len(self.rows)) - 1, -1, -1):
            cells = self.rows[r].cells
            if column < len(cells) and cells[column].text.strip():
                out.append(f"column: {normalize_space(cells[column].text)}")
                break
        cells = self.rows[row].cells
        for c in range(min(self.header_columns, len(cells)) - 1, -1, -1):
            if cells[c].text.strip():
                out.append(f"row: {normalize_space(cells[c].text)}")
                break
        return tuple(out)


Block = Paragraph | ListBlock | BoxedWarning | TableBlock


@dataclass(frozen=True)
class Section:
    """One section; ``path`` (ids joined by ``/``) is its msgctxt."""

    id: str
    kind: str
    critical: bool
    critical_reason: str  # "kind", "policy", "section" or "parent": why it is (not) critical
    path: str
    line: int
    heading: str | None = None
    heading_line: int = 0
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    depth: int = 1

    def walk(self) -> Iterator[Section]:
        """This section and every nested one, in document order."""
        yield self
        for child in self.sections:
            yield from child.walk()

    @property
    def has_text(self) -> bool:
        return bool(self.heading or self.blocks)


@dataclass(frozen=True)
class Message:
    """One translatable unit: msgctxt is the section path, msgid the normalized text."""

    context: str
    msgid: str
    role: str  # title, heading, paragraph, lead, item, boxed, caption, cell
    line: int
    kind: str
    critical: bool
    section_title: str | None = None
    headers: tuple[str, ...] = ()  # a table cell's row and column headers


@dataclass(frozen=True)
class Waiver:
    """An author's recorded decision to publish despite one source finding.

    It names the finding (``code`` in ``section``), why it is acceptable, and
    who decided; it is shown on the status page and in every report.
    """

    code: str
    section: str  # the section path the finding is in
    reason: str
    by: str
    line: int = 0  # where the waiver is written in the content file

    def covers(self, code: str, section: str | None) -> bool:
        return self.code == code and self.section == section


@dataclass(frozen=True)
class Leaflet:
    """A source leaflet, read from ``content/<slug>.yaml``."""

    slug: str
    path: str  # as shown to users, e.g. content/baclofen.yaml
    title: str
    title_line: int
    source_locale: str
    sections: tuple[Section, ...]
    protected_terms: tuple[str, ...] = ()
    protected_lines: tuple[int, ...] = ()
    revised: date | None = None
    waivers: tuple[Waiver, ...] = ()
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def section(self, path: str) -> Section | None:
        for section in self.walk():
            if section.path == path:
                return section
        return None

    def messages(self) -> Iterator[Message]:
        """Every message in document order; the title first."""
        yield Message(
            TITLE_CONTEXT,
            normalize_space(self.title),
            "title",
            self.title_line,
            "header",
            True,
            None,
        )
        for section in self.walk():
            yield from section_messages(section)


def section_messages(section: Section) -> Iterator[Message]:
    def msg(text: str, role: str, line: int, headers: tuple[str, ...] = ()) -> Message:
        return Message(
            section.path,
            normalize_space(text),
            role,
            line,
            section.kind,
            section.critical,
            section.heading,
            headers,
        )

    if section.heading:
        yield msg(section.heading, "heading", section.heading_line)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            yield msg(block.text, "paragraph", block.line)
        elif isinstance(block, BoxedWarning):
            yield msg(block.text, "boxed", block.line)
        elif isinstance(block, TableBlock):
            if block.caption:
                yield msg(block.caption, "caption", block.caption_line)
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row.cells):
                    if cell.text.strip():
                        yield msg(cell.text, "cell", cell.line, block.headers_of(r, c))
        else:
            if block.lead:
                yield msg(block.lead, "lead", block.lead_line)
            for item in block.items:
                yield msg(item.text, "item", item.line)

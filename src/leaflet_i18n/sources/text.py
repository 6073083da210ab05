"""Import a plain-text leaflet into a content file an author can review.

Two layouts are read: one block per line (paragraphs, headings, ``- `` list items,
``cell | cell`` table rows, as text extracted from a PDF or an ePI is written), and blocks
separated by blank lines (a line-wrapped paragraph is joined). The first line is the title.

Headings are found with the QRD heading table of the leaflet's language
(:mod:`~leaflet_i18n.sources.qrd`): the six numbered sections and their standard
sub-headings, with the product name and the ``take``/``use``/``are given`` variants filled
in, also when a heading was run into its text (``Warnings and precautions Talk to your
doctor…``) or into the middle of a line after a flattened list. A run of numbered headings
(after "What is in this leaflet") is a table of contents, not sections. Other short lines
without end punctuation are headings too (their kind guessed from their words, as for
leaflets that do not follow the QRD template at all). Every kind is a guess written into
the YAML with what it was based on; what could not be decided is returned as notes
(``FILE.txt:LINE: ...``) for the command to print. No word of the source is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from leaflet_i18n.model.diagnostics import Finding, Location, Severity
from leaflet_i18n.sources import qrd
from leaflet_i18n.sources.draft import (
    Draft,
    DraftList,
    DraftParagraph,
    DraftRow,
    DraftSection,
    DraftTable,
)
from leaflet_i18n.sources.yaml_writer import dump_draft

# Heading words → kind, most specific first (checked in order, lower case).
KIND_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("than you should", "overdose"),
    ("overdos", "overdose"),
    ("forget", "missed_dose"),
    ("missed", "missed_dose"),
    ("stop taking", "stopping"),
    ("reporting", "reporting"),
    ("side effect", "side_effects"),
    ("adverse", "side_effects"),
    ("unwanted", "side_effects"),
    ("undesirable", "side_effects"),
    ("contraindication", "contraindications"),
    ("do not take", "contraindications"),
    ("do not use", "contraindications"),
    ("interaction", "interactions"),
    ("other medicines", "interactions"),
    ("pregnan", "pregnancy"),
    ("breast", "pregnancy"),
    ("driving", "driving"),
    ("machines", "driving"),
    ("food", "food_drink"),
    ("alcohol", "food_drink"),
    ("children", "children"),
    ("paediatric", "children"),
    ("pediatric", "children"),
    ("warning", "warnings"),
    ("precaution", "warnings"),
    ("caution", "warnings"),
    ("dosage", "dosage"),
    ("dose", "dosage"),
    ("how to take", "dosage"),
    ("how to use", "dosage"),
    ("administration", "dosage"),
    ("directions", "dosage"),
    ("storage", "storage"),
    ("how to store", "storage"),
    ("pharmacolog", "pharmacology"),
    ("properties", "pharmacology"),
    ("mechanism", "pharmacology"),
    ("how it works", "pharmacology"),
    ("indication", "indications"),
    ("used for", "indications"),
    ("what is", "indications"),
    ("uses", "indications"),
    ("excipient", "excipients"),
    ("contents of the pack", "contents"),
    ("composition", "contents"),
    ("ingredients", "contents"),
    ("manufacturer", "contents"),
    ("revised", "revision"),
    ("revision", "revision"),
)
_END_PUNCT = ".!?;:,…"
# A list item: "- ", "* ", bullets and the private-use glyphs PDF converters leave (U+F0B7,
# U+F0A7, U+F0D8), an "o" sub-bullet, an arrow; or a number/letter ("1.", "a)", "(ii)"),
# which stays in the item's text.
_GLYPHS = "-*•·–→▪■◦➢►\uf0b7\uf0a7\uf0d8\uf076\uf0fc"
_GLYPH_BULLET = re.compile(rf"^([ \t]*)(?:[{re.escape(_GLYPHS)}]|o(?=[ \t]))[ \t]+(?=\S)")
_NUMBERED = re.compile(
    r"^([ \t]*)(?=(?:\d{1,2}[.)]|[a-z][.)]|\((?:[a-z]|[ivx]{1,4}|\d{1,2})\))[ \t]+\S)"
)
_INLINE_GLYPHS = re.compile(r"[ \t]+[•\uf0b7\uf0a7\uf0d8][ \t]+(?=\S)")
_TABLE_ROW = re.compile(r" \| ")
_NUMBERED_HEADING = re.compile(r"^([1-9])\.\s+\S")
_NOT_BEFORE_HEADING = {"see", "section", "the", "in", "under", "and", "or", "of", "with", "about"}


def guess_kind(words: str) -> str | None:
    lowered = words.lower()
    for keyword, kind in KIND_KEYWORDS:
        if re.search(r"\b" + re.escape(keyword), lowered):
            return kind
    return None


def slugify(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-") or "section"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


_GLUED_HEADING = re.compile(r"^([a-z][a-z]*(?: [a-z]+){0,3}) ([A-Z][a-z]+\b.*)$")
_PREDICATE_START = ("is", "are", "was", "were", "should", "must", "may", "can", "will", "has")


def glued_keyword(text: str) -> tuple[str, str] | None:
    """``Doseisset individually`` → (``Dose``, ``dosage``): a heading run into its text.

    The first word must begin with a heading keyword directly followed by a
    verb that starts a sentence ("Dose" + "is set"), which real words
    ("Dosing", "Pregnancy") never are.
    """
    first = text.split(" ", 1)[0]
    if not first[:1].isupper():
        return None
    for keyword, kind in KIND_KEYWORDS:
        if " " in keyword or not first.lower().startswith(keyword):
            continue
        rest = first[len(keyword) :]
        if rest.isalpha() and rest.islower() and rest.startswith(_PREDICATE_START):
            return first[: len(keyword)], kind
    return None


# ---------------------------------------------------------------- lines → blocks


@dataclass
class Line:
    """One block of the source: its text, line number, and whether it is a list item."""

    text: str
    line: int
    item: bool = False
    level: int = 0
    cells: list[str] | None = None  # a table row
    heading: int = 0  # a heading by its markup (Word style, <h2>, FHIR section title): depth
    slot: str | None = None  # the QRD slot its markup says (an EMA section code)
    slot_why: str = ""  # where that slot comes from ("EMA section code 200000029897")
    table: DraftTable | None = None  # a whole table (Word, XHTML)


def _indent(space: str) -> int:
    return len(space.replace("\t", "    ")) // 2


def _classify(raw: str, number: int) -> list[Line]:
    cells = _TABLE_ROW.split(raw.strip()) if _TABLE_ROW.search(raw) else None
    if cells is not None:
        return [Line(raw.strip(), number, cells=[c.strip() for c in cells])]
    glyph = _GLYPH_BULLET.match(raw)
    if glyph:
        return _split_inline(raw[glyph.end() :].strip(), number, True, _indent(glyph.group(1)))
    numbered = _NUMBERED.match(raw)
    if numbered and not _NUMBERED_HEADING.match(raw.strip()):
        return [Line(raw.strip(), number, True, _indent(numbered.group(1)))]
    return _split_inline(raw.strip(), number, False, 0)


def _split_inline(text: str, number: int, item: bool, level: int) -> list[Line]:
    """A flattened list (``…if: • if you have X • if you have Y``) → its lead and items."""
    parts = _INLINE_GLYPHS.split(text)
    out = [Line(parts[0], number, item, level)]
    out += [Line(p.strip(), number, True, level + 1 if item else 0) for p in parts[1:]]
    return [ln for ln in out if ln.text]


def _paragraph_mode(lines: list[str]) -> bool:
    """Blocks separated by blank lines (and wrapped lines joined), or one block per line?"""
    chunks: list[int] = []
    size = 0
    for raw in lines:
        if raw.strip():
            size += 1
        elif size:
            chunks.append(size)
            size = 0
    if size:
        chunks.append(size)
    if len(chunks) < 3:
        return False
    return sorted(chunks)[len(chunks) // 2] <= 10


def source_lines(text: str) -> list[Line]:
    """The blocks of a text file, each with the number of its first line."""
    raw_lines = text.splitlines()
    joined = _paragraph_mode(raw_lines)
    out: list[Line] = []
    previous_blank = True
    for number, raw in enumerate(raw_lines, 1):
        if not raw.strip():
            previous_blank = True
            continue
        pieces = _classify(raw, number)
        first = pieces[0]
        if (
            joined
            and not previous_blank
            and out
            and not first.item
            and first.cells is None
            and out[-1].cells is None
            and not _NUMBERED_HEADING.match(first.text)
        ):
            out[-1].text = f"{out[-1].text} {first.text}"
            out.extend(pieces[1:])
        else:
            out.extend(pieces)
        previous_blank = False
    return out


# ---------------------------------------------------------------- the importer


@dataclass
class _Frame:
    """Where text goes now: the current section at each depth."""

    top: DraftSection | None = None
    sub: DraftSection | None = None
    minor: DraftSection | None = None

    @property
    def target(self) -> DraftSection | None:
        return self.minor or self.sub or self.top


@dataclass
class _State:
    frame: _Frame = field(default_factory=_Frame)
    open_list: DraftList | None = None
    open_table: DraftTable | None = None
    number: int = 0  # the numbered QRD section we are in (0: before section 1)
    seen: set[str] = field(default_factory=set)
    toc: DraftSection | None = None
    toc_number: int = 0


class TextImporter:
    """Walks the blocks of one text once, building a :class:`Draft` and notes."""

    def __init__(self, source: str, lang: str, lines: list[Line], title: Line) -> None:
        self.source = source
        self.lang = lang
        self.table = qrd.heading_table(lang)
        self.lines = lines
        self.title = title
        self.notes: list[Finding] = []
        self.sections: list[DraftSection] = []
        self.taken: set[str] = set()
        self.state = _State()
        self.names = qrd.Names()
        self._learn_names()
        self.toc_lines = self._toc_runs()
        self.qrd = self._looks_like_qrd()

    # ------------------------------------------------------------ notes

    def note(self, line: int, message: str, code: str, severity: Severity = "warning") -> None:
        self.notes.append(Finding(severity, code, Location(self.source, line), message))

    # ------------------------------------------------------------ passes before the walk

    def _whole(self, text: str, names: qrd.Names | None = None) -> qrd.HeadingMatch | None:
        if len(text) > 300:
            return None
        return self.table.whole(text, names or self.names)

    def _learn_names(self) -> None:
        """Product names from headings that carry one ("What Aclasta is and…", TOC items)."""
        learner = qrd.Names(generic=True)
        for ln in self.lines:
            if len(ln.text) > 200:
                continue
            words = qrd.words_of(ln.text)
            for match in self.table.matches(words, 0, learner):
                if (
                    match.end == len(words)
                    and match.name
                    and match.slot in ("pl.1", "pl.5", "pl.6.contents", "pl.6.appearance")
                    and "{*}" not in match.row.pattern
                ):
                    start, end = match.name
                    names = [ln.text[w.start : w.end] for w in words[start:end]]
                    self.names.add(names)
                    if len(names) > 1 and names[0][:1].isupper() and len(names[0]) >= 4:
                        self.names.add(names[:1])
                    break
        self.names.generic = True

    def _section_number(self, ln: Line) -> int | None:
        if ln.cells is not None or ln.table is not None:
            return None
        match = self._whole(ln.text)
        return qrd.slot_number(match.slot) if match and qrd.is_section_slot(match.slot) else None

    def _toc_runs(self) -> set[int]:
        """Indexes of lines that are a table of contents: 3+ section headings in a row."""
        out: set[int] = set()
        numbers = [self._section_number(ln) for ln in self.lines]
        i = 0
        while i < len(numbers):
            j = i
            while j + 1 < len(numbers) and numbers[j] and (numbers[j + 1] or 0) > (numbers[j] or 0):
                j += 1
            if numbers[i] and j - i >= 2:
                out.update(range(i, j + 1))
                i = j + 1
            else:
                i += 1
        return out

    def _looks_like_qrd(self) -> bool:
        numbers = {self._section_number(ln) for ln in self.lines[:3000]}
        numbers |= {qrd.slot_number(ln.slot) for ln in self.lines if ln.slot}
        return len(numbers - {None}) >= 2

    # ------------------------------------------------------------ sections

    def _id_for(self, slot: str | None, heading: str | None, fallback: str) -> str:
        base = qrd.SLOT_IDS.get(slot or "") or heading or fallback
        return slugify(base, self.taken)

    def _new(
        self, heading: str | None, line: int, kind: str, guess: str, slot: str | None = None
    ) -> DraftSection:
        self._close_list()
        section = DraftSection(
            self._id_for(slot, heading, "introduction"), kind, guess, line, heading, slot
        )
        return section

    def start_top(
        self, heading: str | None, line: int, kind: str, guess: str, slot: str | None = None
    ) -> DraftSection:
        section = self._new(heading, line, kind, guess, slot)
        self.sections.append(section)
        self.state.frame = _Frame(top=section)
        return section

    def start_sub(self, heading: str, line: int, match: qrd.HeadingMatch) -> DraftSection:
        return self.start_slot(heading, line, match.slot, self._guess(match))

    def start_slot(self, heading: str, line: int, slot: str, guess: str) -> DraftSection:
        frame = self.state.frame
        kind = qrd.SLOT_KINDS[slot]
        if frame.top is None:
            return self.start_top(heading, line, kind, guess, slot)
        section = self._new(heading, line, kind, guess, slot)
        frame.top.sections.append(section)
        frame.sub, frame.minor = section, None
        self.state.seen.add(slot)
        return section

    def start_minor(self, heading: str, line: int) -> None:
        frame = self.state.frame
        parent = frame.sub or frame.top
        assert parent is not None
        where = (
            parent.id if parent is frame.top else f"{frame.top.id if frame.top else ''}/{parent.id}"
        )
        guess = (
            f"a short line without end punctuation read as a heading, inside '{where}': "
            "kind general, critical as its parent section"
        )
        section = self._new(heading, line, "general", guess)
        parent.sections.append(section)
        frame.minor = section

    def _guess(self, match: qrd.HeadingMatch) -> str:
        return f"QRD heading '{match.row.shown}' ({self.table.lang})"

    def target(self, line: int) -> DraftSection:
        section = self.state.frame.target
        if section is None:
            if self.qrd:
                section = self.start_top(
                    None, line, "header", "text before section 1 of a QRD leaflet", "pl.title"
                )
            else:
                self.note(
                    line,
                    "could not tell the kind of section 'introduction'; wrote 'general' "
                    "(treated as safety-critical): choose a kind",
                    "import.kind",
                )
                section = self.start_top(None, line, "general", "text before the first heading")
        return section

    def _rename(self, old: str, new: str) -> str:
        self.taken.discard(old)
        return slugify(new, self.taken)

    # ------------------------------------------------------------ blocks

    def _close_list(self) -> None:
        lst = self.state.open_list
        if lst is not None and not lst.items and lst.lead:
            if self.qrd:
                # "The recommended dose is:" followed by running text: a paragraph after all
                section = self._owner(lst)
                if section is not None:
                    index = section.blocks.index(lst)
                    section.blocks[index] = DraftParagraph(lst.lead, lst.line)
            else:
                self.note(lst.line, f"list lead-in '{lst.lead}' has no items", "import.empty-list")
        self.state.open_list = None
        self.state.open_table = None

    def _owner(self, block: DraftList) -> DraftSection | None:
        for top in self.sections:
            for section in top.walk():
                if any(b is block for b in section.blocks):
                    return section
        return None

    def paragraph(self, text: str, line: int) -> None:
        if not text.strip():
            return
        section = self.target(line)
        self._close_list()
        if text.rstrip().endswith(":"):
            lst = DraftList(text.strip(), line)
            section.blocks.append(lst)
            self.state.open_list = lst
            return
        section.blocks.append(DraftParagraph(text.strip(), line))

    def item(self, ln: Line) -> None:
        section = self.target(ln.line)
        lst = self.state.open_list
        if lst is None or not any(b is lst for b in section.blocks):
            self.state.open_table = None
            lst = DraftList(None, ln.line)
            section.blocks.append(lst)
            self.state.open_list = lst
        lst.add(ln.text, ln.line, ln.level)

    def row(self, ln: Line) -> None:
        section = self.target(ln.line)
        table = self.state.open_table
        if table is None or not any(b is table for b in section.blocks):
            self._close_list()
            table = DraftTable([], ln.line)
            section.blocks.append(table)
            self.state.open_table = table
        table.rows.append(DraftRow(list(ln.cells or []), ln.line))

    # ------------------------------------------------------------ the walk

    def run(self) -> None:
        for index, ln in enumerate(self.lines):
            if ln.table is not None:
                self._close_list()
                self.target(ln.line).blocks.append(ln.table)
            elif index in self.toc_lines:
                self.toc_item(ln, index)
            elif ln.cells is not None:
                self.row(ln)
            elif self.state.toc is not None and self.in_toc(ln):
                continue
            elif ln.item:
                self.list_line(ln)
            else:
                self.text_line(ln)
        self._close_list()
        if self.qrd:
            self._report_missing()
            _tidy(self.sections, None)

    def toc_item(self, ln: Line, index: int) -> None:
        if self.state.toc is None:
            self.state.toc = self.start_top(
                None,
                ln.line,
                "header",
                "numbered headings in a row: a table of contents",
                "pl.contents",
            )
        self.item(Line(ln.text, ln.line, True))
        self.state.toc_number = self._section_number(ln) or 0

    def in_toc(self, ln: Line) -> bool:
        """Items after "What is in this leaflet" that name the sections (1 to 6)."""
        number = self._section_number(ln) if ln.item else None
        if number is not None and number > self.state.toc_number:
            self.item(ln)
            self.state.toc_number = number
            return True
        self.state.toc = None
        return False

    def list_line(self, ln: Line) -> None:
        """A list item; a QRD sub-heading inside it (a flattened list) starts a section."""
        found = self._inline(ln.text)
        if found is None:
            self.item(ln)
            return
        match, start, cut = found
        before, heading, after = ln.text[:start].strip(), ln.text[start:cut].strip(), ln.text[cut:]
        if before:
            self.item(Line(before, ln.line, True, ln.level))
        self._inline_note(ln.line, heading, before)
        self.start_sub(heading, ln.line, match)
        self.body_text(after.strip(), ln.line)

    def text_line(self, ln: Line) -> None:
        text = ln.text
        match = self._whole(text)
        if match is not None and not self._in_place(match):
            match = None
        if ln.heading or ln.slot:
            self.marked_heading(ln, match)
            return
        if match is not None:
            self.heading(text, ln.line, match)
            return
        if self._numbered_fallback(ln):
            return
        if self.split_prefix(ln):
            return
        if not self.qrd and self._shape_heading(text):
            kind = guess_kind(text)
            why = f"from the heading words '{text}'" if kind else "heading words say nothing"
            if kind is None:
                self.note(
                    ln.line,
                    f"could not tell the kind of section '{text.strip()}'; wrote 'general' "
                    "(treated as safety-critical): choose a kind",
                    "import.kind",
                )
            self.start_top(text.strip(), ln.line, kind or "general", why)
            return
        if self.qrd and self._shape_heading(text) and self.state.frame.top is not None:
            if self.state.number > 0:
                self.start_minor(text.strip(), ln.line)
                return
        self.body_text(text, ln.line)

    def heading(self, text: str, line: int, match: qrd.HeadingMatch) -> None:
        self.slot_heading(text, line, match.slot, self._guess(match))

    def slot_heading(self, text: str, line: int, slot: str, guess: str) -> None:
        if qrd.is_section_slot(slot):
            number = qrd.slot_number(slot) or 0
            if number <= self.state.number:
                self.note(
                    line,
                    f"heading of section {number} '{text[:60]}' after section "
                    f"{self.state.number}: a repeated or misplaced heading? started it again",
                    "import.section-order",
                )
            elif number > self.state.number + 1 and self.state.number:
                self.note(
                    line,
                    f"section {number} follows section {self.state.number}: "
                    f"the heading of section {self.state.number + 1} was not found",
                    "import.missing-section",
                )
            self.state.number = number
            self.state.seen.add(slot)
            self.state.toc = None
            self.start_top(text.strip(), line, qrd.SLOT_KINDS[slot], guess, slot)
            return
        if slot in ("pl.title", "pl.root"):
            frame = self.state.frame
            if frame.top is None and self.state.number == 0:
                self.start_top(text.strip(), line, "header", guess, slot)
                return
            self.body_text(text, line)
            return
        if slot == "pl.contents":
            self.state.toc = self.start_top(text.strip(), line, "header", guess, slot)
            self.state.toc_number = 0
            return
        if self.qrd and self.state.number == 0:
            self.body_text(text, line)  # a sub-heading wording in the header: plain text
            return
        if not self.qrd:
            self.start_top(text.strip(), line, qrd.SLOT_KINDS[slot], guess, slot)
            return
        self.start_slot(text.strip(), line, slot, guess)

    def _in_place(self, match: qrd.HeadingMatch) -> bool:
        """A sub-heading with a name not learnt from the leaflet, out of its section: text."""
        number = qrd.slot_number(match.slot)
        if qrd.is_section_slot(match.slot) or number in (None, self.state.number):
            return True
        if match.name is None or not self.qrd:
            return True
        return any(len(name) == match.name[1] - match.name[0] for name in self.names.known)

    def marked_heading(self, ln: Line, match: qrd.HeadingMatch | None) -> None:
        """A heading by markup (style, element, section title), maybe with a coded slot."""
        text = ln.text.strip()
        if ln.slot and match and qrd.SLOT_KINDS[match.slot] != qrd.SLOT_KINDS[ln.slot]:
            self.note(
                ln.line,
                f"{ln.slot_why} says QRD slot {ln.slot} "
                f"('{qrd.SLOT_KINDS[ln.slot]}') but the heading '{text[:60]}' is the QRD "
                f"heading of {match.slot} ('{match.kind}'); followed the heading: check it",
                "import.code-mismatch",
            )
        if match is not None:
            self.heading(text, ln.line, match)
        elif ln.slot:
            self.slot_heading(text, ln.line, ln.slot, ln.slot_why)
        elif self.qrd and self.state.frame.top is not None and self.state.number > 0:
            self.start_minor(text, ln.line)
        elif self.qrd:
            self.body_text(text, ln.line)
        else:
            kind = guess_kind(text)
            if kind is None:
                self.note(
                    ln.line,
                    f"could not tell the kind of section '{text[:60]}'; wrote 'general' "
                    "(treated as safety-critical): choose a kind",
                    "import.kind",
                )
            why = f"from the heading words '{text}'" if kind else "heading words say nothing"
            if ln.heading > 1 and self.state.frame.top is not None:
                self.start_minor(text, ln.line)
                if kind and self.state.frame.minor is not None:
                    self.state.frame.minor.kind = kind
                    self.state.frame.minor.guess = why
            else:
                self.start_top(text, ln.line, kind or "general", why)

    def _numbered_fallback(self, ln: Line) -> bool:
        """``4. Possible side-effects`` worded otherwise: the next numbered section, guessed."""
        found = _NUMBERED_HEADING.match(ln.text)
        if not (self.qrd and found):
            return False
        number = int(found.group(1))
        words = ln.text.split()
        if number != self.state.number + 1 or number > 6 or len(words) > 12:
            return False
        if ln.text.rstrip()[-1:] in ".;:,":
            return False
        index = next(i for i, other in enumerate(self.lines) if other is ln)
        neighbours = [self.lines[i] for i in (index - 1, index + 1) if 0 <= i < len(self.lines)]
        if any(_NUMBERED_HEADING.match(n.text) and n is not ln for n in neighbours):
            return False  # "1. Wash your hands" "2. …": numbered steps
        slot = f"pl.{number}"
        self.note(
            ln.line,
            f"'{ln.text[:60]}' is not worded as the QRD heading of section {number}; "
            f"read it as that section: check it",
            "import.numbered-heading",
        )
        self.state.number = number
        self.state.seen.add(slot)
        self.start_top(
            ln.text.strip(),
            ln.line,
            qrd.SLOT_KINDS[slot],
            f"numbered heading '{number}.' in the place of QRD section {number}",
            slot,
        )
        return True

    # ------------------------------------------------------------ headings run into text

    def _prefix(self, text: str) -> tuple[qrd.HeadingMatch, list[qrd.Word]] | None:
        if self.state.number == 0 or not self.qrd:
            return None
        words = qrd.words_of(text)
        if len(words) < 2:
            return None
        best: qrd.HeadingMatch | None = None
        for match in self.table.matches(words, 0, self.names):
            if qrd.is_section_slot(match.slot) or match.slot in ("pl.title", "pl.root"):
                continue
            if match.slot == "pl.contents" or match.end >= len(words):
                continue
            if not self._sentence_starts(text, words, match.end, _open_ended(match)):
                continue
            if not self._fits_section(match):
                continue
            if match.name and self.names.known and not self._known_name(words, match.name):
                continue  # "This medicine contains lactose." is no heading where names are known
            if best is None or match.end < best.end:
                best = match
        return (best, words) if best else None

    def _known_name(self, words: list[qrd.Word], span: tuple[int, int]) -> bool:
        return tuple(w.folded for w in words[span[0] : span[1]]) in self.names.known

    def _fits_section(self, match: qrd.HeadingMatch) -> bool:
        size = match.end - match.start
        number = qrd.slot_number(match.slot)
        if number == self.state.number:
            return True
        return size >= 3

    def _sentence_starts(
        self, text: str, words: list[qrd.Word], index: int, open_ended: bool = True
    ) -> bool:
        """Does a new sentence start at word ``index``?

        It starts with a capital; after a heading whose end is open ("If you forget {*}"),
        not with the product name, which may still belong to the heading.
        """
        if index >= len(words):
            return True
        word = words[index]
        if not word.capital or (open_ended and not text[word.start].isupper()):
            return False
        between = text[words[index - 1].end : word.start]
        if any(c in between for c in ",;"):
            return False
        if not open_ended:
            return True
        for name in self.names.known:
            if tuple(w.folded for w in words[index : index + len(name)]) == name:
                return False
        return True

    def split_prefix(self, ln: Line) -> bool:
        found = self._prefix(ln.text)
        if found is None:
            return False
        match, words = found
        cut = _cut_after(ln.text, words[match.end - 1].end)
        heading, rest = _unbold_split(ln.text[:cut].strip(), ln.text[cut:].strip())
        self.note(
            ln.line,
            f"the QRD heading '{heading}' runs into its text; split it off",
            "import.split-heading",
            "info",
        )
        self.start_sub(heading, ln.line, match)
        self.body_text(rest, ln.line)
        return True

    def body_text(self, text: str, line: int) -> None:
        """Running text, split where a QRD sub-heading sits in the middle of it."""
        while True:
            found = self._inline(text)
            if found is None:
                break
            match, start, cut = found
            before, heading, after = text[:start].strip(), text[start:cut].strip(), text[cut:]
            heading, after = _unbold_split(heading, after.strip())
            self.paragraph(before, line)
            self._inline_note(line, heading, before)
            self.start_sub(heading, line, match)
            text = after.strip()
        self._glued_notes(text, line)
        self.paragraph(text, line)

    def _inline_note(self, line: int, heading: str, before: str) -> None:
        self.note(
            line,
            f"found the QRD heading '{heading}' inside a line (after '…{before[-30:]}'); "
            "started a section there: check it",
            "import.split-heading",
        )

    def _inline(self, text: str) -> tuple[qrd.HeadingMatch, int, int] | None:
        if not self.qrd or self.state.number == 0 or len(text) < 20:
            return None
        words = qrd.words_of(text)
        strict = qrd.Names(list(self.names.known), generic=False)
        for i in range(1, len(words) - 1):
            word = words[i]
            if not word.capital or words[i - 1].folded in _NOT_BEFORE_HEADING:
                continue
            before = text[words[i - 1].end : word.start]
            if any(c in before for c in "(,\"'‘“"):
                continue
            for match in self.table.matches(words, i, strict):
                if not self._inline_ok(match, text, words):
                    continue
                return match, word.start, _cut_after(text, words[match.end - 1].end)
        return None

    def _inline_ok(self, match: qrd.HeadingMatch, text: str, words: list[qrd.Word]) -> bool:
        slot = match.slot
        if qrd.is_section_slot(slot) or qrd.slot_number(slot) != self.state.number:
            return False
        if slot in self.state.seen or match.end - match.start < 2 or "{*}" in match.row.pattern:
            return False
        return match.end < len(words) and self._sentence_starts(
            text, words, match.end, _open_ended(match)
        )

    def _glued_notes(self, text: str, line: int) -> None:
        if self.qrd:
            return  # QRD leaflets: run-in headings are found with the heading table
        glued = _GLUED_HEADING.match(text)
        if glued and len(glued.group(1).split()) <= 4:
            self.note(
                line,
                f"'{glued.group(1)}' looks like a heading run into the text "
                f"'{glued.group(2)[:30]}…'; kept verbatim: split it by hand",
                "import.glued-heading",
            )
        keyword = glued_keyword(text)
        if keyword:
            word, kind = keyword
            self.note(
                line,
                f"'{text.split()[0]}' looks like the heading '{word}' run into the text; "
                f"started a '{kind}' section here: check it",
                "import.glued-heading",
            )
            self.start_top(None, line, kind, f"text begins with '{word}'")
            self.state.frame.top.id = self._rename(self.state.frame.top.id, word)  # type: ignore[union-attr]

    def _shape_heading(self, text: str) -> bool:
        words = text.split()
        return (
            0 < len(words) <= 8
            and text.rstrip()[-1] not in _END_PUNCT
            and any(c.isalpha() for c in text)
            and text[:1].isupper()
        )

    def _report_missing(self) -> None:
        for slot in qrd.SECTION_SLOTS:
            if slot not in self.state.seen:
                number = qrd.slot_number(slot)
                self.note(
                    self.title.line,
                    f"no heading of QRD section {number} found; its text is in the section "
                    "before it",
                    "import.missing-section",
                )


def _tidy(sections: list[DraftSection], parent: DraftSection | None) -> None:
    """Headings that head nothing, made text again (the order of the words is kept).

    A short line taken for a heading (an address line, "SANDOZ HELLAS") with no text of its
    own goes back into the text before it; a header or contents section that is only a
    heading keeps it as its text.
    """
    i = 0
    while i < len(sections):
        section = sections[i]
        _tidy(section.sections, section)
        empty = not section.blocks and not section.sections and section.heading
        if empty and section.slot is None and section.kind == "general" and parent is not None:
            before = _last_descendant(sections[i - 1]) if i > 0 else parent
            before.blocks.append(DraftParagraph(section.heading or "", section.line))
            del sections[i]
            continue
        if empty and section.kind == "header":
            section.blocks.append(DraftParagraph(section.heading or "", section.line))
            section.heading = None
        i += 1


def _last_descendant(section: DraftSection) -> DraftSection:
    while section.sections:
        section = section.sections[-1]
    return section


def _open_ended(match: qrd.HeadingMatch) -> bool:
    """Does the heading end in a wildcard (a name, an excipient, any words)?"""
    return match.row.pattern.rstrip(" |>+*").endswith(("{X}", "{*}", "{E}", "}"))


def _unbold_split(heading: str, rest: str) -> tuple[str, str]:
    """``**Reporting of side effects`` + ``** If you…``: the bold was the heading's own."""
    if heading.startswith("**") and heading.count("**") % 2 == 1 and rest.startswith("**"):
        return heading[2:].strip(), rest[2:].strip()
    return heading, rest


def _cut_after(text: str, end: int) -> int:
    """Just after a heading: keep a colon or full stop that closes it with the heading."""
    while end < len(text) and text[end] in ":.)":
        end += 1
    return end


def read_text(text: str, source: str, lang: str | None = None) -> tuple[Draft, list[Finding]]:
    """The draft of a plain-text leaflet, and notes on what needs a human decision."""
    lines = source_lines(text)
    if not lines:
        raise ValueError("the file has no text")
    return draft_from_lines(lines[0], lines[1:], source, lang)


def draft_from_lines(
    title: Line, body: list[Line], source: str, lang: str | None = None
) -> tuple[Draft, list[Finding]]:
    """Sections from a leaflet's blocks (text, Word paragraphs, ePI narrative), with notes."""
    language = lang or qrd.detect_language([ln.text for ln in body if ln.table is None])
    importer = TextImporter(source, language, body, title)
    importer.run()
    if not importer.sections:
        importer.start_top(None, title.line, "general", "the file has only a title")
        importer.sections[0].id = importer._rename(importer.sections[0].id, "text")
    draft = Draft(title.text, title.line, language, source, importer.sections)
    all_text = "\n".join([title.text, *(ln.text for ln in body)])
    draft.protected_terms = guess_terms(title.text, all_text, importer.names)
    if draft.protected_terms:
        importer.note(
            title.line,
            f"guessed protected terms {draft.protected_terms}: check them",
            "import.terms",
            "info",
        )
    notes = sorted(importer.notes, key=lambda f: f.location.line or 0)
    return draft, notes


def import_text(text: str, source: str, lang: str | None = None) -> tuple[str, list[Finding]]:
    """YAML content for a plain-text leaflet, and notes on what needs a human decision."""
    draft, notes = read_text(text, source, lang)
    return dump_draft(draft), notes


def guess_terms(title: str, text: str, names: qrd.Names | None = None) -> list[str]:
    """Capitalized title words that recur mid-sentence (probably the product name)."""
    counts = Counter(re.findall(r"(?<=[a-z,;] )([A-Z][a-z]{3,})\b", text))
    terms = [w for w in re.findall(r"[A-Z][a-z]{3,}", title) if counts[w] >= 2]
    if not terms and names is not None:
        for name in names.known:
            shown = _shown_name(text, name)
            if shown and counts[shown.split()[0]] >= 2 and shown not in terms:
                terms.append(shown)
                break
    return terms


def _shown_name(text: str, name: tuple[str, ...]) -> str | None:
    """The product name as the text writes it with a capital (``Aclasta``, not ``aclasta``)."""
    pattern = r"\b" + r"\W+".join(re.escape(w) for w in name) + r"\b"
    for match in re.finditer(pattern, text, re.IGNORECASE):
        if match.group()[:1].isupper():
            return match.group()
    return None

"""Import a plain-text leaflet into a content file an author can review.

The text is split into blocks at blank lines. The first line is the title; a
short line without end punctuation is a heading that starts a section, whose
kind is guessed from its words ("Adverse Effects" → ``side_effects``); a line
ending in ``:`` is a list lead-in and the bullet lines after it its items;
everything else is a paragraph, kept verbatim. Every guess is written into the
YAML as a comment, and what could not be decided is returned as notes
(``FILE.txt:LINE: ...``) for the command to print.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import yaml

from leaflet_i18n.model.diagnostics import Finding, Location, Severity

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
_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d+[.)])\s+")
_END_PUNCT = ".!?;:,"


@dataclass
class _Chunk:
    lines: list[str]
    line: int  # 1-based line of the first text line

    @property
    def text(self) -> str:
        return " ".join(ln.strip() for ln in self.lines)


@dataclass
class _ListDraft:
    lead: str | None
    lead_line: int
    items: list[str] = field(default_factory=list)


@dataclass
class _Section:
    id: str
    kind: str
    heading: str | None
    line: int
    guess: str
    blocks: list[str | _ListDraft] = field(default_factory=list)


def _chunks(text: str) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    current: _Chunk | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        if raw.strip():
            if current is None:
                current = _Chunk([], number)
                chunks.append(current)
            current.lines.append(raw)
        else:
            current = None
    return chunks


def guess_kind(words: str) -> str | None:
    lowered = words.lower()
    for keyword, kind in KIND_KEYWORDS:
        if re.search(r"\b" + re.escape(keyword), lowered):
            return kind
    return None


def _is_heading(chunk: _Chunk) -> bool:
    text = chunk.text
    return (
        len(chunk.lines) == 1
        and len(text.split()) <= 8
        and text[-1] not in _END_PUNCT
        and not _BULLET.match(text)
    )


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


class _Importer:
    """Walks the text blocks once, building sections and notes."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.notes: list[Finding] = []
        self.sections: list[_Section] = []
        self.taken: set[str] = set()
        self.current: _Section | None = None
        self.lead: _ListDraft | None = None

    def note(self, line: int, message: str, code: str, severity: Severity = "warning") -> None:
        self.notes.append(Finding(severity, code, Location(self.source, line), message))

    def start(self, heading: str | None, name: str, line: int, kind: str | None, why: str) -> None:
        ident = slugify(heading or name, self.taken)
        if kind is None:
            self.note(
                line,
                f"could not tell the kind of section '{heading or ident}'; wrote 'general' "
                "(treated as safety-critical): choose a kind",
                "import.kind",
            )
        self.close_lead()
        self.current = _Section(ident, kind or "general", heading, line, why)
        self.sections.append(self.current)

    def close_lead(self) -> None:
        if self.lead is not None and not self.lead.items:
            self.note(
                self.lead.lead_line,
                f"list lead-in '{self.lead.lead}' has no items",
                "import.empty-list",
            )
        self.lead = None

    def section(self, line: int) -> _Section:
        if self.current is None:
            self.start(None, "introduction", line, None, "text before the first heading")
        assert self.current is not None
        return self.current

    def chunk(self, chunk: _Chunk) -> None:
        text = chunk.text
        if _is_heading(chunk):
            kind = guess_kind(text)
            why = f"from the heading words '{text}'" if kind else "heading words say nothing"
            self.start(text.strip(), text, chunk.line, kind, why)
            return
        section = self.section(chunk.line)
        if all(_BULLET.match(ln) for ln in chunk.lines):
            if self.lead is None:
                self.lead = _ListDraft(None, chunk.line)
                section.blocks.append(self.lead)
            self.lead.items.extend(_BULLET.sub("", ln).strip() for ln in chunk.lines)
            return
        self.close_lead()
        if text.endswith(":"):
            self.lead = _ListDraft(text, chunk.line)
            section.blocks.append(self.lead)
            return
        self.check_glued(text, chunk.line)
        self.current = self.current or section
        self.current.blocks.append(text)

    def check_glued(self, text: str, line: int) -> None:
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
            self.start(None, word, line, kind, f"text begins with '{word}'")


def import_text(text: str, source: str) -> tuple[str, list[Finding]]:
    """YAML content for a plain-text leaflet, and notes on what needs a human decision."""
    chunks = _chunks(text)
    if not chunks:
        raise ValueError("the file has no text")
    importer = _Importer(source)
    for chunk in chunks[1:]:
        importer.chunk(chunk)
    importer.close_lead()
    title = chunks[0].text
    terms = _guess_terms(title, text)
    if terms:
        importer.note(
            chunks[0].line, f"guessed protected terms {terms}: check them", "import.terms", "info"
        )
    notes = sorted(importer.notes, key=lambda f: f.location.line or 0)
    return _to_yaml(title, terms, importer.sections, source), notes


def _guess_terms(title: str, text: str) -> list[str]:
    """Capitalized title words that recur mid-sentence: probably the product name."""
    counts = Counter(re.findall(r"(?<=[a-z,;] )([A-Z][a-z]{3,})\b", text))
    return [w for w in re.findall(r"[A-Z][a-z]{3,}", title) if counts[w] >= 2]


def _scalar(text: str) -> str:
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1 << 20, default_flow_style=True)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def _to_yaml(title: str, terms: list[str], sections: list[_Section], source: str) -> str:
    out = [
        f"# Imported from {source} by leaflet-i18n import; review every '# guess' below.",
        f"title: {_scalar(title)}",
        "source_locale: en",
    ]
    if terms:
        out.append(f"protected_terms: [{', '.join(_scalar(t) for t in terms)}]  # guess")
    out.append("sections:")
    for s in sections:
        out += [f"  - id: {s.id}", f"    kind: {s.kind}  # guess: {s.guess}"]
        if s.heading:
            out.append(f"    heading: {_scalar(s.heading)}")
        if s.blocks:
            out.append("    blocks:")
        for block in s.blocks:
            if isinstance(block, str):
                out.append(f"      - {_scalar(block)}")
                continue
            out.append(f"      - lead: {_scalar(block.lead)}" if block.lead else "      - list:")
            if block.lead:
                out.append("        list:" + ("" if block.items else " []"))
            out.extend(f"          - {_scalar(item)}" for item in block.items)
    return "\n".join(out) + "\n"

"""Import an FDA SPL label (HL7 v3 XML), or a FHIR document made from one, by LOINC code.

Sections nest as in the document; each kind comes from the section's LOINC code
(``data/loinc-sections.tsv``: 34071-1 warnings, 50570-1 "do not use", 44425-7 storage …),
cross-checked with the words of its title (a warning when they disagree). Titles, paragraphs,
lists and tables of the narrative are kept; bold as ``**bold**``. A list after a bold or
colon-ended paragraph gets it as lead-in ("Do not use if" + items). Sections without
narrative or title (the product data elements) are left out.
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lxml import etree

from leaflet_i18n.model.diagnostics import Finding, LeafletError, Location, Severity
from leaflet_i18n.model.leaflet import KINDS
from leaflet_i18n.sources.draft import (
    Draft,
    DraftBlock,
    DraftList,
    DraftParagraph,
    DraftSection,
)
from leaflet_i18n.sources.fhir import DocSection
from leaflet_i18n.sources.text import Line, guess_kind, slugify
from leaflet_i18n.sources.xhtml import NarrativeReader, inline_text, local, parse_fragment

V3 = "urn:hl7-org:v3"
LOINC_SYSTEMS = ("2.16.840.1.113883.6.1", "http://loinc.org")
_DATA_ONLY = {"48780-1", "48779-3"}  # product data elements: structured data, no narrative


@dataclass(frozen=True)
class LoincSection:
    code: str
    kind: str
    display: str


@cache
def loinc_sections() -> dict[str, LoincSection]:
    text = resources.files("leaflet_i18n").joinpath("data").joinpath("loinc-sections.tsv")
    lines = [ln for ln in text.read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return {r["code"]: LoincSection(r["code"], r["kind"], r["display"]) for r in rows}


def plain_title(markup: str | None) -> str | None:
    """A title that may carry markup (``Allopurinol<br/>Tablets``) as plain text."""
    if markup is None:
        return None
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return " ".join(text.split()) or None


# ---------------------------------------------------------------- SPL XML → coded sections


def read_spl_xml(root: etree._Element, source: str) -> tuple[str, int, list[DocSection]]:
    """Title, its line, and the sections of an SPL document (already parsed)."""
    if local(root.tag) != "document":
        raise LeafletError("not an SPL document", path=source, line=1, code="import.spl")
    title_node = root.find(f"{{{V3}}}title")
    title = inline_text(title_node).replace("**", "") if title_node is not None else ""
    body = root.find(f"{{{V3}}}component/{{{V3}}}structuredBody")
    sections = [] if body is None else _spl_sections(body)
    line = title_node.sourceline if title_node is not None and title_node.sourceline else 1
    return title, line, sections


def _spl_sections(parent: etree._Element) -> list[DocSection]:
    out = []
    for component in parent.findall(f"{{{V3}}}component"):
        node = component.find(f"{{{V3}}}section")
        if node is None:
            continue
        code = node.find(f"{{{V3}}}code")
        title = node.find(f"{{{V3}}}title")
        text = node.find(f"{{{V3}}}text")
        section = DocSection(
            title=inline_text(title).replace("**", "") or None if title is not None else None,
            line=(title if title is not None else node).sourceline or 1,
            codes=[(code.get("codeSystem", ""), code.get("code", ""))] if code is not None else [],
            code_text=code.get("displayName") if code is not None else None,
            div=etree.tostring(text, encoding="unicode") if text is not None else None,
            div_line=(text.sourceline or 1) if text is not None else 0,
            multiline=True,
            sections=_spl_sections(node),
        )
        out.append(section)
    return out


# ---------------------------------------------------------------- coded sections → draft


class CodedImporter:
    """Builds a draft from sections whose kinds come from LOINC codes."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.notes: list[Finding] = []
        self.taken: set[str] = set()

    def note(self, line: int, message: str, code: str, severity: Severity = "warning") -> None:
        self.notes.append(Finding(severity, code, Location(self.source, line), message))

    def sections(self, docs: list[DocSection], depth: int = 1) -> list[DraftSection]:
        out = []
        for doc in docs:
            section = self.section(doc, depth)
            if section is not None:
                out.append(section)
        return out

    def section(self, doc: DocSection, depth: int) -> DraftSection | None:
        code = next((c for s, c in doc.codes if s in LOINC_SYSTEMS), None)
        children = self.sections(doc.sections, depth + 1)
        blocks = self.blocks(doc)
        title = plain_title(doc.title)
        if code in _DATA_ONLY and not blocks and not children:
            return None
        if not blocks and not children and not title:
            return None
        kind, guess = self.kind(code, title, doc, depth)
        ident = slugify(
            title or (loinc_sections()[code].display if code in loinc_sections() else "section"),
            self.taken,
        )
        section = DraftSection(ident, kind, guess, doc.line, title)
        section.blocks, section.sections = blocks, children
        return section

    def kind(
        self, code: str | None, title: str | None, doc: DocSection, depth: int
    ) -> tuple[str, str]:
        known = loinc_sections().get(code or "")
        words_kind = guess_kind(title) if title else None
        if known is None:
            kind = words_kind or "general"
            self.note(
                doc.line,
                f"section code {code or '(none)'} is not a known LOINC section code; "
                f"kind '{kind}' guessed from the title '{title or ''}'",
                "import.section-code",
            )
            return kind, f"title words '{title}'" if words_kind else "no known code"
        guess = f"LOINC section code {known.code} '{known.display}'"
        if known.kind == "general" and depth == 1:
            self.note(
                doc.line,
                f"top-level section '{title or known.display}' ({known.code}) has no kind of its "
                "own; wrote 'general' (treated as safety-critical): choose a kind",
                "import.kind",
            )
        if (
            words_kind
            and known.kind != "general"
            and KINDS[words_kind].critical != KINDS[known.kind].critical
        ):
            self.note(
                doc.line,
                f"section code {known.code} says '{known.kind}' but the title '{title}' reads "
                f"as '{words_kind}', which the gate treats differently; kept the code's kind: "
                "check it",
                "import.code-mismatch",
            )
        return known.kind, guess

    def blocks(self, doc: DocSection) -> list[DraftBlock]:
        if not doc.div:
            return []
        root = parse_fragment(doc.div)
        if root is None:
            self.note(
                doc.div_line, "the section's narrative is not XHTML; left out", "import.xhtml"
            )
            return []
        lines = NarrativeReader(doc.div_line, doc.multiline).read(root)
        return lines_to_blocks(lines)


def lines_to_blocks(lines: list[Line]) -> list[DraftBlock]:
    """Narrative lines as blocks: a bold or colon-ended paragraph before items is their lead."""
    out: list[DraftBlock] = []
    bold_lead: DraftParagraph | None = None  # a paragraph bold all through ("Do not use if")
    for ln in lines:
        last = out[-1] if out else None
        if ln.table is not None:
            out.append(ln.table)
        elif ln.item and isinstance(last, DraftList):
            last.add(ln.text, ln.line, ln.level)
        elif ln.item:
            lst = DraftList(None, ln.line)
            if isinstance(last, DraftParagraph) and (last.text.endswith(":") or last is bold_lead):
                lead = f"**{last.text}**" if last is bold_lead else last.text
                lst = DraftList(lead, last.line)
                out.pop()
            lst.add(ln.text, ln.line, ln.level)
            out.append(lst)
        else:
            paragraph = DraftParagraph(ln.text, ln.line)
            bold_lead = paragraph if ln.heading else None
            out.append(paragraph)
    return out


def coded_draft(
    title: str, title_line: int, sections: list[DocSection], source: str, lang: str
) -> tuple[Draft, list[Finding]]:
    importer = CodedImporter(source)
    drafted = importer.sections(sections)
    if not drafted:
        raise ValueError("the document has no section with text")
    draft = Draft(title or "Untitled", title_line, lang, source, drafted)
    if not title:
        importer.note(1, "the document has no title; wrote 'Untitled'", "import.title")
    return draft, sorted(importer.notes, key=lambda f: f.location.line or 0)


def read_spl(text: bytes, source: str, lang: str | None = None) -> tuple[Draft, list[Finding]]:
    """The draft of an SPL XML label, and notes on what needs a human decision."""
    root = parse_xml(text, source)
    title, line, sections = read_spl_xml(root, source)
    return coded_draft(title, line, sections, source, lang or "en")


def parse_xml(data: bytes, source: str) -> etree._Element:
    """Parse XML without entities, DTDs or network access; errors carry file:line."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        raise LeafletError(
            f"not well-formed XML: {exc.msg}", path=source, line=line, code="import.xml"
        ) from exc

"""Import an EU ePI: a FHIR document (JSON or XML Bundle, or FHIR Shorthand) of a leaflet.

The Composition's sections (nested) give the headings and the XHTML narrative
(``section.text.div``) the blocks. Kinds come from the EMA heading codes (list 200000029659,
``data/ema-pl-section-codes.tsv``) *cross-checked* with the heading text against the QRD
heading table of the document's language, because real files code sections wrongly:

- raw ePIs code every section with ``100000155538``, the document type "Package Leaflet",
  which says nothing about a section (one warning; the headings decide);
- a code and a heading that name different slots get a warning, and the heading wins;
- a section title not in the document's language (an English title in a Spanish
  leaflet) is replaced by ``code.text`` when that is the language's QRD heading (warning).

A FHIR document of a US label (LOINC-coded sections, 34391-3 …) is read as SPL is
(:mod:`~leaflet_i18n.sources.spl`).

An ePI that ``build`` wrote names each section's kind in a second coding of its own code
system (:data:`KIND_SYSTEM`) and its path as the section element's ``id``, and marks list
lead-ins and boxed warnings: it is read as written (:func:`exact_draft`), and importing it
gives back the same sections, kinds, ids (so the same message contexts), blocks and texts.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from lxml import etree

from leaflet_i18n.model.diagnostics import Finding, LeafletError, Location
from leaflet_i18n.model.leaflet import KINDS, SECTION_ID
from leaflet_i18n.sources import qrd
from leaflet_i18n.sources.draft import (
    Draft,
    DraftBlock,
    DraftBoxed,
    DraftItem,
    DraftList,
    DraftParagraph,
    DraftSection,
    draft_texts,
)
from leaflet_i18n.sources.fhir import DocSection, Document, read_fsh, read_json, read_xml_bundle
from leaflet_i18n.sources.spl import LOINC_SYSTEMS, coded_draft, parse_xml, plain_title
from leaflet_i18n.sources.text import Line, draft_from_lines, guess_terms, slugify
from leaflet_i18n.sources.xhtml import NarrativeReader, inline_text, local, parse_fragment

DOCUMENT_TYPE_PL = "100000155538"  # "Package Leaflet", a document type, not a section heading
# The toolkit's section kinds as a code system (a name-based UUID: it has no web page).
KIND_SYSTEM = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "leaflet-i18n:section-kind"))


def read_document(path: Path, source: str) -> Document | etree._Element:
    """The FHIR document in ``path`` (or the parsed XML root when it is not FHIR)."""
    data = path.read_bytes()
    if path.suffix.lower() == ".fsh":
        return read_fsh(data.decode("utf-8"), source)
    if data.lstrip()[:1] in (b"{", b"["):
        return read_json(data.decode("utf-8"), source)
    root = parse_xml(data, source)
    return root


def read_epi(path: Path, source: str, lang: str | None = None) -> tuple[Draft, list[Finding]]:
    """The draft of a FHIR leaflet document, and notes on what needs a human decision."""
    document = read_document(path, source)
    if not isinstance(document, Document):
        if etree.QName(document).namespace != "http://hl7.org/fhir":
            raise LeafletError("not a FHIR document", path=source, line=1, code="import.fhir")
        document = read_xml_bundle(document, source)
    return epi_draft(document, source, lang)


def _is_loinc(document: Document) -> bool:
    codes = [c for c in document.type_codes] + [c for s in document.sections for c in s.codes]
    return any(system in LOINC_SYSTEMS for system, _ in codes)


def epi_draft(document: Document, source: str, lang: str | None) -> tuple[Draft, list[Finding]]:
    if _is_loinc(document):
        title = plain_title(document.title) or ""
        return coded_draft(title, document.title_line, document.sections, source, lang or "en")
    if _exported_by_us(document.sections):
        return exact_draft(document, source, lang)
    reader = _EpiReader(source, lang or document.language or None)
    lines = reader.lines(document.sections, 1)
    language = reader.lang or qrd.detect_language([ln.text for ln in lines if ln.heading])
    title_line = Line(plain_title(document.title) or "Untitled", document.title_line)
    draft, notes = draft_from_lines(title_line, lines, source, language)
    notes = sorted(reader.notes + notes, key=lambda f: f.location.line or 0)
    return draft, notes


def _exported_by_us(sections: list[DocSection]) -> bool:
    return any(system == KIND_SYSTEM for s in sections for system, _ in s.codes) or any(
        _exported_by_us(s.sections) for s in sections
    )


# ---------------------------------------------------------------- ePIs written by leaflet-i18n


def exact_draft(document: Document, source: str, lang: str | None) -> tuple[Draft, list[Finding]]:
    """The draft of an ePI that ``build`` wrote, read as it was written: its sections, kinds,
    ids and blocks, with nothing guessed but the protected terms."""
    language = (lang or document.language or "en").replace("-", "_")
    title = " ".join(document.title.split()) or "Untitled"
    sections = _exact_sections(document.sections, source)
    draft = Draft(title, document.title_line, language, source, sections)
    draft.revised = document.date
    texts = [text for text, _ in draft_texts(draft)]
    draft.protected_terms = guess_terms(title, "\n".join(texts))
    notes = []
    if draft.protected_terms:
        where = Location(source, document.title_line)
        message = f"guessed protected terms {draft.protected_terms}: check them"
        notes.append(Finding("info", "import.terms", where, message))
    return draft, notes


def _exact_sections(items: list[DocSection], source: str) -> list[DraftSection]:
    out: list[DraftSection] = []
    taken: set[str] = set()
    for item in items:
        kind = next((c for system, c in item.codes if system == KIND_SYSTEM), "general")
        kind = kind if kind in KINDS else "general"
        slot = next(
            (known.slot for _, c in item.codes if (known := qrd.section_codes().get(c))), None
        )
        heading = " ".join(item.title.split()) if item.title else None
        name = (item.element_id or "").rsplit("/", 1)[-1]
        if not SECTION_ID.fullmatch(name) or name in taken:
            name = slugify(heading or kind, taken)
        taken.add(name)
        section = DraftSection(name, kind, "as the leaflet-i18n ePI names it", item.line, heading)
        section.slot = slot
        if item.div:
            section.blocks = _exact_blocks(item.div, item.div_line)
        section.sections = _exact_sections(item.sections, source)
        out.append(section)
    return out


def _exact_blocks(div: str, line: int) -> list[DraftBlock]:
    """The blocks of a narrative as ``build`` writes them: ``<p>``, ``<p class="lead">``
    before its ``<ul>``, ``<div class="boxed">``, nested ``<ul>``, ``<table>``."""
    root = parse_fragment(div)
    blocks: list[DraftBlock] = []
    if root is None:
        return blocks
    lead: DraftList | None = None  # a lead-in waiting for its list
    for child in root:
        name, classes = local(child.tag), str(child.get("class") or "").split()
        if name == "ul":
            target = lead if lead is not None else DraftList(None, line)
            if lead is None:
                blocks.append(target)
            _exact_items(child, 0, target, line)
            lead = None
            continue
        lead = None
        if name == "p" and "lead" in classes:
            lead = DraftList(inline_text(child), line)
            blocks.append(lead)
        elif name == "div" and "boxed" in classes:
            blocks.append(DraftBoxed(inline_text(child), line))
        elif name == "table":
            blocks.append(NarrativeReader(line, False).table(child))
        elif name and not re.fullmatch(r"h[1-6]", name):  # a heading repeats the title
            text = inline_text(child)
            if text:
                blocks.append(DraftParagraph(text, line))
    return blocks


def _exact_items(ul: etree._Element, level: int, into: DraftList, line: int) -> None:
    for li in ul:
        if local(li.tag) != "li":
            continue
        into.items.append(DraftItem(inline_text(li), line, level))
        for sub in li:
            if local(sub.tag) == "ul":
                _exact_items(sub, level + 1, into, line)


class _EpiReader:
    """Composition sections → heading lines (with their coded slot) and narrative lines."""

    def __init__(self, source: str, lang: str | None) -> None:
        self.source = source
        self.lang = lang.split("-")[0].lower() if lang else None
        self.notes: list[Finding] = []
        self._doc_type_noted = False

    def note(self, line: int, message: str, code: str) -> None:
        self.notes.append(Finding("warning", code, Location(self.source, line), message))

    def lines(self, sections: list[DocSection], depth: int) -> list[Line]:
        out: list[Line] = []
        for section in sections:
            out.extend(self.section(section, depth))
        return out

    def section(self, section: DocSection, depth: int) -> list[Line]:
        heading = self.heading(section)
        slot, why = self.slot(section)
        narrative = self.narrative(section)
        out: list[Line] = []
        if narrative and narrative[0].heading and heading and _same(narrative[0].text, heading):
            heading = None  # the narrative repeats the title as its first heading: keep that one
            narrative[0].slot, narrative[0].slot_why = slot, why
        if heading:
            out.append(Line(heading, section.line, heading=depth, slot=slot, slot_why=why))
        out.extend(narrative)
        out.extend(self.lines(section.sections, depth + 1))
        return out

    def heading(self, section: DocSection) -> str | None:
        title = plain_title(section.title)
        text = plain_title(section.code_text)
        if not text or not title or _same(text, title) or not self.lang:
            return title or text
        table = qrd.heading_table(self.lang)
        if table.lang == self.lang and table.whole(text) and not table.whole(title):
            self.note(
                section.line,
                f"the section title '{title[:60]}' is not a '{self.lang}' heading; "
                f"used its code.text '{text[:60]}'",
                "import.title-language",
            )
            return text
        return title

    def slot(self, section: DocSection) -> tuple[str | None, str]:
        for _system, code in section.codes:
            known = qrd.section_codes().get(code)
            if known is not None:
                return known.slot, f"EMA section code {code}"
            if code == DOCUMENT_TYPE_PL and not self._doc_type_noted:
                self._doc_type_noted = True
                self.note(
                    section.line,
                    f"sections are coded {code} (the document type 'Package Leaflet'), not "
                    "with an EMA heading code; kinds come from the headings: check them",
                    "import.section-code",
                )
        return None, ""

    def narrative(self, section: DocSection) -> list[Line]:
        if not section.div:
            return []
        root = parse_fragment(section.div)
        if root is None:
            self.note(
                section.div_line, "the section's narrative is not XHTML; left out", "import.xhtml"
            )
            return []
        return NarrativeReader(section.div_line, section.multiline).read(root)


def _same(a: str, b: str) -> bool:
    return [w.folded for w in qrd.words_of(a)] == [w.folded for w in qrd.words_of(b)]

"""Source-side checks of a leaflet, before anything is sent to translators.

Schema errors come from :mod:`content`; this module adds what a careful
regulatory author would catch by reading: empty sections, a critical section
without text, a list lead-in ("…are:") with no items, a protected term never
used, text run together ("CNS.The", "muscle pain Severe…").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from leaflet_i18n.checks.spec import Code
from leaflet_i18n.model.diagnostics import Finding, Location, Subject
from leaflet_i18n.model.leaflet import Leaflet, ListBlock, Section, Waiver
from leaflet_i18n.sources.settings import Settings
from leaflet_i18n.sources.text import glued_keyword

# "CNS.The", "effects.These" – but not "e.g.", "2.5", "U.S.", "www.example.org"
_GLUED_SENTENCE = re.compile(r"(?<![\w.])([A-Za-z]*[a-z]{2}|[A-Z]{2,})([.!?;])([A-Z][a-z]+)")
_RUN_ON_HEADING = re.compile(r"^([a-z]+(?: [a-z]+){0,3}) ([A-Z][a-z]+ [a-z])")


# Source findings are waived in the content file (``waivers:``), not by a translator's comment.
CODES = (
    Code("lint.critical-empty", "a critical section without text", scope="source"),
    Code("lint.empty-list", "a list lead-in (\"…are:\") without items: the list it "
         "announces is missing", elsewhere="warning", scope="source"),
    Code("lint.empty-section", "a section without text", "warning", scope="source"),
    Code("lint.general-kind", "a section of kind `general`: a specific kind documents it "
         "better", "info", scope="source"),
    Code("lint.glued", "two sentences run together (`effects.These`)", "warning", scope="source"),
    Code("lint.run-on-heading", "a heading run into its paragraph (`muscle pain Severe…`)",
         "warning", scope="source"),
    Code("lint.run-on-word", "a heading word run into the text (`Doseisset`)", "warning",
         scope="source"),
    Code("lint.source-locale", "the leaflet's source locale differs from the workspace's",
         "warning", scope="source"),
    Code("lint.term-unused", "a protected term the text never uses", "warning", scope="source"),
)  # fmt: skip
_CODES = {c.code: c for c in CODES}


def lint_leaflet(leaflet: Leaflet, settings: Settings | None = None) -> list[Finding]:
    """Every finding for one leaflet, in document order; a finding the leaflet waives is
    marked suppressed (see :class:`~leaflet_i18n.model.leaflet.Waiver`)."""
    settings = settings or Settings()
    out = list(_leaflet_findings(leaflet, settings))
    for section in leaflet.walk():
        out.extend(_section_findings(leaflet, section))
    for message in leaflet.messages():
        owner = leaflet.section(message.context)
        out.extend(_text_findings(leaflet.path, message.msgid, message.line, owner))
    return [_waived(f, leaflet) for f in out]


def _waived(finding: Finding, leaflet: Leaflet) -> Finding:
    if any(w.covers(finding.code, finding.section) for w in leaflet.waivers):
        return replace(finding, suppressed=True)
    return finding


def blocking_source_findings(findings: list[Finding]) -> list[Finding]:
    """Source findings that refuse every page of the leaflet: unwaived errors in critical text."""
    return [f for f in findings if f.severity == "error" and f.critical and not f.suppressed]


def waiver_of(finding: Finding, leaflet: Leaflet) -> Waiver | None:
    return next((w for w in leaflet.waivers if w.covers(finding.code, finding.section)), None)


def _finding(
    code: str, path: str, line: int, message: str, section: Section | None = None
) -> Finding:
    critical = section.critical if section is not None else False
    severity = _CODES[code].severity_for(critical)
    subject = Subject(section.path, "", section.path, critical) if section is not None else None
    return Finding(severity, code, Location(path, line), message, subject)


def _leaflet_findings(leaflet: Leaflet, settings: Settings) -> Iterator[Finding]:
    if leaflet.source_locale != settings.source_locale:
        yield _finding(
            "lint.source-locale",
            leaflet.path,
            1,
            f"source_locale is '{leaflet.source_locale}' but the workspace's is "
            f"'{settings.source_locale}'",
        )
    texts = [m.msgid for m in leaflet.messages()]
    for term, line in zip(leaflet.protected_terms, leaflet.protected_lines, strict=True):
        if not any(term in text for text in texts):
            yield _finding(
                "lint.term-unused",
                leaflet.path,
                line,
                f"protected term '{term}' is never used in the text",
            )


def _section_findings(leaflet: Leaflet, section: Section) -> Iterator[Finding]:
    path = leaflet.path
    has_body = bool(section.blocks) or any(c.has_text for c in section.walk() if c is not section)
    if not has_body:
        if section.critical:
            yield _finding(
                "lint.critical-empty",
                path,
                section.line,
                f"critical section '{section.path}' ({section.kind}) has no text",
                section,
            )
        else:
            yield _finding(
                "lint.empty-section",
                path,
                section.line,
                f"section '{section.path}' has no text",
                section,
            )
    if section.kind == "general" and section.blocks:
        yield _finding(
            "lint.general-kind",
            path,
            section.line,
            f"section '{section.path}' has kind 'general' (critical: "
            f"{str(section.critical).lower()}); a specific kind documents it better",
            section,
        )
    for block in section.blocks:
        if isinstance(block, ListBlock) and not block.items:
            lead = block.lead or "(no lead-in)"
            where = "critical section" if section.critical else "section"
            yield _finding(
                "lint.empty-list",
                path,
                block.lead_line or block.line,
                f"list lead-in '{lead}' in {where} '{section.path}' has no items: "
                "the list it announces is missing",
                section,
            )


def _text_findings(path: str, text: str, line: int, section: Section | None) -> Iterator[Finding]:
    for match in _GLUED_SENTENCE.finditer(text):
        glued = match.group(0)
        yield _finding(
            "lint.glued",
            path,
            line,
            f"'{glued}' looks like two sentences run together (missing space after "
            f"'{match.group(2)}')",
            section,
        )
    run_on = _RUN_ON_HEADING.match(text)
    if run_on:
        yield _finding(
            "lint.run-on-heading",
            path,
            line,
            f"text starts with lowercase '{run_on.group(1)}' followed by "
            f"'{run_on.group(2)}…': a heading run into its paragraph?",
            section,
        )
    heading_word = glued_keyword(text)
    if heading_word:
        word, kind = heading_word
        yield _finding(
            "lint.run-on-word",
            path,
            line,
            f"'{text.split()[0]}' looks like the heading '{word}' run into the text "
            f"(start of a '{kind}' section?)",
            section,
        )

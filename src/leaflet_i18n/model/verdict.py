"""The one definition of *publishable*, and the one verdict about a page.

A page (leaflet × locale) is publishable only if every message of every
critical section — and every critical template string — is present,
translated, not fuzzy, and free of unsuppressed error findings, and the
catalog itself could be read. Non-critical text that fails follows the
workspace policy: ``fallback`` shows the source text (marked), ``block``
refuses the page too.

:class:`PageReview` is everything known about a page before it is rendered
(each message with its entry and findings); :class:`PageVerdict` is what
``check``, ``status``, ``build``, the caches and the JSON reports keep of it:
the :class:`Decision` (publishable, the blocking :class:`Reason` records,
the :class:`Fallback` messages) and the counts per section.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Any

from leaflet_i18n.model.catalog import Entry
from leaflet_i18n.model.diagnostics import Finding, Location
from leaflet_i18n.model.leaflet import KINDS, TITLE_CONTEXT, Leaflet, Message

STATES = ("translated", "fuzzy", "untranslated", "missing")
COUNTED = ("translated", "fuzzy", "untranslated")  # missing counts as untranslated


@dataclass(frozen=True)
class MessageReview:
    """A source message, its catalog entry (if any), its state and its findings."""

    message: Message
    entry: Entry | None
    state: str  # one of STATES
    findings: tuple[Finding, ...] = ()
    errors: list[Finding] = field(init=False, compare=False)
    usable: bool = field(init=False, compare=False)  # translated, not fuzzy, and no error

    def __post_init__(self) -> None:
        # computed once: these are asked for many times per message
        errors = [f for f in self.findings if f.severity == "error" and not f.suppressed]
        object.__setattr__(self, "errors", errors)
        object.__setattr__(self, "usable", self.state == "translated" and not errors)

    @property
    def translation(self) -> str | None:
        return self.entry.msgstr if self.usable and self.entry is not None else None

    @property
    def words(self) -> int:
        return word_count(self.message.msgid)

    @property
    def counted_state(self) -> str:
        """The state as counted: a deleted entry is as untranslated as an empty one."""
        return "untranslated" if self.state == "missing" else self.state


@lru_cache(maxsize=65536)
def word_count(text: str) -> int:
    return len(text.split())


def blocks_page(review: MessageReview, policy: str) -> bool:
    """THE rule: a message blocks its page when it cannot be shown and may not fall back."""
    return not review.usable and (review.message.critical or policy == "block")


@dataclass(frozen=True)
class PageReview:
    """Everything known about one page before it is rendered."""

    leaflet: Leaflet
    locale: str
    catalog: str  # the .po path as shown to users
    messages: tuple[MessageReview, ...]
    templates: tuple[MessageReview, ...] = ()
    catalog_findings: tuple[Finding, ...] = ()  # the file as a whole: unreadable, wrong Language
    policy: str = "fallback"
    is_source: bool = False
    # errors in the source's critical sections (lint), which refuse every page of the leaflet
    source_findings: tuple[Finding, ...] = ()
    waived: tuple[Waived, ...] = ()  # source findings the author waived

    @cached_property
    def blocking(self) -> list[Finding]:
        """Why the page is refused (empty when it is publishable)."""
        out = list(self.source_findings)
        if self.is_source:
            return out
        out += [f for f in self.catalog_findings if f.severity == "error" and not f.suppressed]
        for review in (*self.messages, *self.templates):
            if blocks_page(review, self.policy):
                out.extend(review.errors)
        return out

    @property
    def publishable(self) -> bool:
        return not self.blocking

    @cached_property
    def fallbacks(self) -> list[MessageReview]:
        """Non-critical messages that will be shown in the source language."""
        if self.is_source:
            return []
        return [
            r for r in (*self.messages, *self.templates) if not r.usable and not r.message.critical
        ]

    @property
    def findings(self) -> list[Finding]:
        """Every finding of the page's catalogs and messages (what ``check`` reports)."""
        out = list(self.catalog_findings)
        for review in (*self.messages, *self.templates):
            out.extend(review.findings)
        return out


# ---------------------------------------------------------------- the verdict, as records keep it


@dataclass(frozen=True)
class Reason:
    """Why a page is refused: one blocking finding, as reports and records keep it."""

    file: str
    line: int | None
    section: str | None
    code: str
    message: str
    msgid: str | None = None

    @classmethod
    def of(cls, finding: Finding) -> Reason:
        path, line = finding.location.path, finding.location.line
        return cls(path, line, finding.section, finding.code, finding.message, finding.msgid)

    @property
    def location(self) -> Location:
        return Location(self.file, self.line)

    def text(self) -> str:
        """``po-file:line: section: reason [code] — “source text…”``.

        Reasons that concern a whole file (syntax, header) have no section.
        """
        excerpt = ""
        if self.msgid:
            cut = "…" if len(self.msgid) > 48 else ""
            excerpt = f" — “{self.msgid[:48]}{cut}”"
        place = f"{self.section}: " if self.section else ""
        return f"{self.location}: {place}{self.message} [{self.code}]{excerpt}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "section": self.section,
            "code": self.code,
            "message": self.message,
            "msgid": self.msgid,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reason:
        return cls(
            data["file"],
            data["line"],
            data["section"],
            data["code"],
            data["message"],
            data.get("msgid"),
        )


@dataclass(frozen=True)
class Waived:
    """A source finding published on purpose: the finding, why, and who decided."""

    reason: Reason
    why: str
    by: str

    def text(self) -> str:
        return f"{self.reason.text()} — waived by {self.by}: {self.why}"

    def as_dict(self) -> dict[str, Any]:
        return {**self.reason.as_dict(), "waiver": {"reason": self.why, "by": self.by}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Waived:
        waiver = data["waiver"]
        return cls(Reason.from_dict(data), waiver["reason"], waiver["by"])


@dataclass(frozen=True)
class Deviation:
    """One local decision that departs from the default policy (shown by every report)."""

    kind: str  # critical-kind, section-critical, fallback, equivalent, template, waiver
    file: str
    line: int | None
    text: str

    def line_text(self) -> str:
        return f"{Location(self.file, self.line)}: {self.kind}: {self.text}"

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "file": self.file, "line": self.line, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deviation:
        return cls(data["kind"], data["file"], data["line"], data["text"])


def leaflet_deviations(leaflet: Leaflet) -> tuple[Deviation, ...]:
    """Sections of a critical kind marked not critical, and waived findings, in a leaflet."""
    out = []
    for section in leaflet.walk():
        kind = KINDS.get(section.kind)
        if section.critical_reason == "section" and kind and kind.critical and not section.critical:
            text = f"section '{section.path}' ({section.kind}) is marked not critical"
            out.append(Deviation("section-critical", leaflet.path, section.line, text))
    for waiver in leaflet.waivers:
        text = f"{waiver.code} in '{waiver.section}' waived by {waiver.by}: {waiver.reason}"
        out.append(Deviation("waiver", leaflet.path, waiver.line, text))
    return tuple(out)


@dataclass(frozen=True)
class Fallback:
    """A non-critical message shown in the source language on a published page."""

    section: str
    msgid: str
    state: str

    def as_dict(self) -> dict[str, str]:
        return {"section": self.section, "msgid": self.msgid, "state": self.state}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fallback:
        return cls(data["section"], data["msgid"], data["state"])


@dataclass(frozen=True)
class Decision:
    """The gate's decision about one page: publishable, or refused with its reasons."""

    publishable: bool
    blocking: tuple[Reason, ...] = ()
    fallbacks: tuple[Fallback, ...] = ()
    waived: tuple[Waived, ...] = ()
    deviations: tuple[Deviation, ...] = ()  # of the leaflet: sections made non-critical, waivers

    @classmethod
    def of(cls, page: PageReview) -> Decision:
        fallbacks = tuple(
            Fallback(r.message.context or "(templates)", r.message.msgid, r.state)
            for r in page.fallbacks
        )
        blocking = tuple(Reason.of(f) for f in page.blocking)
        deviations = leaflet_deviations(page.leaflet)
        return cls(not blocking, blocking, fallbacks, page.waived, deviations)

    def refused(self, reason: Reason) -> Decision:
        """This decision with one more blocking reason (a page that failed after review)."""
        return replace(self, publishable=False, blocking=(*self.blocking, reason))

    def as_dict(self) -> dict[str, Any]:
        return {
            "publishable": self.publishable,
            "blocking": [r.as_dict() for r in self.blocking],
            "fallbacks": [f.as_dict() for f in self.fallbacks],
            "waived": [w.as_dict() for w in self.waived],
            "deviations": [d.as_dict() for d in self.deviations],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        return cls(
            data["publishable"],
            tuple(Reason.from_dict(r) for r in data["blocking"]),
            tuple(Fallback.from_dict(f) for f in data["fallbacks"]),
            tuple(Waived.from_dict(w) for w in data.get("waived", [])),
            tuple(Deviation.from_dict(d) for d in data.get("deviations", [])),
        )


@dataclass(frozen=True)
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
        )

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    def as_dict(self) -> dict[str, int]:
        return {
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "untranslated": self.untranslated,
        }

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> Counts:
        return cls(data["translated"], data["fuzzy"], data["untranslated"])


@dataclass(frozen=True)
class Tally:
    """Messages and words by state."""

    messages: Counts = Counts()
    words: Counts = Counts()

    @classmethod
    def of(cls, reviews: Iterable[MessageReview]) -> Tally:
        messages = dict.fromkeys(COUNTED, 0)
        words = dict.fromkeys(COUNTED, 0)
        for review in reviews:
            state = review.counted_state
            messages[state] += 1
            words[state] += review.words
        return cls(Counts(**messages), Counts(**words))

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.messages + other.messages, self.words + other.words)

    @property
    def complete(self) -> bool:
        return not (self.messages.fuzzy or self.messages.untranslated)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"messages": self.messages.as_dict(), "words": self.words.as_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tally:
        return cls(Counts.from_dict(data["messages"]), Counts.from_dict(data["words"]))


def total_of(tallies: Iterable[Tally]) -> Tally:
    out = Tally()
    for tally in tallies:
        out = out + tally
    return out


@dataclass(frozen=True)
class SectionTally:
    """The counts of one section of a page."""

    path: str
    heading: str | None
    kind: str
    critical: bool
    depth: int
    tally: Tally

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "heading": self.heading,
            "kind": self.kind,
            "critical": self.critical,
            "depth": self.depth,
            **self.tally.as_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SectionTally:
        return cls(
            data["path"],
            data["heading"],
            data["kind"],
            data["critical"],
            data["depth"],
            Tally.from_dict(data),
        )


@dataclass(frozen=True)
class PageVerdict:
    """What a review decided about one page: the decision and the counts behind it."""

    leaflet: str
    locale: str
    title: str
    catalog: str
    decision: Decision
    total: Tally
    critical: Tally
    templates: Tally
    title_translated: bool
    sections: tuple[SectionTally, ...] = ()
    shown_title: str = ""  # the title as the page shows it (translated, or the source's)

    @property
    def publishable(self) -> bool:
        return self.decision.publishable

    @property
    def blocking(self) -> tuple[Reason, ...]:
        return self.decision.blocking

    @property
    def fallbacks(self) -> tuple[Fallback, ...]:
        return self.decision.fallbacks

    @classmethod
    def of(cls, page: PageReview) -> PageVerdict:
        every = (*page.messages, *page.templates)
        by_section: dict[str, list[MessageReview]] = {}
        for review in page.messages:
            by_section.setdefault(review.message.context, []).append(review)
        sections = tuple(
            SectionTally(
                s.path, s.heading, s.kind, s.critical, s.depth, Tally.of(by_section.get(s.path, []))
            )
            for s in page.leaflet.walk()
        )
        return cls(
            leaflet=page.leaflet.slug,
            locale=page.locale,
            title=page.leaflet.title,
            catalog=page.catalog,
            decision=Decision.of(page),
            total=Tally.of(every),
            critical=Tally.of(r for r in every if r.message.critical),
            templates=Tally.of(page.templates),
            title_translated=all(r.usable for r in by_section.get(TITLE_CONTEXT, [])),
            sections=sections,
            shown_title=next(
                (r.translation for r in by_section.get(TITLE_CONTEXT, []) if r.translation),
                page.leaflet.title,
            ),
        )

    @classmethod
    def unreadable(cls, leaflet: str, locale: str, reasons: list[Reason]) -> PageVerdict:
        """The verdict on a page whose source could not be read: refused, nothing counted."""
        decision = Decision(False, tuple(reasons))
        return cls(leaflet, locale, leaflet, "", decision, Tally(), Tally(), Tally(), False)

    def with_decision(self, decision: Decision) -> PageVerdict:
        return replace(self, decision=decision)

    def with_sections(self, sections: tuple[SectionTally, ...]) -> PageVerdict:
        return replace(self, sections=sections)

    def compacted(self) -> PageVerdict:
        """This verdict with section counts only where something is missing (what build
        records keep)."""
        if self.sections and all(s.tally.complete for s in self.sections):
            return replace(self, sections=())
        return self

    def as_dict(self, compact: bool = False) -> dict[str, Any]:
        """The verdict as JSON reports show it; ``compact``: as :meth:`compacted`."""
        sections = self.compacted().sections if compact else self.sections
        return {
            "leaflet": self.leaflet,
            "title": self.title,
            "locale": self.locale,
            "catalog": self.catalog,
            "publishable": self.publishable,
            "blocking": [r.as_dict() for r in self.blocking],
            "fallbacks": len(self.fallbacks),
            "fallback_messages": [f.as_dict() for f in self.fallbacks],
            "waived": [w.as_dict() for w in self.decision.waived],
            "deviations": [d.as_dict() for d in self.decision.deviations],
            "total": self.total.as_dict(),
            "critical": self.critical.as_dict(),
            "title_translated": self.title_translated,
            "sections": [s.as_dict() for s in sections],
            "templates": self.templates.as_dict(),
            "shown_title": self.shown_title or self.title,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PageVerdict:
        decision = Decision.from_dict({**data, "fallbacks": data["fallback_messages"]})
        return cls(
            data["leaflet"],
            data["locale"],
            data["title"],
            data["catalog"],
            decision,
            Tally.from_dict(data["total"]),
            Tally.from_dict(data["critical"]),
            Tally.from_dict(data["templates"]),
            data["title_translated"],
            tuple(SectionTally.from_dict(s) for s in data["sections"]),
            data.get("shown_title", ""),
        )

"""The one definition of *publishable*, used by ``check``, ``status`` and ``build``.

A page (leaflet × locale) is publishable only if every message of every
critical section — and every critical template string — is present,
translated, not fuzzy, and free of unsuppressed error findings, and the
catalog itself could be read. Non-critical text that fails follows the
workspace policy: ``fallback`` shows the source text (marked), ``block``
refuses the page too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from leaflet_i18n.model.catalog import Entry
from leaflet_i18n.model.diagnostics import Finding
from leaflet_i18n.model.leaflet import Leaflet, Message

STATES = ("translated", "fuzzy", "untranslated", "missing")


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
        errors = [
            f for f in self.findings if f.severity == "error" and not f.extra.get("suppressed")
        ]
        object.__setattr__(self, "errors", errors)
        object.__setattr__(self, "usable", self.state == "translated" and not errors)

    @property
    def translation(self) -> str | None:
        return self.entry.msgstr if self.usable and self.entry is not None else None

    @property
    def words(self) -> int:
        return word_count(self.message.msgid)


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

    @cached_property
    def blocking(self) -> list[Finding]:
        """Why the page is refused (empty when it is publishable)."""
        if self.is_source:
            return []
        out = [f for f in self.catalog_findings if f.severity == "error"]
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

    def translation_of(self, context: str | None, msgid: str) -> str | None:
        for review in (*self.messages, *self.templates):
            if review.message.msgid == msgid and (review.message.context or None) == context:
                return review.translation
        return None

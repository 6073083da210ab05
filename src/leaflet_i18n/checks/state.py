"""Whether a message can be shown at all: present in the catalog, translated, not fuzzy."""

from __future__ import annotations

import re

from leaflet_i18n.checks.spec import Code, Problem
from leaflet_i18n.model.catalog import Entry

CODES = (
    Code("missing", "the message is not in the catalog (a deleted entry counts as "
         "untranslated): the text cannot be shown", elsewhere="policy", scope="message"),
    Code("untranslated", "not translated; a translation with no letter or digit (only spaces, "
         "punctuation or invisible characters) counts as untranslated", elsewhere="policy",
         scope="message"),
    Code("fuzzy", "marked fuzzy: a translator has to confirm it, then remove the flag",
         elsewhere="policy", scope="message"),
    Code("catalog.missing", "the locale has no catalog for the leaflet", scope="catalog",
         suppressible=False),
    Code("source.stale", "a translated entry whose message left the source", "warning",
         scope="catalog"),
)  # fmt: skip

_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def message_state(msgid: str, entry: Entry | None, hint: str) -> tuple[str, Problem | None]:
    """``(state, problem)``: ``translated`` with no problem, else why the text cannot be shown.

    ``hint`` tells the translator where a missing message comes from.
    """
    if entry is None:
        return "missing", ("missing", f"not in the catalog ({hint}); run `leaflet-i18n update`")
    if not entry.msgstr:
        return "untranslated", ("untranslated", "not translated")
    if _shows_nothing(msgid, entry.msgstr):
        return "untranslated", (
            "untranslated",
            "not translated: the translation has no letter or digit, "
            "only spaces, punctuation or invisible characters",
        )
    if entry.fuzzy:
        return "fuzzy", (
            "fuzzy",
            f"marked fuzzy: check the translation, then remove the fuzzy flag{fuzzy_hint(entry)}",
        )
    return "translated", None


def _shows_nothing(source: str, translation: str) -> bool:
    """True when a translation would show as blank where the source says something."""
    return _LETTER_OR_DIGIT.search(translation) is None and bool(_LETTER_OR_DIGIT.search(source))


def fuzzy_hint(entry: Entry) -> str:
    """What a fuzzy entry was translated from: another section, an older source text."""
    moved = entry.previous_msgctxt is not None and entry.previous_msgctxt != entry.msgctxt
    if moved and entry.previous_msgid == entry.msgid:
        return f" (moved from section '{entry.previous_msgctxt}')"
    if moved:
        return f" (from section '{entry.previous_msgctxt}', source was: '{entry.previous_msgid}')"
    return f" (source was: '{entry.previous_msgid}')" if entry.previous_msgid else ""

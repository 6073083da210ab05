"""What CAT tools say about a translation, in three words: ``draft``, ``translated``, ``approved``.

- XLIFF 1.2 ``<target state>``: ``new`` (with text) and the ``needs-*`` states are
  drafts, ``translated`` is translated, ``final`` and ``signed-off`` are approved; a
  trans-unit ``approved="yes"`` is approved.
- XLIFF 2.0 ``<segment state>``: ``initial`` is a draft, ``translated`` and
  ``reviewed`` are translated, ``final`` is approved (our own export marks a fuzzy
  entry with ``subState="leaflet-i18n:needs-review"``: a draft).
- memoQ (``mq:status``): ``ManuallyConfirmed`` is translated, ``Reviewer1Confirmed``
  and ``Reviewer2Confirmed`` are approved, ``NotStarted``, ``PartiallyEdited``,
  ``Pretranslated``, ``Edited`` and ``Rejected`` are drafts.
- Trados SDLXLIFF (``<sdl:seg conf>``): ``Translated`` is translated,
  ``ApprovedTranslation`` and ``ApprovedSignOff`` are approved, ``Draft``,
  ``RejectedTranslation``, ``RejectedSignOff`` and no ``conf`` are drafts.

Several indications about one unit are combined cautiously (:func:`combined`): any
draft makes a draft (imported as fuzzy), else any approval approves, else it is
translated. A unit of several segments is approved only when every segment is
(:func:`all_segments`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

State = Literal["draft", "translated", "approved"]
MEMOQ_NS = "MQXliff"
SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"

STATES12: dict[str, State] = {
    "new": "draft",
    "needs-translation": "draft",
    "needs-adaptation": "draft",
    "needs-l10n": "draft",
    "needs-review-translation": "draft",
    "needs-review-adaptation": "draft",
    "needs-review-l10n": "draft",
    "translated": "translated",
    "final": "approved",
    "signed-off": "approved",
}
STATES20: dict[str, State] = {
    "initial": "draft",
    "translated": "translated",
    "reviewed": "translated",
    "final": "approved",
}
MEMOQ: dict[str, State] = {
    "NotStarted": "draft",
    "PartiallyEdited": "draft",
    "Pretranslated": "draft",
    "Edited": "draft",
    "Rejected": "draft",
    "MachineTranslated": "draft",
    "AssembledFromFragments": "draft",
    "ManuallyConfirmed": "translated",
    "Reviewer1Confirmed": "approved",
    "Reviewer2Confirmed": "approved",
}
SDL_CONF: dict[str, State] = {
    "Draft": "draft",
    "RejectedTranslation": "draft",
    "RejectedSignOff": "draft",
    "Translated": "translated",
    "ApprovedTranslation": "approved",
    "ApprovedSignOff": "approved",
}


def combined(states: Iterable[State | None]) -> State:
    """The cautious sum of what a unit's attributes say (nothing said: translated)."""
    found = {s for s in states if s is not None}
    if "draft" in found:
        return "draft"
    if "approved" in found:
        return "approved"
    return "translated"


def all_segments(states: Iterable[State]) -> State:
    """A unit of several segments: a draft if one is, approved only if every one is."""
    found = list(states)
    if "draft" in found:
        return "draft"
    if found and all(s == "approved" for s in found):
        return "approved"
    return "translated"

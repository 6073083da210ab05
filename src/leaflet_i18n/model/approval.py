"""Review sign-off as data: approvals bound to the exact text they approve.

A translator writes a translation; an independent reviewer (linguistic,
medical, or any role the workspace defines) approves it. An
:class:`Approval` records who approved which message in which role and when,
with hashes of the message as gettext keys it (msgctxt, msgid, msgid_plural)
and of every msgstr form: it stays valid only while both hash to what was
approved, so any change to the source, the translation, one plural form or
the section voids it. The approved texts are kept too, so a reviewer sees a
word diff when an approval must be renewed.

An :class:`ApprovalRecord` holds the approvals of one catalog of one locale
(``locales/<ll>/reviews/<slug>.yaml``); :class:`ReviewPolicy` says which
roles must approve which text (``review:`` in ``leaflet-i18n.yaml``).
Pure data: :mod:`leaflet_i18n.sources.approvals` reads and writes records.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

DEFAULT_ROLES = ("linguistic", "medical")
ROLE = re.compile(r"[a-z][a-z0-9_-]*")  # a role is a lower-case word
ApprovalState = Literal["approved", "missing", "outdated"]
Key = tuple[str | None, str]  # (msgctxt, msgid), as catalogs key entries


def source_sha256(msgctxt: str | None, msgid: str, msgid_plural: str | None = None) -> str:
    """The hash of a message as gettext keys it: msgctxt EOT msgid (NUL msgid_plural)."""
    key = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
    if msgid_plural is not None:
        key += f"\x00{msgid_plural}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def msgstr_sha256(forms: Sequence[str]) -> str:
    """The hash of a translation: every msgstr form, in order."""
    return hashlib.sha256("\x00".join(forms).encode("utf-8")).hexdigest()


def sheet_id(catalog: str, msgctxt: str | None, msgid: str, forms: Sequence[str]) -> str:
    """A short id of one message *and its current translation* (what a review sheet prints).

    An id read back from a signed sheet names the text the reviewer saw: once the
    translation changes, the old id matches nothing and approves nothing.
    """
    digest = hashlib.sha256(
        "\x1e".join((catalog, source_sha256(msgctxt, msgid), msgstr_sha256(forms))).encode()
    )
    return "r" + digest.hexdigest()[:10]


@dataclass(frozen=True)
class Approval:
    """One reviewer's approval of one message in one role."""

    msgctxt: str | None
    msgid: str
    msgstr: tuple[str, ...]  # the approved translation: one form, or every plural form
    role: str
    reviewer: str
    date: datetime.date
    source_sha256: str
    msgstr_sha256: str
    msgid_plural: str | None = None
    comment: str | None = None
    line: int = field(default=0, compare=False)  # where the entry is in its record file

    @classmethod
    def of(
        cls,
        msgctxt: str | None,
        msgid: str,
        msgid_plural: str | None,
        forms: Sequence[str],
        role: str,
        reviewer: str,
        when: datetime.date,
        comment: str | None = None,
    ) -> Approval:
        """An approval of exactly this text."""
        return cls(
            msgctxt=msgctxt,
            msgid=msgid,
            msgstr=tuple(forms),
            role=role,
            reviewer=reviewer,
            date=when,
            source_sha256=source_sha256(msgctxt, msgid, msgid_plural),
            msgstr_sha256=msgstr_sha256(forms),
            msgid_plural=msgid_plural,
            comment=comment,
        )

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    def sort_key(self) -> tuple[str, str, str, str]:
        """Records list approvals by msgctxt, then msgid, then role (diff-friendly)."""
        return ("" if self.msgctxt is None else self.msgctxt, self.msgid, self.role, self.reviewer)

    def source_is(self, msgctxt: str | None, msgid: str, msgid_plural: str | None) -> bool:
        return self.source_sha256 == source_sha256(msgctxt, msgid, msgid_plural)

    def translation_is(self, forms: Sequence[str]) -> bool:
        return self.msgstr_sha256 == msgstr_sha256(forms)

    def covers(
        self, msgctxt: str | None, msgid: str, msgid_plural: str | None, forms: Sequence[str]
    ) -> bool:
        """True while the message and its translation are exactly what was approved."""
        return self.source_is(msgctxt, msgid, msgid_plural) and self.translation_is(forms)

    def intact(self) -> bool:
        """The stored texts still hash to the stored hashes (the entry was not edited by hand)."""
        return self.covers(self.msgctxt, self.msgid, self.msgid_plural, self.msgstr)

    def who(self) -> str:
        return f"{self.reviewer} ({self.role}, {self.date.isoformat()})"


@dataclass(frozen=True)
class ApprovalRecord:
    """The approvals of one catalog (a leaflet, or the templates) in one locale."""

    catalog: str
    locale: str
    approvals: tuple[Approval, ...] = ()
    path: str = ""  # as shown to users

    def of_message(self, msgctxt: str | None, msgid: str) -> list[Approval]:
        return [a for a in self.approvals if a.key == (msgctxt, msgid)]

    def with_approval(self, approval: Approval) -> ApprovalRecord:
        """This record with ``approval``, replacing the role's earlier approval of the message."""
        kept = [
            a for a in self.approvals if not (a.key == approval.key and a.role == approval.role)
        ]
        return replace(self, approvals=tuple(sorted((*kept, approval), key=Approval.sort_key)))

    def sorted(self) -> tuple[Approval, ...]:
        return tuple(sorted(self.approvals, key=Approval.sort_key))


@dataclass(frozen=True)
class RoleStatus:
    """Whether one role's approval of one message is in place."""

    role: str
    state: ApprovalState
    approval: Approval | None = None  # the valid approval, or the one that is now void
    change: str = ""  # what changed since review: translation, source, section, ...

    def text(self) -> str:
        if self.state == "approved" and self.approval is not None:
            return f"approved by {self.approval.who()}"
        if self.state == "outdated" and self.approval is not None:
            return f"changed since review ({self.change}; approved by {self.approval.who()})"
        return f"no {self.role} approval"


@dataclass(frozen=True)
class ReviewPolicy:
    """Which roles must approve which text, in which locales (``review:`` in the settings).

    The default requires nothing, so workspaces without a ``review:`` key keep working.
    """

    critical: tuple[str, ...] = ()  # roles that must approve every critical message
    other: tuple[str, ...] = ()  # roles that must approve every other message
    roles: tuple[str, ...] = DEFAULT_ROLES  # the roles the workspace knows
    locales: tuple[str, ...] | None = None  # None: every locale
    line: int = 0  # where ``review:`` is in the settings file

    @property
    def enabled(self) -> bool:
        return bool(self.critical or self.other)

    def applies_to(self, locale: str) -> bool:
        """Review is required in ``locale`` (a language listed covers its regional variants)."""
        if not self.enabled:
            return False
        if self.locales is None:
            return True
        return locale in self.locales or locale.split("_")[0] in self.locales

    def roles_for(self, critical: bool) -> tuple[str, ...]:
        """The roles that must approve critical (or other) text, wherever review applies."""
        return self.critical if critical else self.other

    def required(self, locale: str, critical: bool) -> tuple[str, ...]:
        """The roles that must approve a message of ``locale`` before it is published."""
        return self.roles_for(critical) if self.applies_to(locale) else ()

"""Review sign-off: is each translation approved, in its exact text, by every role required?

Some errors no check can find: a dropped "nicht", "Selten" turned into
"Häufig", a reassuring sentence in an overdose box. Where the workspace
requires review (``review.required``), a message is published only when a
reviewer of each required role approved exactly its current source and
translation (:class:`~leaflet_i18n.model.approval.Approval`). An approval of
other text is void: the message is *changed since review*, and the void
approval is found even when the source changed (the closest old source of the
same section) or the message moved to another section, so a reviewer sees
what changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

from leaflet_i18n.checks.spec import Code, Problem
from leaflet_i18n.model.approval import Approval, ApprovalRecord, Key, RoleStatus

CODES = (
    Code("review.missing", "a translation the workspace requires a reviewer to approve "
         "(`review.required`) has no approval of that role: no second person has checked it; "
         "outside critical sections the text falls back to the source until approved",
         suppressible=False, scope="message"),
    Code("review.outdated", "changed since review: the source, the translation (any plural "
         "form) or the section is not the text the reviewer approved, so the approval is void "
         "until the message is approved again", suppressible=False, scope="message"),
    Code("review.record", "the review record (`locales/<ll>/reviews/<slug>.yaml`) cannot be "
         "read, or an entry's texts do not match its hashes: it approves nothing",
         scope="catalog", suppressible=False),
)  # fmt: skip

SIMILAR = 60  # % (rapidfuzz ratio): an old source this close is the same message, changed


class ApprovalIndex:
    """The approvals of one record, looked up for the current messages of its catalog."""

    def __init__(self, record: ApprovalRecord, current: Iterable[Key]) -> None:
        self.record = record
        keys = set(current)
        self._by_key: dict[Key, list[Approval]] = {}
        self._orphans: dict[str, list[Approval]] = {}  # by role: approvals of vanished messages
        for approval in record.approvals:
            self._by_key.setdefault(approval.key, []).append(approval)
            if approval.key not in keys:
                self._orphans.setdefault(approval.role, []).append(approval)

    def status(
        self,
        msgctxt: str | None,
        msgid: str,
        msgid_plural: str | None,
        forms: Sequence[str],
        role: str,
    ) -> RoleStatus:
        """Whether ``role`` approved exactly this message and translation."""
        for approval in self._by_key.get((msgctxt, msgid), []):
            if approval.role != role:
                continue
            if approval.covers(msgctxt, msgid, msgid_plural, forms):
                return RoleStatus(role, "approved", approval)
            if not approval.source_is(msgctxt, msgid, msgid_plural):
                return RoleStatus(role, "outdated", approval, _change(approval, forms, "source"))
            return RoleStatus(role, "outdated", approval, "translation changed")
        old = self._moved_or_changed(msgctxt, msgid, role)
        if old is not None:
            what = "section" if old.msgid == msgid else "source"
            return RoleStatus(role, "outdated", old, _change(old, forms, what))
        return RoleStatus(role, "missing")

    def _moved_or_changed(self, msgctxt: str | None, msgid: str, role: str) -> Approval | None:
        orphans = self._orphans.get(role, [])
        for approval in orphans:
            if approval.msgid == msgid:
                return approval  # the same text, approved in another section
        same_section = [a for a in orphans if a.msgctxt == msgctxt]
        match = process.extractOne(
            msgid, [a.msgid for a in same_section], scorer=fuzz.ratio, score_cutoff=SIMILAR
        )
        return same_section[match[2]] if match else None


def _change(approval: Approval, forms: Sequence[str], what: str) -> str:
    label = {"source": "source changed", "section": f"moved from '{approval.msgctxt}'"}[what]
    return label if approval.translation_is(forms) else f"{label}, translation changed"


def approval_problems(statuses: Sequence[RoleStatus], critical: bool) -> list[Problem]:
    """``review.outdated`` and ``review.missing`` for the roles whose approval is not in place."""
    text = "critical text" if critical else "this text"
    out: list[Problem] = []
    groups: dict[tuple[str, str, str], list[str]] = {}
    for status in statuses:
        if status.state == "outdated" and status.approval is not None:
            a = status.approval
            groups.setdefault((status.change, a.reviewer, a.date.isoformat()), []).append(a.role)
    if groups:
        details = "; ".join(
            f"{change}: approved by {who} as {' and '.join(roles)} on {when}"
            for (change, who, when), roles in groups.items()
        )
        out.append(("review.outdated", f"changed since review ({details}); approve it again"))
    missing = [s.role for s in statuses if s.state == "missing"]
    if missing:
        roles = " and ".join(f"a {role}" for role in missing)
        out.append(("review.missing", f"not approved by {roles} reviewer (required for {text})"))
    return out

"""Review sign-off: what a reviewer has to approve, and approvals and rejections as files.

A reviewer of one role (linguistic, medical, ...) works through the messages
of a locale that need that role's approval (:meth:`Signoff.pending`); each
decision is written at once: an approval into the catalog's review record
(``locales/<ll>/reviews/<slug>.yaml``, atomically), a rejection into the
``.po`` file as a translator comment and the fuzzy flag, so the translator
sees it in any editor. :meth:`Signoff.approve_lines` records approvals
decided elsewhere (a signed review sheet); :func:`review_status` counts what
is approved, missing and changed since review. Every message is judged by
the one review path (:class:`~leaflet_i18n.steps.review.Reviewer`).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from leaflet_i18n.checks.approval import ApprovalIndex
from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.model.approval import Approval, ApprovalRecord, RoleStatus, sheet_id
from leaflet_i18n.model.catalog import Entry
from leaflet_i18n.model.diagnostics import Finding, Location, UsageError
from leaflet_i18n.model.leaflet import Message
from leaflet_i18n.model.verdict import MessageReview
from leaflet_i18n.render.sheet import SheetApproval, SheetCatalog, SheetRow, SheetSection
from leaflet_i18n.sources.approvals import load_record, write_record
from leaflet_i18n.sources.workspace import TEMPLATE_DOMAIN, Workspace
from leaflet_i18n.steps.review import Reviewer, template_messages
from leaflet_i18n.util.fs import atomic_write

_ID = re.compile(r"(r[0-9a-f]{10})\b")


def review_date() -> date:
    """Today (UTC), or the day of ``SOURCE_DATE_EPOCH`` for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return datetime.now(tz=timezone.utc).date()


# ---------------------------------------------------------------- word diff


def word_diff(old: str, new: str) -> str:
    """``old`` → ``new`` word by word, as wdiff shows it: ``über [-25-] {+30+} °C``."""
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out += a[i1:i2]
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


# ---------------------------------------------------------------- items


@dataclass(frozen=True)
class Item:
    """One message of a catalog as a reviewer sees it."""

    catalog: str  # the leaflet slug, or "templates"
    locale: str
    message: Message
    entry: Entry | None
    state: str  # translated, fuzzy, untranslated, missing
    po: str  # the catalog as shown to users
    statuses: tuple[RoleStatus, ...]  # per role the workspace requires for this text
    findings: tuple[Finding, ...]  # what the checks found (sign-off findings left out)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.message.context or None, self.message.msgid)

    @property
    def section(self) -> str:
        return self.message.context or "(templates)"

    @property
    def forms(self) -> tuple[str, ...]:
        return tuple(self.entry.translations) if self.entry is not None else ()

    @property
    def translation(self) -> str:
        return " | ".join(self.forms)

    @property
    def line(self) -> int:
        return self.entry.line if self.entry is not None else 0

    @property
    def location(self) -> Location:
        return Location(self.po, self.line or None)

    @property
    def ready(self) -> bool:
        """Translated and not fuzzy: a reviewer can approve it."""
        return self.state == "translated" and self.entry is not None

    @property
    def id(self) -> str | None:
        """The id a review sheet prints (bound to the current translation), once translated."""
        if not self.ready:
            return None
        return sheet_id(self.catalog, self.key[0], self.message.msgid, self.forms)

    def status(self, role: str) -> RoleStatus | None:
        return next((s for s in self.statuses if s.role == role), None)

    def source_diff(self, role: str) -> str | None:
        """The source against what ``role`` approved, when the approval is void and it changed."""
        status = self.status(role)
        if status is None or status.state != "outdated" or status.approval is None:
            return None
        old = status.approval.msgid
        return word_diff(old, self.message.msgid) if old != self.message.msgid else None

    def translation_diff(self, role: str) -> str | None:
        """The translation against what ``role`` approved, when the approval is void."""
        status = self.status(role)
        if status is None or status.state != "outdated" or status.approval is None:
            return None
        return word_diff(" | ".join(status.approval.msgstr), self.translation)


def _not_review(finding: Finding) -> bool:
    return not finding.code.startswith("review.")


# ---------------------------------------------------------------- the sign-off of a locale


def catalog_contexts(ws: Workspace, catalog: str) -> list[str | None]:
    """Every msgctxt of a catalog's source messages: the ``# section:`` lines of its record."""
    if catalog == TEMPLATE_DOMAIN:
        messages = template_messages(ws)
    else:
        messages = list(ws.leaflets([catalog])[0].messages())
    return [m.context or None for m in messages]


@dataclass(frozen=True)
class ApproveResult:
    """What ``review approve`` recorded, and what it refused (``file:line`` errors)."""

    approved: list[Item] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


class Signoff:
    """The review sign-off of one locale: items to review, approvals and rejections."""

    def __init__(self, ws: Workspace, locale: str) -> None:
        if locale == ws.settings.source_locale:
            raise UsageError(f"'{locale}' is the source locale: there is no translation to review")
        self.ws = ws
        self.locale = locale
        self.policy = ws.settings.review
        self._reviewer = Reviewer(ws)

    def title(self, catalog: str) -> str:
        """The leaflet's title (what the sheet heads a catalog with)."""
        if catalog == TEMPLATE_DOMAIN:
            return "Template strings"
        return self._reviewer.leaflet(catalog).title

    # -- what there is

    def catalogs(self, leaflets: Sequence[str] = ()) -> list[str]:
        """The catalogs to review: the leaflets named (every leaflet and the templates if none)."""
        known = self.ws.domains()
        unknown = [name for name in leaflets if name not in known]
        if unknown:
            raise UsageError(
                f"no leaflet named {', '.join(unknown)} (have: {', '.join(known)})",
                code="review.leaflet",
            )
        return list(dict.fromkeys(leaflets)) or known

    def check_role(self, role: str) -> None:
        if role not in self.policy.roles:
            raise UsageError(
                f"unknown role '{role}': the workspace knows {', '.join(self.policy.roles)} "
                "(review.roles in leaflet-i18n.yaml)",
                code="review.role",
            )

    def record(self, catalog: str) -> ApprovalRecord:
        path = self.ws.review_path(self.locale, catalog)
        return load_record(path, self.ws.display(path), catalog, self.locale)

    def _reviews(self, catalog: str) -> list[MessageReview]:
        if catalog == TEMPLATE_DOMAIN:
            return self._reviewer.template_reviews(self.locale)
        return list(self._reviewer.page(catalog, self.locale).messages)

    def items(self, catalog: str) -> list[Item]:
        """Every message of a catalog, with its approval status for each role it needs."""
        reviews = self._reviews(catalog)
        record = self.record(catalog)
        index = ApprovalIndex(
            record, ((r.message.context or None, r.message.msgid) for r in reviews)
        )
        po = self.ws.display(self.ws.po_path(self.locale, catalog))
        out = []
        for review in reviews:
            entry = review.entry
            roles = self.policy.roles_for(review.message.critical)
            if entry is not None and review.state == "translated":
                statuses = tuple(
                    index.status(
                        entry.msgctxt, entry.msgid, entry.msgid_plural, entry.translations, role
                    )
                    for role in roles
                )
            else:
                statuses = tuple(RoleStatus(role, "missing") for role in roles)
            findings = tuple(f for f in review.findings if _not_review(f))
            out.append(
                Item(
                    catalog,
                    self.locale,
                    review.message,
                    entry,
                    review.state,
                    po,
                    statuses,
                    findings,
                )
            )
        return out

    def contexts(self, catalog: str) -> list[str | None]:
        """Every section (msgctxt) of a catalog: the record's ``# section:`` lines."""
        return catalog_contexts(self.ws, catalog)

    # -- a reviewer's session

    def pending(self, role: str, catalogs: Iterable[str]) -> tuple[list[Item], int]:
        """The messages that need ``role``'s approval (missing or void), and how many more
        need it but are not ready (untranslated or fuzzy: the translator comes first)."""
        self.check_role(role)
        todo, waiting = [], 0
        for catalog in catalogs:
            for item in self.items(catalog):
                status = item.status(role)
                if status is None or status.state == "approved":
                    continue
                if item.ready:
                    todo.append(item)
                else:
                    waiting += 1
        return todo, waiting

    def refreshed(self, item: Item) -> Item | None:
        """``item`` as its catalog says now (line numbers move when a rejection is written)."""
        for current in self.items(item.catalog):
            if current.key == item.key:
                return current
        return None

    def approve(
        self, item: Item, role: str, reviewer: str, when: date, comment: str | None = None
    ) -> str:
        """Record ``reviewer``'s approval of exactly the item's text; return the record's path."""
        self.check_role(role)
        if not item.ready or item.entry is None:
            raise UsageError(f"{item.location}: {item.state}: only a translation can be approved")
        approval = Approval.of(
            item.entry.msgctxt,
            item.entry.msgid,
            item.entry.msgid_plural,
            item.forms,
            role,
            reviewer,
            when,
            comment,
        )
        return self._write(item.catalog, [approval])

    def _write(self, catalog: str, approvals: list[Approval]) -> str:
        record = self.record(catalog)
        for approval in approvals:
            record = record.with_approval(approval)
        path = self.ws.review_path(self.locale, catalog)
        write_record(path, record, self.contexts(catalog))
        return self.ws.display(path)

    def reject(self, item: Item, role: str, reviewer: str, when: date, comment: str) -> str:
        """Send a translation back: a translator comment saying why, and the fuzzy flag."""
        self.check_role(role)
        path = self.ws.po_path(self.locale, item.catalog)
        shown = self.ws.display(path)
        catalog = read_catalog(path, display=shown)
        entry = catalog.index().get(item.key)
        if entry is None:
            raise UsageError(f"{shown}: the message '{item.message.msgid[:40]}' is gone")
        note = " ".join(comment.split())
        entry.comments.append(f"review: rejected by {reviewer} ({role}) on {when}: {note}")
        entry.fuzzy = True
        atomic_write(path, dumps(catalog))
        self._reviewer = Reviewer(self.ws)  # the catalog changed: judge it again
        return shown

    # -- approvals decided elsewhere

    def approve_lines(
        self,
        lines: Iterable[str],
        shown: str,
        role: str,
        reviewer: str,
        when: date,
        catalogs: Sequence[str],
    ) -> ApproveResult:
        """Approve the messages a list names, one per line: a sheet id (``r1a2b3c4d5e``), or
        ``msgctxt: msgid``. Nothing is approved implicitly: a line that names no message, or
        names one that is untranslated or fuzzy, is an error and approves nothing."""
        self.check_role(role)
        items = [item for catalog in catalogs for item in self.items(catalog)]
        by_id = {item.id: item for item in items if item.id}
        by_key: dict[tuple[str | None, str], list[Item]] = {}
        for item in items:
            by_key.setdefault(item.key, []).append(item)
        result = ApproveResult()
        chosen: dict[tuple[str, str | None, str], Item] = {}
        for number, raw in enumerate(lines, 1):
            text = raw.strip()
            if not text or text.startswith("#"):
                continue
            here = Location(shown, number)
            found = _named(text, by_id, by_key)
            if isinstance(found, str):
                result.errors.append(Finding("error", "review.unknown", here, found))
                continue
            if not found.ready:
                why = (
                    "not translated"
                    if found.state in ("untranslated", "missing")
                    else ("marked fuzzy")
                )
                result.errors.append(
                    Finding(
                        "error",
                        f"review.{'fuzzy' if found.state == 'fuzzy' else 'untranslated'}",
                        found.location,
                        f"{found.section}: {why}: cannot be approved (named in {here})",
                    )
                )
                continue
            chosen[(found.catalog, found.key[0], found.key[1])] = found
        for catalog in dict.fromkeys(item.catalog for item in chosen.values()):
            approvals = []
            for item in chosen.values():
                if item.catalog == catalog and item.entry is not None:
                    approvals.append(
                        Approval.of(
                            item.entry.msgctxt,
                            item.entry.msgid,
                            item.entry.msgid_plural,
                            item.forms,
                            role,
                            reviewer,
                            when,
                        )
                    )
                    result.approved.append(item)
            result.written.append(self._write(catalog, approvals))
        return result


def _named(
    text: str, by_id: dict[str, Item], by_key: dict[tuple[str | None, str], list[Item]]
) -> Item | str:
    """The item a line of an approval list names, or why it names none."""
    match = _ID.match(text)
    if match:
        item = by_id.get(match.group(1))
        if item is None:
            return (
                f"no message has the id {match.group(1)} now: its translation changed since the "
                "sheet was printed (review it again), or the id is of another locale"
            )
        return item
    context, sep, msgid = text.partition(": ")
    candidates = by_key.get((context, msgid), []) if sep else []
    candidates = candidates or by_key.get((None, text), [])
    if not candidates:
        return f"names no message: '{text[:60]}' (write 'msgctxt: msgid' or a sheet id)"
    if len(candidates) > 1:
        names = ", ".join(sorted(item.catalog for item in candidates))
        return f"names a message of several leaflets ({names}): give --leaflet"
    return candidates[0]


# ---------------------------------------------------------------- counts


ROLE_STATES = ("approved", "missing", "outdated")


def review_status(
    ws: Workspace, locales: Iterable[str], leaflets: Sequence[str] = ()
) -> dict[str, Any]:
    """Approved, missing and changed-since-review counts per locale, catalog, section and role.

    Counted over the messages each role must approve (``review.required``); ``enforced``
    says whether the gate requires review in the locale (``review.locales``).
    """
    policy = ws.settings.review
    rows = []
    for locale in locales:
        signoff = Signoff(ws, locale)
        catalogs = []
        for catalog in signoff.catalogs(leaflets):
            items = signoff.items(catalog)
            sections: dict[str, dict[str, Any]] = {}
            totals: dict[str, dict[str, int]] = {}
            for item in items:
                section = sections.setdefault(
                    item.section,
                    {"path": item.section, "critical": item.message.critical, "roles": {}},
                )
                for status in item.statuses:
                    for table in (section["roles"], totals):
                        counts = table.setdefault(status.role, dict.fromkeys(ROLE_STATES, 0))
                        counts[status.state] += 1
            catalogs.append(
                {"leaflet": catalog, "roles": totals, "sections": list(sections.values())}
            )
        rows.append({"locale": locale, "enforced": policy.applies_to(locale), "leaflets": catalogs})
    return {
        "required": {"critical": list(policy.critical), "other": list(policy.other)},
        "locales": rows,
    }


# ---------------------------------------------------------------- the review sheet


def sheet_catalogs(signoff: Signoff, catalogs: Sequence[str]) -> list[SheetCatalog]:
    """What the printable review sheet shows: every message of ``catalogs``, by section."""
    out = []
    for catalog in catalogs:
        sections: dict[str, list[Item]] = {}
        for item in signoff.items(catalog):
            sections.setdefault(item.section, []).append(item)
        out.append(
            SheetCatalog(
                catalog,
                signoff.title(catalog),
                signoff.ws.display(signoff.ws.po_path(signoff.locale, catalog)),
                tuple(_sheet_section(path, items) for path, items in sections.items()),
            )
        )
    return out


def _sheet_section(path: str, items: list[Item]) -> SheetSection:
    first = items[0].message
    roles = tuple(s.role for s in items[0].statuses)
    return SheetSection(
        path,
        first.section_title if first.role != "template" else None,
        first.critical,
        roles,
        tuple(_sheet_row(item) for item in items),
    )


def _sheet_status(status: RoleStatus) -> str:
    a = status.approval
    if status.state == "approved" and a is not None:
        return f"✓ {status.role}: {a.reviewer}, {a.date.isoformat()}"
    if status.state == "outdated" and a is not None:
        return (
            f"! {status.role}: changed since review ({status.change}; approved by {a.reviewer}, "
            f"{a.date.isoformat()})"
        )
    return f"✗ {status.role}: not approved"


def _sheet_row(item: Item) -> SheetRow:
    approvals = tuple(SheetApproval(s.role, s.state, _sheet_status(s)) for s in item.statuses)
    diffs = [d for s in item.statuses if (d := item.translation_diff(s.role))]
    return SheetRow(
        id=item.id,
        where=f"line {item.line}" if item.line else "not in the catalog",
        source=item.message.msgid,
        translation=item.forms if item.entry is not None and item.entry.has_translation else (),
        state=item.state,
        findings=tuple(f"{f.severity}: {f.message} [{f.code}]" for f in item.findings),
        approvals=approvals,
        diff=diffs[0] if diffs else None,
    )

"""Exchange a locale's catalogs with CAT tools as XLIFF: export, and merge back what returns.

The XLIFF bytes are read and written by :mod:`leaflet_i18n.formats.xliff`;
this module decides what goes out (which units are safety-critical, from
the content files, never from the .po; which are approved, from the review
records) and what comes back in: a unit becomes current only if its source
is still the current text of its section, a unit translated against an older
source becomes fuzzy, and every replaced translation is reported.

What a CAT-tool round trip changes is taken back without loss: a regional
target language (``it-IT``) goes into the language's catalogs when the
workspace has none for the region; a source or target that a pretty-printer
wrapped and indented is read with its whitespace collapsed, as the msgid's
is; a unit whose context (``resname``) the tool dropped is matched by its
source when that is unique in the catalog; translator notes become translator
comments; a confirmed fuzzy unit loses its ``#|`` previous source too. Units
with inline codes PO text cannot hold are refused, by name. A unit the file
marks approved or signed off becomes an approval only for a named reviewer
and role (``--reviewer``, ``--role``), and only when it is current.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

from rapidfuzz import fuzz, process

from leaflet_i18n.checks.approval import ApprovalIndex
from leaflet_i18n.checks.conformance import load_catalog, read_catalog
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.formats.xliff import (
    Approved,
    Refusal,
    XliffDocument,
    XliffError,
    export12,
    export20,
)
from leaflet_i18n.model.approval import Approval, ApprovalRecord
from leaflet_i18n.model.catalog import Catalog, Entry, Key
from leaflet_i18n.model.diagnostics import ContentError, LeafletError, POError, UsageError
from leaflet_i18n.model.leaflet import normalize_space
from leaflet_i18n.model.locales import bcp47, normalize_locale
from leaflet_i18n.sources.approvals import dump_record, load_record
from leaflet_i18n.sources.workspace import TEMPLATE_DOMAIN, Workspace
from leaflet_i18n.steps.merge import FUZZY_THRESHOLD
from leaflet_i18n.steps.review import template_messages
from leaflet_i18n.steps.signoff import catalog_contexts
from leaflet_i18n.util.fs import Transaction

SAFETY_NOTE = (
    "SAFETY-CRITICAL: translate completely; keep every number, unit and protected term. "
    "The leaflet is not published in this language until this text is translated and reviewed."
)


def critical_messages(ws: Workspace) -> set[tuple[str, str | None, str]]:
    """(catalog, msgctxt, msgid) of every critical message, from the content (never the .po)."""
    out: set[tuple[str, str | None, str]] = set()
    for leaflet in ws.leaflets():
        out.update((leaflet.slug, m.context, m.msgid) for m in leaflet.messages() if m.critical)
    for message in template_messages(ws):
        if message.critical:
            out.add((TEMPLATE_DOMAIN, message.context or None, message.msgid))
    return out


@dataclass(frozen=True)
class Export:
    """An exported document and how many units it holds."""

    data: bytes
    units: int


def approved_units(
    ws: Workspace,
    locale: str,
    files: list[tuple[str, Catalog]],
    critical: set[tuple[str, str | None, str]],
) -> Approved:
    """Whether the review record approves an entry: every role the settings require for its
    text (or, where none is required, some role) approved exactly its current text."""
    policy = ws.settings.review
    indexes: dict[str, ApprovalIndex] = {}
    for name, catalog in files:
        path = ws.review_path(locale, name)
        try:
            record = load_record(path, ws.display(path), name, locale)
        except ContentError:
            continue  # an unreadable record approves nothing (check and build say why)
        if record.approvals:
            indexes[name] = ApprovalIndex(record, (e.key for e in catalog.messages()))

    def approved(name: str, entry: Entry) -> bool:
        index = indexes.get(name)
        if index is None or entry.fuzzy or not all(entry.translations):
            return False
        roles = policy.roles_for((name, entry.msgctxt, entry.msgid) in critical)
        states = [
            index.status(entry.msgctxt, entry.msgid, entry.msgid_plural, entry.translations, r)
            for r in (roles or policy.roles)
        ]
        ok = [s.state == "approved" for s in states]
        return all(ok) if roles else any(ok)

    return approved


def export_locale(
    ws: Workspace, locale: str, version: str = "1.2", names: list[str] | None = None
) -> Export:
    """The catalogs of ``locale`` as one XLIFF document, critical and approved units marked."""
    files = []
    for name in names or ws.domains():
        path = ws.po_path(locale, name)
        if not path.exists():
            raise XliffError(
                f"{ws.display(path)} does not exist; run `leaflet-i18n init -l {locale}`",
                code="xliff.no-catalog",
            )
        files.append((name, read_catalog(path, display=ws.display(path))))
    critical = critical_messages(ws)

    def safety(name: str, entry: Entry) -> str | None:
        return SAFETY_NOTE if (name, entry.msgctxt, entry.msgid) in critical else None

    approved = approved_units(ws, locale, files, critical)
    writer = export20 if version == "2.0" else export12
    units = sum(1 for _, catalog in files for _ in catalog.messages())
    source, target = ws.settings.source_locale, bcp47(locale)
    return Export(writer(files, source, target, safety, approved), units)


# ---------------------------------------------------------------- import


def has_catalogs(ws: Workspace, locale: str) -> bool:
    return (ws.locales_dir / locale / "LC_MESSAGES").is_dir()


def target_locale(ws: Workspace, file_lang: str, given: str | None, shown: str) -> str:
    """The locale whose catalogs receive a file for ``file_lang`` (``-l`` is ``given``).

    A regional code goes to the workspace's catalogs of that region, else to the nearest
    locale it has (``it-IT`` → ``it``, ``zh-Hant-TW`` → ``zh_Hant``); another language is refused.
    """
    found = None
    if file_lang:
        try:
            found = normalize_locale(file_lang)
        except LeafletError as exc:
            raise XliffError(
                f"the file's target language '{file_lang}': {exc.message}",
                path=shown,
                code="xliff.locale",
            ) from exc
    candidates = []
    if found is not None:
        parts = found.split("_")
        candidates = ["_".join(parts[:n]) for n in range(len(parts), 0, -1)]
    if given is not None:
        if found is None or given == found:
            return given
        if given in candidates and not has_catalogs(ws, found):
            return given
        raise XliffError(
            f"this file is for '{file_lang}', not '{given}'", path=shown, code="xliff.locale"
        )
    if found is None:
        raise UsageError(f"{shown} names no target language: give -l LOCALE")
    return next((c for c in candidates if has_catalogs(ws, c)), found)


def catalog_name(name: str, known: set[str]) -> str | None:
    """The workspace catalog a ``<file original>`` names: the name, or a path's file stem
    (a CAT tool may write ``C:\\project\\paracetamol.xlf``)."""
    if name in known:
        return name
    stem = PurePosixPath(name.replace("\\", "/")).name.split(".")[0]
    return stem if stem in known else None


@dataclass(frozen=True)
class Approver:
    """Who the approvals a file carries are recorded for (``--reviewer``, ``--role``)."""

    reviewer: str
    role: str
    when: date


@dataclass
class ImportReport:
    """What an import did; every change to an existing translation is listed."""

    updated: int = 0
    unchanged: int = 0
    untranslated: int = 0
    locale: str = ""
    outdated: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (catalog, unit source, current msgid)
    replaced: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # (catalog, msgid, old, new)
    kept: list[tuple[str, str]] = field(default_factory=list)  # outdated units not applied
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (catalog, source)
    ambiguous: list[tuple[str, str]] = field(default_factory=list)  # no context, several matches
    refused: list[Refusal] = field(default_factory=list)  # inline codes PO text cannot hold
    notes: int = 0  # translator notes added as translator comments
    approved_in_file: int = 0  # units the file marks approved or signed off
    recorded: list[tuple[str, str]] = field(default_factory=list)  # approvals written
    not_recorded: list[tuple[str, str, str]] = field(default_factory=list)  # (catalog, msgid, why)
    records: list[str] = field(default_factory=list)  # review records written


def plan_import(
    ws: Workspace,
    doc: XliffDocument,
    locale: str | None,
    shown: str,
    approver: Approver | None = None,
) -> tuple[Transaction, ImportReport]:
    """Merge translations from an XLIFF document into the catalogs of ``locale``.

    Only units whose source is the current msgid of their section become
    current; a unit translated against an older source fills the closest
    message of its section as **fuzzy** (never silently current), and only
    when that message has no reviewed translation yet. Units that match
    nothing are reported. A file for another locale is refused; ``locale`` None takes the
    file's target language (:func:`target_locale`).
    """
    locale = target_locale(ws, doc.target_lang, locale, shown)
    if approver is not None and approver.role not in ws.settings.review.roles:
        raise UsageError(
            f"unknown role '{approver.role}': the workspace knows "
            f"{', '.join(ws.settings.review.roles)} (review.roles in leaflet-i18n.yaml)"
        )
    report = ImportReport(locale=locale, refused=list(doc.refused))
    txn = Transaction()
    known = set(ws.domains())
    for file_name, incoming in doc.files:
        name = catalog_name(file_name, known)
        if name is None:
            report.unmatched += [(file_name, e.msgid) for e in incoming.messages()]
            continue
        path = ws.po_path(locale, name)
        if not path.exists():
            raise XliffError(
                f"{ws.display(path)} does not exist; run `leaflet-i18n init -l {locale}`",
                path=shown,
                code="xliff.no-catalog",
            )
        po = ws.display(path)
        catalog = read_catalog(path, display=po)
        merge = _Merge(name, file_name, catalog, incoming, doc, report)
        if merge.run():
            data = dumps(catalog)
            _must_load(data, po)
            txn.stage(path, data)
        if approver is not None and merge.approvals:
            _stage_approvals(ws, txn, locale, name, merge.approvals, approver, shown, report)
    return txn, report


def _must_load(data: bytes, shown: str) -> None:
    """What an import writes must be a catalog msgfmt accepts (never a broken msgstr)."""
    try:
        load_catalog(data, shown)
    except POError as exc:
        raise XliffError(
            f"the import would write a catalog msgfmt rejects: {exc.message}; nothing written",
            path=shown,
            code="xliff.po",
        ) from exc


def _stage_approvals(
    ws: Workspace,
    txn: Transaction,
    locale: str,
    name: str,
    entries: list[Entry],
    approver: Approver,
    shown: str,
    report: ImportReport,
) -> None:
    path = ws.review_path(locale, name)
    record: ApprovalRecord = load_record(path, ws.display(path), name, locale)
    for entry in entries:
        record = record.with_approval(
            Approval.of(
                entry.msgctxt,
                entry.msgid,
                entry.msgid_plural,
                entry.translations,
                approver.role,
                approver.reviewer,
                approver.when,
                f"approved in a CAT tool ({PurePosixPath(shown).name})",
            )
        )
        report.recorded.append((name, entry.msgid))
    txn.stage(path, dump_record(record, catalog_contexts(ws, name)))
    report.records.append(ws.display(path))


class _Merge:
    """The units of one ``<file>`` merged into one catalog."""

    def __init__(
        self,
        name: str,
        file_name: str,
        catalog: Catalog,
        incoming: Catalog,
        doc: XliffDocument,
        report: ImportReport,
    ) -> None:
        self.name, self.file_name, self.incoming = name, file_name, incoming
        self.catalog, self.doc, self.report = catalog, doc, report
        self.index = catalog.index()
        self.by_text: dict[str, list[Entry]] = {}
        for entry in catalog.messages():
            self.by_text.setdefault(normalize_space(entry.msgid), []).append(entry)
        self.approvals: list[Entry] = []

    def run(self) -> bool:
        changed = False
        for unit in self.incoming.messages():
            approved = (self.file_name, unit.msgctxt, unit.msgid) in self.doc.approved
            if approved:
                self.report.approved_in_file += 1
            if not any(unit.translations):
                self.report.untranslated += 1
                changed |= self._notes(self.find(unit), unit)
                continue
            entry = self.find(unit)
            if entry is None:
                changed |= self._apply_outdated(unit)
                if approved:
                    self._not_recorded(unit, "translated against an older source")
                continue
            forms = self._forms(entry, unit)
            if entry.translations == forms and entry.fuzzy == unit.fuzzy:
                self.report.unchanged += 1
                changed |= self._notes(entry, unit)
            else:
                if entry.has_translation and entry.translations != forms:
                    self.report.replaced.append(
                        (self.name, entry.msgid, " | ".join(entry.translations), " | ".join(forms))
                    )
                self._take(entry, unit, forms, fuzzy=unit.fuzzy)
                self.report.updated += 1
                changed = True
            if approved:
                if entry.fuzzy:
                    self._not_recorded(unit, "fuzzy in the catalog")
                else:
                    self.approvals.append(entry)
        return changed

    def find(self, unit: Entry | None) -> Entry | None:
        """The catalog entry of a unit: by context and source; by the source with its
        whitespace collapsed (pretty-printed); by the source alone when the tool dropped the
        context and the text is in one section only."""
        if unit is None:
            return None
        entry = self.index.get(unit.key)
        if entry is not None:
            return entry
        text = normalize_space(unit.msgid)
        key: Key = (unit.msgctxt, text)
        entry = self.index.get(key)
        if entry is not None or unit.msgctxt is not None:
            return entry
        same = self.by_text.get(text, [])
        if len(same) == 1:
            return same[0]
        if len(same) > 1:
            self.report.ambiguous.append((self.name, unit.msgid))
        return None

    def _forms(self, entry: Entry, unit: Entry) -> list[str]:
        """The unit's translation, whitespace collapsed as the source's is."""
        forms = list(unit.translations)
        if entry.msgid == normalize_space(entry.msgid):
            forms = [normalize_space(f) for f in forms]
        if entry.msgid_plural is None:
            return forms[:1]
        return forms

    def _take(self, entry: Entry, unit: Entry, forms: list[str], fuzzy: bool) -> None:
        if entry.msgid_plural is not None:
            entry.msgstr_plural = list(forms)
        else:
            entry.msgstr = forms[0]
        if entry.fuzzy and not fuzzy:  # confirmed: what it was translated from goes too
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        entry.fuzzy = fuzzy
        self._notes(entry, unit)

    def _notes(self, entry: Entry | None, unit: Entry) -> bool:
        """Translator notes of the unit as translator comments (none is ever dropped)."""
        if entry is None:
            return False
        added = [c for c in unit.comments if c not in entry.comments]
        entry.comments += added
        self.report.notes += len(added)
        return bool(added)

    def _not_recorded(self, unit: Entry, why: str) -> None:
        self.report.not_recorded.append((self.name, unit.msgid, why))

    def _apply_outdated(self, unit: Entry) -> bool:
        candidates = [e for e in self.catalog.messages() if e.msgctxt == unit.msgctxt]
        match = process.extractOne(
            normalize_space(unit.msgid),
            [e.msgid for e in candidates],
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_THRESHOLD * 100,
        )
        if not match:
            if (self.name, unit.msgid) not in self.report.ambiguous:
                self.report.unmatched.append((self.name, unit.msgid))
            return False
        entry = candidates[match[2]]
        if entry.has_translation and not entry.fuzzy:
            self.report.kept.append((self.name, unit.msgid))
            return False
        self._take(entry, unit, self._forms(entry, unit), fuzzy=True)
        entry.previous_msgid = normalize_space(unit.msgid)
        self.report.outdated.append((self.name, unit.msgid, entry.msgid))
        return True

"""Exchange a locale's catalogs with CAT tools as XLIFF: export, and merge back what returns.

The XLIFF bytes are read and written by :mod:`leaflet_i18n.formats.xliff`;
this module decides what goes out (which units are safety-critical, from
the content files, never from the .po) and what comes back in: a unit
becomes current only if its source is still the current text of its
section, a unit translated against an older source becomes fuzzy, and every
replaced translation is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.formats.xliff import XliffDocument, XliffError, export12, export20
from leaflet_i18n.model.catalog import Catalog, Entry
from leaflet_i18n.model.locales import bcp47, normalize_locale
from leaflet_i18n.sources.workspace import TEMPLATE_DOMAIN, Workspace
from leaflet_i18n.steps.merge import FUZZY_THRESHOLD
from leaflet_i18n.steps.review import template_messages
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


def export_locale(
    ws: Workspace, locale: str, version: str = "1.2", names: list[str] | None = None
) -> Export:
    """The catalogs of ``locale`` as one XLIFF document, critical units marked."""
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

    writer = export20 if version == "2.0" else export12
    units = sum(1 for _, catalog in files for _ in catalog.messages())
    return Export(writer(files, ws.settings.source_locale, bcp47(locale), safety), units)


@dataclass
class ImportReport:
    """What an import did; every change to an existing translation is listed."""

    updated: int = 0
    unchanged: int = 0
    untranslated: int = 0
    outdated: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (catalog, unit source, current msgid)
    replaced: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # (catalog, msgid, old, new)
    kept: list[tuple[str, str]] = field(default_factory=list)  # outdated units not applied
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (catalog, source)


def plan_import(
    ws: Workspace, doc: XliffDocument, locale: str, shown: str
) -> tuple[Transaction, ImportReport]:
    """Merge translations from an XLIFF document into the catalogs of ``locale``.

    Only units whose source is the current msgid of their section become
    current; a unit translated against an older source fills the closest
    message of its section as **fuzzy** (never silently current), and only
    when that message has no reviewed translation yet. Units that match
    nothing are reported. A file for another locale is refused.
    """
    if doc.target_lang and normalize_locale(doc.target_lang) != locale:
        raise XliffError(
            f"this file is for '{doc.target_lang}', not '{locale}'", path=shown, code="xliff.locale"
        )
    report = ImportReport()
    txn = Transaction()
    known = set(ws.domains())
    for name, incoming in doc.files:
        if name not in known:
            report.unmatched += [(name, e.msgid) for e in incoming.messages()]
            continue
        path = ws.po_path(locale, name)
        if not path.exists():
            raise XliffError(
                f"{ws.display(path)} does not exist; run `leaflet-i18n init -l {locale}`",
                path=shown,
                code="xliff.no-catalog",
            )
        catalog = read_catalog(path, display=ws.display(path))
        if _merge_file(name, catalog, incoming, report):
            txn.stage(path, dumps(catalog))
    return txn, report


def _merge_file(name: str, catalog: Catalog, incoming: Catalog, report: ImportReport) -> bool:
    index = catalog.index()
    changed = False
    for unit in incoming.messages():
        if not any(unit.translations):
            report.untranslated += 1
            continue
        entry = index.get(unit.key)
        if entry is None:
            changed |= _apply_outdated(name, catalog, unit, report)
            continue
        if entry.translations == unit.translations and entry.fuzzy == unit.fuzzy:
            report.unchanged += 1
            continue
        if entry.has_translation and entry.translations != unit.translations:
            report.replaced.append(
                (name, entry.msgid, " | ".join(entry.translations), " | ".join(unit.translations))
            )
        _take(entry, unit, fuzzy=unit.fuzzy)
        report.updated += 1
        changed = True
    return changed


def _take(entry: Entry, unit: Entry, fuzzy: bool) -> None:
    if entry.msgid_plural is not None:
        entry.msgstr_plural = list(unit.translations)
    else:
        entry.msgstr = unit.translations[0]
    entry.fuzzy = fuzzy
    if unit.comments:
        entry.comments = list(unit.comments)


def _apply_outdated(name: str, catalog: Catalog, unit: Entry, report: ImportReport) -> bool:
    candidates = [e for e in catalog.messages() if e.msgctxt == unit.msgctxt]
    match = process.extractOne(
        unit.msgid,
        [e.msgid for e in candidates],
        scorer=fuzz.ratio,
        score_cutoff=FUZZY_THRESHOLD * 100,
    )
    if not match:
        report.unmatched.append((name, unit.msgid))
        return False
    entry = candidates[match[2]]
    if entry.has_translation and not entry.fuzzy:
        report.kept.append((name, unit.msgid))
        return False
    _take(entry, unit, fuzzy=True)
    entry.previous_msgid = unit.msgid
    report.outdated.append((name, unit.msgid, entry.msgid))
    return True

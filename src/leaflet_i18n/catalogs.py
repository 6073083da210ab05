"""Translation catalogs: start one for a locale (``init``), keep it in step (``update``).

The merge never loses a translator's work:

* an unchanged message keeps its translation (and its fuzzy state);
* a message whose source text changed gets the closest old translation *of the
  same section* as **fuzzy**, with the old source as previous msgid (``#|``);
  matching never crosses sections, so criticality is never confused;
* a translation with no counterpart becomes obsolete (``#~``), never deleted;
* an obsolete translation whose message returns is brought back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from leaflet_i18n import parallel
from leaflet_i18n.diagnostics import UsageError, WorkspaceError
from leaflet_i18n.locales import plural_forms
from leaflet_i18n.po import Catalog, Entry, dumps, format_header, read_po
from leaflet_i18n.workspace import TEMPLATE_DOMAIN, Workspace

FUZZY_THRESHOLD = 0.6  # as GNU msgmerge


@dataclass
class MergeReport:
    """What a merge did to one catalog."""

    kept: int = 0
    added: int = 0
    fuzzy: int = 0
    obsoleted: int = 0
    revived: int = 0
    memory: int = 0  # filled from other leaflets (translation memory)
    fuzzy_pairs: list[tuple[str, str]] = field(default_factory=list)  # (new msgid, old msgid)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.fuzzy or self.obsoleted or self.revived or self.memory)

    def summary(self) -> str:
        parts = [f"{self.kept} kept", f"{self.added} new", f"{self.fuzzy} fuzzy"]
        parts.append(f"{self.obsoleted} obsolete")
        if self.revived:
            parts.append(f"{self.revived} revived")
        if self.memory:
            parts.append(f"{self.memory} from translation memory")
        return ", ".join(parts)


def po_header(project: str, locale: str, pot_created: str | None, now: str | None = None) -> Entry:
    """A fresh translation header: Language and CLDR Plural-Forms (via Babel), UTF-8."""
    fields = [
        ("Project-Id-Version", project),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", pot_created or ""),
        ("PO-Revision-Date", now or revision_date()),
        ("Last-Translator", ""),
        ("Language-Team", ""),
        ("Language", locale),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", plural_forms(locale)),
    ]
    return Entry(msgid="", msgstr=format_header(fields))


def revision_date() -> str:
    return datetime.now(tz=timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def new_catalog(pot: Catalog, locale: str, project: str) -> Catalog:
    """A translation catalog for ``locale`` with every message of ``pot`` untranslated."""
    header = po_header(project, locale, pot.header_field("POT-Creation-Date"))
    entries = [header] + [_from_template(e) for e in pot.messages()]
    return Catalog(entries=entries)


def _from_template(template: Entry) -> Entry:
    return Entry(
        msgid=template.msgid,
        msgctxt=template.msgctxt,
        msgid_plural=template.msgid_plural,
        msgstr_plural=[""] * 2 if template.msgid_plural is not None else [],
        extracted=list(template.extracted),
        references=list(template.references),
        flags=[f for f in template.flags if f != "fuzzy"],
    )


def similarity(a: str, b: str) -> float:
    """2 × matching characters / total characters (difflib's ratio), from RapidFuzz's C++ core."""
    return float(fuzz.ratio(a, b, score_cutoff=FUZZY_THRESHOLD * 100)) / 100


def merge(old: Catalog, pot: Catalog) -> tuple[Catalog, MergeReport]:
    """Bring ``old`` (a translation) in step with ``pot``; see the module docstring."""
    report = MergeReport()
    active = {e.key: e for e in old.messages()}
    obsolete = {e.key: e for e in old.obsolete()}
    used: set[tuple[str | None, str]] = set()
    merged: list[Entry] = []
    pending: list[tuple[int, Entry]] = []
    for template in pot.messages():
        previous = active.get(template.key)
        if previous is not None:
            used.add(template.key)
            merged.append(_update(previous, template))
            report.kept += 1
        elif template.key in obsolete:
            revived = obsolete.pop(template.key)
            merged.append(replace(_update(revived, template), obsolete=False))
            report.revived += 1
        else:
            pending.append((len(merged), template))
            merged.append(_from_template(template))
    _fuzzy_fill(merged, pending, active, used, obsolete, report)
    stale = [
        replace(e, obsolete=True, references=[], line=0)
        for key, e in active.items()
        if key not in used and e.has_translation
    ]
    report.obsoleted = len(stale)
    header = old.header or Entry(msgid="")
    header = _updated_header(header, pot)
    entries = [header, *merged, *stale, *obsolete.values()]
    # The writer re-encodes as UTF-8 only when it knows the text came from another charset.
    catalog = Catalog(entries=entries, path=old.path, charset=old.charset)
    return catalog, report


def _fuzzy_fill(
    merged: list[Entry],
    pending: list[tuple[int, Entry]],
    active: dict[tuple[str | None, str], Entry],
    used: set[tuple[str | None, str]],
    obsolete: dict[tuple[str | None, str], Entry],
    report: MergeReport,
) -> None:
    """Give each new message the closest unmatched old translation of its own section."""
    by_section: dict[str | None, list[Entry]] = defaultdict(list)
    for key, entry in active.items():
        if key not in used and entry.has_translation:
            by_section[entry.msgctxt].append(entry)
    for entry in obsolete.values():
        if entry.has_translation:
            by_section[entry.msgctxt].append(entry)
    for index, template in pending:
        candidates = by_section.get(template.msgctxt)
        if not candidates:
            report.added += 1
            continue
        match = process.extractOne(
            template.msgid,
            [c.msgid for c in candidates],
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_THRESHOLD * 100,
        )
        best = candidates[match[2]] if match else None
        if best is None:
            report.added += 1
            continue
        used.add(best.key)
        entry = merged[index]
        entry.msgstr = best.msgstr
        if entry.msgid_plural is not None:
            entry.msgstr_plural = list(best.msgstr_plural) or [best.msgstr]
        entry.comments = list(best.comments)
        entry.previous_msgid = best.msgid
        entry.fuzzy = True
        report.fuzzy += 1
        report.fuzzy_pairs.append((template.msgid, best.msgid))


def _update(previous: Entry, template: Entry) -> Entry:
    """Keep the translator's part of ``previous``; take the rest from the template."""
    flags = [f for f in template.flags if f != "fuzzy"]
    if previous.fuzzy:
        flags.insert(0, "fuzzy")
    return replace(
        previous,
        extracted=list(template.extracted),
        references=list(template.references),
        flags=flags,
        previous_msgid=previous.previous_msgid if previous.fuzzy else None,
        previous_msgctxt=previous.previous_msgctxt if previous.fuzzy else None,
        previous_msgid_plural=previous.previous_msgid_plural if previous.fuzzy else None,
        msgid_plural=template.msgid_plural,
    )


def _updated_header(header: Entry, pot: Catalog) -> Entry:
    created = pot.header_field("POT-Creation-Date")
    if created is None:
        return header
    catalog = Catalog(entries=[replace(header, flags=list(header.flags))])
    catalog.set_header_field("POT-Creation-Date", created)
    return catalog.entries[0]


def translations_of(catalog: Catalog) -> set[tuple[str, ...]]:
    """Every translation text in a catalog (active, fuzzy or obsolete), for no-loss checks."""
    return {tuple(e.translations) for e in catalog.entries if e.has_translation and not e.is_header}


# ---------------------------------------------------------------- workspace operations


@dataclass
class PlannedWrite:
    """A catalog a command wants to write, and why."""

    path: Path
    data: bytes
    action: str  # "create" or "update"
    report: MergeReport | None = None


def read_template(ws: Workspace, domain: str) -> Catalog:
    path = ws.pot_path(domain)
    if not path.exists():
        raise WorkspaceError(
            f"{ws.display(path)} does not exist; run `leaflet-i18n extract` first",
            path=ws.display(path),
            code="workspace.no-pot",
        )
    return read_po(path, display=ws.display(path))


def plan_init(ws: Workspace, locale: str, domains: list[str] | None = None) -> list[PlannedWrite]:
    """New catalogs for ``locale``; existing ones are never overwritten."""
    if locale == ws.settings.source_locale:
        raise UsageError(
            f"'{locale}' is the source locale; it needs no translation catalog",
            code="locale.source",
        )
    plans = []
    for domain in domains or ws.domains():
        target = ws.po_path(locale, domain)
        if target.exists():
            continue
        pot = read_template(ws, domain)
        catalog = new_catalog(pot, locale, domain)
        report = MergeReport(added=len(catalog) - 1)
        report.memory = _remember(ws, locale, domain, catalog)
        plans.append(PlannedWrite(target, dumps(catalog), "create", report))
    return plans


_MEMORY: dict[str, Any] = {}


def _remember(ws: Workspace, locale: str, domain: str, catalog: Catalog) -> int:
    """Fill empty translations from the locale's other leaflets (translation memory)."""
    from leaflet_i18n import tm

    if not ws.settings.translation_memory or domain == TEMPLATE_DOMAIN:
        return 0
    if not any(not e.has_translation for e in catalog.messages()):
        return 0
    others = (d for d in ws.domains() if d not in (domain, TEMPLATE_DOMAIN))
    if not any(ws.po_path(locale, d).exists() for d in others):
        return 0  # no other leaflet of the locale to learn from
    if "critical" not in _MEMORY:
        _MEMORY["critical"] = tm.criticality(ws)
    if locale not in _MEMORY:
        for other in [key for key in _MEMORY if key != "critical"]:
            del _MEMORY[other]  # work comes locale by locale: keep one memory at a time
        _MEMORY[locale] = tm.build_memory(ws, locale, _MEMORY["critical"])
    return tm.fill(catalog, domain, _MEMORY[locale], _MEMORY["critical"])


def plan_update(ws: Workspace, locales: list[str], jobs: int = 1) -> list[PlannedWrite]:
    """Merged catalogs for every locale and domain; unchanged files are left out.

    Nothing is written here: a catalog that cannot be read raises before any
    file changes (the caller writes all plans at the end).
    """
    return list(iter_update(ws, locales, jobs))


def iter_update(ws: Workspace, locales: list[str], jobs: int = 1) -> Iterator[PlannedWrite]:
    """:func:`plan_update`, one plan at a time (a caller can spool each to disk)."""
    templates = {domain: read_template(ws, domain) for domain in ws.domains()}
    _MEMORY.clear()
    _TEMPLATES.clear()
    _TEMPLATES.update(templates)
    tasks = [(str(ws.root), locale, domain) for locale in locales for domain in templates]
    for plan in parallel.run(_plan_one, tasks, jobs, _load_templates, (str(ws.root),)):
        if plan is not None:
            yield plan


_TEMPLATES: dict[str, Catalog] = {}


def _load_templates(root: str) -> None:
    if not _TEMPLATES:  # forked workers inherit the parent's templates
        ws = Workspace.open(Path(root))
        _TEMPLATES.update({domain: read_template(ws, domain) for domain in ws.domains()})


def _plan_one(task: tuple[str, str, str]) -> PlannedWrite | None:
    root, locale, domain = task
    ws = Workspace.open(Path(root))
    pot = _TEMPLATES[domain]
    target = ws.po_path(locale, domain)
    if not target.exists():
        catalog = new_catalog(pot, locale, domain)
        report = MergeReport(added=len(catalog) - 1)
        report.memory = _remember(ws, locale, domain, catalog)
        return PlannedWrite(target, dumps(catalog), "create", report)
    old = read_po(target, display=ws.display(target))
    merged, report = merge(old, pot)
    report.memory = _remember(ws, locale, domain, merged)
    data = dumps(merged)
    if data == target.read_bytes():
        return None
    return PlannedWrite(target, data, "update", report)

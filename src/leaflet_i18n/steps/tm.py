"""Translation memory across the leaflets of one locale, and TMX export for CAT tools.

Leaflets share many sentences ("Keep this medicine out of the sight and
reach of children."). When ``init`` or ``update`` meets an empty
translation whose source text is already translated (and not fuzzy) in
another leaflet of the same locale, it copies that translation and says
where it came from in a translator comment (``# tm: from …``). A
translation is only reused from a section at least as critical as the one
it fills: text reviewed for a warning may fill a description, not the
reverse. ``translation_memory: false`` in the settings turns this off.
"""

from __future__ import annotations

from dataclasses import dataclass

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats.tmx import TranslationUnit, write_tmx
from leaflet_i18n.model.catalog import Catalog
from leaflet_i18n.model.diagnostics import LeafletError
from leaflet_i18n.model.locales import bcp47
from leaflet_i18n.sources.workspace import TEMPLATE_DOMAIN, Workspace

TM_COMMENT = "tm: from"


@dataclass(frozen=True)
class Memory:
    """A reusable translation: where it was found and how critical its section is."""

    translation: str
    domain: str
    context: str | None
    critical: bool


def criticality(ws: Workspace) -> dict[tuple[str, str | None, str], bool]:
    """(leaflet, msgctxt, msgid) → critical, from the content files."""
    return {
        (leaflet.slug, m.context, m.msgid): m.critical
        for leaflet in ws.leaflets()
        for m in leaflet.messages()
    }


def build_memory(
    ws: Workspace, locale: str, critical: dict[tuple[str, str | None, str], bool]
) -> dict[str, list[Memory]]:
    """msgid → every reviewed translation of it in the locale's leaflet catalogs."""
    memory: dict[str, list[Memory]] = {}
    for domain in ws.domains():
        path = ws.po_path(locale, domain)
        if domain == TEMPLATE_DOMAIN or not path.exists():
            continue
        try:
            catalog = read_catalog(path, display=ws.display(path))
        except LeafletError:
            continue  # a broken catalog contributes nothing; `check` reports it
        for entry in catalog.messages():
            if entry.msgid_plural is None and entry.msgstr and not entry.fuzzy:
                is_critical = critical.get((domain, entry.msgctxt, entry.msgid), True)
                memory.setdefault(entry.msgid, []).append(
                    Memory(entry.msgstr, domain, entry.msgctxt, is_critical)
                )
    for candidates in memory.values():  # most critical first, then by name: deterministic
        candidates.sort(key=lambda m: (not m.critical, m.domain, m.context or ""))
    return memory


def fill(
    catalog: Catalog,
    domain: str,
    memory: dict[str, list[Memory]],
    critical: dict[tuple[str, str | None, str], bool],
) -> int:
    """Fill empty translations of ``catalog`` from other leaflets; returns how many."""
    filled = 0
    for entry in catalog.messages():
        if entry.has_translation or entry.msgid_plural is not None or entry.msgid not in memory:
            continue
        target_critical = critical.get((domain, entry.msgctxt, entry.msgid), True)
        for source in memory[entry.msgid]:
            if source.domain == domain or (target_critical and not source.critical):
                continue
            entry.msgstr = source.translation
            where = f"{source.domain}.po" + (f" ({source.context})" if source.context else "")
            entry.comments.append(f"{TM_COMMENT} {where}")
            filled += 1
            break
    return filled


@dataclass(frozen=True)
class Export:
    """An exported memory and how many translation units it holds."""

    data: bytes
    units: int


def export_tmx(ws: Workspace, locale: str) -> Export:
    """Every reviewed translation of the locale's leaflets as TMX 1.4b."""
    memory = build_memory(ws, locale, criticality(ws))
    units: list[TranslationUnit] = []
    seen: set[tuple[str, str]] = set()
    for msgid in sorted(memory):
        for item in memory[msgid]:
            if (msgid, item.translation) not in seen:
                seen.add((msgid, item.translation))
                units.append(
                    TranslationUnit(
                        msgid, item.translation, item.domain, item.context, item.critical
                    )
                )
    data = write_tmx(units, bcp47(ws.settings.source_locale), bcp47(locale))
    return Export(data, len(units))

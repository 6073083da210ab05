"""Translation catalogs: start one for a locale (``init``), keep it in step (``update``).

The merge never loses a translator's work:

* an unchanged message keeps its translation (and its fuzzy state);
* a message whose section was renamed or moved gets the old translation of the
  very same text from the old section as **fuzzy**, with ``#| msgctxt`` naming
  the old section (fuzzy text never publishes, so a review is forced);
* a message whose source text changed gets the closest old translation *of the
  same section* as **fuzzy**, with the old source as previous msgid (``#|``);
  merely similar text never crosses sections, so criticality is never confused;
* a fuzzy translation matched again keeps its ``#|``: the source it was last
  reviewed against, not the one in between;
* a translation with no counterpart becomes obsolete (``#~``), never deleted;
  an obsolete one that fills a message again lives on there, not twice;
* an obsolete translation whose message returns is brought back.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from rapidfuzz import fuzz, process

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.model.catalog import Catalog, Entry, Key, format_header
from leaflet_i18n.model.diagnostics import UsageError, WorkspaceError
from leaflet_i18n.model.locales import plural_forms
from leaflet_i18n.sources.workspace import TEMPLATE_DOMAIN, Workspace
from leaflet_i18n.steps import tm
from leaflet_i18n.util import parallel

FUZZY_THRESHOLD = 0.6  # as GNU msgmerge


@dataclass
class MergeReport:
    """What a merge did to one catalog."""

    kept: int = 0
    added: int = 0
    fuzzy: int = 0
    moved: int = 0  # of the fuzzy ones, carried from another section (renamed or moved)
    obsoleted: int = 0
    revived: int = 0
    memory: int = 0  # filled from other leaflets (translation memory)
    fuzzy_pairs: list[tuple[str, str]] = field(default_factory=list)  # (new msgid, old msgid)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.fuzzy or self.obsoleted or self.revived or self.memory)

    def summary(self) -> str:
        """``3 kept, 1 new, 2 fuzzy (1 from another section), 0 obsolete``."""
        fuzzy = f"{self.fuzzy} fuzzy"
        if self.moved:
            fuzzy += f" ({self.moved} from another section)"
        parts = [f"{self.kept} kept", f"{self.added} new", fuzzy, f"{self.obsoleted} obsolete"]
        if self.revived:
            parts.append(f"{self.revived} revived")
        if self.memory:
            parts.append(f"{self.memory} from translation memory")
        return ", ".join(parts)


def po_header(project: str, locale: str, pot_created: str | None, now: str | None = None) -> Entry:
    """A fresh translation header: Language, Plural-Forms (GNU's or CLDR's, said in a comment)."""
    rule = plural_forms(locale)
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
        ("Plural-Forms", rule.value),
    ]
    return Entry(msgid="", msgstr=format_header(fields), comments=[rule.comment(locale)])


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


def merge(old: Catalog, pot: Catalog) -> tuple[Catalog, MergeReport]:
    """Bring ``old`` (a translation) in step with ``pot``; see the module docstring."""
    report = MergeReport()
    active = {e.key: e for e in old.messages()}
    obsolete = {e.key: e for e in old.obsolete()}
    used: set[Key] = set()
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
    pool = [
        e
        for e in old.entries
        if e.has_translation
        and not e.is_header
        and (obsolete.get(e.key) is e if e.obsolete else e.key not in used)
    ]
    contexts = {t.msgctxt for t in pot.messages()}
    pending, taken = _carry_moved(merged, pending, pool, contexts, report)
    taken |= _fuzzy_fill(merged, pending, pool, report)
    stale = [
        replace(e, obsolete=True, references=[], line=0)
        for e in pool
        if not e.obsolete and id(e) not in taken
    ]
    report.obsoleted = len(stale)
    # An obsolete translation that now fills a message lives on there, once.
    kept_obsolete = [e for e in obsolete.values() if id(e) not in taken]
    header = old.header or Entry(msgid="")
    header = _updated_header(header, pot)
    entries = [header, *merged, *stale, *kept_obsolete]
    # The writer re-encodes as UTF-8 only when it knows the text came from another charset.
    catalog = Catalog(entries=entries, path=old.path, charset=old.charset)
    return catalog, report


def _carry_moved(
    merged: list[Entry],
    pending: list[tuple[int, Entry]],
    pool: list[Entry],
    contexts: set[str | None],
    report: MergeReport,
) -> tuple[list[tuple[int, Entry]], set[int]]:
    """Carry the translation of the very same text from another section, as fuzzy.

    A section renamed or moved keeps its messages' translations: a new message
    with no exact match takes an unmatched old translation (active or obsolete)
    of the identical msgid from another section. It stays fuzzy, with
    ``#| msgctxt`` naming the old section, so it never publishes before review.
    Merely similar text never crosses sections (see :func:`_fuzzy_fill`).

    Of several such old translations, the first by: section no longer in the
    template; most trailing path components shared with the new section; file
    order. Fills ``merged`` in place; returns the messages still pending and
    the ids of the old entries used.
    """
    by_msgid: dict[str, list[Entry]] = defaultdict(list)
    for entry in pool:
        by_msgid[entry.msgid].append(entry)
    taken: set[int] = set()
    rest: list[tuple[int, Entry]] = []
    for index, template in pending:
        candidates = [
            e
            for e in by_msgid.get(template.msgid, [])
            if e.msgctxt != template.msgctxt and _fits(e, template)
        ]
        if not candidates:
            rest.append((index, template))
            continue
        # min() keeps the first of equals, so file order breaks the last tie.
        best = min(
            candidates,
            key=lambda e: (e.msgctxt in contexts, -_shared_tail(e.msgctxt, template.msgctxt)),
        )
        taken.add(id(best))
        _carry(merged[index], best)
        report.fuzzy += 1
        report.moved += 1
        report.fuzzy_pairs.append((template.msgid, best.msgid))
    return rest, taken


def _shared_tail(a: str | None, b: str | None) -> int:
    """How many trailing ``/`` components two section paths share."""
    left, right = (a or "").split("/"), (b or "").split("/")
    count = 0
    while count < min(len(left), len(right)) and left[-1 - count] == right[-1 - count]:
        count += 1
    return count


def _fuzzy_fill(
    merged: list[Entry],
    pending: list[tuple[int, Entry]],
    pool: list[Entry],
    report: MergeReport,
) -> set[int]:
    """Give each new message the closest unmatched old translation of its own section.

    An old translation may seed several new messages, as msgmerge lets it,
    even one also carried to another section. Returns the ids of the old
    entries used.
    """
    by_section: dict[str | None, list[Entry]] = defaultdict(list)
    for entry in pool:
        by_section[entry.msgctxt].append(entry)
    used: set[int] = set()
    for index, template in pending:
        candidates = [e for e in by_section.get(template.msgctxt, []) if _fits(e, template)]
        match = process.extractOne(
            template.msgid,
            [c.msgid for c in candidates],
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_THRESHOLD * 100,
        )
        if not match:
            report.added += 1
            continue
        best = candidates[match[2]]
        used.add(id(best))
        _carry(merged[index], best)
        report.fuzzy += 1
        report.fuzzy_pairs.append((template.msgid, best.msgid))
    return used


def _fits(old: Entry, template: Entry) -> bool:
    """Whether ``old``'s translation can fill ``template`` whole.

    A singular message has room for one form only; the other forms of a
    plural translation would be lost.
    """
    return old.msgid_plural is None or template.msgid_plural is not None


def _carry(entry: Entry, old: Entry) -> None:
    """Fill ``entry`` with ``old``'s translation, fuzzy, and the source last reviewed as ``#|``."""
    entry.msgstr = old.msgstr
    if entry.msgid_plural is not None:
        entry.msgstr_plural = list(old.msgstr_plural) or [old.msgstr]
    entry.comments = list(old.comments)
    msgctxt, msgid, msgid_plural = _reviewed_source(old)
    # Within a section the context goes without saying; msgmerge would repeat it.
    entry.previous_msgctxt = msgctxt if msgctxt != entry.msgctxt else None
    entry.previous_msgid = msgid
    entry.previous_msgid_plural = msgid_plural
    entry.fuzzy = True


def _reviewed_source(old: Entry) -> tuple[str | None, str, str | None]:
    """The source (msgctxt, msgid, msgid_plural) that ``old``'s translation was last checked on.

    A fuzzy entry with ``#|`` was reviewed against that previous source, not
    against its current msgid (the msgmerge rule); a ``#|`` without msgctxt
    was written within the entry's own section.
    """
    if old.fuzzy and old.previous_msgid is not None:
        msgctxt = old.previous_msgctxt if old.previous_msgctxt is not None else old.msgctxt
        return msgctxt, old.previous_msgid, old.previous_msgid_plural
    return old.msgctxt, old.msgid, old.msgid_plural


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


def same_content(a: Catalog, b: Catalog) -> bool:
    """Whether two catalogs say the same, however their files are laid out.

    Compared, for every entry the writer writes (the header too; active
    entries in order, then obsolete ones): context, source, translations,
    translator and extracted comments line by line in order, references,
    flags as a set (``fuzzy`` only where the writer keeps it), the previous
    source (``#|``) and the obsolete state. Not compared: what an editor
    changes when it re-saves a file - line wrapping, which kind of comment
    comes first, the order of flags, CRLF line ends, line numbers.
    """
    written_a, written_b = _written(a), _written(b)
    return len(written_a) == len(written_b) and all(
        _entry_content(x) == _entry_content(y)  # stops at the first difference
        for x, y in zip(written_a, written_b, strict=True)
    )


def _written(catalog: Catalog) -> list[Entry]:
    # The writer puts obsolete entries last and leaves out those with no translation.
    written = [e for e in catalog.entries if not e.obsolete]
    written += [e for e in catalog.entries if e.obsolete and e.first_msgstr]
    return written


def _entry_content(entry: Entry) -> tuple[object, ...]:
    flags = {f for f in entry.flags if f != "fuzzy" or entry.first_msgstr}
    return (
        entry.obsolete,
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        tuple(entry.translations),
        _comment_lines(entry.comments),
        _comment_lines(entry.extracted),
        tuple(r for r in (_reference(r) for r in entry.references) if r),
        tuple(sorted(flags)),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
    )


def _comment_lines(comments: list[str]) -> tuple[str, ...]:
    # One comment is written per line and read back per line; the reader keeps
    # the CR of a CRLF comment line, as GNU does.
    if not comments:
        return ()
    return tuple(line.rstrip("\r") for line in "\n".join(comments).split("\n"))


def _reference(ref: str) -> str:
    ref = ref.rstrip("\r")
    while ref.startswith("./"):  # as the writer drops it
        ref = ref[2:]
    return ref


# ---------------------------------------------------------------- workspace operations


@dataclass
class PlannedWrite:
    """A catalog a command wants to write, and why."""

    path: Path
    data: bytes
    action: str  # "create" or "update"
    report: MergeReport | None = None


def require_template(ws: Workspace, domain: str) -> Path:
    """The ``.pot`` of ``domain``; raise when it was never extracted."""
    path = ws.pot_path(domain)
    if not path.exists():
        raise WorkspaceError(
            f"{ws.display(path)} does not exist; run `leaflet-i18n extract` first",
            path=ws.display(path),
            code="workspace.no-pot",
        )
    return path


def read_template(ws: Workspace, domain: str) -> Catalog:
    path = require_template(ws, domain)
    return read_catalog(path, display=ws.display(path))


class CatalogMerger:
    """What merging needs, loaded once per process: the templates and one locale's memory.

    Work comes locale by locale, so one translation memory is kept at a time.
    """

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._templates: dict[str, Catalog] = {}
        self._critical: dict[tuple[str, str | None, str], bool] | None = None
        self._memory: tuple[str, dict[str, list[tm.Memory]]] | None = None

    @classmethod
    def open(cls, root: str) -> CatalogMerger:
        """A merger for the workspace at ``root`` (a picklable factory for worker processes)."""
        return cls(Workspace.open(Path(root)))

    def template(self, domain: str) -> Catalog:
        if domain not in self._templates:
            self._templates[domain] = read_template(self.ws, domain)
        return self._templates[domain]

    def remember(self, locale: str, domain: str, catalog: Catalog) -> int:
        """Fill empty translations from the locale's other leaflets (translation memory)."""
        ws = self.ws
        if not ws.settings.translation_memory or domain == TEMPLATE_DOMAIN:
            return 0
        if not any(not e.has_translation for e in catalog.messages()):
            return 0
        others = (d for d in ws.domains() if d not in (domain, TEMPLATE_DOMAIN))
        if not any(ws.po_path(locale, d).exists() for d in others):
            return 0  # no other leaflet of the locale to learn from
        if self._critical is None:
            self._critical = tm.criticality(ws)
        if self._memory is None or self._memory[0] != locale:
            self._memory = (locale, tm.build_memory(ws, locale, self._critical))
        return tm.fill(catalog, domain, self._memory[1], self._critical)

    def created(self, locale: str, domain: str) -> PlannedWrite:
        """A new catalog for ``locale``: every message untranslated, or from the memory."""
        catalog = new_catalog(self.template(domain), locale, domain)
        report = MergeReport(added=len(catalog) - 1)
        report.memory = self.remember(locale, domain, catalog)
        return PlannedWrite(self.ws.po_path(locale, domain), dumps(catalog), "create", report)

    def updated(self, locale: str, domain: str) -> PlannedWrite | None:
        """The merged catalog, or None when it would say what the file says already."""
        target = self.ws.po_path(locale, domain)
        if not target.exists():
            return self.created(locale, domain)
        old = read_catalog(target, display=self.ws.display(target))
        merged, report = merge(old, self.template(domain))
        report.memory = self.remember(locale, domain, merged)
        if same_content(old, merged):
            return None  # re-saved by another editor at most: leave the translator's file be
        data = dumps(merged)
        if data == target.read_bytes():
            return None  # differs only in spellings the writer normalizes
        return PlannedWrite(target, data, "update", report)


def plan_init(ws: Workspace, locale: str, domains: list[str] | None = None) -> list[PlannedWrite]:
    """New catalogs for ``locale``; existing ones are never overwritten."""
    if locale == ws.settings.source_locale:
        raise UsageError(
            f"'{locale}' is the source locale; it needs no translation catalog",
            code="locale.source",
        )
    merger = CatalogMerger(ws)
    return [
        merger.created(locale, domain)
        for domain in domains or ws.domains()
        if not ws.po_path(locale, domain).exists()
    ]


def iter_update(ws: Workspace, locales: list[str], jobs: int = 1) -> Iterator[PlannedWrite]:
    """Merged catalogs for every locale and domain, one at a time; unchanged files are left out.

    Nothing is written here: a catalog that cannot be read raises before any
    file changes (the caller can spool each plan to disk and write all at the end).
    """
    domains = ws.domains()
    for domain in domains:
        require_template(ws, domain)  # a missing .pot stops the update before any work
    tasks = [(locale, domain) for locale in locales for domain in domains]
    context = functools.partial(CatalogMerger.open, str(ws.root))
    for plan in parallel.run_with(_plan_one, tasks, jobs, context):
        if plan is not None:
            yield plan


def _plan_one(merger: CatalogMerger, task: tuple[str, str]) -> PlannedWrite | None:
    return merger.updated(*task)

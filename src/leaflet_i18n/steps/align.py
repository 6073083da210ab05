"""Align an existing translated leaflet to its source, as fuzzy translations to confirm.

The translated file (text, Word, ePI, SPL) is imported with the QRD heading table of its
language (:mod:`~leaflet_i18n.sources.importers`). Sections are paired by QRD slot (the
numbered sections and their standard sub-headings, found in each language's own wording);
within a pair of sections, source messages and translated blocks are aligned in order by
dynamic programming over their lengths (after Gale & Church: a translation's length is
about proportional to its source's), with a bonus when their numbers agree and when they
carry the same protected terms, allowing 1-1, 1-2 (a source message split in two in the
translation), 1-0 and 0-1 steps. The alignment is monotone: it never crosses itself.

Every aligned message becomes a **fuzzy** entry of ``locales/LL/LC_MESSAGES/<slug>.po``
with an extracted comment naming where it came from (``#. aligned from es.txt:123``), so a
human confirms each one and the gate refuses it until then. An existing translation is
never overwritten. Source messages left without a translation and translated text left
over are reported with ``file:line``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.model.catalog import Catalog, Entry
from leaflet_i18n.model.diagnostics import Finding, Location
from leaflet_i18n.model.leaflet import TITLE_CONTEXT, Leaflet, Message, Section, normalize_space
from leaflet_i18n.sources import qrd
from leaflet_i18n.sources.draft import Draft, DraftSection, block_texts

ALIGNED_NOTE = "aligned from {where}"
_NUMBER = re.compile(r"\d+(?:[.,\s]\d+)*")
_NO_SLOT = ""


def numbers_of(text: str) -> list[str]:
    """Digit strings without their separators: ``1.000`` = ``1,000`` = ``1000``."""
    return sorted(re.sub(r"[.,\s]", "", n) for n in _NUMBER.findall(text))


@dataclass(frozen=True)
class Segment:
    """A translated text to align: one heading, paragraph, lead-in, item or cell."""

    text: str
    line: int


@dataclass(frozen=True)
class Pair:
    message: Message
    translation: str
    lines: tuple[int, ...]  # lines of the translated file it came from

    @property
    def numbers_agree(self) -> bool:
        return numbers_of(self.message.msgid) == numbers_of(self.translation)


@dataclass
class Alignment:
    pairs: list[Pair] = field(default_factory=list)
    unaligned: list[Message] = field(default_factory=list)
    leftover: list[Segment] = field(default_factory=list)

    @property
    def agreeing(self) -> int:
        return sum(p.numbers_agree for p in self.pairs)


# ---------------------------------------------------------------- slots of both sides


# The QRD slot a section of the source is in, by its kind, when neither its heading nor its
# id says (a content file written by hand): top-level sections are the numbered ones.
_TOP_SLOT_OF_KIND = {
    "header": "pl.title",
    "indications": "pl.1",
    "warnings": "pl.2",
    "dosage": "pl.3",
    "side_effects": "pl.4",
    "storage": "pl.5",
    "contents": "pl.6",
}
_SLOT_OF_KIND = {
    "contraindications": "pl.2.donottake",
    "warnings": "pl.2.warnings",
    "children": "pl.2.children",
    "interactions": "pl.2.medicines",
    "food_drink": "pl.2.food",
    "pregnancy": "pl.2.pregnancy",
    "driving": "pl.2.driving",
    "excipients": "pl.2.excipients",
    "overdose": "pl.3.toomuch",
    "missed_dose": "pl.3.forgotten",
    "stopping": "pl.3.stopping",
    "reporting": "pl.4.reporting",
}
_NUMBERED = re.compile(r"^\s*([1-6])\.\s")


def _slot_by_kind(section: Section) -> str | None:
    if section.depth == 1:
        numbered = _NUMBERED.match(section.heading or "")
        if numbered:
            return f"pl.{numbered.group(1)}"
        return _TOP_SLOT_OF_KIND.get(section.kind)
    return _SLOT_OF_KIND.get(section.kind)


def source_regions(leaflet: Leaflet) -> list[tuple[str, list[Message]]]:
    """The source's messages grouped by the QRD slot of their section (document order)."""
    table = qrd.heading_table(leaflet.source_locale)
    by_id = {ident: slot for slot, ident in qrd.SLOT_IDS.items()}
    slot_of: dict[str, str] = {}
    for section in leaflet.walk():
        match = table.whole(section.heading) if section.heading else None
        slot = match.slot if match else by_id.get(section.id) or _slot_by_kind(section)
        parent = section.path.rpartition("/")[0]
        slot_of[section.path] = slot or slot_of.get(parent, _NO_SLOT)
    regions: list[tuple[str, list[Message]]] = []
    for message in leaflet.messages():
        if message.context == TITLE_CONTEXT:
            slot = "title"
        else:
            slot = slot_of.get(message.context, _NO_SLOT)
        if not regions or regions[-1][0] != slot:
            regions.append((slot, []))
        regions[-1][1].append(message)
    return regions


def translated_regions(draft: Draft) -> list[tuple[str, list[Segment]]]:
    regions: list[tuple[str, list[Segment]]] = [("title", [Segment(draft.title, draft.title_line)])]

    def walk(section: DraftSection, inherited: str) -> None:
        slot = section.slot or inherited
        if section.slot == "pl.root":
            slot = "pl.title"
        if not regions or regions[-1][0] != slot:
            regions.append((slot, []))
        if section.heading:
            regions[-1][1].append(Segment(section.heading, section.line))
        for block in section.blocks:
            regions[-1][1].extend(Segment(t, line) for t, line in block_texts(block))
        for child in section.sections:
            walk(child, slot)
            if regions[-1][0] != slot:
                regions.append((slot, []))

    for top in draft.sections:
        walk(top, _NO_SLOT)
    return [(slot, segs) for slot, segs in regions if segs]


def _pair_regions(
    source: list[tuple[str, list[Message]]], target: list[tuple[str, list[Segment]]]
) -> list[tuple[list[Message], list[Segment]]]:
    """Chunks to align: regions of the same slot (monotone), and what lies between two.

    Regions with a slot shared by both sides are anchors, taken in order; the source
    messages and translated texts between two anchors (sections without a slot, or whose
    slot the other side lacks) form one more chunk, aligned like the others.
    """
    anchors = _common_slots([slot for slot, _ in source], [slot for slot, _ in target])
    chunks: list[tuple[list[Message], list[Segment]]] = []
    i = j = 0
    for a, b in [*anchors, (len(source), len(target))]:
        gap_m = [m for _, ms in source[i:a] for m in ms]
        gap_s = [s for _, ss in target[j:b] for s in ss]
        if gap_m or gap_s:
            chunks.append((gap_m, gap_s))
        if a < len(source) and b < len(target):
            chunks.append((source[a][1], target[b][1]))
        i, j = a + 1, b + 1
    return chunks


def _common_slots(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Index pairs of the longest common subsequence of two slot lists (no empty slots)."""
    n, m = len(a), len(b)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for x in range(n - 1, -1, -1):
        for y in range(m - 1, -1, -1):
            if a[x] == b[y] and a[x] != _NO_SLOT:
                best[x][y] = best[x + 1][y + 1] + 1
            else:
                best[x][y] = max(best[x + 1][y], best[x][y + 1])
    out, x, y = [], 0, 0
    while x < n and y < m:
        if a[x] == b[y] and a[x] != _NO_SLOT:
            out.append((x, y))
            x, y = x + 1, y + 1
        elif best[x + 1][y] >= best[x][y + 1]:
            x += 1
        else:
            y += 1
    return out


# ---------------------------------------------------------------- the dynamic programme


def _length_cost(source: int, target: int, ratio: float) -> float:
    """Gale & Church: how unlikely a target of this length is for this source (0 = ideal)."""
    expected = max(1.0, source * ratio)
    return abs(math.log((target + 1) / (expected + 1))) * 4.0


def _content_bonus(message: Message, text: str, terms: tuple[str, ...]) -> float:
    bonus = 0.0
    source_numbers, target_numbers = numbers_of(message.msgid), numbers_of(text)
    if source_numbers or target_numbers:
        bonus += 3.0 if source_numbers == target_numbers else -2.0
    for term in terms:
        if (term in message.msgid) != (term.casefold() in text.casefold()):
            bonus -= 1.0
        elif term in message.msgid:
            bonus += 1.0
    return bonus


_SKIP = 3.5  # the cost of leaving one message (or one translated block) unaligned


def align_region(
    messages: list[Message], segments: list[Segment], ratio: float, terms: tuple[str, ...]
) -> tuple[list[Pair], list[Message], list[Segment]]:
    n, m = len(messages), len(segments)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0

    def relax(i: int, j: int, di: int, dj: int, step: float) -> None:
        if cost[i][j] + step < cost[i + di][j + dj]:
            cost[i + di][j + dj] = cost[i][j] + step
            back[i + di][j + dj] = (di, dj)

    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            if i < n:
                relax(i, j, 1, 0, _SKIP)
            if j < m:
                relax(i, j, 0, 1, _SKIP)
            if i < n and j < m:
                message, text = messages[i], segments[j].text
                step = _length_cost(len(message.msgid), len(text), ratio)
                relax(i, j, 1, 1, step - _content_bonus(message, text, terms))
            if i < n and j + 1 < m:
                message = messages[i]
                text = f"{segments[j].text} {segments[j + 1].text}"
                step = _length_cost(len(message.msgid), len(text), ratio) + 1.5
                relax(i, j, 1, 2, step - _content_bonus(message, text, terms))
    pairs: list[Pair] = []
    lost_m: list[Message] = []
    lost_s: list[Segment] = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        if di and dj:
            taken = segments[j - dj : j]
            text = " ".join(s.text for s in taken)
            pairs.append(Pair(messages[i - 1], text, tuple(s.line for s in taken)))
        elif di:
            lost_m.append(messages[i - 1])
        else:
            lost_s.append(segments[j - 1])
        i, j = i - di, j - dj
    return pairs[::-1], lost_m[::-1], lost_s[::-1]


def _length_ratio(source: Iterable[Message], target: Iterable[Segment]) -> float:
    s = sum(len(m.msgid) for m in source)
    t = sum(len(seg.text) for seg in target)
    return t / s if s and t else 1.0


def align(leaflet: Leaflet, draft: Draft) -> Alignment:
    """Pair the source's messages with the translated draft's texts."""
    source, target = source_regions(leaflet), translated_regions(draft)
    ratio = _length_ratio((m for _, ms in source for m in ms), (s for _, ss in target for s in ss))
    result = Alignment()
    for messages, segments in _pair_regions(source, target):
        pairs, lost_m, lost_s = align_region(messages, segments, ratio, leaflet.protected_terms)
        result.pairs.extend(pairs)
        result.unaligned.extend(lost_m)
        result.leftover.extend(lost_s)
    result.unaligned.sort(key=lambda m: m.line)
    result.leftover.sort(key=lambda s: s.line)
    return result


# ---------------------------------------------------------------- the catalog


@dataclass
class AlignReport:
    aligned: int = 0  # fuzzy entries written
    kept: int = 0  # entries that already had a translation: left as they were
    agreeing: int = 0  # of the aligned, how many have the same numbers as their source


def apply_alignment(catalog: Catalog, alignment: Alignment, translated: str) -> AlignReport:
    """Fill empty entries of ``catalog`` with the aligned texts, as fuzzy; never overwrite."""
    report = AlignReport()
    index = catalog.index()
    for pair in alignment.pairs:
        entry = index.get((pair.message.context, pair.message.msgid))
        if entry is None:
            continue
        if entry.has_translation:
            report.kept += 1
            continue
        entry.msgstr = normalize_space(pair.translation)
        entry.fuzzy = True
        where = ", ".join(f"{translated}:{line}" for line in dict.fromkeys(pair.lines))
        note = ALIGNED_NOTE.format(where=where)
        entry.extracted = [e for e in entry.extracted if not e.startswith("aligned from ")]
        entry.extracted.append(note)
        report.aligned += 1
        report.agreeing += pair.numbers_agree
    return report


def catalog_for(
    leaflet: Leaflet, locale: str, po_path: Path, pot_path: Path, shown: str
) -> Catalog:
    """The locale's catalog of the leaflet: the existing one, or a new one as ``init`` makes."""
    from leaflet_i18n.steps.extract import creation_date, leaflet_catalog, read_pot
    from leaflet_i18n.steps.merge import new_catalog

    if po_path.exists():
        return read_catalog(po_path, display=shown)
    if pot_path.exists():
        pot = read_pot(pot_path.read_bytes(), str(pot_path))
    else:
        pot = leaflet_catalog(leaflet, creation_date())
    return new_catalog(pot, locale, leaflet.slug)


def render_catalog(catalog: Catalog) -> bytes:
    return dumps(catalog)


def alignment_findings(alignment: Alignment, leaflet: Leaflet, translated: str) -> list[Finding]:
    """Source messages without a translation, translated text left over, with file:line."""
    out = [
        Finding(
            "warning",
            "align.unaligned",
            Location(leaflet.path, m.line),
            f"no translation found for the {m.role} '{_short(m.msgid)}' ({m.context})",
        )
        for m in alignment.unaligned
    ]
    out += [
        Finding(
            "warning",
            "align.leftover",
            Location(translated, s.line),
            f"translated text matches no source message: '{_short(s.text)}'",
        )
        for s in alignment.leftover
    ]
    return out


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def entry_note(entry: Entry) -> str | None:
    """The ``aligned from`` comment of an entry, if it has one."""
    return next((e for e in entry.extracted if e.startswith("aligned from ")), None)

"""An EU ePI of a leaflet page: a FHIR R5 document Bundle with a Package Leaflet Composition.

Made from the same reviewed page as the HTML page (the same translations, the
same fallbacks), in the page's language, following the HL7 ePI implementation
guide (``hl7.fhir.uv.emedicinal-product-info``, FHIR 5.0.0) where it is specific:

- a ``Bundle`` of ``type`` ``document`` with a persistent ``identifier`` and a
  ``timestamp``; its first entry is the ``Composition``, then the
  ``MedicinalProductDefinition`` the Composition's ``subject`` refers to (with
  the product name as the page shows it);
- the Composition: ``type`` 100000155538 "Package Leaflet" (EMA SPOR list
  100000155531), ``status`` final, ``language``, ``title``, ``date``, and one
  ``section`` per section of the leaflet, nested as in the leaflet, each with
  its ``title``, a ``code`` and the XHTML narrative ``text.div``.

Where the guide leaves a choice, the toolkit chooses (and the README says so):

- section codes come from the EMA list 200000029659 (``data/ema-pl-section-codes.tsv``)
  for the QRD slot a section stands for: its source heading read with the QRD heading
  table of the source language, else its kind and where it sits; ``code.text`` is the
  heading. A second coding names the toolkit's own kind (:data:`KIND_SYSTEM`), and the
  element ``id`` of each section is its path, so importing an export gives back the
  same sections, kinds and message contexts;
- the narrative holds the blocks (``<p>``, ``<ul>``, ``<table>``; a list's lead-in is a
  ``<p class="lead">``, a boxed warning a ``<div class="boxed">``, ``**emphasis**`` is
  ``<strong>``) and not the heading,
  which is the section's ``title``; text shown in the source language is marked
  with ``lang``/``xml:lang``; numbers are written as in the catalog (the isolation
  and no-break spaces of the HTML page are presentation, left to the reader's renderer);
- ``date`` and ``timestamp`` are the leaflet's ``revised`` date, never the clock;
  every id is derived from the leaflet's slug and the locale (UUID 5), so the same
  page gives the same bytes; the Bundle ``identifier`` persists across revisions,
  the Composition's changes with the revision date;
- the author (the marketing authorisation holder) is not part of the content model:
  ``author`` says so with the data-absent-reason extension (``unknown``).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from leaflet_i18n.model.diagnostics import LeafletError, RenderError
from leaflet_i18n.model.leaflet import (
    TITLE_CONTEXT,
    BoxedWarning,
    ListBlock,
    ListItem,
    Paragraph,
    Section,
    TableBlock,
)
from leaflet_i18n.model.locales import bcp47
from leaflet_i18n.model.verdict import PageReview
from leaflet_i18n.render.html import PageContext, inline_html, plain
from leaflet_i18n.sources import qrd
from leaflet_i18n.sources.epi import KIND_SYSTEM

EMA_SECTIONS = "https://spor.ema.europa.eu/v1/lists/200000029659"
EMA_DOCUMENT_TYPES = "https://spor.ema.europa.eu/v1/lists/100000155531"
PACKAGE_LEAFLET = "100000155538"
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
XHTML = "http://www.w3.org/1999/xhtml"
_IDS = uuid.uuid5(uuid.NAMESPACE_URL, "leaflet-i18n:epi")
# slots a kind alone never stands for: they name a population or a reader
_NOT_BY_KIND = frozenset({"pl.title", "pl.contents", "pl.4.children", "pl.6.professionals"})


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_IDS, "/".join(parts)))


def epi_json(bundle: dict[str, Any]) -> bytes:
    """A Bundle as JSON bytes: sorted keys, so the same page gives the same bytes."""
    return (json.dumps(bundle, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def epi_bundle(page: PageReview, cx: PageContext) -> dict[str, Any]:
    """The ePI of a page as a FHIR R5 document Bundle (a JSON-ready dict).

    Raises :class:`LeafletError` (``render.epi``) when the leaflet has no revision date,
    which an ePI document needs as its date.
    """
    leaflet = page.leaflet
    if leaflet.revised is None:
        raise LeafletError(
            "an ePI needs the leaflet's revision date: add `revised: YYYY-MM-DD`",
            path=leaflet.path,
            code="render.epi",
        )
    slug, locale, revised = leaflet.slug, page.locale, leaflet.revised.isoformat()
    language = bcp47(locale)
    title = plain(cx.shown(TITLE_CONTEXT, leaflet.title)[0])
    composition_id, product_id = _uuid(slug, locale, "composition"), _uuid(slug, "product")
    slots = _Slots(leaflet.source_locale, leaflet.protected_terms)
    composition: dict[str, Any] = {
        "resourceType": "Composition",
        "id": composition_id,
        "identifier": [
            {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{_uuid(slug, locale, revised)}"}
        ],
        "language": language,
        "status": "final",
        "type": {
            "coding": [
                {
                    "system": EMA_DOCUMENT_TYPES,
                    "code": PACKAGE_LEAFLET,
                    "display": "Package Leaflet",
                }
            ],
            "text": "Package Leaflet",
        },
        "subject": [{"reference": f"urn:uuid:{product_id}", "display": title}],
        "date": revised,
        "author": [{"extension": [{"url": DATA_ABSENT, "valueCode": "unknown"}]}],
        "title": title,
        "section": [_section(s, cx, slots, None) for s in leaflet.sections],
    }
    product = {
        "resourceType": "MedicinalProductDefinition",
        "id": product_id,
        "language": language,
        "name": [{"productName": title}],
    }
    return {
        "resourceType": "Bundle",
        "id": _uuid(slug, locale, "bundle"),
        "language": language,
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{_uuid(slug, locale)}"},
        "type": "document",
        "timestamp": f"{revised}T00:00:00Z",
        "entry": [
            {"fullUrl": f"urn:uuid:{composition_id}", "resource": composition},
            {"fullUrl": f"urn:uuid:{product_id}", "resource": product},
        ],
    }


class _Slots:
    """The QRD slot of each section: by its source heading, else by its kind and place."""

    def __init__(self, source_locale: str, terms: tuple[str, ...]) -> None:
        self.table = qrd.heading_table(source_locale)
        self.names = qrd.Names()
        for term in terms:
            self.names.add(term.split())
        self.codes = {code.slot: code for code in qrd.section_codes().values()}

    def of(self, section: Section, parent: str | None) -> str | None:
        if section.heading:
            match = self.table.whole(section.heading, self.names)
            if (
                match is not None
                and match.slot in self.codes
                and section.kind in (qrd.SLOT_KINDS[match.slot], "general")
            ):
                return match.slot
        number = qrd.slot_number(parent) if parent else None
        candidates = [
            slot
            for slot, kind in qrd.SLOT_KINDS.items()
            if kind == section.kind and slot in self.codes and slot not in _NOT_BY_KIND
        ]
        if parent is None:  # a top-level section: a numbered one, or the leaflet's start
            placed = [s for s in candidates if qrd.is_section_slot(s) or s == "pl.root"]
        else:
            placed = [
                s for s in candidates if not qrd.is_section_slot(s) and qrd.slot_number(s) == number
            ]
        return placed[0] if len(placed) == 1 else None


def _section(
    section: Section, cx: PageContext, slots: _Slots, parent: str | None
) -> dict[str, Any]:
    path = section.path
    slot = slots.of(section, parent)
    heading = plain(cx.shown(path, section.heading)[0]) if section.heading else None
    coding = [{"system": KIND_SYSTEM, "code": section.kind}]
    if slot is not None:
        code = slots.codes[slot]
        coding.insert(0, {"system": EMA_SECTIONS, "code": code.code, "display": code.display})
    out: dict[str, Any] = {"id": path, "code": {"coding": coding}}
    if heading:
        out["title"] = heading
        out["code"]["text"] = heading
    if section.blocks:
        body = "".join(_block(block, path, cx) for block in section.blocks)
        out["text"] = {"status": "additional", "div": f'<div xmlns="{XHTML}">{body}</div>'}
    elif heading and not section.sections:  # a section needs text, entries or sections
        level = min(section.depth + 1, 6)
        out["text"] = {
            "status": "additional",
            "div": f'<div xmlns="{XHTML}"><h{level}>{inline_html(heading)}</h{level}></div>',
        }
    if section.sections:
        out["section"] = [_section(child, cx, slots, slot or parent) for child in section.sections]
    return out


def _inline(path: str, text: str, cx: PageContext) -> str:
    value, fallback = cx.shown(path, text)
    html = str(inline_html(value))
    if fallback:
        lang = bcp47(cx.source_locale)
        return f'<span lang="{lang}" xml:lang="{lang}">{html}</span>'
    return html


def _block(block: object, path: str, cx: PageContext) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{_inline(path, block.text, cx)}</p>"
    if isinstance(block, BoxedWarning):
        return f'<div class="boxed"><p>{_inline(path, block.text, cx)}</p></div>'
    if isinstance(block, TableBlock):
        return _table(block, path, cx)
    if isinstance(block, ListBlock):
        lead = f'<p class="lead">{_inline(path, block.lead, cx)}</p>' if block.lead else ""
        return lead + _items(list(block.items), path, cx)
    raise RenderError(f"a block the ePI cannot show: {type(block).__name__}", code="render.epi")


def _items(items: list[ListItem], path: str, cx: PageContext) -> str:
    """A list whose items may have sub-items (``level``), as nested ``<ul>``."""
    if not items:
        return ""
    out, i = ["<ul>"], 0
    base = items[0].level
    while i < len(items):
        item = items[i]
        j = i + 1
        while j < len(items) and items[j].level > base:
            j += 1
        out.append(f"<li>{_inline(path, item.text, cx)}{_items(items[i + 1 : j], path, cx)}</li>")
        i = j
    out.append("</ul>")
    return "".join(out)


def _table(block: TableBlock, path: str, cx: PageContext) -> str:
    out = ["<table>"]
    if block.caption:
        out.append(f"<caption>{_inline(path, block.caption, cx)}</caption>")
    rows = block.rows
    head = min(block.header_rows, len(rows))
    for part, chosen in (("thead", rows[:head]), ("tbody", rows[head:])):
        if not chosen:
            continue
        out.append(f"<{part}>")
        for r, row in enumerate(chosen, 0 if part == "thead" else head):
            cells = []
            for c, cell in enumerate(row.cells):
                text = _inline(path, cell.text, cx) if cell.text.strip() else ""
                if block.is_header(r, c):
                    scope = "col" if r < block.header_rows else "row"
                    cells.append(f'<th scope="{scope}">{text}</th>')
                else:
                    cells.append(f"<td>{text}</td>")
            out.append(f"<tr>{''.join(cells)}</tr>")
        out.append(f"</{part}>")
    out.append("</table>")
    return "".join(out)


def verify_epi(bundle: dict[str, Any], page: PageReview) -> None:
    """Before an ePI is written: every critical translation is in it (defence in depth)."""
    if page.is_source:
        return
    composition = bundle["entry"][0]["resource"]
    divs: list[str] = []
    titles = {composition["title"]}

    def walk(sections: list[dict[str, Any]]) -> None:
        for section in sections:
            if "title" in section:
                titles.add(section["title"])
            if "text" in section:
                divs.append(section["text"]["div"])
            walk(section.get("section", []))

    walk(composition["section"])
    narrative = "\n".join(divs)
    for review in page.messages:
        translation = review.translation if review.message.critical else None
        if review.message.critical and translation is None:
            raise RenderError(
                f"critical text missing from the ePI: {review.message.msgid!r}",
                code="render.verify",
            )
        if translation is None:
            continue
        if review.message.role in ("title", "heading"):
            found = plain(translation) in titles
        else:
            found = str(inline_html(translation)) in narrative
        if not found:
            raise RenderError(
                f"critical text missing from the ePI: {review.message.msgid!r}",
                code="render.verify",
            )

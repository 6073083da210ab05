"""XLIFF for CAT tools (Trados, memoQ, Phrase): catalogs out, translations back in.

XLIFF 1.2 (the default) carries everything a PO entry holds, so
PO → XLIFF → PO is lossless: context (``resname``), references
(``context-group``), extracted and translator comments (``note``), flags,
fuzzy state (``state="needs-review-translation"``), the previous source of a
fuzzy entry (``alt-trans alttranstype="previous-version"``), plural forms
(``group restype="x-gettext-plurals"``) and obsolete entries. XLIFF 2.0 is
offered for tools that want it; it carries translations, states and notes.

Unit ids are stable: derived from the catalog name, msgctxt and msgid.
Files are written by hand (exact escaping: a CR stays a CR). A message the
review record approves goes out approved (1.2: ``approved="yes"`` and
``state="signed-off"``; 2.0: ``state="final"``).

Files are read with lxml, without entities, DTDs or network access (a file
with a DTD is refused), as CAT tools return them: groups nested by the tool
(SDLXLIFF), memoQ and Trados states (:mod:`.xliff_states`), inline codes
kept where PO text has an equivalent and refused otherwise
(:mod:`.xliff_text`), an XLIFF 2.0 unit split into segments read whole,
notes kept as comments.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from leaflet_i18n import __version__
from leaflet_i18n.formats.xliff_states import (
    MEMOQ,
    MEMOQ_NS,
    SDL_CONF,
    SDL_NS,
    STATES12,
    STATES20,
    State,
    all_segments,
    combined,
)
from leaflet_i18n.formats.xliff_text import (
    NS12,
    NS20,
    XML_NS,
    Element,
    InlineCodeError,
    inline_text,
    local,
    note_lines,
)
from leaflet_i18n.model.catalog import Catalog, Entry
from leaflet_i18n.model.diagnostics import LeafletError

__all__ = ["NS12", "NS20", "XML_NS", "XliffDocument", "XliffError", "export12", "export20", "parse"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SafetyNote = Callable[[str, Entry], str | None]
Approved = Callable[[str, Entry], bool]  # (catalog, entry): the review record approves it


class XliffError(LeafletError):
    """An XLIFF file cannot be read or does not fit the workspace."""


def unit_id(name: str, context: str | None, msgid: str) -> str:
    """Stable across exports: the same catalog, context and source give the same id."""
    key = f"{name}\x04{'' if context is None else context}\x04{msgid}".encode()
    return "u" + hashlib.sha1(key).hexdigest()[:20]


# ---------------------------------------------------------------- writing


def _escaped(value: str) -> str:
    """Element content with XML escapes; a CR kept as a character reference."""
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _text(value: str) -> str:
    """XLIFF 1.2 element content: control characters (not allowed in XML 1.0) as ``<x/>``."""
    out = _escaped(value)
    if _CONTROL.search(out):
        out = _CONTROL.sub(lambda m: f'<x id="ctrl" ctype="x-ctrl-{ord(m.group()):02x}"/>', out)
    return out


def _text20(value: str) -> str:
    """XLIFF 2.0 element content: control characters as ``<cp hex=".."/>``."""
    out = _escaped(value)
    if _CONTROL.search(out):
        out = _CONTROL.sub(lambda m: f'<cp hex="{ord(m.group()):04X}"/>', out)
    return out


def _attr(value: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    value = value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if _CONTROL.search(value):
        raise XliffError(
            f"control character in {value!r} cannot be written to XML", code="xliff.char"
        )
    return value


def _note_text(value: str) -> str:
    if _CONTROL.search(value):
        raise XliffError(
            f"control character in a comment cannot be written to XML: {value!r}", code="xliff.char"
        )
    return _text(value)


def _state12(entry: Entry, translation: str, signed: bool = False) -> str:
    if entry.fuzzy and translation:
        return "needs-review-translation"
    if signed and translation:
        return "signed-off"
    return "translated" if translation else "new"


def _references(entry: Entry) -> Iterator[str]:
    for ref in entry.references:
        name, _, line = ref.rpartition(":")
        if name and line.isdigit():
            yield (
                '<context-group purpose="location">'
                f'<context context-type="sourcefile">{_text(name)}</context>'
                f'<context context-type="linenumber">{line}</context></context-group>'
            )
        else:
            yield (
                f'<context-group purpose="location"><context context-type="sourcefile">{_text(ref)}'
                "</context></context-group>"
            )


def _notes(entry: Entry, safety: str | None) -> Iterator[str]:
    for text in entry.extracted:
        yield f'<note from="developer">{_note_text(text)}</note>'
    for text in entry.comments:
        yield f'<note from="translator">{_note_text(text)}</note>'
    flags = [f for f in entry.flags if f != "fuzzy"]
    if flags:
        yield f'<note from="po-flags">{_note_text(", ".join(flags))}</note>'
    if entry.fuzzy and not entry.translations[0]:
        yield '<note from="po-flags-fuzzy">fuzzy</note>'
    if entry.msgid_plural is not None:
        yield f'<note from="po-msgid-plural">{_note_text(entry.msgid_plural)}</note>'
    if entry.previous_msgid_plural is not None:
        previous = _note_text(entry.previous_msgid_plural)
        yield f'<note from="po-previous-msgid-plural">{previous}</note>'
    if safety:
        yield f'<note from="leaflet-i18n" priority="1">{_note_text(safety)}</note>'


def _unit12(
    uid: str,
    source: str,
    target: str,
    entry: Entry,
    context: str | None,
    previous: str | None,
    extra: list[str],
    translate: bool = True,
    signed: bool = False,
) -> list[str]:
    resname = f' resname="{_attr(context)}"' if context is not None else ""
    flag = "" if translate else ' translate="no"'
    signed = signed and bool(target) and not entry.fuzzy
    approved = ' approved="yes"' if signed else ""
    lines = [
        f'<trans-unit id="{uid}"{resname}{flag}{approved} xml:space="preserve">',
        f"<source>{_text(source)}</source>",
        f'<target state="{_state12(entry, target, signed)}">{_text(target)}</target>',
    ]
    lines += extra
    if previous is not None:
        prev_ctx = (
            f' resname="{_attr(entry.previous_msgctxt)}"'
            if entry.previous_msgctxt is not None
            else ""
        )
        lines.append(
            f'<alt-trans alttranstype="previous-version"{prev_ctx}><source>{_text(previous)}'
            f"</source><target>{_text(target)}</target></alt-trans>"
        )
    lines.append("</trans-unit>")
    return lines


def _entry12(
    name: str,
    entry: Entry,
    safety: SafetyNote | None,
    translate: bool = True,
    approved: Approved | None = None,
) -> list[str]:
    uid = unit_id(name, entry.msgctxt, entry.msgid)
    signed = approved(name, entry) if approved is not None else False
    note = safety(name, entry) if safety else None
    extra = [*_references(entry), *_notes(entry, note)]
    if entry.msgid_plural is None:
        return _unit12(
            uid,
            entry.msgid,
            entry.msgstr,
            entry,
            entry.msgctxt,
            entry.previous_msgid,
            extra,
            translate,
            signed,
        )
    resname = f' resname="{_attr(entry.msgctxt)}"' if entry.msgctxt is not None else ""
    lines = [
        f'<group id="{uid}" restype="x-gettext-plurals"{resname} xml:space="preserve">',
        *extra,
    ]
    for i, text in enumerate(entry.msgstr_plural):
        source = entry.msgid if i == 0 else entry.msgid_plural
        previous = entry.previous_msgid if i == 0 else None
        lines += _unit12(f"{uid}[{i}]", source, text, entry, None, previous, [], translate, signed)
    lines.append("</group>")
    return lines


def export12(
    files: list[tuple[str, Catalog]],
    source_lang: str,
    target_lang: str,
    safety: SafetyNote | None = None,
    approved: Approved | None = None,
) -> bytes:
    """An XLIFF 1.2 document with one <file> per catalog; ``approved`` units are signed off."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<xliff version="1.2" xmlns="{NS12}">']
    for name, catalog in files:
        out.append(
            f'<file original="{_attr(name)}" source-language="{_attr(source_lang)}" '
            f'target-language="{_attr(target_lang)}" datatype="po">'
        )
        out.append("<header>")
        out.append(
            f'<tool tool-id="leaflet-i18n" tool-name="leaflet-i18n" tool-version="{__version__}"/>'
        )
        header = catalog.header
        if header is not None:
            out.append(f'<note from="po-header">{_note_text(header.msgstr)}</note>')
            out += [
                f'<note from="po-header-comment">{_note_text(c)}</note>' for c in header.comments
            ]
            if header.fuzzy:
                out.append('<note from="po-header-flags">fuzzy</note>')
        out.append("</header>")
        out.append("<body>")
        for entry in catalog.messages():
            out += _entry12(name, entry, safety, approved=approved)
        obsolete = [e for e in catalog.obsolete() if e.first_msgstr]
        if obsolete:
            out.append('<group id="obsolete" restype="x-gettext-obsolete" xml:space="preserve">')
            for entry in obsolete:
                out += _entry12(name, entry, None, translate=False)
            out.append("</group>")
        out.append("</body>")
        out.append("</file>")
    out.append("</xliff>")
    return ("\n".join(out) + "\n").encode("utf-8")


def export20(
    files: list[tuple[str, Catalog]],
    source_lang: str,
    target_lang: str,
    safety: SafetyNote | None = None,
    approved: Approved | None = None,
) -> bytes:
    """An XLIFF 2.0 document: translations, states (fuzzy = initial, approved = final), notes."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff xmlns="{NS20}" version="2.0" srcLang="{_attr(source_lang)}" '
        f'trgLang="{_attr(target_lang)}">',
    ]
    for index, (name, catalog) in enumerate(files, 1):
        out.append(f'<file id="f{index}" original="{_attr(name)}">')
        for entry in catalog.messages():
            uid = unit_id(name, entry.msgctxt, entry.msgid)
            signed = approved is not None and not entry.fuzzy and approved(name, entry)
            forms = (
                [(entry.msgid, entry.msgstr)]
                if entry.msgid_plural is None
                else [
                    (entry.msgid if i == 0 else entry.msgid_plural, t)
                    for i, t in enumerate(entry.msgstr_plural)
                ]
            )
            for i, (source, target) in enumerate(forms):
                name_attr = f' name="{_attr(entry.msgctxt)}"' if entry.msgctxt is not None else ""
                out.append(f'<unit id="{uid}{"" if len(forms) == 1 else f"-{i}"}"{name_attr}>')
                notes = [f'<note category="location">{_text(r)}</note>' for r in entry.references]
                notes += [
                    f'<note category="developer">{_note_text(t)}</note>' for t in entry.extracted
                ]
                notes += [
                    f'<note category="translator">{_note_text(t)}</note>' for t in entry.comments
                ]
                if entry.previous_msgid is not None:
                    previous = _note_text(entry.previous_msgid)
                    notes.append(f'<note category="previous-source">{previous}</note>')
                note = safety(name, entry) if safety else None
                if note:
                    notes.append(f'<note category="safety" priority="1">{_note_text(note)}</note>')
                if notes:
                    out += ["<notes>", *notes, "</notes>"]
                state = "initial" if not target or entry.fuzzy else "translated"
                if signed and target:
                    state = "final"
                sub = ' subState="leaflet-i18n:needs-review"' if entry.fuzzy and target else ""
                out.append(f'<segment state="{state}"{sub}>')
                out.append(f'<source xml:space="preserve">{_text20(source)}</source>')
                if target:
                    out.append(f'<target xml:space="preserve">{_text20(target)}</target>')
                out += ["</segment>", "</unit>"]
        out.append("</file>")
    out.append("</xliff>")
    return ("\n".join(out) + "\n").encode("utf-8")


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class Refusal:
    """A unit that is not imported, and why: an inline code the PO text cannot hold, ..."""

    catalog: str
    unit: str  # the unit's id
    line: int
    message: str


@dataclass
class XliffDocument:
    version: str
    source_lang: str
    target_lang: str
    files: list[tuple[str, Catalog]]  # (catalog name, the catalog rebuilt from the units)
    approved: set[tuple[str, str | None, str]] = field(default_factory=set)
    """(catalog, msgctxt, msgid) of units the file marks approved or signed off."""
    refused: list[Refusal] = field(default_factory=list)


def _parser() -> Any:
    # no entity expansion, no DTD, no network: a hostile file cannot reach files or hosts
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse(data: bytes, path: str = "<xliff>") -> XliffDocument:
    """Read an XLIFF 1.2 (memoQ, SDLXLIFF too) or 2.0 file; a file with a DTD is refused."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise XliffError(
            "XLIFF files with a DTD or entities are refused", path=path, code="xliff.dtd"
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise XliffError(
            f"not well-formed XML: {exc.msg}", path=path, line=exc.lineno, code="xliff.syntax"
        ) from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise XliffError("XLIFF files with a DTD are refused", path=path, code="xliff.dtd")
    if root.tag == f"{{{NS12}}}xliff":
        return _Reader12(path).document(root)
    if root.tag == f"{{{NS20}}}xliff":
        return _Reader20(path).document(root)
    raise XliffError(
        f"not an XLIFF 1.2 or 2.0 document (root element {root.tag})",
        path=path,
        code="xliff.version",
    )


def _q(tag: str) -> str:
    return f"{{{NS12}}}{tag}"


def _unit_label(element: Element) -> str:
    """A unit's section (resname, name) and the start of its source, for messages."""
    context = element.get("resname") or element.get("name")
    source = next((e for e in element.iter() if local(e)[1] == "source"), None)
    text = " ".join("".join(source.itertext()).split()) if source is not None else ""
    excerpt = f"“{text[:40]}{'…' if len(text) > 40 else ''}”"
    return f"{context}: {excerpt}" if context else excerpt


def _comment_of(author: str | None, text: str) -> str:
    return text if author in (None, "", "translator") else f"{author}: {text}"


class _Reader12:
    """XLIFF 1.2, with memoQ's ``mq:status`` and Trados SDLXLIFF's ``sdl:seg`` states."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.approved: set[tuple[str, str | None, str]] = set()
        self.refused: list[Refusal] = []

    def document(self, root: Element) -> XliffDocument:
        files = []
        source_lang = target_lang = ""
        for file in root.findall(_q("file")):
            source_lang = file.get("source-language", "")
            target_lang = file.get("target-language", "")
            name = file.get("original", "")
            entries: list[Entry] = []
            header = file.find(_q("header"))
            if header is not None and header.find(f"{_q('note')}[@from='po-header']") is not None:
                entries.append(_header_entry(header))
            body = file.find(_q("body"))
            if body is not None:
                self._body(body, name, entries)
            files.append((name, Catalog(entries=entries, path=self.path)))
        return XliffDocument("1.2", source_lang, target_lang, files, self.approved, self.refused)

    def _body(
        self, holder: Element, name: str, entries: list[Entry], obsolete: bool = False
    ) -> None:
        for child in holder:
            if child.tag == _q("trans-unit"):
                found = self._read(child, name, functools.partial(self._unit, child, child, None))
            elif child.tag == _q("group") and child.get("restype") == "x-gettext-plurals":
                found = self._read(child, name, functools.partial(self._plural, child))
            elif child.tag == _q("group") and child.get("restype") == "x-gettext-obsolete":
                self._body(child, name, entries, obsolete=True)
                continue
            elif child.tag == _q("group"):  # a CAT tool's grouping (SDLXLIFF wraps every unit)
                self._body(child, name, entries, obsolete)
                continue
            else:
                continue
            if found is None:
                continue
            entry, state = found
            if obsolete:
                entry.obsolete = True
            elif state == "approved" and any(entry.translations):
                self.approved.add((name, entry.msgctxt, entry.msgid))
            entries.append(entry)

    def _read(
        self, element: Element, name: str, read: Callable[[], tuple[Entry, State]]
    ) -> tuple[Entry, State] | None:
        try:
            return read()
        except InlineCodeError as exc:
            uid = element.get("id", "?")
            label = f"unit {uid} ({_unit_label(element)})"
            self.refused.append(
                Refusal(
                    name,
                    uid,
                    exc.element.sourceline or element.sourceline or 0,
                    f"{label} has {exc.message}; not imported: remove it in the CAT tool, "
                    "or translate this message in a PO editor",
                )
            )
            return None

    def _unit(
        self, element: Element, meta: Element | None, context: str | None
    ) -> tuple[Entry, State]:
        source = inline_text(element.find(_q("source")))
        target_el = element.find(_q("target"))
        target = inline_text(target_el)
        ctx = element.get("resname", context) if context is None else context
        entry = Entry(msgid=source, msgstr=target, msgctxt=ctx)
        if meta is not None:
            _meta(meta, entry)
        state = self._state(element, target_el)
        if state == "draft" and target and not entry.fuzzy:
            entry.flags.insert(0, "fuzzy")
        alt = element.find(f"{_q('alt-trans')}[@alttranstype='previous-version']")
        if alt is not None:
            entry.previous_msgid = inline_text(alt.find(_q("source")))
            entry.previous_msgctxt = alt.get("resname")
        return entry, state

    @staticmethod
    def _state(element: Element, target: Element | None) -> State:
        said: list[State | None] = []
        if target is not None and target.get("state") is not None:
            said.append(STATES12.get(target.get("state"), "draft"))
        if element.get("approved") == "yes":
            said.append("approved")
        status = element.get(f"{{{MEMOQ_NS}}}status")
        if status is not None:
            said.append(MEMOQ.get(status, "draft"))
        segments = element.find(f"{{{SDL_NS}}}seg-defs")
        if segments is not None:
            said.append(
                all_segments(SDL_CONF.get(seg.get("conf", ""), "draft") for seg in segments)
            )
        return combined(said)

    def _plural(self, group: Element) -> tuple[Entry, State]:
        forms = group.findall(_q("trans-unit"))
        context = group.get("resname")
        entry = Entry(msgid="", msgctxt=context)
        _meta(group, entry)
        targets = []
        fuzzy = False
        states: list[State | None] = []
        for i, form in enumerate(forms):
            part, state = self._unit(form, None, context)
            states.append(state)
            if i == 0:
                entry.msgid = part.msgid
                entry.previous_msgid = part.previous_msgid
                entry.previous_msgctxt = part.previous_msgctxt
            elif i == 1 and entry.msgid_plural is None:
                entry.msgid_plural = part.msgid
            targets.append(part.msgstr)
            fuzzy = fuzzy or part.fuzzy
        if entry.msgid_plural is None and forms:
            entry.msgid_plural = entry.msgid  # one form only: keep the entry a plural entry
        entry.msgstr_plural = targets
        if fuzzy and not entry.fuzzy:
            entry.flags.insert(0, "fuzzy")
        approved = bool(states) and all(s == "approved" for s in states)
        return entry, "approved" if approved else ("draft" if fuzzy else "translated")


def _header_entry(header: Element) -> Entry:
    entry = Entry(msgid="")
    for note in header.findall(_q("note")):
        kind, text = note.get("from"), note.text or ""
        if kind == "po-header":
            entry.msgstr = text
        elif kind == "po-header-comment":
            entry.comments.append(text)
        elif kind == "po-header-flags":
            entry.flags.append("fuzzy")
    return entry


def _meta(holder: Element, entry: Entry) -> None:
    """References, comments and flags of a unit or plural group."""
    for group in holder.findall(_q("context-group")):
        name = line = ""
        for context in group.findall(_q("context")):
            if context.get("context-type") == "sourcefile":
                name = context.text or ""
            elif context.get("context-type") == "linenumber":
                line = context.text or ""
        entry.references.append(f"{name}:{line}" if line else name)
    for note in holder.findall(_q("note")):
        kind, text = note.get("from"), note.text or ""
        if kind == "developer":
            entry.extracted += note_lines(note)
        elif kind == "po-flags":
            entry.flags.extend(f.strip() for f in text.split(",") if f.strip())
        elif kind == "po-flags-fuzzy":
            entry.flags.insert(0, "fuzzy")
        elif kind == "po-msgid-plural":
            entry.msgid_plural = text
        elif kind == "po-previous-msgid-plural":
            entry.previous_msgid_plural = text
        elif kind != "leaflet-i18n":  # a translator's (or a reviewer's) note: a comment
            entry.comments += [_comment_of(kind, line) for line in note_lines(note)]


class _Reader20:
    """XLIFF 2.0: a unit of several segments is read whole (with its ``<ignorable>`` text)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.approved: set[tuple[str, str | None, str]] = set()
        self.refused: list[Refusal] = []

    @staticmethod
    def q(tag: str) -> str:
        return f"{{{NS20}}}{tag}"

    def document(self, root: Element) -> XliffDocument:
        files = []
        for file in root.findall(self.q("file")):
            name = file.get("original", file.get("id", ""))
            entries: list[Entry] = []
            for unit in file.iter(self.q("unit")):
                try:
                    found = self._unit(unit)
                except InlineCodeError as exc:
                    uid = unit.get("id", "?")
                    where = f" ({_unit_label(unit)})"
                    self.refused.append(
                        Refusal(
                            name,
                            uid,
                            exc.element.sourceline or unit.sourceline or 0,
                            f"unit {uid}{where} has {exc.message}; not imported: remove it in "
                            "the CAT tool, or translate this message in a PO editor",
                        )
                    )
                    continue
                if found is None:
                    continue
                entry, state = found
                if state == "approved" and entry.msgstr:
                    self.approved.add((name, entry.msgctxt, entry.msgid))
                entries.append(entry)
            files.append((name, Catalog(entries=entries, path=self.path)))
        doc = XliffDocument("2.0", root.get("srcLang", ""), root.get("trgLang", ""), files)
        doc.approved, doc.refused = self.approved, self.refused
        return doc

    def _unit(self, unit: Element) -> tuple[Entry, State] | None:
        parts = [c for c in unit if c.tag in (self.q("segment"), self.q("ignorable"))]
        segments = [c for c in parts if c.tag == self.q("segment")]
        if not segments:
            return None
        source = "".join(inline_text(p.find(self.q("source"))) for p in parts)
        targets = []
        for part in parts:
            target = part.find(self.q("target"))
            if target is None and part.tag == self.q("ignorable"):
                target = part.find(self.q("source"))  # what lies between segments stays
            targets.append(None if target is None else inline_text(target))
        translated = [t for p, t in zip(parts, targets, strict=True) if p.tag == self.q("segment")]
        if any(translated) and not all(t is not None and t for t in translated):
            raise InlineCodeError(
                "a segment without a translation (the unit is partly translated)", unit
            )
        text = "".join(t or "" for t in targets) if any(translated) else ""
        state = all_segments(
            "draft"
            if segment.get("subState") == "leaflet-i18n:needs-review"
            else STATES20.get(segment.get("state", "initial"), "draft")
            for segment in segments
        )
        entry = Entry(
            msgid=source,
            msgstr=text,
            msgctxt=unit.get("name"),
            flags=["fuzzy"] if text and state == "draft" else [],
        )
        for note in unit.iter(self.q("note")):
            category = note.get("category")
            if category == "location":
                entry.references.append(note.text or "")
            elif category == "developer":
                entry.extracted += note_lines(note)
            elif category == "previous-source":
                entry.previous_msgid = note.text or ""
            elif category != "safety":  # translator (or any reviewer) notes: comments
                entry.comments += [_comment_of(category, line) for line in note_lines(note) if line]
        return entry, state

"""XLIFF for CAT tools (Trados, memoQ, Phrase): catalogs out, translations back in.

XLIFF 1.2 (the default) carries everything a PO entry holds, so
PO → XLIFF → PO is lossless: context (``resname``), references
(``context-group``), extracted and translator comments (``note``), flags,
fuzzy state (``state="needs-review-translation"``), the previous source of a
fuzzy entry (``alt-trans alttranstype="previous-version"``), plural forms
(``group restype="x-gettext-plurals"``) and obsolete entries. XLIFF 2.0 is
offered for tools that want it; it carries translations, states and notes.

Unit ids are stable: derived from the catalog name, msgctxt and msgid.
Files are written by hand (exact escaping: a CR stays a CR) and read with
the standard library's expat parser; a file with a DTD is refused.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from leaflet_i18n import __version__
from leaflet_i18n.model.catalog import Catalog, Entry
from leaflet_i18n.model.diagnostics import LeafletError

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SafetyNote = Callable[[str, Entry], str | None]


class XliffError(LeafletError):
    """An XLIFF file cannot be read or does not fit the workspace."""


def unit_id(name: str, context: str | None, msgid: str) -> str:
    """Stable across exports: the same catalog, context and source give the same id."""
    key = f"{name}\x04{'' if context is None else context}\x04{msgid}".encode()
    return "u" + hashlib.sha1(key).hexdigest()[:20]


# ---------------------------------------------------------------- writing


def _text(value: str) -> str:
    """Element content: XML escapes, CR kept as a character reference, controls as <x/>."""
    out = (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )
    if _CONTROL.search(out):
        out = _CONTROL.sub(lambda m: f'<x id="ctrl" ctype="x-ctrl-{ord(m.group()):02x}"/>', out)
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


def _state12(entry: Entry, translation: str) -> str:
    if entry.fuzzy and translation:
        return "needs-review-translation"
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
) -> list[str]:
    resname = f' resname="{_attr(context)}"' if context is not None else ""
    flag = "" if translate else ' translate="no"'
    lines = [
        f'<trans-unit id="{uid}"{resname}{flag} xml:space="preserve">',
        f"<source>{_text(source)}</source>",
        f'<target state="{_state12(entry, target)}">{_text(target)}</target>',
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
    name: str, entry: Entry, safety: SafetyNote | None, translate: bool = True
) -> list[str]:
    uid = unit_id(name, entry.msgctxt, entry.msgid)
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
        )
    resname = f' resname="{_attr(entry.msgctxt)}"' if entry.msgctxt is not None else ""
    lines = [
        f'<group id="{uid}" restype="x-gettext-plurals"{resname} xml:space="preserve">',
        *extra,
    ]
    for i, text in enumerate(entry.msgstr_plural):
        source = entry.msgid if i == 0 else entry.msgid_plural
        previous = entry.previous_msgid if i == 0 else None
        lines += _unit12(f"{uid}[{i}]", source, text, entry, None, previous, [], translate)
    lines.append("</group>")
    return lines


def export12(
    files: list[tuple[str, Catalog]],
    source_lang: str,
    target_lang: str,
    safety: SafetyNote | None = None,
) -> bytes:
    """An XLIFF 1.2 document with one <file> per catalog."""
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
            out += _entry12(name, entry, safety)
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
) -> bytes:
    """An XLIFF 2.0 document: translations, states (fuzzy = initial) and notes."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff xmlns="{NS20}" version="2.0" srcLang="{_attr(source_lang)}" '
        f'trgLang="{_attr(target_lang)}">',
    ]
    for index, (name, catalog) in enumerate(files, 1):
        out.append(f'<file id="f{index}" original="{_attr(name)}">')
        for entry in catalog.messages():
            uid = unit_id(name, entry.msgctxt, entry.msgid)
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
                sub = ' subState="leaflet-i18n:needs-review"' if entry.fuzzy and target else ""
                out.append(f'<segment state="{state}"{sub}>')
                out.append(f'<source xml:space="preserve">{_text(source)}</source>')
                if target:
                    out.append(f'<target xml:space="preserve">{_text(target)}</target>')
                out += ["</segment>", "</unit>"]
        out.append("</file>")
    out.append("</xliff>")
    return ("\n".join(out) + "\n").encode("utf-8")


# ---------------------------------------------------------------- reading


@dataclass
class XliffDocument:
    version: str
    source_lang: str
    target_lang: str
    files: list[tuple[str, Catalog]]  # (catalog name, the catalog rebuilt from the units)


def _inline(element: ET.Element | None) -> str:
    """Text of <source>/<target>, turning <x ctype="x-ctrl-HH"/> back into characters."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        ctype = child.get("ctype", "")
        if ctype.startswith("x-ctrl-"):
            parts.append(chr(int(ctype[7:], 16)))
        else:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def parse(data: bytes, path: str = "<xliff>") -> XliffDocument:
    """Read an XLIFF 1.2 or 2.0 file."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise XliffError(
            "XLIFF files with a DTD or entities are refused", path=path, code="xliff.dtd"
        )
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise XliffError(
            f"not well-formed XML: {exc}", path=path, line=exc.position[0], code="xliff.syntax"
        ) from exc
    if root.tag == f"{{{NS12}}}xliff":
        return _parse12(root, path)
    if root.tag == f"{{{NS20}}}xliff":
        return _parse20(root, path)
    raise XliffError(
        f"not an XLIFF 1.2 or 2.0 document (root element {root.tag})",
        path=path,
        code="xliff.version",
    )


def _q(tag: str) -> str:
    return f"{{{NS12}}}{tag}"


def _parse12(root: ET.Element, path: str) -> XliffDocument:
    files = []
    source_lang = target_lang = ""
    for file in root.findall(_q("file")):
        source_lang = file.get("source-language", "")
        target_lang = file.get("target-language", "")
        entries: list[Entry] = []
        header = file.find(_q("header"))
        if header is not None and header.find(f"{_q('note')}[@from='po-header']") is not None:
            entries.append(_header_entry(header))
        body = file.find(_q("body"))
        for child in list(body) if body is not None else []:
            if child.tag == _q("trans-unit"):
                entries.append(_unit_entry(child, child, None))
            elif child.tag == _q("group") and child.get("restype") == "x-gettext-plurals":
                entries.append(_plural_entry(child))
            elif child.tag == _q("group") and child.get("restype") == "x-gettext-obsolete":
                for item in child:
                    if item.tag == _q("trans-unit"):
                        entry = _unit_entry(item, item, None)
                    elif item.tag == _q("group"):
                        entry = _plural_entry(item)
                    else:
                        continue
                    entry.obsolete = True
                    entries.append(entry)
        files.append((file.get("original", ""), Catalog(entries=entries, path=path)))
    return XliffDocument("1.2", source_lang, target_lang, files)


def _header_entry(header: ET.Element) -> Entry:
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


def _meta(holder: ET.Element, entry: Entry) -> None:
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
            entry.extracted.append(text)
        elif kind == "translator":
            entry.comments.append(text)
        elif kind == "po-flags":
            entry.flags.extend(f.strip() for f in text.split(",") if f.strip())
        elif kind == "po-flags-fuzzy":
            entry.flags.insert(0, "fuzzy")
        elif kind == "po-msgid-plural":
            entry.msgid_plural = text
        elif kind == "po-previous-msgid-plural":
            entry.previous_msgid_plural = text


def _unit_entry(element: ET.Element, meta: ET.Element, context: str | None) -> Entry:
    source = _inline(element.find(_q("source")))
    target_el = element.find(_q("target"))
    target = _inline(target_el)
    state = target_el.get("state", "translated") if target_el is not None else "new"
    ctx = element.get("resname", context) if context is None else context
    entry = Entry(msgid=source, msgstr=target, msgctxt=ctx)
    _meta(meta, entry)
    fuzzy = state in (
        "needs-review-translation",
        "needs-review-l10n",
        "needs-review-adaptation",
        "needs-translation",
        "needs-adaptation",
        "needs-l10n",
    ) and bool(target)
    if fuzzy and not entry.fuzzy:
        entry.flags.insert(0, "fuzzy")
    alt = element.find(f"{_q('alt-trans')}[@alttranstype='previous-version']")
    if alt is not None:
        entry.previous_msgid = _inline(alt.find(_q("source")))
        entry.previous_msgctxt = alt.get("resname")
    return entry


def _plural_entry(group: ET.Element) -> Entry:
    forms = group.findall(_q("trans-unit"))
    context = group.get("resname")
    entry = Entry(msgid="", msgctxt=context)
    _meta(group, entry)
    targets = []
    fuzzy = False
    for i, form in enumerate(forms):
        part = _unit_entry(form, ET.Element("none"), context)
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
    return entry


def _parse20(root: ET.Element, path: str) -> XliffDocument:
    def q(tag: str) -> str:
        return f"{{{NS20}}}{tag}"

    files = []
    for file in root.findall(q("file")):
        entries: list[Entry] = []
        for unit in file.iter(q("unit")):
            segment = unit.find(q("segment"))
            if segment is None:
                continue
            source = _inline20(segment.find(q("source")))
            target = _inline20(segment.find(q("target")))
            state = segment.get("state", "initial")
            fuzzy = bool(target) and (
                state == "initial" or segment.get("subState") == "leaflet-i18n:needs-review"
            )
            entry = Entry(
                msgid=source,
                msgstr=target,
                msgctxt=unit.get("name"),
                flags=["fuzzy"] if fuzzy else [],
            )
            for note in unit.iter(q("note")):
                category, text = note.get("category"), note.text or ""
                if category == "location":
                    entry.references.append(text)
                elif category == "developer":
                    entry.extracted.append(text)
                elif category == "translator":
                    entry.comments.append(text)
                elif category == "previous-source":
                    entry.previous_msgid = text
            entries.append(entry)
        files.append(
            (file.get("original", file.get("id", "")), Catalog(entries=entries, path=path))
        )
    return XliffDocument("2.0", root.get("srcLang", ""), root.get("trgLang", ""), files)


def _inline20(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return _inline(element)

"""A gettext catalog as data: entries with everything a PO file can say about them.

Pure data: :mod:`leaflet_i18n.formats.po_reader` builds a :class:`Catalog`
from bytes, :mod:`leaflet_i18n.formats.po_writer` writes one, and every step
reads entries through these classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from leaflet_i18n.model.diagnostics import Finding

Key = tuple[str | None, str]


@dataclass(slots=True)
class Entry:
    """One message of a catalog, with everything a PO file can say about it."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # translator comments ("# ")
    extracted: list[str] = field(default_factory=list)  # extracted comments ("#.")
    references: list[str] = field(default_factory=list)  # "file:line" ("#:")
    flags: list[str] = field(default_factory=list)  # "#," without fuzzy order rules
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0  # line of the msgid keyword in the file it was read from

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value:
            self.flags = [f for f in self.flags if f != "fuzzy"]

    @property
    def first_msgstr(self) -> str:
        """``msgstr``, or ``msgstr[0]`` of a plural entry (what msgfmt counts)."""
        if self.msgid_plural is not None:
            return self.msgstr_plural[0] if self.msgstr_plural else ""
        return self.msgstr

    @property
    def translations(self) -> list[str]:
        return self.msgstr_plural if self.msgid_plural is not None else [self.msgstr]

    @property
    def has_translation(self) -> bool:
        """Some text was written for this entry (even if fuzzy)."""
        return any(self.translations)

    @property
    def state(self) -> str:
        """``translated``, ``fuzzy`` or ``untranslated``, counted as msgfmt does."""
        if not self.first_msgstr:
            return "untranslated"
        return "fuzzy" if self.fuzzy else "translated"


@dataclass
class Catalog:
    """The entries of one PO/POT file, header first, in file order."""

    entries: list[Entry] = field(default_factory=list)
    path: str = "<catalog>"
    charset: str = "UTF-8"
    warnings: list[Finding] = field(default_factory=list)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def header(self) -> Entry | None:
        for entry in self.entries:
            if entry.is_header and not entry.obsolete:
                return entry
        return None

    def messages(self) -> Iterator[Entry]:
        """Active entries, without the header."""
        return (e for e in self.entries if not e.obsolete and not e.is_header)

    def obsolete(self) -> Iterator[Entry]:
        return (e for e in self.entries if e.obsolete)

    def index(self) -> dict[Key, Entry]:
        return {e.key: e for e in self.messages()}

    def get(self, msgid: str, context: str | None = None) -> Entry | None:
        for entry in self.messages():
            if entry.msgid == msgid and entry.msgctxt == context:
                return entry
        return None

    def header_fields(self) -> list[tuple[str, str]]:
        header = self.header
        return parse_header(header.msgstr) if header else []

    def header_field(self, name: str) -> str | None:
        for key, value in self.header_fields():
            if key.lower() == name.lower():
                return value
        return None

    def set_header_field(self, name: str, value: str) -> None:
        """Set one ``Name: value`` header line, keeping the others in order."""
        header = self.header
        if header is None:
            header = Entry(msgid="")
            self.entries.insert(0, header)
        fields = parse_header(header.msgstr)
        for i, (key, _) in enumerate(fields):
            if key.lower() == name.lower():
                fields[i] = (key, value)
                break
        else:
            fields.append((name, value))
        header.msgstr = format_header(fields)


# ---------------------------------------------------------------- header


def parse_header(msgstr: str) -> list[tuple[str, str]]:
    """``Key: value`` lines of a header msgstr, in order."""
    fields = []
    for line in msgstr.split("\n"):
        if ":" in line:
            key, _, value = line.partition(":")
            fields.append((key.strip(), value.strip()))
    return fields


def format_header(fields: Iterable[tuple[str, str]]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in fields)


def header_charset(msgstr: str) -> str | None:
    match = re.search(r"charset=([^\s;\\\"]+)", msgstr)
    return match.group(1) if match else None


def header_value(header: Entry, name: str) -> str | None:
    for key, value in parse_header(header.msgstr):
        if key.lower() == name.lower():
            return value
    return None

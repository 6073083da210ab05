"""Extraction: leaflets and HTML templates → gettext templates (``.pot``).

One message per title, heading, paragraph, list lead-in, list item and boxed
warning; msgid is the whitespace-normalized source text, msgctxt the section
path, so a message belongs to exactly one section. Extracted comments tell the
translator the section, its kind, and whether the text is safety-critical.

Output is deterministic: the creation date honours ``SOURCE_DATE_EPOCH``, and
a catalog whose only change would be that date is not rewritten.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.extract import extract as babel_extract_file
from jinja2.ext import babel_extract

from leaflet_i18n import __version__
from leaflet_i18n.checks.conformance import load_catalog
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.model.catalog import Catalog, Entry, format_header
from leaflet_i18n.model.leaflet import TITLE_CONTEXT, Leaflet, Message
from leaflet_i18n.sources.workspace import TEMPLATE_DOMAIN, Workspace

CRITICAL_NOTE = "SAFETY-CRITICAL: translate completely; keep every number, unit and protected term."
TEMPLATE_CRITICAL_CONTEXT = "critical"  # pgettext("critical", ...) in templates
_ROLE_NAMES = {
    "title": "title",
    "heading": "heading",
    "paragraph": "paragraph",
    "lead": "list lead-in",
    "item": "list item",
    "boxed": "boxed warning",
    "caption": "table caption",
    "cell": "table cell",
}


def creation_date() -> str:
    """Now, or ``SOURCE_DATE_EPOCH`` for reproducible builds, as gettext writes dates."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        if epoch and epoch.isdigit()
        else datetime.now(tz=timezone.utc)
    )
    return moment.strftime("%Y-%m-%d %H:%M+0000")


def pot_header(project: str, created: str) -> Entry:
    fields = [
        ("Project-Id-Version", project),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", created),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("Language", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Generated-By", f"leaflet-i18n {__version__}"),
    ]
    return Entry(msgid="", msgstr=format_header(fields), flags=["fuzzy"])


def message_comments(message: Message, leaflet: Leaflet) -> list[str]:
    """The ``#.`` lines a translator sees above a message."""
    role = _ROLE_NAMES.get(message.role, message.role)
    if message.context == TITLE_CONTEXT:
        out = [f"{role.capitalize()} of the leaflet '{leaflet.slug}'."]
    else:
        name = message.section_title or message.context
        out = [f'{role.capitalize()} in section "{name}" (kind: {message.kind}).']
    if message.headers:
        out.append(table_headers_note(message.headers))
    if message.critical:
        out.append(CRITICAL_NOTE)
    terms = [t for t in leaflet.protected_terms if t in message.msgid]
    if terms:
        out.append("Keep unchanged (protected): " + ", ".join(terms))
    return out


def table_headers_note(headers: tuple[str, ...]) -> str:
    """``Table headers of this cell: column: Dose; row: Adults.``"""
    return "Table headers of this cell: " + "; ".join(headers) + "."


def leaflet_catalog(leaflet: Leaflet, created: str) -> Catalog:
    """The ``.pot`` catalog of one leaflet (pure: no file access)."""
    entries: dict[tuple[str, str], Entry] = {}
    for message in leaflet.messages():
        key = (message.context, message.msgid)
        reference = f"{leaflet.path}:{message.line}"
        if key in entries:  # the same text twice in one section: one message, two places
            entries[key].references.append(reference)
            continue
        entries[key] = Entry(
            msgid=message.msgid,
            msgctxt=message.context,
            extracted=message_comments(message, leaflet),
            references=[reference],
        )
    return Catalog(entries=[pot_header(leaflet.slug, created), *entries.values()])


def template_catalog(ws: Workspace, created: str) -> Catalog:
    """Strings of the HTML templates (``_()``, ``gettext``, ``pgettext``, ``{% trans %}``)."""
    entries: dict[tuple[str | None, str], Entry] = {}
    for path in ws.template_files():
        shown = ws.display(path)
        with path.open("rb") as fh:
            found = babel_extract_file(
                babel_extract,  # type: ignore[arg-type]  # Babel types the callback narrowly
                fh,
                keywords={"_": None, "gettext": None, "pgettext": ((1, "c"), 2)},
                comment_tags=("Translators:",),
                options={"trimmed": "true", "extensions": "jinja2.ext.i18n"},
                strip_comment_tags=True,
            )
            for lineno, message, comments, context in found:
                if not isinstance(message, str):
                    continue  # plural forms are not used in leaflet templates
                msgid = " ".join(message.split())
                key = (context, msgid)
                if key not in entries:
                    notes = list(comments)
                    if context == TEMPLATE_CRITICAL_CONTEXT:
                        notes.append(CRITICAL_NOTE)
                    entries[key] = Entry(msgid=msgid, msgctxt=context, extracted=notes)
                entries[key].references.append(f"{shown}:{lineno}")
    return Catalog(entries=[pot_header(TEMPLATE_DOMAIN, created), *entries.values()])


_CREATION = re.compile(rb'"POT-Creation-Date: [^"\\]*\\n"')


def same_but_date(old: bytes, new: bytes) -> bool:
    """True when two .pot files differ at most in their creation date."""
    return _CREATION.sub(b"", old) == _CREATION.sub(b"", new)


@dataclass(frozen=True)
class RenderedPot:
    """What a ``.pot`` file should hold, and how many messages that is."""

    data: bytes
    messages: int


def rendered_pots(ws: Workspace, leaflets: Iterable[Leaflet]) -> dict[Path, RenderedPot]:
    """What every ``.pot`` should hold, keeping the old date when nothing else changed."""
    created = creation_date()
    catalogs = {ws.pot_path(lf.slug): leaflet_catalog(lf, created) for lf in leaflets}
    if ws.template_files():
        catalogs[ws.pot_path(TEMPLATE_DOMAIN)] = template_catalog(ws, created)
    out = {}
    for path, catalog in catalogs.items():
        data = dumps(catalog)
        if path.exists():
            old = path.read_bytes()
            if same_but_date(old, data):
                data = old
        out[path] = RenderedPot(data, sum(1 for _ in catalog.messages()))
    return out


def read_pot(data: bytes, shown: str) -> Catalog:
    return load_catalog(data, shown, template=True)

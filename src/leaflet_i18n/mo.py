"""Compiled catalogs (``.mo``) for applications that read gettext at run time.

Built with Babel's writer; fuzzy entries are left out, as GNU msgfmt does.
The gate still applies to the HTML build; a ``.mo`` file is a convenience
for other consumers of the same translations.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.mofile import write_mo

from leaflet_i18n.po import Catalog


@dataclass
class CompileStats:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    def __str__(self) -> str:
        return (
            f"{self.translated} translated messages, {self.fuzzy} fuzzy translations left out, "
            f"{self.untranslated} untranslated messages"
        )


def compile_catalog(catalog: Catalog, locale: str) -> tuple[bytes, CompileStats]:
    """The ``.mo`` bytes of a catalog and what went into it."""
    babel = BabelCatalog(locale=locale.split("@")[0], fuzzy=False)
    header = catalog.header
    if header is not None:
        babel.mime_headers = [
            (key, value) for key, value in catalog.header_fields() if key != "POT-Creation-Date"
        ]
    stats = CompileStats()
    for entry in catalog.messages():
        state = entry.state
        setattr(stats, state, getattr(stats, state) + 1)
        if state != "translated":
            continue
        msgid: str | tuple[str, str] = entry.msgid
        string: str | tuple[str, ...] = entry.msgstr
        if entry.msgid_plural is not None:
            msgid = (entry.msgid, entry.msgid_plural)
            string = tuple(entry.msgstr_plural)
        babel.add(msgid, string, context=entry.msgctxt)
    buffer = io.BytesIO()
    write_mo(buffer, babel, use_fuzzy=False)
    return buffer.getvalue(), stats

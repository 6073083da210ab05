"""Write translation units as TMX 1.4b, the translation-memory format CAT tools import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from leaflet_i18n import __version__


@dataclass(frozen=True)
class TranslationUnit:
    """One source text and its translation, with where it is used."""

    source: str
    target: str
    domain: str
    context: str | None
    critical: bool


def write_tmx(units: list[TranslationUnit], source_lang: str, target_lang: str) -> bytes:
    """The units as a TMX 1.4b document (UTF-8); languages are BCP 47 tags."""
    # Imported here: xml.sax.saxutils pulls in urllib and http (40 ms), which every command
    # that imports the translation memory would pay for an export few of them make.
    from xml.sax.saxutils import escape, quoteattr

    def _text(value: str) -> str:
        return escape(value, {'"': "&quot;"})

    stamp = datetime.now(tz=timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        f'<header creationtool="leaflet-i18n" creationtoolversion="{__version__}" '
        f'datatype="plaintext" segtype="paragraph" adminlang="en" srclang={quoteattr(source_lang)} '
        f'o-tmf="gettext" creationdate="{stamp}"/>',
        "<body>",
    ]
    for unit in units:
        lines += [
            "<tu>",
            f'<prop type="x-leaflet">{_text(unit.domain)}</prop>',
            f'<prop type="x-context">{_text(unit.context or "")}</prop>',
            f'<prop type="x-critical">{"yes" if unit.critical else "no"}</prop>',
            f"<tuv xml:lang={quoteattr(source_lang)}><seg>{_text(unit.source)}</seg></tuv>",
            f"<tuv xml:lang={quoteattr(target_lang)}><seg>{_text(unit.target)}</seg></tuv>",
            "</tu>",
        ]
    lines += ["</body>", "</tmx>"]
    return ("\n".join(lines) + "\n").encode("utf-8")

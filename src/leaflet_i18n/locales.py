"""Locale codes: validation (no path tricks), plural forms, direction, names — via Babel."""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from leaflet_i18n.diagnostics import UsageError

# language[_Script][_REGION][@variant]; gettext folder names use underscores.
_CODE = re.compile(r"[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|\d{3}))?(?:@[a-z0-9]+)?")


def normalize_locale(code: str) -> str:
    """``pt-br`` → ``pt_BR``; raises :class:`UsageError` for anything not a locale.

    Codes become folder names, so anything with a path in it (``../x``,
    ``de/../../``) is refused before it reaches the file system.
    """
    raw = code.strip()
    parts = raw.replace("-", "_").split("_")
    if parts and parts[0]:
        parts[0] = parts[0].lower()
        parts[1:] = [p.title() if len(p) == 4 else p.upper() for p in parts[1:]]
    candidate = "_".join(parts)
    if not _CODE.fullmatch(candidate):
        raise UsageError(
            f"'{code}' is not a locale code (expected e.g. de, pt_BR, sr_Latn)",
            code="locale.invalid",
        )
    try:
        Locale.parse(candidate.split("@")[0])
    except (UnknownLocaleError, ValueError) as exc:
        raise UsageError(f"'{code}' is not a locale Babel knows", code="locale.unknown") from exc
    return candidate


@lru_cache(maxsize=256)
def babel_locale(code: str) -> Locale:
    return Locale.parse(code.split("@")[0])


@lru_cache(maxsize=256)
def plural_forms(code: str) -> str:
    """The CLDR ``Plural-Forms`` header value for a locale."""
    rule = get_plural(code.split("@")[0])
    return f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"


def text_direction(code: str) -> str:
    """``rtl`` for right-to-left scripts (Arabic, Hebrew, Persian…), else ``ltr``."""
    return "rtl" if babel_locale(code).character_order == "right-to-left" else "ltr"


def display_name(code: str, in_locale: str | None = None) -> str:
    """The locale's name, by default in its own language (``Deutsch``)."""
    name = babel_locale(code).get_display_name(in_locale or code) or code
    return name[:1].upper() + name[1:]


def bcp47(code: str) -> str:
    """``pt_BR`` → ``pt-BR`` for HTML ``lang`` attributes."""
    return code.split("@")[0].replace("_", "-")

"""Locale codes: validation (no path tricks), plural forms, direction, names — via Babel."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from leaflet_i18n.model.diagnostics import UsageError

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


@dataclass(frozen=True)
class PluralRule:
    """A ``Plural-Forms`` value and where it comes from (``gettext`` or ``CLDR``)."""

    value: str
    source: str

    def comment(self, code: str) -> str:
        """The header comment that says where a new catalog's rule comes from."""
        if self.source == "gettext":
            return "Plural-Forms as GNU msginit writes them (GNU gettext's plural table)."
        return f"Plural-Forms from CLDR (GNU gettext's plural table has no rule for '{code}')."


@lru_cache(maxsize=1)
def gettext_plural_table() -> dict[str, str]:
    """GNU gettext's table of plural rules, by language (what ``msginit`` writes)."""
    text = resources.files("leaflet_i18n").joinpath("data/gettext-plural-forms.tsv")
    table = {}
    for line in text.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            language, _name, value = line.split("\t")
            table[language] = value
    return table


@lru_cache(maxsize=256)
def cldr_plural_forms(code: str) -> str:
    """The ``Plural-Forms`` value CLDR's rules give a locale (through Babel)."""
    rule = get_plural(code.split("@")[0])
    return f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"


def plural_rules(code: str) -> list[PluralRule]:
    """The rules translators' tools accept for a locale: GNU gettext's (if any), CLDR's."""
    table = gettext_plural_table()
    bare = code.split("@")[0]
    rules = []
    for candidate in (bare, bare.split("_")[0]):
        if candidate in table:
            rules.append(PluralRule(table[candidate], "gettext"))
            break
    rules.append(PluralRule(cldr_plural_forms(code), "CLDR"))
    return rules


def plural_forms(code: str) -> PluralRule:
    """The rule a new catalog gets: GNU ``msginit``'s where GNU knows the language, else CLDR's.

    Translators' tools (msginit, Poedit, Weblate) start from GNU's table, so a
    catalog written with it looks to them as one they made themselves.
    """
    return plural_rules(code)[0]


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

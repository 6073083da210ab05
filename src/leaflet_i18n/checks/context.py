"""What the checks of one catalog need to know: its locale, the source's, the protected terms."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from babel.core import UnknownLocaleError

from leaflet_i18n.checks.numbers import NumberFormat, number_format
from leaflet_i18n.model.locales import text_direction


@dataclass(frozen=True)
class CheckContext:
    """What the checks of one catalog need to know."""

    locale: str
    source_locale: str = "en"
    protected_terms: tuple[str, ...] = ()
    equivalents: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def right_to_left(self) -> bool:
        try:
            return text_direction(self.locale) == "rtl"
        except (ValueError, UnknownLocaleError):  # unknown to Babel: left-to-right, the stricter
            return False

    @cached_property
    def source_format(self) -> NumberFormat:
        return number_format(self.source_locale)

    @cached_property
    def target_format(self) -> NumberFormat:
        units = tuple(
            (k, v) for k, v in sorted(self.equivalents.items()) if k not in self.protected_terms
        )
        return number_format(self.locale, units)

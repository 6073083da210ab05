"""Checks of a catalog's header: its language, plural rule and charset."""

from __future__ import annotations

from leaflet_i18n.checks.plural import PluralError, equivalent
from leaflet_i18n.checks.spec import Code, Problem
from leaflet_i18n.model.catalog import Catalog
from leaflet_i18n.model.locales import plural_rules

CODES = (
    Code("header.language", "`Language` differs from the locale folder the catalog is in",
         scope="catalog", suppressible=False),
    Code("header.language-missing", "no `Language` header", "warning", scope="catalog"),
    Code("header.plural-forms", "`Plural-Forms` groups some count differently from both GNU "
         "gettext's and CLDR's rule (see [Plural forms](#plural-forms)), or is missing",
         "warning", scope="catalog"),
    Code("header.charset", "no charset in `Content-Type`", "warning", scope="catalog"),
)  # fmt: skip


def header_problems(catalog: Catalog, locale: str) -> list[Problem]:
    """Whether the header agrees with its folder and with GNU's or CLDR's plural rule."""
    out: list[Problem] = []
    language = catalog.header_field("Language")
    if not language:
        out.append(("header.language-missing", f"no Language header (expected '{locale}')"))
    elif language.replace("-", "_") != locale:
        out.append(
            (
                "header.language",
                f"Language is '{language}' but the file is in the folder of '{locale}'",
            )
        )
    out.extend(plural_forms_problems(catalog.header_field("Plural-Forms"), locale))
    if "charset=" not in (catalog.header_field("Content-Type") or ""):
        out.append(("header.charset", "no charset in Content-Type"))
    return out


def plural_forms_problems(forms: str | None, locale: str) -> list[Problem]:
    """A problem unless ``forms`` groups numbers as GNU gettext's or CLDR's rule does.

    Any formula that is equivalent for n = 0..1,000,000 is fine, however it
    is written; a malformed one is msgfmt's error (``po.plural-forms``).
    """
    rules = plural_rules(locale)
    names = {"gettext": "GNU gettext's", "CLDR": "CLDR's"}
    known = " and ".join(f"{names[rule.source]} '{rule.value}'" for rule in rules)
    if forms is None:
        return [("header.plural-forms", f"no Plural-Forms header ({known})")]
    try:
        if any(equivalent(forms, rule.value) for rule in rules):
            return []
    except PluralError as exc:
        # A formula msgfmt rejects is a po.plural-forms error already; one that
        # fails only past n = 1000, which msgfmt does not try, is reported here.
        return [("header.plural-forms", f"Plural-Forms '{forms}': {exc}")]
    return [
        (
            "header.plural-forms",
            f"Plural-Forms '{forms}' groups numbers differently from {known}: "
            "translations would be shown in the wrong plural form",
        )
    ]

"""The printable review sheet: every message of a locale's catalogs, for a reviewer to sign.

Per section a table of source and translation (each with its ``lang``), the
checks' findings and each role's approval status, and a signature box. Each
message carries the short id that ``leaflet-i18n review approve --from``
accepts; the id is bound to the translation printed, so a signed sheet never
approves text that changed after it was printed. Rendered with the toolkit's
autoescaping Jinja2 environment (``review-sheet.html``, replaceable by a
workspace template of that name).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jinja2 import Environment

from leaflet_i18n.model.locales import bcp47, display_name, text_direction

SHEET_TEMPLATE = "review-sheet.html"


@dataclass(frozen=True)
class SheetApproval:
    role: str
    state: str  # approved, missing, outdated
    text: str


@dataclass(frozen=True)
class SheetRow:
    id: str | None  # None: not translated (nothing to approve)
    where: str  # po-file:line
    source: str
    translation: tuple[str, ...]
    state: str
    findings: tuple[str, ...]
    approvals: tuple[SheetApproval, ...]
    diff: str | None = None  # the translation against the approved one, once it changed


@dataclass(frozen=True)
class SheetSection:
    path: str
    heading: str | None
    critical: bool
    roles: tuple[str, ...]
    rows: tuple[SheetRow, ...]


@dataclass(frozen=True)
class SheetCatalog:
    name: str
    title: str
    po: str
    sections: tuple[SheetSection, ...]


def render_review_sheet(
    env: Environment,
    catalogs: list[SheetCatalog],
    locale: str,
    source_locale: str,
    printed: date,
    enforced: bool,
) -> str:
    """The sheet as one self-contained HTML5 page (styles inline, print CSS for A4)."""
    return env.get_template(SHEET_TEMPLATE).render(
        catalogs=catalogs,
        locale=locale,
        locale_name=display_name(locale, "en"),
        lang=bcp47(locale),
        dir=text_direction(locale),
        source_lang=bcp47(source_locale),
        source_dir=text_direction(source_locale),
        printed=printed.isoformat(),
        enforced=enforced,
        messages=sum(len(s.rows) for c in catalogs for s in c.sections),
    )

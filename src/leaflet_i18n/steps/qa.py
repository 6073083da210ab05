"""Checks of any PO file on its own, outside a workspace (``check FILE.po``).

Without a source leaflet there is no criticality, no protected term and no
section, but much can still be checked: what ``msgfmt --check`` checks
(syntax, header, plural forms, format strings), the header against GNU's
and CLDR's plural rules, and each translation against its msgid (numbers
and units, ``**emphasis**``, placeholders, control and bidirectional
characters). Suppressions (``# check-ok: CODE``) apply as in a workspace.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from leaflet_i18n.checks import numbers, registry
from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.checks.context import CheckContext
from leaflet_i18n.checks.header import plural_forms_problems
from leaflet_i18n.checks.spec import Problem
from leaflet_i18n.checks.translation import (
    check_bidi,
    check_control,
    check_markup,
    check_numbers,
    check_placeholders,
)
from leaflet_i18n.model.catalog import Catalog, Entry
from leaflet_i18n.model.diagnostics import Finding, Location, POError, Subject, UsageError
from leaflet_i18n.model.locales import normalize_locale

STANDALONE_CHECKS = (check_numbers, check_markup, check_placeholders, check_control, check_bidi)
# Comparisons of numbers, which a plural form may rightly fail (see _in_plural); a number
# written so that a reader could misread it stays an error there too.
_NUMBER_CODES = frozenset(numbers.CODES) - frozenset(numbers.READING_CODES)
# Format directives are filled in by the program: "%6.2f" or "{0:.1f}" holds no number.
_DIRECTIVES = {
    "c": re.compile(
        r"%(?:\d+\$)?[-+ #0'I]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|L|q|j|z|t)?"
        r"(?:<PRI\w+>|[diouxXeEfFgGaAcspnm%])"
    ),
    "python": re.compile(r"%(?:\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]"),
    "python-brace": re.compile(r"\{[^{}]*\}"),
}


def without_directives(text: str, flags: list[str]) -> str:
    """``text`` with the format directives its flags declare replaced by a space."""
    for flag in flags:
        pattern = _DIRECTIVES.get(flag.removesuffix("-format"))
        if pattern is not None and not flag.startswith("no-"):
            text = pattern.sub(" ", text)
    return text


def catalog_locale(catalog: Catalog, path: Path) -> str | None:
    """The catalog's language: its ``Language`` header, else its file or folder name."""
    candidates = [catalog.header_field("Language") or "", path.stem]
    if path.parent.name == "LC_MESSAGES":
        candidates.append(path.parent.parent.name)
    for candidate in candidates:
        try:
            return normalize_locale(candidate) if candidate else None
        except UsageError:
            continue
    return None


def file_findings(path: Path, shown: str | None = None, source_locale: str = "en") -> list[Finding]:
    """Every finding for one PO file; a file msgfmt would reject gives its errors only."""
    shown = shown or str(path)
    try:
        catalog = read_catalog(path, display=shown)
    except POError as exc:
        return exc.findings or [exc.as_finding()]
    header = catalog.header
    where = Location(shown, header.line if header else 1)
    locale = catalog_locale(catalog, path)
    problems: list[Problem] = []
    if locale is None:
        message = (
            "no Language header and no locale in the file name: "
            f"numbers are read as '{source_locale}' writes them"
        )
        problems.append(("header.language-missing", message))
    elif path.suffix != ".pot":
        problems.extend(plural_forms_problems(catalog.header_field("Plural-Forms"), locale))
    out = list(catalog.warnings) + registry.findings(problems, where)
    cx = CheckContext(locale=locale or source_locale, source_locale=source_locale)
    for entry in catalog.messages():
        if entry.state == "translated":
            out.extend(_entry_findings(cx, entry, shown))
    return out


def _pairs(entry: Entry) -> Iterator[tuple[str, str]]:
    """(source, translation) pairs: a plural's first form against msgid, the rest msgid_plural."""
    if entry.msgid_plural is None:
        yield entry.msgid, entry.msgstr
        return
    for index, text in enumerate(entry.msgstr_plural):
        if text:
            yield (entry.msgid if index == 0 else entry.msgid_plural), text


def _entry_findings(cx: CheckContext, entry: Entry, shown: str) -> list[Finding]:
    problems: dict[Problem, None] = {}
    for source, target in _pairs(entry):
        for check in STANDALONE_CHECKS:
            if check is check_numbers:
                yielded = check(
                    cx,
                    without_directives(source, entry.flags),
                    without_directives(target, entry.flags),
                )
            else:
                yielded = check(cx, source, target)
            problems.update(dict.fromkeys(yielded))
    subject = Subject(entry.msgctxt, entry.msgid, entry.msgctxt or "", False)
    found = registry.findings(problems, Location(shown, entry.line), subject, entry.comments)
    return [_in_plural(f) if entry.msgid_plural is not None else f for f in found]


def _in_plural(finding: Finding) -> Finding:
    """Numbers in plural forms are warnings.

    A plural form serves many counts, so "1 place" in the singular source is
    rightly "une position" in French; a changed number there is worth a look,
    not a failed build.
    """
    if finding.code not in _NUMBER_CODES:
        return finding
    return replace(finding, severity="warning")

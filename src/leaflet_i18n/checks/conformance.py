"""What ``msgfmt --check`` checks beyond syntax, and reading a catalog that must pass it.

:func:`validate` yields the findings (duplicates, a missing header, plural
forms against ``Plural-Forms``, format strings, leading and trailing
newlines, NUL bytes, which msgfmt accepts but silently cuts at).
:func:`read_catalog` is how every step reads a catalog: a file msgfmt would
reject raises :class:`POError` with every error as ``file:line``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from leaflet_i18n.checks import format_strings as formats
from leaflet_i18n.checks import plural
from leaflet_i18n.checks.spec import Code
from leaflet_i18n.formats.po_reader import parse, read_bytes
from leaflet_i18n.model.catalog import Catalog, Entry, Key, header_value
from leaflet_i18n.model.diagnostics import Finding, Location, POError


def _po(code: str, summary: str, severity: str = "error") -> Code:
    return Code(code, summary, "warning" if severity == "warning" else "error",
                suppressible=False, scope="catalog")  # fmt: skip


# What the reader and msgfmt --check reject: the file cannot be used as it is.
CODES = (
    _po("po.syntax", "a line GNU gettext cannot read"),
    _po("po.keyword", "an unknown keyword (`msgstrr`)"),
    _po("po.escape", "an escape sequence C does not have (`\\q`)"),
    _po("po.unterminated", "a string not closed on its line"),
    _po("po.missing-msgstr", "an entry without `msgstr`"),
    _po("po.plural-index", "`msgstr[N]` out of order"),
    _po("po.obsolete", "an entry that mixes obsolete (`#~`) and active lines"),
    _po("po.domain", "a `domain` directive (one catalog per file)"),
    _po("po.bom", "a byte-order mark at the start of the file"),
    _po("po.encoding", "bytes that are not valid in the file's charset"),
    _po("po.charset-unknown", "a charset Python does not know (read as UTF-8)", "warning"),
    _po("po.duplicate", "the same msgctxt and msgid twice"),
    _po("po.header-missing", "no header entry"),
    _po("po.plural-forms", "a `Plural-Forms` header msgfmt rejects"),
    _po("po.plural-forms-missing", "plural translations without a `Plural-Forms` header"),
    _po("po.plural-count", "an entry with another number of plural forms than the header says"),
    _po("po.format", "format directives (`%d`, `%(name)s`, `{0}`) of translation and source "
        "differ, for C and Python formats"),
    _po("po.newline", "a translation that does not begin and end with a newline where the "
        "source does"),
    _po("po.nul", "a NUL byte (compiled catalogs would cut the message there)"),
    _po("po.dangling-comment", "a comment at the end of the file that belongs to no entry",
        "warning"),
    _po("io.read", "the file cannot be read"),
)  # fmt: skip


def _problem(path: str, line: int, code: str, message: str, severity: str = "error") -> Finding:
    return Finding(severity, code, Location(path, line), message)  # type: ignore[arg-type]


def validate(catalog: Catalog, template: bool) -> list[Finding]:
    """The checks ``msgfmt --check`` makes, plus NUL bytes; returns findings."""
    path = catalog.path
    out: list[Finding] = []
    out.extend(_duplicates(catalog))
    header = catalog.header
    if header is None:
        if not template:
            out.append(_problem(path, 1, "po.header-missing", "PO file header missing or invalid"))
    out.extend(_plural_problems(catalog, header, template))
    often = _often_forms(header)
    for entry in catalog.entries:
        for value in (entry.msgid, entry.msgid_plural or "", *entry.translations):
            if "\0" in value:
                out.append(
                    _problem(
                        path,
                        entry.line,
                        "po.nul",
                        "string contains a NUL byte; compiled catalogs would cut the message there",
                    )
                )
                break
        if not entry.obsolete and not entry.is_header and entry.state == "translated":
            for problem in formats.check_entry(entry, often):
                out.append(_problem(path, entry.line, "po.format", problem))
            for problem in _newline_problems(entry):
                out.append(_problem(path, entry.line, "po.newline", problem))
    return out


def _newline_problems(entry: Entry) -> Iterator[str]:
    """msgfmt --check: translations begin and end with a newline exactly when the source does."""
    if entry.msgid_plural is None:
        pairs = [("msgid", entry.msgid, "msgstr", entry.msgstr)]
    else:
        pairs = [("msgid", entry.msgid, "msgid_plural", entry.msgid_plural)] + [
            ("msgid", entry.msgid, f"msgstr[{i}]", text)
            for i, text in enumerate(entry.msgstr_plural)
        ]
    for name_a, a, name_b, b in pairs:
        if a.startswith("\n") != b.startswith("\n"):
            yield f"'{name_a}' and '{name_b}' entries do not both begin with '\\n'"
        elif a.endswith("\n") != b.endswith("\n"):
            yield f"'{name_a}' and '{name_b}' entries do not both end with '\\n'"


def _often_forms(header: Entry | None) -> list[bool] | None:
    spec = header_value(header, "Plural-Forms") if header else None
    try:
        return plural.often_used_forms(*plural.parse_plural_forms(spec)) if spec else None
    except plural.PluralError:
        return None


def _duplicates(catalog: Catalog) -> Iterator[Finding]:
    seen: dict[Key, Entry] = {}
    for entry in catalog.entries:
        if entry.obsolete:
            continue
        if entry.key in seen:
            yield _problem(
                catalog.path,
                entry.line,
                "po.duplicate",
                f"duplicate message definition (first defined at line {seen[entry.key].line})",
            )
        else:
            seen[entry.key] = entry


def _plural_problems(catalog: Catalog, header: Entry | None, template: bool) -> list[Finding]:
    path = catalog.path
    # msgfmt checks only what it compiles: translated, non-fuzzy entries.
    plural_entries = [
        e for e in catalog.messages() if e.msgid_plural is not None and e.state == "translated"
    ]
    spec = header_value(header, "Plural-Forms") if header else None
    line = header.line if header else 1
    if spec is None:
        if plural_entries and not template:
            return [
                _problem(
                    path,
                    line,
                    "po.plural-forms-missing",
                    "message catalog has plural form translations, but lacks a header "
                    "entry with 'Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;'",
                )
            ]
        return []
    try:
        nplurals, _ = plural.parse_plural_forms(spec)
    except plural.PluralError as exc:
        if template and ("INTEGER" in spec or "EXPRESSION" in spec):
            return []
        return [_problem(path, line, "po.plural-forms", str(exc))]
    out = []
    for entry in plural_entries:
        count = len(entry.msgstr_plural)
        if count != nplurals:
            out.append(
                _problem(
                    path,
                    entry.line,
                    "po.plural-count",
                    f"nplurals = {nplurals} in the header, but this entry has {count} plural forms",
                )
            )
    return out


def load_catalog(data: bytes, path: str = "<string>", *, template: bool | None = None) -> Catalog:
    """Parse PO bytes and reject what ``msgfmt --check`` rejects.

    Raises :class:`POError` (``path:line: message``) on the first error; all
    error findings are in its ``findings`` attribute. Warnings are added to
    the catalog's.
    """
    if template is None:
        template = path.endswith(".pot")
    catalog = parse(data, path)
    problems = validate(catalog, template)
    errors = [p for p in problems if p.severity == "error"]
    catalog.warnings.extend(p for p in problems if p.severity != "error")
    if errors:
        raise POError.from_findings(errors)
    return catalog


def read_catalog(path: Path, *, display: str | None = None) -> Catalog:
    """Read a PO/POT file that must pass ``msgfmt --check``; ``display`` is shown in messages."""
    shown = display or str(path)
    return load_catalog(read_bytes(path, shown), shown, template=path.suffix == ".pot")

"""Write a catalog exactly as GNU ``msgcat`` writes it (UTF-8), so tools make no noisy diffs.

Example::

    Path("de.po").write_bytes(dumps(catalog))
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from leaflet_i18n.formats.wrap import format_string
from leaflet_i18n.model.catalog import Catalog, Entry, header_charset

FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)  # fmt: skip
_FORMAT_RANK = {lang: i for i, lang in enumerate(FORMAT_LANGUAGES)}
_SYNTAX_CHECKS = ("ellipsis-unicode", "space-ellipsis", "quote-unicode", "bullet-unicode")


def _flag_line(entry: Entry) -> str | None:
    fuzzy = entry.fuzzy and bool(entry.first_msgstr)
    formats_by_lang: dict[str, str] = {}
    range_flag = None
    wrap_flag = None
    checks: dict[str, str] = {}
    extra: list[str] = []
    for flag in entry.flags:
        if flag == "fuzzy":
            continue
        lang, value = _format_flag(flag)
        if lang is not None:
            formats_by_lang[lang] = value
        elif flag.startswith("range:"):
            range_flag = "range: " + flag[6:].strip()
        elif flag in ("wrap", "no-wrap"):
            wrap_flag = flag
        elif flag.removeprefix("no-") in _SYNTAX_CHECKS:
            checks[flag.removeprefix("no-")] = flag
        else:
            extra.append(flag)  # GNU drops unknown flags; we keep them
    parts = ["fuzzy"] if fuzzy else []
    for lang in sorted(formats_by_lang, key=_FORMAT_RANK.__getitem__):
        if formats_by_lang[lang]:
            parts.append(formats_by_lang[lang])
    if range_flag:
        parts.append(range_flag)
    if wrap_flag == "no-wrap":
        parts.append("no-wrap")
    parts.extend(checks[c] for c in _SYNTAX_CHECKS if c in checks)
    parts.extend(extra)
    return "#, " + ", ".join(parts) if parts else None


def _format_flag(flag: str) -> tuple[str | None, str]:
    if not flag.endswith("-format"):
        return None, ""
    body = flag[: -len("-format")]
    for prefix, kind in (("no-", "no"), ("possible-", "possible"), ("impossible-", "no")):
        if body.startswith(prefix) and body[len(prefix) :] in _FORMAT_RANK:
            lang = body[len(prefix) :]
            return lang, (f"no-{lang}-format" if kind == "no" else f"{lang}-format")
    if body in _FORMAT_RANK:
        return body, f"{body}-format"
    return None, ""


def _reference_lines(refs: list[str], page_width: int = 79) -> list[str]:
    lines = []
    current = "#:"
    for ref in refs:
        while ref.startswith("./"):
            ref = ref[2:]
        name, _, line = ref.rpartition(":")
        if not (name and line.isdigit()):
            name, line = ref, ""
        if " " in name or "\t" in name:
            name = f"\u2068{name}\u2069"
        token = f"{name}:{line}" if line else name
        if len(current) > 2 and len(current) + len(token) + 1 > page_width:
            lines.append(current)
            current = "#:"
        current += " " + token
    lines.append(current)
    return lines


def _entry_lines(entry: Entry) -> list[str]:
    out: list[str] = []
    for text in entry.comments:
        out.extend(("# " + t) if t else "#" for t in text.split("\n"))
    for text in entry.extracted:
        out.extend(("#. " + t) if t else "#." for t in text.split("\n"))
    if entry.references:
        out.extend(_reference_lines(entry.references))
    flags = _flag_line(entry)
    if flags:
        out.append(flags)
    wrap = "no-wrap" not in entry.flags
    prev = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        out.extend(format_string("msgctxt", entry.previous_msgctxt, prev, wrap))
    if entry.previous_msgid is not None:
        out.extend(format_string("msgid", entry.previous_msgid, prev, wrap))
    if entry.previous_msgid_plural is not None:
        out.extend(format_string("msgid_plural", entry.previous_msgid_plural, prev, wrap))
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        out.extend(format_string("msgctxt", entry.msgctxt, prefix, wrap))
    out.extend(format_string("msgid", entry.msgid, prefix, wrap))
    if entry.msgid_plural is not None:
        out.extend(format_string("msgid_plural", entry.msgid_plural, prefix, wrap))
        for i, text in enumerate(entry.msgstr_plural):
            out.extend(format_string(f"msgstr[{i}]", text, prefix, wrap))
    else:
        out.extend(format_string("msgstr", entry.msgstr, prefix, wrap))
    return out


def generate_po(catalog: Catalog) -> Iterator[str]:
    """Lines of the canonical (msgcat) form: active entries, then obsolete ones.

    Like msgcat, an obsolete entry without a translation is not written: it
    holds no translator work, and msgcat would drop it anyway. The text is
    written as UTF-8, so a header that names another charset is written
    naming UTF-8 (the catalog itself is left as it is).
    """
    first = True
    for obsolete in (False, True):
        for entry in catalog.entries:
            if entry.obsolete != obsolete or (obsolete and not entry.first_msgstr):
                continue
            if not first:
                yield ""
            first = False
            if entry.is_header and not entry.obsolete:
                entry = _utf8_header(entry, catalog.charset)
            yield from _entry_lines(entry)


def _utf8_header(header: Entry, charset: str) -> Entry:
    if charset.lower() in ("utf-8", "utf8"):
        return header
    declared = header_charset(header.msgstr)
    if not declared or declared.upper() == "CHARSET":
        return header
    return replace(header, msgstr=header.msgstr.replace(f"charset={declared}", "charset=UTF-8", 1))


def dumps(catalog: Catalog) -> bytes:
    """The catalog as UTF-8 bytes, in exactly the layout ``msgcat`` writes."""
    return "".join(line + "\n" for line in generate_po(catalog)).encode("utf-8")

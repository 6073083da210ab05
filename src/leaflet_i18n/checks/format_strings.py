"""Format-string checks that ``msgfmt --check`` applies to flagged entries.

Entries flagged ``c-format``, ``python-format`` or ``python-brace-format``
must keep the arguments of their msgid, with the same types; a translation
that drops or changes one would crash or garble the program that prints it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leaflet_i18n.model.catalog import Entry

# -- C (printf)
_C_DIRECTIVE = re.compile(
    r"%(?:(\d+)\$)?[-+ #0'I]*(\*(?:\d+\$)?|\d+)?(?:\.(\*(?:\d+\$)?|\d*))?"
    r"(hh|h|ll|l|L|q|j|z|Z|t)?(<PRI[diouxX](?:8|16|32|64|LEAST\d+|FAST\d+|MAX|PTR)>|.)?",
    re.DOTALL,
)
_C_TYPES = {
    **dict.fromkeys("di", "int"),
    **dict.fromkeys("uoxX", "unsigned"),
    **dict.fromkeys("eEfFgGaA", "double"),
    "c": "char",
    "C": "wchar",
    "s": "string",
    "S": "wstring",
    "p": "pointer",
    "n": "count",
    "m": None,
}


class FormatError(ValueError):
    pass


def _c_args(text: str) -> list[str]:
    """Argument types of a C format string, in argument order."""
    if "%" not in text:
        return []
    numbered: dict[int, str] = {}
    unnumbered: list[str] = []
    # Every part after "%" is optional, so a match starts at each "%" not inside an
    # earlier directive: finditer visits exactly the directives a printf would.
    for m in _C_DIRECTIVE.finditer(text):
        index, width, precision, size, conv = m.groups()
        if conv == "%" and m.end() - m.start() == 2:
            continue
        if not conv:
            raise FormatError("incomplete directive at end of string")
        if conv in _C_TYPES:
            kind_or_none = _C_TYPES[conv]
            if kind_or_none is None:
                continue
            kind = kind_or_none
        elif len(conv) > 1:  # <PRId64> and the like
            kind = "int" if conv[4] in "di" else "unsigned"
        else:
            raise FormatError(f"invalid conversion '{conv}'")
        if size:
            kind = size + kind
        for star in (width, precision):
            if star and star[0] == "*":
                if len(star) > 1:  # "*2$": the width is argument 2
                    numbered[int(star[1:-1])] = "int"
                else:
                    unnumbered.append("int")
        if index:
            numbered[int(index)] = kind
        else:
            unnumbered.append(kind)
    if numbered and unnumbered:
        raise FormatError("mixes numbered and unnumbered arguments")
    if numbered:
        if sorted(numbered) != list(range(1, len(numbered) + 1)):
            raise FormatError("numbered arguments leave a gap")
        return [numbered[i] for i in sorted(numbered)]
    return unnumbered


# -- Python %
_PY_DIRECTIVE = re.compile(
    r"%(?:\(([^)]*)\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.)?", re.DOTALL
)
_PY_TYPES = {
    **dict.fromkeys("diouxX", "int"),
    **dict.fromkeys("eEfFgG", "float"),
    "c": "char",
    **dict.fromkeys("sra", "any"),
}


def _python_args(text: str) -> tuple[list[str], dict[str, str]]:
    unnamed: list[str] = []
    named: dict[str, str] = {}
    for m in _PY_DIRECTIVE.finditer(text):
        conv = m.group(4)
        if conv == "%" and not m.group(1):
            continue
        if conv is None or conv not in _PY_TYPES:
            raise FormatError(f"invalid conversion '{conv or ''}'")
        if m.group(1) is not None:
            named[m.group(1)] = _PY_TYPES[conv]
        else:
            unnamed.extend("int" for g in (m.group(2), m.group(3)) if g == "*")
            unnamed.append(_PY_TYPES[conv])
    if named and unnamed:
        raise FormatError("mixes named and unnamed arguments")
    return unnamed, named


# -- Python str.format
_BRACE = re.compile(r"\{\{|\}\}|\{([^{}!:]*)(?:![rsa])?(?::[^{}]*(?:\{[^{}]*\}[^{}]*)*)?\}")


def _brace_args(text: str) -> set[str]:
    names = set()
    for m in _BRACE.finditer(text):
        if m.group(0) in ("{{", "}}"):
            continue
        name = re.split(r"[.\[]", m.group(1), maxsplit=1)[0]
        names.add(name)
    return names


def _compare_lists(a: list[str], b: list[str], strict: bool, names: tuple[str, str]) -> str | None:
    if (len(a) != len(b)) if strict else (len(b) > len(a)):
        return f"number of format specifications in '{names[0]}' and '{names[1]}' does not match"
    for i, (x, y) in enumerate(zip(a, b, strict=False), 1):
        if x != y and (strict or "any" not in (x, y)):
            return (
                f"format specifications in '{names[0]}' and '{names[1]}' for argument {i} "
                "are not the same"
            )
    return None


def _compare_named(
    a: dict[str, str], b: dict[str, str], strict: bool, names: tuple[str, str]
) -> str | None:
    for key in b:
        if key not in a:
            return (
                f"a format specification for argument '{key}', as in '{names[1]}', "
                f"doesn't exist in '{names[0]}'"
            )
    for key in a:
        if key not in b:
            if strict:
                return f"a format specification for argument '{key}' doesn't exist in '{names[1]}'"
            continue
        if a[key] != b[key] and (strict or "any" not in (a[key], b[key])):
            return (
                f"format specifications in '{names[0]}' and '{names[1]}' for argument "
                f"'{key}' are not the same"
            )
    return None


def compare(
    lang: str, source: str, target: str, strict: bool, names: tuple[str, str]
) -> str | None:
    """A message describing how ``target`` breaks the format of ``source``, or None."""
    try:
        if lang == "c":
            src_c = _c_args(source)
        elif lang == "python":
            src_py = _python_args(source)
        else:
            src_b = _brace_args(source)
    except FormatError:
        return None  # the msgid itself is not a valid format string: nothing to keep
    try:
        if lang == "c":
            return _compare_lists(src_c, _c_args(target), strict, names)
        if lang == "python":
            tgt_py = _python_args(target)
            if src_py[1] or tgt_py[1]:
                if src_py[0] and not src_py[1]:
                    return _compare_lists(src_py[0], tgt_py[0], strict, names)
                return _compare_named(src_py[1], tgt_py[1], strict, names)
            return _compare_lists(src_py[0], tgt_py[0], strict, names)
        tgt_b = _brace_args(target)
        extra = tgt_b - src_b
        if extra:
            return (
                f"a format specification for argument '{sorted(extra)[0]}', as in "
                f"'{names[1]}', doesn't exist in '{names[0]}'"
            )
        missing = src_b - tgt_b
        if strict and missing:
            return (
                f"a format specification for argument '{sorted(missing)[0]}' doesn't exist "
                f"in '{names[1]}'"
            )
        return None
    except FormatError as exc:
        return f"'{names[1]}' is not a valid {lang} format string, unlike '{names[0]}': {exc}"


_CHECKED = {"c-format": "c", "python-format": "python", "python-brace-format": "python-brace"}


def check_entry(entry: Entry, often: list[bool] | None = None) -> Iterator[str]:
    """Format problems of a translated entry, worded as msgfmt words them."""
    for flag in entry.flags:
        lang = _CHECKED.get(flag)
        if lang is None:
            continue
        if entry.msgid_plural is None:
            problem = compare(lang, entry.msgid, entry.msgstr, True, ("msgid", "msgstr"))
            if problem:
                yield problem
            continue
        several = len(entry.msgstr_plural) > 1
        for j, text in enumerate(entry.msgstr_plural):
            strict = not several or (often is not None and j < len(often) and often[j])
            problem = compare(
                lang, entry.msgid_plural, text, strict, ("msgid_plural", f"msgstr[{j}]")
            )
            if problem:
                yield problem
                break

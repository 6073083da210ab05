"""A leaflet draft → the text of ``content/<slug>.yaml``, with '# guess' comments.

Written by hand rather than with ``yaml.safe_dump`` because the file carries comments, and
because every scalar must load back as the same string whatever its length: PyYAML's emitter
folds a long plain scalar onto continuation lines indented for the top level of a document,
which inside a nested sequence is invalid YAML (a 300,000-word paragraph made a file that
``lint`` could not read). Here a scalar is always one line: plain when it is unambiguous
text, otherwise double-quoted with YAML escapes.
"""

from __future__ import annotations

import re

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from leaflet_i18n.sources.draft import (
    Draft,
    DraftBlock,
    DraftBoxed,
    DraftItem,
    DraftList,
    DraftParagraph,
    DraftSection,
    DraftTable,
)

_STR = "tag:yaml.org,2002:str"
# what a plain scalar may not start with, contain or end with (YAML 1.1 as PyYAML reads it)
_PLAIN_START = re.compile(r"""[-?:,\[\]{}#&*!|>'"%@`\s]""")
_PLAIN_BAD = re.compile(r": |:$| #|\t")
# characters a YAML stream may hold unescaped (PyYAML's reader rejects the others)
_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x85": "\\N"}
_resolver = Resolver()


def scalar(text: str) -> str:
    """``text`` as one YAML scalar on one line that loads back as exactly ``text``."""
    if _plain_ok(text):
        return text
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


_NEEDS_ESCAPE = re.compile('[\\\\"\n\t\r\x85\u2028\u2029\ufeff]|' + _PRINTABLE.pattern)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _ESCAPES:
        return _ESCAPES[char]
    n = ord(char)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or _PLAIN_START.match(text) or _PLAIN_BAD.search(text):
        return False
    if _PRINTABLE.search(text) or "\n" in text or "\r" in text or "\x85" in text:
        return False
    if "\u2028" in text or "\u2029" in text or "\ufeff" in text:
        return False
    tag: str = _resolver.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == _STR


def dump_draft(draft: Draft) -> str:
    """The content file of ``draft`` (always loads with :func:`content.load_leaflet`)."""
    out = [
        f"# Imported from {_comment(draft.source)} by leaflet-i18n import; "
        "review every '# guess' below.",
        f"title: {scalar(draft.title)}",
        f"source_locale: {scalar(draft.source_locale)}",
    ]
    if draft.protected_terms:
        terms = ", ".join(_flow(t) for t in draft.protected_terms)
        out.append(f"protected_terms: [{terms}]  # guess")
    if draft.revised and re.fullmatch(r"\d{4}-\d{2}-\d{2}", draft.revised):
        out.append(f"revised: {draft.revised}")
    out.append("sections:")
    for section in draft.sections:
        _section(out, section, 2)
    return "\n".join(out) + "\n"


def _flow(text: str) -> str:
    """A scalar inside ``[...]``: commas and brackets need quotes there."""
    plain = scalar(text)
    return plain if plain[0] == '"' or not re.search(r"[,\[\]{}]", plain) else _quoted(text)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _comment(text: str) -> str:
    return " ".join(text.split())


def _section(out: list[str], section: DraftSection, indent: int) -> None:
    pad = " " * indent
    out.append(f"{pad}- id: {section.id}")
    out.append(f"{pad}  kind: {section.kind}  # guess: {_comment(section.guess)}")
    if section.heading:
        out.append(f"{pad}  heading: {scalar(section.heading)}")
    if section.blocks:
        out.append(f"{pad}  blocks:")
        for block in section.blocks:
            _block(out, block, indent + 4)
    if section.sections:
        out.append(f"{pad}  sections:")
        for child in section.sections:
            _section(out, child, indent + 4)


def _block(out: list[str], block: DraftBlock, indent: int) -> None:
    pad = " " * indent
    if isinstance(block, DraftParagraph):
        out.append(f"{pad}- {scalar(block.text)}")
    elif isinstance(block, DraftBoxed):
        out.append(f"{pad}- boxed: {scalar(block.text)}")
    elif isinstance(block, DraftList):
        if block.lead:
            out.append(f"{pad}- lead: {scalar(block.lead)}")
            out.append(f"{pad}  list:" + ("" if block.items else " []"))
        else:
            out.append(f"{pad}- list:" + ("" if block.items else " []"))
        _items(out, block.items, indent + 4)
    else:
        _table(out, block, indent)


def _items(out: list[str], items: list[DraftItem], indent: int) -> None:
    """Items at one level; a run of deeper items is a nested sequence after its parent."""
    i = 0
    while i < len(items):
        level = items[i].level
        j = i
        while j < len(items) and items[j].level >= level:
            j += 1
        _level(out, items[i:j], indent, level)
        i = j


def _level(out: list[str], items: list[DraftItem], indent: int, level: int) -> None:
    pad = " " * indent
    i = 0
    while i < len(items):
        item = items[i]
        if item.level == level:
            out.append(f"{pad}- {scalar(item.text)}")
            i += 1
            continue
        j = i
        while j < len(items) and items[j].level > level:
            j += 1
        nested: list[str] = []
        _level(nested, items[i:j], indent + 2, level + 1)
        nested[0] = f"{pad}- " + nested[0][indent + 2 :]
        out.extend(nested)
        i = j


def _table(out: list[str], table: DraftTable, indent: int) -> None:
    pad = " " * indent
    out.append(f"{pad}- table:")
    if table.caption:
        out.append(f"{pad}    caption: {scalar(table.caption)}")
    out.append(f"{pad}    header_rows: {table.header_rows}")
    out.append(f"{pad}    header_columns: {table.header_columns}")
    out.append(f"{pad}    rows:")
    for row in table.rows:
        if not row.cells:
            out.append(f"{pad}      - []")
            continue
        for n, cell in enumerate(row.cells):
            lead = "- - " if n == 0 else "  - "
            out.append(f"{pad}      {lead}{scalar(cell) if cell else chr(34) * 2}")

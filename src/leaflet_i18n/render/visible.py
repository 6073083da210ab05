"""The text of a page as a browser shows it, per section: the last check before writing.

A page is parsed (libxml2's HTML parser, which never runs anything) and its
text collected the way a reader gets it: not what is in comments,
``<template>``, ``<script>`` or ``<style>``, and not what an element hides
with ``hidden``, ``aria-hidden="true"`` or an inline ``display: none`` or
``visibility: hidden``. Every critical translation must be in the visible
text of its own section, so no template (a workspace may replace the built-in
ones) and no markup trick can publish a page that only *contains* it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

_INVISIBLE_TAGS = frozenset({"template", "script", "style", "noscript", "head", "title"})
# libxml2's HTML parser (C, through lxml): it never runs anything, closes elements as HTML's
# rules say (an unclosed <p> or <li>), and leaves comments and processing instructions out.
# Plain lxml elements, not lxml.html's: those look their class up in Python for every element.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
# Elements that flow within a line: a browser puts no space where they end
# (``<bdi>25 °C</bdi>.`` reads "25 °C.", not "25 °C .").
_INLINE = frozenset(
    "a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp small span strong sub "
    "sup time u var".split()
)
# A <bdi> with any attribute but dir (a style, hidden, a class) is walked like any element.
_ATTRIBUTED_BDI = etree.XPath("boolean(//bdi[@*[name() != 'dir']])")
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def normalized(text: str) -> str:
    """One space for every run of white space (no-break spaces included), trimmed."""
    return " ".join(text.split())  # str.split() knows every Unicode space, as \s does


def _hides(tag: str, attrs: dict[str, str | None]) -> bool:
    if tag in _INVISIBLE_TAGS or "hidden" in attrs:
        return True
    if (attrs.get("aria-hidden") or "").strip().lower() == "true":
        return True
    return bool(_HIDING_STYLE.search(attrs.get("style") or ""))


@dataclass
class _Open:
    tag: str
    hidden: bool
    section: str | None  # the id of a <section> opened here
    critical: bool = False
    start: int = 0  # where its text starts in the page's


@dataclass
class VisibleText:
    """What a reader sees: the whole page's text, and each section's (nested ones included)."""

    page: str = ""
    sections: dict[str, str] = field(default_factory=dict)
    critical: set[str] = field(default_factory=set)  # ids of sections marked critical
    fallback_in_critical: list[str] = field(default_factory=list)  # ids where source text shows


def visible_text(html: str) -> VisibleText:
    """The visible text of a page and of each of its sections."""
    result = VisibleText()
    page: list[str] = []  # the page's text; a section's is a stretch of it
    parts: dict[str, list[tuple[int, int]]] = {}  # section id → its stretches of ``page``
    stack: list[_Open] = []
    add = page.append
    root = etree.fromstring(html, parser=_PARSER) if html.strip() else None
    if root is None:
        return result
    if not _ATTRIBUTED_BDI(root):
        # The renderer isolates each quantity in a <bdi dir=...>: inline, never hidden, a third
        # of a page's elements. Their text joins their parent's (in C) and is read as before.
        etree.strip_tags(root, "bdi")
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):  # an entity or processing instruction: nothing shown
            if event == "end" and element.tail and not (stack and stack[-1].hidden):
                add(element.tail)
            continue
        if event == "start":
            values = element.attrib
            hidden = bool(stack and stack[-1].hidden) or _hides(tag, values)
            section = values.get("id") if tag == "section" else None
            classes = (values.get("class") or "").split() if "class" in values else []
            critical = tag == "section" and "critical" in classes
            opened = _Open(tag, hidden, section, critical, len(page))
            if section is not None:
                parts.setdefault(section, [])
                if opened.critical:
                    result.critical.add(section)
            if "fallback" in classes and not hidden:
                for outer in stack:
                    if outer.critical:
                        result.fallback_in_critical.append(outer.section or "(no id)")
            stack.append(opened)
            if element.text and not hidden:
                add(element.text)
        else:
            closed = stack.pop()
            if closed.section is not None:
                parts[closed.section].append((closed.start, len(page)))
            if tag not in _INLINE:
                add(" ")  # a block's end separates words, as a <br> does
            if element.tail and not (stack and stack[-1].hidden):
                add(element.tail)
    result.page = normalized("".join(page))
    result.sections = {
        name: normalized(" ".join("".join(page[a:b]) for a, b in stretches))
        for name, stretches in parts.items()
    }
    return result

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
from lxml import html as lxml_html

_INVISIBLE_TAGS = frozenset({"template", "script", "style", "noscript", "head", "title"})
# libxml2's HTML parser (C, through lxml): it never runs anything, closes elements as HTML's
# rules say (an unclosed <p> or <li>), and leaves comments and processing instructions out.
_PARSER = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
# Elements that flow within a line: a browser puts no space where they end
# (``<bdi>25 °C</bdi>.`` reads "25 °C.", not "25 °C .").
_INLINE = frozenset(
    "a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp small span strong sub "
    "sup time u var".split()
)
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def normalized(text: str) -> str:
    """One space for every run of white space (no-break spaces included), trimmed."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


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
    page: list[str] = []
    parts: dict[str, list[str]] = {}
    stack: list[_Open] = []
    collecting: list[list[str]] = [page]  # the page's text and that of each open section

    def add(data: str) -> None:
        for texts in collecting:
            texts.append(data)

    root = lxml_html.document_fromstring(html, parser=_PARSER)
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
            opened = _Open(tag, hidden, section, tag == "section" and "critical" in classes)
            if section is not None:
                collecting.append(parts.setdefault(section, []))
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
            if stack.pop().section is not None:
                collecting.pop()
            if tag not in _INLINE:
                add(" ")  # a block's end separates words, as a <br> does
            if element.tail and not (stack and stack[-1].hidden):
                add(element.tail)
    result.page = normalized("".join(page))
    result.sections = {k: normalized("".join(v)) for k, v in parts.items()}
    return result

"""The text of a page as a browser shows it, per section: the last check before writing.

A page is parsed (the standard library's HTML parser, which never runs
anything) and its text collected the way a reader gets it: not what is in
comments, ``<template>``, ``<script>`` or ``<style>``, and not what an element
hides with ``hidden``, ``aria-hidden="true"`` or an inline ``display: none``
or ``visibility: hidden``. Every critical translation must be in the visible
text of its own section, so no template (a workspace may replace the built-in
ones) and no markup trick can publish a page that only *contains* it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_INVISIBLE_TAGS = frozenset({"template", "script", "style", "noscript", "head", "title"})
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
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
    fallback: bool = False


@dataclass
class VisibleText:
    """What a reader sees: the whole page's text, and each section's (nested ones included)."""

    page: str = ""
    sections: dict[str, str] = field(default_factory=dict)
    critical: set[str] = field(default_factory=set)  # ids of sections marked critical
    fallback_in_critical: list[str] = field(default_factory=list)  # ids where source text shows


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Open] = []
        self.page: list[str] = []
        self.parts: dict[str, list[str]] = {}
        self.result = VisibleText()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        hidden = _hides(tag, values) or bool(self.stack and self.stack[-1].hidden)
        classes = (values.get("class") or "").split()
        section = values.get("id") if tag == "section" else None
        critical = tag == "section" and "critical" in classes
        opened = _Open(tag, hidden, section, critical, "fallback" in classes)
        if section is not None:
            self.parts.setdefault(section, [])
            if opened.critical:
                self.result.critical.add(section)
        if opened.fallback and not hidden:
            for outer in self.stack:
                if outer.critical:
                    self.result.fallback_in_critical.append(outer.section or "(no id)")
        if tag not in _VOID:
            self.stack.append(opened)
        else:
            self._text(" ")

    def handle_endtag(self, tag: str) -> None:
        # close up to the matching tag (browsers forgive unclosed <p> and <li>)
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                break
        if tag not in _INLINE:
            self._text(" ")

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1].hidden):
            self._text(data)

    def _text(self, data: str) -> None:
        self.page.append(data)
        for opened in self.stack:
            if opened.section is not None:
                self.parts[opened.section].append(data)

    def finish(self) -> VisibleText:
        self.close()
        self.result.page = normalized("".join(self.page))
        self.result.sections = {k: normalized("".join(v)) for k, v in self.parts.items()}
        return self.result


def visible_text(html: str) -> VisibleText:
    """The visible text of a page and of each of its sections."""
    reader = _Reader()
    reader.feed(html)
    return reader.finish()

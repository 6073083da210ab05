"""The text of a page as a browser shows it, per section: the last check before writing.

A page is parsed (libxml2's HTML parser, which never runs anything) and its
text collected the way a reader gets it: not what is in comments,
``<template>``, ``<script>`` or ``<style>``, a closed ``<details>`` or
``<dialog>``, and not what an element hides with ``hidden``,
``aria-hidden="true"`` or an inline style (``display: none``,
``visibility: hidden``, ``opacity: 0``, ``font-size: 0``, a transparent
colour, a clip, a transform or an offset off the page; a style with a CSS
escape, which this reader does not decode, counts as hiding). Every critical
translation must be in the visible text of its own section, so no template (a
workspace may replace the built-in ones) and no markup trick can publish a
page that only *contains* it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

_INVISIBLE_TAGS = frozenset({"template", "script", "style", "noscript", "head", "title"})
# libxml2's HTML parser (C, through lxml): it never runs anything, closes elements as HTML's
# rules say (an unclosed <p> or <li>), and leaves comments and processing instructions out.
# Plain lxml elements, not lxml.html's: those look their class up in Python for every element.
# Given the page's UTF-8 bytes (half the time of giving it a str).
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, encoding="utf-8")
# Elements that flow within a line: a browser puts no space where they end
# (``<bdi>25 °C</bdi>.`` reads "25 °C.", not "25 °C .").
_INLINE = frozenset(
    "a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp small span strong sub "
    "sup time u var".split()
)
# Inline styles that leave text on the page but not in sight: not displayed, invisible,
# transparent, of no size, or moved out of the page. CSS comments are taken out first
# ("display:/**/none"); a CSS escape ("display:\\6e one") is not read, it hides.
_HIDING_STYLE = re.compile(
    r"""(?x)
    (?:^|[;{\s])(?:
        display\s*:\s*none
      | visibility\s*:\s*(?:hidden|collapse)
      | content-visibility\s*:\s*hidden
      | opacity\s*:\s*(?:0*\.?0+%?|-[\d.]+%?)\s*(?:[;!]|$)
      | font-size\s*:\s*0*\.?0+[a-z%]*\s*(?:[;!]|$)
      | color\s*:\s*transparent
      | (?:clip|clip-path|transform|text-indent|mask|filter)\s*:
      | (?:left|top|right|bottom|margin(?:-left|-top)?)\s*:\s*-\d{3,}
    )
    | \\
    """,
    re.IGNORECASE,
)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
# Shown only when opened: what a closed <details> or <dialog> holds is not on the screen.
_CLOSED = frozenset({"details", "dialog"})


def normalized(text: str) -> str:
    """One space for every run of white space (no-break spaces included), trimmed."""
    return " ".join(text.split())  # str.split() knows every Unicode space, as \s does


def _hides(tag: str, attrs: dict[str, str | None]) -> bool:
    if tag in _INVISIBLE_TAGS or "hidden" in attrs:
        return True
    if (attrs.get("aria-hidden") or "").strip().lower() == "true":
        return True
    if tag in _CLOSED and "open" not in attrs:
        return True
    style = attrs.get("style")
    if not style:
        return False
    if "/*" in style:
        style = _CSS_COMMENT.sub("", style)
    return bool(_HIDING_STYLE.search(style))


@dataclass
class VisibleText:
    """What a reader sees: the whole page's text, and each section's (nested ones included)."""

    page: str = ""
    sections: dict[str, str] = field(default_factory=dict)
    critical: set[str] = field(default_factory=set)  # ids of sections marked critical
    fallback_in_critical: list[str] = field(default_factory=list)  # ids where source text shows


def _text_of(element: etree._Element) -> str:
    return str(etree.tostring(element, method="text", encoding="unicode", with_tail=False))


def visible_text(html: str) -> VisibleText:
    """The visible text of a page and of each of its sections."""
    result = VisibleText()
    root = etree.fromstring(html.encode("utf-8"), parser=_PARSER) if html.strip() else None
    if root is None:
        return result
    # One walk over the elements (Python only looks at their names and attributes); the
    # text itself is then collected by libxml2.
    sections: list[tuple[etree._Element, str | None, bool]] = []
    hiding: list[etree._Element] = []
    fallbacks: list[etree._Element] = []
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):  # an entity or processing instruction: nothing shown
            continue
        if tag not in _INLINE:  # a block's end separates words, as a <br> does
            element.tail = " " + element.tail if element.tail else " "
        names = element.keys()
        if not names:
            if tag in _INVISIBLE_TAGS or tag in _CLOSED:
                hiding.append(element)
            elif tag == "section":
                sections.append((element, None, False))
            continue
        attributes = element.attrib
        if _hides(tag, attributes):
            hiding.append(element)
        classes = (attributes.get("class") or "").split() if "class" in names else []
        if tag == "section":
            sections.append((element, attributes.get("id"), "critical" in classes))
        if "fallback" in classes:
            fallbacks.append(element)
    hidden = set(hiding)

    def shown(element: etree._Element) -> bool:
        return element not in hidden and not any(a in hidden for a in element.iterancestors())

    # Decided before anything is taken out: the descendants of an emptied element leave the
    # tree, and a section inside a hidden one would have no hidden ancestor left.
    visible = {element: shown(element) for element, _, _ in sections}
    critical = {element: name or "(no id)" for element, name, marked in sections if marked}
    reported = [
        name
        for element in fallbacks
        if shown(element)
        for name in reversed([critical[a] for a in element.iterancestors() if a in critical])
    ]
    for element in hiding:
        # What it holds goes; what follows it (its tail) stays.
        element.clear(keep_tail=True)
    texts: dict[str, list[str]] = {}
    for element, name, marked in sections:
        if name is not None:
            # a hidden section has a text (none): its critical messages are looked for in it,
            # not in the whole page
            texts.setdefault(name, []).append(_text_of(element) if visible[element] else "")
            if marked:
                result.critical.add(name)
    result.sections = {name: normalized(" ".join(parts)) for name, parts in texts.items()}
    result.fallback_in_critical = reported
    result.page = normalized(_text_of(root))
    return result

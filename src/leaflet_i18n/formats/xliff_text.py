"""The text of XLIFF ``<source>``, ``<target>`` and ``<note>`` elements, as PO text.

CAT tools return units with inline codes: XLIFF 1.2 ``<x/>``, ``<ph>``,
``<bx/>``/``<ex/>``, ``<bpt>``/``<ept>``/``<it>``, ``<g>`` and ``<mrk>``;
XLIFF 2.0 ``<ph/>``, ``<pc>``, ``<sc/>``/``<ec/>``, ``<cp/>``, ``<mrk>``,
``<sm/>``/``<em/>``. A PO translation is plain text, so a code is kept only
where the PO text has an equivalent: the exporter's own
``<x ctype="x-ctrl-HH"/>`` (a control character) and 2.0 ``<cp hex=".."/>``,
a code whose content (or ``equiv-text``, ``equiv``, ``disp``) is a
placeholder (``{date}``, ``%s``) or the leaflet's ``**`` emphasis, bold
``<g>``/``<pc>`` as ``**…**``; markers (``<mrk>``) are transparent. Any other
code raises :class:`InlineCodeError`: it is never dropped silently.
"""

from __future__ import annotations

import re
from typing import Any

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_SPACE = f"{{{XML_NS}}}space"

# what a code may stand for in PO text: a placeholder, a format directive, the emphasis marker
PO_CODE = re.compile(
    r"\{[A-Za-z_][\w.]*\}|%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]|\*\*"
)
_BOLD = {"bold", "x-bold", "strong", "x-strong", "b", "fmt:b", "xlf:b"}

Element = Any  # lxml's element (lxml ships no type information)


class InlineCodeError(Exception):
    """An inline code the PO text cannot hold; ``element`` is where it is."""

    def __init__(self, message: str, element: Element) -> None:
        super().__init__(message)
        self.message = message
        self.element = element


def local(element: Element) -> tuple[str, str]:
    """``(namespace, name)`` of an element; ("", "") for comments and processing instructions."""
    tag = element.tag
    if not isinstance(tag, str):
        return ("", "")
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


def preserves_space(element: Element) -> bool:
    """``xml:space="preserve"`` on the element or its nearest ancestor that says."""
    node = element
    while node is not None:
        value = node.get(_SPACE)
        if value is not None:
            return bool(value == "preserve")
        node = node.getparent()
    return False


def _equivalent(text: str | None) -> str | None:
    return text if text and PO_CODE.fullmatch(text) else None


def inline_text(element: Element | None) -> str:
    """The PO text of a source or target element (``""`` for none)."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        parts.append(_code(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _code(child: Element) -> str:
    ns, name = local(child)
    if not name:  # a comment or processing instruction inside the text: not text
        return ""
    if ns == NS12:
        return _code12(child, name)
    if ns == NS20:
        return _code20(child, name)
    raise InlineCodeError(f"an element <{child.tag}> inside the text", child)


def _code12(child: Element, name: str) -> str:
    if name == "mrk":
        return inline_text(child)  # a marker (segment, term, comment): its text is text
    if name == "x":
        ctype = child.get("ctype", "")
        if ctype.startswith("x-ctrl-") and re.fullmatch(r"[0-9a-f]{2}", ctype[7:]):
            return chr(int(ctype[7:], 16))
        return _attribute_code(child, "equiv-text", "<x/>")
    if name in ("bx", "ex"):
        return _attribute_code(child, "equiv-text", f"<{name}/>")
    if name in ("ph", "bpt", "ept", "it"):
        return _content_code(child, name)
    if name == "g":
        return _paired(child, child.get("ctype", ""), "<g>")
    raise InlineCodeError(f"an element <{name}> inside the text", child)


def _code20(child: Element, name: str) -> str:
    if name == "mrk":
        return inline_text(child)
    if name in ("sm", "em"):
        return ""  # the start or end of a marker: no text
    if name == "cp":
        value = child.get("hex", "")
        if re.fullmatch(r"[0-9A-Fa-f]{1,6}", value) and int(value, 16) <= 0x10FFFF:
            return chr(int(value, 16))
        raise InlineCodeError(f"<cp hex='{value}'/> is no code point", child)
    if name == "ph":
        found = _equivalent(child.get("equiv")) or _equivalent(child.get("disp"))
        found = found or _equivalent(_original_data(child))
        if found is None:
            raise InlineCodeError(_unheld("<ph/>", child.get("equiv") or child.get("disp")), child)
        return found
    if name in ("sc", "ec"):
        return _attribute_code(child, "equiv", f"<{name}/>")
    if name == "pc":
        start, end = _equivalent(child.get("equivStart")), _equivalent(child.get("equivEnd"))
        if start and end:
            return start + inline_text(child) + end
        return _paired(child, child.get("subType", "") or child.get("type", ""), "<pc>")
    raise InlineCodeError(f"an element <{name}> inside the text", child)


def _attribute_code(child: Element, attribute: str, what: str) -> str:
    found = _equivalent(child.get(attribute))
    if found is None:
        raise InlineCodeError(_unheld(what, child.get(attribute)), child)
    return found


def _content_code(child: Element, name: str) -> str:
    if len(child):
        raise InlineCodeError(f"<{name}> with nested codes", child)
    found = _equivalent(child.text)
    if found is None:
        raise InlineCodeError(_unheld(f"<{name}>", child.text), child)
    return found


def _paired(child: Element, kind: str, what: str) -> str:
    if kind.lower() in _BOLD:
        return "**" + inline_text(child) + "**"
    shown = f" ({kind})" if kind else ""
    raise InlineCodeError(f"formatting {what}{shown} that PO text cannot hold", child)


def _unheld(what: str, content: str | None) -> str:
    if content:
        return f"a code {what} for '{content[:40]}', which PO text cannot hold"
    return f"a code {what} with no text equivalent"


def _original_data(child: Element) -> str | None:
    ref = child.get("dataRef")
    if not ref:
        return None
    unit = child.getparent()
    while unit is not None and local(unit)[1] != "unit":
        unit = unit.getparent()
    if unit is None:
        return None
    for data in unit.iter(f"{{{NS20}}}data"):
        if data.get("id") == ref:
            return inline_text(data)
    return None


def note_lines(element: Element) -> list[str]:
    """A note as translator/extracted comment lines.

    One line is kept as written; a note a pretty-printer wrapped and indented
    (or written on several lines) becomes one comment per non-empty line, each stripped.
    """
    text = element.text or ""
    if "\n" not in text:
        return [text if preserves_space(element) else text.strip()]
    return [line.strip() for line in text.split("\n") if line.strip()]

"""XHTML narrative (a FHIR ``section.text.div``, an SPL ``<text>``) → leaflet blocks.

Paragraphs (``<p>``, ``<div>``, loose text), headings (``<h1>``-``<h6>``, and a short
paragraph that is bold all through, as ePIs write sub-headings), lists (``<ul>``/``<ol>``
and SPL ``<list>``/``<item>``, nested), tables (``<table>``, with ``<th>`` rows and columns
as headers) and inline bold (``<strong>``, ``<b>``, SPL ``styleCode="bold"``) as ``**bold**``.
Parsed with lxml without entities or network; HTML entities such as ``&nbsp;`` are read by
lxml's HTML parser when the XML parser refuses them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree, html

from leaflet_i18n.sources.draft import DraftRow, DraftTable
from leaflet_i18n.sources.text import Line

_BLOCKS = {"p", "div", "paragraph", "section", "body", "blockquote", "center", "text", "caption"}
_LISTS = {"ul", "ol", "list"}
_ITEMS = {"li", "item"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SKIP = {"script", "style", "img", "renderMultiMedia", "observationMedia", "footnote"}
_BOLD = {"strong", "b"}


def local(tag: object) -> str:
    """``{urn:hl7-org:v3}paragraph`` → ``paragraph``; comments and PIs → ``""``."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def parse_fragment(markup: str) -> etree._Element | None:
    """An XHTML fragment as an element tree, or None when it cannot be read."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    try:
        return etree.fromstring(markup.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        pass
    try:
        fragment = html.fragment_fromstring(
            markup, create_parent="div", parser=html.HTMLParser(no_network=True)
        )
    except (etree.ParserError, ValueError):
        return None
    return fragment


def is_bold(element: etree._Element) -> bool:
    if local(element.tag) in _BOLD:
        return True
    style = str(element.get("styleCode") or "") + " " + str(element.get("style") or "")
    return bool(re.search(r"\bbold\b|font-weight:\s*(bold|[6-9]00)", style, re.IGNORECASE))


def inline_text(element: etree._Element, top: bool = True) -> str:
    """Text of ``element`` with bold as ``**bold**`` (lists and tables inside left out)."""
    parts = [element.text or ""]
    for child in element:
        name = local(child.tag)
        if name in _LISTS or name == "table" or name in _SKIP or not name:
            pass
        elif name == "br":
            parts.append(" ")
        else:
            inner = inline_text(child, False)
            if is_bold(child) and inner.strip():
                lead = inner[: len(inner) - len(inner.lstrip())]
                tail = inner[len(inner.rstrip()) :]
                inner = f"{lead}**{inner.strip().strip('*').strip()}**{tail}"
            if name in _BLOCKS or name in _ITEMS or name in _HEADINGS:
                inner = f" {inner} "  # a block inside (a <p> in a cell): words stay apart
            parts.append(inner)
        parts.append(child.tail or "")
    text = "".join(parts)
    return " ".join(text.split()) if top else text


def _all_bold(text: str) -> bool:
    return text.startswith("**") and text.endswith("**") and text.count("**") == 2 and len(text) > 4


class NarrativeReader:
    """Turns one narrative element into :class:`Line` blocks; ``line_of`` gives their lines."""

    def __init__(self, base_line: int, multiline: bool) -> None:
        self.base_line = base_line
        self.multiline = multiline

    def line_of(self, element: etree._Element) -> int:
        source = element.sourceline or 1
        return self.base_line + (source - 1 if self.multiline else 0)

    def read(self, root: etree._Element) -> list[Line]:
        return list(self._blocks(root, 0))

    def _blocks(self, element: etree._Element, level: int) -> Iterator[Line]:
        """Block children of ``element``; loose text between them is a paragraph."""
        loose: list[str] = [element.text or ""]
        loose_line = self.line_of(element)
        for child in element:
            name = local(child.tag)
            if not name or name in _SKIP:
                loose.append(child.tail or "")
                continue
            if (
                name in _BLOCKS
                or name in _LISTS
                or name in _ITEMS
                or name in _HEADINGS
                or name == "table"
                or name == "title"
            ):
                yield from self._flush(loose, loose_line)
                loose = []
                yield from self._block(child, name, level)
                loose_line = self.line_of(child)
                loose.append(child.tail or "")
            elif name == "br":
                loose.append(" ")
                loose.append(child.tail or "")
            else:
                inner = inline_text(child, False)
                loose.append(f"**{inner.strip()}**" if is_bold(child) and inner.strip() else inner)
                loose.append(child.tail or "")
        yield from self._flush(loose, loose_line)

    def _flush(self, parts: list[str], line: int) -> Iterator[Line]:
        text = " ".join("".join(parts).split())
        if text:
            yield self._paragraph(text, line)

    def _paragraph(self, text: str, line: int) -> Line:
        if (
            _all_bold(text)
            and len(text.split()) <= 14
            and not text[:-2].rstrip().endswith((".", ";"))
        ):
            return Line(text[2:-2].strip(), line, heading=3)
        return Line(text, line)

    def _block(self, element: etree._Element, name: str, level: int) -> Iterator[Line]:
        if name in _HEADINGS or name == "title":
            text = inline_text(element)
            if text:
                yield Line(
                    text.replace("**", "").strip() or text,
                    self.line_of(element),
                    heading=_HEADINGS.get(name, 2),
                )
        elif name in _LISTS:
            yield from self._list(element, level)
        elif name in _ITEMS:
            yield from self._item(element, level)
        elif name == "table":
            table = self.table(element)
            if table.rows:
                words = " ".join(" ".join(r.cells) for r in table.rows)
                yield Line(words, self.line_of(element), table=table)
        elif _has_blocks(element):
            yield from self._blocks(element, level)
        else:
            text = inline_text(element)
            if text:
                yield self._paragraph(text, self.line_of(element))

    def _list(self, element: etree._Element, level: int) -> Iterator[Line]:
        for child in element:
            name = local(child.tag)
            if name in _ITEMS:
                yield from self._item(child, level)
            elif name in _LISTS:
                yield from self._list(child, level + 1)
            elif name:
                for line in self._block(child, name, level):
                    yield (
                        line
                        if line.item or line.table is not None
                        else Line(line.text, line.line, True, level)
                    )
            if child.tail and child.tail.strip():
                yield Line(" ".join(child.tail.split()), self.line_of(element), True, level)

    def _item(self, element: etree._Element, level: int) -> Iterator[Line]:
        """An item's own text (its paragraphs joined) at ``level``; its sub-lists deeper."""
        own: list[str] = [element.text or ""]
        later: list[Line] = []
        for child in element:
            name = local(child.tag)
            if name in _LISTS:
                later.extend(self._list(child, level + 1))
            elif name == "table":
                later.extend(self._block(child, name, level))
            elif name in _SKIP or not name:
                pass
            elif later:
                later.append(Line(inline_text(child), self.line_of(child), True, level + 1))
            else:
                inner = inline_text(child, False)
                own.append(
                    f" **{inner.strip()}** " if is_bold(child) and inner.strip() else f" {inner} "
                )
            if child.tail and child.tail.strip():
                if later:
                    later.append(
                        Line(" ".join(child.tail.split()), self.line_of(child), True, level + 1)
                    )
                else:
                    own.append(child.tail)
        text = " ".join("".join(own).split())
        if text:
            yield Line(text, self.line_of(element), True, level)
        yield from (ln for ln in later if ln.text or ln.table is not None)

    def table(self, element: etree._Element) -> DraftTable:
        rows: list[DraftRow] = []
        header_flags: list[list[bool]] = []
        caption = None
        for node in element.iter():
            name = local(node.tag)
            if name == "caption":
                caption = inline_text(node) or None
            if name != "tr":
                continue
            cells, flags = [], []
            for cell in node:
                cname = local(cell.tag)
                if cname in ("td", "th"):
                    cells.append(_cell_text(cell))
                    flags.append(
                        cname == "th"
                        or node.getparent() is not None
                        and local(node.getparent().tag) == "thead"
                    )
            rows.append(DraftRow(cells, self.line_of(node)))
            header_flags.append(flags)
        header_rows = 0
        while (
            header_rows < len(rows) and header_flags[header_rows] and all(header_flags[header_rows])
        ):
            header_rows += 1
        body = header_flags[header_rows:]
        header_columns = 1 if body and all(f and f[0] for f in body) else 0
        return DraftTable(rows, self.line_of(element), caption, header_rows, header_columns)


def _cell_text(cell: etree._Element) -> str:
    texts = [inline_text(cell)]
    for node in cell.iter():
        if local(node.tag) in _ITEMS:
            texts.append(inline_text(node))
    return " ".join(t for t in texts if t)


def _has_blocks(element: etree._Element) -> bool:
    return any(
        local(c.tag) in _BLOCKS | _LISTS | _ITEMS | {"table", "br"} | set(_HEADINGS)
        and local(c.tag) != "br"
        for c in element
    )

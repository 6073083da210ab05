"""FHIR documents as a tree of coded sections: JSON or XML ``Bundle``, or FHIR Shorthand.

A document Bundle's first ``Composition`` (or a bare Composition) becomes a
:class:`Document`: title, language, type codes, and nested :class:`DocSection` objects with
``title``, ``code`` (codings and ``code.text``) and the narrative ``text.div``, each with the
line of the source file it was read from. The FSH reader covers the subset that ePI
Compositions use: ``* path = value`` rules, indented rules (``* section[+].`` then
``  * title = …``), soft indexes ``[+]``/``[=]``, ``"strings"`` and ``\"\"\"multi-line\"\"\"``
strings, and codes ``system#code`` or ``$alias#code``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from leaflet_i18n.model.diagnostics import LeafletError

FHIR_NS = "http://hl7.org/fhir"


@dataclass
class DocSection:
    title: str | None
    line: int
    codes: list[tuple[str, str]] = field(default_factory=list)  # (system, code)
    code_text: str | None = None
    div: str | None = None
    div_line: int = 0
    multiline: bool = False  # do the div's own line breaks follow the file's lines?
    sections: list[DocSection] = field(default_factory=list)
    element_id: str | None = None  # the section element's ``id`` (JSON ``id``, XML ``@id``)


@dataclass
class Document:
    title: str
    title_line: int
    language: str | None
    type_codes: list[tuple[str, str]]
    sections: list[DocSection]
    date: str | None = None  # the Composition's date (YYYY-MM-DD), when it has one


def _error(message: str, source: str, line: int | None = None) -> LeafletError:
    return LeafletError(message, path=source, line=line, code="import.fhir")


# ---------------------------------------------------------------- JSON


def read_json(text: str, source: str) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _error(f"not JSON: {exc.msg}", source, exc.lineno) from exc
    lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r'"div"\s*:', text)]
    counter = _DivCounter(lines)
    composition = _find_composition(data, counter)
    if composition is None:
        raise _error("no Composition in this FHIR JSON file", source, 1)
    return _document_from_json(composition, counter, text)


class _DivCounter:
    """Gives each ``"div"`` met in file order the line where the file has it."""

    def __init__(self, lines: list[int]) -> None:
        self.lines = lines
        self.seen: dict[int, int] = {}

    def walk(self, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "div" and isinstance(item, str):
                    self.seen[id(value)] = len(self.seen)
                self.walk(item)
        elif isinstance(value, list):
            for item in value:
                self.walk(item)

    def line(self, text_obj: dict[str, Any]) -> int:
        index = self.seen.get(id(text_obj))
        return self.lines[index] if index is not None and index < len(self.lines) else 1


def _find_composition(data: Any, counter: _DivCounter) -> dict[str, Any] | None:
    counter.walk(data)
    if isinstance(data, dict) and data.get("resourceType") == "Composition":
        return data
    if isinstance(data, dict) and data.get("resourceType") == "Bundle":
        for entry in data.get("entry") or []:
            resource = entry.get("resource") if isinstance(entry, dict) else None
            if isinstance(resource, dict) and resource.get("resourceType") == "Composition":
                return resource
    return None


def _codes(code: Any) -> tuple[list[tuple[str, str]], str | None]:
    if not isinstance(code, dict):
        return [], None
    codings = [
        (str(c.get("system", "")), str(c.get("code", "")))
        for c in code.get("coding") or []
        if isinstance(c, dict)
    ]
    text = code.get("text")
    return codings, text if isinstance(text, str) else None


def _document_from_json(comp: dict[str, Any], counter: _DivCounter, text: str) -> Document:
    type_codes, _ = _codes(comp.get("type"))
    title = str(comp.get("title") or "")
    return Document(
        title=title,
        title_line=_line_of_value(text, title),
        language=comp.get("language") if isinstance(comp.get("language"), str) else None,
        type_codes=type_codes,
        sections=[_section_from_json(s, counter, text) for s in comp.get("section") or []],
        date=_date(comp.get("date")),
    )


def _date(value: object) -> str | None:
    """``2026-11-26`` of a FHIR date or dateTime."""
    text = str(value)[:10] if isinstance(value, str) else ""
    return text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None


def _line_of_value(text: str, value: str) -> int:
    if not value:
        return 1
    index = text.find(json.dumps(value)[1:-1][:60])
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def _section_from_json(section: dict[str, Any], counter: _DivCounter, text: str) -> DocSection:
    codes, code_text = _codes(section.get("code"))
    narrative = section.get("text") if isinstance(section.get("text"), dict) else None
    div = narrative.get("div") if narrative else None
    div_line = counter.line(narrative) if narrative else 1
    title = section.get("title") if isinstance(section.get("title"), str) else None
    return DocSection(
        title=title,
        line=div_line,
        codes=codes,
        code_text=code_text,
        div=div if isinstance(div, str) else None,
        div_line=div_line,
        sections=[_section_from_json(s, counter, text) for s in section.get("section") or []],
        element_id=section["id"] if isinstance(section.get("id"), str) else None,
    )


# ---------------------------------------------------------------- XML


def read_xml_bundle(root: etree._Element, source: str) -> Document:
    """A FHIR XML Bundle or Composition (already parsed)."""
    ns = {"f": FHIR_NS}
    comps = root.xpath("//f:Composition", namespaces=ns)
    if not comps:
        raise _error("no Composition in this FHIR XML file", source, 1)
    comp = comps[0]

    def value(node: etree._Element, name: str) -> str | None:
        found = node.find(f"{{{FHIR_NS}}}{name}")
        return found.get("value") if found is not None else None

    def codes(node: etree._Element) -> tuple[list[tuple[str, str]], str | None]:
        code = node.find(f"{{{FHIR_NS}}}code") if node is not None else None
        if code is None:
            return [], None
        out = [
            (value(c, "system") or "", value(c, "code") or "")
            for c in code.findall(f"{{{FHIR_NS}}}coding")
        ]
        return out, value(code, "text")

    def section(node: etree._Element) -> DocSection:
        found_codes, code_text = codes(node)
        text = node.find(f"{{{FHIR_NS}}}text")
        div = text.find("{http://www.w3.org/1999/xhtml}div") if text is not None else None
        markup = etree.tostring(div, encoding="unicode") if div is not None else None
        line = div.sourceline if div is not None and div.sourceline else node.sourceline or 1
        return DocSection(
            title=value(node, "title"),
            line=node.sourceline or 1,
            codes=found_codes,
            code_text=code_text,
            div=markup,
            div_line=line,
            multiline=True,
            sections=[section(s) for s in node.findall(f"{{{FHIR_NS}}}section")],
            element_id=node.get("id"),
        )

    type_node = comp.find(f"{{{FHIR_NS}}}type")
    type_codes: list[tuple[str, str]] = []
    if type_node is not None:
        type_codes = [
            (value(c, "system") or "", value(c, "code") or "")
            for c in type_node.findall(f"{{{FHIR_NS}}}coding")
        ]
    title_node = comp.find(f"{{{FHIR_NS}}}title")
    return Document(
        title=value(comp, "title") or "",
        title_line=(title_node.sourceline or 1) if title_node is not None else 1,
        language=value(comp, "language"),
        type_codes=type_codes,
        sections=[section(s) for s in comp.findall(f"{{{FHIR_NS}}}section")],
        date=_date(value(comp, "date")),
    )


# ---------------------------------------------------------------- FSH

_RULE = re.compile(r"^(\s*)\*\s+(.*)$")
_ALIAS = re.compile(r"^Alias:\s*(\$\S+)\s*=\s*(\S+)")


@dataclass
class _FshRule:
    indent: int
    path: str
    value: str | None
    line: int
    multiline: bool = False
    quoted: bool = False


def _fsh_rules(text: str) -> tuple[list[_FshRule], dict[str, str]]:
    rules: list[_FshRule] = []
    aliases: dict[str, str] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        raw = lines[i]
        alias = _ALIAS.match(raw)
        if alias:
            aliases[alias.group(1)] = alias.group(2)
        match = _RULE.match(raw)
        if not match:
            i += 1
            continue
        indent, body = len(match.group(1)), match.group(2)
        parts = re.match(r"^(\S*)\s*(=?)\s*(.*)$", body)
        assert parts is not None
        path, eq, rest = parts.group(1), parts.group(2), parts.group(3)
        start = i + 1
        value: str | None = None
        multiline = False
        rest = rest.strip()
        quoted = rest.startswith('"')
        if eq and rest.startswith('"""'):
            chunk = rest[3:]
            while '"""' not in chunk and i + 1 < len(lines):
                i += 1
                chunk += "\n" + lines[i]
            value, multiline = chunk.split('"""', 1)[0], True
        elif eq and rest.startswith('"'):
            value = _fsh_string(rest)
        elif eq:
            value = re.split(r"\s//", rest, maxsplit=1)[0].strip()  # a comment, not a URL
        rules.append(_FshRule(indent, path.strip(), value, start, multiline, quoted))
        i += 1
    return rules, aliases


def _fsh_string(rest: str) -> str:
    out, i = [], 1
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(rest):
        c = rest[i]
        if c == "\\" and i + 1 < len(rest):
            out.append(escapes.get(rest[i + 1], rest[i + 1]))
            i += 2
            continue
        if c == '"':
            break
        out.append(c)
        i += 1
    return "".join(out)


_STEP = re.compile(r"([A-Za-z_][\w-]*)(?:\[([^\]]*)\])?")


def read_fsh(text: str, source: str) -> Document:
    """A Composition instance written in FHIR Shorthand."""
    rules, aliases = _fsh_rules(text)
    if not any(r.path.startswith("section") or r.path == "title" for r in rules):
        raise _error("no Composition rules (title, section) in this FSH file", source, 1)
    tree: dict[str, Any] = {}
    current: dict[tuple[int, str], int] = {}
    prefixes: list[tuple[int, str]] = []
    for rule in rules:
        while prefixes and prefixes[-1][0] >= rule.indent:
            prefixes.pop()
        path = rule.path.rstrip(".")
        full = (
            f"{prefixes[-1][1]}.{path}"
            if prefixes and path
            else (prefixes[-1][1] if prefixes else path)
        )
        resolved = _resolve(full, tree, current)
        prefixes.append((rule.indent, resolved))
        if rule.value is not None and resolved:
            _assign(tree, resolved, rule, aliases)
    return _document_from_fsh(tree)


def _resolve(path: str, tree: dict[str, Any], current: dict[tuple[int, str], int]) -> str:
    """``section[+].title`` → ``section[2].title`` (soft indexes made explicit)."""
    out: list[str] = []
    node: Any = tree
    for step in path.split("."):
        found = _STEP.fullmatch(step)
        if not found:
            out.append(step)
            continue
        name, index = found.group(1), found.group(2)
        key = (id(node), name)
        items = node.setdefault(name, []) if isinstance(node, dict) else []
        if index in ("+",):
            n = current.get(key, -1) + 1
        elif index in ("=",):
            n = max(current.get(key, 0), 0)
        elif index is None or not index.isdigit():
            n = 0
        else:
            n = int(index)
        current[key] = n
        while isinstance(items, list) and len(items) <= n:
            items.append({})
        node = items[n] if isinstance(items, list) else {}
        out.append(f"{name}[{n}]")
    return ".".join(out)


def _assign(tree: dict[str, Any], path: str, rule: _FshRule, aliases: dict[str, str]) -> None:
    node: Any = tree
    steps = path.split(".")
    for step in steps:
        found = _STEP.fullmatch(step)
        if not found or not isinstance(node, dict):
            return
        node = node.setdefault(found.group(1), [{}])[int(found.group(2) or 0)]
    if isinstance(node, dict):
        value = rule.value or ""
        node["_value"] = value
        node["_line"] = rule.line
        node["_multiline"] = rule.multiline
        if "#" in value and not rule.quoted:
            system, _, code = value.partition("#")
            code = code.split()[0].strip('"') if code.split() else ""
            node["_code"] = (aliases.get(system.strip(), system.strip()), code)


def _get(node: dict[str, Any], name: str) -> dict[str, Any] | None:
    items = node.get(name)
    return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else None


def _document_from_fsh(tree: dict[str, Any]) -> Document:
    title = _get(tree, "title")
    language = _get(tree, "language")
    type_node = _get(tree, "type")
    return Document(
        title=str(title.get("_value", "")) if title else "",
        title_line=int(title.get("_line", 1)) if title else 1,
        language=str(language.get("_value", "")).lstrip("#") if language else None,
        type_codes=[type_node["_code"]] if type_node and "_code" in type_node else [],
        sections=[_fsh_section(s) for s in tree.get("section") or [] if isinstance(s, dict)],
    )


def _fsh_section(node: dict[str, Any]) -> DocSection:
    title = _get(node, "title")
    code = _get(node, "code")
    text = _get(node, "text")
    div = _get(text, "div") if text else None
    code_text = _get(code, "text") if code else None
    line = int(div.get("_line", 0)) if div else int(title.get("_line", 1)) if title else 1
    return DocSection(
        title=str(title["_value"]) if title and "_value" in title else None,
        line=int(title.get("_line", line)) if title else line,
        codes=[code["_code"]] if code and "_code" in code else [],
        code_text=str(code_text["_value"]) if code_text and "_value" in code_text else None,
        div=str(div["_value"]) if div and "_value" in div else None,
        div_line=line,
        multiline=bool(div.get("_multiline")) if div else False,
        sections=[_fsh_section(s) for s in node.get("section") or [] if isinstance(s, dict)],
    )

"""Source leaflets: ``content/<slug>.yaml`` → :class:`~leaflet_i18n.model.Leaflet`.

The file is read with YAML safe loading and checked against the schema node
by node, so every error names its line and all errors of a file are reported
together (``content/x.yaml:12: unknown key 'critcal' (did you mean 'critical'?)``).

Schema::

    title: Baclofen 10 mg tablets        # required
    source_locale: en                    # required
    protected_terms: [Baclofen]          # optional: must survive translation unchanged
    revised: 2026-11-26                  # optional: date of revision
    waivers:                             # optional: source findings published on purpose
      - code: lint.empty-list            # the finding's code
        section: side-effects            # the section path it is in
        reason: The original says so.    # why it may be published
        by: A. Author                    # who decided
    sections:                            # required, non-empty
      - id: side-effects                 # [a-z0-9-]+, unique among siblings
        kind: side_effects               # vocabulary: see `leaflet-i18n kinds`
        critical: true                   # optional: overrides the kind's default
        heading: Possible side effects   # optional
        blocks:                          # optional
          - A paragraph.
          - lead: "Common side effects:" # a list with an optional lead-in
            list:
              - Drowsiness.
              - "Stomach problems:"
              - [Nausea., Diarrhoea.]    # a list right after an item: its sub-items
          - boxed: Stop taking it at once if you faint.
          - table:                       # a table; every non-empty cell is a message
              caption: Dose by body weight   # optional
              header_rows: 1             # optional (default 1): rows of column headers
              header_columns: 1          # optional (default 0): cells of row headers
              rows:
                - [Body weight, Dose]
                - [14 kg to less than 25 kg, one 30 mg tablet a day]
                - [25 kg or more, one 50 mg tablet a day]
        sections: [...]                  # optional nested sections
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from leaflet_i18n.model.diagnostics import ContentError, LeafletError
from leaflet_i18n.model.leaflet import (
    KINDS,
    SECTION_ID,
    Block,
    BoxedWarning,
    Leaflet,
    ListBlock,
    ListItem,
    Paragraph,
    Section,
    TableBlock,
    TableCell,
    TableRow,
    Waiver,
)
from leaflet_i18n.model.locales import normalize_locale
from leaflet_i18n.sources.settings import Settings
from leaflet_i18n.sources.yamlnodes import NodeReader, compose_file, line_of, suggest

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOP_KEYS = ("title", "source_locale", "protected_terms", "revised", "waivers", "sections")
_WAIVER_KEYS = ("code", "section", "reason", "by")
_SECTION_KEYS = ("id", "kind", "critical", "heading", "blocks", "sections")
_BLOCK_KEYS = ("list", "lead", "boxed", "table")
_TABLE_KEYS = ("caption", "header_rows", "header_columns", "rows")


def slug_of(path: Path) -> str:
    return path.stem


def load_leaflet(path: Path, shown: str, settings: Settings | None = None) -> Leaflet:
    """Read one content file; raise :class:`ContentError` listing every schema error."""
    settings = settings or Settings()
    slug = slug_of(path)
    if not SLUG.fullmatch(slug):
        raise ContentError(
            f"file name '{path.name}' must be a slug: lowercase letters, digits and hyphens",
            path=shown,
            code="content.slug",
        )
    node = compose_file(path, shown)
    reader = NodeReader(shown)
    if node is None:
        raise ContentError("file is empty", path=shown, line=1, code="content.empty")
    leaflet = _leaflet(reader, node, slug, shown, settings)
    reader.raise_if_errors()
    assert leaflet is not None
    return leaflet


def _leaflet(
    reader: NodeReader, node: Node, slug: str, shown: str, settings: Settings
) -> Leaflet | None:
    keys = reader.mapping(node, "leaflet", _TOP_KEYS, ("title", "source_locale", "sections"))
    if keys is None:
        return None
    title = reader.string(keys["title"], "title") if "title" in keys else None
    locale = None
    if "source_locale" in keys:
        text = reader.string(keys["source_locale"], "source_locale")
        if text:
            try:
                locale = normalize_locale(text)
            except LeafletError as exc:
                reader.error(keys["source_locale"], exc.message, "content.locale")
    terms: list[tuple[str, int]] = []
    if "protected_terms" in keys:
        for item in reader.sequence(keys["protected_terms"], "protected_terms"):
            term = reader.string(item, "protected term")
            if term:
                terms.append((term.strip(), line_of(item)))
    revised = reader.date(keys["revised"], "revised") if "revised" in keys else None
    sections: tuple[Section, ...] = ()
    if "sections" in keys:
        nodes = reader.sequence(keys["sections"], "sections")
        if not nodes and isinstance(keys["sections"], Node):
            reader.error(keys["sections"], "a leaflet needs at least one section", "content.empty")
        sections = _sections(reader, nodes, None, settings)
    waivers = _waivers(reader, keys["waivers"], sections) if "waivers" in keys else ()
    if title is None or locale is None:
        return None
    return Leaflet(
        slug=slug,
        path=shown,
        title=title,
        title_line=line_of(keys["title"]),
        source_locale=locale,
        sections=sections,
        protected_terms=tuple(t for t, _ in terms),
        protected_lines=tuple(line for _, line in terms),
        revised=revised,
        waivers=waivers,
    )


def _waivers(reader: NodeReader, node: Node, sections: tuple[Section, ...]) -> tuple[Waiver, ...]:
    paths = {s.path for top in sections for s in top.walk()}
    out = []
    for item in reader.sequence(node, "waivers"):
        keys = reader.mapping(item, "waiver", _WAIVER_KEYS, _WAIVER_KEYS)
        if keys is None or any(k not in keys for k in _WAIVER_KEYS):
            continue
        values = {k: (reader.string(keys[k], f"waiver {k}") or "").strip() for k in _WAIVER_KEYS}
        if not all(values.values()):
            reader.error(
                item, "a waiver needs a code, a section, a reason and who decided", "content.waiver"
            )
            continue
        if values["section"] not in paths:
            reader.error(
                keys["section"],
                f"no section '{values['section']}'{suggest(values['section'], sorted(paths))}",
                "content.waiver",
            )
            continue
        out.append(
            Waiver(values["code"], values["section"], values["reason"], values["by"], line_of(item))
        )
    return tuple(out)


def _sections(
    reader: NodeReader, nodes: list[Node], parent: Section | None, settings: Settings
) -> tuple[Section, ...]:
    out: list[Section] = []
    seen: dict[str, int] = {}
    for node in nodes:
        section = _section(reader, node, parent, settings)
        if section is None:
            continue
        if section.id in seen:
            where = f"'{parent.path}'" if parent else "the top level"
            reader.error(
                node,
                f"duplicate section id '{section.id}' in {where} (first at line "
                f"{seen[section.id]}); ids must be unique among siblings",
                "content.duplicate-id",
            )
            continue
        seen[section.id] = section.line
        out.append(section)
    return tuple(out)


def _section(
    reader: NodeReader, node: Node, parent: Section | None, settings: Settings
) -> Section | None:
    keys = reader.mapping(node, "section", _SECTION_KEYS, ("id", "kind"))
    if keys is None:
        return None
    ident = reader.string(keys["id"], "id") if "id" in keys else None
    if ident is not None and not SECTION_ID.fullmatch(ident):
        reader.error(
            keys["id"], f"id '{ident}' must use only a-z, 0-9 and single hyphens", "content.id"
        )
        ident = None
    kind = reader.string(keys["kind"], "kind") if "kind" in keys else None
    if kind is not None and kind not in KINDS:
        reader.error(
            keys["kind"],
            f"unknown section kind '{kind}'{suggest(kind, list(KINDS))}",
            "content.kind",
        )
        kind = None
    explicit = reader.boolean(keys["critical"], "critical") if "critical" in keys else None
    heading = reader.string(keys["heading"], "heading") if "heading" in keys else None
    if ident is None or kind is None:
        return None
    path = f"{parent.path}/{ident}" if parent else ident
    critical, reason = _criticality(kind, explicit, parent, settings)
    blocks = _blocks(reader, keys["blocks"]) if "blocks" in keys else ()
    section = Section(
        id=ident,
        kind=kind,
        critical=critical,
        critical_reason=reason,
        path=path,
        line=line_of(node),
        heading=heading.strip() if heading else None,
        heading_line=line_of(keys["heading"]) if "heading" in keys else 0,
        blocks=blocks,
        depth=parent.depth + 1 if parent else 1,
    )
    if "sections" in keys:
        children = _sections(
            reader, reader.sequence(keys["sections"], "sections"), section, settings
        )
        section = replace(section, sections=children)
    return section


def _criticality(
    kind: str, explicit: bool | None, parent: Section | None, settings: Settings
) -> tuple[bool, str]:
    if explicit is not None:
        return explicit, "section"
    if kind in settings.critical_kinds:
        return settings.critical_kinds[kind], "policy"
    default = KINDS[kind].critical
    if default is None:  # "general": follow the parent; fail closed at the top level
        return (parent.critical if parent else True), "parent"
    return default, "kind"


def _blocks(reader: NodeReader, node: Node) -> tuple[Block, ...]:
    out: list[Block] = []
    for item in reader.sequence(node, "blocks"):
        if isinstance(item, ScalarNode):
            text = reader.string(item, "paragraph")
            if text:
                out.append(Paragraph(text.strip(), line_of(item)))
        elif isinstance(item, MappingNode):
            block = _mapping_block(reader, item)
            if block is not None:
                out.append(block)
        else:
            reader.error(
                item,
                "a block is a paragraph (text), a list, a boxed warning or a table",
                "content.type",
            )
    return tuple(out)


def _mapping_block(reader: NodeReader, node: MappingNode) -> Block | None:
    if len(node.value) == 1:
        key, value = node.value[0]
        if isinstance(value, ScalarNode) and str(key.value) not in _BLOCK_KEYS:
            reader.error(
                node,
                f"the paragraph '{key.value}: {str(value.value)[:30]}…' was read as a "
                "'key: value' pair because it contains ': '; put it in quotes",
                "content.colon",
            )
            return None
    keys = reader.mapping(node, "block", _BLOCK_KEYS)
    if keys is None:
        return None
    if "table" in keys:
        if len(keys) > 1:
            reader.error(node, "a table cannot also be a list or a boxed warning", "content.block")
            return None
        return _table(reader, keys["table"])
    if "boxed" in keys:
        if "list" in keys or "lead" in keys:
            reader.error(node, "a boxed warning cannot also be a list", "content.block")
            return None
        text = reader.string(keys["boxed"], "boxed warning")
        return BoxedWarning(text.strip(), line_of(keys["boxed"])) if text else None
    if "list" not in keys:
        reader.error(
            node, "a block mapping needs 'list' (with optional 'lead') or 'boxed'", "content.block"
        )
        return None
    lead = reader.string(keys["lead"], "lead") if "lead" in keys else None
    items = _list_items(reader, keys["list"], 0)
    return ListBlock(
        items=tuple(items),
        lead=lead.strip() if lead else None,
        lead_line=line_of(keys["lead"]) if "lead" in keys else 0,
        line=line_of(node),
    )


def _list_items(reader: NodeReader, node: Node, level: int) -> list[ListItem]:
    """Items of a list; a list right after an item holds that item's sub-items."""
    items: list[ListItem] = []
    for item in reader.sequence(node, "list"):
        if isinstance(item, SequenceNode):
            if not items or items[-1].level != level:
                reader.error(
                    item, "a nested list must follow the item it belongs to", "content.list"
                )
                continue
            if level >= 8:
                reader.error(item, "lists nest at most 8 levels deep", "content.list")
                continue
            items.extend(_list_items(reader, item, level + 1))
            continue
        text = reader.string(item, "list item")
        if text:
            items.append(ListItem(text.strip(), line_of(item), level))
    return items


def _table(reader: NodeReader, node: Node) -> TableBlock | None:
    keys = reader.mapping(node, "table", _TABLE_KEYS, ("rows",))
    if keys is None:
        return None
    caption = reader.string(keys["caption"], "caption") if "caption" in keys else None
    counts = {
        name: _count(reader, keys[name], name) if name in keys else default
        for name, default in (("header_rows", 1), ("header_columns", 0))
    }
    rows: list[TableRow] = []
    for row_node in reader.sequence(keys["rows"], "rows") if "rows" in keys else []:
        cells = []
        for cell in reader.sequence(row_node, "table row"):
            if not isinstance(cell, ScalarNode):
                reader.error(cell, "a table cell must be text", "content.type")
                continue
            # a cell is text as written ("Yes", "25"); an empty or null cell has no message
            text = "" if cell.tag == "tag:yaml.org,2002:null" else str(cell.value)
            cells.append(TableCell(text.strip(), line_of(cell)))
        rows.append(TableRow(tuple(cells), line_of(row_node)))
    if "rows" in keys and not rows:
        reader.error(keys["rows"], "a table needs at least one row", "content.empty")
    return TableBlock(
        rows=tuple(rows),
        caption=caption.strip() if caption else None,
        caption_line=line_of(keys["caption"]) if "caption" in keys else 0,
        header_rows=counts["header_rows"],
        header_columns=counts["header_columns"],
        line=line_of(node),
    )


def _count(reader: NodeReader, node: Node, what: str) -> int:
    value = reader.scalar(node)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100:
        return value
    reader.error(node, f"{what} must be a whole number from 0 to 100", "content.type")
    return 0

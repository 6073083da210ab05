"""Workspace settings: ``leaflet-i18n.yaml`` (optional; every key has a default).

Example::

    source_locale: en
    target_locales: [de, fr, es, ar, pl]
    output: site
    policy:
      fallback: fallback          # or: block
      critical_kinds:             # override the defaults of the kind vocabulary
        pharmacology: true
    equivalents:                  # accepted renderings of protected terms and units
      ru: {mg: мг}
      ar: {Paracetamol: باراسيتامول}
    translation_memory: true
    outputs: [html, pdf, epi]     # default: [html]; pdf needs WeasyPrint
    review:                       # review sign-off (default: nothing required)
      required: {critical: [linguistic, medical], other: []}
      roles: [linguistic, medical, regulatory]   # default: linguistic, medical
      locales: [de]               # default: every locale
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, SequenceNode

from leaflet_i18n.model.approval import ROLE, ReviewPolicy
from leaflet_i18n.model.diagnostics import LeafletError
from leaflet_i18n.model.leaflet import KINDS
from leaflet_i18n.model.locales import normalize_locale
from leaflet_i18n.sources.yamlnodes import NodeReader, compose_file, suggest

SETTINGS_FILE = "leaflet-i18n.yaml"
FALLBACK_POLICIES = ("fallback", "block")
OUTPUTS = ("html", "pdf", "epi")  # what build writes per published page, in this order


@dataclass(frozen=True)
class Settings:
    """What a workspace may configure; defaults describe an empty workspace."""

    source_locale: str = "en"
    target_locales: tuple[str, ...] | None = None  # None: every locale under locales/
    output: str = "site"
    fallback: str = "fallback"
    critical_kinds: dict[str, bool] = field(default_factory=dict)
    equivalents: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    translation_memory: bool = True
    path: str | None = None
    outputs: tuple[str, ...] = ("html",)  # of OUTPUTS; html always
    outputs_line: int = 0  # where the settings file sets them
    review: ReviewPolicy = field(default_factory=ReviewPolicy)

    def is_critical_kind(self, kind: str) -> bool | None:
        """The workspace's verdict for a kind, or the vocabulary default."""
        if kind in self.critical_kinds:
            return self.critical_kinds[kind]
        return KINDS[kind].critical if kind in KINDS else True

    def equivalents_for(self, locale: str) -> dict[str, tuple[str, ...]]:
        """Accepted renderings of protected terms and units in a locale (and its language)."""
        language = locale.split("_")[0]
        merged = dict(self.equivalents.get(language, {}))
        merged.update(self.equivalents.get(locale, {}))
        return merged


_KEYS = (
    "source_locale",
    "target_locales",
    "output",
    "policy",
    "equivalents",
    "translation_memory",
    "outputs",
    "review",
)


def load_settings(root: Path) -> Settings:
    """Read ``leaflet-i18n.yaml`` in ``root``; defaults when it is absent."""
    path = root / SETTINGS_FILE
    if not path.exists():
        return Settings()
    node = compose_file(path, SETTINGS_FILE)
    if node is None:
        return Settings(path=SETTINGS_FILE)
    reader = NodeReader(SETTINGS_FILE)
    keys = reader.mapping(node, "settings", _KEYS) or {}
    values: dict[str, object] = {"path": SETTINGS_FILE}
    if "source_locale" in keys:
        values["source_locale"] = _locale(reader, keys["source_locale"])
    if "target_locales" in keys:
        values["target_locales"] = tuple(
            loc
            for n in reader.sequence(keys["target_locales"], "target_locales")
            if (loc := _locale(reader, n))
        )
    if "output" in keys:
        values["output"] = reader.string(keys["output"], "output") or "site"
    if "translation_memory" in keys:
        values["translation_memory"] = reader.boolean(
            keys["translation_memory"], "translation_memory"
        )
    if "policy" in keys:
        values.update(_policy(reader, keys["policy"]))
    if "equivalents" in keys:
        values["equivalents"] = _equivalents(reader, keys["equivalents"])
    if "outputs" in keys:
        values["outputs"] = _outputs(reader, keys["outputs"])
        values["outputs_line"] = keys["outputs"].start_mark.line + 1
    if "review" in keys:
        values["review"] = _review(reader, keys["review"])
    reader.raise_if_errors()
    return Settings(**values)  # type: ignore[arg-type]


def _locale(reader: NodeReader, node: Node) -> str | None:
    text = reader.string(node, "locale")
    if text is None:
        return None
    try:
        return normalize_locale(text)
    except LeafletError as exc:
        reader.error(node, exc.message, "settings.locale")
        return None


def _policy(reader: NodeReader, node: Node) -> dict[str, object]:
    keys = reader.mapping(node, "policy", ("fallback", "critical_kinds")) or {}
    out: dict[str, object] = {}
    if "fallback" in keys:
        value = reader.string(keys["fallback"], "policy.fallback")
        if value not in FALLBACK_POLICIES:
            reader.error(
                keys["fallback"], "policy.fallback must be 'fallback' or 'block'", "settings.policy"
            )
        else:
            out["fallback"] = value
    if "critical_kinds" in keys:
        kinds: dict[str, bool] = {}
        mapping = keys["critical_kinds"]
        if isinstance(mapping, MappingNode):
            for key_node, value_node in mapping.value:
                kind = str(key_node.value)
                if kind not in KINDS:
                    reader.error(
                        key_node,
                        f"unknown section kind '{kind}'{suggest(kind, list(KINDS))}",
                        "settings.kind",
                    )
                    continue
                flag = reader.boolean(value_node, f"critical_kinds.{kind}")
                if flag is not None:
                    kinds[kind] = flag
        else:
            reader.error(mapping, "critical_kinds must map kinds to true/false", "content.type")
        out["critical_kinds"] = kinds
    return out


def _equivalents(reader: NodeReader, node: Node) -> dict[str, dict[str, tuple[str, ...]]]:
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    if not isinstance(node, MappingNode):
        reader.error(node, "equivalents must map locales to {term: rendering}", "content.type")
        return out
    for locale_node, table in node.value:
        locale = _locale(reader, locale_node)
        if locale is None or not isinstance(table, MappingNode):
            if locale is not None:
                reader.error(
                    table, f"equivalents.{locale} must map terms to renderings", "content.type"
                )
            continue
        terms: dict[str, tuple[str, ...]] = {}
        for term_node, value_node in table.value:
            term = str(term_node.value)
            if isinstance(value_node, MappingNode):
                reader.error(
                    value_node, "a rendering must be text or a list of texts", "content.type"
                )
                continue
            if isinstance(value_node, SequenceNode):
                renderings = [reader.string(v, term) for v in value_node.value]
            else:
                renderings = [reader.string(value_node, term)]
            terms[term] = tuple(r for r in renderings if r)
        out[locale] = terms
    return out


def _outputs(reader: NodeReader, node: Node) -> tuple[str, ...]:
    chosen = set()
    for item in reader.sequence(node, "outputs"):
        name = reader.string(item, "outputs")
        if name is None:
            continue
        if name not in OUTPUTS:
            reader.error(
                item,
                f"unknown output '{name}'{suggest(name, list(OUTPUTS))}: "
                f"choose from {', '.join(OUTPUTS)}",
                "settings.outputs",
            )
        else:
            chosen.add(name)
    if chosen and "html" not in chosen:
        reader.error(
            node,
            "outputs must include html: the indexes and the language switchers link to the "
            "HTML pages",
            "settings.outputs",
        )
    return tuple(o for o in OUTPUTS if o in chosen) or ("html",)


def _review(reader: NodeReader, node: Node) -> ReviewPolicy:
    """``review:``: the roles that must approve critical and other text, in which locales."""
    keys = reader.mapping(node, "review", ("required", "roles", "locales")) or {}
    policy = ReviewPolicy(line=node.start_mark.line + 1)
    roles = policy.roles
    if "roles" in keys:
        roles = _roles(reader, keys["roles"], "review.roles", None)
        if not roles:
            reader.error(
                keys["roles"], "review.roles must name at least one role", "settings.review"
            )
    required: dict[str, tuple[str, ...]] = {}
    if "required" in keys:
        table = reader.mapping(keys["required"], "review.required", ("critical", "other")) or {}
        for name, value in table.items():
            required[name] = _roles(reader, value, f"review.required.{name}", roles)
    locales = None
    if "locales" in keys:
        found = [_locale(reader, n) for n in reader.sequence(keys["locales"], "review.locales")]
        locales = tuple(loc for loc in found if loc)
    return ReviewPolicy(
        critical=required.get("critical", ()),
        other=required.get("other", ()),
        roles=roles,
        locales=locales,
        line=policy.line,
    )


def _roles(
    reader: NodeReader, node: Node, what: str, known: tuple[str, ...] | None
) -> tuple[str, ...]:
    out: list[str] = []
    for item in reader.sequence(node, what):
        role = reader.string(item, what)
        if role is None:
            continue
        if not ROLE.fullmatch(role):
            reader.error(
                item, f"{what}: role '{role}' must be a lower-case word", "settings.review"
            )
        elif known is not None and role not in known:
            reader.error(
                item,
                f"{what}: unknown role '{role}'{suggest(role, list(known))} "
                f"(review.roles: {', '.join(known)})",
                "settings.review",
            )
        elif role not in out:
            out.append(role)
    return tuple(out)

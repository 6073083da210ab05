"""Safe YAML with line numbers: the node layer under content and settings files.

Files are composed with PyYAML's ``SafeLoader`` (no object construction from
tags), then walked node by node, so every schema error can name its line and
every problem in a file is reported at once rather than the first only.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from leaflet_i18n.model.diagnostics import ContentError, Finding, Location
from leaflet_i18n.util.fs import read_file

# LibYAML's C parser when PyYAML has it (about 10x faster); both build the same nodes.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def line_of(node: Node) -> int:
    return int(node.start_mark.line) + 1


def compose_file(path: Path, shown: str) -> Node | None:
    """Parse a YAML file into nodes; raise ContentError with ``file:line`` if it is not YAML."""
    try:
        data = read_file(path)
    except OSError as exc:
        raise ContentError(f"cannot read file: {exc.strerror}", path=shown, code="io.read") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(
            "file is not valid UTF-8",
            path=shown,
            line=data.count(b"\n", 0, exc.start) + 1,
            code="yaml.encoding",
        ) from exc
    try:
        return yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        raise ContentError(
            f"invalid YAML: {problem}",
            path=shown,
            line=int(mark.line) + 1 if mark else None,
            code="yaml.syntax",
        ) from exc
    except yaml.YAMLError as exc:
        raise ContentError(f"invalid YAML: {exc}", path=shown, code="yaml.syntax") from exc


class NodeReader:
    """Typed access to YAML nodes that records schema errors instead of raising."""

    def __init__(self, shown: str) -> None:
        self.path = shown
        self.errors: list[Finding] = []
        self._constructor = SafeConstructor()

    def error(self, node: Node | None, message: str, code: str) -> None:
        line = line_of(node) if node is not None else 1
        self.errors.append(Finding("error", code, Location(self.path, line), message))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError.from_findings(self.errors)

    def mapping(
        self, node: Node, what: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> dict[str, Node] | None:
        """Keys of a mapping; unknown, duplicate and missing keys are errors."""
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values", "content.type")
            return None
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                self.error(key_node, f"{what}: keys must be plain words", "content.type")
                continue
            if key in out:
                self.error(key_node, f"{what}: key '{key}' is given twice", "content.duplicate-key")
            elif key not in allowed:
                self.error(
                    key_node,
                    f"{what}: unknown key '{key}'{suggest(key, allowed)}",
                    "content.unknown-key",
                )
            out[key] = value_node
        for key in required:
            if key not in out:
                self.error(node, f"{what}: missing required key '{key}'", "content.missing-key")
        return out

    def string(self, node: Node, what: str) -> str | None:
        if isinstance(node, ScalarNode) and node.tag != _NULL and node.tag != _BOOL:
            value = str(node.value)
            if value.strip():
                return value
            self.error(node, f"{what} must not be empty", "content.empty")
            return None
        self.error(node, f"{what} must be text", "content.type")
        return None

    def boolean(self, node: Node, what: str) -> bool | None:
        if isinstance(node, ScalarNode) and node.tag == _BOOL:
            return bool(self._constructor.construct_yaml_bool(node))
        self.error(node, f"{what} must be true or false", "content.type")
        return None

    def sequence(self, node: Node, what: str) -> list[Node]:
        if isinstance(node, SequenceNode):
            return list(node.value)
        self.error(node, f"{what} must be a list (lines starting with '- ')", "content.type")
        return []

    def date(self, node: Node, what: str) -> date | None:
        if isinstance(node, ScalarNode) and node.tag in (_TIMESTAMP, _STR):
            try:
                value: Any = self._constructor.construct_yaml_timestamp(node)
            except (ConstructorError, ValueError, TypeError):
                value = None
            if isinstance(value, datetime):
                return value.date()
            if isinstance(value, date):
                return value
        self.error(node, f"{what} must be a date written YYYY-MM-DD", "content.type")
        return None

    def scalar(self, node: Node) -> Any:
        """The plain Python value of a scalar (str, int, float, bool, None)."""
        if isinstance(node, ScalarNode):
            return self._constructor.construct_object(node, deep=True)
        return None


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """`` (did you mean 'x'?)`` when a close match exists."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""

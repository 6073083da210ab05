"""The package layout shows the pipeline: each package imports only from the ones below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "leaflet_i18n"
# Bottom to top. A module may import from its own package and from packages lower down.
LAYERS = ["util", "model", "formats", "sources", "checks", "render", "steps", "(top)"]


def layer_of(module: str) -> int:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    return LAYERS.index("(top)")  # cli, babel_extract, __main__, the package itself


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("leaflet_i18n")
        ):
            if node.module in ("leaflet_i18n",):
                found.update(
                    f"leaflet_i18n.{alias.name}"
                    for alias in node.names
                    if alias.name != "__version__"
                )
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("leaflet_i18n."))
    return found


MODULES = {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_from_a_package_above_it(module: str) -> None:
    upward = sorted(m for m in MODULES[module] if layer_of(m) > layer_of(module))
    assert not upward, f"{module} imports {upward}"


def test_no_import_cycles() -> None:
    graph = {m: {i for i in deps if i in MODULES} for m, deps in MODULES.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            if nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_every_package_is_in_a_layer() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages <= set(LAYERS)


def test_architecture_document_names_every_module() -> None:
    text = (PACKAGE.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for module in MODULES:
        parts = module.split(".")
        if len(parts) == 3 and not parts[2].startswith("_"):
            assert parts[2] in text, f"docs/architecture.md does not name {module}"

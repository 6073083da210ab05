"""The page templates in effect: the toolkit's built-in ones, overridden by the workspace's.

Templates are sources like the content files: their strings are extracted
into ``locales/templates.pot``, and a change to one changes every page.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def template_sources(workspace_templates: Path | None) -> list[Path]:
    """The template files in effect (a workspace file hides the default of the same name)."""
    chosen: dict[str, Path] = {}
    for folder in (PACKAGE_TEMPLATES, workspace_templates):
        if folder is not None and folder.is_dir():
            for path in sorted(folder.rglob("*.html")):
                chosen[path.relative_to(folder).as_posix()] = path
    return [chosen[name] for name in sorted(chosen)]


def stylesheet(workspace_templates: Path) -> bytes:
    """The page stylesheet: the workspace's ``leaflet.css`` if it has one, else the built-in."""
    custom = workspace_templates / "leaflet.css"
    return (custom if custom.exists() else PACKAGE_TEMPLATES / "leaflet.css").read_bytes()

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


STYLESHEETS = ("leaflet.css", "print.css")  # the pages' stylesheet; the PDFs' paged media


def stylesheet_path(workspace_templates: Path, name: str = "leaflet.css") -> Path:
    """A stylesheet in effect: the workspace's if it has one, else the built-in."""
    custom = workspace_templates / name
    return custom if custom.exists() else PACKAGE_TEMPLATES / name


def stylesheet(workspace_templates: Path, name: str = "leaflet.css") -> bytes:
    """The page stylesheet (or ``name``): the workspace's if it has one, else the built-in."""
    return stylesheet_path(workspace_templates, name).read_bytes()

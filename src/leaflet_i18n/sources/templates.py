"""The page templates in effect: the toolkit's built-in ones, overridden by the workspace's.

Templates are sources like the content files: their strings are extracted
into ``locales/templates.pot``, and a change to one changes every page.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from leaflet_i18n.model.diagnostics import ContentError
from leaflet_i18n.util.fs import read_file

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def template_sources(workspace_templates: Path | None) -> list[Path]:
    """The template files in effect (a workspace file hides the default of the same name).

    A ``*.html`` that is no regular file (a folder, a named pipe, a broken
    link) is a :class:`ContentError`: it is not silently left out, and
    reading a pipe would never end.
    """
    chosen: dict[str, Path] = {}
    for folder in (PACKAGE_TEMPLATES, workspace_templates):
        if folder is not None and folder.is_dir():
            for path in sorted(folder.rglob("*.html")):
                _regular(path)
                chosen[path.relative_to(folder).as_posix()] = path
    return [chosen[name] for name in sorted(chosen)]


def _regular(path: Path) -> None:
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise ContentError(
            f"cannot read template: {exc.strerror}", path=str(path), code="io.read"
        ) from exc
    if not stat.S_ISREG(mode):
        raise ContentError(
            "cannot read template: not a regular file", path=str(path), code="io.read"
        )


STYLESHEETS = ("leaflet.css", "print.css")  # the pages' stylesheet; the PDFs' paged media


def stylesheet_path(workspace_templates: Path, name: str = "leaflet.css") -> Path:
    """A stylesheet in effect: the workspace's if it has one, else the built-in."""
    custom = workspace_templates / name
    return custom if custom.exists() else PACKAGE_TEMPLATES / name


def stylesheet(workspace_templates: Path, name: str = "leaflet.css") -> bytes:
    """The page stylesheet (or ``name``): the workspace's if it has one, else the built-in."""
    return read_file(stylesheet_path(workspace_templates, name))

"""The Jinja2 environment: workspace templates first, the toolkit's defaults after.

Autoescaping is always on: translations and content are untrusted. Template
strings are translated through :func:`escaped_gettext`, never through Jinja2's
i18n extension, which marks every translation as safe markup (a translated
``<script>`` would be emitted raw).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

from leaflet_i18n.sources.templates import PACKAGE_TEMPLATES


def environment(workspace_templates: Path | None = None) -> Environment:
    """An autoescaping environment; ``workspace_templates`` override the defaults by name."""
    loaders: list[FileSystemLoader | PackageLoader] = []
    if workspace_templates is not None and workspace_templates.is_dir():
        loaders.append(FileSystemLoader(workspace_templates))
    loaders.append(FileSystemLoader(PACKAGE_TEMPLATES))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env

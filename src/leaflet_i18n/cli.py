"""The ``leaflet-i18n`` command line: a thin layer over the library."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from leaflet_i18n import __version__
from leaflet_i18n.diagnostics import LeafletError


class _Group(click.Group):
    """Turns library errors into ``error: file:line: message`` and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LeafletError as exc:
            click.echo(f"error: {exc}", err=True)
            for finding in getattr(exc, "findings", [])[1:]:
                click.echo(f"error: {finding.location}: {finding.message}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="leaflet-i18n")
@click.option(
    "-C",
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Workspace folder (holds content/, locales/, templates/).",
)
@click.pass_context
def main(ctx: click.Context, workspace: Path) -> None:
    """Localize medicine patient leaflets with gettext.

    Source leaflets in content/*.yaml are extracted into gettext catalogs
    (locales/*.pot); translators fill locales/<ll>/LC_MESSAGES/*.po; build
    renders one HTML leaflet per locale into site/, refusing any page whose
    safety-critical text is not fully and correctly translated.
    """
    ctx.obj = workspace

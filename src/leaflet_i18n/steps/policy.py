"""Every way a workspace departs from the toolkit's default policy, for every report to show.

A reviewer must see at a glance what was decided locally: kinds or sections
made non-critical, the fallback policy, accepted renderings of protected
terms and units, templates that replace the built-in ones, and waived source
findings. ``check``, ``status`` and ``build`` list these deviations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from leaflet_i18n.model.leaflet import KINDS
from leaflet_i18n.model.verdict import Decision, Deviation
from leaflet_i18n.sources.settings import SETTINGS_FILE
from leaflet_i18n.sources.templates import PACKAGE_TEMPLATES
from leaflet_i18n.sources.workspace import Workspace


def deviations(
    ws: Workspace, decisions: Iterable[Decision], locales: Iterable[str] | None = None
) -> list[Deviation]:
    """Every deviation of the workspace and of the pages decided, settings first; accepted
    renderings only of ``locales`` (and their languages) when given."""
    wanted = None if locales is None else {x for loc in locales for x in (loc, loc.split("_")[0])}
    out = [
        d
        for d in _settings_deviations(ws)
        if wanted is None or d.kind != "equivalent" or d.text.split(":", 1)[0] in wanted
    ]
    out += _template_deviations(ws)
    for decision in decisions:
        out += decision.deviations
    return list(dict.fromkeys(out))  # a leaflet's deviations once, whatever its languages


def _settings_deviations(ws: Workspace) -> Iterator[Deviation]:
    settings = ws.settings
    for kind, critical in sorted(settings.critical_kinds.items()):
        default = KINDS[kind].critical
        if critical != default:
            state = "critical" if critical else "not critical"
            yield Deviation(
                "critical-kind", SETTINGS_FILE, None, f"sections of kind '{kind}' are {state}"
            )
    if settings.fallback != "fallback":
        text = "non-critical text that is not translated refuses the page (policy.fallback: block)"
        yield Deviation("fallback", SETTINGS_FILE, None, text)
    for locale, table in sorted(settings.equivalents.items()):
        for term, renderings in sorted(table.items()):
            accepted = ", ".join(renderings)
            yield Deviation(
                "equivalent", SETTINGS_FILE, None, f"{locale}: '{term}' may be written {accepted}"
            )


def _template_deviations(ws: Workspace) -> Iterator[Deviation]:
    builtin = {p.name for p in PACKAGE_TEMPLATES.iterdir()}
    if not ws.templates_dir.is_dir():
        return
    for path in sorted(ws.templates_dir.iterdir()):
        if path.name in builtin:
            text = f"replaces the built-in {path.name}"
            yield Deviation("template", ws.display(path), None, text)

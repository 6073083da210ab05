"""``compile``: ``.mo`` files for the catalogs whose pages the gate lets through."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats.mo import CompileStats, compile_catalog
from leaflet_i18n.model.verdict import PageVerdict, Reason
from leaflet_i18n.sources.workspace import TEMPLATE_DOMAIN, Workspace


@dataclass(frozen=True)
class CatalogCompile:
    """One catalog: its ``.mo`` bytes (unless refused), what went in, why it is blocked."""

    path: Path
    shown: str
    blocked: tuple[Reason, ...]
    data: bytes | None = None
    stats: CompileStats | None = None


def blocked_catalogs(ws: Workspace, verdicts: list[PageVerdict]) -> dict[str, list[Reason]]:
    """Catalogs (by domain) of one locale that a refused page blames, with the reasons.

    A leaflet's catalog is blocked with its page; the template catalog when a
    reason points into it (its critical strings are on every page).
    """
    blocked: dict[str, list[Reason]] = {}
    for verdict in verdicts:
        if verdict.publishable:
            continue
        templates = ws.display(ws.po_path(verdict.locale, TEMPLATE_DOMAIN))
        for reason in verdict.blocking:
            domain = TEMPLATE_DOMAIN if reason.file == templates else verdict.leaflet
            reasons = blocked.setdefault(domain, [])
            if reason not in reasons:
                reasons.append(reason)
        if not blocked.setdefault(verdict.leaflet, []):
            blocked[verdict.leaflet] = list(verdict.blocking)
    return blocked


def plan_compile(
    ws: Workspace, verdicts: list[PageVerdict], allow_blocked: bool = False
) -> list[CatalogCompile]:
    """Every existing catalog of the reviewed locales, compiled unless its page is blocked."""
    out = []
    for locale in sorted({v.locale for v in verdicts}):
        blocked = blocked_catalogs(ws, [v for v in verdicts if v.locale == locale])
        for domain in ws.domains():
            path = ws.po_path(locale, domain)
            if not path.exists():
                continue
            shown = ws.display(path)
            reasons = tuple(blocked.get(domain, ()))
            if reasons and not allow_blocked:
                out.append(CatalogCompile(path, shown, reasons))
                continue
            data, stats = compile_catalog(read_catalog(path, display=shown))
            out.append(CatalogCompile(path, shown, reasons, data, stats))
    return out

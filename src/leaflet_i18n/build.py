"""``build``: review every page, render the publishable ones, refuse the rest.

A refused page is not written, and a copy left by an earlier build is
removed, so no outdated translation stays online. The index and the status
page are rewritten on every build from what was decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leaflet_i18n.diagnostics import Finding, Location
from leaflet_i18n.fsutil import write_if_changed
from leaflet_i18n.gate import PageReview
from leaflet_i18n.locales import bcp47, display_name, text_direction
from leaflet_i18n.model import Leaflet
from leaflet_i18n.render import (
    PageContext,
    RenderError,
    render_index,
    render_leaflet,
    render_status,
)
from leaflet_i18n.review import review_pages, source_page, template_messages
from leaflet_i18n.status import status_data
from leaflet_i18n.templating import PACKAGE_TEMPLATES, environment
from leaflet_i18n.workspace import Workspace


@dataclass
class PageResult:
    leaflet: str
    locale: str
    published: bool
    path: str
    blocking: list[Finding] = field(default_factory=list)
    fallbacks: list[dict[str, Any]] = field(default_factory=list)
    removed_stale: bool = False
    written: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "leaflet": self.leaflet,
            "locale": self.locale,
            "published": self.published,
            "path": self.path,
            "blocking": [
                {
                    "file": f.location.path,
                    "line": f.location.line,
                    "section": f.extra.get("section"),
                    "code": f.code,
                    "message": f.message,
                    "msgid": f.extra.get("msgid"),
                }
                for f in self.blocking
            ],
            "fallbacks": self.fallbacks,
        }


@dataclass
class BuildResult:
    output: Path
    pages: list[PageResult]

    @property
    def refused(self) -> list[PageResult]:
        return [p for p in self.pages if not p.published]


def page_path(output: Path, locale: str, slug: str) -> Path:
    return output / locale / f"{slug}.html"


def build_site(ws: Workspace, output: Path, locales: list[str] | None = None) -> BuildResult:
    """Build ``output``: one page per leaflet × chosen locale (default: source and targets).

    Every locale of the workspace (targets and those still in translation) is
    reviewed, so the index and the status page always describe the whole site;
    only the chosen locales are rendered.
    """
    leaflets = ws.leaflets()
    source = ws.settings.source_locale
    chosen = locales if locales is not None else [source, *ws.target_locales()]
    everything = sorted({*ws.target_locales(), *ws.locales_on_disk(), *chosen} - {source})
    reviews = review_pages(ws, leaflets, everything, include_source=True)
    wanted = [r for r in reviews if r.locale in chosen]
    env = environment(ws.templates_dir)
    published = _published_locales(wanted, output, leaflets, source)
    results = [
        _build_page(ws, env, page, output, published.get(page.leaflet.slug, [])) for page in wanted
    ]
    write_if_changed(output / "assets" / "leaflet.css", _stylesheet(ws))
    _write_index(ws, env, output, leaflets, source, reviews)
    status = status_data([r for r in reviews if not r.is_source])
    write_if_changed(output / "status.html", render_status(env, status).encode("utf-8"))
    return BuildResult(output, results)


def _published_locales(
    reviews: list[PageReview], output: Path, leaflets: list[Leaflet], source: str
) -> dict[str, list[str]]:
    """Per leaflet, the locales whose page exists after this build (for switchers)."""
    decided = {(r.leaflet.slug, r.locale): r.publishable for r in reviews}
    out: dict[str, list[str]] = {}
    for leaflet in leaflets:
        locales = set()
        for folder in sorted(p for p in output.glob("*") if p.is_dir() and p.name != "assets"):
            if (folder / f"{leaflet.slug}.html").exists():
                locales.add(folder.name)
        for (slug, locale), ok in decided.items():
            if slug == leaflet.slug:
                (locales.add if ok else locales.discard)(locale)
        out[leaflet.slug] = sorted(locales, key=lambda loc: (loc != source, loc))
    return out


def _build_page(
    ws: Workspace, env: Any, page: PageReview, output: Path, published: list[str]
) -> PageResult:
    target = page_path(output, page.locale, page.leaflet.slug)
    shown = ws.display(target)
    result = PageResult(
        page.leaflet.slug, page.locale, page.publishable, shown, list(page.blocking)
    )
    result.fallbacks = [
        {"section": r.message.context or "(templates)", "msgid": r.message.msgid, "state": r.state}
        for r in page.fallbacks
    ]
    if page.publishable:
        try:
            html = render_leaflet(env, page, ws.settings.source_locale, published)
        except RenderError as exc:
            result.published = False
            result.blocking.append(
                Finding("error", "render.verify", Location(page.catalog), str(exc))
            )
        else:
            result.written = write_if_changed(target, html.encode("utf-8"))
            return result
    if target.exists():
        target.unlink()
        result.removed_stale = True
    return result


def _stylesheet(ws: Workspace) -> bytes:
    custom = ws.templates_dir / "leaflet.css"
    return (custom if custom.exists() else PACKAGE_TEMPLATES / "leaflet.css").read_bytes()


def _write_index(
    ws: Workspace,
    env: Any,
    output: Path,
    leaflets: list[Leaflet],
    source: str,
    reviews: list[PageReview],
) -> None:
    refused = {(r.leaflet.slug, r.locale) for r in reviews if not r.publishable}
    entries = []
    for leaflet in leaflets:
        published, blocked = [], []
        for folder in sorted(p for p in output.glob("*") if p.is_dir() and p.name != "assets"):
            locale = folder.name
            info = {
                "lang": bcp47(locale),
                "dir": text_direction(locale),
                "name": display_name(locale),
                "href": f"{locale}/{leaflet.slug}.html",
            }
            if (folder / f"{leaflet.slug}.html").exists():
                published.append((locale != source, locale, info))
        for slug, locale in sorted(refused):
            if slug == leaflet.slug:
                blocked.append(
                    {
                        "lang": bcp47(locale),
                        "dir": text_direction(locale),
                        "name": display_name(locale),
                    }
                )
        entries.append(
            {
                "title": leaflet.title,
                "lang": bcp47(leaflet.source_locale),
                "published": [info for _, _, info in sorted(published, key=lambda t: (t[0], t[1]))],
                "refused": blocked,
            }
        )
    source_pages = [r for r in reviews if r.is_source]
    context_page = source_pages[0] if source_pages else None
    if context_page is None:
        context_page = source_page(leaflets[0], source, template_messages(ws), ws)
    html = render_index(env, source, entries, PageContext(context_page, source))
    write_if_changed(output / "index.html", html.encode("utf-8"))

"""``build``: review every page, render the publishable ones, refuse the rest.

A refused page is not written, and a copy left by an earlier build is
removed, so no outdated translation stays online. Work is spread over
processes; a page whose inputs did not change since the last build is
neither reviewed nor rendered again (unless the set of languages it links to
changed). The index and status pages always describe every locale.

Two passes: workers review each changed page and render it at once with the
language switcher expected from the last build; when the final set of
published languages of a leaflet turns out different, its pages are
rendered again with the right switcher.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leaflet_i18n import parallel
from leaflet_i18n.cache import Store
from leaflet_i18n.diagnostics import Finding, Location
from leaflet_i18n.fsutil import write_if_changed
from leaflet_i18n.locales import bcp47, display_name, text_direction
from leaflet_i18n.render import (
    PageContext,
    RenderError,
    render_index,
    render_leaflet,
    render_status,
)
from leaflet_i18n.review import (
    PageOutcome,
    Reviewer,
    page_signature,
    review_outcomes,
    shared_signature,
)
from leaflet_i18n.status import status_data_from
from leaflet_i18n.templating import PACKAGE_TEMPLATES, environment
from leaflet_i18n.workspace import Workspace

Page = tuple[str, str]  # (leaflet slug, locale)


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
            "blocking": [_reason(f) for f in self.blocking],
            "fallbacks": self.fallbacks,
        }


def _reason(f: Finding) -> dict[str, Any]:
    return {
        "file": f.location.path,
        "line": f.location.line,
        "section": f.extra.get("section"),
        "code": f.code,
        "message": f.message,
        "msgid": f.extra.get("msgid"),
    }


@dataclass
class BuildResult:
    output: Path
    pages: list[PageResult]
    reviewed: int = 0
    rendered: int = 0

    @property
    def refused(self) -> list[PageResult]:
        return [p for p in self.pages if not p.published]

    @property
    def up_to_date(self) -> int:
        return len(self.pages) - self.rendered - len(self.refused)


def page_path(output: Path, locale: str, slug: str) -> Path:
    return output / locale / f"{slug}.html"


# ---------------------------------------------------------------- worker side


_STATE: dict[str, Any] = {}


def _init(root: str, output: str) -> None:
    if _STATE.get("root") != root:  # forked workers inherit the parent's state
        ws = Workspace.open(Path(root))
        _STATE.update(root=root, reviewer=Reviewer(ws), env=environment(ws.templates_dir))
    _STATE["output"] = output


def _process(task: tuple[str, str, list[str]]) -> tuple[dict[str, Any], bool, str | None]:
    """Review one page and, if publishable, render it linking to ``published``."""
    slug, locale, published = task
    reviewer: Reviewer = _STATE["reviewer"]
    page = reviewer.page(slug, locale)
    outcome = PageOutcome.of(page)
    target = page_path(Path(_STATE["output"]), locale, slug)
    if not page.publishable:
        return outcome.to_json(), False, None
    try:
        html = render_leaflet(_STATE["env"], page, reviewer.ws.settings.source_locale, published)
    except RenderError as exc:
        return outcome.to_json(), False, str(exc)
    return outcome.to_json(), write_if_changed(target, html.encode("utf-8"), durable=False), None


# ---------------------------------------------------------------- the build


def build_site(
    ws: Workspace,
    output: Path,
    locales: list[str] | None = None,
    jobs: int = 1,
    store: Store | None = None,
    progress: Callable[[int], None] | None = None,
    leaflet_filter: Callable[[str], bool] | None = None,
) -> BuildResult:
    """Build ``output``: one page per leaflet × chosen locale (default: source and targets)."""
    source = ws.settings.source_locale
    slugs = [p.stem for p in ws.content_files() if leaflet_filter is None or leaflet_filter(p.stem)]
    if not slugs:
        ws.leaflets()  # raises the usual "no leaflets" error
    chosen = locales if locales is not None else [source, *ws.target_locales()]
    others = {*ws.target_locales(), *ws.locales_on_disk(), *chosen} - {source}
    all_pages = [(slug, loc) for loc in [source, *sorted(others)] for slug in slugs]
    wanted = [(slug, loc) for loc in chosen for slug in slugs]
    store = store or Store(ws.root, enabled=False)
    manifest_name = "build-" + hashlib.sha1(str(output.resolve()).encode()).hexdigest()[:12]
    manifest: dict[str, Any] = store.load(manifest_name) or {}
    shared = shared_signature(ws)
    signatures = {p: page_signature(ws, shared, *p) for p in all_pages}
    stale = set(_stale(store, all_pages, signatures))
    switchers = _expected_switchers(slugs, chosen, manifest, output, ws)
    tasks = [
        (slug, loc, switchers[slug])
        for slug, loc in wanted
        if (slug, loc) in stale
        or _needs_render((slug, loc), signatures, manifest, switchers, output)
    ]
    _STATE.clear()
    _STATE.update(root=str(ws.root), reviewer=Reviewer(ws), env=environment(ws.templates_dir))
    _STATE["output"] = str(output)
    run = _Run()
    run.pages(tasks, jobs, ws, output, progress)
    outcomes = review_outcomes(
        ws, [p for p in all_pages if p not in run.fresh], jobs, store, fresh=run.fresh
    )
    for page, error in run.errors.items():
        where = Location(ws.display(page_path(output, page[1], page[0])))
        outcomes[page].publishable = False
        outcomes[page].blocking.append(Finding("error", "render.verify", where, error))
    final = _final_switchers(slugs, chosen, outcomes, output, source)
    again = [
        (slug, loc, final[slug])
        for slug, loc in wanted
        if outcomes[(slug, loc)].publishable
        and run.rendered_with.get((slug, loc), _recorded(manifest, (slug, loc))) != final[slug]
    ]
    run.pages(again, jobs, ws, output, None)
    results = _results(ws, output, wanted, outcomes, run.rendered_with)
    for page in wanted:
        key = f"{page[1]}/{page[0]}"
        if outcomes[page].publishable:
            manifest[key] = {"signature": signatures[page], "published": final[page[0]]}
        else:
            manifest.pop(key, None)
    store.save(manifest_name, manifest)
    write_if_changed(output / "assets" / "leaflet.css", _stylesheet(ws))
    _write_index(ws, output, slugs, outcomes, source)
    ordered = sorted(outcomes.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    status = status_data_from([o for (_, loc), o in ordered if loc != source])
    write_if_changed(output / "status.html", render_status(_STATE["env"], status).encode("utf-8"))
    return BuildResult(output, results, reviewed=len(stale), rendered=len(run.rendered_with))


def _stale(store: Store, pages: list[Page], signatures: dict[Page, str]) -> list[Page]:
    """Pages whose inputs changed since their review was cached."""
    cached = store.load("reviews") or {}
    out = []
    for page in pages:
        hit = cached.get(f"{page[1]}/{page[0]}")
        if not hit or hit.get("signature") != signatures[page]:
            out.append(page)
    return out


def _recorded(manifest: dict[str, Any], page: Page) -> list[str] | None:
    entry = manifest.get(f"{page[1]}/{page[0]}")
    return entry.get("published") if entry else None


def _needs_render(
    page: Page,
    signatures: dict[Page, str],
    manifest: dict[str, Any],
    switchers: dict[str, list[str]],
    output: Path,
) -> bool:
    entry = manifest.get(f"{page[1]}/{page[0]}")
    if entry is None:
        return True  # refused last time or never built
    return (
        entry.get("signature") != signatures[page]
        or entry.get("published") != switchers[page[0]]
        or not page_path(output, page[1], page[0]).exists()
    )


def _expected_switchers(
    slugs: list[str], chosen: list[str], manifest: dict[str, Any], output: Path, ws: Workspace
) -> dict[str, list[str]]:
    """The languages each leaflet will most likely link to: as last time, else every catalog."""
    source = ws.settings.source_locale
    last: dict[str, set[str]] = {}
    for key, entry in manifest.items():
        last.setdefault(key.split("/", 1)[1], set()).update(entry.get("published", []))
    out = {}
    for slug in slugs:
        candidates = last.get(slug) or {
            loc for loc in chosen if loc == source or ws.po_path(loc, slug).exists()
        }
        out[slug] = _ordered(candidates, source)
    return out


def _final_switchers(
    slugs: list[str],
    chosen: list[str],
    outcomes: dict[Page, PageOutcome],
    output: Path,
    source: str,
) -> dict[str, list[str]]:
    """The languages each leaflet links to: published now, or publishable and built earlier."""
    published: dict[str, set[str]] = {slug: set() for slug in slugs}
    for (slug, loc), outcome in outcomes.items():
        if outcome.publishable and slug in published:
            if loc in chosen or page_path(output, loc, slug).exists():
                published[slug].add(loc)
    return {slug: _ordered(locs, source) for slug, locs in published.items()}


def _ordered(locales: set[str], source: str) -> list[str]:
    return sorted(locales, key=lambda loc: (loc != source, loc))


class _Run:
    """What the workers did in this build."""

    def __init__(self) -> None:
        self.fresh: dict[Page, PageOutcome] = {}
        self.rendered_with: dict[Page, list[str]] = {}
        self.errors: dict[Page, str] = {}

    def pages(
        self,
        tasks: list[tuple[str, str, list[str]]],
        jobs: int,
        ws: Workspace,
        output: Path,
        progress: Callable[[int], None] | None,
    ) -> None:
        tasks = sorted(tasks, key=lambda t: (t[1], t[0]))
        results = parallel.run(_process, tasks, jobs, _init, (str(ws.root), str(output)), progress)
        for task, (data, _written, error) in zip(tasks, results, strict=True):
            page = (task[0], task[1])
            self.fresh[page] = PageOutcome.from_json(data)
            if error:
                self.errors[page] = error
            elif self.fresh[page].publishable:
                self.rendered_with[page] = task[2]


def _results(
    ws: Workspace,
    output: Path,
    wanted: list[Page],
    outcomes: dict[Page, PageOutcome],
    rendered_with: dict[Page, list[str]],
) -> list[PageResult]:
    results = []
    for slug, locale in wanted:
        outcome = outcomes[(slug, locale)]
        target = page_path(output, locale, slug)
        result = PageResult(
            slug,
            locale,
            outcome.publishable,
            ws.display(target),
            outcome.blocking,
            outcome.fallbacks,
        )
        result.written = (slug, locale) in rendered_with
        if not outcome.publishable and target.exists():
            target.unlink()
            result.removed_stale = True
        results.append(result)
    return results


def _stylesheet(ws: Workspace) -> bytes:
    custom = ws.templates_dir / "leaflet.css"
    return (custom if custom.exists() else PACKAGE_TEMPLATES / "leaflet.css").read_bytes()


def _write_index(
    ws: Workspace, output: Path, slugs: list[str], outcomes: dict[Page, PageOutcome], source: str
) -> None:
    entries = []
    for slug in slugs:
        info = outcomes.get((slug, source))
        title = info.title if info else slug
        published, refused = [], []
        for folder in sorted(p for p in output.glob("*") if p.is_dir() and p.name != "assets"):
            if (folder / f"{slug}.html").exists():
                published.append(folder.name)
        for (s, locale), outcome in sorted(outcomes.items()):
            if s == slug and not outcome.publishable:
                refused.append(locale)
        entries.append(
            {
                "title": title,
                "lang": bcp47(source),
                "published": [_link(loc, slug) for loc in _ordered(set(published), source)],
                "refused": [_link(loc, slug) for loc in refused],
            }
        )
    reviewer: Reviewer = _STATE["reviewer"]
    context = reviewer.page(slugs[0], source)
    html = render_index(_STATE["env"], source, entries, PageContext(context, source))
    write_if_changed(output / "index.html", html.encode("utf-8"))


def _link(locale: str, slug: str) -> dict[str, str]:
    return {
        "lang": bcp47(locale),
        "dir": text_direction(locale),
        "name": display_name(locale),
        "href": f"{locale}/{slug}.html",
    }

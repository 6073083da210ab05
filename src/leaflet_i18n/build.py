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
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leaflet_i18n import parallel
from leaflet_i18n.cache import Store
from leaflet_i18n.diagnostics import Finding, LeafletError, finding_from_dict
from leaflet_i18n.fsutil import write_if_changed
from leaflet_i18n.gate import PageReview
from leaflet_i18n.locales import bcp47, display_name, text_direction
from leaflet_i18n.render import (
    PageContext,
    RenderError,
    render_index,
    render_leaflet,
    render_status,
)
from leaflet_i18n.review import Reviewer, page_signature, shared_signature
from leaflet_i18n.status import compact, page_status, status_matrix
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


def _record(page: PageReview) -> dict[str, Any]:
    """What the build keeps of a reviewed page (small: verdict, reasons, counts)."""
    fallbacks = [
        {"section": r.message.context or "(templates)", "msgid": r.message.msgid, "state": r.state}
        for r in page.fallbacks
    ]
    return compact(page_status(page), fallbacks)


@dataclass
class LeafletTask:
    """One leaflet's work: which pages to review, which to render, what is known already."""

    slug: str
    stale: list[str]  # locales whose inputs changed: review them
    wanted: list[str]  # locales to render
    known: dict[str, bool]  # publishable, for pages not reviewed again
    last: dict[str, list[str] | None]  # languages each page linked to when last written
    missing: list[str]  # wanted locales whose page file is missing
    existing: list[str]  # locales not rendered now whose page an earlier build wrote


def _process(task: LeafletTask) -> tuple[dict[str, Any], dict[str, str], list[str], list[str]]:
    """Review and render one leaflet in every locale that needs it.

    Knowing the verdict of every locale before rendering, the language
    switcher is right the first time. Returns (outcomes by locale, render
    errors by locale, locales rendered, the languages linked to).
    """
    reviewer: Reviewer = _STATE["reviewer"]
    source = reviewer.ws.settings.source_locale
    pages = {loc: reviewer.page(task.slug, loc) for loc in task.stale}
    verdicts = {**task.known, **{loc: page.publishable for loc, page in pages.items()}}
    linked = {loc for loc in task.wanted if verdicts.get(loc)}
    linked |= {loc for loc in task.existing if verdicts.get(loc)}
    published = _ordered(linked, source)
    outcomes = {loc: _record(page) for loc, page in pages.items()}
    errors: dict[str, str] = {}
    rendered: list[str] = []
    for locale in [loc for loc in published if loc in task.wanted]:
        if (
            locale not in pages
            and task.last.get(locale) == published
            and locale not in task.missing
        ):
            continue  # unchanged page, unchanged switcher
        page = pages.get(locale) or reviewer.page(task.slug, locale)
        try:
            html = render_leaflet(_STATE["env"], page, source, published)
        except RenderError as exc:
            errors[locale] = str(exc)
            outcomes[locale] = _record(page)
            continue
        target = page_path(Path(_STATE["output"]), locale, task.slug)
        write_if_changed(target, html.encode("utf-8"), durable=False)
        rendered.append(locale)
    return outcomes, errors, rendered, published


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
    """Build ``output``: one page per leaflet × chosen locale (default: source and targets).

    Every locale is reviewed (the index and status pages describe them all);
    the chosen ones are rendered. A page whose inputs and language switcher
    are unchanged since the last build is left alone.
    """
    source = ws.settings.source_locale
    slugs = [p.stem for p in ws.content_files() if leaflet_filter is None or leaflet_filter(p.stem)]
    if not slugs:
        ws.leaflets()  # raises the usual "no leaflets" error
    chosen = locales if locales is not None else [source, *ws.target_locales()]
    every = [source, *sorted({*ws.target_locales(), *ws.locales_on_disk(), *chosen} - {source})]
    store = store or Store(ws.root, enabled=False)
    shard = _shard_name(leaflet_filter is not None, slugs)
    manifest_name = "build-" + hashlib.sha1(f"{output.resolve()}|{shard}".encode()).hexdigest()[:12]
    manifest: dict[str, Any] = store.load(manifest_name) or {}
    records = load_records(output, shard) if manifest else {}
    shared = shared_signature(ws)
    signatures = {
        (slug, loc): page_signature(ws, shared, slug, loc) for loc in every for slug in slugs
    }
    tasks = []
    for slug in slugs:
        task = _task(slug, every, chosen, signatures, manifest, records, output)
        if task.stale or any(
            loc in task.missing or task.last.get(loc) is None and task.known.get(loc)
            for loc in chosen
        ):
            tasks.append(task)
    _STATE.clear()
    _STATE.update(root=str(ws.root), reviewer=Reviewer(ws), env=environment(ws.templates_dir))
    _STATE["output"] = str(output)
    reviewed = rendered = 0
    results = parallel.run(_process, tasks, jobs, _init, (str(ws.root), str(output)), progress)
    for task, (outcomes, errors, done, published) in zip(tasks, results, strict=True):
        rendered += len(done)
        reviewed += len(outcomes)
        for locale, record in outcomes.items():
            records[f"{locale}/{task.slug}"] = record
        for locale, error in errors.items():
            record = records[f"{locale}/{task.slug}"]
            record["publishable"] = False
            record["blocking"].append(
                {
                    "file": ws.display(page_path(output, locale, task.slug)),
                    "line": None,
                    "section": None,
                    "code": "render.verify",
                    "message": error,
                    "msgid": None,
                }
            )
        for locale in task.wanted:
            manifest[f"{locale}/{task.slug}"] = {
                "signature": signatures[(task.slug, locale)],
                "published": published if locale in published else None,
            }
        for locale in set(every) - set(task.wanted):
            manifest[f"{locale}/{task.slug}"] = {
                "signature": signatures[(task.slug, locale)],
                "published": None,
            }
    wanted = [(slug, loc) for loc in chosen for slug in slugs]
    results_ = _results(ws, output, wanted, records)
    store.save(manifest_name, manifest)
    keep = {f"{loc}/{slug}" for slug, loc in signatures}
    save_records(output, shard, {k: v for k, v in records.items() if k in keep})
    changed = bool(reviewed) or bool(rendered) or any(r.removed_stale for r in results_)
    if changed or not (output / "index.html").exists() or not (output / "status.html").exists():
        write_summary(ws, output)
    return BuildResult(output, results_, reviewed=reviewed, rendered=rendered)


def _task(
    slug: str,
    every: list[str],
    chosen: list[str],
    signatures: dict[Page, str],
    manifest: dict[str, Any],
    records: dict[str, dict[str, Any]],
    output: Path,
) -> LeafletTask:
    stale, known, last, missing, existing = [], {}, {}, [], []
    for locale in every:
        key = f"{locale}/{slug}"
        entry = manifest.get(key) or {}
        if entry.get("signature") != signatures[(slug, locale)] or key not in records:
            stale.append(locale)
        else:
            known[locale] = bool(records[key]["publishable"])
        last[locale] = entry.get("published")
        exists = page_path(output, locale, slug).exists()
        if locale in chosen and not exists:
            missing.append(locale)
        elif locale not in chosen and exists:
            existing.append(locale)
    wanted = [loc for loc in every if loc in chosen]
    return LeafletTask(slug, stale, wanted, known, last, missing, existing)


def _ordered(locales: set[str], source: str) -> list[str]:
    return sorted(locales, key=lambda loc: (loc != source, loc))


def _results(
    ws: Workspace, output: Path, wanted: list[Page], records: dict[str, dict[str, Any]]
) -> list[PageResult]:
    results = []
    for slug, locale in wanted:
        record = records[f"{locale}/{slug}"]
        target = page_path(output, locale, slug)
        blocking = [
            finding_from_dict(
                {
                    "severity": "error",
                    **{k: v for k, v in r.items() if k != "msgid"},
                    "msgid": r.get("msgid"),
                }
            )
            for r in record["blocking"]
        ]
        result = PageResult(
            slug,
            locale,
            record["publishable"],
            ws.display(target),
            blocking,
            record.get("fallback_messages", []),
        )
        if not record["publishable"] and target.exists():
            target.unlink()
            result.removed_stale = True
        results.append(result)
    return results


def _stylesheet(ws: Workspace) -> bytes:
    custom = ws.templates_dir / "leaflet.css"
    return (custom if custom.exists() else PACKAGE_TEMPLATES / "leaflet.css").read_bytes()


def _write_index(
    ws: Workspace, output: Path, records: dict[str, dict[str, Any]], source: str
) -> None:
    by_leaflet: dict[str, dict[str, dict[str, Any]]] = {}
    for key, record in records.items():
        locale, slug = key.split("/", 1)
        by_leaflet.setdefault(slug, {})[locale] = record
    entries = []
    for slug in sorted(by_leaflet):
        pages = by_leaflet[slug]
        title = pages[source]["title"] if source in pages else next(iter(pages.values()))["title"]
        published = {p.parent.name for p in output.glob(f"*/{slug}.html")}
        refused = sorted(loc for loc, r in pages.items() if not r["publishable"])
        entries.append(
            {
                "title": title,
                "lang": bcp47(source),
                "published": [_link(loc, slug) for loc in _ordered(published, source)],
                "refused": [_link(loc, slug) for loc in refused],
            }
        )
    reviewer: Reviewer = _STATE["reviewer"]
    first = ws.content_files()[0].stem
    context = reviewer.page(first, source)
    html = render_index(_STATE["env"], source, entries, PageContext(context, source))
    write_if_changed(output / "index.html", html.encode("utf-8"))


def _link(locale: str, slug: str) -> dict[str, str]:
    return {
        "lang": bcp47(locale),
        "dir": text_direction(locale),
        "name": display_name(locale),
        "href": f"{locale}/{slug}.html",
    }


# ---------------------------------------------------------------- index, status and shards

RECORDS = ".leaflet-i18n"  # inside the output folder: what each (sharded) build decided
DETAIL_LIMIT = 200  # above this many pages, per-locale details go to status/<locale>.html


def _shard_name(sharded: bool, slugs: list[str]) -> str:
    if not sharded:
        return "all"
    return "shard-" + hashlib.sha1("\n".join(slugs).encode()).hexdigest()[:12]


def save_records(output: Path, name: str, records: dict[str, dict[str, Any]]) -> None:
    """Keep this build's page verdicts next to the pages, so merged shards can be summarized."""
    folder = output / RECORDS
    folder.mkdir(parents=True, exist_ok=True)
    if name == "all":  # a full build supersedes every shard
        for old in folder.glob("pages-shard-*.json"):
            old.unlink()
    text = json.dumps(records, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    write_if_changed(folder / f"pages-{name}.json", text.encode("utf-8"), durable=False)


def load_records(output: Path, name: str | None = None) -> dict[str, dict[str, Any]]:
    """Page verdicts of every build (or of the one named) whose output is in this folder."""
    merged: dict[str, dict[str, Any]] = {}
    pattern = f"pages-{name}.json" if name else "pages-*.json"
    files = sorted((output / RECORDS).glob(pattern), key=lambda p: p.stat().st_mtime_ns)
    for path in files:
        try:
            merged.update(json.loads(path.read_text(encoding="utf-8")))
        except ValueError as exc:
            raise LeafletError(
                f"cannot read build records: {exc}", path=str(path), code="build.records"
            ) from exc
    return merged


def write_summary(ws: Workspace, output: Path) -> None:
    """The stylesheet, index.html and status.html, from the records in ``output``.

    After the folders of sharded builds are copied together, this (``build
    --merge``) writes an index and status page that cover every shard. Large
    sites get one detail page per locale (``status/<locale>.html``).
    """
    if "env" not in _STATE:
        _STATE.update(root=str(ws.root), reviewer=Reviewer(ws), env=environment(ws.templates_dir))
    records = load_records(output)
    source = ws.settings.source_locale
    write_if_changed(output / "assets" / "leaflet.css", _stylesheet(ws))
    _write_index(ws, output, records, source)
    ordered = [records[k] for k in sorted(records) if not k.startswith(f"{source}/")]
    data = status_matrix(ordered)
    env = _STATE["env"]
    if len(ordered) <= DETAIL_LIMIT:
        write_if_changed(output / "status.html", render_status(env, data).encode("utf-8"))
        return
    write_if_changed(
        output / "status.html", render_status(env, data, details=False).encode("utf-8")
    )
    for row in data["locales"]:
        one = {"locales": [row], "summary": data["summary"]}
        html = render_status(env, one, details=True, root="../")
        write_if_changed(
            output / "status" / f"{row['locale']}.html", html.encode("utf-8"), durable=False
        )

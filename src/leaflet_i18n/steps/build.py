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
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leaflet_i18n.model.diagnostics import Finding, LeafletError, finding_from_dict
from leaflet_i18n.model.locales import bcp47, display_name, text_direction
from leaflet_i18n.model.verdict import PageReview
from leaflet_i18n.render.html import (
    PageContext,
    RenderError,
    render_index,
    render_leaflet,
    render_status,
)
from leaflet_i18n.render.templating import environment
from leaflet_i18n.sources.templates import stylesheet
from leaflet_i18n.sources.workspace import Workspace
from leaflet_i18n.steps.cache import Store
from leaflet_i18n.steps.review import Reviewer, page_signatures
from leaflet_i18n.steps.status import compact, page_status, reason_dict, status_matrix, sum_tallies
from leaflet_i18n.util import parallel
from leaflet_i18n.util.fs import write_if_changed

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
            "blocking": [reason_dict(f) for f in self.blocking],
            "fallbacks": self.fallbacks,
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
    reviewer.forget(task.slug)
    return outcomes, errors, rendered, published


# ---------------------------------------------------------------- the build


class _Timer:
    """Reports how long each phase of a build took to ``report`` (if any)."""

    def __init__(self, report: Callable[[str, float], None] | None) -> None:
        self.report = report
        self.last = time.perf_counter()

    def __call__(self, phase: str) -> None:
        if self.report is not None:
            now = time.perf_counter()
            self.report(phase, now - self.last)
            self.last = now


# The manifest (in the cache) says, per page, what the last build decided:
# [signature, linked, publishable, blocking reasons, fallback messages], where
# ``linked`` means the page on disk links to the leaflet's published languages.
# It is all a build needs when nothing changed; the page records in the output
# folder (per locale) are only read to rewrite the status pages.
_SIGNATURE, _LINKED, _PUBLISHABLE, _BLOCKING, _FALLBACKS = range(5)


def _load_manifest(store: Store, name: str) -> dict[str, Any]:
    manifest = store.load(name)
    if not isinstance(manifest, dict) or manifest.get("version") != 2:
        return {"version": 2, "published": {}, "pages": {}}
    return manifest


def build_site(
    ws: Workspace,
    output: Path,
    locales: list[str] | None = None,
    jobs: int = 1,
    store: Store | None = None,
    progress: Callable[[int], None] | None = None,
    leaflet_filter: Callable[[str], bool] | None = None,
    timings: Callable[[str, float], None] | None = None,
) -> BuildResult:
    """Build ``output``: one page per leaflet × chosen locale (default: source and targets).

    Every locale is reviewed (the index and status pages describe them all);
    the chosen ones are rendered. A page whose inputs and language switcher
    are unchanged since the last build is left alone. ``timings`` is told
    how many seconds each phase took.
    """
    timer = _Timer(timings)
    source = ws.settings.source_locale
    slugs = [p.stem for p in ws.content_files() if leaflet_filter is None or leaflet_filter(p.stem)]
    if not slugs:
        ws.leaflets()  # raises the usual "no leaflets" error
    chosen = locales if locales is not None else [source, *ws.target_locales()]
    every = [source, *sorted({*ws.target_locales(), *ws.locales_on_disk(), *chosen} - {source})]
    store = store or Store(ws.root, enabled=False)
    records = Records(output, _shard_name(leaflet_filter is not None, slugs))
    where = f"{output.resolve()}|{records.shard}"
    manifest_name = "build-" + hashlib.sha1(where.encode()).hexdigest()[:12]
    manifest = _load_manifest(store, manifest_name)
    signatures = page_signatures(ws, [(slug, loc) for loc in every for slug in slugs])
    present = _pages_on_disk(output, every)
    timer("signatures, manifest and pages on disk")
    recorded = records.locales()
    dropped = recorded - set(every)  # locales no longer built: their pages go offline
    for locale in dropped:
        for slug in slugs:
            page_path(output, locale, slug).unlink(missing_ok=True)
    tasks = []
    for slug in slugs:
        task = _task(slug, every, chosen, signatures, manifest, recorded, present)
        if (
            task.stale
            or any(loc in dropped for loc in manifest["published"].get(slug, []))
            or any(
                task.known.get(loc) and (loc in task.missing or task.last.get(loc) is None)
                for loc in chosen
            )
        ):
            tasks.append(task)
    timer(f"planning ({len(tasks)} leaflets to process)")
    _STATE.clear()
    _STATE.update(root=str(ws.root), reviewer=Reviewer(ws), env=environment(ws.templates_dir))
    _STATE["output"] = str(output)
    with parallel.batch_gc():
        results = list(
            parallel.run(_process, tasks, jobs, _init, (str(ws.root), str(output)), progress)
        )
    changed: dict[str, dict[str, dict[str, Any]]] = {}  # locale → leaflet → new record
    rendered = 0
    pages = manifest["pages"]
    for task, (outcomes, errors, done, published) in zip(tasks, results, strict=True):
        rendered += len(done)
        for locale, error in errors.items():
            outcomes[locale]["publishable"] = False
            outcomes[locale]["blocking"].append(
                {
                    "file": ws.display(page_path(output, locale, task.slug)),
                    "line": None,
                    "section": None,
                    "code": "render.verify",
                    "message": error,
                    "msgid": None,
                }
            )
        manifest["published"][task.slug] = published
        for locale in every:
            key = f"{locale}/{task.slug}"
            record = outcomes.get(locale)
            if record is not None:
                changed.setdefault(locale, {})[task.slug] = record
                verdict = [record["publishable"], record["blocking"], record["fallback_messages"]]
            else:
                verdict = pages[key][_PUBLISHABLE:]
            linked = locale in task.wanted and locale in published
            pages[key] = [signatures[(task.slug, locale)], linked, *verdict]
    reviewed = sum(len(c) for c in changed.values())
    timer(f"review and render ({reviewed} reviewed, {rendered} rendered)")
    gone = set(manifest["published"]) - set(slugs)  # leaflets deleted since the last build
    for slug in gone:
        del manifest["published"][slug]
        for locale in every:
            page_path(output, locale, slug).unlink(missing_ok=True)
    if gone or len(pages) != len(signatures):
        pages = {f"{loc}/{slug}": pages[f"{loc}/{slug}"] for slug, loc in signatures}
        manifest["pages"] = pages
    updated = records.update(changed, set(slugs), every, source, prune=bool(gone or dropped))
    results_ = _results(ws, output, chosen, slugs, pages, present)
    if tasks or gone:
        store.save(manifest_name, manifest)
    timer("results, manifest and records saved")
    removed = any(r.removed_stale for r in results_)
    if updated or rendered or removed or not (output / "index.html").exists():
        write_summary(ws, output, locales=updated)
        timer("index and status pages")
    return BuildResult(output, results_, reviewed=reviewed, rendered=rendered)


def _pages_on_disk(output: Path, locales: list[str]) -> set[str]:
    """``locale/slug`` of every page file in ``output`` (one directory listing per locale)."""
    found = set()
    for locale in locales:
        try:
            with os.scandir(output / locale) as entries:
                for entry in entries:
                    if entry.name.endswith(".html"):
                        found.add(f"{locale}/{entry.name[:-5]}")
        except OSError:
            continue
    return found


def _task(
    slug: str,
    every: list[str],
    chosen: list[str],
    signatures: dict[Page, str],
    manifest: dict[str, Any],
    recorded: set[str],
    present: set[str],
) -> LeafletTask:
    stale, known, last, missing, existing = [], {}, {}, [], []
    published = manifest["published"].get(slug)
    for locale in every:
        key = f"{locale}/{slug}"
        entry = manifest["pages"].get(key)
        current = entry is not None and entry[_SIGNATURE] == signatures[(slug, locale)]
        if not current or locale not in recorded:
            stale.append(locale)
        else:
            known[locale] = bool(entry[_PUBLISHABLE])
        last[locale] = published if entry is not None and entry[_LINKED] else None
        exists = key in present
        if locale in chosen and not exists:
            missing.append(locale)
        elif locale not in chosen and exists:
            existing.append(locale)
    wanted = [loc for loc in every if loc in chosen]
    return LeafletTask(slug, stale, wanted, known, last, missing, existing)


def _ordered(locales: set[str], source: str) -> list[str]:
    return sorted(locales, key=lambda loc: (loc != source, loc))


def _results(
    ws: Workspace,
    output: Path,
    chosen: list[str],
    slugs: list[str],
    pages: dict[str, list[Any]],
    present: set[str],
) -> list[PageResult]:
    results = []
    shown = ws.display(output)  # resolving each page's path would dominate a no-op build
    for locale in chosen:
        for slug in slugs:
            key = f"{locale}/{slug}"
            entry = pages[key]
            blocking = [
                finding_from_dict(
                    {
                        "severity": "error",
                        **{k: v for k, v in r.items() if k != "msgid"},
                        "msgid": r.get("msgid"),
                    }
                )
                for r in entry[_BLOCKING]
            ]
            result = PageResult(
                slug,
                locale,
                entry[_PUBLISHABLE],
                f"{shown}/{key}.html",
                blocking,
                entry[_FALLBACKS],
            )
            target = page_path(output, locale, slug)
            if not entry[_PUBLISHABLE] and key in present and target.exists():
                target.unlink()
                result.removed_stale = True
            results.append(result)
    return results


def _link(locale: str, slug: str) -> dict[str, str]:
    return {
        "lang": bcp47(locale),
        "dir": text_direction(locale),
        "name": display_name(locale),
        "href": f"{locale}/{slug}.html",
    }


# ---------------------------------------------------------------- page records, index and status

RECORDS = ".leaflet-i18n"  # inside the output folder: what each (sharded) build decided
DETAIL_LIMIT = 200  # above this many pages, per-locale details go to status/<locale>.html
SUMMARY = "summary.json"


def _shard_name(sharded: bool, slugs: list[str]) -> str:
    if not sharded:
        return "all"
    return "shard-" + hashlib.sha1("\n".join(slugs).encode()).hexdigest()[:12]


def _dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise LeafletError(
            f"cannot read build records: {exc}", path=str(path), code="build.records"
        ) from exc


class Records:
    """One build's page records, kept next to the pages so merged shards can be summarized.

    ``<output>/.leaflet-i18n/<shard>/<locale>.json`` holds the record of each
    page of that locale (verdict, reasons, counts per section), and
    ``summary.json`` what the index and the status overview need (titles,
    per-locale totals, refused pages), so that a build which changed one
    catalog rewrites one locale's records, not every locale's.
    """

    def __init__(self, output: Path, shard: str) -> None:
        self.shard = shard
        self.folder = output / RECORDS / shard
        path = self.folder / SUMMARY
        self._summary: dict[str, Any] | None = _read_json(path) if path.exists() else None

    def locales(self) -> set[str]:
        """Locales whose records this build folder holds."""
        return set(self._summary["locales"]) if self._summary is not None else set()

    def update(
        self,
        changed: dict[str, dict[str, dict[str, Any]]],
        slugs: set[str],
        every: list[str],
        source: str,
        prune: bool,
    ) -> set[str]:
        """Store the new records; returns the locales whose records changed."""
        if not changed and not prune:
            return set()
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.shard == "all":  # a full build supersedes every shard
            for other in self.folder.parent.iterdir():
                if other.name == "all":
                    continue
                if other.is_dir():
                    shutil.rmtree(other)
                else:
                    other.unlink()
        summary = self._summary if self._summary is not None else {"locales": {}}
        touched = set(every) if prune else set(changed)
        for locale in sorted(touched):
            path = self.folder / f"{locale}.json"
            pages = _read_json(path) if path.exists() else {}
            pages.update(changed.get(locale, {}))
            pages = {slug: pages[slug] for slug in sorted(pages) if slug in slugs}
            write_if_changed(path, _dump(pages), durable=False)
            summary["locales"][locale] = _locale_summary(locale, list(pages.values()))
            if locale == source:
                summary["titles"] = {slug: r["title"] for slug, r in pages.items()}
        for locale in set(summary["locales"]) - set(every):
            del summary["locales"][locale]
            (self.folder / f"{locale}.json").unlink(missing_ok=True)
            touched.add(locale)
        write_if_changed(self.folder / SUMMARY, _dump(summary), durable=False)
        return touched


def _locale_summary(locale: str, records: list[dict[str, Any]]) -> dict[str, Any]:
    row = status_matrix(records)["locales"][0] if records else None
    return {
        "pages": len(records),
        "total": row["total"] if row else None,
        "critical": row["critical"] if row else None,
        "refused": {
            r["leaflet"]: {"leaflet": r["leaflet"], "publishable": False, "blocking": r["blocking"]}
            for r in records
            if not r["publishable"]
        },
    }


def _shards(output: Path) -> list[Path]:
    """Record folders of the builds in ``output``, oldest first (a newer verdict wins)."""
    folders = [p.parent for p in (output / RECORDS).glob(f"*/{SUMMARY}")]
    return sorted(folders, key=lambda p: (p / SUMMARY).stat().st_mtime_ns)


def load_records(output: Path, locale: str | None = None) -> dict[str, dict[str, Any]]:
    """Page records (``locale/slug`` → record) of every build whose output is in this folder."""
    merged: dict[str, dict[str, Any]] = {}
    for folder in _shards(output):
        files = [folder / f"{locale}.json"] if locale else sorted(folder.glob("*.json"))
        for path in files:
            if path.name == SUMMARY or not path.exists():
                continue
            for slug, record in _read_json(path).items():
                merged[f"{path.stem}/{slug}"] = record
    return merged


def write_summary(ws: Workspace, output: Path, locales: set[str] | None = None) -> int:
    """The stylesheet, index.html and status.html, from the records in ``output``.

    After the folders of sharded builds are copied together, this (``build
    --merge``) writes an index and status page that cover every shard. Large
    sites get one detail page per locale (``status/<locale>.html``); only
    those of ``locales`` are rewritten (default: all). Returns the number of
    page records read (source-language pages included).
    """
    if "env" not in _STATE:
        _STATE.update(root=str(ws.root), reviewer=Reviewer(ws), env=environment(ws.templates_dir))
    env = _STATE["env"]
    source = ws.settings.source_locale
    summaries = [_read_json(folder / SUMMARY) for folder in _shards(output)]
    titles: dict[str, str] = {}
    overlap = False
    for summary in summaries:
        overlap = overlap or bool(titles.keys() & summary.get("titles", {}).keys())
        titles.update(summary.get("titles", {}))
    if overlap:  # shards that share leaflets: count each page once, the newest verdict
        by_locale: dict[str, list[dict[str, Any]]] = {}
        for key, record in load_records(output).items():
            by_locale.setdefault(key.split("/", 1)[0], []).append(record)
        summaries = [
            {"locales": {loc: _locale_summary(loc, recs) for loc, recs in by_locale.items()}}
        ]
    rows = _merged_rows(summaries, source)
    write_if_changed(output / "assets" / "leaflet.css", stylesheet(ws.templates_dir))
    _write_index(ws, output, titles, rows, source)
    count: int = sum(r["count"] for r in rows)
    blocked = sum(len(r["pages"]) for r in rows)
    details: list[dict[str, Any]] = []
    if count <= DETAIL_LIMIT:
        records = load_records(output)
        ordered = [records[k] for k in sorted(records) if not k.startswith(f"{source}/")]
        html = render_status(env, status_matrix(ordered))
    else:
        summary = {"pages": count, "publishable": count - blocked, "blocked": blocked}
        html = render_status(env, {"locales": rows, "summary": summary}, details=False)
        details = rows
    write_if_changed(output / "status.html", html.encode("utf-8"))
    for row in details:
        path = output / "status" / f"{row['locale']}.html"
        if locales is not None and row["locale"] not in locales and path.exists():
            continue  # unchanged locale whose page is there already
        records = load_records(output, row["locale"])
        one = status_matrix([records[k] for k in sorted(records)])
        refused = len(row["pages"])
        one["summary"] = {  # this locale's figures: other locales' pages are not rewritten
            "pages": row["count"],
            "publishable": row["count"] - refused,
            "blocked": refused,
        }
        html = render_status(env, one, details=True, root="../")
        write_if_changed(path, html.encode("utf-8"), durable=False)
    known = {f"{row['locale']}.html" for row in details}
    for old in (output / "status").glob("*.html"):
        if old.name not in known:
            old.unlink()
    recorded: int = sum(part["pages"] for s in summaries for part in s["locales"].values())
    return recorded


def _merged_rows(summaries: list[dict[str, Any]], source: str) -> list[dict[str, Any]]:
    """One status row per target locale, summed over the shards."""
    merged: dict[str, dict[str, Any]] = {}
    for summary in summaries:
        for locale, part in summary["locales"].items():
            if locale == source or not part["pages"]:
                continue
            row = merged.setdefault(
                locale,
                {"locale": locale, "count": 0, "refused": {}, "tallies": []},
            )
            row["count"] += part["pages"]
            row["refused"].update(part["refused"])
            row["tallies"].append(part)
    rows = []
    for locale in sorted(merged):
        row = merged[locale]
        refused = [row["refused"][slug] for slug in sorted(row["refused"])]
        rows.append(
            {
                "locale": locale,
                "count": row["count"],
                "publishable": not refused,
                "pages": refused,  # the overview lists refused pages only
                "total": sum_tallies(p["total"] for p in row["tallies"]),
                "critical": sum_tallies(p["critical"] for p in row["tallies"]),
            }
        )
    return rows


def _write_index(
    ws: Workspace,
    output: Path,
    titles: dict[str, str],
    rows: list[dict[str, Any]],
    source: str,
) -> None:
    published: dict[str, set[str]] = {}
    for key in _pages_on_disk(output, [source, *(row["locale"] for row in rows)]):
        locale, slug = key.split("/", 1)
        published.setdefault(slug, set()).add(locale)
    refused: dict[str, list[str]] = {}
    for row in rows:
        for page in row["pages"]:
            refused.setdefault(page["leaflet"], []).append(row["locale"])
    entries = [
        {
            "title": titles[slug],
            "lang": bcp47(source),
            "published": [_link(loc, slug) for loc in _ordered(published.get(slug, set()), source)],
            "refused": [_link(loc, slug) for loc in sorted(refused.get(slug, []))],
        }
        for slug in sorted(titles)
    ]
    reviewer: Reviewer = _STATE["reviewer"]
    first = ws.content_files()[0].stem
    context = reviewer.page(first, source)
    html = render_index(_STATE["env"], source, entries, PageContext(context, source))
    write_if_changed(output / "index.html", html.encode("utf-8"))

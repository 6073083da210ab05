"""What each build decided, kept next to its pages, and the index and status pages made from it.

``<output>/.leaflet-i18n/<shard>/<locale>.json`` holds the verdict of each
page of that locale (compact: section counts only where something is
missing), and ``summary.json`` what the index and the status overview need
(titles, per-locale totals, refused pages), so that a build which changed
one catalog rewrites one locale's records, not every locale's. After the
folders of sharded builds are copied together, ``build --merge`` writes an
index and status page covering every shard from these records alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment

from leaflet_i18n.model.diagnostics import LeafletError
from leaflet_i18n.model.locales import bcp47, display_name, text_direction
from leaflet_i18n.model.verdict import Deviation, PageVerdict, Tally, total_of
from leaflet_i18n.render.html import PageContext, render_index, render_status
from leaflet_i18n.sources.templates import stylesheet
from leaflet_i18n.sources.workspace import Workspace
from leaflet_i18n.steps import policy
from leaflet_i18n.steps.review import Reviewer
from leaflet_i18n.steps.status import status_matrix
from leaflet_i18n.util.fs import write_if_changed

RECORDS = ".leaflet-i18n"  # inside the output folder: what each (sharded) build decided
DETAIL_LIMIT = 200  # above this many pages, per-locale details go to status/<locale>.html
SUMMARY = "summary.json"


def page_path(output: Path, locale: str, slug: str) -> Path:
    return output / locale / f"{slug}.html"


def pages_on_disk(output: Path, locales: list[str]) -> set[str]:
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


def shard_name(sharded: bool, slugs: list[str]) -> str:
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


@dataclass(frozen=True)
class LocaleSummary:
    """What the overview needs of one locale's pages in one build."""

    pages: int
    total: Tally | None
    critical: Tally | None
    refused: dict[str, PageVerdict]

    @classmethod
    def of(cls, verdicts: list[PageVerdict]) -> LocaleSummary:
        refused = {v.leaflet: v for v in verdicts if not v.publishable}
        if not verdicts:
            return cls(0, None, None, refused)
        total = total_of(v.total for v in verdicts)
        return cls(len(verdicts), total, total_of(v.critical for v in verdicts), refused)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "total": self.total.as_dict() if self.total else None,
            "critical": self.critical.as_dict() if self.critical else None,
            # the overview lists a refused page's reasons, not its counts
            "refused": {slug: v.with_sections(()).as_dict() for slug, v in self.refused.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LocaleSummary:
        return cls(
            data["pages"],
            Tally.from_dict(data["total"]) if data["total"] else None,
            Tally.from_dict(data["critical"]) if data["critical"] else None,
            {slug: PageVerdict.from_dict(v) for slug, v in data["refused"].items()},
        )


class Records:
    """One build's page verdicts, kept next to the pages so merged shards can be summarized."""

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
        changed: dict[str, dict[str, PageVerdict]],
        slugs: set[str],
        every: list[str],
        source: str,
        prune: bool,
    ) -> set[str]:
        """Store the new verdicts; returns the locales whose records changed."""
        if not changed and not prune:
            return set()
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.shard == "all":
            self._drop_shards()  # a full build supersedes every shard
        summary = self._summary if self._summary is not None else {"locales": {}}
        touched = set(every) if prune else set(changed)
        for locale in sorted(touched):
            pages = self._store_locale(locale, changed.get(locale, {}), slugs)
            summary["locales"][locale] = LocaleSummary.of(list(pages.values())).as_dict()
            if locale == source:
                summary["titles"] = {slug: v.title for slug, v in pages.items()}
        for locale in set(summary["locales"]) - set(every):
            del summary["locales"][locale]
            (self.folder / f"{locale}.json").unlink(missing_ok=True)
            touched.add(locale)
        write_if_changed(self.folder / SUMMARY, _dump(summary), durable=False)
        return touched

    def _drop_shards(self) -> None:
        for other in self.folder.parent.iterdir():
            if other.name == "all":
                continue
            if other.is_dir():
                shutil.rmtree(other)
            else:
                other.unlink()

    def _store_locale(
        self, locale: str, changed: dict[str, PageVerdict], slugs: set[str]
    ) -> dict[str, PageVerdict]:
        path = self.folder / f"{locale}.json"
        stored = _read_json(path) if path.exists() else {}
        pages = {slug: PageVerdict.from_dict(data) for slug, data in stored.items()}
        pages.update(changed)
        pages = {slug: pages[slug] for slug in sorted(pages) if slug in slugs}
        data = {slug: v.as_dict(compact=True) for slug, v in pages.items()}
        write_if_changed(path, _dump(data), durable=False)
        return pages


def _shards(output: Path) -> list[Path]:
    """Record folders of the builds in ``output``, oldest first (a newer verdict wins)."""
    folders = [p.parent for p in (output / RECORDS).glob(f"*/{SUMMARY}")]
    return sorted(folders, key=lambda p: (p / SUMMARY).stat().st_mtime_ns)


def load_records(output: Path, locale: str | None = None) -> dict[str, PageVerdict]:
    """Verdicts (``locale/slug`` → verdict) of every build whose output is in this folder."""
    merged: dict[str, PageVerdict] = {}
    for folder in _shards(output):
        files = [folder / f"{locale}.json"] if locale else sorted(folder.glob("*.json"))
        for path in files:
            if path.name == SUMMARY or not path.exists():
                continue
            for slug, data in _read_json(path).items():
                merged[f"{path.stem}/{slug}"] = PageVerdict.from_dict(data)
    return merged


@dataclass(frozen=True)
class Overview:
    """One status row per target locale, summed over the shards."""

    locale: str
    count: int
    refused: list[PageVerdict]
    total: Tally
    critical: Tally

    def as_dict(self) -> dict[str, Any]:
        return {
            "locale": self.locale,
            "count": self.count,
            "publishable": not self.refused,
            "pages": [v.as_dict(compact=True) for v in self.refused],  # refused pages only
            "total": self.total.as_dict(),
            "critical": self.critical.as_dict(),
        }


def _overview(summaries: list[dict[str, LocaleSummary]], source: str) -> list[Overview]:
    parts: dict[str, list[LocaleSummary]] = {}
    for summary in summaries:
        for locale, part in summary.items():
            if locale != source and part.pages:
                parts.setdefault(locale, []).append(part)
    rows = []
    for locale in sorted(parts):
        refused: dict[str, PageVerdict] = {}
        for part in parts[locale]:
            refused.update(part.refused)
        rows.append(
            Overview(
                locale,
                sum(p.pages for p in parts[locale]),
                [refused[slug] for slug in sorted(refused)],
                total_of(p.total for p in parts[locale] if p.total),
                total_of(p.critical for p in parts[locale] if p.critical),
            )
        )
    return rows


def _summaries(output: Path) -> tuple[list[dict[str, LocaleSummary]], dict[str, str]]:
    """The per-locale summaries of every shard, and the leaflet titles."""
    raw = [_read_json(folder / SUMMARY) for folder in _shards(output)]
    titles: dict[str, str] = {}
    overlap = False
    for summary in raw:
        overlap = overlap or bool(titles.keys() & summary.get("titles", {}).keys())
        titles.update(summary.get("titles", {}))
    if overlap:  # shards that share leaflets: count each page once, the newest verdict
        by_locale: dict[str, list[PageVerdict]] = {}
        for key, verdict in load_records(output).items():
            by_locale.setdefault(key.split("/", 1)[0], []).append(verdict)
        return [{loc: LocaleSummary.of(vs) for loc, vs in by_locale.items()}], titles
    parts = [
        {loc: LocaleSummary.from_dict(part) for loc, part in s["locales"].items()} for s in raw
    ]
    return parts, titles


def write_summary(
    ws: Workspace,
    output: Path,
    env: Environment,
    reviewer: Reviewer,
    locales: set[str] | None = None,
    deviations: list[Deviation] | None = None,
) -> int:
    """The stylesheet, index.html and status.html, from the records in ``output``.

    Large sites get one detail page per locale (``status/<locale>.html``);
    only those of ``locales`` are rewritten (default: all), and those that are
    missing. Returns the number of page records read (source pages included).
    """
    source = ws.settings.source_locale
    summaries, titles = _summaries(output)
    rows = _overview(summaries, source)
    if deviations is None:
        deviations = policy.deviations(ws, [v.decision for v in load_records(output).values()])
    shown = [d.as_dict() for d in deviations]
    write_if_changed(output / "assets" / "leaflet.css", stylesheet(ws.templates_dir))
    _write_index(ws, output, titles, rows, env, reviewer)
    count = sum(r.count for r in rows)
    if count <= DETAIL_LIMIT:
        records = load_records(output)
        ordered = [records[k] for k in sorted(records) if not k.startswith(f"{source}/")]
        html = render_status(env, {**status_matrix(ordered), "deviations": shown})
        _write_locale_pages(output, env, [], locales)
    else:
        blocked = sum(len(r.refused) for r in rows)
        summary = {"pages": count, "publishable": count - blocked, "blocked": blocked}
        data = {"locales": [r.as_dict() for r in rows], "summary": summary, "deviations": shown}
        html = render_status(env, data, details=False)
        _write_locale_pages(output, env, rows, locales)
    write_if_changed(output / "status.html", html.encode("utf-8"))
    return sum(part.pages for s in summaries for part in s.values())


def _write_locale_pages(
    output: Path, env: Environment, rows: list[Overview], locales: set[str] | None
) -> None:
    """``status/<locale>.html`` for large sites; stale ones removed."""
    for row in rows:
        path = output / "status" / f"{row.locale}.html"
        if locales is not None and row.locale not in locales and path.exists():
            continue  # unchanged locale whose page is there already
        records = load_records(output, row.locale)
        one = status_matrix([records[k] for k in sorted(records)])
        # this locale's figures: other locales' pages are not rewritten
        refused = len(row.refused)
        one["summary"] = {
            "pages": row.count,
            "publishable": row.count - refused,
            "blocked": refused,
        }
        html = render_status(env, one, details=True, root="../")
        write_if_changed(path, html.encode("utf-8"), durable=False)
    known = {f"{row.locale}.html" for row in rows}
    for old in (output / "status").glob("*.html"):
        if old.name not in known:
            old.unlink()


def link(locale: str, slug: str) -> dict[str, str]:
    """A language link to a page, as the templates show it."""
    return {
        "lang": bcp47(locale),
        "dir": text_direction(locale),
        "name": display_name(locale),
        "href": f"{locale}/{slug}.html",
    }


def ordered(locales: set[str], source: str) -> list[str]:
    """Locales with the source first, then alphabetically."""
    return sorted(locales, key=lambda loc: (loc != source, loc))


def _write_index(
    ws: Workspace,
    output: Path,
    titles: dict[str, str],
    rows: list[Overview],
    env: Environment,
    reviewer: Reviewer,
) -> None:
    source = ws.settings.source_locale
    published: dict[str, set[str]] = {}
    for key in pages_on_disk(output, [source, *(row.locale for row in rows)]):
        locale, slug = key.split("/", 1)
        published.setdefault(slug, set()).add(locale)
    refused: dict[str, list[str]] = {}
    for row in rows:
        for verdict in row.refused:
            refused.setdefault(verdict.leaflet, []).append(row.locale)
    entries = [
        {
            "title": titles[slug],
            "lang": bcp47(source),
            "published": [link(loc, slug) for loc in ordered(published.get(slug, set()), source)],
            "refused": [link(loc, slug) for loc in sorted(refused.get(slug, []))],
        }
        for slug in sorted(titles)
    ]
    context = reviewer.page(ws.content_files()[0].stem, source)
    html = render_index(env, source, entries, PageContext(context, source))
    write_if_changed(output / "index.html", html.encode("utf-8"))

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
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jinja2 import Environment

from leaflet_i18n.model.diagnostics import LeafletError
from leaflet_i18n.model.locales import bcp47, display_name, text_direction
from leaflet_i18n.model.verdict import Deviation, PageVerdict, Tally, total_of
from leaflet_i18n.render.html import (
    Alternate,
    PageContext,
    render_index,
    render_languages,
    render_status,
    title_text,
)
from leaflet_i18n.sources.templates import stylesheet
from leaflet_i18n.sources.workspace import Workspace
from leaflet_i18n.steps import policy
from leaflet_i18n.steps.review import Reviewer
from leaflet_i18n.steps.status import status_matrix
from leaflet_i18n.util.fs import write_if_changed

RECORDS = ".leaflet-i18n"  # inside the output folder: what each (sharded) build decided
DETAIL_LIMIT = 200  # above this many pages, per-locale details go to status/<locale>.html
SUMMARY = "summary.json"


SUFFIXES = {"html": ".html", "pdf": ".pdf", "epi": ".epi.json"}  # the files of one page
INDEX = "index"  # <locale>/index.html is the language's index, never a leaflet's page


def page_path(output: Path, locale: str, slug: str) -> Path:
    return output / locale / f"{slug}.html"


def page_files(output: Path, locale: str, slug: str) -> dict[str, Path]:
    """Every file a page may have, by output: ``html``, ``pdf``, ``epi``."""
    folder = output / locale
    return {kind: folder / f"{slug}{suffix}" for kind, suffix in SUFFIXES.items()}


def outputs_on_disk(output: Path, locales: list[str]) -> dict[str, set[str]]:
    """``locale/slug`` → the outputs of that page in ``output`` (one listing per locale)."""
    found: dict[str, set[str]] = {}
    for locale in locales:
        try:
            with os.scandir(output / locale) as entries:
                for entry in entries:
                    name = entry.name
                    for kind, suffix in SUFFIXES.items():
                        if name.endswith(suffix) and name != f"{INDEX}.html":
                            found.setdefault(f"{locale}/{name[: -len(suffix)]}", set()).add(kind)
                            break
        except OSError:
            continue
    return found


def pages_on_disk(output: Path, locales: list[str]) -> set[str]:
    """``locale/slug`` of every page in ``output`` with its HTML file."""
    return {key for key, kinds in outputs_on_disk(output, locales).items() if "html" in kinds}


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


class _Loaded:
    """The records in ``output``, each locale's read once while a summary is written."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self._every: dict[str, PageVerdict] | None = None
        self._locales: dict[str, dict[str, PageVerdict]] = {}

    def every(self) -> dict[str, PageVerdict]:
        if self._every is None:
            self._every = load_records(self.output)
        return self._every

    def of(self, locale: str) -> dict[str, PageVerdict]:
        if locale not in self._locales:
            if self._every is None:
                self._locales[locale] = load_records(self.output, locale)
            else:
                prefix = f"{locale}/"
                found = {k: v for k, v in self._every.items() if k.startswith(prefix)}
                self._locales[locale] = found
        return self._locales[locale]


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
    loaded = _Loaded(output)
    if deviations is None:
        deviations = policy.deviations(ws, [v.decision for v in loaded.every().values()])
    shown = [d.as_dict() for d in deviations]
    write_if_changed(output / "assets" / "leaflet.css", stylesheet(ws.templates_dir))
    count = sum(r.count for r in rows)
    _write_indexes(ws, loaded, titles, rows, env, reviewer, locales, count <= DETAIL_LIMIT)
    online = pages_on_disk(output, [source, *(r.locale for r in rows)])
    built = build_time()
    if count <= DETAIL_LIMIT:
        records = loaded.every()
        ordered = [records[k] for k in sorted(records) if not k.startswith(f"{source}/")]
        data = {**status_matrix(ordered), "deviations": shown}
        html = render_status(env, data, online=online, built=built)
        _write_locale_pages(loaded, env, [], locales, online, built)
    else:
        blocked = sum(len(r.refused) for r in rows)
        summary = {"pages": count, "publishable": count - blocked, "blocked": blocked}
        data = {"locales": [r.as_dict() for r in rows], "summary": summary, "deviations": shown}
        html = render_status(env, data, details=False, online=online, built=built)
        _write_locale_pages(loaded, env, rows, locales, online, built)
    write_if_changed(output / "status.html", html.encode("utf-8"))
    return sum(part.pages for s in summaries for part in s.values())


def build_time() -> datetime:
    """When the site is built: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or not epoch.strip():
        return datetime.now(timezone.utc)
    try:
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    except (ValueError, OverflowError, OSError) as exc:
        raise LeafletError(
            f"SOURCE_DATE_EPOCH must be a number of seconds since 1970, not {epoch!r}",
            code="build.date",
        ) from exc


def _write_locale_pages(
    loaded: _Loaded,
    env: Environment,
    rows: list[Overview],
    locales: set[str] | None,
    online: set[str],
    built: datetime,
) -> None:
    """``status/<locale>.html`` for large sites; stale ones removed."""
    output = loaded.output
    for row in rows:
        path = output / "status" / f"{row.locale}.html"
        if locales is not None and row.locale not in locales and path.exists():
            continue  # unchanged locale whose page is there already
        records = loaded.of(row.locale)
        one = status_matrix([records[k] for k in sorted(records)])
        # this locale's figures: other locales' pages are not rewritten
        refused = len(row.refused)
        one["summary"] = {
            "pages": row.count,
            "publishable": row.count - refused,
            "blocked": refused,
        }
        html = render_status(env, one, details=True, root="../", online=online, built=built)
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


def _write_indexes(
    ws: Workspace,
    loaded: _Loaded,
    titles: dict[str, str],
    rows: list[Overview],
    env: Environment,
    reviewer: Reviewer,
    locales: set[str] | None,
    details: bool,
) -> None:
    """``index.html``, linking the index of each language, and ``<locale>/index.html``, each in
    its language. Only the language indexes of ``locales`` are rewritten (default: all), and
    every one when the languages with pages changed; a language without a page has none."""
    source, output = ws.settings.source_locale, loaded.output
    published: dict[str, set[str]] = {}  # slug → locales with a page
    by_locale: dict[str, set[str]] = {}  # locale → slugs with a page
    for key in pages_on_disk(output, [source, *(row.locale for row in rows)]):
        locale, slug = key.split("/", 1)
        if slug in titles:
            published.setdefault(slug, set()).add(locale)
            by_locale.setdefault(locale, set()).add(slug)
    refused: dict[str, dict[str, PageVerdict]] = {}
    for row in rows:
        for verdict in row.refused:
            refused.setdefault(row.locale, {})[verdict.leaflet] = verdict
    with_pages = ordered(set(by_locale), source)
    links = {loc: link(loc, "") for loc in with_pages}

    def elsewhere(slug: str) -> list[dict[str, str]]:
        return [
            {**links[other], "href": f"../{other}/{slug}.html"}
            for other in ordered(published.get(slug, set()), source)
        ]

    root_cx = PageContext(reviewer.template_page(source), source)
    html = render_languages(
        env,
        root_cx,
        [{**link(loc, ""), "href": f"{loc}/index.html"} for loc in with_pages],
        [link(row.locale, "") for row in rows if row.locale not in by_locale],
    )
    write_if_changed(output / "index.html", html.encode("utf-8"))
    existing = {p.parent.name for p in output.glob("*/index.html")}
    every = existing != set(with_pages)  # a language came or went: every switcher changes
    for locale in with_pages:
        path = output / locale / "index.html"
        if not every and locales is not None and locale not in locales and path.exists():
            continue
        verdicts = loaded.of(locale)
        cx = PageContext(reviewer.template_page(locale), source)
        entries = []
        for slug in sorted(titles):
            here = slug in by_locale[locale]
            record = verdicts.get(f"{locale}/{slug}") or refused.get(locale, {}).get(slug)
            if not here and slug not in refused.get(locale, {}):
                continue  # not built in this language
            shown = record.shown_title if record is not None and record.shown_title else ""
            translated = record is not None and record.title_translated and bool(shown)
            status = (
                f"../status.html#{locale}-{slug}"
                if details
                else f"../status/{locale}.html#{locale}-{slug}"
            )
            entries.append(
                {
                    "title": title_text(shown, translated, cx, titles[slug]),
                    "href": f"{slug}.html" if here else "",
                    "status": status,
                    # where to read it instead; a page's own language switcher lists the rest
                    "others": [] if here else elsewhere(slug),
                }
            )
        alternates = [
            Alternate(
                bcp47(other),
                f"../{other}/index.html",
                display_name(other),
                text_direction(other),
                other == locale,
            )
            for other in with_pages
        ]
        html = render_index(env, cx, entries, alternates)
        write_if_changed(path, html.encode("utf-8"), durable=False)
    for gone in existing - set(with_pages):
        (output / gone / "index.html").unlink(missing_ok=True)

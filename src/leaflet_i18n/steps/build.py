"""``build``: review every page, render the publishable ones, refuse the rest.

A refused page is not written, and a copy left by an earlier build is
removed, so no outdated translation stays online. Work is spread over
processes; a page whose inputs did not change since the last build is
neither reviewed nor rendered again (unless the set of languages it links to
changed). The index and status pages always describe every locale.

Workers review each changed page and render it at once with the language
switcher expected from the last build; knowing the verdict of every locale
of a leaflet before rendering, the switcher is right the first time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import Environment

from leaflet_i18n.checks.context import CheckContext
from leaflet_i18n.model.diagnostics import Finding, LeafletError, Location, RenderError
from leaflet_i18n.model.verdict import Decision, Deviation, PageReview, PageVerdict, Reason
from leaflet_i18n.render.browser import Expected, page_reader
from leaflet_i18n.render.epi import epi_bundle, epi_json, verify_epi
from leaflet_i18n.render.html import PageContext, plain, render_leaflet
from leaflet_i18n.render.pdf import render_pdf, require_engine
from leaflet_i18n.render.templating import environment
from leaflet_i18n.sources.settings import OUTPUTS, SETTINGS_FILE
from leaflet_i18n.sources.templates import STYLESHEETS, stylesheet
from leaflet_i18n.sources.workspace import Workspace
from leaflet_i18n.steps import policy
from leaflet_i18n.steps.cache import Store, file_digests
from leaflet_i18n.steps.records import (
    INDEX,
    Records,
    ordered,
    outputs_on_disk,
    page_files,
    shard_name,
    write_summary,
)
from leaflet_i18n.steps.review import Page, Reviewer, page_signatures
from leaflet_i18n.util import parallel
from leaflet_i18n.util.fs import write_if_changed


@dataclass(frozen=True)
class PageResult:
    """One page of a build: where it is, the gate's decision, whether a stale copy was removed."""

    leaflet: str
    locale: str
    path: str
    decision: Decision
    removed_stale: bool = False

    @property
    def published(self) -> bool:
        return self.decision.publishable

    def as_dict(self) -> dict[str, Any]:
        return {
            "leaflet": self.leaflet,
            "locale": self.locale,
            "published": self.published,
            "path": self.path,
            "blocking": [r.as_dict() for r in self.decision.blocking],
            "fallbacks": [f.as_dict() for f in self.decision.fallbacks],
        }


@dataclass(frozen=True)
class BuildResult:
    """What a build did: every chosen page, and how many were reviewed and rendered."""

    output: Path
    pages: list[PageResult]
    reviewed: int = 0
    rendered: int = 0
    deviations: tuple[Deviation, ...] = ()  # from the default policy, of every page built
    errors: tuple[Finding, ...] = ()  # file-system problems: a page that is still online
    outputs: tuple[str, ...] = ("html",)  # what each published page is written as

    @property
    def published(self) -> list[PageResult]:
        return [p for p in self.pages if p.published]

    @property
    def refused(self) -> list[PageResult]:
        return [p for p in self.pages if not p.published]

    @property
    def up_to_date(self) -> int:
        return len(self.pages) - self.rendered - len(self.refused)


# ---------------------------------------------------------------- the manifest


@dataclass(frozen=True)
class PageEntry:
    """What the last build decided about one page, and whether the file on disk is current.

    ``linked`` says the page on disk links to the leaflet's published languages;
    ``outputs`` holds the SHA-1 of each file the build wrote for it (``html``,
    ``pdf``, ``epi``): a file on disk that differs was changed after the build
    (by hand, by a copy that stopped half-way) and is written again.
    """

    signature: str
    linked: bool
    decision: Decision
    outputs: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "signature": self.signature,
            "linked": self.linked,
            "outputs": self.outputs,
            **self.decision.as_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PageEntry:
        return cls(
            data["signature"], data["linked"], Decision.from_dict(data), data.get("outputs", {})
        )


@dataclass
class Manifest:
    """Per page, what the last build decided (in the cache); all a build needs when nothing changed.

    The page records in the output folder are only read to rewrite the status pages.
    """

    published: dict[str, list[str]] = field(default_factory=dict)  # slug → linked languages
    pages: dict[str, PageEntry] = field(default_factory=dict)  # "locale/slug" → entry

    VERSION = 4

    @classmethod
    def load(cls, store: Store, name: str) -> Manifest:
        data = store.load(name)
        if not isinstance(data, dict) or data.get("version") != cls.VERSION:
            return cls()
        pages = {key: PageEntry.from_dict(value) for key, value in data["pages"].items()}
        return cls(data["published"], pages)

    def save(self, store: Store, name: str) -> None:
        pages = {key: entry.as_dict() for key, entry in self.pages.items()}
        store.save(name, {"version": self.VERSION, "published": self.published, "pages": pages})


# ---------------------------------------------------------------- worker side


@dataclass
class BuildContext:
    """What a worker process needs to review and render pages (made once per process)."""

    reviewer: Reviewer
    env: Environment
    output: Path
    _stylesheets: list[bytes] | None = None

    @classmethod
    def open(cls, root: str, output: str, locales: tuple[str, ...] = ()) -> BuildContext:
        """The context of a worker; what every page of ``locales`` needs is made at once."""
        reviewer = Reviewer.open(root)
        reviewer.prepare(locales)
        return cls(reviewer, environment(reviewer.ws.templates_dir), Path(output))

    def stylesheets(self) -> list[bytes]:
        """``leaflet.css`` and ``print.css`` in effect, for the PDFs (read once)."""
        if self._stylesheets is None:
            folder = self.reviewer.ws.templates_dir
            self._stylesheets = [stylesheet(folder, name) for name in STYLESHEETS]
        return self._stylesheets


class _Once:
    """A context factory that makes its context once and keeps it (picklable before the call)."""

    def __init__(self, make: Callable[[], BuildContext]) -> None:
        self.make = make
        self.made: BuildContext | None = None

    def __call__(self) -> BuildContext:
        if self.made is None:
            self.made = self.make()
        return self.made


@dataclass(frozen=True)
class LeafletTask:
    """One leaflet's work: which pages to review, which to render, what is known already."""

    slug: str
    stale: list[str]  # locales whose inputs changed: review them
    wanted: list[str]  # locales to render
    known: dict[str, bool]  # publishable, for pages not reviewed again
    last: dict[str, list[str] | None]  # languages each page linked to when last written
    missing: list[str]  # wanted locales whose page file is missing
    existing: list[str]  # locales not rendered now whose page an earlier build wrote


@dataclass(frozen=True)
class LeafletOutcome:
    """What a worker did for one leaflet."""

    verdicts: dict[str, PageVerdict]  # locale → verdict
    rendered: list[str]
    published: list[str]  # the languages the leaflet's pages link to
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)  # locale → kind → SHA-1


def _process(ctx: BuildContext, task: LeafletTask) -> LeafletOutcome:
    """Review and render one leaflet in every locale that needs it."""
    reviewer = ctx.reviewer
    try:
        pages = {loc: reviewer.page(task.slug, loc) for loc in task.stale}
    except LeafletError as exc:  # the content file cannot be read: no page of it is published
        reasons = [Reason.of(f) for f in exc.findings or [exc.as_finding()]]
        verdicts = {loc: PageVerdict.unreadable(task.slug, loc, reasons) for loc in task.stale}
        return LeafletOutcome(verdicts, [], [])
    verdicts = {loc: PageVerdict.of(page) for loc, page in pages.items()}
    publishable = {**task.known, **{loc: v.publishable for loc, v in verdicts.items()}}
    linked = {loc for loc in (*task.wanted, *task.existing) if publishable.get(loc)}
    published = ordered(linked, reviewer.ws.settings.source_locale)
    rendered: list[str] = []
    outputs: dict[str, dict[str, str]] = {}
    for locale in [loc for loc in published if loc in task.wanted]:
        unchanged = task.last.get(locale) == published and locale not in task.missing
        if locale not in pages and unchanged:
            continue  # unchanged page, unchanged switcher
        page = pages.get(locale) or reviewer.page(task.slug, locale)
        content = locale in pages or locale in task.missing  # else only the switcher changed
        refusal = _publish(ctx, page, locale, task.slug, published, content, outputs)
        if refusal is None:
            rendered.append(locale)
        else:  # refused after review: build_site removes the page's old copy
            verdict = verdicts.get(locale) or PageVerdict.of(page)
            verdicts[locale] = verdict.with_decision(verdict.decision.refused(refusal))
    reviewer.forget(task.slug)
    compacted = {loc: v.compacted() for loc, v in verdicts.items()}
    return LeafletOutcome(compacted, rendered, published, outputs)


def _publish(
    ctx: BuildContext,
    page: PageReview,
    locale: str,
    slug: str,
    published: list[str],
    content: bool = True,
    outputs: dict[str, dict[str, str]] | None = None,
) -> Reason | None:
    """Render and write one page in every output; the reason it could not be, if so.

    A page is published in all its outputs or in none. ``content=False`` says only the
    language switcher changed: the PDF and the ePI, which do not show it, are left alone.
    ``outputs`` is told the SHA-1 of each file written, by locale and kind.
    """
    settings = ctx.reviewer.ws.settings
    files = page_files(ctx.output, locale, slug)
    shown = ctx.reviewer.ws.display(files["html"])
    source = settings.source_locale
    # the number format the checks read this page's translations with
    numbers = (
        None
        if locale == source
        else CheckContext(
            locale, source, page.leaflet.protected_terms, settings.equivalents_for(locale)
        ).target_format
    )
    made: dict[str, bytes] = {}
    try:
        made["html"] = render_leaflet(ctx.env, page, source, published, numbers).encode("utf-8")
        if content and "pdf" in settings.outputs:
            printed = render_leaflet(ctx.env, page, source, published, numbers, for_print=True)
            made["pdf"] = render_pdf(printed, ctx.stylesheets())
        if content and "epi" in settings.outputs:
            bundle = epi_bundle(page, PageContext(page, source, numbers))
            verify_epi(bundle, page)
            made["epi"] = epi_json(bundle)
    except RenderError as exc:
        return Reason(shown, None, None, "render.verify", str(exc))
    except LeafletError as exc:
        return Reason(exc.path or shown, exc.line, None, exc.code, exc.message)
    written: list[Path] = []
    try:
        for kind, data in made.items():
            write_if_changed(files[kind], data, durable=False)
            written.append(files[kind])
        for kind in OUTPUTS:
            if kind not in settings.outputs:  # no longer wanted: an old copy would go stale
                files[kind].unlink(missing_ok=True)
    except OSError as exc:
        for path in written:  # all outputs or none
            with contextlib.suppress(OSError):
                path.unlink()
        return Reason(shown, None, None, "build.write", f"cannot write the page: {exc.strerror}")
    if outputs is not None:
        outputs[locale] = {kind: hashlib.sha1(data).hexdigest() for kind, data in made.items()}
    return None


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


@dataclass(frozen=True)
class BuildPlan:
    """Which pages a build covers: every locale is reviewed, the chosen ones rendered."""

    slugs: list[str]
    chosen: list[str]
    every: list[str]
    sharded: bool

    @classmethod
    def of(
        cls, ws: Workspace, locales: list[str] | None, leaflet_filter: Callable[[str], bool] | None
    ) -> BuildPlan:
        source = ws.settings.source_locale
        slugs = [
            p.stem for p in ws.content_files() if leaflet_filter is None or leaflet_filter(p.stem)
        ]
        if not slugs:
            ws.leaflets()  # raises the usual "no leaflets" error
        if INDEX in slugs:
            raise LeafletError(
                f"a leaflet cannot be called '{INDEX}': its pages would replace the index of "
                "each language; rename the content file",
                path=ws.display(ws.content_dir / f"{INDEX}.yaml"),
                code="build.name",
            )
        chosen = locales if locales is not None else [source, *ws.target_locales()]
        others = {*ws.target_locales(), *ws.locales_on_disk(), *chosen} - {source}
        return cls(slugs, chosen, [source, *sorted(others)], leaflet_filter is not None)

    def pages(self) -> list[Page]:
        return [(slug, loc) for loc in self.every for slug in self.slugs]


def build_site(
    ws: Workspace,
    output: Path,
    locales: list[str] | None = None,
    jobs: int = 1,
    store: Store | None = None,
    progress: Callable[[int], None] | None = None,
    leaflet_filter: Callable[[str], bool] | None = None,
    timings: Callable[[str, float], None] | None = None,
    verify_in_browser: bool = False,
) -> BuildResult:
    """Build ``output``: one page per leaflet × chosen locale (default: source and targets).

    Every locale is reviewed (the index and status pages describe them all);
    the chosen ones are rendered. A page whose inputs and language switcher
    are unchanged since the last build is left alone. ``timings`` is told
    how many seconds each phase took.
    """
    timer = _Timer(timings)
    plan = BuildPlan.of(ws, locales, leaflet_filter)
    _prepare_output(ws, output)
    offline = _Offline(ws)
    store = store or Store(ws.root, enabled=False)
    records = Records(output, shard_name(plan.sharded, plan.slugs))
    where = f"{output.resolve()}|{records.shard}"
    manifest_name = "build-" + hashlib.sha1(where.encode()).hexdigest()[:12]
    manifest = Manifest.load(store, manifest_name)
    signatures = page_signatures(ws, plan.pages(), store)
    on_disk = outputs_on_disk(output, plan.every)  # page → its files there
    wanted = set(ws.settings.outputs)
    complete = {key for key, kinds in on_disk.items() if wanted <= kinds}
    complete -= _altered(output, manifest, on_disk, complete, wanted, store)
    timer("signatures, manifest and pages on disk")
    recorded = records.locales()
    dropped = recorded - set(plan.every)  # locales no longer built: their pages go offline
    for locale in dropped:
        for slug in plan.slugs:
            offline.remove_page(output, locale, slug)
    tasks = [
        task
        for task in (
            _task(slug, plan, signatures, manifest, recorded, on_disk, complete)
            for slug in plan.slugs
        )
        if _needs_work(task, plan, manifest, dropped)
    ]
    timer(f"planning ({len(tasks)} leaflets to process)")
    if tasks and "pdf" in wanted:  # before any work: say what is missing, once
        require_engine(ws.settings.path or SETTINGS_FILE, ws.settings.outputs_line or None)
    # workers forked from this process inherit what it prepared: the locales they will review
    forked = parallel.in_workers(len(tasks), jobs)
    stale = sorted({loc for task in tasks for loc in task.stale}) if forked else []
    context = _Once(functools.partial(BuildContext.open, str(ws.root), str(output), tuple(stale)))
    with parallel.batch_gc():
        # a leaflet is many pages' work: one at a time, so both workers finish together
        outcomes = list(parallel.run_with(_process, tasks, jobs, context, progress, chunk=1))
    changed, rendered = _apply(tasks, outcomes, plan, signatures, manifest)
    reviewed = sum(len(c) for c in changed.values())
    timer(f"review and render ({reviewed} reviewed, {rendered} rendered)")
    gone = set(manifest.published) - set(plan.slugs)  # leaflets deleted since the last build
    for slug in gone:
        del manifest.published[slug]
        for locale in plan.every:
            offline.remove_page(output, locale, slug)
    if gone or len(manifest.pages) != len(signatures):
        manifest.pages = {
            f"{loc}/{slug}": manifest.pages[f"{loc}/{slug}"] for slug, loc in signatures
        }
    updated = records.update(
        changed, set(plan.slugs), plan.every, ws.settings.source_locale, prune=bool(gone or dropped)
    )
    results = _results(ws, output, plan, manifest, on_disk, offline)
    if verify_in_browser:
        results = _verify_in_browser(ws, output, results, offline)
        timer("pages read back in Chromium")
    if tasks or gone:
        manifest.save(store, manifest_name)
    timer("results, manifest and records saved")
    every_decision = [entry.decision for entry in manifest.pages.values()]
    removed = any(r.removed_stale for r in results)
    summary = (output / "index.html", output / "status.html")
    if updated or rendered or removed or not all(p.exists() for p in summary):
        env = environment(ws.templates_dir)
        every = policy.deviations(ws, every_decision)
        # the reviewer this process made knows the template reviews of the locales it prepared
        reviewer = context.made.reviewer if context.made is not None else Reviewer(ws)
        write_summary(ws, output, env, reviewer, locales=updated, deviations=every)
        timer("index and status pages")
    # what the pages built here depend on: the renderings of their locales only
    found = policy.deviations(ws, [r.decision for r in results], plan.chosen)
    return BuildResult(
        output,
        results,
        reviewed,
        rendered,
        tuple(found),
        tuple(offline.errors),
        ws.settings.outputs,
    )


def merge_shards(ws: Workspace, output: Path) -> int:
    """``build --merge``: index and status pages for the builds (shards) copied into ``output``.

    Returns the number of page records read.
    """
    return write_summary(ws, output, environment(ws.templates_dir), Reviewer(ws))


def _altered(
    output: Path,
    manifest: Manifest,
    on_disk: dict[str, set[str]],
    keys: set[str],
    wanted: set[str],
    store: Store,
) -> set[str]:
    """The pages among ``keys`` with a file on disk that is not the one the build wrote.

    Content hashes, like the inputs' (a file is read again only when its size,
    times or inode changed since its digest was recorded): a page edited by
    hand, or half copied, is written again, or taken offline if it is refused.
    """
    paths: dict[str, list[tuple[str, str]]] = {}
    for key in keys:
        entry = manifest.pages.get(key)
        if entry is None or not entry.decision.publishable:
            continue  # written again, or taken offline, anyway
        locale, slug = key.split("/", 1)
        files = page_files(output, locale, slug)
        paths[key] = [(kind, str(files[kind])) for kind in sorted(wanted & on_disk[key])]
    digests = file_digests((path for pairs in paths.values() for _, path in pairs), store)
    return {
        key
        for key, pairs in paths.items()
        if any(manifest.pages[key].outputs.get(kind) != digests[path] for kind, path in pairs)
    }


def _needs_work(task: LeafletTask, plan: BuildPlan, manifest: Manifest, dropped: set[str]) -> bool:
    """Whether a page changed, a linked language went, or a page file is missing."""
    if task.stale:
        return True
    if any(loc in dropped for loc in manifest.published.get(task.slug, [])):
        return True
    return any(
        task.known.get(loc) and (loc in task.missing or task.last.get(loc) is None)
        for loc in plan.chosen
    )


def _apply(
    tasks: list[LeafletTask],
    outcomes: list[LeafletOutcome],
    plan: BuildPlan,
    signatures: dict[Page, str],
    manifest: Manifest,
) -> tuple[dict[str, dict[str, PageVerdict]], int]:
    """Record what the workers decided: the new verdicts by locale, and pages rendered."""
    changed: dict[str, dict[str, PageVerdict]] = {}  # locale → leaflet → new verdict
    rendered = 0
    for task, outcome in zip(tasks, outcomes, strict=True):
        rendered += len(outcome.rendered)
        manifest.published[task.slug] = outcome.published
        for locale in plan.every:
            key = f"{locale}/{task.slug}"
            verdict = outcome.verdicts.get(locale)
            if verdict is not None:
                changed.setdefault(locale, {})[task.slug] = verdict
                decision = verdict.decision
            else:
                decision = manifest.pages[key].decision
            linked = locale in task.wanted and locale in outcome.published
            old = manifest.pages.get(key)
            kept = old.outputs if old is not None and decision.publishable else {}
            written = outcome.outputs.get(locale)
            files = {**kept, **written} if written else kept
            manifest.pages[key] = PageEntry(
                signatures[(task.slug, locale)], linked, decision, files
            )
    return changed, rendered


def _task(
    slug: str,
    plan: BuildPlan,
    signatures: dict[Page, str],
    manifest: Manifest,
    recorded: set[str],
    on_disk: dict[str, set[str]],
    complete: set[str],
) -> LeafletTask:
    """What one leaflet needs: a chosen page is missing unless every output of it is there."""
    stale, known, last, missing, existing = [], {}, {}, [], []
    published = manifest.published.get(slug)
    for locale in plan.every:
        key = f"{locale}/{slug}"
        entry = manifest.pages.get(key)
        current = entry is not None and entry.signature == signatures[(slug, locale)]
        if entry is None or not current or locale not in recorded:
            stale.append(locale)
        else:
            known[locale] = entry.decision.publishable
        last[locale] = published if entry is not None and entry.linked else None
        if locale in plan.chosen and key not in complete:
            missing.append(locale)
        elif locale not in plan.chosen and "html" in on_disk.get(key, ()):
            existing.append(locale)
    wanted = [loc for loc in plan.every if loc in plan.chosen]
    return LeafletTask(slug, stale, wanted, known, last, missing, existing)


def _results(
    ws: Workspace,
    output: Path,
    plan: BuildPlan,
    manifest: Manifest,
    on_disk: dict[str, set[str]],
    offline: _Offline,
) -> list[PageResult]:
    """The chosen pages' results; every refused page's copy is taken offline here, in every
    locale reviewed, not only those rendered now, and in every output (HTML, PDF, ePI).
    A copy written by this build is already gone: a page fails in all outputs or none."""
    removed: set[str] = set()
    for key in sorted(on_disk):
        entry = manifest.pages.get(key)
        if entry is not None and not entry.decision.publishable:
            locale, slug = key.split("/", 1)
            files = page_files(output, locale, slug)
            if offline.remove_files([files[kind] for kind in sorted(on_disk[key])]):
                removed.add(key)
    shown = ws.display(output)  # resolving each page's path would dominate a no-op build
    return [
        PageResult(
            slug,
            locale,
            f"{shown}/{locale}/{slug}.html",
            manifest.pages[f"{locale}/{slug}"].decision,
            f"{locale}/{slug}" in removed,
        )
        for locale in plan.chosen
        for slug in plan.slugs
    ]


def _verify_in_browser(
    ws: Workspace, output: Path, results: list[PageResult], offline: _Offline
) -> list[PageResult]:
    """Every published page read back in Chromium; one that does not show its critical text
    is taken offline in every output and refused (``render.browser``)."""
    reviewer = Reviewer(ws)
    checked = []
    with page_reader() as reader:
        for result in results:
            if not result.published:
                checked.append(result)
                continue
            expected = _expected_texts(reviewer.page(result.leaflet, result.locale))
            target = page_files(output, result.locale, result.leaflet)["html"]
            missing = reader.missing(target, expected)
            if not missing:
                checked.append(result)
                continue
            text = missing[0].text
            message = f"the browser does not show this critical text where it belongs: {text!r}"
            reason = Reason(
                ws.display(target), None, missing[0].section or None, "render.browser", message
            )
            offline.remove_page(output, result.locale, result.leaflet)
            checked.append(replace(result, decision=result.decision.refused(reason)))
    return checked


def _expected_texts(page: PageReview) -> list[Expected]:
    """The critical translations of a page, each with the section that must show it."""
    out = []
    for review in (*page.messages, *page.templates):
        translation = review.translation
        if not review.message.critical or translation is None or "{" in translation:
            continue
        section = review.message.context if page.leaflet.section(review.message.context) else ""
        out.append(Expected(section, plain(translation)))
    return out


class _Offline:
    """Takes pages offline, and remembers each one it could not: it is still online."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.errors: list[Finding] = []

    def remove(self, page: Path) -> bool:
        try:
            page.unlink(missing_ok=True)
            return True
        except OSError as exc:
            message = (
                f"cannot remove this page ({exc.strerror}): it is STILL ONLINE although it "
                "must not be published; remove it by hand"
            )
            where = Location(self.ws.display(page))
            self.errors.append(Finding("error", "build.online", where, message))
            return False

    def remove_files(self, files: list[Path]) -> bool:
        """Remove each file; True when every one is gone."""
        return all([self.remove(path) for path in files])

    def remove_page(self, output: Path, locale: str, slug: str) -> bool:
        """Take a page offline in every output."""
        return self.remove_files(list(page_files(output, locale, slug).values()))


def _prepare_output(ws: Workspace, output: Path) -> None:
    """The output folder exists and is a folder, or the build stops before writing anything."""
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = "it is a file" if isinstance(exc, FileExistsError) else exc.strerror
        raise LeafletError(
            f"cannot use this as the output folder: {reason}",
            path=ws.display(output),
            code="build.output",
        ) from exc

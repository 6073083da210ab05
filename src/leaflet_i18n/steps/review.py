"""Review pages: read each catalog, check it against the source, judge the page.

This is the one review path: ``check``, ``status`` and ``build`` all judge a
page through :meth:`Reviewer.page`, and keep :class:`PageVerdict` records of
what it decided. Criticality comes from the source leaflets and templates,
never from the ``.po`` files (a translator could delete a comment, not the
content file).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leaflet_i18n.checks import registry
from leaflet_i18n.checks.approval import ApprovalIndex, approval_problems
from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.checks.context import CheckContext
from leaflet_i18n.checks.header import header_problems
from leaflet_i18n.checks.lint import blocking_source_findings, lint_leaflet, waiver_of
from leaflet_i18n.checks.policy import equivalent_problems
from leaflet_i18n.checks.spec import Problem
from leaflet_i18n.checks.state import message_state
from leaflet_i18n.checks.translation import translation_problems
from leaflet_i18n.model.approval import ApprovalRecord
from leaflet_i18n.model.catalog import Catalog, Entry
from leaflet_i18n.model.diagnostics import ContentError, Finding, Location, POError, Subject
from leaflet_i18n.model.leaflet import Leaflet, Message
from leaflet_i18n.model.verdict import MessageReview, PageReview, PageVerdict, Reason, Waived
from leaflet_i18n.sources.approvals import load_record
from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.settings import SETTINGS_FILE, Settings
from leaflet_i18n.sources.templates import STYLESHEETS, stylesheet_path
from leaflet_i18n.sources.workspace import TEMPLATE_DOMAIN, Workspace
from leaflet_i18n.steps.cache import Store, combined, file_digests
from leaflet_i18n.steps.extract import TEMPLATE_CRITICAL_CONTEXT, template_catalog
from leaflet_i18n.util import parallel

Page = tuple[str, str]  # (leaflet slug, locale)


def template_messages(ws: Workspace) -> list[Message]:
    """Messages of the HTML templates; those in context ``critical`` are critical."""
    out = []
    for entry in template_catalog(ws, "").messages():
        line = int(entry.references[0].rpartition(":")[2]) if entry.references else 0
        out.append(
            Message(
                context=entry.msgctxt or "",
                msgid=entry.msgid,
                role="template",
                line=line,
                kind="template",
                critical=entry.msgctxt == TEMPLATE_CRITICAL_CONTEXT,
                section_title=entry.references[0].rpartition(":")[0] if entry.references else None,
            )
        )
    return out


def review_message(
    message: Message,
    entry: Entry | None,
    shown: str,
    cx: CheckContext,
    policy: str,
    source_path: str,
) -> MessageReview:
    """One source message with its catalog entry (if any): its state and its findings."""
    subject = message_subject(message)
    where = Location(shown, entry.line if entry is not None else 0)
    state, problem = message_state(message.msgid, entry, f"source: {source_path}:{message.line}")
    problems: Iterable[Problem]
    if problem is not None:
        problems = [problem]
    else:
        assert entry is not None
        problems = translation_problems(cx, message.msgid, entry.msgstr)
    comments = entry.comments if entry is not None else None
    found = registry.findings(problems, where, subject, comments, policy)
    return MessageReview(message, entry, state, tuple(found))


def message_subject(message: Message) -> Subject:
    """What a finding about ``message`` is about: its section and criticality."""
    return Subject(
        message.context or None, message.msgid, message.context or "(templates)", message.critical
    )


def review_messages(
    messages: Iterable[Message],
    catalog: Catalog | None,
    shown: str,
    cx: CheckContext,
    policy: str,
    source_path: str,
) -> list[MessageReview]:
    """Pair each source message with its entry and judge it; no catalog means nothing is there."""
    if catalog is None:
        return [MessageReview(m, None, "missing") for m in messages]
    index = catalog.index()
    return [
        review_message(m, index.get((m.context or None, m.msgid)), shown, cx, policy, source_path)
        for m in messages
    ]


def stale_problems(catalog: Catalog, messages: Iterable[Message]) -> list[tuple[Entry, Problem]]:
    """Translated entries whose message is no longer in the source."""
    keys = {(m.context or None, m.msgid) for m in messages}
    problem = ("source.stale", "message is no longer in the source; run `leaflet-i18n update`")
    return [(e, problem) for e in catalog.messages() if e.key not in keys and e.msgstr]


@dataclass(frozen=True)
class CatalogReview:
    reviews: list[MessageReview]
    findings: list[Finding]  # about the file as a whole (header, syntax, stale entries)


def review_catalog_file(
    ws: Workspace,
    locale: str,
    domain: str,
    messages: list[Message],
    cx: CheckContext,
    source_path: str,
) -> CatalogReview:
    """Every message of one catalog, and what is wrong with the file as a whole."""
    path = ws.po_path(locale, domain)
    shown = ws.display(path)
    policy = ws.settings.fallback
    if not os.path.lexists(path):  # a broken symlink or a loop is read, and named, below
        problem = (
            "catalog.missing",
            f"no catalog for {locale}; run `leaflet-i18n init -l {locale}`",
        )
        missing = registry.findings([problem], Location(shown))
        return CatalogReview(
            review_messages(messages, None, shown, cx, policy, source_path), missing
        )
    try:
        catalog = read_catalog(path, display=shown)
    except POError as exc:
        return CatalogReview(
            review_messages(messages, None, shown, cx, policy, source_path),
            exc.findings or [exc.as_finding()],
        )
    header = catalog.header
    found = registry.findings(
        header_problems(catalog, locale), Location(shown, header.line if header else 1)
    )
    found += catalog.warnings
    for entry, problem in stale_problems(catalog, messages):
        subject = Subject(entry.msgctxt, entry.msgid, entry.msgctxt or "(templates)", False)
        found += registry.findings([problem], Location(shown, entry.line), subject)
    return CatalogReview(review_messages(messages, catalog, shown, cx, policy, source_path), found)


def read_approvals(
    ws: Workspace, locale: str, domain: str
) -> tuple[ApprovalRecord | None, list[Finding]]:
    """The review record of a catalog, or None and why it cannot be used (``review.record``)."""
    path = ws.review_path(locale, domain)
    shown = ws.display(path)
    try:
        return load_record(path, shown, domain, locale), []
    except ContentError as exc:
        errors = exc.findings or [exc.as_finding()]
        return None, [
            f
            for e in errors
            for f in registry.findings(
                [("review.record", f"{e.message}; the record approves nothing")], e.location
            )
        ]


def apply_approvals(
    ws: Workspace, locale: str, domain: str, result: CatalogReview
) -> CatalogReview:
    """The catalog review with sign-off findings where the workspace requires approval.

    Only translated messages are judged (an untranslated or fuzzy one is refused already).
    A record that cannot be read refuses the page (``review.record``): nothing it says counts.
    """
    policy = ws.settings.review
    if not policy.applies_to(locale):
        return result
    record, problems = read_approvals(ws, locale, domain)
    if record is None:
        return CatalogReview(result.reviews, result.findings + problems)
    shown = ws.display(ws.po_path(locale, domain))
    index = ApprovalIndex(
        record, ((r.message.context or None, r.message.msgid) for r in result.reviews)
    )
    reviews = []
    for review in result.reviews:
        entry = review.entry
        roles = policy.required(locale, review.message.critical)
        if not roles or review.state != "translated" or entry is None:
            reviews.append(review)
            continue
        statuses = [
            index.status(entry.msgctxt, entry.msgid, entry.msgid_plural, entry.translations, role)
            for role in roles
        ]
        found = approval_problems(statuses, review.message.critical)
        if not found:
            reviews.append(review)
            continue
        extra = registry.findings(
            found,
            Location(shown, entry.line),
            message_subject(review.message),
            entry.comments,
            ws.settings.fallback,
        )
        reviews.append(
            MessageReview(review.message, entry, review.state, (*review.findings, *extra))
        )
    return CatalogReview(reviews, result.findings)


@dataclass(frozen=True)
class SourceReview:
    """What the source itself decides for every page of a leaflet: lint errors, waivers."""

    blocking: tuple[Finding, ...] = ()
    waived: tuple[Waived, ...] = ()

    @classmethod
    def of(cls, leaflet: Leaflet, settings: Settings) -> SourceReview:
        findings = lint_leaflet(leaflet, settings)
        waived = []
        for finding in findings:
            waiver = waiver_of(finding, leaflet)
            if waiver is not None and finding.suppressed:
                waived.append(Waived(Reason.of(finding), waiver.reason, waiver.by))
        return cls(tuple(blocking_source_findings(findings)), tuple(waived))


def source_page(
    leaflet: Leaflet,
    locale: str,
    templates: list[Message],
    policy: str,
    source: SourceReview | None = None,
) -> PageReview:
    """The page in the source language: every text shown as written."""

    def as_is(message: Message) -> MessageReview:
        entry = Entry(msgid=message.msgid, msgstr=message.msgid)
        return MessageReview(message, entry, "translated")

    source = source or SourceReview()
    return PageReview(
        leaflet=leaflet,
        locale=locale,
        catalog=leaflet.path,
        messages=tuple(as_is(m) for m in leaflet.messages()),
        templates=tuple(as_is(m) for m in templates),
        policy=policy,
        is_source=True,
        source_findings=source.blocking,
        waived=source.waived,
    )


class Reviewer:
    """Reviews pages on demand, loading each leaflet and template catalog once per process."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._leaflets: dict[str, Leaflet] = {}
        self._templates: list[Message] | None = None
        self._template_reviews: dict[str, CatalogReview] = {}
        self._messages: dict[str, list[Message]] = {}
        self._sources: dict[str, SourceReview] = {}

    @classmethod
    def open(cls, root: str) -> Reviewer:
        """A reviewer of the workspace at ``root`` (a picklable factory for worker processes)."""
        return cls(Workspace.open(Path(root)))

    def leaflet(self, slug: str) -> Leaflet:
        if slug not in self._leaflets:
            path = self.ws.content_dir / f"{slug}.yaml"
            self._leaflets[slug] = load_leaflet(path, self.ws.display(path), self.ws.settings)
        return self._leaflets[slug]

    def forget(self, slug: str) -> None:
        """Drop what was loaded for one leaflet (a build is done with it: memory stays flat)."""
        self._leaflets.pop(slug, None)
        self._messages.pop(slug, None)
        self._sources.pop(slug, None)

    def source(self, slug: str) -> SourceReview:
        """The leaflet's own findings that decide for all its pages."""
        if slug not in self._sources:
            self._sources[slug] = SourceReview.of(self.leaflet(slug), self.ws.settings)
        return self._sources[slug]

    def templates(self) -> list[Message]:
        if self._templates is None:
            self._templates = template_messages(self.ws) if self.ws.template_files() else []
        return self._templates

    def _template_review(self, locale: str) -> CatalogReview | None:
        templates = self.templates()
        if templates and locale not in self._template_reviews:
            cx = CheckContext(locale, self.ws.settings.source_locale)
            self._template_reviews[locale] = apply_approvals(
                self.ws,
                locale,
                TEMPLATE_DOMAIN,
                review_catalog_file(self.ws, locale, TEMPLATE_DOMAIN, templates, cx, "templates"),
            )
        return self._template_reviews.get(locale)

    def prepare(self, locales: Iterable[str]) -> None:
        """Review the template catalog and read the number vocabulary of each locale now.

        A build does this before it forks its workers: each then inherits them instead of
        making them again (a second or more for 26 languages), and so does the index.
        """
        settings = self.ws.settings
        for locale in locales:
            if locale == settings.source_locale:
                continue
            self._template_review(locale)
            equivalents = settings.equivalents_for(locale)
            _ = CheckContext(locale, settings.source_locale, (), equivalents).target_format

    def template_page(self, locale: str) -> PageReview:
        """The template strings of ``locale`` alone: what an index page shows."""
        settings = self.ws.settings
        leaflet = Leaflet("", "", "", 0, settings.source_locale, ())
        if locale == settings.source_locale:
            return source_page(leaflet, locale, self.templates(), settings.fallback)
        review = self._template_review(locale)
        return PageReview(
            leaflet=leaflet,
            locale=locale,
            catalog=self.ws.display(self.ws.po_path(locale, TEMPLATE_DOMAIN)),
            messages=(),
            templates=tuple(review.reviews) if review else (),
            catalog_findings=tuple(review.findings) if review else (),
            policy=settings.fallback,
        )

    def template_reviews(self, locale: str) -> list[MessageReview]:
        """The template strings of ``locale``, judged as on every page (empty without templates)."""
        review = self._template_review(locale)
        return review.reviews if review is not None else []

    def page(self, slug: str, locale: str) -> PageReview:
        """The review of one page: every message judged, the page's verdict computable."""
        leaflet = self.leaflet(slug)
        settings = self.ws.settings
        source = self.source(slug)
        if locale == settings.source_locale:
            return source_page(leaflet, locale, self.templates(), settings.fallback, source)
        template_review = self._template_review(locale)
        cx = CheckContext(
            locale,
            settings.source_locale,
            leaflet.protected_terms,
            settings.equivalents_for(locale),
        )
        if slug not in self._messages:
            self._messages[slug] = list(leaflet.messages())
        result = review_catalog_file(self.ws, locale, slug, self._messages[slug], cx, leaflet.path)
        result = apply_approvals(self.ws, locale, slug, result)
        unsafe = equivalent_problems(locale, leaflet.protected_terms, cx.equivalents)
        settings_file = self.ws.settings.path or SETTINGS_FILE
        result.findings.extend(registry.findings(unsafe, Location(settings_file)))
        return PageReview(
            leaflet=leaflet,
            locale=locale,
            catalog=self.ws.display(self.ws.po_path(locale, slug)),
            messages=tuple(result.reviews),
            templates=tuple(template_review.reviews) if template_review else (),
            catalog_findings=tuple(
                result.findings + (template_review.findings if template_review else [])
            ),
            policy=settings.fallback,
            source_findings=source.blocking,
            waived=source.waived,
        )


# ---------------------------------------------------------------- signatures


def shared_inputs(ws: Workspace) -> list[Path]:
    """Files every page depends on: the settings and the templates in effect (and the
    stylesheets, which a PDF has inside it)."""
    files = [ws.root / "leaflet-i18n.yaml", *ws.template_files()]
    if "pdf" in ws.settings.outputs:
        files += [stylesheet_path(ws.templates_dir, name) for name in STYLESHEETS]
    return files


def workspace_signature(ws: Workspace) -> str:
    """The signature of the inputs every page shares (settings, templates)."""
    paths = [str(p) for p in shared_inputs(ws)]
    digests = file_digests(paths)
    return combined(*(f"{p}={digests[p]}" for p in paths))


def page_inputs(ws: Workspace, slug: str, locale: str) -> list[str]:
    """The files a page is made from: its content file and, in translation, its catalogs and
    their review records (a changed approval changes the page's verdict)."""
    files = [os.path.join(ws.content_dir, f"{slug}.yaml")]
    if locale != ws.settings.source_locale:
        folder = os.path.join(ws.locales_dir, locale, "LC_MESSAGES")
        files.append(os.path.join(folder, f"{slug}.po"))
        files.append(os.path.join(folder, f"{TEMPLATE_DOMAIN}.po"))
        reviews = os.path.join(ws.locales_dir, locale, "reviews")
        files.append(os.path.join(reviews, f"{slug}.yaml"))
        files.append(os.path.join(reviews, f"{TEMPLATE_DOMAIN}.yaml"))
    return files


def page_signatures(
    ws: Workspace, pages: Iterable[Page], store: Store | None = None
) -> dict[Page, str]:
    """Signatures of (leaflet, locale) pages; each changes whenever an input of its page changes.

    Signatures hash file contents, so they change with any edit, whatever
    happened to its timestamp. Each file is read once, however many pages
    share it (content files, template catalogs), and with an enabled ``store``
    only when it may have changed since (see :func:`~leaflet_i18n.steps.cache.file_digests`).
    """
    shared = workspace_signature(ws)
    inputs = {page: page_inputs(ws, *page) for page in pages}
    digests = file_digests((path for files in inputs.values() for path in files), store)
    return {
        page: combined(shared, page[1], *(digests[path] for path in files))
        for page, files in inputs.items()
    }


# ---------------------------------------------------------------- verdicts, cached and in parallel


@dataclass(frozen=True)
class ReviewedPage:
    """A page's verdict and every finding behind it (what ``check`` lists)."""

    verdict: PageVerdict
    findings: tuple[Finding, ...]

    @classmethod
    def of(cls, page: PageReview) -> ReviewedPage:
        return cls(PageVerdict.of(page), tuple(page.findings))

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict.as_dict(),
            "findings": [f.as_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReviewedPage:
        return cls(
            PageVerdict.from_dict(data["verdict"]),
            tuple(Finding.from_dict(f) for f in data["findings"]),
        )


def _review_one(reviewer: Reviewer, page: Page) -> dict[str, Any]:
    return ReviewedPage.of(reviewer.page(*page)).as_dict()


def review(
    ws: Workspace,
    pages: list[Page],
    jobs: int = 1,
    store: Store | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[Page, ReviewedPage]:
    """The reviewed pages; those whose inputs did not change come from the cache."""
    signatures = page_signatures(ws, pages, store)
    locales = sorted({locale for _, locale in pages})
    cached: dict[str, dict[str, Any]] = {
        locale: (store.load(f"reviews-{locale}") if store else None) or {} for locale in locales
    }
    out: dict[Page, ReviewedPage] = {}
    todo = []
    for page in pages:
        hit = cached[page[1]].get(page[0])
        if hit and hit.get("signature") == signatures[page]:
            out[page] = ReviewedPage.from_dict(hit["page"])
            if progress:
                progress(1)
        else:
            todo.append(page)
    todo.sort(key=lambda p: (p[1], p[0]))  # by locale: a worker reuses its template review
    with parallel.batch_gc():
        results = list(
            parallel.run_with(
                _review_one, todo, jobs, functools.partial(Reviewer.open, str(ws.root)), progress
            )
        )
    for page, data in zip(todo, results, strict=True):
        out[page] = ReviewedPage.from_dict(data)
        cached[page[1]][page[0]] = {"signature": signatures[page], "page": data}
    if store:
        for locale in sorted({locale for _, locale in todo}):
            store.save(f"reviews-{locale}", cached[locale])
    return out

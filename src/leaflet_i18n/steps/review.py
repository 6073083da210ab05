"""Review a workspace: read every catalog, check it against the source, judge each page.

Criticality comes from the source leaflets and templates, never from the
``.po`` files (a translator could delete a comment, not the content file).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.checks.plural import PluralError, equivalent
from leaflet_i18n.checks.translation import (
    CheckContext,
    Subject,
    check_translation,
    finding,
    suppressed_codes,
)
from leaflet_i18n.model.catalog import Catalog, Entry
from leaflet_i18n.model.diagnostics import Finding, Location, POError, Severity, finding_from_dict
from leaflet_i18n.model.leaflet import Leaflet, Message
from leaflet_i18n.model.locales import plural_rules
from leaflet_i18n.model.verdict import MessageReview, PageReview
from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.workspace import TEMPLATE_DOMAIN, Workspace
from leaflet_i18n.steps.cache import Store, combined, file_digests
from leaflet_i18n.steps.extract import TEMPLATE_CRITICAL_CONTEXT, template_catalog
from leaflet_i18n.steps.status import page_status
from leaflet_i18n.util import parallel


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


def header_findings(catalog: Catalog, locale: str, shown: str) -> list[Finding]:
    """The catalog header agrees with its folder and with CLDR."""
    header = catalog.header
    line = header.line if header else 1
    where = Location(shown, line)
    out = []
    language = catalog.header_field("Language")
    if not language:
        out.append(
            Finding(
                "warning", "header.language", where, f"no Language header (expected '{locale}')"
            )
        )
    elif language.replace("-", "_") != locale:
        out.append(
            Finding(
                "error",
                "header.language",
                where,
                f"Language is '{language}' but the file is in the folder of '{locale}'",
            )
        )
    out.extend(plural_forms_findings(catalog.header_field("Plural-Forms"), locale, where))
    content_type = catalog.header_field("Content-Type") or ""
    if "charset=" not in content_type:
        out.append(Finding("warning", "header.charset", where, "no charset in Content-Type"))
    return out


def plural_forms_findings(forms: str | None, locale: str, where: Location) -> list[Finding]:
    """A warning unless ``forms`` groups numbers as GNU gettext's or CLDR's rule does.

    Any formula that is equivalent for n = 0..1,000,000 is fine, however it
    is written; a malformed one is msgfmt's error (``po.plural-forms``).
    """
    rules = plural_rules(locale)
    names = {"gettext": "GNU gettext's", "CLDR": "CLDR's"}
    known = " and ".join(f"{names[rule.source]} '{rule.value}'" for rule in rules)
    if forms is None:
        message = f"no Plural-Forms header ({known})"
        return [Finding("warning", "header.plural-forms", where, message)]
    try:
        if any(equivalent(forms, rule.value) for rule in rules):
            return []
    except PluralError as exc:
        # A formula msgfmt rejects is a po.plural-forms error already; one that
        # fails only past n = 1000, which msgfmt does not try, is reported here.
        message = f"Plural-Forms '{forms}': {exc}"
        return [Finding("warning", "header.plural-forms", where, message)]
    message = (
        f"Plural-Forms '{forms}' groups numbers differently from {known}: "
        "translations would be shown in the wrong plural form"
    )
    return [Finding("warning", "header.plural-forms", where, message)]


def review_messages(
    messages: Iterable[Message],
    catalog: Catalog | None,
    shown: str,
    cx: CheckContext,
    policy: str,
    source_path: str,
) -> list[MessageReview]:
    """Pair each source message with its entry and judge it."""
    index = catalog.index() if catalog is not None else {}
    reviews = []
    for message in messages:
        key = (message.context or None, message.msgid)
        entry = index.get(key)
        subject = Subject(
            shown,
            entry.line if entry else 0,
            key[0],
            message.msgid,
            message.context or "(templates)",
            message.critical,
        )
        if catalog is None:
            reviews.append(MessageReview(message, None, "missing"))
            continue
        severity: Severity = "error" if message.critical or policy == "block" else "warning"
        if entry is None:
            state = "missing"
            found = [
                finding(
                    subject,
                    severity,
                    "missing",
                    f"not in the catalog (source: {source_path}:{message.line}); "
                    "run `leaflet-i18n update`",
                )
            ]
        elif not entry.msgstr:
            state = "untranslated"
            found = [finding(subject, severity, "untranslated", "not translated")]
        elif _shows_nothing(message.msgid, entry.msgstr):
            state = "untranslated"
            found = [
                finding(
                    subject,
                    severity,
                    "untranslated",
                    "not translated: the translation has no letter or digit, "
                    "only spaces, punctuation or invisible characters",
                )
            ]
        elif entry.fuzzy:
            state = "fuzzy"
            hint = _fuzzy_hint(entry)
            found = [
                finding(
                    subject,
                    severity,
                    "fuzzy",
                    f"marked fuzzy: check the translation, then remove the fuzzy flag{hint}",
                )
            ]
        else:
            state = "translated"
            found = check_translation(cx, subject, entry.msgstr, entry.comments)
        if entry is not None and state != "translated":
            found = _apply_suppressions(found, entry.comments, message.critical)
        reviews.append(MessageReview(message, entry, state, tuple(found)))
    return reviews


_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def _fuzzy_hint(entry: Entry) -> str:
    """What a fuzzy entry was translated from: another section, an older source text."""
    moved = entry.previous_msgctxt is not None and entry.previous_msgctxt != entry.msgctxt
    if moved and entry.previous_msgid == entry.msgid:
        return f" (moved from section '{entry.previous_msgctxt}')"
    if moved:
        return f" (from section '{entry.previous_msgctxt}', source was: '{entry.previous_msgid}')"
    return f" (source was: '{entry.previous_msgid}')" if entry.previous_msgid else ""


def _shows_nothing(source: str, translation: str) -> bool:
    """True when a translation would show as blank where the source says something."""
    return _LETTER_OR_DIGIT.search(translation) is None and bool(_LETTER_OR_DIGIT.search(source))


def _apply_suppressions(found: list[Finding], comments: list[str], critical: bool) -> list[Finding]:
    silenced = suppressed_codes(comments)
    out = []
    for f in found:
        allowed = f.code in silenced and not (critical and f.severity == "error")
        out.append(
            Finding(f.severity, f.code, f.location, f.message, {**f.extra, "suppressed": allowed})
        )
    return out


def stale_entries(catalog: Catalog, messages: Iterable[Message], shown: str) -> list[Finding]:
    """Translated entries whose message is no longer in the source."""
    keys = {(m.context or None, m.msgid) for m in messages}
    return [
        Finding(
            "warning",
            "source.stale",
            Location(shown, e.line),
            "message is no longer in the source; run `leaflet-i18n update`",
            {"msgctxt": e.msgctxt, "msgid": e.msgid},
        )
        for e in catalog.messages()
        if e.key not in keys and e.msgstr
    ]


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
    path = ws.po_path(locale, domain)
    shown = ws.display(path)
    policy = ws.settings.fallback
    if not path.exists():
        missing = Finding(
            "error",
            "catalog.missing",
            Location(shown),
            f"no catalog for {locale}; run `leaflet-i18n init -l {locale}`",
        )
        return CatalogReview(
            review_messages(messages, None, shown, cx, policy, source_path), [missing]
        )
    try:
        catalog = read_catalog(path, display=shown)
    except POError as exc:
        return CatalogReview(
            review_messages(messages, None, shown, cx, policy, source_path),
            exc.findings or [exc.as_finding()],
        )
    found = (
        header_findings(catalog, locale, shown)
        + catalog.warnings
        + stale_entries(catalog, messages, shown)
    )
    return CatalogReview(review_messages(messages, catalog, shown, cx, policy, source_path), found)


def review_pages(
    ws: Workspace,
    leaflets: list[Leaflet],
    locales: list[str],
    include_source: bool = False,
) -> list[PageReview]:
    """One review per leaflet × locale (the source locale first when asked for)."""
    pages = []
    templates = template_messages(ws) if ws.template_files() else []
    source = ws.settings.source_locale
    if include_source:
        for leaflet in leaflets:
            pages.append(source_page(leaflet, source, templates, ws))
    for locale in locales:
        if locale == source:
            continue
        template_review = (
            review_catalog_file(
                ws, locale, TEMPLATE_DOMAIN, templates, CheckContext(locale, source), "templates"
            )
            if templates
            else None
        )
        for leaflet in leaflets:
            cx = CheckContext(
                locale, source, leaflet.protected_terms, ws.settings.equivalents_for(locale)
            )
            messages = list(leaflet.messages())
            result = review_catalog_file(ws, locale, leaflet.slug, messages, cx, leaflet.path)
            pages.append(
                PageReview(
                    leaflet=leaflet,
                    locale=locale,
                    catalog=ws.display(ws.po_path(locale, leaflet.slug)),
                    messages=tuple(result.reviews),
                    templates=tuple(template_review.reviews) if template_review else (),
                    catalog_findings=tuple(
                        result.findings + (template_review.findings if template_review else [])
                    ),
                    policy=ws.settings.fallback,
                )
            )
    return pages


def source_page(
    leaflet: Leaflet, locale: str, templates: list[Message], ws: Workspace
) -> PageReview:
    def as_is(message: Message) -> MessageReview:
        return MessageReview(
            message, Entry(msgid=message.msgid, msgstr=message.msgid), "translated"
        )

    return PageReview(
        leaflet=leaflet,
        locale=locale,
        catalog=leaflet.path,
        messages=tuple(as_is(m) for m in leaflet.messages()),
        templates=tuple(as_is(m) for m in templates),
        policy=ws.settings.fallback,
        is_source=True,
    )


# ---------------------------------------------------------------- outcomes, cached and in parallel


@dataclass
class PageOutcome:
    """What a review decided about one page, small enough to cache and to pass between processes."""

    leaflet: str
    locale: str
    title: str
    publishable: bool
    blocking: list[Finding]
    fallbacks: list[dict[str, str]]
    status: dict[str, Any]
    findings: list[Finding]  # every finding of the page's messages and catalogs (for `check`)

    @classmethod
    def of(cls, page: PageReview) -> PageOutcome:
        findings = list(page.catalog_findings)
        for review in (*page.messages, *page.templates):
            findings.extend(review.findings)
        return cls(
            leaflet=page.leaflet.slug,
            locale=page.locale,
            title=page.leaflet.title,
            publishable=page.publishable,
            blocking=list(page.blocking),
            fallbacks=[
                {
                    "section": r.message.context or "(templates)",
                    "msgid": r.message.msgid,
                    "state": r.state,
                }
                for r in page.fallbacks
            ],
            status=page_status(page),
            findings=findings,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "leaflet": self.leaflet,
            "locale": self.locale,
            "title": self.title,
            "publishable": self.publishable,
            "blocking": [f.as_dict() for f in self.blocking],
            "fallbacks": self.fallbacks,
            "status": self.status,
            "findings": [f.as_dict() for f in self.findings],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PageOutcome:
        return cls(
            data["leaflet"],
            data["locale"],
            data["title"],
            data["publishable"],
            [finding_from_dict(f) for f in data["blocking"]],
            data["fallbacks"],
            data["status"],
            [finding_from_dict(f) for f in data["findings"]],
        )


class Reviewer:
    """Reviews pages on demand, loading each leaflet and template catalog once per process."""

    def __init__(self, ws: Workspace, leaflets: dict[str, Leaflet] | None = None) -> None:
        self.ws = ws
        self._leaflets = dict(leaflets or {})
        self._templates: list[Message] | None = None
        self._template_reviews: dict[str, CatalogReview] = {}
        self._messages: dict[str, list[Message]] = {}

    def leaflet(self, slug: str) -> Leaflet:
        if slug not in self._leaflets:
            path = self.ws.content_dir / f"{slug}.yaml"
            self._leaflets[slug] = load_leaflet(path, self.ws.display(path), self.ws.settings)
        return self._leaflets[slug]

    def forget(self, slug: str) -> None:
        """Drop what was loaded for one leaflet (a build is done with it: memory stays flat)."""
        self._leaflets.pop(slug, None)
        self._messages.pop(slug, None)

    def templates(self) -> list[Message]:
        if self._templates is None:
            self._templates = template_messages(self.ws) if self.ws.template_files() else []
        return self._templates

    def page(self, slug: str, locale: str) -> PageReview:
        leaflet = self.leaflet(slug)
        source = self.ws.settings.source_locale
        if locale == source:
            return source_page(leaflet, source, self.templates(), self.ws)
        templates = self.templates()
        if templates and locale not in self._template_reviews:
            self._template_reviews[locale] = review_catalog_file(
                self.ws,
                locale,
                TEMPLATE_DOMAIN,
                templates,
                CheckContext(locale, source),
                "templates",
            )
        template_review = self._template_reviews.get(locale)
        cx = CheckContext(
            locale, source, leaflet.protected_terms, self.ws.settings.equivalents_for(locale)
        )
        if slug not in self._messages:
            self._messages[slug] = list(leaflet.messages())
        result = review_catalog_file(self.ws, locale, slug, self._messages[slug], cx, leaflet.path)
        return PageReview(
            leaflet=leaflet,
            locale=locale,
            catalog=self.ws.display(self.ws.po_path(locale, slug)),
            messages=tuple(result.reviews),
            templates=tuple(template_review.reviews) if template_review else (),
            catalog_findings=tuple(
                result.findings + (template_review.findings if template_review else [])
            ),
            policy=self.ws.settings.fallback,
        )


def shared_inputs(ws: Workspace) -> list[Path]:
    """Files every page depends on: the settings and the templates in effect."""
    return [ws.root / "leaflet-i18n.yaml", *ws.template_files()]


def workspace_signature(ws: Workspace) -> str:
    """The signature of the inputs every page shares (settings, templates)."""
    paths = [str(p) for p in shared_inputs(ws)]
    digests = file_digests(paths)
    return combined(*(f"{p}={digests[p]}" for p in paths))


def page_signatures(ws: Workspace, pages: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Signatures of (leaflet, locale) pages; each changes whenever an input of its page changes.

    Signatures hash file contents, so they change with any edit, whatever
    happened to its timestamp. Each file is read once, however many pages
    share it (content files, template catalogs).
    """
    shared = workspace_signature(ws)
    source = ws.settings.source_locale
    content, locales = str(ws.content_dir), str(ws.locales_dir)
    inputs: dict[tuple[str, str], list[str]] = {}
    for slug, locale in pages:
        files = [os.path.join(content, f"{slug}.yaml")]
        if locale != source:
            folder = os.path.join(locales, locale, "LC_MESSAGES")
            files.append(os.path.join(folder, f"{slug}.po"))
            files.append(os.path.join(folder, f"{TEMPLATE_DOMAIN}.po"))
        inputs[(slug, locale)] = files
    digests = file_digests(path for files in inputs.values() for path in files)
    return {
        page: combined(shared, page[1], *(digests[path] for path in files))
        for page, files in inputs.items()
    }


_WORKER: Reviewer | None = None


def _init_worker(root: str) -> None:
    global _WORKER
    if _WORKER is None or str(_WORKER.ws.root) != root:  # forked workers inherit the parent's
        _WORKER = Reviewer(Workspace.open(Path(root)))


def _review_one(page: tuple[str, str]) -> dict[str, Any]:
    assert _WORKER is not None
    return PageOutcome.of(_WORKER.page(*page)).to_json()


def review_outcomes(
    ws: Workspace,
    pages: list[tuple[str, str]],
    jobs: int = 1,
    store: Store | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[tuple[str, str], PageOutcome]:
    """Outcomes of the given (leaflet, locale) pages; unchanged pages come from the cache."""
    global _WORKER
    signatures = page_signatures(ws, pages)
    locales = sorted({locale for _, locale in pages})
    cached: dict[str, dict[str, Any]] = {
        locale: (store.load(f"reviews-{locale}") if store else None) or {} for locale in locales
    }
    out: dict[tuple[str, str], PageOutcome] = {}
    todo = []
    for page in pages:
        hit = cached[page[1]].get(page[0])
        if hit and hit.get("signature") == signatures[page]:
            out[page] = PageOutcome.from_json(hit["outcome"])
            if progress:
                progress(1)
        else:
            todo.append(page)
    if todo:
        _WORKER = Reviewer(ws)
        todo.sort(key=lambda p: (p[1], p[0]))  # by locale: a worker reuses its template review
        with parallel.batch_gc():
            results = list(
                parallel.run(_review_one, todo, jobs, _init_worker, (str(ws.root),), progress)
            )
        for page, data in zip(todo, results, strict=True):
            out[page] = PageOutcome.from_json(data)
            cached[page[1]][page[0]] = {"signature": signatures[page], "outcome": data}
        if store:
            for locale in sorted({locale for _, locale in todo}):
                store.save(f"reviews-{locale}", cached[locale])
    return out

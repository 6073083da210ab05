"""Review a workspace: read every catalog, check it against the source, judge each page.

Criticality comes from the source leaflets and templates, never from the
``.po`` files (a translator could delete a comment, not the content file).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from leaflet_i18n.checks import CheckContext, Subject, check_translation, finding, suppressed_codes
from leaflet_i18n.diagnostics import Finding, Location, POError, Severity
from leaflet_i18n.extract import TEMPLATE_CRITICAL_CONTEXT, template_catalog
from leaflet_i18n.gate import MessageReview, PageReview
from leaflet_i18n.locales import plural_forms
from leaflet_i18n.model import Leaflet, Message
from leaflet_i18n.po import Catalog, Entry, read_po
from leaflet_i18n.workspace import TEMPLATE_DOMAIN, Workspace


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
    forms = catalog.header_field("Plural-Forms")
    expected = plural_forms(locale)
    if forms is None:
        out.append(
            Finding(
                "warning",
                "header.plural-forms",
                where,
                f"no Plural-Forms header (CLDR: {expected})",
            )
        )
    elif _squash(forms) != _squash(expected):
        out.append(
            Finding(
                "warning",
                "header.plural-forms",
                where,
                f"Plural-Forms '{forms}' differs from CLDR's '{expected}'",
            )
        )
    content_type = catalog.header_field("Content-Type") or ""
    if "charset=" not in content_type:
        out.append(Finding("warning", "header.charset", where, "no charset in Content-Type"))
    return out


def _squash(text: str) -> str:
    return re.sub(r"[\s()]", "", text).rstrip(";")


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
        elif entry.fuzzy:
            state = "fuzzy"
            hint = f" (source was: '{entry.previous_msgid}')" if entry.previous_msgid else ""
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
        catalog = read_po(path, display=shown)
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

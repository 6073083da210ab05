"""Completeness: per-file counts (``stats``) and the locale × leaflet × section matrix."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import Any

from leaflet_i18n.model.catalog import Catalog
from leaflet_i18n.model.leaflet import TITLE_CONTEXT
from leaflet_i18n.model.verdict import MessageReview, PageReview

COUNTED = ("translated", "fuzzy", "untranslated")


def catalog_stats(catalog: Catalog) -> dict[str, Any]:
    """Counts as ``msgfmt --statistics`` makes them (header and obsolete entries excluded)."""
    counts = dict.fromkeys(COUNTED, 0)
    words = dict.fromkeys(COUNTED, 0)
    for entry in catalog.messages():
        state = entry.state
        counts[state] += 1
        words[state] += len(entry.msgid.split())
    return {
        "file": catalog.path,
        **counts,
        "obsolete": sum(1 for e in catalog.obsolete() if e.first_msgstr),
        "words": words,
    }


def file_stats(path: str) -> dict[str, Any]:
    """``catalog_stats`` of one file, or ``{"errors": [...]}`` if ``msgfmt --check`` rejects it.

    The file is counted without building its catalog (:func:`tally`), and
    validated as :func:`~leaflet_i18n.checks.conformance.read_catalog` would,
    on the entries a check could object to. A file with a syntax error or a
    duplicate is read whole, so that its errors are worded exactly the same.
    """
    enabled = gc.isenabled()
    gc.disable()  # many small objects, hardly a cycle: the collector would only rescan them
    try:
        return _file_stats(path)
    finally:
        if enabled:
            gc.enable()


def _file_stats(path: str) -> dict[str, Any]:
    from pathlib import Path

    from leaflet_i18n.checks.conformance import load_catalog, validate
    from leaflet_i18n.formats.po_reader import read_bytes, tally
    from leaflet_i18n.model.diagnostics import LeafletError, POError

    template = Path(path).suffix == ".pot"
    try:
        data = read_bytes(Path(path), path)
        counted = tally(data, path)
        if counted is None:
            return catalog_stats(load_catalog(data, path, template=template))
        if any(f.severity == "error" for f in validate(counted.checked, template)):
            counted.number_lines()  # for the findings' lines
            errors = [f for f in validate(counted.checked, template) if f.severity == "error"]
            raise POError.from_findings(errors)
    except LeafletError as exc:
        return {"errors": [f.as_dict() for f in exc.findings or [exc.as_finding()]]}
    return {
        "file": path,
        **counted.counts,
        "obsolete": counted.obsolete,
        "words": counted.words,
    }


def _state(review: MessageReview) -> str:
    """missing counts as untranslated: a deleted entry is as untranslated as an empty one."""
    return "untranslated" if review.state == "missing" else review.state


def _tally(reviews: Iterable[MessageReview]) -> dict[str, dict[str, int]]:
    messages = dict.fromkeys(COUNTED, 0)
    words = dict.fromkeys(COUNTED, 0)
    for review in reviews:
        state = _state(review)
        messages[state] += 1
        words[state] += review.words
    return {"messages": messages, "words": words}


def page_status(page: PageReview) -> dict[str, Any]:
    """One page: verdict, blocking reasons, and counts per section."""
    sections: list[dict[str, Any]] = []
    by_section: dict[str, list[MessageReview]] = {}
    for review in page.messages:
        by_section.setdefault(review.message.context, []).append(review)
    for section in page.leaflet.walk():
        reviews = by_section.get(section.path, [])
        sections.append(
            {
                "path": section.path,
                "heading": section.heading,
                "kind": section.kind,
                "critical": section.critical,
                "depth": section.depth,
                **_tally(reviews),
            }
        )
    title = by_section.get(TITLE_CONTEXT, [])
    return {
        "leaflet": page.leaflet.slug,
        "title": page.leaflet.title,
        "locale": page.locale,
        "catalog": page.catalog,
        "publishable": page.publishable,
        "blocking": [reason_dict(f) for f in page.blocking],
        "fallbacks": len(page.fallbacks),
        "total": _tally([*page.messages, *page.templates]),
        "critical": _tally([r for r in (*page.messages, *page.templates) if r.message.critical]),
        "title_translated": all(r.usable for r in title),
        "sections": sections,
        "templates": _tally(page.templates),
    }


def compact(status: dict[str, Any], fallbacks: list[dict[str, str]]) -> dict[str, Any]:
    """A page's status as the build keeps it: section counts only where something is missing."""
    incomplete = any(
        s["messages"]["fuzzy"] or s["messages"]["untranslated"] for s in status["sections"]
    )
    return {
        **status,
        "sections": status["sections"] if incomplete else [],
        "fallback_messages": fallbacks,
    }


def reason_dict(finding: Any) -> dict[str, Any]:
    """A blocking finding as JSON reports and build records keep it."""
    return {
        "file": finding.location.path,
        "line": finding.location.line,
        "section": finding.extra.get("section"),
        "code": finding.code,
        "message": finding.message,
        "msgid": finding.extra.get("msgid"),
    }


def status_data(pages: list[PageReview]) -> dict[str, Any]:
    """The whole matrix, JSON-ready: ``{"locales": [{"locale", "pages": [...]}], "summary"}``."""
    return status_matrix([page_status(page) for page in pages])


def status_data_from(outcomes: Iterable[Any]) -> dict[str, Any]:
    """The matrix from cached page outcomes (anything with a ``status`` dict)."""
    return status_matrix([o.status for o in outcomes])


def status_matrix(statuses: list[dict[str, Any]]) -> dict[str, Any]:
    locales: dict[str, list[dict[str, Any]]] = {}
    for status in statuses:
        locales.setdefault(status["locale"], []).append(status)
    rows = [
        {
            "locale": locale,
            "publishable": all(p["publishable"] for p in items),
            "pages": items,
            "total": sum_tallies(p["total"] for p in items),
            "critical": sum_tallies(p["critical"] for p in items),
        }
        for locale, items in locales.items()
    ]
    return {
        "locales": rows,
        "summary": {
            "pages": len(statuses),
            "publishable": sum(s["publishable"] for s in statuses),
            "blocked": sum(not s["publishable"] for s in statuses),
        },
    }


def sum_tallies(tallies: Iterable[dict[str, dict[str, int]]]) -> dict[str, dict[str, int]]:
    out = {"messages": dict.fromkeys(COUNTED, 0), "words": dict.fromkeys(COUNTED, 0)}
    for tally in tallies:
        for kind in out:
            for state in COUNTED:
                out[kind][state] += tally[kind][state]
    return out


def percent(tally: dict[str, dict[str, int]], kind: str = "messages") -> float:
    counts = tally[kind]
    total = sum(counts.values())
    return 100.0 * counts["translated"] / total if total else 100.0


def reason_text(where: str, section: str | None, message: str, code: str, msgid: str | None) -> str:
    """``po-file:line: section: reason [code] — “source text…”`` for one blocking reason.

    Reasons that concern a whole file (syntax, header) have no section.
    """
    excerpt = ""
    if msgid:
        excerpt = f" — “{msgid[:48]}{'…' if len(msgid) > 48 else ''}”"
    place = f"{section}: " if section else ""
    return f"{where}: {place}{message} [{code}]{excerpt}"


def status_text(data: dict[str, Any], all_sections: bool = False) -> str:
    """A terminal table: one row per page; section rows where something is missing."""
    lines = [
        f"{'locale':<8} {'leaflet':<16} {'verdict':<12} {'messages':>14} {'fuzzy':>6} "
        f"{'untransl.':>9} {'critical':>10}"
    ]
    for row in data["locales"]:
        for page in row["pages"]:
            total, crit = page["total"]["messages"], page["critical"]["messages"]
            done = f"{total['translated']}/{sum(total.values())} {percent(page['total']):3.0f}%"
            critical = f"{crit['translated']}/{sum(crit.values())}"
            verdict = "publishable" if page["publishable"] else "BLOCKED"
            lines.append(
                f"{row['locale']:<8} {page['leaflet']:<16} {verdict:<12} {done:>14} "
                f"{total['fuzzy']:>6} {total['untranslated']:>9} {critical:>10}"
            )
            for section in page["sections"]:
                m = section["messages"]
                gap = m["fuzzy"] + m["untranslated"]
                if not (all_sections or gap):
                    continue
                mark = "!" if section["critical"] and gap else " "
                name = ("  " * section["depth"] + section["path"].rsplit("/", 1)[-1])[:26]
                lines.append(
                    f"  {mark} {name:<26} {m['translated']:>5}/{sum(m.values()):<3} "
                    f"fuzzy {m['fuzzy']:<3} untranslated {m['untranslated']:<3}"
                    f"{' critical' if section['critical'] else ''}"
                )
    for row in data["locales"]:
        for page in row["pages"]:
            if page["publishable"]:
                continue
            lines.append(f"\nblocked: {row['locale']}/{page['leaflet']}")
            for r in page["blocking"]:
                where = f"{r['file']}:{r['line']}" if r["line"] else r["file"]
                lines.append(
                    "  " + reason_text(where, r["section"], r["message"], r["code"], r["msgid"])
                )
    summary = data["summary"]
    lines.append(
        f"{summary['pages']} page(s): {summary['publishable']} publishable, "
        f"{summary['blocked']} blocked"
    )
    return "\n".join(lines)

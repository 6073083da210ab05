"""Completeness: per-file counts (``stats``) and the locale × leaflet × section matrix."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import Any

from leaflet_i18n.model.catalog import Catalog
from leaflet_i18n.model.verdict import COUNTED, PageVerdict, Reason, total_of


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


def status_matrix(verdicts: Iterable[PageVerdict]) -> dict[str, Any]:
    """The locale × leaflet × section matrix, JSON-ready: ``{"locales", "summary"}``."""
    by_locale: dict[str, list[PageVerdict]] = {}
    for verdict in verdicts:
        by_locale.setdefault(verdict.locale, []).append(verdict)
    rows = [
        {
            "locale": locale,
            "publishable": all(v.publishable for v in items),
            "pages": [v.as_dict() for v in items],
            "total": total_of(v.total for v in items).as_dict(),
            "critical": total_of(v.critical for v in items).as_dict(),
        }
        for locale, items in by_locale.items()
    ]
    pages = [v for items in by_locale.values() for v in items]
    return {
        "locales": rows,
        "summary": {
            "pages": len(pages),
            "publishable": sum(v.publishable for v in pages),
            "blocked": sum(not v.publishable for v in pages),
        },
    }


def percent(tally: dict[str, dict[str, int]], kind: str = "messages") -> float:
    counts = tally[kind]
    total = sum(counts.values())
    return 100.0 * counts["translated"] / total if total else 100.0


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
                lines.append("  " + Reason.from_dict(r).text())
    deviations = data.get("deviations", [])
    if deviations:
        lines.append(f"\n{len(deviations)} deviation(s) from the default policy:")
        for d in deviations:
            where = f"{d['file']}:{d['line']}" if d["line"] else d["file"]
            lines.append(f"  {where}: {d['kind']}: {d['text']}")
    summary = data["summary"]
    lines.append(
        f"{summary['pages']} page(s): {summary['publishable']} publishable, "
        f"{summary['blocked']} blocked"
    )
    return "\n".join(lines)

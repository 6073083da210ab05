"""``check``: every finding of the chosen pages' catalogs and of loose PO files, with counts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leaflet_i18n.model.diagnostics import Finding, sort_findings
from leaflet_i18n.sources.workspace import TEMPLATE_DOMAIN
from leaflet_i18n.steps.qa import file_findings
from leaflet_i18n.steps.review import ReviewedPage

Catalogs = set[tuple[str, str]]  # (locale, domain)


def page_findings(pages: list[ReviewedPage], wanted: Catalogs | None) -> Iterator[Finding]:
    """Findings of the reviewed pages, only those of the ``wanted`` catalogs if given."""
    for page in pages:
        locale, leaflet = page.verdict.locale, page.verdict.leaflet
        keep_leaflet = wanted is None or (locale, leaflet) in wanted
        keep_templates = wanted is None or (locale, TEMPLATE_DOMAIN) in wanted
        for f in page.findings:
            in_templates = f.location.path.endswith(f"/{TEMPLATE_DOMAIN}.po")
            if keep_templates if in_templates else keep_leaflet:
                yield f


@dataclass(frozen=True)
class CheckReport:
    """What ``check`` found: findings in order (each once) and the counts behind the exit status."""

    findings: list[Finding]
    pages: list[ReviewedPage]
    files: int  # loose PO files checked without a source leaflet

    @classmethod
    def of(
        cls,
        pages: list[ReviewedPage],
        wanted: Catalogs | None,
        loose: list[Path],
        source_locale: str,
    ) -> CheckReport:
        found: dict[tuple[Any, ...], Finding] = {}
        for f in page_findings(pages, wanted):
            found[(str(f.location), f.code, f.message, f.msgid)] = f
        for path in loose:
            for f in file_findings(path, source_locale=source_locale):
                found[(str(f.location), f.code, f.message, f.msgid)] = f
        return cls(sort_findings(list(found.values())), pages, len(loose))

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.active)

    @property
    def publishable(self) -> int:
        return sum(p.verdict.publishable for p in self.pages)

    def summary(self) -> dict[str, Any]:
        active = self.active
        out: dict[str, Any] = {
            "errors": self.errors,
            "warnings": sum(f.severity == "warning" for f in active),
            "suppressed": len(self.findings) - len(active),
        }
        if self.pages:
            blocked = len(self.pages) - self.publishable
            out["pages"] = {"publishable": self.publishable, "blocked": blocked}
        else:
            out["files"] = self.files
        return out

    def summary_line(self) -> str:
        s = self.summary()
        counts = f"{s['errors']} error(s), {s['warnings']} warning(s), {s['suppressed']} suppressed"
        if self.pages:
            pages = s["pages"]
            return (
                f"{counts}; pages: {pages['publishable']} publishable, {pages['blocked']} blocked"
            )
        return f"{counts}; {self.files} file(s) checked without a source leaflet"

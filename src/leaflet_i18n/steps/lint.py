"""``lint``: the source leaflets' findings (schema errors too) and the waivers that cover them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leaflet_i18n.checks.lint import lint_leaflet, waiver_of
from leaflet_i18n.model.diagnostics import ContentError, Finding, sort_findings
from leaflet_i18n.model.leaflet import Waiver
from leaflet_i18n.sources.content import load_leaflet
from leaflet_i18n.sources.workspace import Workspace


@dataclass(frozen=True)
class LintedFinding:
    """A source finding and the author's waiver for it, if any."""

    finding: Finding
    waiver: Waiver | None = None

    def line(self) -> str:
        if self.waiver is None:
            return str(self.finding)
        return f"{self.finding} (waived by {self.waiver.by}: {self.waiver.reason})"

    def as_dict(self) -> dict[str, Any]:
        data = self.finding.as_dict()
        if self.waiver is not None:
            data["waiver"] = {"reason": self.waiver.reason, "by": self.waiver.by}
        return data


@dataclass(frozen=True)
class LintReport:
    files: int
    findings: list[LintedFinding]

    def count(self, severity: str) -> int:
        return sum(f.finding.severity == severity and f.waiver is None for f in self.findings)

    @property
    def waived(self) -> int:
        return sum(f.waiver is not None for f in self.findings)


def lint_files(ws: Workspace, files: list[Path]) -> LintReport:
    """Every finding of the given content files, in file and line order."""
    found: list[LintedFinding] = []
    for path in files:
        try:
            leaflet = load_leaflet(path, ws.display(path), ws.settings)
        except ContentError as exc:
            found.extend(LintedFinding(f) for f in exc.findings or [exc.as_finding()])
            continue
        for finding in lint_leaflet(leaflet, ws.settings):
            waiver = waiver_of(finding, leaflet) if finding.suppressed else None
            found.append(LintedFinding(finding, waiver))
    order = {id(f): i for i, f in enumerate(sort_findings([x.finding for x in found]))}
    return LintReport(len(files), sorted(found, key=lambda x: order[id(x.finding)]))

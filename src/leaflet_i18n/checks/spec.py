"""How a check declares what it finds: its codes, their severity, whether they can be waived.

Every code a check can report is a :class:`Code`; :mod:`leaflet_i18n.checks.registry`
collects them all. Severity and suppression are decided here, once, for
every kind of finding (:meth:`Code.severity_for`, :meth:`Code.suppressed`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from leaflet_i18n.model.diagnostics import Severity

Scope = Literal["translation", "message", "catalog", "source", "page"]
Problem = tuple[str, str]  # (code, message), what a check function yields
Elsewhere = Severity | Literal["policy"] | None

_SUPPRESS = re.compile(r"check-ok:\s*([\w.,\s-]+)")
SCOPES: dict[str, str] = {
    "message": "a source message and its catalog entry",
    "translation": "a translation against its source text",
    "catalog": "a catalog file as a whole",
    "source": "a source leaflet (lint)",
    "page": "a rendered page",
}


@dataclass(frozen=True)
class Code:
    """One finding code: what it catches and how much it counts.

    ``severity`` applies in safety-critical sections, and everywhere unless
    ``elsewhere`` says otherwise: a severity for non-critical text, or
    ``"policy"`` (an error only when the workspace's fallback policy is
    ``block``, else a warning: the text falls back to the source language).
    ``critical_only`` codes are not reported for non-critical text at all.
    """

    code: str
    summary: str
    severity: Severity = "error"
    elsewhere: Elsewhere = None
    suppressible: bool = True
    critical_only: bool = False
    scope: Scope = "translation"

    def severity_for(self, critical: bool, policy: str = "fallback") -> Severity:
        """The severity of this code in a (non-)critical section under ``policy``."""
        if critical or self.elsewhere is None:
            return self.severity
        if self.elsewhere == "policy":
            return "error" if policy == "block" else "warning"
        return self.elsewhere

    def applies(self, critical: bool) -> bool:
        return critical or not self.critical_only

    def suppressed(self, silenced: set[str], severity: Severity, critical: bool) -> bool:
        """THE suppression rule: a ``# check-ok: CODE`` comment silences a finding,
        unless the code cannot be waived or the finding is an error in a critical section."""
        return (
            self.suppressible and self.code in silenced and not (critical and severity == "error")
        )

    def describe_severity(self) -> str:
        """``error``, or ``error in critical sections, else warning``."""
        if self.critical_only:
            return f"{self.severity} (critical sections only)"
        if self.elsewhere is None or self.elsewhere == self.severity:
            return self.severity
        if self.elsewhere == "policy":
            return f"{self.severity} in critical sections, else by the fallback policy"
        return f"{self.severity} in critical sections, else {self.elsewhere}"


def suppressed_codes(comments: list[str]) -> set[str]:
    """Codes silenced by translator comments ``# check-ok: numbers.extra, length.ratio``."""
    codes: set[str] = set()
    for comment in comments:
        for match in _SUPPRESS.finditer(comment):
            codes.update(c.strip() for c in re.split(r"[,\s]+", match.group(1)) if c.strip())
    return codes

"""The one registry of checks: every finding code, what it catches, how much it counts.

Each check module declares its codes (:class:`~leaflet_i18n.checks.spec.Code`);
this module collects them, and turns what checks yield into findings with
the severity and suppression the registry says (:func:`findings`), so the
rule is the same for every kind of check. ``leaflet-i18n check --list``
prints the registry, and the README's table of checks is generated from it.
"""

from __future__ import annotations

from collections.abc import Iterable

from leaflet_i18n.checks import (
    approval,
    completeness,
    conformance,
    display,
    header,
    lint,
    policy,
    state,
    translation,
)
from leaflet_i18n.checks.spec import SCOPES, Code, Problem, suppressed_codes
from leaflet_i18n.model.diagnostics import Finding, Location, Subject

PAGE_CODES = (
    Code(
        "build.write",
        "the page could not be written (a read-only or full disk, a folder "
        "where the file belongs): it is not published",
        scope="page",
        suppressible=False,
    ),
    Code(
        "build.online",
        "a refused page's old copy could not be removed: it is still online",
        scope="page",
        suppressible=False,
    ),
    Code(
        "render.verify",
        "the rendered page failed its last check before writing: a critical translation not on "
        "the page (or not in its ePI), fallback text in a critical section, or markup the "
        "templates never write",
        scope="page",
        suppressible=False,
    ),
    Code(
        "render.pdf",
        "WeasyPrint could not lay out the page's PDF: the page is not published in any format",
        scope="page",
        suppressible=False,
    ),
    Code(
        "render.epi",
        "the page's ePI could not be made (the leaflet has no `revised` date, which is the "
        "document's date): the page is not published in any format",
        scope="page",
        suppressible=False,
    ),
)

REGISTRY: dict[str, Code] = {
    c.code: c
    for group in (
        state.CODES,
        translation.CODES,
        display.CODES,
        completeness.CODES,
        header.CODES,
        policy.CODES,
        conformance.CODES,
        lint.CODES,
        approval.CODES,
        PAGE_CODES,
    )
    for c in group
}


def code(name: str) -> Code:
    """The declaration of a code; an undeclared one counts as an unwaivable error."""
    found = REGISTRY.get(name)
    return found if found is not None else Code(name, "", suppressible=False)


def findings(
    problems: Iterable[Problem],
    location: Location,
    subject: Subject | None = None,
    comments: list[str] | None = None,
    policy: str = "fallback",
) -> list[Finding]:
    """Findings for what checks yielded about one message (or file), as the registry rules."""
    critical = subject.critical if subject is not None else False
    silenced = suppressed_codes(comments) if comments else set()
    out = []
    for name, message in problems:
        spec = code(name)
        if not spec.applies(critical):
            continue
        severity = spec.severity_for(critical, policy)
        out.append(
            Finding(
                severity,
                name,
                location,
                message,
                subject,
                spec.suppressed(silenced, severity, critical),
            )
        )
    return out


def listing() -> list[Code]:
    """Every code, grouped by what it looks at, in declaration order."""
    order = list(SCOPES)
    return sorted(REGISTRY.values(), key=lambda c: order.index(c.scope))


def markdown_table() -> str:
    """The README's table of checks."""
    rows = ["| code | severity | waivable | what it catches |", "| --- | --- | --- | --- |"]
    for spec in listing():
        waivable = "yes" if spec.suppressible else "no"
        summary = spec.summary.replace("|", "\\|")
        rows.append(f"| `{spec.code}` | {spec.describe_severity()} | {waivable} | {summary} |")
    return "\n".join(rows) + "\n"

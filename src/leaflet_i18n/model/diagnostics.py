"""How problems are represented: errors that stop a command, findings that do not.

Library code raises :class:`LeafletError` subclasses (a file cannot be read,
a schema is violated) and yields :class:`Finding` objects (a translation has a
changed number). Only the command line prints them and picks exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]

SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file: ``path`` (as given to the user) and a 1-based ``line``."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class LeafletError(Exception):
    """A problem that stops a command; ``str()`` is ``path:line: message``.

    ``code`` is stable (``content.unknown-key``) so scripts can match on it;
    ``exit_code`` follows the convention 1 = problem found, 2 = usage error.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        code: str = "error",
        findings: list[Finding] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.code = code
        self.findings: list[Finding] = findings or []

    @classmethod
    def from_findings(cls, findings: list[Finding]) -> LeafletError:
        """One error standing for several findings (the first is the message)."""
        first = findings[0]
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        return cls(
            first.message + more,
            path=first.location.path,
            line=first.location.line,
            code=first.code,
            findings=findings,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # keep path, line, code and findings when a worker process reports the error
        return (
            _rebuild_error,
            (type(self), self.message, self.path, self.line, self.code, self.findings),
        )

    def as_finding(self) -> Finding:
        return Finding("error", self.code, Location(self.path or "-", self.line), self.message)

    @property
    def location(self) -> Location | None:
        return Location(self.path, self.line) if self.path else None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.message}"


def _rebuild_error(
    cls: type[LeafletError],
    message: str,
    path: str | None,
    line: int | None,
    code: str,
    findings: list[Finding],
) -> LeafletError:
    return cls(message, path=path, line=line, code=code, findings=findings)


class UsageError(LeafletError):
    """The command was called wrongly (bad option value, bad locale code)."""

    exit_code = 2


class ContentError(LeafletError):
    """A source leaflet or settings file violates the schema."""


class POError(LeafletError):
    """A PO/POT file cannot be read (syntax, encoding, header, plural forms).

    ``findings`` lists every error found, the first of which is the message.
    """


class WorkspaceError(LeafletError):
    """The workspace is missing something a command needs."""


class RenderError(LeafletError):
    """A page could not be rendered safely; it must not be published."""


@dataclass(frozen=True)
class Subject:
    """What a finding is about: one message of a catalog and its section."""

    msgctxt: str | None
    msgid: str
    section: str  # the section path, or "(templates)"
    critical: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "msgctxt": self.msgctxt,
            "msgid": self.msgid,
            "section": self.section,
            "critical": self.critical,
        }


@dataclass(frozen=True)
class Finding:
    """One observation of a check: severity, stable code, where, and what to do.

    ``subject`` names the message a finding is about (none for a file as a
    whole); ``suppressed`` says a translator's ``# check-ok:`` comment
    silenced it.
    """

    severity: Severity
    code: str
    location: Location
    message: str
    subject: Subject | None = field(default=None, compare=False)
    suppressed: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message} [{self.code}]"

    @property
    def section(self) -> str | None:
        return self.subject.section if self.subject else None

    @property
    def msgid(self) -> str | None:
        return self.subject.msgid if self.subject else None

    @property
    def critical(self) -> bool:
        return self.subject.critical if self.subject else False

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "severity": self.severity,
            "code": self.code,
            "file": self.location.path,
            "line": self.location.line,
            "message": self.message,
        }
        if self.subject is not None:
            data.update(self.subject.as_dict())
            data["suppressed"] = self.suppressed
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """The inverse of :meth:`as_dict` (for caches and worker processes)."""
        subject = None
        if "msgid" in data and "section" in data:
            subject = Subject(data.get("msgctxt"), data["msgid"], data["section"], data["critical"])
        return cls(
            data["severity"],
            data["code"],
            Location(data["file"], data["line"]),
            data["message"],
            subject,
            bool(data.get("suppressed", False)),
        )


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Order findings by file, line, then severity, so output is deterministic."""
    return sorted(
        findings,
        key=lambda f: (f.location.path, f.location.line or 0, SEVERITY_ORDER[f.severity], f.code),
    )

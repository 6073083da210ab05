"""The workspace layout: where content, catalogs, templates and output live.

::

    leaflet-i18n.yaml                      settings (optional)
    content/<slug>.yaml                    source leaflets
    templates/*.html                       Jinja2 templates
    locales/<slug>.pot                     extracted templates, one per leaflet
    locales/templates.pot                  strings of the HTML templates
    locales/<ll>/LC_MESSAGES/<slug>.po     translations
    locales/<ll>/reviews/<slug>.yaml       review sign-off: approvals bound to the exact text
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from leaflet_i18n.model.diagnostics import ContentError, LeafletError, WorkspaceError
from leaflet_i18n.model.leaflet import Leaflet
from leaflet_i18n.model.locales import normalize_locale
from leaflet_i18n.sources.content import SLUG, load_leaflet
from leaflet_i18n.sources.settings import Settings, load_settings
from leaflet_i18n.sources.templates import PACKAGE_TEMPLATES, template_sources

TEMPLATE_DOMAIN = "templates"


@dataclass(frozen=True)
class Workspace:
    root: Path
    settings: Settings

    @classmethod
    def open(cls, root: Path) -> Workspace:
        """Open the workspace at ``root`` (reads its settings)."""
        if not root.is_dir():
            raise WorkspaceError(
                f"workspace folder '{root}' does not exist", code="workspace.missing"
            )
        return cls(root=root, settings=load_settings(root))

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def output_dir(self) -> Path:
        return self.root / self.settings.output

    def display(self, path: Path) -> str:
        """A path as users see it: relative to the workspace, with forward slashes."""
        if path.is_relative_to(PACKAGE_TEMPLATES):
            return "leaflet_i18n/templates/" + path.relative_to(PACKAGE_TEMPLATES).as_posix()
        # abspath, not resolve(): a symlink loop must not stop a report that names it
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root)).as_posix()
        except ValueError:
            return str(path)

    def content_files(self) -> list[Path]:
        """Every ``content/*.yaml`` entry; one that is not a readable file is reported when read."""
        if not self.content_dir.is_dir():
            return []
        return sorted(self.content_dir.glob("*.yaml"))

    def leaflets(self, slugs: list[str] | None = None) -> list[Leaflet]:
        """Load every content file (or those named); report all schema errors at once."""
        files = self.content_files()
        if not files:
            raise WorkspaceError(
                f"no leaflets in {self.display(self.content_dir)}/ "
                "(create one with `leaflet-i18n import FILE.txt`)",
                code="workspace.no-content",
            )
        if slugs:
            known = {p.stem: p for p in files}
            unknown = [s for s in slugs if s not in known]
            if unknown:
                raise WorkspaceError(
                    f"no leaflet named {', '.join(unknown)} (have: {', '.join(known)})",
                    code="workspace.unknown-leaflet",
                )
            files = [known[s] for s in slugs]
        leaflets, errors = [], []
        for path in files:
            try:
                leaflets.append(load_leaflet(path, self.display(path), self.settings))
            except ContentError as exc:
                errors.extend(exc.findings or [exc.as_finding()])
        if errors:
            raise ContentError.from_findings(errors)
        for leaflet in leaflets:
            if leaflet.slug == TEMPLATE_DOMAIN:
                raise ContentError(
                    f"'{TEMPLATE_DOMAIN}' is reserved for the template catalog; rename the file",
                    path=leaflet.path,
                    code="content.slug",
                )
        return leaflets

    def pot_path(self, domain: str) -> Path:
        return self.locales_dir / f"{domain}.pot"

    def po_path(self, locale: str, domain: str) -> Path:
        return self.locales_dir / locale / "LC_MESSAGES" / f"{domain}.po"

    def review_path(self, locale: str, domain: str) -> Path:
        """The review record of a catalog: its approvals (see :mod:`sources.approvals`)."""
        return self.locales_dir / locale / "reviews" / f"{domain}.yaml"

    def locales_on_disk(self) -> list[str]:
        """Locale folders under ``locales/`` (ignoring anything that is not a locale)."""
        if not self.locales_dir.is_dir():
            return []
        found = []
        for child in sorted(self.locales_dir.iterdir()):
            if child.is_dir() and (child / "LC_MESSAGES").is_dir():
                try:
                    found.append(normalize_locale(child.name))
                except LeafletError:
                    continue
        return found

    def target_locales(self) -> list[str]:
        """Locales to publish: the settings' list, else every locale on disk."""
        if self.settings.target_locales is not None:
            return list(self.settings.target_locales)
        return [loc for loc in self.locales_on_disk() if loc != self.settings.source_locale]

    def translation_locales(
        self, given: Iterable[str] = (), targets_only: bool = False
    ) -> list[str]:
        """The locales a command works on: ``given`` (validated), else every target locale and
        every locale folder (only the targets with ``targets_only``); never the source locale."""
        chosen = [normalize_locale(code) for code in given]
        if not chosen:
            found = set(self.target_locales())
            if not targets_only:
                found |= set(self.locales_on_disk())
            chosen = sorted(found)
        return [loc for loc in dict.fromkeys(chosen) if loc != self.settings.source_locale]

    def domains(self) -> list[str]:
        """Catalog names: one per leaflet plus the template catalog when templates exist."""
        names = [p.stem for p in self.content_files() if SLUG.fullmatch(p.stem)]
        if self.template_files():
            names.append(TEMPLATE_DOMAIN)
        return names

    def template_files(self) -> list[Path]:
        """Templates in effect: the workspace's, and the toolkit's defaults it does not replace."""
        try:
            return template_sources(self.templates_dir)
        except ContentError as exc:
            shown = self.display(Path(exc.path)) if exc.path else None
            raise ContentError(exc.message, path=shown, code=exc.code) from exc

"""``build --verify-in-browser``: read each written page in a real browser, as a patient would.

The page is opened in headless Chromium (driven by Playwright, with the
system's browser: no download), and the ``innerText`` of each critical
section, which honours the stylesheet as well as the markup, must contain
every critical translation of that section. This catches what no parser of
the HTML alone can: a stylesheet that hides a class, text pushed out of
view, a font that draws nothing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leaflet_i18n.model.diagnostics import LeafletError
from leaflet_i18n.render.visible import normalized

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_SECTIONS_SCRIPT = """() => Object.fromEntries(
  [...document.querySelectorAll('section[id]')].map(s => [s.id, s.innerText]))"""


def chromium_path() -> str:
    """The Chromium to drive: ``LEAFLET_I18N_CHROMIUM``, else the one on the PATH."""
    found = os.environ.get("LEAFLET_I18N_CHROMIUM") or shutil.which("chromium")
    found = found or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not found:
        raise LeafletError(
            "--verify-in-browser needs Chromium: install it (Debian: apt-get install chromium) "
            "or set LEAFLET_I18N_CHROMIUM to its path",
            code="build.browser",
        )
    return found


@dataclass(frozen=True)
class Expected:
    """A critical text and the section it must be shown in ("" for anywhere on the page)."""

    section: str
    text: str


class PageReader:
    """An open headless browser that reads pages' section texts."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser

    def section_texts(self, page_file: Path) -> tuple[str, dict[str, str]]:
        """The page's whole visible text, and each section's, as Chromium renders them."""
        tab = self.browser.new_page()
        try:
            tab.goto(page_file.resolve().as_uri())
            sections = tab.evaluate(_SECTIONS_SCRIPT)
            body = tab.evaluate("() => document.body.innerText")
        finally:
            tab.close()
        return normalized(body), {k: normalized(v) for k, v in sections.items()}

    def missing(self, page_file: Path, expected: list[Expected]) -> list[Expected]:
        """The expected texts that the browser does not show where they belong."""
        body, sections = self.section_texts(page_file)
        return [e for e in expected if normalized(e.text) not in sections.get(e.section, body)]


@contextmanager
def page_reader() -> Iterator[PageReader]:
    """A headless Chromium for the duration of the block."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise LeafletError(
            "--verify-in-browser needs Playwright: pip install playwright (no browser download "
            "is needed: the system's Chromium is used)",
            code="build.browser",
        ) from exc
    executable = chromium_path()
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield PageReader(browser)
        finally:
            browser.close()

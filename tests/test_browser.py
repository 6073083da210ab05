"""The built site in a real headless Chromium: loads cleanly, RTL, links, print, axe, HTML5.

Skipped where no Chromium (Debian's /usr/bin/chromium) or Playwright is
installed; .ci/run installs both, so they run in CI.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.render.browser import CHROMIUM_ARGS

from .helpers import cli, pseudo, translated_workspace

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
try:
    from playwright.sync_api import Browser, sync_playwright

    HAVE_PLAYWRIGHT = True
except ImportError:  # pragma: no cover - depends on the environment
    HAVE_PLAYWRIGHT = False

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (HAVE_PLAYWRIGHT and os.path.exists(CHROMIUM)), reason="no Chromium/Playwright"
    ),
]
PAGES = ["index.html", "status.html", "en/demo.html", "de/demo.html", "ar/demo.html"]


def vnu_jar() -> Path | None:
    candidates = [
        os.environ.get("LEAFLET_I18N_VNU_JAR", ""),
        str(Path.home() / ".cache/leaflet-i18n/vnu/node_modules/vnu-jar/build/dist/vnu.jar"),
    ]
    return next((Path(c) for c in candidates if c and Path(c).exists()), None)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site with German, Arabic (right-to-left) and a refused Italian page."""
    ws = translated_workspace(tmp_path_factory.mktemp("site"))
    for locale in ("ar", "it"):
        cli(ws, "init", "-l", locale)
    for domain in ("demo", "templates"):
        path = ws / f"locales/ar/LC_MESSAGES/{domain}.po"
        catalog = read_catalog(path)
        for entry in catalog.messages():
            entry.msgstr = pseudo(entry.msgid)
        path.write_bytes(dumps(catalog))
    (ws / "leaflet-i18n.yaml").write_text("target_locales: [de, ar]\n")
    code, output = cli(ws, "build")
    assert code == 0, output
    code, output = cli(ws, "build", "-l", "it")
    assert code == 1
    return ws / "site"


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_console_errors(browser: Browser, server: str, path: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    response = page.goto(server + path)
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    assert errors == [] and failed == []
    assert page.title()
    page.close()


def test_rtl_page_has_dir_rtl(browser: Browser, server: str) -> None:
    page = browser.new_page()
    page.goto(server + "ar/demo.html")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    page.goto(server + "de/demo.html")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    page.close()


def test_language_switcher_lists_published_locales_and_links_resolve(
    browser: Browser, server: str
) -> None:
    page = browser.new_page()
    page.goto(server + "de/demo.html")
    links = page.eval_on_selector_all("nav.languages a", "els => els.map(e => [e.lang, e.href])")
    assert [lang for lang, _ in links] == ["en", "ar", "de"]  # source first; refused Italian absent
    for lang, href in links:
        response = page.goto(href)
        assert response is not None and response.status == 200
        assert page.evaluate("document.documentElement.lang") == lang
    page.close()


def test_print_stylesheet_hides_navigation(browser: Browser, server: str) -> None:
    page = browser.new_page()
    page.goto(server + "de/demo.html")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('nav.languages')).display") != "none"
    )
    page.emulate_media(media="print")
    for selector in ("nav.languages", "nav.toc"):
        assert (
            page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).display")
            == "none"
        )
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations_at_wcag21_aa(browser: Browser, server: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.goto(server + path)
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})
    violations = [
        (v["id"], [n["html"][:80] for n in v["nodes"]]) for v in result.response["violations"]
    ]
    assert violations == []
    assert result.response["passes"]  # axe really ran
    page.close()


def test_html5_validates(site: Path) -> None:
    jar, java = vnu_jar(), shutil.which("java")
    if jar is None or java is None:
        pytest.skip("Nu Html Checker (vnu.jar) or Java not installed")
    files = [str(site / p) for p in PAGES]
    out = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", *files], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own demo workspace, built (Italian refused)."""
    from .conftest import ROOT

    ws = tmp_path_factory.mktemp("demo")
    for name in ("content", "locales", "templates"):
        shutil.copytree(ROOT / name, ws / name)
    shutil.copy(ROOT / "leaflet-i18n.yaml", ws)
    assert cli(ws, "build")[0] == 0
    return ws / "site"


@pytest.fixture(scope="module")
def demo_server(demo_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(demo_site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


# The boxes of "25" and "°C" in the storage temperature of the Arabic page: in the quantity's
# <bdi> as built, and in a copy of its paragraph without the isolation, added for comparison.
_STORAGE_BOXES = """() => {
  const bdi = [...document.querySelectorAll('#storage bdi')].find(b => b.textContent.includes('°C'));
  const boxes = (node) => {
    const text = node.textContent, range = document.createRange();
    const box = (start, end) => {
      range.setStart(node, start); range.setEnd(node, end);
      const r = range.getBoundingClientRect();
      return {left: r.left, right: r.right, top: r.top};
    };
    const i = text.indexOf('25'), j = text.indexOf('°C');
    return {number: box(i, i + 2), unit: box(j, j + 2)};
  };
  const plain = document.createElement('p');
  plain.textContent = bdi.parentElement.textContent;
  bdi.parentElement.after(plain);
  return {dir: bdi.getAttribute('dir'), isolated: boxes(bdi.firstChild), plain: boxes(plain.firstChild)};
}"""


def test_the_arabic_page_shows_25_degrees_in_the_right_visual_order(
    browser: Browser, demo_server: str
) -> None:
    page = browser.new_page()
    page.goto(demo_server + "ar/paracetamol.html")
    boxes = page.evaluate(_STORAGE_BOXES)
    page.close()
    assert boxes["dir"] == "ltr"
    isolated = boxes["isolated"]
    assert isolated["number"]["top"] == isolated["unit"]["top"]  # one line
    assert isolated["number"]["right"] <= isolated["unit"]["left"]  # "25 °C", left to right
    plain = boxes["plain"]  # the measurement sees the defect the isolation prevents: "C° 25"
    assert plain["unit"]["right"] <= plain["number"]["left"]


# Quantities on more than one line: one of their boxes starts below where another ends
# (a quantity in two scripts has several boxes on one line, one per direction).
_WRAPPED = """[...document.querySelectorAll('bdi')].filter(b => {
  const boxes = [...b.getClientRects()];
  return boxes.some(x => boxes.some(y => x.top >= y.bottom - 1));
}).map(b => b.textContent)"""
# Section marks ("!", "⚠") on a line of their own: below all the text before them in their
# heading or list item.
_LONE_MARKS = """[...document.querySelectorAll('h1 .mark, h2 .mark, h3 .mark, h4 .mark, li .mark')]
.filter(mark => {
  const keep = mark.parentElement.classList.contains('mark-keep') ? mark.parentElement : mark;
  const before = document.createRange();
  before.setStart(mark.closest('h1, h2, h3, h4, li'), 0);
  before.setEndBefore(keep);
  const boxes = [...before.getClientRects()].filter(r => r.width > 1);
  if (!boxes.length) return false;  // nothing before it: the legend
  return mark.getBoundingClientRect().top >= Math.max(...boxes.map(r => r.bottom)) - 1;
}).map(mark => mark.closest('h1, h2, h3, h4, li').textContent)"""
PHONE_PAGES = [
    "status.html",
    "de/index.html",
    "ar/index.html",
    "de/paracetamol.html",
    "ar/paracetamol.html",
    "de/baclofen.html",
]


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_nothing_scrolls_sideways_on_a_390_px_phone_nor_wraps_a_quantity_or_a_mark(
    browser: Browser, demo_server: str, path: str
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(demo_server + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    wrapped = page.evaluate(_WRAPPED)
    alone = page.evaluate(_LONE_MARKS)
    page.close()
    assert width <= 390
    assert wrapped == []
    assert alone == []


def test_demo_site_has_no_accessibility_violations(browser: Browser, demo_site: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    pages = sorted(p.relative_to(demo_site).as_posix() for p in demo_site.rglob("*.html"))
    assert len(pages) == 20  # 12 leaflet pages, 6 language indexes, index and status
    handler = functools.partial(_QuietHandler, directory=str(demo_site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        for path in pages:
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{path}")
            result = Axe().run(
                page,
                options={
                    "runOnly": {
                        "type": "tag",
                        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
                    }
                },
            )
            assert [v["id"] for v in result.response["violations"]] == [], path
        page.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_demo_site_html5_validates(demo_site: Path) -> None:
    jar, java = vnu_jar(), shutil.which("java")
    if jar is None or java is None:
        pytest.skip("Nu Html Checker (vnu.jar) or Java not installed")
    files = sorted(str(p) for p in demo_site.rglob("*.html"))
    out = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", *files], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr


def run_cli(ws: Path, *args: str) -> tuple[int, str]:
    """The command in its own process: Playwright's sync API cannot run inside this module's."""
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "leaflet_i18n", "-C", str(ws), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_the_demo_passes_the_check_in_the_browser(tmp_path: Path) -> None:
    from .conftest import ROOT

    ws = tmp_path / "demo"
    for name in ("content", "locales", "templates"):
        shutil.copytree(ROOT / name, ws / name)
    shutil.copy(ROOT / "leaflet-i18n.yaml", ws)
    code, output = run_cli(ws, "build", "--verify-in-browser")
    assert code == 0, output
    assert "12 page(s) published as HTML, PDF and ePI, 0 refused" in output


def test_a_stylesheet_that_hides_a_boxed_warning_is_refused_in_the_browser(
    tmp_path: Path,
) -> None:
    import json

    from .conftest import ROOT

    ws = translated_workspace(tmp_path)
    css = (ROOT / "src/leaflet_i18n/templates/leaflet.css").read_text()
    (ws / "templates").mkdir(exist_ok=True)
    (ws / "templates/leaflet.css").write_text(css + "\n.boxed { display: none; }\n")
    code, output = cli(ws, "build", "--format", "json")
    assert code == 0  # the HTML itself shows the text: only a browser sees the stylesheet
    code, output = run_cli(ws, "build", "--verify-in-browser", "--format", "json")
    report = json.loads(output[output.index("{") :])
    pages = {p["locale"]: p for p in report["pages"]}
    assert code == 1 and not pages["de"]["published"] and not pages["en"]["published"]
    assert pages["de"]["blocking"][-1]["code"] == "render.browser"
    assert not (ws / "site/de/demo.html").exists()

"""Take the README's screenshots of the demo site in headless Chromium, and a PDF page as PNG.

Run from the workspace after `leaflet-i18n build` and `leaflet-i18n build -l it`:
``python scripts/screenshots.py [SITE] [OUT]`` (defaults: site/, docs/). Each page is taken on a
desktop (1280 px wide) and on a phone (390 px); the first two pages of the German Paracetamol
PDF are rendered with ``pdftoppm`` (poppler-utils). Every image is reduced to a palette of
:data:`COLOURS` colours when Pillow is installed (it comes with WeasyPrint), which keeps text sharp
at a third of the size. Look at every image before committing it.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

# name → (page, viewport width, viewport height)
SHOTS = {
    "paracetamol-de.png": ("de/paracetamol.html", 1280, 1500),
    "paracetamol-de-phone.png": ("de/paracetamol.html", 390, 1300),
    "paracetamol-ar.png": ("ar/paracetamol.html", 1280, 1500),
    "paracetamol-ar-phone.png": ("ar/paracetamol.html", 390, 1300),
    "status.png": ("status.html", 1280, 1300),
    "status-phone.png": ("status.html", 390, 1300),
    "index-de.png": ("de/index.html", 1280, 800),
}
PDF = ("de/paracetamol.pdf", "paracetamol-de-pdf")  # → paracetamol-de-pdf-1.png, -2.png
PDF_PAGES = (1, 2)
COLOURS = 96
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's signature
        pass


def shrink(path: Path) -> None:
    """Rewrite a PNG with a palette of :data:`COLOURS` colours, if that makes it smaller."""
    try:
        from PIL import Image
    except ImportError:
        return
    before = path.stat().st_size
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=COLOURS, dither=Image.Dither.NONE)
    smaller = path.with_suffix(".tmp.png")
    reduced.save(smaller, optimize=True)
    if smaller.stat().st_size < before:
        smaller.replace(path)
    else:
        smaller.unlink()


def take_pages(browser: Browser, base: str, out: Path) -> list[Path]:
    """Every page of :data:`SHOTS`, at its viewport size."""
    written = []
    for name, (path, width, height) in SHOTS.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(base + path)
        page.screenshot(path=str(out / name))
        page.close()
        written.append(out / name)
    return written


def take_pdf(site: Path, out: Path) -> list[Path]:
    """The first pages of :data:`PDF` as PNG, or none without ``pdftoppm``."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm not found (apt-get install poppler-utils): no PDF page", file=sys.stderr)
        return []
    source, stem = PDF
    first, last = str(PDF_PAGES[0]), str(PDF_PAGES[-1])
    command = [pdftoppm, "-png", "-r", "90", "-f", first, "-l", last, str(site / source)]
    subprocess.run([*command, str(out / stem)], check=True)
    return [out / f"{stem}-{number}.png" for number in PDF_PAGES]


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs")
    out.mkdir(exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            written = take_pages(browser, base, out)
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    for path in [*written, *take_pdf(site, out)]:
        shrink(path)
        print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()

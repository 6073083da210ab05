"""Take the README's screenshots of the demo site in headless Chromium, and a PDF page as PNG.

Run from the workspace after `leaflet-i18n build` and `leaflet-i18n build -l it`:
``python scripts/screenshots.py [SITE] [OUT]`` (defaults: site/, docs/). Each page is taken on a
desktop (1280 px wide) and on a phone (390 px); the first page of the German Paracetamol PDF
is rendered with ``pdftoppm`` (poppler-utils). Look at every image before committing it.
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

from playwright.sync_api import sync_playwright

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


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs")
    out.mkdir(exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, (path, width, height) in SHOTS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base + path)
            page.screenshot(path=str(out / name))
            page.close()
            print(f"wrote {out / name}")
        browser.close()
    httpd.shutdown()
    httpd.server_close()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm not found (apt-get install poppler-utils): no PDF page", file=sys.stderr)
        return
    source, stem = PDF
    subprocess.run(
        [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "2", str(site / source), str(out / stem)],
        check=True,
    )
    for number in (1, 2):
        print(f"wrote {out / f'{stem}-{number}.png'}")


if __name__ == "__main__":
    main()

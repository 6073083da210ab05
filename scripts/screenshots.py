"""Take the README's screenshots of the demo site in headless Chromium.

Run from the workspace after `leaflet-i18n build` and `leaflet-i18n build -l it`:
``python scripts/screenshots.py [SITE] [OUT]`` (defaults: site/, docs/).
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

SHOTS = {
    "baclofen-de.png": ("de/baclofen.html", False),
    "paracetamol-ar.png": ("ar/paracetamol.html", False),
    "index.png": ("index.html", False),
    "status.png": ("status.html", False),
}
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs")
    out.mkdir(exist_ok=True)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        for name, (path, full) in SHOTS.items():
            page.goto(base + path)
            page.screenshot(path=str(out / name), full_page=full)
            print(f"wrote {out / name}")
        browser.close()
    httpd.shutdown()
    httpd.server_close()


if __name__ == "__main__":
    main()

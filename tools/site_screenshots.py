"""Take screenshots of a built site with headless chromium (for docs/site.md).

Usage: python tools/site_screenshots.py SITE_DIR OUT_DIR [--dark]

Serves SITE_DIR on 127.0.0.1 (a random port) and saves one PNG per page into OUT_DIR
(docs/images/ for the pictures in docs/site.md).
Needs playwright and the system's chromium (/usr/bin/chromium); downloads nothing.
"""

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PAGES = {
    "site-home": ("index.html", 1200),
    "site-finder": ("find/index.html", 1200),
    "site-technique": ("techniques/photovoice/index.html", 1200),
    "site-stage": ("stages/design/index.html", 1200),
    "site-usage": ("usage/index.html", 1200),
    "site-contribute": ("contribute/index.html", 1200),
    "site-phone": ("techniques/photovoice/index.html", 390),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--dark", action="store_true", help="also a dark-mode shot of the home page")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(args.site))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, (path, width) in PAGES.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(base + path)
                if name == "site-finder":
                    page.check("#f-stage-design")
                    page.check("#f-people-patient")
                page.screenshot(path=str(args.out / f"{name}.png"))
                page.close()
            if args.dark:
                page = browser.new_page(viewport={"width": 1200, "height": 900}, color_scheme="dark")
                page.goto(base + "find/index.html")
                page.screenshot(path=str(args.out / "site-dark.png"))
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()

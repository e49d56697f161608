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

from playwright.sync_api import FloatRect, sync_playwright

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
    "site-search": ("search/index.html?q=photovoice", 1200),
    "site-phone-finder": ("find/index.html?stage=design&people=patient", 320),
    "site-phone-usage": ("usage/index.html", 320),
    "site-guide": ("guides/patients-carers-public/index.html", 1200),
    "site-phone-people": ("stakeholders/carer/index.html", 390),
}
#: Parts of pages shot on their own: name -> (page, heading of the section).
SECTIONS = {
    "site-technique-details": ("techniques/photovoice/index.html", ("What it takes", "Does it work?")),
    "site-usage-sector": ("usage/index.html", ("Techniques used, by kind of organisation",)),
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--dark", action="store_true", help="also a dark-mode shot of the home page")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, (path, width) in PAGES.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(base + path)
                page.wait_for_load_state("networkidle")  # search results, the finder's list
                if name == "site-finder":
                    page.check("#f-stage-design")
                    page.check("#f-people-patient")
                page.screenshot(path=str(args.out / f"{name}.png"))
                page.close()
            for name, (path, headings) in SECTIONS.items():
                page = browser.new_page(viewport={"width": 1200, "height": 900})
                page.goto(base + path)
                found = [page.locator("section", has=page.locator("h2", has_text=h)) for h in headings]
                found = [f.first for f in found if f.count()]
                if found:
                    boxes = [f.bounding_box() for f in found]
                    top = min(b["y"] for b in boxes if b)
                    bottom = max(b["y"] + b["height"] for b in boxes if b)
                    clip: FloatRect = {"x": 0, "y": top - 8, "width": 1200, "height": bottom - top + 16}
                    page.screenshot(path=str(args.out / f"{name}.png"), full_page=True, clip=clip)
                page.close()
            # The fullest organisation page, when the site has organisations.
            orgs = sorted((args.site / "organisations").glob("*/index.html"), key=lambda f: -f.stat().st_size)
            if orgs:
                page = browser.new_page(viewport={"width": 1200, "height": 900})
                page.goto(base + f"organisations/{orgs[0].parent.name}/index.html")
                page.screenshot(path=str(args.out / "site-organisation.png"))
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

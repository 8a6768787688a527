"""Screenshot offline maps in Debian's headless Chromium for the README (``make screenshots``).

Every request that is not file: or data: is blocked and counted; the script fails if any was made.
"""

from __future__ import annotations

import sys
from pathlib import Path

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def shoot(html: Path, png: Path, chromium: str = "/usr/bin/chromium") -> int:
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            return r.continue_()
        blocked.append(r.request.url)
        return r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("**/*", route)
        page.goto(html.resolve().as_uri())
        page.wait_for_timeout(1000)
        page.screenshot(path=str(png))
        browser.close()
    print(f"{png}: {len(blocked)} network requests blocked")
    return len(blocked)


if __name__ == "__main__":
    pairs = list(zip(sys.argv[1::2], sys.argv[2::2], strict=True))
    sys.exit(1 if sum(shoot(Path(a), Path(b)) for a, b in pairs) else 0)

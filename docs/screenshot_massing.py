"""Screenshot the 3D massing page in Debian's headless Chromium for the README (``make
screenshots``): WebGL in software (SwiftShader), each camera preset given, every request that is
not file: blocked and counted; the script fails if any was made or the page logged an error.

    python docs/screenshot_massing.py out/massing.html docs/img/massing.png river
"""

from __future__ import annotations

import sys
from pathlib import Path

from screenshot import FLAGS

WEBGL = [f for f in FLAGS if f != "--disable-gpu"] + [
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
SETTLED = "window.tpMassing && ['ready', 'no-webgl'].includes(window.tpMassing.state)"


def shoot(html: Path, png: Path, camera: str, chromium: str = "/usr/bin/chromium") -> int:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []

    def route(r):
        if r.request.url.startswith("file:"):
            return r.continue_()
        problems.append(r.request.url)
        return r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=WEBGL)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route("**/*", route)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(html.resolve().as_uri())
        page.wait_for_function(SETTLED, timeout=30_000)
        page.click(f"button[data-camera={camera}]")
        page.wait_for_function(SETTLED, timeout=30_000)
        page.wait_for_timeout(300)
        page.screenshot(path=str(png))
        browser.close()
    print(f"{png}: {len(problems)} requests blocked or errors logged")
    return len(problems)


if __name__ == "__main__":
    sys.exit(1 if shoot(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]) else 0)

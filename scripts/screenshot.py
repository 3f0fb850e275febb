"""Screenshot of a real answer in the running app (for the README).

    python app.py &   # then
    python scripts/screenshot.py http://127.0.0.1:7860/ docs/screenshot.png "Vem är socialchef i Vårgårda?"
"""

import sys

from playwright.sync_api import sync_playwright

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def main(url: str, out: str, question: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1000})
        page.goto(url)
        box = page.get_by_label("Din fråga")
        box.fill(question)
        box.press("Enter")
        page.locator("blockquote.quote").first.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        page.screenshot(path=out, full_page=True)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])

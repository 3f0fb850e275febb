"""Driving the app's page in a real browser: a Visit (one fresh browser
context that records what the page did), the question box once the app has
loaded, a question asked, an answer liked. Shared by the browser tests."""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

WAIT_MS = 45_000


class Visit:
    """A fresh browser context, recording requests, console messages,
    cookies set and dialogs (a dialog means injected script ran)."""

    def __init__(self, browser):
        self.context = browser.new_context(locale="sv-SE", viewport={"width": 1000, "height": 820})
        self.requests: list[str] = []
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.cookies: list[str] = []
        self.errors: list[str] = []  # uncaught exceptions in the page's scripts
        self.unfinished: dict[int, str] = {}
        self.context.on("request", self._request)
        self.context.on("requestfinished", lambda r: self.unfinished.pop(id(r), None))
        self.context.on("requestfailed", lambda r: self.unfinished.pop(id(r), None))
        self.context.on("response", self._response)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append(m.text))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _request(self, request):
        self.requests.append(request.url)
        self.unfinished[id(request)] = request.url

    def _response(self, response):
        cookie = response.headers.get("set-cookie")
        if cookie:
            self.cookies.append(f"{response.url}: {cookie}")

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def hosts(self) -> set[str]:
        return {urlsplit(u).netloc for u in self.requests if not u.startswith(("data:", "blob:"))}

    def csp_violations(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m]

    def close(self):
        self.context.close()


def question_box(frame, visit: "Visit"):
    """The chat's question box, once the app inside the frame has loaded.

    No second chance: a page that stays at "Laddar..." is a failure. (It
    once did, 1 load in 3 in a frame from another site, when the browser
    refused that frame localStorage; web.HEAD now stands in for it.)
    """
    box = frame.get_by_label("Din fråga")
    try:
        box.wait_for(timeout=WAIT_MS)
    except Exception:
        shot = Path(os.environ.get("TMPDIR", "/tmp")) / f"assistant-frame-{time.time():.0f}.png"
        visit.page.screenshot(path=str(shot))
        text = frame.locator("body").inner_text(timeout=2000)[:500]
        pytest.fail(f"the app did not load in the frame (screenshot {shot}); it shows {text!r}; "
                    f"unfinished requests: "
                    f"{list(visit.unfinished.values())}; last: {visit.requests[-5:]}; "
                    f"console: {visit.console[-10:]}; page errors: {visit.errors}")
    return box


def ask_in_frame(frame, question: str, visit: "Visit"):
    box = question_box(frame, visit)
    box.fill(question)
    box.press("Enter")
    answer = frame.locator("#chatbot blockquote.quote").first
    answer.wait_for(timeout=WAIT_MS)
    return answer


def like_once(frame, visit: "Visit"):
    """'Gilla' clicked once, as a reader would: a moment after the answer is
    whole. A click in the instant the answer's event ended (as the buttons
    appeared) was lost now and then in fresh-clone runs; a second click on
    the same answer would take the like back."""
    like = frame.get_by_role("button", name="Gilla", exact=True).first
    like.wait_for(timeout=WAIT_MS)
    visit.page.wait_for_timeout(1500)
    like.click()

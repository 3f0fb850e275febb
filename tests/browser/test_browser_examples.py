"""The example questions on the start page, clicked in a real browser
(Playwright driving Debian's chromium) by mouse and by keyboard: each ends
in an answer with quotes, never in Gradio's red "Error" (issue 20: their
`example_select` event was not in the guard's hand-written list). Real
server on loopback, real model, real index."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_browser import WAIT_MS, Served, Visit, browser  # noqa: F401  (the browser fixture)

from assistant.web.app import create_app
from assistant.web.chat.ui import EXAMPLES

pytestmark = pytest.mark.browser

# Gradio's own words, which must never reach an official
ENGLISH = ("Error", "error", "Traceback", "Something went wrong", "Connection errored",
           "Too many requests", "Loading...", "Exception")


@pytest.fixture(scope="module")
def url(shipped, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("examples")
    settings = replace(shipped.settings, feedback_db=tmp / "feedback.sqlite3",
                       audit_db=tmp / "audit.sqlite3", gaps_db=tmp / "gaps.sqlite3",
                       gradio_cache=tmp / "gradio-cache")
    served = Served(create_app(shipped, settings)).start()
    yield f"http://127.0.0.1:{served.port}/"
    served.stop()


def _example_button(page, text: str):
    button = page.get_by_role("button", name=text, exact=False).first
    button.wait_for(timeout=WAIT_MS)
    return button


def _answered(visit: Visit, example: str) -> None:
    page = visit.page
    page.locator("#chatbot blockquote.quote").first.wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(500)  # an error toast would come with the answer's last update
    shown = page.locator("body").inner_text()
    assert example in page.locator("#chatbot").inner_text()
    assert page.locator("#chatbot blockquote.quote").count() >= 1
    assert not [w for w in ENGLISH if w in shown], [w for w in ENGLISH if w in shown]
    assert page.locator(".toast-body").count() == 0
    assert visit.errors == [] and visit.dialogs == []


@pytest.mark.parametrize("example", EXAMPLES)
def test_each_example_answers_when_clicked(browser, url, example):  # noqa: F811
    visit = Visit(browser)
    try:
        visit.page.goto(url)
        _example_button(visit.page, example).click()
        _answered(visit, example)
    finally:
        visit.close()


@pytest.mark.parametrize("example", EXAMPLES)
def test_each_example_answers_by_keyboard(browser, url, example):  # noqa: F811
    visit = Visit(browser)
    try:
        page = visit.page
        page.goto(url)
        button = _example_button(page, example)
        for _ in range(60):
            page.keyboard.press("Tab")
            if button.evaluate("e => e === document.activeElement || e.contains(document.activeElement)"):
                break
        else:
            pytest.fail(f"Tab never reached the example {example!r}")
        page.keyboard.press("Enter")
        _answered(visit, example)
    finally:
        visit.close()

"""The server-rendered pages under a Content-Security-Policy without
'unsafe-inline' for scripts, in a real browser (Debian's chromium): each
page's own script still runs (the reader focuses the quote and copies the
reference, the editors' page checks its form), no page logs a CSP violation
or a script error, and an inline script put into the page is refused. The
chat page, which alone keeps 'unsafe-inline' for Gradio, still answers."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from conftest import CORPUS
from test_browser import QUESTION, WAIT_MS, Served, Visit, browser, question_box  # noqa: F401

from assistant.answering.pipeline import Assistant
from assistant.config import Settings
from assistant.web.app import create_app

pytestmark = pytest.mark.browser

EDITOR = {"X-Remote-User": "erik", "X-Remote-Groups": "Redaktion"}
READER = "artiklar/004-vargarda-socialtjanst?start=1272&end=1329"
PAGES = ["artiklar", READER, "tillganglighet", "integritet", "docs", "redaktion",
         "redaktion/saknas"]
INLINE = "window.__inline_ran = true;"


@pytest.fixture(scope="module")
def site(shipped, tmp_path_factory):
    root = tmp_path_factory.mktemp("csp")
    shutil.copytree(CORPUS, root / "corpus")
    shutil.copytree(shipped.settings.index_dir, root / "index")
    settings = replace(Settings.from_env(env={}, corpus_dir=root / "corpus",
                                         index_dir=root / "index"),
                       feedback_db=root / "f.sqlite3", audit_db=root / "a.sqlite3",
                       gradio_cache=root / "cache", trusted_proxies=("127.0.0.1",),
                       editor_groups=("Redaktion",))
    served = Served(create_app(Assistant(settings, shipped.embedder), settings)).start()
    yield f"http://127.0.0.1:{served.port}"
    served.stop()


@pytest.fixture
def visit(browser):
    v = Visit(browser)
    v.context.set_extra_http_headers(EDITOR)
    yield v
    v.close()


def _inline_refused(visit: Visit) -> bool:
    """An inline script put into the page does not run, and the browser
    says why (so the check for violations can see one)."""
    before = len(visit.csp_violations())
    try:
        visit.page.add_script_tag(content=INLINE)
    except Exception:  # Playwright reports the refused script as an error
        pass
    ran = visit.page.evaluate("() => window.__inline_ran === true")
    return not ran and len(visit.csp_violations()) > before


@pytest.mark.parametrize("path", PAGES)
def test_server_pages_work_without_inline_script(site, visit, path):
    response = visit.page.goto(f"{site}/{path}")
    assert response.status == 200, path
    script_src = response.headers["content-security-policy"].split("script-src ")[1].split(";")[0]
    assert script_src == "'self'"
    page = visit.page
    page.locator("h1").first.wait_for()
    if path == READER:  # sida.js: the quote has focus, the reference is copied
        page.wait_for_function("() => document.activeElement && "
                               "document.activeElement.id === 'citat'", timeout=WAIT_MS)
        page.get_by_role("button", name="Kopiera referens").click()
        page.locator("#copy-status").filter(has_text="opiera").wait_for(timeout=WAIT_MS)
    if path == "redaktion":  # redaktion.js: the form is checked in the page
        page.get_by_role("button", name="Förhandsgranska").click()
        page.get_by_text("Välj en eller flera filer eller klistra in en webbadress.").wait_for(
            timeout=WAIT_MS)
    assert visit.csp_violations() == [] and visit.errors == [], (visit.console, visit.errors)
    assert _inline_refused(visit), visit.console


def test_the_chat_page_still_answers(site, visit):
    response = visit.page.goto(f"{site}/")
    assert "'unsafe-inline'" in response.headers["content-security-policy"].split(";")[2]
    box = question_box(visit.page, visit)
    box.fill(QUESTION)
    box.press("Enter")
    visit.page.locator("#chatbot blockquote.quote").first.wait_for(timeout=WAIT_MS)
    assert "Ann-Charlotte Lilja" in visit.page.locator("#chatbot").inner_text()
    assert visit.csp_violations() == [] and visit.errors == [], (visit.console, visit.errors)

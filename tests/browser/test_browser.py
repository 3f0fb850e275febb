"""The app in a real browser (Playwright driving Debian's chromium), inside
an iframe of an intranet page on another origin, directly and behind a
prefix-stripping reverse proxy. Real servers on loopback ports, real model.

ASSISTANT_SCREENSHOT=docs/embedded.png saves the embedded answer's screenshot.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from assistant.web.app import create_app
from assistant.answering.pipeline import Assistant, update_index
from conftest import write_article
from intranet import frame_page, pages_app
from pages import (WAIT_MS, Visit, ask_in_frame, like_once,  # noqa: F401  (re-exported)
                   question_box)
from served import Served  # noqa: F401  (re-exported to the other browser tests)

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
HOSTILE = '<img src=x onerror=alert(1)> <script>alert("x")</script>'
QUESTION = "Vem är socialchef i Vårgårda?"
VERBATIM_TITLE = "Citatby's & <samverkan> (ny)"
VERBATIM_SENTENCE = ("Enhetschefen i Citatby sa: 'Vi samverkar & lär <tillsammans>' "
                     "(se https://citatby.se/samverkan).")
VERBATIM_BODY = f"{VERBATIM_SENTENCE}\n\nÄldreomsorgen i Citatby har en ny chef."


@pytest.fixture(scope="module")
def hostile_assistant(tmp_path_factory, e5):
    root = tmp_path_factory.mktemp("hostile")
    (root / "corpus").mkdir()
    write_article(root / "corpus", "ond.md", "Ond <b>titel</b> i Ondby",
                  f"Socialtjänsten i Ondby samverkar med skolan. {HOSTILE} Samverkan sker varje "
                  "vecka i ett gemensamt team.\n\nÄldreomsorgen i Ondby har en ny chef.",
                  municipality="Ondby")
    write_article(root / "corpus", "citat.md", VERBATIM_TITLE, VERBATIM_BODY, municipality="Citatby")
    write_article(root / "corpus", "snall.md", "Snäll artikel om Tranemo",
                  "Tranemo har en gemensam ledningsgrupp för omsorgen.", municipality="Tranemo")
    from assistant.config import Settings

    settings = Settings.from_env(env={}, corpus_dir=root / "corpus", index_dir=root / "index")
    update_index(settings, e5)
    return Assistant(settings, e5)


@pytest.fixture(scope="module")
def site(hostile_assistant, framing_site, tmp_path_factory):
    """The framing site (tests/conftest.py: an intranet on another site, the
    app directly and under /assistent behind a proxy), an app over a hostile
    corpus, and a page on an origin that is not allowed."""
    pages = framing_site["pages"]
    elsewhere = Served(pages_app(pages))
    hostile = Served(create_app(hostile_assistant, replace(
        hostile_assistant.settings, frame_ancestors=framing_site["intranet"],
        feedback_db=tmp_path_factory.mktemp("fb2") / "feedback.sqlite3")))
    servers = [elsewhere, hostile]
    for s in servers:
        s.start()
    urls = {
        "direct": f"http://{framing_site['direct']}/?embed=1",
        "proxied": f"{framing_site['proxy']}/assistent/?embed=1",
        "hostile": f"http://127.0.0.1:{hostile.port}/?embed=1",
    }
    for name, src in urls.items():
        pages[f"/{name}"] = frame_page(src)
    yield {**framing_site, "elsewhere": f"http://localhost:{elsewhere.port}", "urls": urls}
    for s in servers:
        s.stop()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: bash scripts/setup.sh --test installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def visit(browser):
    v = Visit(browser)
    yield v
    v.close()


def _wait_for(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_embedded_on_allowed_origin_answers_with_quote_and_source(site, visit):
    visit.page.goto(f"{site['intranet']}/direct")
    frame = visit.page.frame_locator("iframe")
    quote = ask_in_frame(frame, QUESTION, visit)
    assert "Ann-Charlotte Lilja" in frame.locator("#chatbot").inner_text()
    assert "socialchef" in quote.inner_text()
    source = frame.locator("#chatbot .source").first.inner_text()
    assert "Källa:" in source and "Vårgårda" in source
    reader = frame.locator("#chatbot .source a.reader").first.get_attribute("href")
    assert reader.startswith("artiklar/004-vargarda")  # the reader (test_browser_reader.py)
    # Gradio's page-wide "Laddar..." overlay is gone (it once stayed, covering the buttons)
    frame.locator(".gradio-container .loading").first.wait_for(state="hidden", timeout=WAIT_MS)
    # embed mode: no title or long description, but the short trust line
    assert frame.locator("#intro").is_hidden()
    trust = frame.locator("#trust")
    assert trust.is_visible() and "ordagranna citat" in trust.inner_text()
    if os.environ.get("ASSISTANT_SCREENSHOT"):
        frame.locator("#chatbot").evaluate(
            "e => e.querySelectorAll('*').forEach(x => { if (x.scrollTop) x.scrollTop = 0; })")
        visit.page.wait_for_timeout(500)
        visit.page.screenshot(path=os.environ["ASSISTANT_SCREENSHOT"])
    # nothing left the machine, nothing needed a cookie, the policy did not get in the way
    assert visit.hosts() <= {urlsplit(site["intranet"]).netloc, site["direct"]}, visit.hosts()
    assert visit.cookies == [] and visit.csp_violations() == []
    assert visit.dialogs == [] and visit.errors == []


def test_framed_page_loads_every_time(site, browser):
    """12 fresh loads in a frame from another site: each shows the question
    box, and no script fails (before web.HEAD's stand-in for the refused
    localStorage, about 1 load in 3 stayed at "Laddar...")."""
    for n in range(12):
        v = Visit(browser)
        try:
            v.page.goto(f"{site['intranet']}/direct")
            box = v.page.frame_locator("iframe").get_by_label("Din fråga")
            try:
                box.wait_for(timeout=15_000)
            except Exception:
                pytest.fail(f"load {n + 1} stayed at 'Laddar...'; page errors: {v.errors}")
            assert v.errors == [], v.errors
        finally:
            v.close()


def test_feedback_buttons_store_the_answer(site, visit):
    visit.page.goto(f"{site['intranet']}/direct")
    frame = visit.page.frame_locator("iframe")
    ask_in_frame(frame, "Hur arbetar hemtjänstgruppen Linden i Söderhamn?", visit)
    like_once(frame, visit)

    def verdicts():
        try:
            with sqlite3.connect(f"file:{site['feedback_db']}?mode=ro", uri=True) as db:
                return db.execute("SELECT verdict, question, passages FROM feedback").fetchall()
        except sqlite3.OperationalError:  # not created yet
            return []

    assert _wait_for(lambda: any(v[0] == "helpful" and "Linden" in v[1] for v in verdicts()))
    row = next(v for v in verdicts() if "Linden" in v[1])
    assert "Söderhamn" in row[2]  # the passages shown are stored with the verdict


def test_framing_from_another_origin_is_blocked(site, visit):
    visit.page.goto(f"{site['elsewhere']}/direct")
    assert _wait_for(lambda: any("frame-ancestors" in m for m in visit.console))
    frame = visit.page.frames[1]
    assert frame.url.startswith("chrome-error://") or frame.locator("gradio-app").count() == 0
    assert visit.page.frame_locator("iframe").get_by_label("Din fråga").count() == 0


def test_hostile_article_and_question_render_as_text(site, visit):
    visit.page.goto(f"{site['intranet']}/hostile")
    frame = visit.page.frame_locator("iframe")
    ask_in_frame(frame, f"Hur samverkar socialtjänsten i Ondby med skolan? {HOSTILE}", visit)
    chat = frame.locator("#chatbot")
    _wait_for(lambda: chat.inner_text().count("<img src=x onerror=alert(1)>") >= 2, 5)
    text = chat.inner_text()
    # shown as the characters they are: in the question and in the quoted article
    assert text.count("<img src=x onerror=alert(1)>") >= 2, text
    assert '<script>alert("x")</script>' in text and "Ond <b>titel</b>" in text
    assert chat.locator("img[src='x'], script, b").count() == 0
    visit.page.wait_for_timeout(300)
    assert visit.dialogs == []


def test_under_a_sub_path_behind_a_proxy_by_keyboard(site, visit):
    visit.page.goto(f"{site['intranet']}/proxied")
    frame = visit.page.frame_locator("iframe")
    box = question_box(frame, visit)
    # the question box is reachable with Tab from the intranet page
    for _ in range(30):
        visit.page.keyboard.press("Tab")
        if box.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the question box")
    visit.page.keyboard.type(QUESTION)
    visit.page.keyboard.press("Enter")
    frame.locator("#chatbot blockquote.quote").first.wait_for(timeout=WAIT_MS)
    assert "Ann-Charlotte Lilja" in frame.locator("#chatbot").inner_text()
    # every request went through the proxy's sub-path; none to the app's own port
    proxy = urlsplit(site["proxy"]).netloc
    app_requests = [u for u in visit.requests if urlsplit(u).netloc == proxy]
    assert app_requests and all(urlsplit(u).path.startswith("/assistent/") for u in app_requests)
    assert site["behind"] not in visit.hosts()


def test_controls_are_labelled_and_text_has_aa_contrast(site, visit):
    visit.page.goto(f"{site['intranet']}/direct")
    frame = visit.page.frame_locator("iframe")
    ask_in_frame(frame, QUESTION, visit)
    unnamed = frame.locator("body").evaluate("""() => {
        const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
        const name = e => (e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].innerText)
            || e.getAttribute('aria-labelledby') && document.getElementById(e.getAttribute('aria-labelledby'))?.innerText
            || e.innerText || e.title || e.getAttribute('placeholder') || '').trim();
        return [...document.querySelectorAll('button, input:not([type=hidden]), textarea, select, [role=button]')]
            .filter(visible).filter(e => !name(e)).map(e => e.outerHTML.slice(0, 120));
    }""")
    assert unnamed == []
    ratios = frame.locator("body").evaluate("""() => {
        const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
            .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
        const background = e => { for (; e; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.length === 3 || c[3] > 0.5) return c.slice(0, 3); } return [255, 255, 255]; };
        const out = {};
        for (const sel of ['#chatbot blockquote.quote', '#chatbot .source', '#trust p',
                           '#question textarea', 'button.submit-button', '.example-text, .example',
                           '#chatbot .message.user, #chatbot [data-testid=user]']) {
            const e = document.querySelector(sel);
            if (!e) continue;
            const [a, b] = [lum(rgb(getComputedStyle(e).color).slice(0, 3)), lum(background(e))];
            out[sel] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }
        return out;
    }""")
    assert len(ratios) >= 3, ratios
    assert all(r >= 4.5 for r in ratios.values()), ratios


def test_proxy_serves_the_api_and_the_page_under_the_sub_path(site):
    base = site["proxy"] + "/assistent"
    with httpx.Client(timeout=60) as c:
        assert c.get(f"{base}/healthz").json()["index_loaded"] is True
        r = c.post(f"{base}/api/ask", json={"question": QUESTION})
        assert r.status_code == 200 and r.json()["passages"]
        assert c.get(f"{base}/config").json()["root"] == base
        page = c.get(f"{base}/")
        assert "frame-ancestors 'self' http://localhost:" in page.headers["content-security-policy"]
        assert re.search(r"<script[^>]+src=\"\./assets/", page.text)
        assert c.get(f"{base}/docs").status_code == 200
        assert c.get(f"{site['proxy']}/healthz").status_code == 404  # only the sub-path is proxied


def test_municipality_menu_offers_an_article_added_while_running(site, hostile_assistant, e5, visit):
    write_article(hostile_assistant.settings.corpus_dir, "nyby.md", "Samverkan i Nyby",
                  "Nyby har en gemensam ledningsgrupp för omsorgen.", municipality="Nyby")
    update_index(hostile_assistant.settings, e5)
    time.sleep(hostile_assistant.RELOAD_CHECK_SECONDS + 0.1)
    visit.page.goto(f"{site['intranet']}/hostile")
    frame = visit.page.frame_locator("iframe")
    question_box(frame, visit)
    frame.get_by_text("Avgränsa sökningen").click()
    frame.get_by_label("Kommun").click()
    frame.get_by_role("option", name="Nyby").wait_for(timeout=WAIT_MS)


def test_quotes_titles_and_questions_show_exactly_as_written(site, visit):
    """An apostrophe, <, & and a URL in parentheses: the visible text is the
    source text (once shown as &#x27; and &#41), and no HTML runs."""
    visit.page.goto(f"{site['intranet']}/hostile")
    frame = visit.page.frame_locator("iframe")
    question = "Vad sa enhetschefen i Citatby om 'samverkan' & <lärande> (https://a.se/x)?"
    ask_in_frame(frame, question, visit)
    chat = frame.locator("#chatbot")
    _wait_for(lambda: VERBATIM_SENTENCE in chat.inner_text(), 5)
    text = chat.inner_text()
    assert question in text, text
    assert VERBATIM_SENTENCE in text, text
    assert VERBATIM_TITLE in text, text
    assert "&#" not in text and "&amp;" not in text and "&lt;" not in text
    assert chat.locator("tillsammans, lärande, script").count() == 0
    assert visit.dialogs == [] and visit.csp_violations() == [] and visit.errors == []


def test_feedback_says_thanks_and_refuses_a_quote_the_answer_lacks(site, visit):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(2):  # a lost click: the page anew, the question again
        visit.page.goto(f"{site['intranet']}/direct")
        frame = visit.page.frame_locator("iframe")
        try:
            ask_in_frame(frame, QUESTION, visit)
            like_once(frame, visit)
            frame.get_by_text("Tack! Din återkoppling är sparad.").first.wait_for(timeout=WAIT_MS)
            break
        except PlaywrightTimeout:
            if attempt:
                toasts = frame.locator("[data-testid=toast-body]").all_inner_texts()
                pytest.fail(f"no thanks after 'Gilla'; toasts {toasts}; errors {visit.errors}")
    shown = frame.locator("#chatbot blockquote.quote").count()
    assert 1 <= shown < 6
    frame.locator("#chatbot button[aria-label*='Flagga'], #chatbot button[title*='Flagga'], "
                  "#chatbot .extra-feedback button").first.click()
    # the menu offers only the quotes shown (issue 21); the server still
    # refuses a number the answer lacks (tests/web/test_web.py)
    frame.locator("#chatbot .extra-feedback-option:visible").first.wait_for(timeout=WAIT_MS)
    assert frame.locator("#chatbot .extra-feedback-option:visible").count() == shown
    assert frame.get_by_text(f"Citat {shown + 1} är fel").first.is_hidden()

"""Every visible control of the chat, the reader and the editors' pages, by
mouse and by keyboard, at 390, 768 and 1280 px (the chat at 1100 px too),
framed and unframed, in real Chromium against the real app (issue 21):
Swedish names, states, toasts and announcements; no error badge, no console
error, no side scroll; axe-core finds nothing serious or critical; an
answer's Spara/Kopiera svaret and its note whole inside the conversation box.
Screenshots go to /tmp/ui-shots/.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from playwright.sync_api import sync_playwright

from assistant.governance.local_links import SIGN_IN_PATH, new_link
from assistant.web.app import create_app
from intranet import frame_page, pages_app
from test_browser import ARGS, CHROMIUM, QUESTION, WAIT_MS, Served
from test_browser_reader import AXE, _axe

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/ui-shots")
# Gradio's and Chromium's English, as words anywhere an official could see or hear them
ENGLISH = re.compile(r"\b(Clear|Retry|Undo|Close|Liked|Disliked|Like|Dislike|Info|Warning|Error|"
                     r"Copy|Copied|Submit|Loading|Scroll down|Choose Files?|No file chosen|"
                     r"common\.\w+|chatbot\.\w+)\b")
WORDS = """() => {
  const seen = [];
  document.querySelectorAll('body *').forEach(e => {
    for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
      const v = e.getAttribute(a); if (v) seen.push(v);
    }
  });
  seen.push(document.body.innerText);
  return seen.join('\\n');
}"""


@pytest.fixture(scope="module")
def site(shipped, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("controls")
    pages: dict[str, str] = {}
    intranet = Served(pages_app(pages)).start()
    settings = replace(shipped.settings, frame_ancestors=f"'self' http://localhost:{intranet.port}",
                       feedback_db=tmp / "feedback.sqlite3", audit_db=tmp / "audit.sqlite3",
                       gradio_cache=tmp / "cache")
    app = Served(create_app(shipped, settings)).start()
    url = f"http://127.0.0.1:{app.port}"
    pages["/chat"] = frame_page(f"{url}/?embed=1")
    pages["/favicon.ico"] = ""  # the stand-in intranet's own icon: not the app's 404
    pages["/reader"] = frame_page(f"{url}/artiklar/004-vargarda-socialtjanst?start=1272&end=1329")
    SHOTS.mkdir(exist_ok=True)
    yield {"app": url, "intranet": f"http://localhost:{intranet.port}", "settings": settings}
    app.stop()
    intranet.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page with its console errors and failed requests recorded."""

    def __init__(self, browser, width: int, **kwargs):
        self.context = browser.new_context(
            locale="en-US", bypass_csp=True, accept_downloads=True,
            viewport={"width": width, "height": 800 if width < 600 else 900}, **kwargs)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"])
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(
            f"{r.status} {r.url}"))

    def close(self):
        self.context.close()


def _checked(target, width: int, where: str) -> None:
    """No English, no error badge, no side scroll, nothing serious for axe."""
    words = target.evaluate(WORDS)
    assert not ENGLISH.search(words), (where, ENGLISH.findall(words))
    assert target.locator(".toast-body.error, .error-message, [data-testid=error]").count() == 0
    assert target.evaluate("document.documentElement.scrollWidth") <= width, where
    if AXE.exists():
        bad = [v for v in _axe(target) if v["impact"] in ("serious", "critical")]
        assert not bad, (where, bad)


def _ask(frame, question: str) -> None:
    box = frame.locator("#question textarea")
    box.wait_for(timeout=WAIT_MS)
    box.click()
    box.fill(question)
    box.press("Enter")


# Spara/Kopiera svaret and the note of the last answer: each box inside the
# conversation box's visible area (its client box, without the scrollbar), not
# cut within its own box, and not covered by anything at its centre
IN_VIEW = """() => {
  const wrap = document.querySelector('#chatbot .bubble-wrap');
  const w = wrap.getBoundingClientRect();
  const box = {left: w.left + wrap.clientLeft, top: w.top + wrap.clientTop};
  box.right = box.left + wrap.clientWidth; box.bottom = box.top + wrap.clientHeight;
  const bar = [...document.querySelectorAll('#chatbot .answer-tools')].pop();
  return [...bar.querySelectorAll('button, .tool-note')].filter(e => e.textContent.trim())
    .map(e => {
      const r = e.getBoundingClientRect();
      const top = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
      return {text: e.textContent, box: [r.left, r.top, r.right, r.bottom].map(Math.round),
              chat: [box.left, box.top, box.right, box.bottom].map(Math.round),
              inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 &&
                      r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5,
              whole: e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1,
              uncovered: !!top && (top === e || e.contains(top))};
    });
}"""


def _tools_in_view(page, want: int, where: str) -> None:
    seen = page.evaluate(IN_VIEW)
    assert len(seen) == want, (where, seen)
    for control in seen:
        assert control["inside"] and control["whole"] and control["uncovered"], (where, control)


def _last_answer(frame):
    return frame.locator("#chatbot .message-buttons-left").last


@pytest.mark.parametrize("width", [390, 768, 1100, 1280])
def test_chat_by_mouse_and_keyboard(site, browser, shipped, width):
    v = Page(browser, width)
    try:
        page = v.page
        page.goto(site["app"] + "/")
        # keyboard: through the question box and both filters, no list left open
        page.locator("#question textarea").focus()
        visited = []
        for _ in range(10):
            page.keyboard.press("Tab")
            page.wait_for_timeout(150)
            inside = page.evaluate("!!document.activeElement.closest('#filters')")
            visited.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
            if "År" in visited and not inside:
                break
        assert "Kommun" in visited and "År" in visited, visited
        page.wait_for_timeout(600)
        assert page.locator(".option-list:visible").count() == 0
        # a filter chosen by keyboard stays chosen
        kommun = page.get_by_role("combobox", name="Kommun")
        kommun.focus()
        kommun.fill("Vårgårda")
        # the list filters as one types: wait for the option, then choose it
        page.locator(".option-list:visible li", has_text="Vårgårda").first.wait_for(timeout=WAIT_MS)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_function(  # the choice shown in the box, as a keyboard user sees it
            "document.querySelector('#filters input[aria-label=Kommun]').value === 'Vårgårda'",
            timeout=WAIT_MS)
        page.wait_for_timeout(300)
        for _ in range(2):  # past År (a focused menu shows its list) and out of the filters
            page.keyboard.press("Tab")
            page.wait_for_timeout(200)
        assert kommun.input_value() == "Vårgårda"
        assert not page.evaluate("!!document.activeElement.closest('#filters')")
        page.wait_for_timeout(600)
        assert page.locator(".option-list:visible").count() == 0
        _ask(page, QUESTION)
        page.locator("#chatbot blockquote.quote").first.wait_for(timeout=WAIT_MS)
        page.wait_for_timeout(500)
        assert "Avgränsat till kommun Vårgårda" in page.locator("#chatbot").inner_text()
        # as the answer arrives (its start in view), its tools are in the box, whole
        _tools_in_view(page, 2, f"new answer {width}")
        page.screenshot(path=str(SHOTS / f"chat-answer-{width}.png"))
        answer = _last_answer(page)
        quotes = page.locator("#chatbot blockquote.quote").count()
        # Gilla by mouse: a Swedish state and a Swedish toast, once
        answer.get_by_role("button", name="Gilla", exact=True).click()
        toast = page.locator("[data-testid=toast-body]").first
        toast.wait_for(timeout=WAIT_MS)
        assert "Meddelande" in toast.inner_text() and "Tack!" in toast.inner_text()
        assert answer.get_by_role("button", name="Gillad", exact=True).count() == 1
        close = toast.get_by_test_id("toast-close")
        assert close.get_attribute("aria-label") == "Stäng"
        close.click()
        toast.wait_for(state="detached", timeout=WAIT_MS)
        # the wrong-quote menu by keyboard: only the quotes shown, one verdict per choice
        answer.get_by_role("button", name="Markera ett citat som fel").focus()
        options = answer.locator(".extra-feedback-option:visible")
        assert options.count() == quotes, (options.count(), quotes)
        assert float(options.first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 14
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        toast.wait_for(timeout=WAIT_MS)
        page.wait_for_timeout(1500)
        assert "(2)" not in toast.inner_text()
        # Spara svaret: a .docx with each quote verbatim
        tools = page.locator("#chatbot .answer-tools").last
        with page.expect_download(timeout=WAIT_MS) as download:
            tools.get_by_role("button", name="Spara svaret").click()
        document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
        paragraphs = [p.text for p in document.paragraphs]
        bodies = {a.id: a.body for a in shipped.searcher.data.articles}
        shown = [re.search(r"artiklar/([^?]+)\?start=(\d+)&end=(\d+)", h).groups() for h in
                 page.locator("#chatbot .source a.reader").evaluate_all(
                     "l => l.map(a => a.getAttribute('href'))")]
        for aid, start, end in shown:
            assert bodies[aid][int(start):int(end)] in paragraphs
        # Kopiera svaret by keyboard
        tools.get_by_role("button", name="Kopiera svaret").focus()
        page.keyboard.press("Enter")
        tools.locator(".tool-note", has_text="kopierat").wait_for(timeout=WAIT_MS)
        page.wait_for_timeout(300)
        _tools_in_view(page, 3, f"copied {width}")  # Spara, Kopiera and the note
        page.screenshot(path=str(SHOTS / f"chat-copied-{width}.png"))
        copied = page.evaluate("navigator.clipboard.readText()")
        assert QUESTION in copied and "Läs i sitt sammanhang: http" in copied
        _checked(page.main_frame, width, f"chat {width}")
        page.screenshot(path=str(SHOTS / f"chat-{width}.png"), full_page=True)
        # a pasted question over the limit: said while typed, refused when sent,
        # and the refusal has no feedback buttons
        page.locator("#question textarea").fill("Hur samverkar kommunerna? " * 50)
        note = page.locator("#length-note")
        assert "tecken lång" in note.inner_text() and note.is_visible()
        page.locator("#question textarea").press("Enter")
        page.locator("#chatbot .refusal").wait_for(timeout=WAIT_MS)
        page.wait_for_timeout(500)
        refused = _last_answer(page)
        assert refused.get_by_role("button", name="Gilla", exact=True).is_hidden()
        assert refused.locator(".extra-feedback").is_hidden()
        page.screenshot(path=str(SHOTS / f"chat-refusal-{width}.png"), full_page=True)
        _checked(page.main_frame, width, f"chat refusal {width}")
        assert not v.problems, v.problems
    finally:
        v.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_chat_framed(site, browser, width):
    v = Page(browser, width)
    try:
        page = v.page
        page.goto(site["intranet"] + "/chat")
        frame = page.frame_locator("iframe")
        frame.locator("#question textarea").wait_for(timeout=WAIT_MS)
        target = page.frames[1]
        _ask(target, "Hur samverkar Bengtsfors och Mellerud?")
        target.locator("#chatbot blockquote.quote").first.wait_for(timeout=WAIT_MS)
        page.wait_for_timeout(500)
        inner = target.evaluate("document.documentElement.clientWidth")
        # the quotes use the conversation's width (at least 80 % of the frame)
        quote = target.locator("#chatbot blockquote.quote").first.bounding_box()
        assert quote["width"] >= 0.7 * inner, (quote, inner)
        # no word broken in the middle
        assert target.locator("#chatbot blockquote.quote").first.evaluate(
            "e => getComputedStyle(e).wordBreak") != "break-all"
        _checked(target, inner, f"framed chat {width}")
        page.screenshot(path=str(SHOTS / f"chat-framed-{width}.png"), full_page=True)
        assert not v.problems, v.problems
    finally:
        v.close()


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_reader_by_keyboard(site, browser, width):
    v = Page(browser, width)
    try:
        page = v.page
        page.goto(site["app"] + "/artiklar/004-vargarda-socialtjanst?start=1272&end=1329#citat")
        meta = page.locator("dl.meta").inner_text()
        assert "Kommun" in meta and "Datum" in meta and ".txt" not in meta and "Fil" not in meta
        page.get_by_role("button", name="Kopiera referens").focus()
        page.keyboard.press("Enter")
        page.get_by_role("status").filter(has_text="kopierad").wait_for(timeout=5000)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("”Energi och utveckling") and "127.0.0.1" not in copied
        _checked(page.main_frame, width, f"reader {width}")
        page.screenshot(path=str(SHOTS / f"reader-{width}.png"), full_page=True)
        # the links back, by keyboard
        page.get_by_role("link", name="Alla artiklar").first.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/artiklar$"))
        _checked(page.main_frame, width, f"corpus {width}")
        assert not v.problems, v.problems
    finally:
        v.close()


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_editors_pages_signed_in_by_a_local_link(site, browser, width):
    v = Page(browser, width)
    try:
        page = v.page
        code = new_link(site["settings"], "testaren")
        page.goto(f"{site['app']}{SIGN_IN_PATH}?kod={code}")
        page.wait_for_url(re.compile(r"/redaktion$"))
        assert page.get_by_role("heading", name="Redigera artiklarna").is_visible()
        assert page.locator(".file-button").inner_text() == "Välj filer"
        # "Ändra" opens by keyboard, and the form's fields are reachable
        summary = page.locator("details summary").first
        summary.focus()
        page.keyboard.press("Enter")
        assert page.locator("details[open] input[name=title]").first.is_visible()
        page.screenshot(path=str(SHOTS / f"editors-{width}.png"), full_page=True)
        remove = page.locator("button.remove").first
        assert remove.bounding_box()["x"] + remove.bounding_box()["width"] <= width
        _checked(page.main_frame, width, f"editors {width}")
        page.goto(f"{site['app']}/redaktion/saknas")
        page.screenshot(path=str(SHOTS / f"gaps-{width}.png"), full_page=True)
        _checked(page.main_frame, width, f"gaps {width}")
        assert not v.problems, v.problems
    finally:
        v.close()

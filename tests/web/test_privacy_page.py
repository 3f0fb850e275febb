"""The privacy notice: Swedish, from the settings the app runs with, and
linked from the chat (a real browser, the app under a sub-path)."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from served import Served
from test_browser import WAIT_MS, browser, visit  # noqa: F401  (fixtures)

from assistant.web.pages.privacy import privacy_html
from assistant.web.app import create_app


def test_notice_says_what_is_kept_how_long_and_who_reads_it(shipped):
    page = privacy_html(replace(shipped.settings, retention_days=30, client_address="off",
                                admin_groups=("Samverkan-admin",), gaps=True))
    assert 'lang="sv"' in page
    for words in ("Frågor som assistenten inte kan besvara sparas utan personuppgifter i 30 dagar "
                  "så att redaktionen ser vad artiklarna saknar",
                  "sparas frågan och svaret tillsammans med den i 30 dagar",
                  "Frågor med personuppgifter avvisas innan något sparas", "personnummer",
                  "Obesvarade frågor, återkoppling och granskningsloggen raderas automatiskt "
                  "efter 30 dagar", "Samverkan-admin",
                  "Din IP-adress sparas inte", "granskningsloggen",
                  "De obesvarade frågorna kan läsas av redaktörer och administratörer"):
        assert words in " ".join(page.split()), words
    assert "Dina frågor sparas inte" not in page  # untrue while declined questions are kept
    assert "90 dagar" in privacy_html(shipped.settings)  # the default


def test_notice_with_the_declined_questions_report_off(shipped):
    page = " ".join(privacy_html(replace(shipped.settings, retention_days=14, gaps=False)).split())
    assert "Dina frågor sparas inte, om du inte ger återkoppling." in page
    assert "också en fråga som assistenten inte kan besvara" in page
    assert "sparas frågan och svaret tillsammans med den i 14 dagar" in page
    assert "Återkoppling och granskningsloggen raderas automatiskt efter 14 dagar" in page
    assert "redaktionen ser vad artiklarna saknar" not in page
    assert "Obesvarade frågor" not in page and "obesvarade frågorna" not in page


def test_chat_links_to_the_notice_under_a_sub_path(shipped, tmp_path, visit):  # noqa: F811
    settings = replace(shipped.settings, root_path="/assistent",
                       feedback_db=tmp_path / "f.sqlite3", audit_db=tmp_path / "a.sqlite3")
    server = Served(create_app(shipped, settings), settings).start()
    try:
        visit.page.goto(f"{server.url}/assistent/?embed=1")
        link = visit.page.get_by_role("link", name="Så hanteras dina uppgifter")
        link.wait_for(timeout=WAIT_MS)
        assert link.is_visible()  # in embed mode too
        href = link.evaluate("a => a.href")
        assert urlsplit(href).path == "/assistent/integritet"
        visit.page.goto(href)
        assert visit.page.locator("h1").inner_text() == "Så hanteras dina uppgifter"
        assert "Frågor som assistenten inte kan besvara sparas" in visit.page.content()
    finally:
        server.stop()

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
                                admin_groups=("Samverkan-admin",)))
    assert 'lang="sv"' in page
    for words in ("Dina frågor sparas inte", "personnummer", "30 dagar", "Samverkan-admin",
                  "Din IP-adress sparas inte", "granskningsloggen"):
        assert words in page
    assert "90 dagar" in privacy_html(shipped.settings)  # the default


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
        assert "Dina frågor sparas inte" in visit.page.content()
    finally:
        server.stop()

"""The reader, the corpus page, the accessibility statement and
/api/articles, over HTTP against the real app (real model, real index)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from assistant.answering.citation import quote_key
from assistant.corpus.articles import load_corpus
from assistant.web.app import create_app
from assistant.answering.pipeline import Assistant, update_index
from assistant.web.chat.ui import reply_for
from conftest import CORPUS, write_article

QUESTIONS = ["Vem är socialchef i Vårgårda?", "Hur samverkar Bengtsfors och Mellerud?",
             "Hur arbetar hemtjänstgruppen Linden i Söderhamn?",
             "Vilka kommuner arbetar med tillitsbaserad styrning?",
             "Vem leder verksamheterna inom socialnämndens område?"]
HOSTILE = '<img src=x onerror=alert(1)> <script>alert("x")</script>'


@pytest.fixture(scope="module")
def client(shipped, tmp_path_factory):
    settings = replace(shipped.settings, feedback_db=tmp_path_factory.mktemp("fb") / "f.sqlite3")
    with TestClient(create_app(shipped, settings)) as c:
        yield c


def _mark(page: str) -> str:
    """The text inside the page's <mark> elements, unescaped, spaces folded."""
    marks = re.findall(r"<mark[^>]*>(.*?)</mark>", page, re.S)
    return " ".join(" ".join(html.unescape(m.replace("<br>", " ")).split()) for m in marks)


def test_every_passage_links_to_the_reader_at_its_quote(client):
    checked = 0
    for question in QUESTIONS:
        answer = client.post("/api/ask", json={"question": question, "k": 5}).json()
        for p in answer["passages"] + answer["nearest"]:
            # the link carries a fingerprint of the quote: the reader tells when it has changed
            assert p["url"] == (f"artiklar/{p['article']['id']}?start={p['start']}&end={p['end']}"
                                f"&q={quote_key(p['quote'])}#citat")
            page = client.get("/" + p["url"].split("#")[0])
            assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
            # the whole quote, and only it, is marked; the reader gives its metadata
            assert _mark(page.text) == " ".join(p["quote"].split())
            assert page.text.count('id="citat"') == 1
            assert html.escape(p["article"]["title"]) in page.text
            checked += 1
    assert checked >= 10


def test_api_articles_lists_the_corpus_and_returns_bodies_that_hold_the_quotes(client):
    listed = client.get("/api/articles").json()["articles"]
    assert [a["id"] for a in listed] == sorted(a.id for a in load_corpus(CORPUS).articles)
    assert set(listed[0]) >= {"id", "title", "municipality", "partners", "published", "updated",
                              "source", "url", "date_note"}
    bengtsfors = next(a for a in listed if a["municipality"] == "Bengtsfors")
    assert bengtsfors["partners"] == ["Mellerud"] and bengtsfors["updated"] == "2023-09-19"
    answer = client.post("/api/ask", json={"question": QUESTIONS[1]}).json()
    for p in answer["passages"]:
        article = client.get(f"/api/articles/{p['article']['id']}").json()
        assert article["body"][p["start"]:p["end"]] == p["quote"]
    missing = client.get("/api/articles/finns-inte")
    assert missing.status_code == 404 and "finns ingen artikel" in missing.json()["error"]


def test_shipped_articles_carry_their_sources_dates_or_say_there_are_none():
    articles = {a.id: a for a in load_corpus(CORPUS).articles}
    # as the source pages give them (../shared/seeds/)
    assert (articles["000-tranemo-ledningsgrupp-omsorg"].published,
            articles["000-tranemo-ledningsgrupp-omsorg"].updated) == ("2019-04-01", "2019-04-08")
    assert articles["001-bengtsfors-mellerud-samverkan"].updated == "2023-09-19"
    assert articles["003-soderhamn-hemtjanst-linden"].updated == "2017-11-13"
    for a in articles.values():
        assert a.date or (a.date_note and a.date_note.startswith("Källan anger inget")), a.id


def test_chat_sources_link_to_the_reader_and_say_no_datum_saknas(shipped):
    reply, _ = reply_for(shipped, "Vem är socialchef i Vårgårda?", [])
    links = re.findall(r'<a class="reader" href="([^"]+)"', reply)
    assert links[0].startswith("artiklar/004-vargarda-socialtjanst?start=")
    assert all(re.fullmatch(r"artiklar/[\w-]+\?start=\d+&amp;end=\d+&amp;q=[0-9a-f]{10}#citat", h)
               for h in links)
    assert "datum saknas" not in reply and "<code>" not in reply


def test_active_filters_are_named_in_the_answer(shipped):
    reply, _ = reply_for(shipped, "Vem är socialchef?", [], municipality="Vårgårda", year="Alla")
    assert reply.startswith('<p class="filter-note">Avgränsat till kommun Vårgårda.</p>')
    plain, _ = reply_for(shipped, "Vem är socialchef?", [], municipality="Alla", year="Alla")
    assert "Avgränsat" not in plain


def test_reader_says_when_the_span_is_not_in_the_article(client):
    for query in ("?start=10&end=5", "?start=0&end=99999999", "?start=x&end=3"):
        page = client.get("/artiklar/004-vargarda-socialtjanst" + query)
        assert page.status_code == 200 and "<mark" not in page.text
        assert "finns inte på den angivna platsen" in page.text
    whole = client.get("/artiklar/004-vargarda-socialtjanst")
    assert "<mark" not in whole.text and "angivna platsen" not in whole.text
    missing = client.get("/artiklar/finns-inte")
    assert missing.status_code == 404 and "Artikeln finns inte" in missing.text


def test_pages_are_swedish_self_contained_and_need_no_inline_script(client):
    for path in ("/artiklar", "/artiklar/000-tranemo-ledningsgrupp-omsorg?start=0&end=20",
                 "/tillganglighet"):
        page = client.get(path)
        assert page.status_code == 200 and '<html lang="sv">' in page.text
        assert "frame-ancestors" in page.headers["content-security-policy"]
        # scripts only from this app, no event handler attributes, nothing from elsewhere
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page.text) == []
        assert not re.search(r"\son[a-z]+\s*=", page.text)
        assert not re.search(r'(src|href)="(https?:)?//', page.text.replace(
            'href="https://www.digg.se/tdosanmalan"', ""))
    assert client.get("/sidor/sida.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/sidor/sida.css").headers["content-type"].startswith("text/css")


def test_corpus_page_lists_articles_by_municipality_and_year(client):
    page = client.get("/artiklar").text
    for place in ("Tranemo", "Bengtsfors", "Mellerud", "Söderhamn", "Vårgårda",
                  "Kommun anges inte"):
        assert f'<th scope="row">{place}</th>' in page
    for year in ("2017", "2019", "2023"):
        assert f"<td>{year}</td>" in page
    assert page.count('href="/artiklar/') == 6  # five articles, the joint one under both places
    assert "5 artiklarna, om\n5 kommuner, från 2017 till 2023" in page


def test_statement_is_a_swedish_accessibility_statement(client):
    page = client.get("/tillganglighet").text
    assert "<h1>Tillgänglighetsredogörelse</h1>" in page
    for words in ("WCAG 2.1", "Kända brister", "Digg", "axe-core"):
        assert words in page


def test_served_chat_page_is_swedish_and_previews_as_this_service(client):
    page = client.get("/").text
    assert re.search(r'<html\s+lang="sv"', page) and not re.search(r'<html\s+lang="en"', page)
    assert "og:image" not in page and "twitter:" not in page and "raw.githubusercontent" not in page
    assert '<meta property="og:title" content="Samverkansassistenten" />' in page
    assert "Click to try out" not in page and 'content="Gradio"' not in page
    # the chat links to the corpus page and the statement, relative to the app root
    config = json.dumps(client.get("/config").json(), ensure_ascii=False)
    assert 'href=\\"artiklar\\"' in config and 'href=\\"tillganglighet\\"' in config


def test_links_follow_the_sub_path(shipped, tmp_path):
    settings = replace(shipped.settings, root_path="/assistent", feedback_db=tmp_path / "f.sqlite3")
    with TestClient(create_app(shipped, settings)) as c:
        for prefix in ("/assistent", ""):  # the proxy passes the prefix on, or strips it
            page = c.get(f"{prefix}/artiklar/001-bengtsfors-mellerud-samverkan?start=0&end=30")
            assert page.status_code == 200 and "<mark" in page.text
            assert 'href="/assistent/artiklar"' in page.text
            assert 'href="/assistent/sidor/sida.css"' in page.text
            # the reference cites the source, not this page (issue 21)
            assert "/assistent/artiklar/001-bengtsfors-mellerud-samverkan?start=0" not in page.text
        corpus = c.get("/assistent/artiklar").text
        assert 'href="/assistent/artiklar/000-tranemo-ledningsgrupp-omsorg"' in corpus


def test_hostile_article_is_text_and_only_web_addresses_become_links(tmp_path, e5):
    (tmp_path / "corpus").mkdir()
    write_article(tmp_path / "corpus", "ond.md", "Ond <b>titel</b>",
                  f"Samverkan i Ondby sker varje vecka. {HOSTILE} Mer om samverkan.",
                  municipality="Ondby", source='"javascript:alert(1)"')
    write_article(tmp_path / "corpus", "web.md", "Samverkan på webben",
                  "Tranemo samverkar med Svenljunga om socialchefen.", municipality="Tranemo",
                  source='"https://www.tranemo.se/nyheter/samverkan?a=1&b=2"',
                  published="2020-02-02")
    from assistant.config import Settings

    settings = Settings.from_env(env={}, corpus_dir=tmp_path / "corpus",
                                 index_dir=tmp_path / "index", feedback_db=tmp_path / "f.sqlite3")
    update_index(settings, e5)
    assistant = Assistant(settings, e5)
    with TestClient(create_app(assistant, settings)) as c:
        page = c.get("/artiklar/ond").text
        assert "<b>titel" not in page and "<img" not in page and "<script>alert" not in page
        assert "&lt;b&gt;titel&lt;/b&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
        assert 'href="javascript' not in page
        web = c.get("/artiklar/web").text
        assert 'href="https://www.tranemo.se/nyheter/samverkan?a=1&amp;b=2"' in web
    reply, _ = reply_for(assistant, "Vem samverkar Tranemo med?", [])
    assert 'class="original" href="https://www.tranemo.se/nyheter/samverkan?a=1&amp;b=2"' in reply
    evil, _ = reply_for(assistant, "Hur ofta sker samverkan i Ondby?", [])
    ond = [line for line in evil.split("\n") if 'href="artiklar/ond?' in line]
    assert ond and all('class="original"' not in line for line in ond)
    assert 'href="javascript' not in evil

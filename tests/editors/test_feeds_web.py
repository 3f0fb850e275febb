"""Feeds, copies and refresh through the served app (uvicorn, the real model
and index on a copy of the corpus) and a local web site (tests/feed_site.py):
the API answers 409 naming the article a near-copy repeats and records the
new address with it; the reader lists those places and says when a quoted
text has changed; the editors' page watches a feed whose new items wait for
review. The site is on 127.0.0.1, allowed with fetch_allow as in
tests/editors/test_fetch_url.py."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from conftest import PROXY, project_settings
from feed_site import Site, article_text
from served import Served

from assistant.answering.pipeline import Assistant, update_index
from assistant.corpus.articles import Article
from assistant.web.app import create_app
from assistant.web.pages.reader import reader_body

EDITOR = {"X-Remote-User": "erik", "X-Remote-Groups": "Redaktion"}
READER = {"X-Remote-User": "anna"}
CHANGED_SENTENCE = "Trygghetslarmen i Sjöbacka besvaras numera av nattsköterskan Lovisa Strand."


@pytest.fixture(scope="module")
def site():
    site = Site(items=0).start()
    yield site
    site.stop()


@pytest.fixture(scope="module")
def app(tmp_path_factory, e5, site, shipped):
    root = tmp_path_factory.mktemp("feeds-web")
    settings = project_settings(root, index_from=shipped.settings.index_dir,
                                fetch_allow=("127.0.0.1/32",), feed_interval=0)
    update_index(settings, e5)
    served = Served(create_app(Assistant(settings, e5), settings), settings).start()
    yield served, settings
    served.stop()


def test_a_near_copy_is_409_naming_the_article_and_recorded_as_another_place(app, site):
    served, _ = app
    original = site.set_article(30)
    title, text = article_text(30)
    text[2] = text[2].replace(text[2].split()[5], "nämnden", 1)
    copy = site.set_article(30, text, frame="<p>Från Samverkan Sjuhärad.</p>",
                            path="/partner/30")  # another frame, a word changed
    with served.client(PROXY, headers=EDITOR) as client:
        r = client.post("/api/articles", json={"url": site.url(original)})
        assert r.status_code == 201, r.text
        article_id = r.json()["id"]
        r = client.post("/api/articles", json={"url": site.url(copy)})
        assert r.status_code == 409, r.text
        body = r.json()
        assert body["copy_of"] == article_id and article_id in body["error"]
        assert body["similarity"] >= 0.6
        r = client.post(f"/api/articles/{article_id}/places", json={"url": site.url(copy)})
        assert r.status_code == 200 and r.json()["also_published_at"] == [site.url(copy)]
        r = client.post(f"/api/articles/{article_id}/places", json={"url": "javascript:alert(1)"})
        assert r.status_code == 422 and "http" in r.json()["error"]
    with served.client(PROXY, headers=READER) as client:
        page = client.get(f"/artiklar/{article_id}").text
        assert "Publiceras också på" in page and f'href="{site.url(copy)}"' in page


def test_a_reader_link_to_a_changed_quote_says_so(app, site):
    served, settings = app
    path = site.set_article(31, [article_text(31)[1][0], "Trygghetslarmen i Sjöbacka besvaras "
                                 "av hemtjänstens nattpersonal under hela natten.",
                                 article_text(31)[1][2]])
    with served.client(PROXY, headers=EDITOR) as client:
        r = client.post("/api/articles", json={"url": site.url(path)})
        assert r.status_code == 201, r.text
        article_id = r.json()["id"]
        answer = client.post("/api/ask", json={"question": "Vem besvarar trygghetslarmen i "
                                                            "Sjöbacka?"}).json()
        link = next(p["url"] for p in answer["passages"] if p["article"]["id"] == article_id)
        assert "&q=" in link
        assert "har ändrats" not in client.get("/" + link).text
        title, text = article_text(31)
        site.set_article(31, [CHANGED_SENTENCE + " " + text[0], text[2]])
        r = client.post("/api/refresh")
        assert r.status_code == 200 and r.json()["changed"] == [article_id], r.text
        assert r.json()["embedded"] > 0
        page = client.get("/" + link).text
        assert "Texten som citerades har ändrats" in page
        assert "Lovisa Strand" in page  # the current text is shown


def test_the_editors_page_watches_a_feed_whose_items_wait_for_review(app, site):
    served, settings = app
    paths = [site.set_article(n) for n in (40, 41, 42)]
    feed = site.rss(paths, "/bevakad.xml")
    with served.client(PROXY, headers=EDITOR) as client:
        r = client.post("/redaktion/kallor", data={"action": "add", "url": feed})
        assert r.status_code == 303
        r = client.post("/redaktion/kallor", data={"action": "check"})
        assert r.status_code == 303 and "3 nya att granska" in unquote(r.headers["location"])
        page = client.get("/redaktion").text
        assert "Bevaka en källa" in page and feed in page
        assert all(site.url(p) in page for p in paths)
        assert len(client.get("/api/sources").json()["pending"]) == 3
        before = len(client.get("/api/articles").json()["articles"])
        r = client.post("/redaktion/kallor", data={"action": "publish",
                                                   "urls": [site.url(paths[0])]})
        assert "1 publicerade" in unquote(r.headers["location"])
        r = client.post("/redaktion/kallor", data={"action": "dismiss",
                                                   "urls": [site.url(paths[1])]})
        assert "1 artiklar avvisade" in unquote(r.headers["location"])
        articles = client.get("/api/articles").json()["articles"]
        assert len(articles) == before + 1
        assert site.url(paths[0]) in {a["source"] for a in articles}
        pending = client.get("/api/sources").json()["pending"]
        assert [p["url"] for p in pending] == [site.url(paths[2])]
        # checked again: the dismissed item does not come back, the waiting one stays once
        client.post("/redaktion/kallor", data={"action": "check"})
        assert [p["url"] for p in client.get("/api/sources").json()["pending"]] == \
            [site.url(paths[2])]
        # trusted: a new item is published at once
        client.post("/redaktion/kallor", data={"action": "trust", "url": feed})
        newest = site.set_article(43)
        site.rss(paths + [newest], "/bevakad.xml")
        r = client.post("/redaktion/kallor", data={"action": "check"})
        assert "1 nya artiklar publicerade" in unquote(r.headers["location"])
        assert site.url(newest) in {a["source"] for a in
                                    client.get("/api/articles").json()["articles"]}
        r = client.post("/redaktion/kallor", data={"action": "remove", "url": feed})
        assert client.get("/api/sources").json()["sources"] == []
        assert "Inga källor bevakas ännu" in client.get("/redaktion").text
    with served.client(PROXY, headers=READER) as client:  # not an editor
        assert client.post("/redaktion/kallor", data={"action": "check"}).status_code == 403
        assert client.get("/api/sources").status_code == 403


def test_a_form_from_another_site_is_refused(app, site):
    served, _ = app
    with served.client(PROXY, headers={**EDITOR, "Sec-Fetch-Site": "cross-site"}) as client:
        r = client.post("/redaktion/kallor", data={"action": "add", "url": site.url("/x.xml")})
        assert r.status_code == 403


def test_the_reader_links_only_web_addresses_of_other_places():
    """An article file's also_published_at is shown, but only http(s) ones as
    links: a hand-edited `javascript:` address must not become one."""
    a = Article(id="a", title="T", municipality=None, published=None, updated=None,
                source=None, path="corpus/a.md", body="Text här.", fingerprint="x",
                also_published_at=("javascript:alert(1)", "https://www.vargarda.se/nyhet"))
    html = reader_body(a, None, False, "http://app/artiklar/a", "")
    assert 'href="javascript' not in html and "javascript:alert(1)" in html
    assert re.search(r'href="https://www\.vargarda\.se/nyhet"', html)

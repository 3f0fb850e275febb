"""Feeds, near-copies and refresh against a real web site on 127.0.0.1
(tests/feed_site.py), with the real model and index on a copy of the corpus.

The safe fetch refuses loopback addresses; like tests/editors/test_fetch_url.py,
the settings allow 127.0.0.1/32 (ASSISTANT_FETCH_ALLOW) for this site."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import project_settings
from feed_site import Site, article_text

from assistant.answering.pipeline import Assistant, update_index
from assistant.corpus.articles import load_corpus
from assistant.editors.editing import Editor
from assistant.editors.feeds import import_feed, read_feed
from assistant.editors.places import add_place
from assistant.editors.refresh import refresh
from assistant.errors import FetchRefused
from assistant.index.stores import open_store

NEW_SENTENCE = ("Den nya nattpatrullen i hemtjänsten leds av samordnaren Ingrid Bergvall "
                "från och med februari.")
NEW_QUESTION = "Vem leder den nya nattpatrullen i hemtjänsten?"


@pytest.fixture(scope="module")
def site():
    site = Site(items=12).start()
    yield site
    site.stop()


@pytest.fixture(scope="module")
def project(tmp_path_factory, e5, site, shipped):
    root = tmp_path_factory.mktemp("feeds")
    settings = project_settings(root, index_from=shipped.settings.index_dir,
                                fetch_allow=("127.0.0.1/32",), fetch_timeout=3.0)
    update_index(settings, e5)
    editor = Editor.without_app(settings)
    editor.assistant._embedder = e5
    return editor, settings


def ids_from(site, editor) -> dict[str, str]:
    """Article id by the address it came from."""
    return {a.source: a.id for a in load_corpus(editor.corpus).articles if a.source}


def passages_of(settings, article_id: str) -> int:
    """Chunks and sentences the index holds for one article."""
    data = open_store(settings).load()
    pos = [a.id for a in data.articles].index(article_id)
    return int((data.chunk_article == pos).sum() + (data.sent_article == pos).sum())


def test_feed_import_adds_each_article_once_and_refresh_costs_one_request_each(project, site):
    editor, settings = project
    paths = [f"/nyheter/{n}" for n in range(4)]
    done = import_feed(editor, site.rss(paths))
    assert done.count("added") == 4 and not done.refused, (done.outcomes, done.refused)
    sources = ids_from(site, editor)
    assert all(site.url(p) in sources for p in paths)

    # the same feed again: nothing fetched but the feed, nothing added
    before = site.count()
    again = import_feed(editor, site.rss(paths))
    assert again.known == 4 and again.count("added") == 0 and site.count() == before

    # unchanged: one conditional request per article (304), nothing embedded
    before = len(site.requests)
    summary = refresh(editor, only=set(sources.values()))
    assert summary.checked == 4 and summary.unchanged == 4 and summary.embedded == 0
    assert summary.requests == 4 and len(site.requests) - before == 4
    assert all(conditional for _, conditional in site.requests[before:])
    assert "4 artiklar, 4 oförändrade" in summary.line()

    # one page changes: that article alone is re-embedded, keeps its id, and answers
    title, text = article_text(2)
    site.set_article(2, text[:1] + [NEW_SENTENCE] + text[1:])
    changed_id = sources[site.url("/nyheter/2")]
    summary = refresh(editor, only=set(sources.values()))
    assert summary.changed == [changed_id] and summary.unchanged == 3, summary
    assert summary.embedded == passages_of(settings, changed_id) > 0
    answer = Assistant(settings, editor.assistant.embedder).ask(NEW_QUESTION)
    assert answer.passages and answer.passages[0].article.id == changed_id
    assert "Ingrid Bergvall" in " ".join(p.quote for p in answer.passages)


def test_gone_pages_are_reported_and_kept(project, site):
    editor, settings = project
    paths = ["/nyheter/5", "/nyheter/6"]
    import_feed(editor, site.sitemap(paths, "/gone-sitemap.xml"))
    sources = ids_from(site, editor)
    site.pages["/nyheter/5"] = (404, "text/plain", b"borta")
    site.pages["/nyheter/6"] = (410, "text/plain", b"borttagen")
    summary = refresh(editor, only={sources[site.url(p)] for p in paths})
    assert sorted(summary.gone) == sorted([(sources[site.url(paths[0])], 404),
                                           (sources[site.url(paths[1])], 410)])
    kept = {a.id for a in load_corpus(editor.corpus).articles}
    assert {sources[site.url(p)] for p in paths} <= kept  # until an editor removes them
    assert "2 borta hos källan" in summary.line()


def test_a_near_copy_is_refused_naming_the_article_and_can_be_recorded(project, site):
    editor, settings = project
    import_feed(editor, site.atom(["/nyheter/7"], "/copy-atom.xml"))
    original = ids_from(site, editor)[site.url("/nyheter/7")]
    # the partner's site: the same text in another frame, one word changed
    title, text = article_text(7)
    text[1] = text[1].replace(text[1].split()[3], "samverkansnämnden", 1)
    copy = site.set_article(7, text, frame="<p>Publicerad av Samverkan Sjuhärad.</p>",
                            path="/partner/7")
    done = import_feed(editor, site.rss([copy], "/partner.xml"))
    [(_, outcome)] = done.outcomes
    assert outcome.status == "duplicate" and outcome.copy_of == original
    assert 0.6 <= outcome.similarity < 1.0
    assert site.url(copy) not in ids_from(site, editor)

    article = add_place(editor, original, site.url(copy))
    assert article.also_published_at == (site.url(copy),)
    assert article.body == next(a for a in load_corpus(editor.corpus).articles
                                if a.id == original).body
    # the copy's address now counts as known: a feed listing it fetches nothing
    before = site.count("/partner/")
    assert import_feed(editor, site.rss([copy], "/partner.xml")).known == 1
    assert site.count("/partner/") == before


def test_feed_formats_and_bounds(project, site):
    editor, settings = project
    paths = [f"/nyheter/{n}" for n in range(500)]
    listing = read_feed(site.rss(paths, "/big.xml"), settings)
    assert listing.kind == "rss" and len(listing.items) == 500 and not listing.truncated
    bounded = read_feed(site.url("/big.xml"), replace(settings, feed_items=120))
    assert len(bounded.items) == 120 and bounded.truncated
    index = site.sitemap_index([site.sitemap(paths[:300], "/s1.xml"),
                                site.sitemap(paths[300:], "/s2.xml")])
    assert len(read_feed(index, settings).items) == 500
    site.redirects["/flyttat.xml"] = "/big.xml"
    assert len(read_feed(site.url("/flyttat.xml"), settings).items) == 500


@pytest.mark.parametrize("body, message", [
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;">'
     b'<!ENTITY c "&b;&b;&b;&b;&b;">]><rss><channel><item><link>&c;</link></item></channel>'
     b'</rss>', "dokumenttyp eller entiteter"),
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b'<rss><channel><item><link>&x;</link></item></channel></rss>', "dokumenttyp"),
    (b"<rss><channel><item>", "inte giltig XML"),
    (b"<html><body>hej</body></html>", "inte ett RSS- eller Atom-flöde"),
])
def test_hostile_or_broken_feeds_are_refused_in_swedish(project, site, body, message):
    """No entities (a billion laughs), no external files, no other XML."""
    editor, settings = project
    site.pages["/farlig.xml"] = (200, "application/xml", body)
    with pytest.raises(FetchRefused, match=message):
        read_feed(site.url("/farlig.xml"), settings)


def test_huge_slow_and_wrong_type_feeds_are_refused(project, site):
    editor, settings = project
    site.pages["/enorm.xml"] = (200, "application/xml", b"<urlset>" + b" " * 3_000_000)
    with pytest.raises(FetchRefused, match="för stor"):
        read_feed(site.url("/enorm.xml"), settings)
    site.pages["/seg.xml"] = (200, "application/xml", b"<urlset>" + b" " * 200 + b"</urlset>")
    site.slow.add("/seg.xml")
    with pytest.raises(FetchRefused, match="svarade inte färdigt inom 1 sekund"):
        read_feed(site.url("/seg.xml"), replace(settings, fetch_timeout=1.0))
    with pytest.raises(FetchRefused, match="inte ett RSS- eller Atom-flöde"):
        read_feed(site.url("/nyheter/0"), settings)  # an HTML page
    with pytest.raises(FetchRefused, match="intern adress"):  # not allowed: refused
        read_feed(site.url("/big.xml"), replace(settings, fetch_allow=()))


def test_an_item_behind_a_redirect_is_known_by_both_addresses(project, site):
    editor, settings = project
    site.set_article(8)
    site.redirects["/gammal/8"] = "/nyheter/8"
    done = import_feed(editor, site.rss(["/gammal/8"], "/redirect.xml"))
    assert done.count("added") == 1
    [(_, outcome)] = done.outcomes
    assert outcome.article.source == site.url("/nyheter/8")  # where it was found
    before = len(site.requests)
    again = import_feed(editor, site.rss(["/gammal/8"], "/redirect.xml"))
    assert again.known == 1 and [p for p, _ in site.requests[before:]] == ["/redirect.xml"]


def test_the_schedule_checks_watched_sources(project, site):
    """ASSISTANT_FEED_INTERVAL hours between rounds (here a second); off at 0."""
    import time

    from assistant.editors.watch import Watched
    from assistant.governance.audit import Actor
    from assistant.web.schedule import start_schedule

    editor, settings = project
    assert start_schedule(editor, replace(settings, feed_interval=0)) is None
    feed = site.rss([site.set_article(9)], "/schema.xml")
    Watched(editor.corpus).add_source(feed, Actor("erik"))
    stop = start_schedule(editor, replace(settings, feed_interval=1 / 3600))
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            pending = [p.url for p in Watched(editor.corpus).pending()]
            if pending:
                break
            time.sleep(0.5)
    finally:
        stop.set()
    assert pending == [site.url("/nyheter/9")]
    [source] = [s for s in Watched(editor.corpus).sources() if s.url == feed]
    assert source.last_checked and "1 nya att granska" in source.last_result

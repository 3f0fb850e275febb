""""Spara svaret" and "Kopiera svaret": the answer the chat shows, sent back,
checked against the articles, returned as a Word document or text. The
real app (TestClient), the real model and index of the shipped corpus."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import docx
import pytest
from fastapi.testclient import TestClient

from assistant.answering.render import answer_html
from assistant.answering.saved import from_request
from assistant.corpus.articles import Article
from assistant.web.app import create_app
from assistant.web.limits import RateLimit

QUESTION = "Hur samverkar Bengtsfors och Mellerud?"


@pytest.fixture(scope="module")
def settings(shipped, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("saved")
    return replace(shipped.settings, feedback_db=tmp / "feedback.sqlite3",
                   audit_db=tmp / "audit.sqlite3", gradio_cache=tmp / "cache")


@pytest.fixture(scope="module")
def client(shipped, settings):
    with TestClient(create_app(shipped, settings, limit=RateLimit(burst=10_000))) as c:
        yield c


@pytest.fixture(scope="module")
def shown(shipped):
    """The answer as the chat shows it, and what the page sends back for it:
    the quotes with their white space folded, as they are on screen."""
    answer = shipped.ask(QUESTION)
    assert answer.passages and not answer.no_answer
    html = answer_html(answer)
    quotes = [{"article": p.article.id, "start": p.start, "end": p.end,
               "text": " ".join(p.quote.split())} for p in answer.passages]
    for q in quotes:  # what the page reads is in the page
        assert f"start={q['start']}&amp;end={q['end']}" in html
    return answer, {"question": QUESTION, "quotes": quotes}


def test_document_holds_each_quote_verbatim_with_its_reference(client, shown, shipped):
    answer, body = shown
    r = client.post("/api/answer/document", json=body)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in r.headers["content-disposition"]
    assert r.headers["cache-control"] == "no-store"
    doc = docx.Document(io.BytesIO(r.content))
    paragraphs = [p.text for p in doc.paragraphs]
    assert any(QUESTION in p for p in paragraphs)
    for p in answer.passages:
        article = p.article
        verbatim = article.body[p.start:p.end]
        # byte-identical to the article's text, as its own paragraph
        assert verbatim.encode("utf-8") in [t.encode("utf-8") for t in paragraphs]
        i = paragraphs.index(verbatim)
        reference = "\n".join(paragraphs[i + 1:i + 7])
        assert f"Artikel: {article.title}" in reference
        assert f"Kommun: {article.municipality}" in reference
        assert "Datum: " in reference and "Hämtad: 20" in reference
        assert (f"artiklar/{article.id}?start={p.start}&end={p.end}" in reference)
        assert reference.count("http://") == 1  # a link that works outside the app


def test_text_is_the_same_content(client, shown):
    answer, body = shown
    r = client.post("/api/answer/text", json=body)
    assert r.status_code == 200
    text = r.json()["text"]
    assert f"Fråga: {QUESTION}" in text
    for p in answer.passages:
        assert f"”{p.article.body[p.start:p.end]}”" in text
        assert f"Artikel: {p.article.title}" in text


def test_source_address_is_cited_when_the_article_has_one():
    body = "Första meningen om samverkan. Andra meningen."
    article = Article(id="a1", title="Samverkan i X", municipality="Tranemo", published="2024-05-02",
                      updated=None, source="https://www.tranemo.se/nyheter/samverkan",
                      path="corpus/a1.md", body=body, fingerprint="f")
    saved = from_request({"question": "Hur samverkar Tranemo?", "quotes": [
        {"article": "a1", "start": 0, "end": 29, "text": "Första  meningen om\nsamverkan."}]},
        (article,), root="https://intra.kommun.se/samverkan", today=dt.date(2026, 12, 2))
    assert saved.quotes[0].text == "Första meningen om samverkan."
    assert saved.text().splitlines()[-6:] == [
        "Artikel: Samverkan i X", "Kommun: Tranemo", "Datum: publicerad 2024-05-02",
        "Källans webbadress: https://www.tranemo.se/nyheter/samverkan", "Hämtad: 2026-12-02",
        "Läs i sitt sammanhang: https://intra.kommun.se/samverkan/artiklar/a1?start=0&end=29#citat"]


@pytest.mark.parametrize("change", [
    lambda q: {**q, "text": "Inte " + q["text"]},                       # a forged quote
    lambda q: {**q, "text": q["text"][:-12]},                            # a shortened one
    lambda q: {**q, "start": q["start"] + 1},                           # another span
    lambda q: {**q, "end": 10**9},                                       # outside the article
    lambda q: {**q, "article": "finns-inte"},                            # no such article
    lambda q: {**q, "start": "0"},                                       # not a number
])
def test_a_quote_not_in_its_article_is_refused(client, shown, change):
    _, body = shown
    forged = {**body, "quotes": [change(body["quotes"][0])] + body["quotes"][1:]}
    for path in ("/api/answer/document", "/api/answer/text"):
        r = client.post(path, json=forged)
        assert r.status_code == 422, r.text
        assert "Citat 1" in r.json()["error"] or "kunde inte läsas" in r.json()["error"]


def test_personal_data_outside_the_quotes_is_refused(client, shown):
    _, body = shown
    r = client.post("/api/answer/document",
                    json={**body, "question": "Hur gick det för 19121212-1212 i Bengtsfors?"})
    assert r.status_code == 422
    assert "personuppgifter" in r.json()["error"] and "1212" not in r.text


@pytest.mark.parametrize("body", [None, [], {"question": "x"}, {"question": "x", "quotes": []},
                                  {"question": "", "quotes": [{}]},
                                  {"question": "x", "quotes": [{}] * 11}])
def test_bad_requests_get_swedish_errors(client, body):
    r = client.post("/api/answer/document", json=body)
    assert r.status_code in (400, 422)
    assert r.json()["error"].strip()
    r = client.post("/api/answer/document", content=b"{not json")
    assert r.status_code == 400 and "Svaret kunde inte läsas" in r.json()["error"]


def test_nothing_is_stored_and_nothing_can_be_fetched(client, shown, settings):
    _, body = shown
    before = sorted(p for p in settings.gradio_cache.rglob("*") if p.is_file())
    r = client.post("/api/answer/document", json=body)
    assert r.status_code == 200
    after = sorted(p for p in settings.gradio_cache.rglob("*") if p.is_file())
    assert after == before  # only the cache's own mark, no document
    assert not [p for p in after if p.suffix == ".docx"]
    # Gradio's file and upload routes stay refused: no docx anywhere can be read
    for path in ("/gradio_api/file=/tmp/gradio/x.docx", "/gradio_api/file/x.docx",
                 "/file=/tmp/x.docx", "/static/x.docx"):
        assert client.get(path).status_code == 404, path
    assert client.post("/gradio_api/upload", files={"files": ("a.docx", b"x")}).status_code in (
        404, 405)
    # and the document route answers POST only
    assert client.get("/api/answer/document").status_code in (404, 405)

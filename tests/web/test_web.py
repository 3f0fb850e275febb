"""The real Gradio handler and the FastAPI app around it."""

import pytest
from fastapi.testclient import TestClient

from assistant.web.app import create_app
from assistant.answering.pipeline import Assistant, update_index
from assistant.web.chat.ui import filter_choices, make_respond
from conftest import write_article

HOSTILE = '<img src=x onerror=alert(1)> <script>alert("x")</script> **fet** [länk](http://evil)'


def test_chat_answer_shows_block_quotes_with_sources(shipped):
    reply = make_respond(shipped)("Vem är socialchef i Vårgårda?", [])
    assert reply.count('<blockquote class="quote">') >= 1
    assert "Ann-Charlotte Lilja" in reply and "Källa:" in reply and "Vårgårda" in reply


def test_chat_declines_in_plain_swedish(shipped):
    reply = make_respond(shipped)("Vem är socialchef i Borås?", [])
    assert "Jag hittar inget" in reply and "Närmaste träffar" in reply


def test_chat_blank_question_gets_a_prompt(shipped):
    assert "Skriv en fråga" in make_respond(shipped)("   ", [])


def test_hostile_article_and_question_are_escaped(small_project, e5):
    write_article(small_project.corpus_dir, "evil.md", "Ond <b>titel</b>",
                  f"Samverkan i socialtjänsten. {HOSTILE} Mer om samverkan.", municipality="Tranemo")
    update_index(small_project, e5)
    assistant = Assistant(small_project, e5)
    reply = make_respond(assistant)(f"samverkan {HOSTILE}", [])
    assert "<img" not in reply and "<script" not in reply and "<b>" not in reply
    assert "&lt;img src=x onerror=alert&#40;1&#41;&gt;" in reply
    assert "**" not in reply  # markdown is neutralised too


@pytest.fixture(scope="module")
def client(shipped):
    with TestClient(create_app(shipped, shipped.settings)) as c:
        yield c


def test_health_and_page(client):
    health = client.get("/healthz").json()
    assert health["index_loaded"] is True and health["articles"] == 5 and health["chunks"] > 0
    assert health["model"] == "intfloat/multilingual-e5-small"
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.text
    assert "fonts.googleapis" not in page.text


def test_filter_menus_offer_a_municipality_added_while_running(small_project, e5):
    write_article(small_project.corpus_dir, "tranemo.md", "Omsorg i Tranemo",
                  "Tranemo har en ny ledningsgrupp.", municipality="Tranemo", published="2020-01-01")
    update_index(small_project, e5)
    assistant = Assistant(small_project, e5)
    places, years = filter_choices(assistant)
    assert places[0] == "Alla" and "Nyby" not in places
    write_article(small_project.corpus_dir, "nyby.md", "Samverkan i Nyby",
                  "Nyby har en gemensam ledningsgrupp för omsorgen.", municipality="Nyby",
                  published="2031-05-01")
    update_index(small_project, e5)
    assistant.RELOAD_CHECK_SECONDS = 0
    places, years = filter_choices(assistant)
    assert "Nyby" in places and "2031" in years

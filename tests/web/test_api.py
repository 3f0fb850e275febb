"""The JSON API, headers on every response, the bounded queue and feedback,
through the real app (real model, real index) with FastAPI's test client."""

from __future__ import annotations

import argparse
import io
import json
import re
import threading
from dataclasses import replace
from html.parser import HTMLParser
from urllib.parse import urlsplit

import gradio as gr
import pytest
from fastapi.testclient import TestClient

from assistant.config import Settings
from assistant.answering.contract import answer_json
from assistant.errors import AssistantError
from assistant.answering.evaluation import evaluate, read_questions
from assistant.web.limits import RateLimit
from assistant.governance.feedback import FeedbackStore, ForgedAnswer, export_jsonl, register_cli
from assistant.answering.render import answer_html, escape
from assistant.web.app import create_app, frame_ancestors, root_path
from assistant.web.chat.ui import AnswerMemory, make_feedback

QUESTION = "Vem är socialchef i Vårgårda?"
ANCESTORS = "'self' https://intranet.kommun.se"


@pytest.fixture(scope="module")
def settings(shipped, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fb")
    return replace(shipped.settings, frame_ancestors=ANCESTORS, feedback_db=tmp / "feedback.sqlite3",
                   public_hosts="testserver intranet.kommun.se", gradio_cache=tmp / "cache")


@pytest.fixture(scope="module")
def client(shipped, settings):
    with TestClient(create_app(shipped, settings, limit=RateLimit(burst=10_000))) as c:
        yield c


def test_feedback_rate_is_capped_per_client(shipped, settings):
    with TestClient(create_app(shipped, settings)) as c:
        answer = c.post("/api/ask", json={"question": QUESTION}).json()
        codes = [c.post("/api/feedback", json={"answer": answer, "verdict": "helpful"}).status_code
                 for _ in range(15)]
    assert codes[:10] == [201] * 10 and set(codes[10:]) == {429}


def test_ask_returns_the_cli_json_object(client, shipped):
    r = client.post("/api/ask", json={"question": QUESTION})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert len(body.pop("answer_id")) == 64  # added field: the id feedback needs
    assert body == answer_json(shipped.ask(QUESTION))
    assert any("Ann-Charlotte Lilja" in p["quote"] for p in r.json()["passages"])


def test_ask_passes_k_municipality_and_year(client, shipped):
    body = {"question": "Hur samverkar kommunerna?", "k": 1, "municipality": "Tranemo",
            "year": 2019}
    r = client.post("/api/ask", json=body)
    assert r.status_code == 200
    assert {k: v for k, v in r.json().items() if k != "answer_id"} == answer_json(
        shipped.ask(body["question"], k=1, municipality="Tranemo", year=2019))
    shown = r.json()["passages"] or r.json()["nearest"]
    assert len(r.json()["passages"]) <= 1
    assert all(p["article"]["municipality"] == "Tranemo" for p in shown)


def test_question_is_cleaned_and_html_stays_data(client):
    r = client.post("/api/ask", json={"question": "Vem\x00 är\x1b socialchef <script>x</script>i Vårgårda?"})
    assert r.status_code == 200
    question = r.json()["question"]
    assert "\x00" not in question and "\x1b" not in question
    assert "<script>x</script>" in question  # JSON carries it as text; escaping is the UI's job


@pytest.mark.parametrize("body, status, words", [
    ({}, 422, "'question' saknas"),
    ({"question": None}, 422, "'question' måste vara text"),
    ({"question": 42}, 422, "'question' måste vara text"),
    ({"question": ["a"]}, 422, "'question' måste vara text"),
    ({"question": QUESTION, "k": "tre"}, 422, "'k' måste vara ett heltal"),
    ({"question": QUESTION, "k": 2.5}, 422, "'k' måste vara ett heltal"),
    ({"question": QUESTION, "k": 0}, 422, "'k' måste vara minst 1"),
    ({"question": QUESTION, "k": 11}, 422, "'k' måste vara högst 10"),
    ({"question": QUESTION, "year": 1066}, 422, "Året måste vara ett årtal"),
    ({"question": QUESTION, "municipality": 5}, 422, "'municipality' måste vara text"),
    ({"question": QUESTION, "kommun": "Tranemo"}, 422, "Okänt fält 'kommun'"),
    ({"question": "   "}, 422, "Skriv en fråga"),
    ({"question": "\x00\x01"}, 422, "Skriv en fråga"),
    ({"question": "å" * 1001}, 422, "för lång (1001 tecken, högst 1000)"),
    ([QUESTION], 422, "JSON-objekt"),
    (QUESTION, 422, "JSON-objekt"),
])
def test_bad_requests_get_a_swedish_4xx(client, body, status, words):
    r = client.post("/api/ask", json=body)
    assert r.status_code == status, r.text
    assert words in r.json()["error"]


@pytest.mark.parametrize("content, content_type, status, words", [
    (b'{"question": "Vem', "application/json", 400, "inte giltig JSON"),
    (b"\xff\xfe\x00", "application/json", 400, "inte giltig JSON"),
    (b"", "application/json", 422, "saknar innehåll"),
    (b"question=hej", "application/x-www-form-urlencoded", 422, "JSON-objekt"),
    (b'{"question": "' + b"a" * 70_000 + b'"}', "application/json", 413, "för stor"),
])
def test_malformed_bodies_get_a_swedish_4xx(client, content, content_type, status, words):
    r = client.post("/api/ask", content=content, headers={"Content-Type": content_type})
    assert r.status_code == status, r.text
    assert words in r.json()["error"]


def _chunks(body: bytes, size: int = 4096):
    for at in range(0, len(body), size):
        yield body[at:at + size]


def test_body_sent_in_chunks_is_capped_too(client):
    big = b'{"question": "' + b"a" * 70_000 + b'"}'
    r = client.post("/api/ask", content=_chunks(big), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "för stor" in r.json()["error"]
    small = json.dumps({"question": QUESTION}).encode()
    r = client.post("/api/ask", content=_chunks(small, 8), headers={"Content-Type": "application/json"})
    assert r.status_code == 200 and "Ann-Charlotte Lilja" in r.json()["passages"][0]["quote"]


def test_wrong_method_and_unknown_api_path(client):
    r = client.get("/api/ask")
    assert r.status_code == 405 and "POST" in r.json()["error"]
    r = client.post("/api/fraga", json={"question": QUESTION})
    assert r.status_code == 404 and "/docs" in r.json()["error"]


def test_healthz_reports_index_model_and_queue(client):
    h = client.get("/healthz").json()
    assert h["index_loaded"] is True and h["articles"] == 5 and h["chunks"] > 0
    assert h["model"] == "intfloat/multilingual-e5-small"
    assert h["queue"]["capacity"] == 2 + 64


def test_docs_are_served_without_outside_resources(client):
    schema = client.get("/openapi.json").json()
    assert {"/api/ask", "/api/feedback", "/healthz"} <= set(schema["paths"])
    statuses = schema["paths"]["/api/ask"]["post"]["responses"]  # in Swedish (web/errors.documented)
    assert statuses["503"]["description"].startswith("Kön är full")
    assert schema["paths"]["/api/audit"]["get"]["responses"]["403"]["description"] == "Inte admin"
    page = client.get("/docs")
    assert page.status_code == 200 and "POST /api/ask" in page.text
    hosts = {urlsplit(u).hostname for u in re.findall(r"https?://[^\s\"'<>)]+", page.text)}
    assert hosts <= {"127.0.0.1"}  # only the curl example
    assert "<script" not in page.text


CHECKED_PATHS = ["/", "/?embed=1", "/healthz", "/docs", "/openapi.json", "/config",
                 "/gradio_api/info", "/theme.css", "/no/such/page"]


@pytest.mark.parametrize("path", CHECKED_PATHS)
def test_every_response_carries_the_frame_policy(client, path):
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert f"frame-ancestors {ANCESTORS};" in csp
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp
    assert "x-frame-options" not in r.headers
    assert "set-cookie" not in r.headers  # nothing for a browser to block as third-party


def test_errors_and_assets_carry_the_frame_policy_too(client):
    responses = [client.post("/api/ask", json={}),
                 client.post("/api/ask", content=b"x" * 70_000)]
    page = client.get("/").text
    responses += [client.get(urlsplit(u).path) for u in _resources(page) if "assets/" in u][:3]
    assert len(responses) >= 3
    for r in responses:
        assert f"frame-ancestors {ANCESTORS};" in r.headers["content-security-policy"]
        assert "x-frame-options" not in r.headers


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"])


def _resources(page: str) -> list[str]:
    parser = _Resources()
    parser.feed(page)
    return parser.urls


def test_page_loads_nothing_from_other_hosts(client):
    page = client.get("/").text
    urls = _resources(page)
    assert any("assets/" in u for u in urls)
    assert all(urlsplit(u).hostname in (None, "testserver") for u in urls), urls
    assert "fonts.googleapis" not in page and "cdn." not in page
    css = client.get("/theme.css").text
    assert not re.search(r"url\(\s*['\"]?https?://", css) and "@import" not in css
    assert '"analytics_enabled":false' in page.replace(" ", "")


def test_settings_from_environment():
    s = Settings.from_env(env={"ASSISTANT_FRAME_ANCESTORS": " 'self'  https://a.se ",
                               "ASSISTANT_ROOT_PATH": "/assistent/", "ASSISTANT_WORKERS": "1",
                               "ASSISTANT_QUEUE_SIZE": "5", "ASSISTANT_QUEUE_TIMEOUT": "2.5",
                               "ASSISTANT_FEEDBACK_DB": "/tmp/x.sqlite3"})
    assert s.frame_ancestors == "'self' https://a.se" and s.root_path == "/assistent/"
    assert (s.workers, s.queue_size, s.queue_timeout) == (1, 5, 2.5)
    assert str(s.feedback_db) == "/tmp/x.sqlite3"
    assert Settings.from_env(env={}).frame_ancestors == "'self'"
    assert root_path("/assistent/") == "/assistent" and root_path("") == ""


@pytest.mark.parametrize("value", ["https://a.se; script-src *", "https://a.se,https://b.se",
                                   "'none' https://a.se", "javascript:alert(1) x y'"])
def test_bad_frame_ancestors_are_refused(value):
    with pytest.raises(AssistantError, match="ASSISTANT_FRAME_ANCESTORS"):
        frame_ancestors(value)


def test_good_frame_ancestors_pass():
    value = "'self' https://intranet.kommun.se https://*.kommun.se:8443 http://10.0.0.5"
    assert frame_ancestors(value) == value
    with pytest.raises(AssistantError, match="ASSISTANT_ROOT_PATH"):
        root_path("assistent")


def test_root_path_behind_a_prefix_stripping_or_keeping_proxy(shipped, settings):
    app = create_app(shipped, replace(settings, root_path="/assistent"))
    with TestClient(app) as c:
        for path in ("/healthz", "/assistent/healthz"):
            assert c.get(path).json()["index_loaded"] is True
        assert c.post("/api/ask", json={"question": QUESTION}).status_code == 200
        assert c.get("/config").json()["root"] == "http://testserver/assistent"
        proxied = c.get("/config", headers={"X-Forwarded-Host": "intranet.kommun.se",
                                            "X-Forwarded-Proto": "https"})
        assert proxied.json()["root"] == "https://intranet.kommun.se/assistent"
        assert "/assistent/" in c.get("/").text


def _hold_the_gate(c, gate) -> threading.Event:
    """Occupy every worker of the app's queue until the event is set."""
    release = threading.Event()
    for _ in range(gate.workers):
        c.portal.start_task_soon(gate.run, release.wait)
    c.portal.call(_until, lambda: gate.admitted >= gate.workers)
    return release


async def _until(condition):
    import anyio

    with anyio.fail_after(10):
        while not condition():
            await anyio.sleep(0.01)


def test_full_queue_answers_try_again_later_at_once(shipped, settings):
    app = create_app(shipped, replace(settings, workers=1, queue_size=0))
    with TestClient(app) as c:
        release = _hold_the_gate(c, app.state.gate)
        try:
            r = c.post("/api/ask", json={"question": QUESTION})
            assert r.status_code == 503 and "Försök igen om en stund" in r.json()["error"]
            assert int(r.headers["retry-after"]) > 0
            assert c.get("/healthz").status_code == 200  # health stays outside the queue
            # the chat shares the queue and says the same in Swedish
            event = c.post("/gradio_api/call/ask", json={"data": [QUESTION, "Alla", "Alla"]})
            stream = c.get(f"/gradio_api/call/ask/{event.json()['event_id']}").text
            kind, data = stream.split("\n")[:2]
            assert kind == "event: error"
            assert "Försök igen om en stund" in json.loads(data[len("data: "):])["error"]
        finally:
            release.set()
        # the held task must have left the gate before the next question (this
        # raced before: the POST could come first and get a 503)
        c.portal.call(_until, lambda: app.state.gate.admitted == 0)
        assert c.post("/api/ask", json={"question": QUESTION}).status_code == 200


def test_waiting_too_long_answers_try_again_later(shipped, settings):
    app = create_app(shipped, replace(settings, workers=1, queue_size=5, queue_timeout=0.3))
    with TestClient(app) as c:
        release = _hold_the_gate(c, app.state.gate)
        try:
            r = c.post("/api/ask", json={"question": QUESTION})
            assert r.status_code == 503 and "Försök igen om en stund" in r.json()["error"]
        finally:
            release.set()


def test_api_feedback_is_stored_and_exports_as_evaluation_questions(client, settings, shipped,
                                                                    tmp_path):
    answer = client.post("/api/ask", json={"question": QUESTION}).json()
    r = client.post("/api/feedback", json={"answer": answer, "verdict": "helpful"})
    assert r.status_code == 201
    other = client.post("/api/ask", json={"question": "Hur arbetar hemtjänstgruppen Linden?"}).json()
    assert client.post("/api/feedback", json={"answer": other, "verdict": "wrong_quote",
                                              "quote": 1}).status_code == 201
    out = tmp_path / "feedback.jsonl"
    assert export_jsonl(settings.feedback_db, out) == 1
    line = json.loads(out.read_text("utf-8"))
    assert line["question"] == QUESTION and line["kind"] == "feedback"
    assert line["gold"] == [{"article": p["article"]["id"], "quote": p["quote"]}
                            for p in answer["passages"]]
    # it extends the evaluation set as it is: `assistant eval` reads and scores it
    result = evaluate(shipped, read_questions(out))
    assert result["metrics"]["feedback"]["hit@3"] == 1.0


@pytest.mark.parametrize("change, words", [
    (lambda a: a["passages"][0].update(quote="Det här står inte i artikeln."), "känns inte igen"),
    (lambda a: a["passages"][0]["article"].update(id="finns-inte"), "känns inte igen"),
    (lambda a: a["passages"][0].update(start=a["passages"][0]["start"] + 1), "känns inte igen"),
    (lambda a: a["passages"][0].update(end="slutet"), "'answer.passages.0.end' måste vara ett heltal"),
    (lambda a: a.pop("question"), "'answer.question' saknas"),
    # a real passage paired with another question
    (lambda a: a.update(question="Vem är VD för Volvo?"), "känns inte igen"),
    (lambda a: a.pop("answer_id"), "känns inte igen"),
    (lambda a: a.update(answer_id="0" * 64), "känns inte igen"),
    (lambda a: a["passages"][:1][0].update(quote="a", start=0, end=1), "känns inte igen"),
    (lambda a: a["passages"][0].update(quote="", start=0, end=0), "känns inte igen"),
])
def test_feedback_on_a_changed_answer_is_refused(client, change, words):
    answer = client.post("/api/ask", json={"question": QUESTION}).json()
    change(answer)
    r = client.post("/api/feedback", json={"answer": answer, "verdict": "helpful"})
    assert r.status_code == 422 and words in r.json()["error"]


def test_feedback_without_offsets_is_refused(client):
    answer = client.post("/api/ask", json={"question": QUESTION}).json()
    for p in answer["passages"]:
        del p["start"], p["end"]
    r = client.post("/api/feedback", json={"answer": answer, "verdict": "helpful"})
    assert r.status_code == 422 and "'answer.passages.0.start' saknas" in r.json()["error"]


def test_feedback_extra_fields_are_not_stored_and_size_is_capped(client, settings):
    answer = client.post("/api/ask", json={"question": QUESTION}).json()
    answer["passages"][0]["junk"] = "x" * 5000
    assert client.post("/api/feedback", json={"answer": answer, "verdict": "helpful"}
                       ).status_code == 201
    stored = FeedbackStore(settings.feedback_db).rows()[-1]
    assert "junk" not in json.dumps(stored)
    answer["passages"][0]["junk"] = "x" * 60_000
    r = client.post("/api/feedback", json={"answer": answer, "verdict": "helpful"})
    assert r.status_code == 413 and "för stor" in r.json()["error"]


def test_feedback_request_errors(client):
    answer = client.post("/api/ask", json={"question": QUESTION}).json()
    r = client.post("/api/feedback", json={"answer": answer, "verdict": "bra"})
    assert r.status_code == 422 and "'verdict' måste vara ett av" in r.json()["error"]
    assert "'not_helpful' eller 'wrong_quote'" in r.json()["error"] and " or " not in r.text
    r = client.post("/api/feedback", json={"answer": answer, "verdict": "wrong_quote", "quote": 9})
    assert r.status_code == 422 and "inget citat nummer 9" in r.json()["error"]


def _answer(question, quotes, no_answer=False):
    ps = [{"quote": q, "start": 0, "end": len(q), "score": 1.0, "chunk": f"{a}#0",
           "article": {"id": a, "title": "T", "municipality": None}} for a, q in quotes]
    return {"question": question, "no_answer": no_answer, "passages": [] if no_answer else ps,
            "nearest": ps if no_answer else [], "reason": None, "interpreted_as": None}


def _signed(store, answer, *args, **kwargs):
    return store.record(answer, *args, answer_id=store.sign(answer), **kwargs)


def test_export_shapes_verdicts_for_the_evaluation_set(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    good = _answer("Vem leder omsorgen i Tranemo?", [("a", "Louise leder omsorgen."),
                                                      ("b", "Fel rad i texten.")])
    _signed(store, good, "helpful")
    _signed(store, good, "helpful")  # a second official agrees: written once
    _signed(store, good, "wrong_quote", 2)
    _signed(store, _answer("Vad kostar det i Borås?", [("c", "Nära men fel svar.")],
                           no_answer=True), "helpful")
    _signed(store, _answer("Hur når man chefen?", [("d", "Inget svar här alls.")]), "not_helpful")
    out = io.StringIO()
    assert export_jsonl(tmp_path / "fb.sqlite3", out) == 2
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert lines[0]["gold"] == [{"article": "a", "quote": "Louise leder omsorgen."}]  # flagged one left out
    assert lines[0]["kind"] == "feedback" and lines[0]["id"].startswith("fb")
    assert lines[1] == {**lines[1], "kind": "unanswerable", "gold": []}
    everything = io.StringIO()
    assert export_jsonl(tmp_path / "fb.sqlite3", everything, include_unreviewed=True) == 4
    review = [json.loads(x) for x in everything.getvalue().splitlines()
              if json.loads(x)["kind"] == "needs-gold"]
    assert {r["question"] for r in review} == {"Vem leder omsorgen i Tranemo?",
                                              "Hur når man chefen?"}
    assert all(r["gold"] == [] and r["wrong"] for r in review)


def test_chat_verdicts_replace_each_other_and_can_be_withdrawn(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    a = _answer("Fråga?", [("a", "Citat nummer ett."), ("b", "Citat nummer två.")])
    _signed(store, a, "helpful", key="m1")
    _signed(store, a, "wrong_quote", 2, key="m1")
    assert [(r["verdict"], r["quote"]) for r in store.rows()] == [("wrong_quote", 2)]
    store.withdraw("m1")
    assert store.rows() == []
    with pytest.raises(ValueError):
        _signed(store, a, "wrong_quote", 3)
    with pytest.raises(ForgedAnswer):
        store.record(a, "helpful")


def test_export_without_feedback_says_so(tmp_path):
    with pytest.raises(AssistantError, match="ingen sparad återkoppling"):
        export_jsonl(tmp_path / "none.sqlite3", io.StringIO())


def test_feedback_export_command(tmp_path, capsys):
    db = tmp_path / "fb.sqlite3"
    store = FeedbackStore(db)
    _signed(store, _answer("Vem är socialchef?", [("a", "Anna är socialchef.")]), "helpful")
    parser = argparse.ArgumentParser(prog="assistant")
    register_cli(parser.add_subparsers(dest="command", required=True))
    out = tmp_path / "out.jsonl"
    args = parser.parse_args(["feedback", "export", "--db", str(db), "-o", str(out)])
    assert args.func(args) == 0
    assert json.loads(out.read_text("utf-8"))["question"] == "Vem är socialchef?"
    assert "1 frågor" in capsys.readouterr().err


def test_chat_feedback_handler_stores_the_shown_answer(shipped, tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    memory = AnswerMemory(sign=store.sign)
    question = "Hur samverkar Bengtsfors och Mellerud?"  # cross-article: shown grouped by place
    answer = shipped.ask(question)
    reply = answer_html(answer)
    memory.put(AnswerMemory.key("", reply), answer)
    on_feedback = make_feedback(store, memory)
    on_feedback(gr.LikeData(None, {"index": 1, "value": [{"type": "text", "text": reply}],
                                   "liked": True}), None)
    assert [r["verdict"] for r in store.rows()] == ["helpful"]
    on_feedback(gr.LikeData(None, {"index": 1, "value": [reply], "liked": "Citat 2 är fel"}), None)
    (row,) = store.rows()
    assert row["verdict"] == "wrong_quote"
    # "Citat 2" is the second quote as shown, whatever its place in the answer object
    second_shown = re.findall(r'<blockquote class="quote">(.*?)</blockquote>', reply)[1]
    flagged = row["passages"][row["quote"] - 1]["quote"]
    assert escape(" ".join(flagged.split())) == second_shown
    on_feedback(gr.LikeData(None, {"index": 1, "value": [reply], "liked": ""}), None)
    assert store.rows() == []

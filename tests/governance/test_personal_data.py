"""Personal data in questions: found by kind (never by value), refused by the
API (422) and the chat (Swedish), and afterwards nowhere: not in the logs,
the databases or the index folder (greped, in every format).

Issue 19: every form in tests/pii_forms.py (other dashes, slashes, dots,
spaced and full dates, invisible marks and control characters between the
digits, combining marks; phones and spelled-out e-mail addresses) is found
by the one normaliser and detector, and refused at every entry point: the
JSON API, the chat (its API and its queue, with follow-ups, filters and
feedback), the feedback API and the command line; the stores refuse at the
write all the same. Years, dates, amounts and the shipped articles are not
taken for personal data."""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from pii_forms import ALL, KIND, NOT_PERSONAL, P4, P6, needles
from served import Served

from assistant.answering.contract import answer_json
from assistant.answering.pipeline import Ask, ask
from assistant.answering.screening import refusal_in_feedback
from assistant.errors import PersonalData
from assistant.editors.gaps import GapStore
from assistant.governance.audit import AuditLog
from assistant.governance.feedback import FeedbackStore
from assistant.governance.metrics import Metrics
from assistant.governance.personal_data import find, luhn_ok, normalise
from assistant.web.app import create_app
from assistant.web.chat.ui import make_respond
from assistant.web.limits import RateLimit

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "Vem är socialchef i Vårgårda?"
PROXY = "127.0.0.2"


def with_check_digit(nine: str) -> str:
    return next(nine + str(c) for c in range(10) if luhn_ok(nine + str(c)))


PNR = with_check_digit("811218987")  # born 18 December 1981
SAMORDNING = with_check_digit("811278987")  # day + 60
WRONG_CHECK = PNR[:-1] + str((int(PNR[-1]) + 1) % 10)
FORMATS = [f"19{PNR[:6]}-{PNR[6:]}", f"19{PNR}", f"{PNR[:6]}-{PNR[6:]}", PNR,
           f"{PNR[:6]}+{PNR[6:]}", f"{PNR[:6]} – {PNR[6:]}", f"{SAMORDNING[:6]}-{SAMORDNING[6:]}",
           f"20{SAMORDNING}"]


@pytest.mark.parametrize("text", FORMATS)
def test_identity_numbers_are_found_in_every_format(text):
    kinds = find(f"Hur hjälper vi {text} med hemtjänst?")
    assert kinds == (("samordningsnummer",) if SAMORDNING[:6] in text else ("personnummer",))


@pytest.mark.parametrize("text, kinds", [
    (f"{WRONG_CHECK[:6]}-{WRONG_CHECK[6:]}", ()),  # the check digit is wrong: not one
    (f"{PNR[:2]}1318-{PNR[6:]}", ()),  # month 13
    ("Ring 070-123 45 67 i morgon", ("telefonnummer",)),
    ("numret är 0701234567", ("telefonnummer",)),
    ("+46 8 123 456 78 växeln", ("telefonnummer",)),
    ("031-12 34 56", ("telefonnummer",)),
    ("skriv till eva.svensson@vargarda.se", ("e-postadress",)),
    ("Vem är socialchef i Vårgårda 2019?", ()),
    ("Hur arbetar kommunerna 2018-2021 med 0-18 år och 10 000 invånare?", ()),
    ("Sedan 2021-03-01 har 1 200 anställda", ()),
])
def test_kinds_found(text, kinds):
    assert find(text) == kinds


def test_no_evaluation_question_is_taken_for_personal_data():
    """Officials' real questions must not be refused by mistake."""
    questions = [json.loads(line).get("question", "") for f in (ROOT / "eval").glob("*.jsonl")
                 for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(questions) > 50
    assert [q for q in questions if find(q)] == []


def test_refused_before_search_and_dropped_from_follow_ups(shipped):
    metrics = Metrics()
    observers = [metrics.observe]
    with pytest.raises(PersonalData) as err:
        ask(shipped, Ask(f"Vem handlägger {FORMATS[2]}?", "api"), observers)
    assert err.value.kinds == ("personnummer",) and PNR[:6] not in str(err.value)
    with pytest.raises(PersonalData):
        ask(shipped, Ask(QUESTION, "api", municipality=FORMATS[0]), observers)
    answer = ask(shipped, Ask("Och i Tranemo?", "chat",
                              history=(f"Vem är socialchef för {FORMATS[3]}?",)), observers).answer
    assert PNR not in json.dumps(answer_json(answer))
    reply = make_respond(shipped, observers)(f"Hjälp {FORMATS[1]}", [])
    assert "personuppgifter" in reply and PNR not in reply
    text = metrics.exposition().decode()
    assert 'assistant_refusals_total{kind="personnummer"} 3.0' in text


def test_feedback_with_personal_data_outside_quotes_is_refused(shipped):
    answer = answer_json(shipped.ask(QUESTION, k=1))
    assert refusal_in_feedback(answer) is None  # a real answer, dates, offsets and all
    assert refusal_in_feedback({**answer, "question": f"{QUESTION} {FORMATS[0]}"})
    passage = {**answer["passages"][0], "note": "ring 070-123 45 67"}
    assert refusal_in_feedback({**answer, "passages": [passage]})


@pytest.fixture(scope="module")
def served(shipped, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pnr")
    settings = replace(shipped.settings, trusted_proxies=(PROXY,), admin_groups=("IT-admin",),
                       feedback_db=tmp / "feedback.sqlite3", audit_db=tmp / "audit.sqlite3")
    server = Served(create_app(shipped, settings), settings)
    log_file = tmp / "all.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    # everything the server process logs; not the test's own HTTP client
    handler.addFilter(lambda record: not record.name.startswith(("httpx", "httpcore")))
    loggers = [logging.getLogger(n) for n in ("", "uvicorn", "uvicorn.access", "uvicorn.error",
                                              "assistant", "gradio")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    server.start()
    yield server, settings, log_file
    server.stop()
    for lg, level in zip(loggers, levels):
        lg.removeHandler(handler)
        lg.setLevel(level)
    handler.close()


def _gradio_chat(client, question: str) -> str:
    event = client.post("/gradio_api/call/ask", json={"data": [question, "Alla", "Alla"]})
    assert event.status_code == 200
    return client.get(f"/gradio_api/call/ask/{event.json()['event_id']}").text


def test_a_personnummer_is_refused_and_found_nowhere_afterwards(served, shipped):
    server, settings, log_file = served
    admin = {"X-Remote-User": "eva", "X-Remote-Groups": "IT-admin"}
    with server.client("127.0.0.3") as client, server.client(PROXY, headers=admin) as staff:
        # ordinary use first, so the log and both databases exist and hold something
        answer = client.post("/api/ask", json={"question": QUESTION, "k": 1}).json()
        assert client.post("/api/feedback", json={"answer": answer, "verdict": "helpful"}
                           ).status_code == 201
        for number in FORMATS:
            question = f"Vad gäller för {number} som har hemtjänst i Vårgårda?"
            r = client.post("/api/ask", json={"question": question})
            assert r.status_code == 422 and "personuppgifter" in r.json()["error"]
            assert number not in r.text
            assert client.get("/api/ask", params={"question": question}).status_code == 405
            sent_back = {**answer, "question": question}
            r = client.post("/api/feedback", json={"answer": sent_back, "verdict": "helpful"})
            assert r.status_code == 422 and "personuppgifter" in r.json()["error"]
            reply = _gradio_chat(client, question)
            assert "personuppgifter" in reply and number not in reply
        assert staff.get("/api/feedback").status_code == 200  # an audit row
        rows = staff.get("/api/feedback").json()["feedback"]
    assert len(rows) == 1
    for handler in logging.getLogger("").handlers:
        handler.flush()

    log = log_file.read_text(encoding="utf-8")
    assert "POST /api/ask" in log and "/gradio_api/call/ask" in log  # the log is being written
    assert "127.0.0.0/24" in log and "127.0.0.3" not in log  # addresses truncated by default
    files = [log_file, *Path(settings.feedback_db).parent.glob("*.sqlite3*"),
             *Path(settings.audit_db).parent.glob("*.sqlite3*"),
             *Path(shipped.settings.index_dir).rglob("*")]
    assert any("feedback.sqlite3" in f.name for f in files)
    assert any("audit.sqlite3" in f.name for f in files)
    needles = {n for f in FORMATS for n in (f, "".join(c for c in f if c.isdigit()))}
    needles |= {PNR, SAMORDNING, "Vad gäller för"}
    for path in files:
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                assert needle.encode("utf-8") not in data, (needle, path.name)


# --- issue 19: every form, one normaliser, at every entry point and every store

FORMS = list(ALL.items())
IDS = list(ALL)
DECLINED = "Hur många undersköterskor arbetar i Ljusdal, {}?"  # no article covers Ljusdal


@pytest.mark.parametrize("label, form", FORMS, ids=IDS)
def test_every_form_is_found(label, form):
    assert find(DECLINED.format(form)) == (KIND[label],)
    assert find(form) == (KIND[label],)


@pytest.mark.parametrize("text", NOT_PERSONAL, ids=[f"n{i}" for i in range(len(NOT_PERSONAL))])
def test_years_dates_amounts_counts_and_times_are_not_personal_data(text):
    assert find(text) == ()


def test_no_sentence_of_the_shipped_articles_is_taken_for_personal_data():
    sentences = [s for f in sorted((ROOT / "corpus").glob("*.md"))
                 for s in re.split(r"(?<=[.!?])\s+|\n+", f.read_text(encoding="utf-8"))]
    assert len(sentences) > 200
    assert [s for s in sentences if find(s)] == []


def test_one_normaliser_folds_what_looks_the_same():
    assert normalise("８１\u200e1\u2011218\u00a0\u2212\u20609876") == "811-218 -9876"
    assert normalise("eva\uff20kommun\u3002se") == "eva@kommun.se"
    assert normalise("8\u0301\u034f\x011\t \u2003c") == "81 c"  # marks and controls dropped
    assert normalise("a\u0301") == "\u00e1"  # a letter's mark stays (NFKC joins them)
    assert normalise("\u0663\u0664") == "34"  # any decimal digit


def test_a_follow_up_is_screened_with_the_question_it_continues(shipped):
    with pytest.raises(PersonalData):
        ask(shipped, Ask(f"Och {P4}?", "chat", history=(f"Vem är socialchef för {P6}?",)))
    with pytest.raises(PersonalData):  # the filter as the search would use it
        ask(shipped, Ask(QUESTION, "chat", municipality=f"{P6}\x1f{P4}"))


# -- the stores refuse at the write, whoever calls them

def test_gaps_never_keep_a_form(tmp_path):
    store = GapStore(tmp_path / "gaps.sqlite3", 90)
    assert [label for label, form in FORMS if store.record(DECLINED.format(form))] == []
    long = "Vad gäller " + "för hemtjänsten " * 62 + f"{P6}-{P4}?"  # the number past 1,000
    assert not store.record(long)
    assert store.questions() == []


def test_feedback_never_keeps_an_answer_holding_a_form(shipped, tmp_path):
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    answer = answer_json(shipped.ask(QUESTION, k=1))
    for label, form in FORMS:
        for field in ("question", "interpreted_as", "reason"):
            changed = {**answer, field: DECLINED.format(form)}
            with pytest.raises(PersonalData):
                store.record(changed, "helpful", answer_id=store.sign(changed))
    store.record(answer, "helpful", answer_id=store.sign(answer))  # a clean one is kept
    assert [r["question"] for r in store.rows()] == [QUESTION]


def test_the_audit_keeps_the_row_but_not_the_data(tmp_path):
    from assistant.governance.audit import WITHHELD

    log = AuditLog(tmp_path / "audit.sqlite3")
    for label, form in FORMS:
        log.record("article.add", "erik", target=form, detail={"file": f"{form}.txt", "n": 1})
    entries = log.entries()
    assert len(entries) == len(FORMS)
    assert all(e.target == WITHHELD and e.detail == {"file": WITHHELD, "n": 1} for e in entries)


# -- every entry point of the running app

@pytest.fixture(scope="module")
def app(shipped, tmp_path_factory):
    """The real app on uvicorn, with its own feedback, gaps and audit files."""
    tmp = tmp_path_factory.mktemp("pii-app")
    settings = replace(shipped.settings, trusted_proxies=(PROXY,), admin_groups=("IT-admin",),
                       feedback_db=tmp / "feedback.sqlite3", audit_db=tmp / "audit.sqlite3",
                       gaps_db=tmp / "gaps.sqlite3", gradio_cache=tmp / "cache")
    fastapi_app = create_app(shipped, settings, limit=RateLimit(burst=100_000))
    server = Served(fastapi_app, settings).start()
    yield server, settings, fastapi_app
    server.stop()


def _written(settings) -> bytes:
    """Everything in the app's folder: feedback, gaps, audit (with their -wal files)."""
    return b"".join(p.read_bytes() for p in Path(settings.feedback_db).parent.rglob("*")
                    if p.is_file())


def _assert_nowhere(settings, forms) -> None:
    data = _written(settings)
    found = [n for form in forms for n in needles(form) if n.encode("utf-8") in data]
    assert found == []


def _rows(db: Path, sql: str) -> list:
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.OperationalError:  # the table is made at the first write
            return []


def test_api_ask_refuses_every_form_and_keeps_none(app):
    server, settings, _ = app
    with server.client("127.0.0.3") as client:
        for label, form in FORMS:
            for body in ({"question": DECLINED.format(form)},
                         {"question": QUESTION, "municipality": form}):
                r = client.post("/api/ask", json=body)
                assert r.status_code == 422, (label, r.text[:300])
                assert "personuppgifter" in r.json()["error"] and form not in r.text
    assert _rows(Path(settings.gaps_db), "SELECT question FROM declined") == []
    _assert_nowhere(settings, ALL.values())


def _chat(client, question: str, municipality: str = "Alla") -> str:
    event = client.post("/gradio_api/call/ask", json={"data": [question, municipality, "Alla"]})
    assert event.status_code == 200, event.text
    stream = client.get(f"/gradio_api/call/ask/{event.json()['event_id']}").text
    return json.loads(stream.split("data:", 1)[1].splitlines()[0])[0]


def test_the_chat_refuses_every_form(app):
    server, settings, _ = app
    with server.client("127.0.0.3") as client:
        for label, form in FORMS:
            reply = _chat(client, DECLINED.format(form))
            assert "personuppgifter" in reply, (label, reply[:300])
            reply = _chat(client, QUESTION, municipality=form)
            assert "personuppgifter" in reply, (label, reply[:300])
    assert _rows(Path(settings.gaps_db), "SELECT question FROM declined") == []
    _assert_nowhere(settings, ALL.values())


def test_feedback_api_refuses_a_genuine_answer_holding_any_form(app):
    """As if an answer holding one had got past the screen: signed by the
    server itself, the feedback API still does not keep it."""
    server, settings, fastapi_app = app
    store = fastapi_app.state.feedback
    with server.client("127.0.0.3") as client:
        answer = client.post("/api/ask", json={"question": QUESTION, "k": 1}).json()
        answer.pop("answer_id")
        for label, form in FORMS:
            for field in ("question", "interpreted_as"):
                changed = {**answer, field: DECLINED.format(form)}
                sent = {**changed, "answer_id": store.sign(changed)}
                r = client.post("/api/feedback", json={"answer": sent, "verdict": "helpful"})
                assert r.status_code == 422, (label, field, r.text[:300])
                assert "personuppgifter" in r.json()["error"]
    assert _rows(Path(settings.feedback_db), "SELECT question FROM feedback") == []
    _assert_nowhere(settings, ALL.values())


def _queue(client, session: str, fn_index: int, data: list, event_data=None) -> dict:
    """One chat event through Gradio's queue, as the page sends it; its last message."""
    joined = client.post("/gradio_api/queue/join", json={
        "data": data, "fn_index": fn_index, "session_hash": session,
        "event_data": event_data, "trigger_id": None})
    assert joined.status_code == 200, joined.text
    last = {}
    with client.stream("GET", f"/gradio_api/queue/data?session_hash={session}") as r:
        for line in r.iter_lines():
            if line.startswith("data:"):
                last = json.loads(line[5:])
                if last.get("msg") in ("process_completed", "close_stream"):
                    break
    return last


def _events(client) -> dict[str, int]:
    return {d["api_name"]: d["id"] for d in client.get("/config").json()["dependencies"]}


def _ask_then_like(client, session: str, questions: list[str], municipality="Alla") -> str:
    """Ask in one chat session, then press "helpful" under the last reply."""
    events = _events(client)
    for question in questions:
        done = _queue(client, session, events["ask"], [question, None, municipality, "Alla"])
        reply = done["output"]["data"][0]
    _queue(client, session, events["on_feedback"], [],
           {"index": 1, "value": [{"type": "text", "text": reply}], "liked": True})
    return reply


def test_chat_feedback_keeps_nothing_personal(app):
    """The chat's own feedback path, through the queue: a number hidden by
    invisible marks (which the chat's cleaning used to turn into a readable
    one), a number split over two questions of a conversation, a number in
    the municipality filter. Each is refused, so there is nothing to like."""
    server, settings, _ = app
    cases = [[DECLINED.format(form)] for label, form in FORMS if label.startswith("mark-")]
    cases.append([f"Vem är socialchef för {P6}?", f"Och {P4}?"])
    with server.client("127.0.0.3") as client:
        for n, questions in enumerate(cases):
            reply = _ask_then_like(client, f"pii-{n}", questions)
            assert "personuppgifter" in reply, (questions, reply[:300])
        for n, (label, form) in enumerate(FORMS):
            reply = _ask_then_like(client, f"pii-filter-{n}", [QUESTION], municipality=form)
            assert "personuppgifter" in reply, (label, reply[:300])
        # the like itself works: an ordinary answer is kept
        _ask_then_like(client, "pii-ordinary", [QUESTION])
    rows = _rows(Path(settings.feedback_db), "SELECT question, interpreted_as FROM feedback")
    assert rows == [(QUESTION, None)]
    _assert_nowhere(settings, [*ALL.values(), f"{P6} {P4}", f"{P6}{P4}"])


def test_the_access_log_withholds_a_path_holding_personal_data(shipped, tmp_path):
    settings = replace(shipped.settings, feedback_db=tmp_path / "feedback.sqlite3",
                       audit_db=tmp_path / "audit.sqlite3", gradio_cache=tmp_path / "cache")
    server = Served(create_app(shipped, settings), settings)
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())
    access = logging.getLogger("uvicorn.access")
    access.addHandler(handler)  # after uvicorn has set up its loggers for this server
    server.start()
    try:
        with server.client("127.0.0.3") as client:
            for form in (f"{P6}-{P4}", f"19{P6}{P4}", "070-123 45 67"):
                assert client.get(f"/artiklar/{form}").status_code == 404
            assert client.get("/artiklar/004-vargarda-socialtjanst").status_code == 200
    finally:
        server.stop()
        access.removeHandler(handler)
    log = "\n".join(lines)
    assert log.count("(sökväg med personuppgifter)") == 3
    assert "/artiklar/004-vargarda-socialtjanst" in log  # other paths as they were
    assert P6 not in log and "123 45 67" not in log and "123%2045" not in log


# -- the command line

def _cli(settings, *args, stdin=None):
    env = dict(os.environ, ASSISTANT_CORPUS=str(settings.corpus_dir),
               ASSISTANT_INDEX=str(settings.index_dir))
    return subprocess.run([sys.executable, "-m", "assistant.cli", "ask", *args], input=stdin,
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def test_cli_ask_refuses_every_form_and_searches_nothing(shipped):
    questions = [DECLINED.format(form) for form in ALL.values()]
    one_per_line = [q for q in questions if len(q.splitlines()) == 1]
    # -v logs "index loaded" the moment the index is opened: it never is
    out = _cli(shipped.settings, "--json", "-v", "-", stdin="\n".join(one_per_line) + "\n")
    assert out.returncode == 2, out.stdout[:500]
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(lines) == len(one_per_line)
    assert all(o["question"] is None and "personuppgifter" in o["error"] for o in lines)
    assert "index loaded" not in out.stderr
    for question in [q for q in questions if q not in one_per_line and "\x00" not in q][:3]:
        out = _cli(shipped.settings, question)
        assert out.returncode == 2 and out.stdout == ""
        assert out.stderr.count("\n") == 1 and "personuppgifter" in out.stderr
    for form in (f"{P6}\u2011{P4}", "070/1234567", "eva.lindqvist [at] vargarda.se"):
        out = _cli(shipped.settings, DECLINED.format(form))
        assert out.returncode == 2 and out.stdout == "", out.stdout[:300]
        assert out.stderr.startswith("Fel: Frågan verkar innehålla personuppgifter")
        assert out.stderr.count("\n") == 1 and form not in out.stderr

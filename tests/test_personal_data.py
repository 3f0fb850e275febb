"""Personal data in questions: found by kind (never by value), refused by the
API (422) and the chat (Swedish), and afterwards nowhere: not in the logs,
the databases or the index folder (greped, in every format)."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import pytest
from served import Served

from assistant.answering.contract import answer_json
from assistant.errors import PersonalData
from assistant.answering.screening import Guarded, refusal_in_feedback
from assistant.governance.metrics import Metrics
from assistant.governance.personal_data import find, luhn_ok
from assistant.web.app import create_app
from assistant.web.chat.ui import make_respond

ROOT = Path(__file__).resolve().parent.parent
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
    guarded = Guarded(shipped, metrics)
    with pytest.raises(PersonalData) as err:
        guarded.ask(f"Vem handlägger {FORMATS[2]}?")
    assert err.value.kinds == ("personnummer",) and PNR[:6] not in str(err.value)
    with pytest.raises(PersonalData):
        guarded.ask(QUESTION, municipality=FORMATS[0])
    answer = guarded.ask("Och i Tranemo?", history=[f"Vem är socialchef för {FORMATS[3]}?"])
    assert PNR not in json.dumps(answer_json(answer))
    reply = make_respond(guarded)(f"Hjälp {FORMATS[1]}", [])
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

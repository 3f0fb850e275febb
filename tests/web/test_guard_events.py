"""The guard's allowed Gradio events come from what the chat wires (issue 20),
and the address decides the event (issue 19): `POST /gradio_api/run/ask`
with the `fn_index` of another event ran that event (also as the string
"29"), an unknown one was a 500 with a traceback, and Gradio's own 422 said
"detail" in English. Real app, real uvicorn, real HTTP."""

from __future__ import annotations

from dataclasses import replace

import gradio as gr
import pytest
from served import Served

from assistant.web.app import create_app
from assistant.web.guard import NEVER_FIRED, allowed_events

QUESTION = "Vem är socialchef i Vårgårda?"


@pytest.fixture(scope="module")
def served(shipped, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("guard")
    settings = replace(shipped.settings, feedback_db=tmp / "feedback.sqlite3",
                       audit_db=tmp / "audit.sqlite3", gaps_db=tmp / "gaps.sqlite3",
                       gradio_cache=tmp / "gradio-cache")
    app = create_app(shipped, settings)
    server = Served(app, settings).start()
    yield server, app.state.blocks
    server.stop()


def _swedish(r, statuses) -> str:
    assert r.status_code in statuses, (r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error"}, body
    text = body["error"]
    assert "Traceback" not in r.text and "detail" not in r.text
    assert any(ch in text for ch in "åäö"), text
    return text


def _by_name(blocks) -> dict[str, int]:
    return {fn.api_name: fid for fid, fn in blocks.fns.items()}


def test_the_address_decides_the_event(served):
    server, blocks = served
    ids = _by_name(blocks)
    others = [ids["option_clicked"], ids["example_clicked"], ids["load_example"],
              next(fid for fid, fn in blocks.fns.items() if fn.fn is None)]  # a stop event
    with server.client("127.0.0.1") as client:
        for index in others + [str(ids["option_clicked"]), "29", 999, -1, 2.0, True]:
            for path in ("/gradio_api/run/ask", "/gradio_api/call/ask"):
                r = client.post(path, json={"data": [QUESTION, [], "Alla", "Alla"],
                                            "fn_index": index, "session_hash": "angripare"})
                _swedish(r, range(400, 500))
        # the event the address names, with or without its own fn_index, still answers
        for extra in ({}, {"fn_index": ids["ask"]}):
            event = client.post("/gradio_api/call/ask", json={"data": [QUESTION, "Alla", "Alla"],
                                                              **extra})
            assert event.status_code == 200, event.text
            assert "Ann-Charlotte Lilja" in client.get(
                f"/gradio_api/call/ask/{event.json()['event_id']}").text
        assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("path, body", [
    ("/gradio_api/run/ask", {"data": "x"}),
    ("/gradio_api/run/ask", {"dat": []}),
    ("/gradio_api/call/ask", {"data": 5}),
    ("/gradio_api/run/ask", {"data": [], "session_hash": 5}),
    ("/gradio_api/queue/join", {"fn_index": 1}),
    ("/gradio_api/queue/join", {"fn_index": 1, "data": [], "trigger_id": "x"}),
])
def test_gradios_422_is_swedish(served, path, body):
    server, _ = served
    with server.client("127.0.0.1") as client:
        assert "fel form" in _swedish(client.post(path, json=body), (422,))


def test_every_event_the_chat_wires_is_allowed(served):
    """The example buttons send example_select, which the hand-written list lacked."""
    _, blocks = served
    allowed, names = allowed_events(blocks)
    kinds = {bid: type(b).__name__.lower() for bid, b in blocks.blocks.items()}
    kinds[blocks._id] = "blocks"
    for fid, fn in blocks.fns.items():
        triggers = {(kinds.get(b), e) for b, e in fn.targets}
        if fn.fn is not None and fn.trigger_after is None and not triggers & NEVER_FIRED:
            assert fid in allowed, (fn.api_name, triggers)
        if fn.fn is None or triggers & NEVER_FIRED:
            assert fid not in allowed, (fn.api_name, triggers)
    assert ("chatbot", "example_select") in {
        (kinds.get(b), e) for f in allowed for b, e in blocks.fns[f].targets}
    assert names["ask"] in allowed


def test_a_control_added_to_the_chat_is_allowed_with_it():
    with gr.Blocks() as blocks:
        box = gr.Textbox()
        button = gr.Button("Rensa")
        button.click(lambda: "", None, box).then(lambda: None, None, None)
        box.stop(None, None, None, cancels=[])
    allowed, _ = allowed_events(blocks)
    assert {fid for fid, fn in blocks.fns.items() if fn.fn is not None} == set(allowed)

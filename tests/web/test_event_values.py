"""A chat event sent values of the wrong number or shape, as an attacker or
a broken client would send them, through the real Gradio app: Gradio's own
checks quote the values in their errors and print them with a traceback, so a
question holding a personnummer would reach the log. Nothing of it may."""

from __future__ import annotations

import logging

import pytest
from conftest import app_client


PNR = "19121212-1212"
QUESTION = f"Mitt personnummer är {PNR}, vem är socialchef?"
MESSAGE = [{"role": "user", "content": QUESTION}]


@pytest.fixture(scope="module")
def client(shipped, tmp_path_factory):
    with app_client(shipped, tmp_path_factory.mktemp("values")) as c:
        yield c


def test_values_of_the_wrong_number_or_shape_are_not_quoted_in_the_log(client, capfd, caplog):
    caplog.set_level(logging.DEBUG)
    config = client.get("/config").json()
    inputs = {d["id"]: len(d["inputs"]) for d in config["dependencies"] if d["backend_fn"]}
    refused = 0
    for fn_index, n in inputs.items():
        for data in ([QUESTION] * max(n - 1, 0),         # one value too few
                     [MESSAGE] * n, [{"text": QUESTION}] * n, [[QUESTION]] * n):
            body = {"fn_index": fn_index, "data": data, "session_hash": "values"}
            r = client.post("/gradio_api/run/predict", json=body)
            refused += r.status_code >= 400
            assert "Traceback" not in r.text and "Received inputs" not in r.text
            q = client.post("/gradio_api/queue/join", json=body)
            assert q.status_code in (200, 404), q.text
    r = client.post("/gradio_api/call/ask", json={"data": [QUESTION]})  # three too few
    if r.status_code == 200:
        client.get(f"/gradio_api/call/ask/{r.json()['event_id']}")
    assert refused > 20  # the bodies did reach Gradio's checks
    out, err = capfd.readouterr()
    logged = out + err + caplog.text
    assert PNR not in logged and "Received inputs" not in logged and "input_value" not in logged
    assert "its values had the wrong form" in logged  # one line per refusal, without the values


def test_a_refused_event_tells_the_page_in_swedish(client):
    r = client.post("/gradio_api/call/ask", json={"data": [QUESTION]})
    assert r.status_code == 200
    stream = client.get(f"/gradio_api/call/ask/{r.json()['event_id']}").text
    assert "Chatten fick fel antal v" in stream and PNR not in stream and "Received" not in stream

"""Issue 10's holes, each tried as an attacker would against the real app
(real model, real index, real Gradio over HTTP); each test fails if the hole
comes back."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from assistant.web.guard import REFUSED, ROUTES, own_routes
from assistant.web.app import create_app

QUESTION = "Vem är socialchef i Vårgårda?"
SECRET = Path("/etc/hostname")
FILE = {"path": str(SECRET), "meta": {"_type": "gradio.FileData"}}
FILE_PARTS = [
    [{"role": "user", "content": [{"type": "file", "file": FILE}]}],   # a history message
    FILE,                                                               # FileData in a slot
    {"path": str(SECRET)},
    {"url": f"file://{SECRET}", "meta": {"_type": "gradio.FileData"}},
    [{"role": "user", "content": [{"component": "image", "value": FILE}]}],
    [{"role": "user", "content": [{"type": "text", "text": "hej"}, {"type": "file", "file": FILE}]}],
]


@pytest.fixture(scope="module")
def settings(shipped, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sec")
    return replace(shipped.settings, feedback_db=tmp / "feedback.sqlite3",
                   gradio_cache=tmp / "gradio-cache")


@pytest.fixture(scope="module")
def client(shipped, settings):
    with TestClient(create_app(shipped, settings), raise_server_exceptions=False) as c:
        yield c


def _routes(app, prefix=""):
    """(path template, methods) of every route the mounted app serves."""
    for r in getattr(app, "routes", []):
        kind = type(r).__name__
        if kind == "Mount":
            yield from _routes(r.app, prefix + r.path)
        elif kind == "_IncludedRouter":
            yield from _routes(r.original_router, prefix + r.include_context.prefix)
        else:
            yield prefix + r.path, frozenset(getattr(r, "methods", None) or {"GET"})


def test_every_framework_route_is_classified(client):
    """Every route inside Gradio's mount is allowed or refused by name; the
    app's own routes (outside the mount) go to their own handlers."""
    own = {p.rstrip("/") or "/"
           for p, _ in _routes(SimpleNamespace(routes=own_routes(client.app)))}
    assert {"/healthz", "/api/ask", "/api/feedback", "/docs", "/artiklar", "/metrics"} <= own
    paths = {p.rstrip("/") or "/" for p, _ in _routes(client.app)}
    assert len(paths) > 40  # Gradio's routes are really walked
    unclassified = paths - set(ROUTES) - REFUSED - own
    assert not unclassified, f"new routes, classify them in assistant/web/guard.py: {unclassified}"


def _concrete(template: str) -> str:
    return (template.replace("{path_or_url:path}", str(SECRET)).replace("{path:path}", "etc/hostname")
            .replace("{url_path:path}", "http://127.0.0.1/").replace("{", "").replace("}", ""))


def test_refused_routes_answer_404_or_405_in_swedish(client):
    served = dict(_routes(client.app))
    for template in sorted(REFUSED & set(served)):
        path = _concrete(template)
        for method in sorted(served[template] - {"HEAD"}):
            r = client.request(method, path, json={})
            assert r.status_code in (404, 405), (method, path, r.status_code, r.text[:200])
            assert "error" in r.json() and "Traceback" not in r.text


def test_uploads_are_refused_even_cross_site(client, settings):
    r = client.post("/gradio_api/upload", files={"files": ("x.txt", b"hej")},
                    headers={"Origin": "https://evil.example.com"})
    assert r.status_code == 404 and "finns inte" in r.json()["error"]
    assert "access-control-allow-origin" not in r.headers
    assert [p.name for p in settings.gradio_cache.resolve().iterdir()] == [".samverkansassistenten-cache"]


def _fn_indices(client) -> list[int]:
    config = client.get("/config").json()
    return [d["id"] for d in config["dependencies"]]


def _payload(fn_index: int, slot_value, n_inputs: int = 4) -> dict:
    data = [slot_value] * max(n_inputs, 1)
    return {"data": data, "fn_index": fn_index, "session_hash": "angripare",
            "event_data": {"index": 1, "value": slot_value, "liked": True}, "trigger_id": None}


def _stream(client, session: str) -> str:
    with client.stream("GET", f"/gradio_api/queue/data?session_hash={session}") as r:
        text = ""
        for line in r.iter_lines():
            text += line + "\n"
            if "process_completed" in line or "close_stream" in line:
                break
        return text


def test_a_file_part_reaches_no_event_by_predict_or_queue(client):
    secret = SECRET.read_text("utf-8").strip()
    indices = _fn_indices(client)
    assert len(indices) > 20  # every event ChatInterface and the app register
    for fn_index in indices + [999, -1]:
        for part in FILE_PARTS:
            body = _payload(fn_index, part)
            r = client.post("/gradio_api/run/predict", json=body)
            assert 400 <= r.status_code < 500, (fn_index, r.status_code, r.text[:300])
            assert secret not in r.text and "file=" not in r.text and "Traceback" not in r.text
            q = client.post("/gradio_api/queue/join", json=body)
            assert 400 <= q.status_code < 500, (fn_index, q.status_code, q.text[:300])
            assert secret not in q.text and "file=" not in q.text
    # and nothing of the file was copied into a place Gradio serves
    r = client.get(f"/gradio_api/file={SECRET}")
    assert r.status_code == 404 and secret not in r.text


def test_only_the_chat_events_are_callable(client):
    config = client.get("/config").json()
    by_id = {d["id"]: d for d in config["dependencies"]}
    callable_ = []
    for fn_index in by_id:
        r = client.post("/gradio_api/run/predict",
                        json={"data": [], "fn_index": fn_index, "session_hash": "x"})
        if r.status_code != 404:
            callable_.append(fn_index)
    names = {by_id[i]["api_name"] for i in callable_}
    assert not {"option_clicked", "_edit_message"} & names
    assert all(by_id[i]["backend_fn"] for i in callable_)  # no stop events
    assert {"_submit_fn", "on_feedback", "ask", "example_clicked"} <= names
    r = client.post("/gradio_api/run/predict", json={"data": [], "fn_index": 999})
    assert r.status_code == 404 and "händelse" in r.json()["error"]


def test_the_chat_still_answers_through_the_queue(client):
    event = client.post("/gradio_api/call/ask", json={"data": [QUESTION, "Alla", "Alla"]})
    assert event.status_code == 200
    assert "Ann-Charlotte Lilja" in client.get(f"/gradio_api/call/ask/{event.json()['event_id']}").text
    r = client.post("/gradio_api/call/ask", json={"data": [FILE, "Alla", "Alla"]})
    assert r.status_code == 422 and "bara emot text" in r.json()["error"]


def test_gradio_cache_is_emptied_at_start(shipped, settings):
    stale = settings.gradio_cache / "abc" / "hostname"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("gammal", "utf-8")
    create_app(shipped, settings)
    assert not stale.exists()


def test_forged_host_is_not_reflected(client):
    for headers in ({"Host": "evil.example.com"}, {"X-Forwarded-Host": "evil.example.com"}):
        config = client.get("/config", headers=headers)
        assert "evil.example.com" not in config.text
        assert "evil.example.com" not in client.get("/", headers=headers).text


def test_cors_reflects_no_origin(client):
    for origin in ("http://localhost:5173", "http://127.0.0.1:9999", "https://evil.example.com",
                   "null"):
        r = client.get("/config", headers={"Origin": origin})
        assert "access-control-allow-origin" not in r.headers
        assert "access-control-allow-credentials" not in r.headers
        r = client.options("/gradio_api/queue/join", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST"})
        assert r.headers.get("access-control-allow-origin") is None


def test_csp_has_no_unsafe_eval(client):
    assert "unsafe-eval" not in client.get("/").headers["content-security-policy"]


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/ask"), ("PUT", "/api/feedback"), ("DELETE", "/api/ask"), ("POST", "/healthz"),
    ("POST", "/docs"), ("GET", "/gradio_api/queue/join"), ("POST", "/config")])
def test_405_carries_allow_and_swedish(client, method, path):
    r = client.request(method, path)
    assert r.status_code == 405, r.text
    assert r.headers.get("allow") and "stöds inte" in r.json()["error"] or "POST" in r.json()["error"]


@pytest.mark.parametrize("path", ["/api", "/api/", "/api/fraga", "/api/ask/extra", "/api/../etc",
                                  "/api/feedback/1", "/api/%00"])
def test_unknown_api_paths_answer_swedish_json(client, path):
    r = client.get(path)
    assert r.status_code in (404, 405)
    body = r.json()
    assert set(body) == {"error"} and "detail" not in body


def test_long_municipality_filter_is_refused_not_echoed(client):
    r = client.post("/api/ask", json={"question": QUESTION, "municipality": "Q" * 10_000})
    assert r.status_code == 422 and "för långt" in r.json()["error"]
    assert "QQQQ" not in r.text


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVE = """
import os, sys
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
from pathlib import Path
import uvicorn
from assistant.config import Settings
from assistant.answering.pipeline import Assistant
from assistant.web.app import create_app
from assistant.web.serving import uvicorn_config
root = Path(sys.argv[1])
s = Settings.from_env(env={}, corpus_dir=root / "corpus", index_dir=root / "index",
                      feedback_db=root / "fb.sqlite3", gradio_cache=root / "cache",
                      port=int(sys.argv[2]), sessions=int(sys.argv[3]), header_timeout=1.0)
app = create_app(Assistant.open(s), s)
uvicorn.Server(uvicorn_config(app, s, log_level="warning")).run()
"""


@pytest.fixture(scope="module")
def served(shipped, tmp_path_factory):
    """The app in a process of its own, for memory and socket tests."""
    root = Path(shipped.settings.corpus_dir).parent
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVE, str(root), str(port), "300"],
                            cwd=Path(__file__).resolve().parents[2])
    import httpx

    deadline = time.monotonic() + 90
    while True:
        assert proc.poll() is None and time.monotonic() < deadline, "app did not start"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    yield proc, port
    proc.terminate()
    proc.wait(10)


def test_sessions_do_not_grow_memory_without_bound(served):
    """3,000 new chat sessions (each a page-load event with its own session
    hash): RSS levels off once the session capacity (300 here) is reached."""
    import httpx

    proc, port = served
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as c:
        load = next(d["id"] for d in c.get("/config").json()["dependencies"]
                    if d["targets"][0][1] == "load" and d["backend_fn"])

        def sessions(start, n):
            for i in range(start, start + n):
                r = c.post("/gradio_api/run/predict",
                           json={"data": [], "fn_index": load, "session_hash": f"s{i:06d}"})
                assert r.status_code == 200, r.text

        sessions(0, 1000)
        after_1000 = _rss_kb(proc.pid)
        sessions(1000, 2000)
        after_3000 = _rss_kb(proc.pid)
    growth_mb = (after_3000 - after_1000) / 1024
    print(f"RSS after 1,000 sessions {after_1000 / 1024:.0f} MB, after 3,000 "
          f"{after_3000 / 1024:.0f} MB (+{growth_mb:.1f} MB)")
    # unbounded, 2,000 more sessions cost about 2,000 x 58 kB = 113 MB
    assert growth_mb < 25


def test_half_open_connections_are_closed(served):
    """Connections that send nothing, or headers that never end, are closed
    after the header timeout (1 s here), not held open."""
    _, port = served
    socks = []
    for n in range(20):
        s = socket.create_connection(("127.0.0.1", port))
        if n % 2:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        socks.append(s)
    time.sleep(3)
    closed = 0
    for s in socks:
        s.settimeout(2)
        try:
            while s.recv(1024):  # whatever it says, then the end of the stream
                pass
            closed += 1
        except ConnectionResetError:
            closed += 1
        except socket.timeout:
            pass
        s.close()
    assert closed == len(socks)


def test_feedback_schema_is_versioned_and_old_rows_are_purged(tmp_path):
    import sqlite3
    from datetime import datetime, timedelta, timezone

    from assistant.governance.feedback import SCHEMA, FeedbackStore

    db = tmp_path / "fb.sqlite3"
    # a file from before versions were counted: the old table, one unsigned row
    with sqlite3.connect(db) as old:
        old.executescript(SCHEMA.steps[0].sql)
        old.execute("INSERT INTO feedback (time, source, verdict, question, no_answer, passages,"
                    " answer) VALUES ('2020-01-01T00:00:00+00:00', 'api', 'helpful', 'Vem är VD?',"
                    " 0, '[]', '{\"question\": \"Vem är VD?\"}')")
    store = FeedbackStore(db, retention_days=90)
    answer = {"question": "Vem leder?", "no_answer": False, "interpreted_as": None,
              "passages": [{"quote": "Anna leder omsorgen.", "start": 0, "end": 20,
                            "article": {"id": "a"}}], "nearest": []}
    assert len(store.rows()) == 1 and store.rows(genuine_only=True) == []  # migrated, unsigned
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA.version
    assert store.purge() == 1  # the 2020 row is past 90 days
    store.record(answer, "helpful", answer_id=store.sign(answer))
    assert len(store.rows(genuine_only=True)) == 1
    later = datetime.now(timezone.utc) + timedelta(days=91)
    assert store.purge(now=later) == 1 and store.rows() == []


def test_export_skips_unsigned_and_forged_rows(tmp_path):
    import io
    import sqlite3

    from assistant.governance.feedback import FeedbackStore, export_jsonl

    db = tmp_path / "fb.sqlite3"
    store = FeedbackStore(db)
    answer = {"question": "Vem leder?", "no_answer": False, "interpreted_as": None,
              "passages": [{"quote": "Anna leder omsorgen.", "start": 0, "end": 20,
                            "article": {"id": "a"}}], "nearest": []}
    store.record(answer, "helpful", answer_id=store.sign(answer))
    with sqlite3.connect(db) as raw:  # rows written around the checks, as an attacker with the file
        raw.execute("INSERT INTO feedback (time, source, verdict, question, no_answer, passages,"
                    " answer, answer_id) SELECT time, source, verdict, 'Vem är VD för Volvo?',"
                    " no_answer, passages, replace(answer, 'Vem leder?', 'Vem är VD för Volvo?'),"
                    " answer_id FROM feedback")
    out = io.StringIO()
    assert export_jsonl(db, out) == 1
    assert "Volvo" not in out.getvalue()


def test_feedback_on_a_full_disk_is_a_swedish_503(shipped, settings):
    import sqlite3

    from assistant.governance.feedback import FeedbackStore

    class Full(FeedbackStore):
        """A real SQLite file that may not grow (SQLITE_FULL, as on a full disk)."""

        def _connect(self):
            db = super()._connect()
            pages = db.execute("PRAGMA page_count").fetchone()[0]
            db.execute(f"PRAGMA max_page_count = {pages}")
            return db

    store = Full(settings.feedback_db.with_name("full.sqlite3"))
    store.key()
    with TestClient(create_app(shipped, settings, feedback=store)) as c:
        answer = c.post("/api/ask", json={"question": QUESTION}).json()
        big = {**answer, "question": answer["question"]}
        codes = set()
        for _ in range(5):  # fill the last free pages, then the disk is full
            r = c.post("/api/feedback", json={"answer": big, "verdict": "helpful"})
            codes.add(r.status_code)
            if r.status_code == 503:
                assert "kunde inte sparas" in r.json()["error"]
                assert r.headers["content-type"].startswith("application/json")
                break
        assert 503 in codes, codes
    assert sqlite3  # the real library raised it


def test_healthz_fails_when_no_question_can_be_answered(shipped, settings):
    app = create_app(shipped, settings)
    with TestClient(app) as c:
        assert c.get("/healthz").json()["status"] == "ok"
        searcher = shipped.searcher
        broken = type("Broken", (), {"search": lambda *a, **k: 1 / 0, "data": searcher.data,
                                     "covered_places": searcher.covered_places,
                                     "searchable": lambda self, q: True})()
        try:
            shipped.searcher = broken  # the tables are damaged: every search fails
            import assistant.web.routes.ask as api

            api_health_seconds, api.HEALTH_SECONDS = api.HEALTH_SECONDS, 0.0
            try:
                r = c.get("/healthz")
            finally:
                api.HEALTH_SECONDS = api_health_seconds
        finally:
            shipped.searcher = searcher
        assert r.status_code == 503 and r.json()["status"] == "error"
        assert "kan inte besvaras" in r.json()["error"]


def test_an_event_that_fails_shows_no_python_text(client):
    """Errors inside an allowed event reach the page without their Python text
    (Gradio's show_error was on: one handler returned the raw exception)."""
    config = client.get("/config").json()
    like = next(d["id"] for d in config["dependencies"] if d["api_name"] == "on_feedback")
    for event_data in ({"index": "x", "value": 5, "liked": True}, {"nope": 1}, None):
        r = client.post("/gradio_api/run/predict",
                        json={"data": [], "fn_index": like, "session_hash": "x",
                              "event_data": event_data})
        text = r.text
        assert "Traceback" not in text and "Error(" not in text and "KeyError" not in text
        assert "TypeError" not in text and "AttributeError" not in text, text

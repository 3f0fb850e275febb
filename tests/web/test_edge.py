"""Issue 19's low items at the edge, over real HTTP (uvicorn, the real model
and index on a tmp copy of the corpus): JSON nested 30,000 deep, a
300-character file name and a full audit disk get Swedish JSON errors with a
fitting status, an error inside Gradio too; the pages that need no inline
script get a CSP without 'unsafe-inline' for scripts (only the chat page keeps
it); no anonymous route shows Gradio's version."""

from __future__ import annotations

import shutil
from dataclasses import replace

import gradio
import pytest
from conftest import PROXY, project_settings
from served import Served
from test_storage_failures import UNAVAILABLE, fill, mounted

from assistant.answering.pipeline import Assistant, update_index
from assistant.governance.audit import AuditLog
from assistant.web.app import create_app

EDITOR = {"X-Remote-User": "erik", "X-Remote-Groups": "Redaktion"}
ADMIN = {"X-Remote-User": "ida", "X-Remote-Groups": "IT-admin"}
ARTICLE = "004-vargarda-socialtjanst"
DEEP = 30_000
ENGLISH = ("Internal Server Error", "Traceback", "There was an error", "detail")


def _settings(root, copy_corpus=True):
    return project_settings(root, copy_corpus, audit_db=root / "audit" / "audit.sqlite3")


@pytest.fixture(scope="module")
def project(tmp_path_factory, shipped):
    root = tmp_path_factory.mktemp("edge")
    settings = _settings(root)
    shutil.copytree(shipped.settings.index_dir, root / "index")  # built once per session
    update_index(settings, shipped.embedder)  # nothing to do: the same articles
    return settings, Assistant(settings, shipped.embedder)


@pytest.fixture(scope="module")
def served(project):
    settings, assistant = project
    s = Served(create_app(assistant, settings), settings).start()
    yield s
    s.stop()


def swedish_error(r, statuses) -> str:
    """The response's Swedish error message, checked."""
    assert r.status_code in statuses, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json"), r.text[:300]
    body = r.json()
    assert isinstance(body.get("error"), str) and body["error"], body
    assert not any(word in r.text for word in ENGLISH), r.text[:300]
    return body["error"]


@pytest.mark.parametrize("method, path, who", [
    ("POST", "/api/ask", None), ("POST", "/api/feedback", None),
    ("POST", "/gradio_api/run/predict", None), ("POST", "/gradio_api/queue/join", None),
    ("POST", "/gradio_api/call/ask", None),
    ("POST", "/api/articles", EDITOR), ("PATCH", f"/api/articles/{ARTICLE}", EDITOR)])
@pytest.mark.parametrize("shape", ["array", "object"])
def test_json_nested_30000_deep_is_a_swedish_4xx(served, method, path, who, shape):
    if shape == "array":
        body = "[" * DEEP + "]" * DEEP
    else:  # as deep as fits in 64 kB
        body = '{"a":' * 10_000 + "1" + "}" * 10_000
    with served.client(PROXY, headers=who or {}) as client:
        r = client.request(method, path, content=body, headers={"content-type": "application/json"})
        swedish_error(r, (400, 413))
        assert client.get("/healthz").status_code == 200  # and the connection is still good


@pytest.mark.parametrize("name", ["a" * 296 + ".txt", "ö" * 150 + ".txt"])
def test_a_300_character_file_name_is_a_swedish_422(served, project, name):
    settings, _ = project
    before = sorted(p.name for p in settings.corpus_dir.iterdir())
    with served.client(PROXY, headers=EDITOR) as client:
        r = client.post("/api/articles", files=[("files", (name, (
            "Ny ledningsgrupp i Tranemo\n\nTranemo kommun har en ny ledningsgrupp för vård och "
            "omsorg som samverkar med Svenljunga om socialtjänsten.\n").encode(), "text/plain"))])
    assert "för långt" in swedish_error(r, (422,))
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == before


def test_an_error_inside_gradio_is_a_swedish_answer(served):
    """Gradio answered an event it does not have with a 500 and its traceback."""
    with served.client("127.0.0.1") as client:
        r = client.post("/gradio_api/run/ask", json={"data": ["Vem?", "Alla", "Alla"],
                                                     "fn_index": 999})
        swedish_error(r, range(400, 600))
        assert client.get("/healthz").status_code == 200


@pytest.mark.skipif(UNAVAILABLE is not None, reason=UNAVAILABLE or "")
def test_a_full_audit_disk_is_a_swedish_503(project, tmp_path):
    """The audit file on a 64 kB tmpfs that is full: reading feedback (an
    admin's read is audited) and editing an article answer 503 in Swedish."""
    settings, assistant = project
    shutil.copytree(settings.corpus_dir, tmp_path / "corpus")  # edited here, not elsewhere
    shutil.copytree(settings.index_dir, tmp_path / "index")
    audit_dir = tmp_path / "audit"
    with mounted(audit_dir, "-t", "tmpfs", "-o", "size=64k", "tmpfs"):
        full = replace(_settings(tmp_path, copy_corpus=False), audit_db=audit_dir / "audit.sqlite3")
        AuditLog(full.audit_db).record("test.start", "test")
        served = Served(create_app(Assistant(full, assistant.embedder), full), full).start()
        try:
            fill(audit_dir)
            with served.client(PROXY, headers=ADMIN) as admin:
                r = admin.get("/api/feedback")
                assert "Granskningsloggen" in swedish_error(r, (503,))
                assert r.headers.get("retry-after")
            with served.client(PROXY, headers=EDITOR) as editor:
                r = editor.patch(f"/api/articles/{ARTICLE}", json={"updated": "2026-12-01"})
                swedish_error(r, (503,))  # (the change is undone: editors/journal.py)
        finally:
            served.stop()


CHAT = ("/", "/?embed=1")
PAGES = ("/artiklar", f"/artiklar/{ARTICLE}?start=0&end=20", "/tillganglighet", "/integritet",
         "/docs", "/redaktion", "/redaktion/saknas", "/healthz", "/config", "/api/ask",
         "/sidor/sida.js")


def _script_src(r) -> str:
    policy = dict(p.strip().split(" ", 1) for p in r.headers["content-security-policy"].split(";"))
    return policy["script-src"]


def test_only_the_chat_page_may_run_inline_script(served):
    with served.client(PROXY, headers=EDITOR) as client:
        for path in CHAT:
            assert _script_src(client.get(path)) == "'self' 'unsafe-inline'", path
        for path in PAGES:
            r = client.get(path)
            assert r.status_code < 500, (path, r.status_code)
            assert _script_src(r) == "'self'", path


def test_under_a_sub_path_the_chat_page_is_found_both_ways(project, tmp_path):
    settings, assistant = project
    behind = replace(settings, root_path="/assistent", gradio_cache=tmp_path / "cache")
    served = Served(create_app(assistant, behind), behind).start()
    try:
        with served.client("127.0.0.1") as client:
            for path in ("/", "/assistent", "/assistent/"):  # proxy strips the prefix, or not
                assert "'unsafe-inline'" in _script_src(client.get(path)), path
            for path in ("/artiklar", "/assistent/artiklar", "/assistent/tillganglighet"):
                assert _script_src(client.get(path)) == "'self'", path
    finally:
        served.stop()


def test_no_anonymous_route_shows_the_gradio_version(served):
    version = gradio.__version__
    with served.client("127.0.0.1") as client:
        config = client.get("/config")
        assert config.status_code == 200 and "components" in config.json()
        for path in ("/", "/?embed=1", "/config", "/theme.css", "/gradio_api/theme.css",
                     "/favicon.ico", "/robots.txt", "/gradio_api/info", "/openapi.json",
                     "/docs", "/healthz", "/artiklar"):
            r = client.get(path)
            shown = r.text + " ".join(f"{k}: {v}" for k, v in r.headers.items())
            assert version not in shown, path

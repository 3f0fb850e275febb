"""One error hierarchy and one handler (issue 20): each route's own Swedish
refusal reaches the client. A reader's `GET /api/audit` got `403
{"error":"Begäran är felaktig."}`, and so did the admin routes' 401 and 422.
Real app, real uvicorn, real HTTP from chosen loopback addresses."""

from __future__ import annotations

from dataclasses import replace

import pytest
from served import Served

from assistant.errors import (AssistantError, BadQuestion, Forbidden, IndexMissing,
                              NotSignedIn, PersonalData, StorageError)
from assistant.web.app import create_app

PROXY = "127.0.0.2"
ADMIN = {"X-Remote-User": "eva", "X-Remote-Groups": "IT-admin"}
READER = {"X-Remote-User": "anna"}


@pytest.fixture(scope="module")
def server(shipped, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("errors")
    settings = replace(shipped.settings, trusted_proxies=(PROXY,), admin_groups=("IT-admin",),
                       feedback_db=tmp / "feedback.sqlite3", audit_db=tmp / "audit.sqlite3",
                       gaps_db=tmp / "gaps.sqlite3", gradio_cache=tmp / "gradio-cache")
    served = Served(create_app(shipped, settings), settings).start()
    yield served
    served.stop()


def _error(r, status: int) -> str:
    assert r.status_code == status, (r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error"}
    return body["error"]


def test_a_readers_refusal_names_the_role(server):
    with server.client(PROXY, headers=READER) as reader:
        for method, path in (("GET", "/api/audit"), ("GET", "/api/feedback"),
                             ("DELETE", "/api/feedback"), ("GET", "/metrics")):
            text = _error(reader.request(method, path), 403)
            assert "kräver rollen admin" in text, (path, text)
        assert "kräver rollen editor" in _error(reader.delete("/api/articles/x"), 403)


def test_nobody_signed_in_is_told_to_sign_in(server):
    with server.client("127.0.0.3") as anyone:
        for path in ("/api/audit", "/api/feedback", "/metrics"):
            assert "logga in" in _error(anyone.get(path), 401), path


def test_the_admin_routes_own_422(server):
    with server.client(PROXY, headers=ADMIN) as admin:
        assert "ska vara ett datum" in _error(admin.get("/api/audit", params={"from": "igår"}), 422)
        assert "from och to" in _error(admin.delete("/api/feedback",
                                                    params={"from": "2026-01-31"}), 422)


def test_a_browser_gets_a_swedish_page(server):
    with server.client(PROXY, headers={**READER, "Accept": "text/html"}) as reader:
        r = reader.get("/redaktion")
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert '<html lang="sv"' in r.text and "kräver rollen editor" in r.text
    assert "Forbidden" not in r.text and "detail" not in r.text


def test_every_error_carries_its_status():
    assert (BadQuestion.status, PersonalData.status, NotSignedIn.status, Forbidden.status,
            IndexMissing.status, StorageError.status, AssistantError.status) == (
        422, 422, 401, 403, 503, 503, 500)

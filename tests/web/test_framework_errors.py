"""Requests the app's own handlers never see (a wrong method, a framework
route's own checks), tried against the real app: each answer is the app's
Swedish JSON error, never FastAPI's, Starlette's or Gradio's English one, and
nothing the guard does not allow reaches Gradio."""

from __future__ import annotations


import pytest
from conftest import app_client


ENGLISH = ("detail", "Not Found", "Forbidden", "Method Not Allowed", "Field required",
           "Disallowed", "Bad Request")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


@pytest.fixture(scope="module")
def client(shipped, tmp_path_factory):
    with app_client(shipped, tmp_path_factory.mktemp("framework-errors")) as c:
        yield c


def _swedish(r) -> None:
    assert r.headers["content-type"].startswith("application/json"), r.text[:200]
    assert "error" in r.json() and not any(w in r.text for w in ENGLISH), r.text[:200]


def test_a_wrong_method_on_a_page_or_route_of_the_app_is_a_swedish_405(client):
    # the pages and API routes come from routers added with include_router:
    # a wrong method on one of their paths went past the guard to Gradio
    paths = {"/integritet": "GET", "/tillganglighet": "GET", "/artiklar": "GET",
             "/artiklar/x": "GET", "/redaktion": "GET", "/redaktion/saknas": "GET",
             "/metrics": "GET", "/healthz": "GET", "/docs": "GET"}
    for path, allowed in paths.items():
        for method in set(METHODS) - {allowed}:
            r = client.request(method, path)
            assert r.status_code == 405, (method, path, r.status_code, r.text[:200])
            _swedish(r)
            assert allowed in r.headers["allow"]


def test_gradios_own_refusals_on_the_routes_the_chat_uses_are_swedish(client, caplog):
    cases = [
        ("GET", "/assets/nothing-here.js", None, 404),              # Gradio: {"detail": "Not Found"}
        ("GET", "/assets/..%2f..%2fetc%2fhostname", None, 404),     # Gradio: 403 "Forbidden"
        ("GET", "/gradio_api/queue/data", None, 422),               # FastAPI: "Field required"
        ("POST", "/gradio_api/queue/join",                          # "Session hash not found."
         {"fn_index": _ask(client), "data": ["Vem är socialchef?", None, "Alla", "Alla"]}, 400),
    ]
    for method, path, body, status in cases:
        r = client.request(method, path, json=body)
        assert r.status_code == status, (method, path, r.status_code, r.text[:200])
        _swedish(r)
        assert "etc" not in r.text
    assert client.get("/theme.css").status_code == 200  # what the page needs still passes
    caplog.clear()
    assert client.get("/assets/19121212-1212.js").status_code == 404
    assert "Gradio answered 404" in caplog.text and "19121212" not in caplog.text


def _ask(client) -> int:
    deps = client.get("/config").json()["dependencies"]
    return next(d["id"] for d in deps if d["api_name"] == "ask")


def test_a_refused_cross_origin_preflight_is_swedish_and_still_refused(client):
    for path in ("/api/ask", "/api/feedback", "/api/articles"):
        r = client.options(path, headers={"Origin": "https://evil.example.com",
                                          "Access-Control-Request-Method": "POST"})
        assert r.status_code == 400, (path, r.status_code, r.text)
        _swedish(r)
        assert "annan webbplats" in r.json()["error"]
        assert "access-control-allow-origin" not in r.headers

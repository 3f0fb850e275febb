"""What a signed-in user sees is kept by no cache: over real HTTP (uvicorn),
the real app, the intranet's proxy at a trusted address. Without
Cache-Control, the intranet's caching proxy or the browser's disk could keep
the editors' pages, feedback or the audit log and show them again."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from served import Served

from assistant.web.app import create_app

PROXY = "127.0.0.2"
EDITOR = {"X-Remote-User": "erik", "X-Remote-Groups": "Redaktion"}
ADMIN = {"X-Remote-User": "eva", "X-Remote-Groups": "IT-admin"}
TOKEN = "statistik-" + "s" * 30


@pytest.fixture(scope="module")
def served(shipped, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("no-store")
    (tmp / "tokens.txt").write_text(f"statistik admin {TOKEN}\n", encoding="utf-8")
    settings = replace(shipped.settings, trusted_proxies=(PROXY,), editor_groups=("Redaktion",),
                       admin_groups=("IT-admin",), tokens_file=tmp / "tokens.txt",
                       feedback_db=tmp / "feedback.sqlite3", audit_db=tmp / "audit.sqlite3",
                       gradio_cache=tmp / "gradio-cache")
    server = Served(create_app(shipped, settings), settings).start()
    yield server
    server.stop()


def test_answers_to_a_signed_in_user_are_not_stored_by_any_cache(served):
    signed_in = [(EDITOR, "/redaktion"), (EDITOR, "/redaktion/saknas"), (EDITOR, "/api/sources"),
                 (EDITOR, "/api/me"), (EDITOR, "/"), (EDITOR, "/config"), (ADMIN, "/api/feedback"),
                 (ADMIN, "/api/audit"), (ADMIN, "/metrics"),
                 ({"Authorization": f"Bearer {TOKEN}"}, "/api/audit")]
    with served.client(PROXY) as client:
        for headers, path in signed_in:
            r = client.get(path, headers=headers)
            assert r.status_code == 200, (path, r.status_code)
            assert r.headers.get("cache-control") == "no-store", (path, r.headers)


def test_files_the_same_for_everyone_stay_cacheable(served):
    with served.client(PROXY) as client:
        page = client.get("/", headers=EDITOR).text
        script = re.search(r"assets/index-[\w-]+\.js", page).group(0)
        for path in (f"/{script}", "/theme.css", "/favicon.ico"):
            r = client.get(path, headers=EDITOR)
            assert r.status_code == 200 and "no-store" not in r.headers.get("cache-control", "")
        assert client.get("/sidor/sida.css", headers=EDITOR).headers["cache-control"] == "max-age=3600"
        # an anonymous reader's answers are as before
        assert "cache-control" not in client.get("/api/me").headers

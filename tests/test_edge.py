"""Issue 19's low items at the edge, over real HTTP (uvicorn, the real model
and index on a tmp copy of the corpus): the pages that need no inline script
get a CSP without 'unsafe-inline' for scripts; only the chat page keeps it."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from conftest import CORPUS
from served import Served

from assistant.config import Settings
from assistant.server import create_app
from assistant.service import Assistant, update_index

PROXY = "127.0.0.2"
EDITOR = {"X-Remote-User": "erik", "X-Remote-Groups": "Redaktion"}
ARTICLE = "004-vargarda-socialtjanst"


def _settings(root):
    return replace(Settings.from_env(env={}, corpus_dir=root / "corpus", index_dir=root / "index"),
                   trusted_proxies=(PROXY,), editor_groups=("Redaktion",),
                   admin_groups=("IT-admin",), feedback_db=root / "feedback.sqlite3",
                   audit_db=root / "audit" / "audit.sqlite3", gradio_cache=root / "cache")


@pytest.fixture(scope="module")
def project(tmp_path_factory, shipped):
    root = tmp_path_factory.mktemp("edge")
    shutil.copytree(CORPUS, root / "corpus")
    shutil.copytree(shipped.settings.index_dir, root / "index")  # built once per session
    settings = _settings(root)
    update_index(settings, shipped.embedder)  # nothing to do: the same articles
    return settings, Assistant(settings, shipped.embedder)


@pytest.fixture(scope="module")
def served(project):
    settings, assistant = project
    s = Served(create_app(assistant, settings), settings).start()
    yield s
    s.stop()


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


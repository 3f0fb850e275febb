"""`assistant editors link`: a one-time editor sign-in, from this machine
only. The real app over the shipped corpus: through httpx's ASGI transport
with a chosen peer address, and served by uvicorn on loopback (tests/served.py)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import replace

import httpx
import pytest

from assistant.governance import local_links
from assistant.governance.local_links import SIGN_IN_PATH, new_link
from assistant.web.app import create_app
from assistant.web.local_sign_in import COOKIE
from served import Served


@pytest.fixture(scope="module")
def settings(shipped, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("local")
    return replace(shipped.settings, feedback_db=tmp / "feedback.sqlite3",
                   audit_db=tmp / "audit.sqlite3", gradio_cache=tmp / "cache",
                   index_dir=shipped.settings.index_dir)


@pytest.fixture(scope="module")
def app(shipped, settings):
    return create_app(shipped, settings)


def client(app, peer: str) -> httpx.Client:
    transport = httpx.ASGITransport(app=app, client=(peer, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:7860")


async def _sign_in(app, peer, code, headers=None):
    async with client(app, peer) as c:
        return await c.get(f"{SIGN_IN_PATH}?kod={code}", headers=headers or {})


@pytest.mark.anyio
async def test_link_signs_in_once_from_loopback(app, settings):
    code = new_link(settings, "testaren")
    async with client(app, "127.0.0.1") as c:
        assert (await c.get("/redaktion")).status_code in (401, 403)  # not an editor before
        first = await c.get(f"{SIGN_IN_PATH}?kod={code}")
        assert first.status_code == 303 and first.headers["location"].endswith("/redaktion")
        cookie = first.cookies[COOKIE]
        set_cookie = first.headers["set-cookie"].lower()
        assert "httponly" in set_cookie and "samesite=strict" in set_cookie
        page = await c.get("/redaktion", cookies={COOKIE: cookie})
        assert page.status_code == 200 and "Redigera artiklarna" in page.text
        # a second time: refused, in Swedish
        again = await c.get(f"{SIGN_IN_PATH}?kod={code}")
        assert again.status_code == 403 and "Länken gäller inte" in again.text
    # the session cookie is worth nothing from elsewhere, or through a proxy
    async with client(app, "192.0.2.7") as c:
        assert (await c.get("/redaktion", cookies={COOKIE: cookie})).status_code in (401, 403)
    async with client(app, "127.0.0.1") as c:
        proxied = await c.get("/redaktion", cookies={COOKIE: cookie},
                              headers={"X-Forwarded-For": "192.0.2.7"})
        assert proxied.status_code in (401, 403)
        forged = await c.get("/redaktion", cookies={COOKIE: cookie[:-2] + "00"})
        assert forged.status_code in (401, 403)


@pytest.mark.anyio
async def test_link_refused_after_expiry(app, settings):
    code = new_link(settings, "testaren", now=time.time() - local_links.LINK_SECONDS - 1)
    r = await _sign_in(app, "127.0.0.1", code)
    assert r.status_code == 403 and COOKIE not in r.cookies


@pytest.mark.anyio
@pytest.mark.parametrize("peer, headers", [
    ("192.0.2.7", {}),                                   # another machine
    ("10.1.2.3", {"X-Forwarded-For": "127.0.0.1"}),     # another machine, lying
    ("127.0.0.1", {"X-Forwarded-For": "192.0.2.7"}),    # a proxy on this machine
    ("127.0.0.1", {"X-Forwarded-For": "127.0.0.1"}),    # a proxy claiming loopback
    ("127.0.0.1", {"Forwarded": "for=192.0.2.7"}),
    ("127.0.0.1", {"X-Real-IP": "192.0.2.7"}),
])
async def test_link_refused_from_elsewhere_and_spent(app, settings, peer, headers):
    code = new_link(settings, "testaren")
    r = await _sign_in(app, peer, code, headers)
    assert r.status_code == 403 and COOKIE not in r.cookies
    # a request from elsewhere does not spend the link: its owner, on this
    # machine, can still use it (once)
    assert (await _sign_in(app, "127.0.0.1", code)).status_code == 303


@pytest.mark.anyio
@pytest.mark.parametrize("code", ["", "x", "a" * 40, "../../etc/passwd" + "a" * 30, "é" * 50])
async def test_made_up_codes_are_refused(app, code):
    assert (await _sign_in(app, "127.0.0.1", code)).status_code == 403


def test_only_a_digest_is_on_disk(settings):
    code = new_link(settings, "testaren")
    files = list(local_links.folder(settings).glob("*.json"))
    assert files and all(code not in f.name and code not in f.read_text() for f in files)
    assert all(oct(f.stat().st_mode & 0o777) == "0o600" for f in files)


def test_served_by_uvicorn_a_proxy_on_loopback_cannot_pass_a_link(app, settings):
    """The real server: uvicorn believes X-Forwarded-For from 127.0.0.1 (its
    proxy_headers); a request through such a proxy is still refused, and the
    same code then works once straight from loopback."""
    server = Served(app, settings).start()
    try:
        code = new_link(settings, "testaren")
        with server.client("127.0.0.1", follow_redirects=False) as c:
            r = c.get(f"{SIGN_IN_PATH}?kod={code}", headers={"X-Forwarded-For": "203.0.113.9"})
            assert r.status_code == 403
            r = c.get(f"{SIGN_IN_PATH}?kod={code}")
            assert r.status_code == 303
            assert c.get(f"{SIGN_IN_PATH}?kod={code}").status_code == 403
    finally:
        server.stop()


def test_cli_prints_a_link(settings, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "ASSISTANT_INDEX": str(settings.index_dir),
           "ASSISTANT_CORPUS": str(settings.corpus_dir), "ASSISTANT_AUDIT_DB": str(settings.audit_db),
           "ASSISTANT_PORT": "7861", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "assistant.cli", "editors", "link"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    link = out.stdout.splitlines()[0]
    assert re.fullmatch(r"http://127\.0\.0\.1:7861/redaktion/logga-in\?kod=[\w-]{40,}", link)
    assert "en gång" in out.stdout and "Traceback" not in out.stderr

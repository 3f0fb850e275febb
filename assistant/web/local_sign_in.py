"""Trying the editors' pages on one's own machine: `assistant editors link`
prints a sign-in link; opened in a browser on the same machine, it signs
that browser in as an editor for an hour.

A link (governance/local_links.py) is valid once, for five minutes, and
only for a request that comes straight from the loopback address: a request
with X-Forwarded-For, Forwarded or X-Real-IP (anything a proxy passed on)
is refused, so a reverse proxy on the same machine cannot carry someone
else's request in. Using a link deletes it, and only the request that
deletes it signs in. The session is a cookie signed with a key that lives
in this process only, honoured under the same loopback rule.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import time

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..governance.identity import User
from ..governance.local_links import SIGN_IN_PATH as PATH
from ..governance.local_links import use_link

SESSION_SECONDS = 3600
COOKIE = "lokal_inloggning"
PROXY_HEADERS = (b"x-forwarded-for", b"forwarded", b"x-real-ip", b"x-forwarded-host")
REFUSED = ("Länken gäller inte: den är redan använd, för gammal, eller öppnad från en annan "
           "dator än den som appen körs på. Skapa en ny med <code>assistant editors link</code> "
           "och öppna den i en webbläsare på samma dator.")


def from_this_machine(scope) -> bool:
    """A request straight from loopback: no proxy's headers at all."""
    if any(k.lower() in PROXY_HEADERS for k, _ in scope.get("headers", ())):
        return False
    try:
        return ipaddress.ip_address((scope.get("client") or ("",))[0]).is_loopback
    except ValueError:
        return False


class Sessions:
    """Signed session cookies, with a key that dies with the process."""

    def __init__(self):
        self.key = secrets.token_bytes(32)

    def _mac(self, payload: str) -> str:
        return hmac.new(self.key, payload.encode("utf-8"), hashlib.sha256).hexdigest()

    def issue(self, name: str, now: float | None = None) -> str:
        expires = int((time.time() if now is None else now) + SESSION_SECONDS)
        payload = json.dumps([name, expires], ensure_ascii=True, separators=(",", ":"))
        return f"{payload.encode().hex()}.{self._mac(payload)}"

    def user(self, cookie: str | None, now: float | None = None) -> User | None:
        if not cookie or len(cookie) > 1000 or "." not in cookie:
            return None
        hexed, mac = cookie.rsplit(".", 1)
        try:
            payload = bytes.fromhex(hexed).decode("utf-8")
        except ValueError:
            return None
        if not hmac.compare_digest(mac, self._mac(payload)):
            return None
        name, expires = json.loads(payload)
        if expires < (time.time() if now is None else now):
            return None
        return User(name, "editor", "local")


def _cookie(scope) -> str | None:
    for k, v in scope.get("headers", ()):
        if k.lower() == b"cookie":
            for part in v.decode("latin-1").split(";"):
                key, _, value = part.strip().partition("=")
                if key == COOKIE:
                    return value
    return None


class LocalSession:
    """ASGI middleware inside Identity: a valid local session cookie, on a
    request from this machine, makes the user an editor."""

    def __init__(self, app, sessions: Sessions):
        self.app = app
        self.sessions = sessions

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and from_this_machine(scope):
            user = self.sessions.user(_cookie(scope))
            if user is not None:
                scope.setdefault("state", {})["user"] = user
        await self.app(scope, receive, send)


def install(app, settings) -> None:
    """The sign-in route and the session layer (call before access.install,
    so that the session layer sits inside the identity layer)."""
    sessions = Sessions()
    app.add_middleware(LocalSession, sessions=sessions)
    router = APIRouter()

    @router.get(PATH, include_in_schema=False)
    def sign_in(request: Request, kod: str = ""):
        name = use_link(settings, kod) if from_this_machine(request.scope) else None
        if name is None:
            page = (f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Länken '
                    f'gäller inte</title></head><body><main><h1>Länken gäller inte</h1>'
                    f'<p>{REFUSED}</p></main></body></html>')
            return HTMLResponse(page, status_code=403, headers={"Cache-Control": "no-store"})
        response = RedirectResponse(request.scope.get("root_path", "") + "/redaktion",
                                    status_code=303)
        response.set_cookie(COOKIE, sessions.issue(name), max_age=SESSION_SECONDS,
                            httponly=True, samesite="strict", path="/")
        response.headers["Cache-Control"] = "no-store"
        return response

    app.include_router(router)

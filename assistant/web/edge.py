"""ASGI middleware at the edge of the process, one concern each; app.py
orders them. Each wraps the whole app, Gradio included."""

from __future__ import annotations

import ipaddress
import logging
import re
from collections import Counter

import anyio
from starlette.responses import JSONResponse

from ..errors import error_body
from ..governance.identity import relative_path
from .errors import send_error

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024


def content_security_policy(ancestors: str, inline_scripts: bool = False) -> str:
    """Who may frame the app, and: load nothing from other hosts. Scripts
    come from the app's own files; only Gradio's chat page, which carries
    its configuration in inline scripts, gets `inline_scripts`. Never eval
    (0 violations in a real browser without 'unsafe-eval', tests/browser/test_browser.py)."""
    return "; ".join([
        f"frame-ancestors {ancestors}",
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'" if inline_scripts else "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "media-src 'self' data: blob:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


class SecurityHeaders:
    """CSP, nosniff and referrer policy on every response: `csp` on all, or
    `chat_csp` on the chat page (/ under the sub-path `root`). Any
    X-Frame-Options is dropped (it cannot express an allow-list and would
    override frame-ancestors), and so is every CORS header not set by the
    app's own CORS layer (Gradio reflects localhost origins with credentials)."""

    def __init__(self, app, csp: str, chat_csp: str | None = None, root: str = ""):
        self.app = app
        common = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
        self.headers = [(b"content-security-policy", csp.encode("latin-1")), *common]
        self.chat_headers = [(b"content-security-policy", (chat_csp or csp).encode("latin-1")),
                             *common]
        self.chat_paths = {"/", root, root + "/"} if root else {"/"}
        self._drop = {b"x-frame-options", b"content-security-policy", b"server"}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = self.chat_headers if scope["path"] in self.chat_paths else self.headers

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in self._drop]
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


STREAMS = re.compile(r"/gradio_api/(heartbeat/[^/]+|queue/data|call/[\w-]+/[\w-]+)/?")
TOO_MANY_STREAMS = ("För många öppna anslutningar från din adress. Stäng några flikar med "
                    "assistenten eller försök igen om en stund.")
NO_ANSWER_IN_TIME = "Servern hann inte svara. Försök igen om en stund."


class StreamLimit:
    """Gradio's event streams (the page's heartbeat, the queue's data, an
    API call's result) are bounded: each is ended after `lifetime` seconds
    (the chat keeps working: its history travels with each question), and
    one client address may hold at most `per_client` open; one more is a
    Swedish 429. Ordered inside the identity layer, so that the address is
    the client's own and not its proxy's."""

    def __init__(self, app, lifetime: float, per_client: int):
        self.app = app
        self.lifetime = lifetime
        self.per_client = per_client
        self.open: Counter = Counter()

    async def __call__(self, scope, receive, send):
        if (scope["type"] != "http" or scope["method"] != "GET"
                or not STREAMS.fullmatch(relative_path(scope))):
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("",))[0]
        if self.open[client] >= self.per_client:
            log.warning("stream refused: %d open from one address", self.open[client])
            return await send_error(scope, send, 429, TOO_MANY_STREAMS, {"Retry-After": "30"})
        self.open[client] += 1
        started = ended = False

        async def tracked(message):
            nonlocal started, ended
            if message["type"] == "http.response.start":
                started = True
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                ended = True
            await send(message)

        try:
            with anyio.move_on_after(self.lifetime):
                await self.app(scope, receive, tracked)
            if started and not ended:  # cut at its lifetime: end the response properly
                await send({"type": "http.response.body", "body": b"", "more_body": False})
            elif not started:  # (not even begun in its lifetime)
                await send_error(scope, send, 503, NO_ANSWER_IN_TIME)
        finally:
            self.open[client] -= 1
            if self.open[client] <= 0:
                del self.open[client]


class SubPath:
    """A public sub-path: requests arrive with the prefix (the proxy passes it
    through) or without it (the proxy strips it); both are routed the same,
    and URLs the app builds carry the prefix."""

    def __init__(self, app, root: str):
        self.app = app
        self.root = root

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket") and self.root:
            path = scope["path"]
            if not (path == self.root or path.startswith(self.root + "/")):
                raw = scope.get("raw_path")
                scope = {**scope, "path": self.root + path}
                if raw:
                    scope["raw_path"] = self.root.encode() + raw
            scope = {**scope, "root_path": self.root}
        await self.app(scope, receive, send)


def _loopback(host: str) -> bool:
    if host.startswith("["):  # [::1]:7860
        name = host[1:host.find("]")] if "]" in host else host
    else:
        name = host.split(":", 1)[0]
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class PinnedHost:
    """Gradio builds its page config and URLs from Host and X-Forwarded-Host.
    Only names in `public` (ASSISTANT_PUBLIC_HOSTS) and loopback names are
    kept; any other value is replaced by `fallback` (where the app listens),
    so a forged header is never reflected into the page."""

    def __init__(self, app, public: set[str], fallback: str):
        self.app = app
        self.public = {h.lower() for h in public}
        self.fallback = fallback.encode("latin-1")

    def _ok(self, value: bytes) -> bool:
        try:
            host = value.decode("ascii").strip().lower()
        except UnicodeDecodeError:
            return False
        return bool(host) and (host in self.public or _loopback(host))

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            headers = []
            for key, value in scope.get("headers", ()):
                if key in (b"host", b"x-forwarded-host"):
                    if not self._ok(value):
                        if key == b"x-forwarded-host":
                            continue
                        value = self.fallback
                headers.append((key, value))
            scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)


class BodyLimit:
    """Request bodies over `limit` bytes (a smaller one for paths in
    `limits`) get a Swedish 413: by Content-Length before any handler runs,
    or, for a body sent in chunks without one, once the chunks the handler
    reads pass the limit (the handler is told the client left; whatever it
    answers is replaced by the 413). A chunked body is not read ahead here:
    a handler that refuses the sender (not signed in) answers at once,
    and no one holds up to the upload limit in memory for an anonymous
    client (before, 40 MB per connection, read before sign-in was checked).

    Starlette 1.10 has RequestBodyLimitMiddleware, but it answers in English
    plain text; this one answers in Swedish JSON."""

    def __init__(self, app, limit: int = MAX_BODY_BYTES, limits: dict[str, int] | None = None):
        self.app = app
        self.limit = limit
        self.limits = limits or {}  # smaller limits for some paths (after the sub-path)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        limit = next((n for p, n in self.limits.items() if path == p or path.endswith(p)),
                     self.limit)
        length = _declared_length(scope, limit)
        too_large = JSONResponse(error_body(f"Begäran är för stor (högst {limit // 1024} kB)."),
                                 status_code=413)
        if (length or 0) > limit:
            return await too_large(scope, disconnected, send)
        if length is not None or not _chunked(scope):
            return await self.app(scope, receive, send)
        seen, over, started = 0, False, False

        async def counted():
            nonlocal seen, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def unless_over(message):
            nonlocal started
            if over:
                return  # the 413 below is the answer
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, unless_over)
        except Exception:
            if not over:
                raise
        if over and not started:
            await too_large(scope, disconnected, send)


def _declared_length(scope, limit: int) -> int | None:
    """The Content-Length header's value (None without one); one that is not
    a number counts as too large."""
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return limit + 1
    return None


def _chunked(scope) -> bool:
    """The body comes in chunks of unannounced total length."""
    return any(key == b"transfer-encoding" and b"chunked" in value.lower()
               for key, value in scope.get("headers", ()))


async def read_body(receive, limit: int | None = None):
    """(the whole body, a `receive` that replays it, then passes on); (None,
    `disconnected`) if the client went away; (None, None) if the body is
    longer than `limit` (reading stops there). The body limit (BodyLimit)
    and the guard's check of Gradio's events both read a body this way."""
    body, more = b"", True
    while more:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            return None, disconnected
        body += message.get("body", b"")
        if limit is not None and len(body) > limit:
            return None, None
        more = message.get("more_body", False)
    replayed = False

    async def replay():
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return body, replay


async def disconnected():
    return {"type": "http.disconnect"}

"""Answers to a signed-in user are kept by no cache.

The editors' pages, the report of declined questions, feedback, the audit
log, /api/me and the rest carry what one signed-in user may see; without a
Cache-Control header a cache between the browser and the app (the
intranet's proxy) or the browser's own disk may keep them and show them
again. Every answer to a request with a user name (proxy, token or a local
sign-in) gets `Cache-Control: no-store` unless it says otherwise itself
(the pages' shared style sheet and script may be kept an hour) or is one of
the files that are the same for everyone (Gradio's scripts, the theme, the
icon), which caches may keep as before.
"""

from __future__ import annotations

import re

from ..governance.identity import relative_path

SHARED = re.compile(r"/(assets|sidor)/.+|/favicon\.ico|/robots\.txt|(/gradio_api)?/theme\.css")


class NoStore:
    """ASGI middleware inside the identity layers (it reads the user they
    leave in scope["state"] when the answer starts)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or SHARED.fullmatch(relative_path(scope)):
            return await self.app(scope, receive, send)

        async def marked(message):
            if message["type"] == "http.response.start":
                user = (scope.get("state") or {}).get("user")
                headers = list(message.get("headers", ()))
                if getattr(user, "name", None) and not any(
                        k.lower() == b"cache-control" for k, _ in headers):
                    message = {**message, "headers": [*headers, (b"cache-control", b"no-store")]}
            await send(message)

        await self.app(scope, receive, marked)

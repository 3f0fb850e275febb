"""Gradio's HTML page as this service's own: `lang="sv"` in the served HTML
(Gradio's template says "en", which a screen reader believes until a script
changes it), and link previews that name this service instead of Gradio's
og:/twitter: tags ("Gradio", "Click to try out the app!", an image on
raw.githubusercontent.com). The new tags point nowhere outside the app.
"""

from __future__ import annotations

import html
import re

from .site import DESCRIPTION, SERVICE

_HTML_LANG = re.compile(rb'<html(\s+)lang="[^"]*"')
_PREVIEW_TAG = re.compile(rb'<meta\s+(?:property="og:[^"]*"|name="twitter:[^"]*")[^>]*>\s*')
_HEAD = re.compile(rb"<head>")
# Gradio's loader for iframeResizer's helper script: a route the guard refuses
# (404, then a MIME refusal in every console); no frame of ours uses it.
_RESIZER = re.compile(rb"<script>(?:(?!</script>).)*?iframeResizer\.contentWindow\.min\.js"
                      rb"(?:(?!</script>).)*?</script>\s*", re.S)
_MANIFEST = re.compile(rb'<link rel="manifest"[^>]*>\s*')
# Before any of Gradio's scripts: the browser's language is said to be
# Swedish, so Gradio's own words (Rensa, Försök igen, Ångra ...) are Swedish
# in every browser, whatever language it is set to.
LOCALE = (b'<script>(function(){try{var p=Navigator.prototype;'
          b'Object.defineProperty(p,"language",{configurable:true,'
          b'get:function(){return "sv-SE";}});'
          b'Object.defineProperty(p,"languages",{configurable:true,'
          b'get:function(){return ["sv-SE","sv"];}});}catch(e){}})();</script>')


def preview_tags(title: str = SERVICE, description: str = DESCRIPTION) -> bytes:
    e = html.escape
    return (f'<meta name="description" content="{e(description)}" />'
            f'<meta property="og:title" content="{e(title)}" />'
            f'<meta property="og:description" content="{e(description)}" />'
            '<meta property="og:type" content="website" />'
            '<meta property="og:locale" content="sv_SE" />'
            f'<meta property="og:site_name" content="{e(SERVICE)}" />').encode("utf-8")


def rewrite(page: bytes) -> bytes:
    """The page in Swedish, without Gradio's preview tags, with ours."""
    page = _HTML_LANG.sub(rb'<html\1lang="sv"', page, count=1)
    if _RESIZER.search(page):  # Gradio's page (the only one that loads it)
        page = _MANIFEST.sub(b"", _RESIZER.sub(b"", page, count=1), count=1)
        page = _HEAD.sub(lambda m: m.group(0) + LOCALE, page, count=1)
    if _PREVIEW_TAG.search(page):
        page = _PREVIEW_TAG.sub(b"", page)
        page = _HEAD.sub(lambda m: m.group(0) + preview_tags(), page, count=1)
    return page


class SwedishPage:
    """ASGI middleware: HTML responses (not compressed) are passed through
    `rewrite`; everything else, event streams included, is untouched."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "GET":
            return await self.app(scope, receive, send)
        start: dict | None = None
        chunks: list[bytes] = []

        async def buffered(message):
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict((k.lower(), v) for k, v in message.get("headers", []))
                if (headers.get(b"content-type", b"").startswith(b"text/html")
                        and b"content-encoding" not in headers):
                    start = message
                    return
                return await send(message)
            if start is None or message["type"] != "http.response.body":
                return await send(message)
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = rewrite(b"".join(chunks))
            headers = [(k, v) for k, v in start.get("headers", [])
                       if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered)

"""The frameworks' own error answers, given in Swedish: whatever uvicorn,
Starlette or Gradio would answer in English from below the app's own
handlers is replaced here (web/errors.py words the refusals those handlers
see: FastAPI's and Starlette's exceptions).

- `SwedishErrors` (outermost but one, app.py): an exception that escapes
  the app, or any 500 from below, becomes a Swedish JSON 500 (400 for input
  nested too deep to parse); never "Internal Server Error".
- `SwedishPreflight` (just outside Starlette's CORS layer): its refused
  preflight ("Disallowed CORS origin") in Swedish JSON.
- `gradio_in_swedish` (the guard sends through it, guard.py): Gradio's own
  4xx and 503 answers (an English `detail`) in Swedish.
"""

from __future__ import annotations

import json
import logging

from starlette.responses import JSONResponse

from ..errors import error_body
from .errors import FAILED, FRAMEWORK, send_error

log = logging.getLogger(__name__)

TOO_DEEP = "Begäran är inte giltig JSON: den är nästlad i för många nivåer."
CROSS_ORIGIN = ("Anrop från en annan webbplats tas inte emot här (webbplatsen, metoden eller "
                "ett huvud i anropet är inte tillåtet).")
NOT_FOUND = FRAMEWORK[404]
MALFORMED = ('Begäran har fel form för chatten: skicka ett JSON-objekt med "data" som en lista '
             '(och "session_hash" som text), '
             'till exempel {"data": ["Vem är socialchef i Vårgårda?", "Alla", "Alla"]}.')
BAD_QUERY = "Begäran har fel form: en uppgift i adressen saknas eller är fel (till exempel session_hash)."
QUEUE_FULL = "Chatten har för många frågor just nu. Försök igen om en stund."
REFUSED_REQUEST = "Begäran kunde inte tas emot."


class SwedishErrors:
    """The last line: an exception that escapes the app is logged (once, with
    its traceback) and answered with a Swedish JSON 500, or 400 for input
    nested too deep to parse (RecursionError); any 500 from below (Gradio's
    plain-text page, its {"error": null}) is replaced by the same Swedish
    500. Never uvicorn's or Starlette's English "Internal Server Error"."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = replaced = False

        async def checked(message):
            nonlocal started, replaced
            if replaced:
                return
            if message["type"] == "http.response.start":
                started = True
                if message["status"] == 500:
                    replaced = True
                    return await send_error(scope, send, 500, FAILED)
            await send(message)

        try:
            await self.app(scope, receive, checked)
        except Exception as err:
            if started and not replaced:
                raise  # uvicorn closes the connection; nothing more can be said
            deep = isinstance(err, RecursionError)
            if deep:
                log.warning("refused %s %s: nested too deep", scope["method"], scope["path"])
            else:
                log.exception("%s %s failed", scope["method"], scope["path"])
            if not replaced:  # (replaced: the Swedish answer is out already)
                await send_error(scope, send, 400 if deep else 500,
                                 TOO_DEEP if deep else FAILED)


class SwedishPreflight:
    """Just outside Starlette's CORS layer: its refused preflight (English
    plain text, "Disallowed CORS origin") answered in Swedish JSON, its
    headers kept. (Not a subclass of that layer: Gradio adds CORS headers
    of its own unless it finds CORSMiddleware itself among the app's.)"""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            return await self.app(scope, receive, send)
        replacing = False

        async def swedish(message):
            nonlocal replacing
            if message["type"] == "http.response.start" and message["status"] == 400:
                replacing = True
                body = JSONResponse(error_body(CROSS_ORIGIN)).body
                headers = [(k, v) for k, v in message.get("headers", ())
                           if k.lower() not in (b"content-length", b"content-type")]
                headers += [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]
                await send({**message, "headers": headers})
                return await send({"type": "http.response.body", "body": body})
            if not replacing:
                await send(message)

        await self.app(scope, receive, swedish)


def gradio_in_swedish(scope, send):
    """`send`, with Gradio's own 4xx and 503 answers (an English `detail`:
    a body or query of the wrong shape, a missing session, a file under
    /assets that is not there or outside it, a full queue) replaced by
    Swedish ones. The app's own refusals from the layers inside the guard
    (a JSON `error` or a page) pass as they are."""
    held: list = []

    async def swedish(message):
        if message["type"] == "http.response.start" and (
                400 <= message["status"] < 500 or message["status"] == 503):
            held.append(message)
            return
        if not held:
            return await send(message)
        held.append(message)
        if message.get("more_body"):
            return
        start, body = held[0], b"".join(m.get("body", b"") for m in held[1:])
        if _ours(start, body):
            for m in held:
                await send(m)
        else:
            status = start["status"]
            # (not the path: a client may have typed anything there)
            log.warning("refused %s: Gradio answered %d", scope["method"], status)
            await send_error(scope, send, *_in_swedish(status, scope["method"]))
        held.clear()

    return swedish


def _ours(start, body: bytes) -> bool:
    """An error answer of the app itself (web/errors.py): JSON with `error`, or a page."""
    kind = dict(start.get("headers", ())).get(b"content-type", b"")
    if kind.startswith(b"text/html"):
        return True
    try:
        answer = json.loads(body)
    except ValueError:
        return False
    return isinstance(answer, dict) and "error" in answer


def _in_swedish(status: int, method: str) -> tuple[int, str]:
    if status in (403, 404):
        return 404, NOT_FOUND
    if status in (400, 422):
        return status, MALFORMED if method == "POST" else BAD_QUERY
    if status == 503:
        return 503, QUEUE_FULL
    return status, REFUSED_REQUEST

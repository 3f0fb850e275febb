"""The web app's errors: one JSON error response (`error`), one handler
(`install`) for every exception a route raises, and the wording of the
framework's own refusals (`validation_message`).

A route refuses by raising an AssistantError (errors.py: each carries its
HTTP status) or by returning `error(status, message)`; either way its own
Swedish message reaches the client, as `{"error": "<Swedish>"}` under /api
(and for every client that does not ask for HTML), as a Swedish page for a
browser navigating to a page. Starlette's and FastAPI's own refusals (no
such address, wrong method, malformed JSON, wrong fields) are worded in
Swedish here (their English details are never shown).
"""

from __future__ import annotations

import html
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import AssistantError, error_body

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# Starlette's own refusals, in Swedish (their English phrase is never shown)
FRAMEWORK = {400: "Begäran är inte giltig JSON (i UTF-8).", 401: "Du behöver logga in för det här.",
             403: "Du har inte behörighet till det här.", 404: "Adressen finns inte.",
             405: "Metoden stöds inte på den här adressen.", 413: "Begäran är för stor."}
FALLBACK = "Begäran är felaktig."
FAILED = "Något gick fel. Försök igen om en stund."
TITLES = {401: "Logga in", 403: "Ingen behörighet", 404: "Sidan finns inte"}


def documented(descriptions: dict[int, str]) -> dict:
    """A route's `responses=` for the API documentation (/docs): each status
    with its Swedish description."""
    return {status: {"description": text} for status, text in descriptions.items()}


def error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    """The JSON error every route and layer answers with; a 503 says when to retry."""
    headers = dict(headers or {})
    if status == 503:
        headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
    return JSONResponse(error_body(message), status_code=status, headers=headers or None)


async def send_error(scope, send, status: int, message: str, headers: dict | None = None):
    """`error`, sent by an ASGI layer (the guard, framework_errors.py) itself."""
    async def nothing():
        return {"type": "http.disconnect"}

    await error(status, message, headers)(scope, nothing, send)


def wants_page(request: Request) -> bool:
    """A browser navigating to a page (not /api, and asking for HTML)."""
    path = request.url.path[len(request.scope.get("root_path", "")):] or "/"
    return (not path.startswith("/api") and path not in ("/healthz", "/metrics")
            and "text/html" in request.headers.get("accept", ""))


def answer(request: Request, status: int, message: str, headers: dict | None = None):
    """`error`, or for a browser navigating to a page the same message as a Swedish page."""
    if not wants_page(request):
        return error(status, message, headers)
    from .pages.site import page

    title = TITLES.get(status, "Det gick inte")
    response = page(title, f"<h1>{html.escape(title)}</h1><p>{html.escape(message)}</p>",
                    request.scope.get("root_path", "") or "", False, status)
    response.headers.update(headers or {})
    return response


def framework_message(exc: StarletteHTTPException) -> str:
    """Starlette's and FastAPI's own refusals in Swedish. Their details are
    English ("There was an error parsing the body") and never shown; a route
    refuses with its own message by raising an AssistantError instead."""
    return FRAMEWORK.get(exc.status_code, FALLBACK)


def install(app: FastAPI) -> None:
    """The one handler: every AssistantError, HTTPException and validation
    error a route raises, answered in Swedish with its status."""

    @app.exception_handler(AssistantError)
    async def refused(request: Request, exc: AssistantError):
        if exc.status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        headers = {"WWW-Authenticate": 'Bearer realm="samverkansassistenten"'} \
            if exc.status == 401 else None
        return answer(request, exc.status, str(exc) or FAILED, headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return answer(request, exc.status_code, framework_message(exc),
                      getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        status = 400 if any(e.get("type") == "json_invalid" for e in errors) else 422
        return error(status, validation_message(list(errors)))


def _field(loc) -> str:
    parts = [str(p) for p in loc if p != "body"]
    return ".".join(parts)


def validation_message(errors: list[dict]) -> str:
    """Pydantic's errors as one Swedish sentence per problem (never the value sent)."""
    out = []
    for err in errors:
        kind, field, ctx = err.get("type", ""), _field(err.get("loc", ())), err.get("ctx") or {}
        if kind == "json_invalid":
            out.append("Begäran är inte giltig JSON.")
        elif kind == "missing" and not field:
            out.append('Begäran saknar innehåll: skicka ett JSON-objekt, till exempel '
                       '{"question": "Vem är socialchef i Vårgårda?"}.')
        elif kind in ("model_attributes_type", "dict_type", "model_type") and not field:
            out.append('Begäran ska vara ett JSON-objekt, till exempel '
                       '{"question": "Vem är socialchef i Vårgårda?"}.')
        elif kind == "missing":
            out.append(f"Fältet '{field}' saknas.")
        elif kind == "extra_forbidden":
            out.append(f"Okänt fält '{field}'.")
        elif kind == "string_too_long":
            out.append(f"Fältet '{field}' är för långt (högst {ctx.get('max_length')} tecken).")
        elif kind.startswith("string"):
            out.append(f"Fältet '{field}' måste vara text.")
        elif kind.startswith("int") or kind == "float_type":
            out.append(f"Fältet '{field}' måste vara ett heltal.")
        elif kind.startswith("bool"):
            out.append(f"Fältet '{field}' måste vara true eller false.")
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            limit = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
            word = {"greater_than_equal": "minst", "less_than_equal": "högst",
                    "greater_than": "större än", "less_than": "mindre än"}[kind]
            out.append(f"Fältet '{field}' måste vara {word} {limit}.")
        elif kind == "literal_error":
            expected = str(ctx.get("expected", "")).replace("' or '", "' eller '")  # pydantic's "or"
            out.append(f"Fältet '{field}' måste vara ett av: {expected}.")
        elif kind in ("list_type", "too_long"):
            out.append(f"Fältet '{field}' har fel form eller är för långt.")
        else:
            out.append(f"Fältet '{field}' har ett ogiltigt värde.")
    return " ".join(dict.fromkeys(out)) or "Begäran är felaktig."



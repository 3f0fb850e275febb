"""One process: the Gradio chat at / and a JSON API under /api.

Everything a browser or an intranet needs from the process lives here:
framing by allow-list (CSP frame-ancestors, no X-Frame-Options), a public
sub-path behind a reverse proxy, a bounded queue in front of the model, and
4xx JSON errors in Swedish for bad requests.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from typing import Any, Callable, Literal

import anyio
import gradio as gr
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import access
from .config import Settings
from .contract import answer_json
from .errors import AssistantError, BadQuestion
from .feedback import FeedbackStore, shown_passages
from .screening import refusal_in_feedback
from .web import CSS, HEAD, THEME, build_ui
# reader, corpus page, accessibility statement, /api/articles (task rdr)
from .articles_api import articles_router
from .page_head import SwedishPage
from .pages import pages_router

log = logging.getLogger(__name__)

BUSY = "Många frågar just nu. Försök igen om en stund."
RETRY_AFTER_SECONDS = 5
MAX_BODY_BYTES = 64 * 1024
FAILED = "Något gick fel. Försök igen om en stund."

# A CSP source expression as frame-ancestors accepts it: a keyword, a scheme,
# or a host with optional scheme, wildcard subdomain, port and path.
_SOURCE = re.compile(
    r"^('self'|'none'|[a-z][a-z0-9+.-]*:|([a-z][a-z0-9+.-]*://)?(\*|(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*)"
    r"(:(\d{1,5}|\*))?(/[^\s;,']*)?)$", re.IGNORECASE)


def frame_ancestors(value: str) -> str:
    """The frame-ancestors source list from ASSISTANT_FRAME_ANCESTORS, checked.

    Raises AssistantError for anything that is not a source expression (a
    stray ';' or ',' would otherwise open the header to other directives).
    """
    sources = value.split() or ["'self'"]
    bad = [s for s in sources if not _SOURCE.match(s)]
    if bad:
        raise AssistantError(
            f"ASSISTANT_FRAME_ANCESTORS: {' '.join(bad)} är inget giltigt ursprung. Ange "
            "ursprung åtskilda med mellanslag, till exempel  'self' https://intranet.kommun.se")
    if "'none'" in sources and len(sources) > 1:
        raise AssistantError("ASSISTANT_FRAME_ANCESTORS: 'none' kan inte kombineras med ursprung.")
    return " ".join(sources)


def root_path(value: str) -> str:
    """ASSISTANT_ROOT_PATH as '/sub/path' without a trailing slash ('' for none)."""
    value = value.strip().rstrip("/")
    if value and (not value.startswith("/") or re.search(r"[\s?#;\\]", value)):
        raise AssistantError(
            f"ASSISTANT_ROOT_PATH: {value!r} ska vara en sökväg som börjar med /, till exempel "
            "/samverkansassistenten")
    return value


def content_security_policy(ancestors: str) -> str:
    """Who may frame the app, and: load nothing from other hosts. Gradio needs
    inline scripts and styles and builds functions at run time."""
    return "; ".join([
        f"frame-ancestors {ancestors}",
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
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


class Edge:
    """ASGI middleware around the whole app, Gradio included.

    - Security headers on every response; any X-Frame-Options is dropped
      (it cannot express an allow-list and would override frame-ancestors).
    - A public sub-path: requests arrive with the prefix (proxy passes it
      through) or without it (proxy strips it); both are routed the same, and
      URLs the app builds carry the prefix.
    - Request bodies over MAX_BODY_BYTES get a 413: by Content-Length, or,
      for a body sent in chunks without one, once the chunks pass the limit
      (such a body is read here, at most MAX_BODY_BYTES, and handed on).
    """

    def __init__(self, app, csp: str, root: str = ""):
        self.app = app
        self.root = root
        self.headers = [
            (b"content-security-policy", csp.encode("latin-1")),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
        ]
        self._drop = {b"x-frame-options", b"content-security-policy", b"server"}

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        if self.root:
            path = scope["path"]
            if not (path == self.root or path.startswith(self.root + "/")):
                raw = scope.get("raw_path")
                scope = {**scope, "path": self.root + path}
                if raw:
                    scope["raw_path"] = self.root.encode() + raw
            scope = {**scope, "root_path": self.root}

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in self._drop]
                message = {**message, "headers": headers + self.headers}
            await send(message)

        if scope["type"] == "http":
            length = _declared_length(scope)
            if length is None and _chunked(scope):  # read the body, at most the limit
                receive = await _bounded_body(receive)
            if receive is None or (length or 0) > MAX_BODY_BYTES:
                response = JSONResponse(
                    {"error": f"Begäran är för stor (högst {MAX_BODY_BYTES // 1024} kB)."},
                    status_code=413)
                return await response(scope, _disconnected, send_with_headers)
        await self.app(scope, receive, send_with_headers)


def _declared_length(scope) -> int | None:
    """The Content-Length header's value (None without one); one that is not
    a number counts as too large."""
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return MAX_BODY_BYTES + 1
    return None


def _chunked(scope) -> bool:
    """The body comes in chunks of unannounced total length."""
    return any(key == b"transfer-encoding" and b"chunked" in value.lower()
               for key, value in scope.get("headers", ()))


async def _bounded_body(receive):
    """A `receive` that replays the whole body read from `receive`, or None
    if the body is longer than MAX_BODY_BYTES (reading stops there)."""
    body, more = b"", True
    while more:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            return _disconnected
        body += message.get("body", b"")
        if len(body) > MAX_BODY_BYTES:
            return None
        more = message.get("more_body", False)
    replayed = False

    async def replay():
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _disconnected():
    return {"type": "http.disconnect"}


class Busy(Exception):
    """The queue is full, or a question waited longer than allowed."""


class Gate:
    """At most `workers` questions are computed at once, in threads of their
    own; up to `waiting` more wait their turn, each at most `timeout` seconds.
    Beyond that a question is refused at once (Busy) instead of hanging.

    The chat and the API share one gate, so together they never run more
    model calls than the machine has cores for.
    """

    def __init__(self, workers: int, waiting: int, timeout: float):
        self.workers = max(1, workers)
        self.capacity = self.workers + max(0, waiting)
        self.timeout = timeout
        self.admitted = 0
        self._loop = None
        self._slots: anyio.Semaphore | None = None
        self._threads: anyio.CapacityLimiter | None = None

    def _primitives(self):
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a test client may run the app in a new loop
            self._loop = loop
            self._slots = anyio.Semaphore(self.workers)
            self._threads = anyio.CapacityLimiter(self.workers)
        return self._slots, self._threads

    async def run(self, fn: Callable, *args) -> Any:
        if self.admitted >= self.capacity:
            raise Busy()
        slots, threads = self._primitives()
        self.admitted += 1
        try:
            acquired = False
            with anyio.move_on_after(self.timeout):
                await slots.acquire()
                acquired = True
            if not acquired:
                raise Busy()
            try:
                return await anyio.to_thread.run_sync(fn, *args, limiter=threads)
            finally:
                slots.release()
        finally:
            self.admitted -= 1


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: StrictStr = Field(description="Frågan, på svenska (högst 1 000 tecken).",
                                examples=["Vem är socialchef i Vårgårda?"])
    k: StrictInt | None = Field(None, ge=1, le=10, description="Högst så många citat (1–10).")
    municipality: StrictStr | None = Field(None, description="Bara artiklar om den här kommunen.")
    year: StrictInt | None = Field(None, ge=1900, le=2100,
                                   description="Bara artiklar publicerade (eller uppdaterade) det året.")


class _ArticleRef(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: StrictStr


class _PassageIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    quote: StrictStr
    article: _ArticleRef


class AnswerIn(BaseModel):
    """The object /api/ask returned, sent back as it was."""
    model_config = ConfigDict(extra="allow")
    question: StrictStr
    no_answer: StrictBool = False
    passages: list[_PassageIn] = Field(default_factory=list, max_length=10)
    nearest: list[_PassageIn] = Field(default_factory=list, max_length=10)
    interpreted_as: StrictStr | None = None


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: AnswerIn = Field(description="Svarsobjektet från /api/ask, oförändrat.")
    verdict: Literal["helpful", "not_helpful", "wrong_quote"] = Field(
        description="helpful (svaret hjälpte), not_helpful, eller wrong_quote (ett citat är fel).")
    quote: StrictInt | None = Field(None, ge=1, le=10,
                                    description="För wrong_quote: citatets nummer, från 1.")


def _field(loc) -> str:
    parts = [str(p) for p in loc if p != "body"]
    return ".".join(parts)


def validation_message(errors: list[dict]) -> str:
    """Pydantic's errors as one Swedish sentence per problem."""
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
            out.append(f"Fältet '{field}' måste vara ett av: {ctx.get('expected', '')}.")
        elif kind in ("list_type", "too_long"):
            out.append(f"Fältet '{field}' har fel form eller är för långt.")
        else:
            out.append(f"Fältet '{field}' har ett ogiltigt värde.")
    return " ".join(dict.fromkeys(out)) or "Begäran är felaktig."


def _error(status: int, message: str, **extra) -> JSONResponse:
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else None
    return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)


def _check_quotes(assistant, answer: dict) -> None:
    """Feedback must be about quotes the articles really contain, where the
    answer says they are (a client that dropped start/end: anywhere)."""
    bodies = {a.id: a.body for a in assistant.searcher.data.articles}
    for p in shown_passages(answer):
        body = bodies.get(p["article"]["id"], "")
        start, end = p.get("start"), p.get("end")
        if start is None and end is None:
            found = p["quote"] in body
        else:
            found = (type(start) is int and type(end) is int and 0 <= start <= end
                     and body[start:end] == p["quote"])
        if not found:
            raise BadQuestion(
                f"Citatet finns inte ordagrant i artikeln {p['article']['id']}. "
                "Skicka svaret oförändrat, så som /api/ask gav det.")


def docs_page(schema: dict) -> str:
    """The API's documentation as plain HTML, from its OpenAPI schema: no
    scripts and nothing fetched from elsewhere (Swagger UI would load from a CDN)."""
    e = html.escape
    comps = schema.get("components", {}).get("schemas", {})

    def fields(ref: str) -> str:
        model = comps.get(ref.rsplit("/", 1)[-1], {})
        required = set(model.get("required", []))
        rows = []
        for name, prop in model.get("properties", {}).items():
            kinds = [t.get("type") or t.get("$ref", "").rsplit("/", 1)[-1]
                     for t in prop.get("anyOf", [prop])]
            kind = " eller ".join(k for k in kinds if k and k != "null") or "objekt"
            need = "krävs" if name in required else "valfritt"
            rows.append(f"<tr><td><code>{e(name)}</code></td><td>{e(kind)}</td><td>{need}</td>"
                        f"<td>{e(prop.get('description', ''))}</td></tr>")
        return ("<table><tr><th>fält</th><th>typ</th><th></th><th>betydelse</th></tr>"
                + "".join(rows) + "</table>")

    parts = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            parts.append(f"<h2><code>{e(method.upper())} {e(path)}</code></h2>")
            parts.append(f"<p>{e(op.get('description') or op.get('summary', ''))}</p>")
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            if "$ref" in body.get("schema", {}):
                parts.append(fields(body["schema"]["$ref"]))
            codes = "".join(f"<li><code>{e(code)}</code> {e(r.get('description', ''))}</li>"
                            for code, r in op.get("responses", {}).items())
            parts.append(f"<ul>{codes}</ul>")
    title = e(schema.get("info", {}).get("title", "API"))
    return f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{title} – API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1f2937;line-height:1.5}}code{{background:#f3f4f6;padding:0 .2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #9ca3af;padding:.3em .6em;text-align:left;vertical-align:top}}
a{{color:#1f4e79}}</style></head><body>
<h1>{title} – JSON-API</h1>
<p>Maskinläsbar beskrivning: <a href="openapi.json">openapi.json</a> (OpenAPI 3).
Fel besvaras med en 4xx-status och <code>{{"error": "meddelande på svenska"}}</code>;
när kön är full med 503 och <code>Retry-After</code>.</p>
<pre><code>curl -s -X POST http://127.0.0.1:7860/api/ask -H 'Content-Type: application/json' \\
  -d '{{"question": "Vem är socialchef i Vårgårda?", "k": 3}}'</code></pre>
{''.join(parts)}
</body></html>"""


def create_app(assistant, settings: Settings, feedback: FeedbackStore | None = None) -> FastAPI:
    """The whole process as one ASGI app. Raises AssistantError for bad settings."""
    csp = content_security_policy(frame_ancestors(settings.frame_ancestors))
    root = root_path(settings.root_path)
    feedback = feedback or FeedbackStore(settings.feedback_db)
    gate = Gate(settings.workers, settings.queue_size, settings.queue_timeout)

    app = FastAPI(
        title="Samverkansassistenten",
        description="Frågor om ledning och samverkan, besvarade med ordagranna citat ur artiklar.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.gate = gate
    app.state.feedback = feedback
    # Sign-in, roles, personal data, audit, metrics (access.py); before the routes below.
    assistant = access.install(app, assistant, settings, gate, feedback).assistant
    # before the /api catch-all and the Gradio mount, which would shadow them
    app.include_router(articles_router(assistant))
    app.include_router(pages_router(assistant))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        status = 400 if any(e.get("type") == "json_invalid" for e in errors) else 422
        return _error(status, validation_message(list(errors)))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        messages = {400: "Begäran är inte giltig JSON (i UTF-8).", 404: "Adressen finns inte.",
                    405: "Metoden stöds inte på den här adressen."}
        return _error(exc.status_code, messages.get(exc.status_code, str(exc.detail)))

    @app.get("/healthz", summary="Hälsa",
             description="Om indexet är laddat, hur många artiklar och textavsnitt det har och "
                         "vilken modell som byggde det.")
    async def healthz() -> dict:
        return {"status": "ok", "index_loaded": assistant.searcher is not None, **assistant.stats(),
                "queue": {"busy": gate.admitted, "capacity": gate.capacity}}

    @app.post("/api/ask", summary="Ställ en fråga",
              description="Samma objekt som `assistant ask --json` (README: The JSON contract).",
              responses={400: {"description": "Ogiltig JSON"},
                         422: {"description": "Fel fält eller värde, tom eller för lång fråga"},
                         503: {"description": "Kön är full: försök igen efter Retry-After sekunder"}})
    async def ask(body: AskRequest):
        def work():
            return answer_json(assistant.ask(body.question, k=body.k,
                                             municipality=body.municipality, year=body.year))
        try:
            return await gate.run(work)
        except Busy:
            return _error(503, BUSY)
        except BadQuestion as err:
            return _error(422, str(err))
        except AssistantError as err:
            log.error("ask failed: %s", err)
            return _error(503, str(err))
        except Exception:
            log.exception("ask failed")
            return _error(500, FAILED)

    @app.post("/api/feedback", status_code=201, summary="Återkoppling på ett svar",
              description="Markera ett svar som hjälpsamt eller inte, eller ett citat som fel. "
                          "Sparas lokalt och kan exporteras med `assistant feedback export`.",
              responses={422: {"description": "Fel fält, eller citat som inte finns i artiklarna"}})
    def give_feedback(body: FeedbackRequest):
        answer = body.answer.model_dump()
        if refusal := refusal_in_feedback(answer):  # personal data: not stored (guard.py)
            return _error(422, refusal)
        try:
            _check_quotes(assistant, answer)
            row = feedback.record(answer, body.verdict, body.quote, source="api")
        except BadQuestion as err:
            return _error(422, str(err))
        except ValueError:
            return _error(422, f"Svaret har inget citat nummer {body.quote}.")
        return JSONResponse({"saved": row}, status_code=201)

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"],
                   include_in_schema=False)
    def api_other(rest: str):
        if rest in ("ask", "feedback"):
            return _error(405, f"Använd POST för /api/{rest}.")
        return _error(404, f"Det finns ingen adress /api/{rest}. Se /docs.")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(docs_page(app.openapi()))

    async def ui_run(fn, *args):
        try:
            return await gate.run(fn, *args)
        except Busy:
            raise gr.Error(BUSY, title="Upptaget", print_exception=False) from None

    blocks = build_ui(assistant, run=ui_run, feedback=feedback)
    # Every chat event goes straight to the gate, which bounds and times out;
    # Gradio's own limit is only a backstop (its message is in English).
    blocks.queue(default_concurrency_limit=None, max_size=4 * gate.capacity)
    app = gr.mount_gradio_app(app, blocks, path="", root_path=root or None, theme=THEME, css=CSS,
                              head=HEAD, footer_links=[], show_error=True, ssr_mode=False,
                              mcp_server=False, run_history=False)
    app.add_middleware(SwedishPage)  # lang="sv" and our link previews in Gradio's HTML
    app.add_middleware(Edge, csp=csp, root=root)
    return app

"""What a client may ask of the Gradio app: an allow-list at the boundary.

Gradio serves many routes (uploads, file reads, proxies, monitoring, run
history ...) and lets any client call any event by `fn_index` with any
payload. A file part in a chat history (`{"type": "file", "file": {"path":
"/etc/passwd", ...}}`) made Gradio copy that file into its cache and serve it.
The chat needs a few routes, a few events and text only, so `GradioGuard`
lets exactly those through and answers everything else itself:

- a route not in ROUTES: 404 (GET) / 405, Swedish JSON;
- a POST body that is not a JSON object, names an event (`fn_index` or API
  name) the chat does not wire (`allowed_events`), names another event in
  its `fn_index` than its address (/gradio_api/run/<name> runs <name> only),
  or carries anything that is not text (a dict with file keys such as
  `path`, `url`, `meta`, `file`, `component`, or a part whose `type` is not
  "text"): 4xx, Swedish JSON. Nothing reaches Gradio;
- Gradio's own 4xx and 503 answers (an English `detail`): the same, in
  Swedish (framework_errors.gradio_in_swedish, which the guard sends through).

The routes of the app's own FastAPI part (/api, /healthz, /docs) are not
Gradio's and pass through. `tests/web/test_security.py` walks every route the
mounted app has and fails on one that is in neither ROUTES nor REFUSED.
"""

from __future__ import annotations

import json
import logging
import re

import gradio as gr
from starlette.routing import Match, Mount, Route

from ..governance.identity import relative_path
from .edge import read_body
from .errors import send_error
from .framework_errors import gradio_in_swedish

log = logging.getLogger(__name__)

# Gradio routes the chat page needs, as (methods, path regex). Why each:
ROUTES: dict[str, tuple[frozenset[str], str]] = {
    "/": (frozenset({"GET", "HEAD"}), r"/"),                       # the page
    "/config": (frozenset({"GET"}), r"/config/?"),                 # the page's layout
    "/assets/{path:path}": (frozenset({"GET"}), r"/assets/[^?#]+"),  # the page's scripts and styles
    "/theme.css": (frozenset({"GET"}), r"(/gradio_api)?/theme\.css"),
    "/gradio_api/theme.css": (frozenset({"GET"}), r"/gradio_api/theme\.css"),
    "/favicon.ico": (frozenset({"GET"}), r"/favicon\.ico"),
    "/robots.txt": (frozenset({"GET"}), r"/robots\.txt"),
    # the chat's events: the queue (submit) and direct calls (load, like, undo ...)
    "/gradio_api/queue/join": (frozenset({"POST"}), r"/gradio_api/queue/join"),
    "/gradio_api/queue/data": (frozenset({"GET"}), r"/gradio_api/queue/data"),
    "/gradio_api/run/{api_name}": (frozenset({"POST"}), r"/gradio_api/run/[\w-]+/?"),
    "/gradio_api/heartbeat/{session_hash}": (frozenset({"GET"}), r"/gradio_api/heartbeat/[\w-]+"),
    # the chat's API for integrators and bench/load.py: POST call/ask, then its stream
    "/gradio_api/call/{api_name}": (frozenset({"POST"}), r"/gradio_api/call/[\w-]+/?"),
    "/gradio_api/call/{api_name}/{event_id}": (frozenset({"GET"}),
                                               r"/gradio_api/call/[\w-]+/[\w-]+"),
}

# Every other route Gradio 6 defines, refused (404/405) and why. A route in
# neither fails the test until someone classifies it (a trailing / counts
# as the same route).
REFUSED = {
    # files: the chat takes no files and shows none (the file read of issue 10)
    "/gradio_api/upload", "/gradio_api/upload_progress", "/gradio_api/file={path_or_url:path}",
    "/gradio_api/file/{path:path}", "/gradio_api/proxy={url_path:path}",
    "/gradio_api/process_recording", "/static/{path:path}", "/svelte/{path:path}",
    "/custom_component/{id}/{environment}/{type}/{file_name}",
    "/gradio_api/custom_component/{id}/{environment}/{type}/{file_name}",
    # streaming media: no audio or video components
    "/gradio_api/stream/{event_id}", "/gradio_api/stream/{event_id}/close",
    "/gradio_api/stream/{session_hash}/{run}/{component_id}/playlist.m3u8",
    "/gradio_api/stream/{session_hash}/{run}/{component_id}/{segment_id}.{ext}",
    "/gradio_api/stream/{session_hash}/{run}/{component_id}/playlist-file",
    # other ways to call events: /call/v2, /api/{name}; cancelling (no stop button)
    "/gradio_api/call/v2/{api_name}", "/gradio_api/call/v2/{api_name}/{event_id}",
    "/gradio_api/api/{api_name}", "/gradio_api/cancel", "/gradio_api/queue/status",
    "/gradio_api/component_server",
    "/gradio_api/reset", "/gradio_api/reset/", "/gradio_api/startup-events",
    # no login, no run history, no monitoring, no API page, no PWA, no vibe editor
    "/login", "/login/", "/logout", "/gradio_api/user", "/gradio_api/login_check",
    "/gradio_api/token", "/gradio_api/app_id", "/gradio_api/dev/reload",
    "/gradio_api/runs", "/gradio_api/run-history/connect", "/gradio_api/run-history/buckets",
    "/gradio_api/run-history/records",
    "/gradio_api/run-history/records/{endpoint}/{record_id}/assets/{asset_id}",
    "/gradio_api/deep_link", "/gradio_api/info", "/gradio_api/info/", "/gradio_api/openapi.json",
    "/monitoring", "/monitoring/summary", "/monitoring/{key}", "/manifest.json",
    "/pwa_icon", "/pwa_icon/{size}", "/gradio_api/vibe-edit", "/gradio_api/vibe-edit/",
    "/gradio_api/undo-vibe-edit", "/gradio_api/undo-vibe-edit/", "/gradio_api/vibe-code",
    "/gradio_api/vibe-code/", "/gradio_api/vibe-starter-queries", "/gradio_api/vibe-starter-queries/",
    "/gradio_api/mcp", "/gradio_api/mcp/", "/{page}", "/{page}/",
}

# The events a client may call are those the chat wires (the Blocks'
# dependencies that run Python, and what runs after them), read from the
# Blocks themselves, so a control added to the chat is allowed with it. Left
# out: events without a Python function (the stop events: Gradio cancels by
# its own route, refused), and the triggers below, which the page never fires.
NEVER_FIRED = {
    ("chatbot", "option_select"),  # a message's option buttons: no answer carries options
}

# Keys of Gradio's FileData, file and component message parts.
FILE_KEYS = frozenset({"path", "url", "meta", "_type", "orig_name", "mime_type", "is_stream",
                       "file", "component", "constructor_args", "props"})
MAX_DEPTH = 12

NOT_FOUND = "Adressen finns inte."
NOT_TEXT = "Chatten tar bara emot text: begäran innehåller filer eller annat än text."
NO_EVENT = "Det finns ingen sådan händelse i chatten."
OTHER_EVENT = ("Begäran anger en annan händelse (fn_index) än adressen. Utelämna fn_index: "
               "adressen /gradio_api/run/<namn> säger vilken händelse som körs.")
NOT_AN_INDEX = "fn_index måste vara ett heltal."
NOT_JSON = "Begäran är inte giltig JSON."
WRONG_VALUES = "Chatten fick fel antal värden eller värden av fel form. Ladda om sidan och försök igen."


def allowed_events(blocks) -> tuple[frozenset[int], dict[str, int]]:
    """(fn_index values, API name -> fn_index) of the events the chat wires:
    each dependency with a Python function whose trigger the page fires
    (not in NEVER_FIRED), and whatever runs after one of them."""
    kinds = {bid: type(block).__name__.lower() for bid, block in blocks.blocks.items()}
    kinds[blocks._id] = "blocks"
    allowed: set[int] = set()
    for fid, fn in blocks.fns.items():
        if fn.fn is not None and fn.trigger_after is None and fn.targets and not any(
                (kinds.get(b), event) in NEVER_FIRED for b, event in fn.targets):
            allowed.add(fid)
    grew = True
    while grew:
        grew = False
        for fid, fn in blocks.fns.items():
            if fid not in allowed and fn.fn is not None and fn.trigger_after in allowed:
                allowed.add(fid)
                grew = True
    names = {blocks.fns[f].api_name: f for f in allowed
             if blocks.fns[f].api_visibility == "public" and blocks.fns[f].api_name}
    return frozenset(allowed), names


def hide_version(blocks) -> None:
    """Gradio's page configuration, which anyone may read (at / and /config),
    without Gradio's version: it would tell a visitor which advisories
    apply. The page uses the value only to name a CSS class."""
    blocks.config["version"] = ""


def quiet_checks(blocks) -> None:
    """Gradio's checks of an event's values (their number, each component's
    shape) fail with messages that quote the values, and Gradio prints them
    with a traceback to stderr: a question with a personnummer, sent with one
    value too few, would reach the log. Such a failure becomes a Swedish
    gr.Error that Gradio does not print; one line names the event and the
    kind of failure, never the values."""
    check = blocks.preprocess_data

    async def preprocess_data(block_fn, inputs, state, explicit_call=False):
        try:
            return await check(block_fn, inputs, state, explicit_call)
        except gr.Error:
            raise
        except Exception as err:
            log.warning("refused event %s: its values had the wrong form (%s)",
                        block_fn.name, type(err).__name__)
            raise gr.Error(WRONG_VALUES, title="Fel", print_exception=False) from None

    blocks.preprocess_data = preprocess_data


def not_text(value, depth: int = 0) -> bool:
    """True if `value` (decoded JSON) holds anything but text: a file-like or
    component dict, or a message part whose type is not "text"."""
    if depth > MAX_DEPTH:
        return True
    if isinstance(value, dict):
        if FILE_KEYS & value.keys():
            return True
        if "type" in value and value["type"] != "text":
            return True
        return any(not_text(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(not_text(v, depth + 1) for v in value)
    return False


_COMPILED = [(methods, re.compile(rx + r"\Z")) for methods, rx in ROUTES.values()]


def route_allowed(method: str, path: str) -> int:
    """200 if (method, path) is a Gradio route the chat needs, 405 if the
    path is but not the method, else 404."""
    found = False
    for methods, rx in _COMPILED:
        if rx.match(path):
            if method in methods:
                return 200
            found = True
    return 405 if found else 404


def own_routes(app) -> tuple:
    """The app's own routes (FastAPI: the API, pages, docs), not Gradio's
    mount: the guard lets them through to their handlers, which check their
    own input. A router added with include_router is walked, its routes
    matched one by one: FastAPI's stand-in for it matches its paths with any
    method, which let `DELETE /integritet` pass the guard to Gradio."""
    found = []

    def walk(routes, prefix: str):
        for route in routes:
            inner = getattr(route, "original_router", None)  # FastAPI's _IncludedRouter
            if inner is not None:
                walk(inner.routes, prefix + route.include_context.prefix)
            elif not isinstance(route, Mount) and getattr(route, "methods", None):
                matcher = Route(prefix + route.path, _unused)
                matcher.methods = set(route.methods)  # (Route would add HEAD to GET)
                found.append(matcher)

    walk(app.router.routes, "")
    return tuple(found)


async def _unused(request):  # a matcher's endpoint; never called
    raise NotImplementedError


def _own_methods(routes, scope) -> set[str] | None:
    """The methods of the app's own route at this path (None: not one of ours)."""
    found = None
    for route in routes:
        match, _ = route.matches(scope)
        if match == Match.FULL:
            return set()
        if match == Match.PARTIAL:
            found = (found or set()) | set(getattr(route, "methods", None) or ())
    return found


class GradioGuard:
    """ASGI middleware in front of the mounted Gradio app (see module doc).

    `events` is (fn_index values, API name -> fn_index) from
    `allowed_events`; the blocks' events are read when the first request
    arrives (after mounting). Gradio's own 4xx and 503 answers (an English
    `detail`) are answered in Swedish (framework_errors.py).
    """

    def __init__(self, app, blocks, own: tuple = ()):
        self.app = app
        self.blocks = blocks
        self.own = own
        self._events: tuple[frozenset[int], frozenset[str]] | None = None

    @property
    def events(self) -> tuple[frozenset[int], dict[str, int]]:
        if self._events is None:
            self._events = allowed_events(self.blocks)
        return self._events

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket":  # the chat uses none
            return await send({"type": "websocket.close", "code": 1008})
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = relative_path(scope)
        method = scope["method"]
        own = _own_methods(self.own, scope)
        if own is not None and not own:  # one of ours, this method
            return await self.app(scope, receive, send)
        if own:
            status, allow = 405, sorted(own)
        else:
            status = route_allowed(method, path)
            allow = sorted(next((m for m, rx in _COMPILED if rx.match(path)), ()))
        if status == 405:
            return await send_error(scope, send, 405, "Metoden stöds inte på den här adressen.",
                                    {"Allow": ", ".join(allow)})
        if status != 200:
            return await send_error(scope, send, 404, NOT_FOUND)
        if method != "POST":
            return await self.app(scope, receive, gradio_in_swedish(scope, send))
        body, receive = await read_body(receive)  # bounded by the body limit in front
        if body is None:
            return
        problem = self.check(path, body)
        if problem:
            status, message = problem
            log.warning("refused %s %s: %s", method, path, message)
            return await send_error(scope, send, status, message)
        return await self.app(scope, receive, gradio_in_swedish(scope, send))

    def check(self, path: str, body: bytes) -> tuple[int, str] | None:
        """None if the POST body may reach Gradio, else (status, message)."""
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):  # nested too deep as well
            return 400, NOT_JSON
        if not isinstance(payload, dict):
            return 400, NOT_JSON
        fns, names = self.events
        m = re.match(r"/gradio_api/(run|call)/([\w-]+)", path)
        name = m.group(2) if m else None
        index = payload.get("fn_index")
        if index is not None and type(index) is not int:  # "29", 29.0, true
            return 422, NOT_AN_INDEX
        if name is None or name == "predict":  # queue/join and run/predict name an fn_index
            if index not in fns:
                return 404, NO_EVENT
        elif name not in names:
            return 404, NO_EVENT
        elif index is not None and index != names[name]:  # the address decides the event
            return 422, OTHER_EVENT
        if not_text(payload):
            return 422, NOT_TEXT
        return None


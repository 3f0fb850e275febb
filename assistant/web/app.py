"""One process: the Gradio chat at / and a JSON API under /api.

This module only assembles the parts, in one place and in order:

- edge.py: security headers (CSP frame-ancestors by allow-list), body
  limits, pinned Host names, the public sub-path, and bounded event streams;
- framework_errors.py: what uvicorn, Starlette or Gradio would answer in
  English (a 500, a refused preflight, Gradio's 4xx), answered in Swedish;
- guard.py: what a client may ask of Gradio (routes, events, text only);
- gate.py: the bounded queue in front of the model; answer_pool.py: the
  worker processes that compute answers on every core (app.py starts them);
- access.py, editors.py: sign-in and governance, the editors' parts;
- errors.py: one error handler and one JSON error body; roles.py: require(role);
- routes/: the JSON API and its models; pages/docs.py: /docs;
- pages/: the reader, corpus page, statement; chat/: the Gradio chat.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import gradio as gr
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from ..config import Settings, frame_ancestors, root_path  # noqa: F401  (re-exported)
from ..errors import AssistantError
from ..governance.feedback import FeedbackStore
from ..governance.pgfeedback import open_feedback
from . import access, editors, errors, local_sign_in
from .chat.look import CSS, HEAD, THEME
from .chat.ui import build_ui
from .edge import BodyLimit, PinnedHost, SecurityHeaders, StreamLimit, SubPath, content_security_policy
from .framework_errors import SwedishErrors, SwedishPreflight
from .gate import Busy, Gate
from .guard import GradioGuard, hide_version, own_routes, quiet_checks
from .limits import RateLimit, open_limit
from .no_store import NoStore
from .pages.head import SwedishPage
from .pages.site import pages_router
from .routes.articles import articles_router
from .routes.ask import BUSY, add_routes, serve_first
from .routes.saved import saved_router

log = logging.getLogger(__name__)

FEEDBACK_BODY_BYTES = 16 * 1024
CACHE_MARK = ".samverkansassistenten-cache"
CACHE_SECONDS = 3600  # Gradio's own cache files (none expected) are deleted after an hour


QUEUE_POLL_SECONDS = 0.02


def gradio_cache(folder: Path) -> Path:
    """Gradio's cache folder, owned by the app and emptied at each start.
    Raises AssistantError for a folder that holds anything but such a cache."""
    folder = Path(folder).resolve()
    mark = folder / CACHE_MARK
    if folder.exists() and any(folder.iterdir()) and not mark.exists():
        raise AssistantError(f"ASSISTANT_GRADIO_CACHE: {folder} innehåller annat än appens "
                             "cache. Ange en tom mapp eller en som appen har skapat.")
    if folder.exists():
        shutil.rmtree(folder, ignore_errors=True)  # (another process may be emptying it too)
    folder.mkdir(parents=True, exist_ok=True)
    mark.touch()
    os.environ["GRADIO_TEMP_DIR"] = str(folder)
    return folder


def create_app(assistant, settings: Settings, feedback: FeedbackStore | None = None,
               limit: RateLimit | None = None) -> FastAPI:
    """The whole process as one ASGI app; `limit` is the feedback rate per
    client (default: 10 at once, then 10 a minute, shared through the
    database when one is configured). Raises AssistantError for bad settings."""
    settings.check()
    ancestors = frame_ancestors(settings.frame_ancestors)
    csp = content_security_policy(ancestors)
    chat_csp = content_security_policy(ancestors, inline_scripts=True)  # Gradio's page only
    root = root_path(settings.root_path)
    feedback = feedback or open_feedback(settings)
    # with answering processes (answer_pool.py), enough questions in the pool's
    # hands that none waits for the server and waiting ones form batches
    pool = getattr(assistant, "pool", None)
    workers = max(settings.workers, pool.in_hand) if pool else settings.workers
    gate = Gate(workers, settings.queue_size, settings.queue_timeout)
    limit = limit or open_limit(settings)
    cache = gradio_cache(settings.gradio_cache)

    app = FastAPI(
        title="Samverkansassistenten",
        description="Frågor om ledning och samverkan, besvarade med ordagranna citat ur artiklar.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.gate = gate
    app.state.feedback = feedback
    errors.install(app)  # one handler: each route's own Swedish refusal, JSON or a page
    # Added first, so innermost: inside the identity layer (access.install), which
    # puts the client's own address in the scope behind a trusted proxy.
    app.add_middleware(StreamLimit, lifetime=settings.stream_lifetime,
                       per_client=settings.client_streams)
    app.add_middleware(NoStore)  # no cache keeps an answer to a signed-in user
    # `assistant editors link`: a one-time editor sign-in from this machine only;
    # its session layer sits inside the identity layer added next
    local_sign_in.install(app, settings)
    # Sign-in, roles, personal data, audit, metrics (access.py); before the routes below.
    installed = access.install(app, assistant, settings, gate, feedback)
    # editors' API and pages, and the store of declined questions
    gaps, upload_limits = editors.install(app, assistant, settings, installed)
    # who is told about each question (answering/pipeline.py); each decides by its source
    observers = (installed.metrics.observe, gaps.observe)
    # before the /api catch-all and the Gradio mount, which would shadow them
    app.include_router(articles_router(assistant))
    app.include_router(pages_router(assistant))
    app.include_router(saved_router(assistant))  # "Spara svaret", "Kopiera svaret"
    add_routes(app, assistant, gate, feedback, limit, observers)
    serve_first(app)  # the questions' route matched first (routes/ask.py)

    async def ui_run(fn, *args):
        try:
            return await gate.run(fn, *args)
        except Busy:
            raise gr.Error(BUSY, title="Upptaget", print_exception=False) from None

    blocks = build_ui(assistant, run=ui_run, feedback=feedback, limit=limit,
                      observers=observers)
    # Every chat event goes straight to the gate, which bounds and times out;
    # Gradio's own limit is only a backstop (its message is in English).
    blocks.queue(default_concurrency_limit=None, max_size=4 * gate.capacity)
    # Gradio's queue looks for work every millisecond, and for progress every
    # 10 ms, when it has none: 54 ms of CPU a second, taken from the answering
    # processes even while the API is busy (the API does not use the queue).
    # Every 20 and 100 ms is enough for a chat.
    blocks._queue.sleep_when_free = QUEUE_POLL_SECONDS
    blocks._queue.progress_update_sleep_when_free = 5 * QUEUE_POLL_SECONDS
    # Each chat session's state (about 58 kB) is kept for this many sessions,
    # the oldest forgotten; Gradio's cache files are deleted after an hour.
    blocks.state_session_capacity = settings.sessions
    blocks.delete_cache = (CACHE_SECONDS, CACHE_SECONDS)
    blocks.GRADIO_CACHE = str(cache)
    # Same-origin only unless ASSISTANT_CORS_ORIGINS names others; with this
    # layer present Gradio adds no CORS headers of its own.
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins.split(),
                       allow_credentials=False, allow_methods=["GET", "POST"],
                       allow_headers=["content-type"])
    app.add_middleware(SwedishPreflight)  # its refused preflight in Swedish
    app = gr.mount_gradio_app(app, blocks, path="", root_path=root or None, theme=THEME, css=CSS,
                              head=HEAD, footer_links=[], show_error=False, ssr_mode=False,
                              mcp_server=False, run_history=False, pwa=False,
                              enable_monitoring=False)
    app.state.blocks = blocks
    hide_version(blocks)
    quiet_checks(blocks)  # no question quoted in Gradio's tracebacks
    # Outermost last: headers on everything, Swedish errors for whatever fails
    # below, then the body limit, then Host, then the sub-path, then the guard
    # in front of Gradio.
    app.add_middleware(SwedishPage)  # lang="sv" and our link previews in Gradio's HTML
    app.add_middleware(GradioGuard, blocks=blocks, own=own_routes(app))
    app.add_middleware(SubPath, root=root)
    app.add_middleware(PinnedHost, public=set(settings.public_hosts.split()),
                       fallback=f"{settings.host}:{settings.port}")
    app.add_middleware(BodyLimit, limits={"/api/feedback": FEEDBACK_BODY_BYTES, **upload_limits})
    app.add_middleware(SwedishErrors)
    app.add_middleware(SecurityHeaders, csp=csp, chat_csp=chat_csp, root=root)
    return app

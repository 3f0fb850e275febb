"""Watched sources, re-checks and other places of an article, for editors.

| route                                | what                                          |
| ------------------------------------ | --------------------------------------------- |
| POST /api/articles/{id}/places       | JSON {"url": ...}: record another address the |
|                                      | article is published at (a near-copy the add  |
|                                      | refused with 409 names the article)           |
| POST /api/refresh                    | re-check every article at its source now      |
| GET /api/sources                     | the watched feeds, the items waiting for      |
|                                      | review, the articles gone at their source     |
| POST /redaktion/kallor               | the editors' page's form ("Bevaka en källa"): |
|                                      | action add, remove, trust, untrust, check,    |
|                                      | publish, dismiss; answered with 303 back      |

Editors and admins only; a browser request from another site is refused.
Changes to the corpus go through the editors' journal with their audit rows
(editors/places.py, feeds.py, refresh.py).
"""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from ...editors.places import add_place
from ...editors.refresh import refresh
from ...editors.refreshstate import open_state
from ...editors.watch import check_sources, publish_pending
from ...errors import AssistantError, StorageError
from ...governance.audit import Actor
from ...governance.identity import User
from ..errors import documented
from ..roles import require
from .editors import CROSS_SITE, actor_of, article_fields, error, read_json, refusals, same_site

SOURCES_FORM = "redaktion/kallor"


def sources_router(editor, policy) -> APIRouter:
    router = APIRouter()
    editors = require("editor")

    def actor(request: Request, user: User) -> Actor:
        return actor_of(request, user, policy)

    @router.post("/api/articles/{article_id}/places",
                 summary="Spara en annan adress där artikeln publiceras (redaktör)",
                 description='JSON `{"url": ...}`. Används när en ny adress gav nästan samma '
                             "text som artikeln (409 när den lades till).",
                 responses=documented({404: "Ingen sådan artikel", 422: "Ogiltig adress",
                                       503: "Lagringen är full eller skrivskyddad"}))
    async def places(request: Request, article_id: str, user: User = Depends(editors)):
        if not same_site(request):
            return error(403, CROSS_SITE)
        values = await read_json(request)
        if not isinstance(values, dict) or not isinstance(values.get("url"), str):
            return error(422, 'Ange adressen som {"url": "https://..."}.')
        with refusals():
            article = await run_in_threadpool(add_place, editor, article_id, values["url"],
                                              actor(request, user))
        return {**article_fields(article), "also_published_at": list(article.also_published_at)}

    @router.post("/api/refresh", summary="Kontrollera artiklarna mot källorna (redaktör)")
    async def refresh_now(request: Request, user: User = Depends(editors)):
        if not same_site(request):
            return error(403, CROSS_SITE)
        try:
            summary = await run_in_threadpool(refresh, editor, actor(request, user))
        except StorageError as err:
            return error(503, str(err))
        return {"summary": summary.line(), "changed": summary.changed,
                "gone": [{"id": i, "status": s} for i, s in summary.gone],
                "held": [{"id": i, "reason": r} for i, r in summary.held],
                "failed": [{"id": i, "reason": r} for i, r in summary.failed],
                "requests": summary.requests, "embedded": summary.embedded}

    @router.get("/api/sources", summary="Bevakade källor (redaktör)")
    def sources(user: User = Depends(editors)):
        watched = editor.watched
        try:
            return {"sources": [asdict(s) for s in watched.sources()],
                    "pending": [asdict(p) for p in watched.pending()],
                    "gone": [{"id": k, **v} for k, v in
                             sorted(open_state(editor.corpus, editor.db).gone().items())]}
        except StorageError as err:
            return error(503, str(err))

    @router.post(f"/{SOURCES_FORM}", include_in_schema=False)
    async def form(request: Request, user: User = Depends(editors)):
        if not same_site(request):
            return error(403, CROSS_SITE)
        data = await request.form(max_files=0, max_fields=500)
        action, url = data.get("action"), (data.get("url") or "").strip()
        who = actor(request, user)
        watched = editor.watched
        try:
            if action == "add":
                await run_in_threadpool(watched.add_source, url, who, data.get("trusted") == "1")
                said = f"{url} bevakas nu."
            elif action == "remove":
                await run_in_threadpool(watched.remove_source, url)
                said = f"{url} bevakas inte längre."
            elif action in ("trust", "untrust"):
                await run_in_threadpool(watched.set_trusted, url, action == "trust")
                said = (f"Nya artiklar från {url} publiceras direkt." if action == "trust" else
                        f"Nya artiklar från {url} väntar på granskning.")
            elif action == "check":
                said = " ".join(await run_in_threadpool(check_sources, editor, who)) \
                    or "Inga källor bevakas."
            elif action in ("publish", "dismiss"):
                urls = [u for u in data.getlist("urls") if isinstance(u, str)]
                if not urls:
                    raise AssistantError("Välj minst en artikel.")
                if action == "dismiss":
                    taken = await run_in_threadpool(watched.take_pending, urls, True)
                    said = f"{len(taken)} artiklar avvisade."
                else:
                    done = await run_in_threadpool(publish_pending, editor, urls, who)
                    said = (f"{done.count('added')} publicerade, {done.count('duplicate')} "
                            f"dubbletter eller kopior, {len(done.refused) + done.count('error')} "
                            "med fel.")
            else:
                raise AssistantError("Okänd åtgärd.")
        except AssistantError as err:  # StorageError too: nothing changed
            said = str(err)
        base = request.scope.get("root_path", "") or ""
        return RedirectResponse(f"{base}/redaktion?kallor={quote(said[:600])}#bevaka", 303)

    return router

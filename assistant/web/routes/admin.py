"""Routes for who you are and for admins: /api/me, /api/audit, /api/feedback
(read, and delete a period), /metrics. Every read or deletion of people's
data leaves an audit entry.

| route                  | who                                  |
| ---------------------- | ------------------------------------ |
| GET /api/me            | anyone who may use the app           |
| GET /api/audit         | admin                                |
| GET /api/feedback      | admin                                |
| DELETE /api/feedback   | admin (?from=YYYY-MM-DD&to=YYYY-MM-DD) |
| GET /metrics           | admin, or ASSISTANT_METRICS_NETWORKS |
"""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from ...errors import AssistantError, BadRequest
from ...governance.audit import AuditLog, entry_json
from ...governance.identity import Policy, User, current_user, in_networks, shown_address
from ...governance.metrics import CONTENT_TYPE, Metrics
from ..errors import documented
from ..roles import refusal, require

# the API documentation's statuses (/docs) of the admin routes
SIGNED_IN_ADMIN = {401: "Inte inloggad", 403: "Inte admin"}


def _day(value: str | None, name: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"'{name}' ska vara ett datum, till exempel 2026-01-31.") from None


def make_router(settings, policy: Policy, audit: AuditLog, metrics: Metrics,
                feedback_store) -> APIRouter:
    router = APIRouter()

    def record(request: Request, user: User, action: str, **detail) -> None:
        address = getattr(request.state, "client_address", None) or (
            request.client.host if request.client else None)
        audit.record(action, user.shown_name, role=user.role, via=user.via,
                     address=shown_address(address, policy.address_mode), detail=detail)

    @router.get("/api/me", summary="Vem är jag",
                description="Användaren som intranätet (eller API-nyckeln) anger, och rollerna: "
                            "reader, editor, admin.")
    def me(request: Request) -> dict:
        user = current_user(request)
        return {"user": user.name, "roles": list(user.roles), "via": user.via,
                "groups": list(user.groups)}

    @router.get("/api/audit", summary="Granskningsloggen (admin)",
                description="Vem som läst eller ändrat andras uppgifter, när och varifrån. "
                            "`from`/`to`: datum (YYYY-MM-DD), båda med.",
                responses=documented(SIGNED_IN_ADMIN))
    def read_audit(request: Request, user: User = Depends(require("admin")),
                   start: str | None = Query(None, alias="from"),
                   end: str | None = Query(None, alias="to"),
                   limit: int = Query(1000, ge=1, le=100_000)) -> dict:
        since, until = _day(start, "from"), _day(end, "to")
        entries = audit.entries(since=since and since.isoformat(),
                                until=until and (until + timedelta(days=1)).isoformat(),
                                limit=limit)
        record(request, user, "audit.read", entries=len(entries))
        return {"entries": [entry_json(e) for e in entries]}

    @router.get("/api/feedback", summary="Återkopplingen (admin)",
                description="All sparad återkoppling, äldst först. Export som "
                            "utvärderingsfrågor: `assistant feedback export`.",
                responses=documented(SIGNED_IN_ADMIN))
    def read_feedback(request: Request, user: User = Depends(require("admin"))) -> dict:
        try:
            rows = feedback_store.rows()
        except AssistantError:  # nothing saved yet
            rows = []
        record(request, user, "feedback.read", rows=len(rows))
        return {"feedback": rows}

    @router.delete("/api/feedback", summary="Radera återkoppling för en period (admin)",
                   description="Raderar all återkoppling från och med `from` till och med `to` "
                               "(datum, YYYY-MM-DD, båda krävs).",
                   responses=documented({**SIGNED_IN_ADMIN, 422: "Datum saknas eller är fel"}))
    def remove_feedback(request: Request, user: User = Depends(require("admin")),
                        start: str | None = Query(None, alias="from"),
                        end: str | None = Query(None, alias="to")):
        since, until = _day(start, "from"), _day(end, "to")
        if since is None or until is None or until < since:
            raise BadRequest("Ange perioden med from och to (YYYY-MM-DD), to inte före from.")
        n = feedback_store.delete_period(since.isoformat(), (until + timedelta(days=1)).isoformat())
        record(request, user, "feedback.delete", rows=n, **{"from": start, "to": end})
        return JSONResponse({"deleted": n})

    @router.get("/metrics", include_in_schema=False)
    def read_metrics(request: Request) -> Response:
        user = current_user(request)
        address = getattr(request.state, "client_address", None)
        if not (user.has("admin") or in_networks(address, policy.metrics_networks)):
            raise refusal(user, "admin")
        return Response(metrics.exposition(), media_type=CONTENT_TYPE)

    return router

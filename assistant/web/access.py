"""Sign-in, roles, audit, retention and metrics, wired into
the app in one call from app.create_app.

`install` must run before create_app defines its /api catch-all route (so
the routes here come first) and before the Edge middleware is added (so
Edge stays outermost and its headers and body limit cover 401s too).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..governance.audit import AuditLog
from ..governance.pgaudit import PgAuditLog, open_audit
from ..governance.identity import Identity, Policy
from ..governance.metrics import Metrics
from ..governance.retention import Purger
from . import access_log
from .pages import privacy
from .routes import admin


@dataclass(frozen=True)
class Access:
    policy: Policy
    audit: AuditLog | PgAuditLog
    metrics: Metrics
    purger: Purger


def install(app, assistant, settings, gate, feedback_store) -> Access:
    """Add the identity middleware, the admin and privacy routes, start the
    retention purge; the metrics observe the question pipeline (app.py
    passes `metrics.observe` to the chat and the API). Raises AssistantError for bad settings (before anything starts)."""
    policy = Policy.from_settings(settings)
    audit = open_audit(settings)
    metrics = Metrics(assistant, gate)
    app.include_router(admin.make_router(settings, policy, audit, metrics, feedback_store))
    app.include_router(privacy.make_router(settings))
    app.add_middleware(Identity, policy=policy)
    access_log.install(policy.address_mode)
    purger = Purger(settings, feedback_store, audit=audit).start()
    access = Access(policy, audit, metrics, purger)
    app.state.access = access
    return access

"""How long feedback and audit rows are kept, and deleting feedback on request.

Rows older than ASSISTANT_RETENTION_DAYS are purged when the app starts and
then once an hour while it runs; each purge that removes something leaves
an audit entry (actor "system"). An admin can delete all feedback of a
period (DELETE /api/feedback), which is audited too.

Feedback is deleted by its store (feedback.py, or pgfeedback.py with a database).
"""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from .audit import AuditLog

log = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 3600


def cutoff(days: int, now: datetime | None = None) -> str:
    """The ISO time before which rows are purged."""
    now = now or datetime.now(timezone.utc)
    return (now - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def purge(settings, feedback, now: datetime | None = None, audit=None) -> dict[str, int]:
    """Remove feedback (`feedback`: the app's store, SQLite or PostgreSQL) and
    audit rows (`audit`: the app's log, by default the SQLite file) older than
    the retention period."""
    before = cutoff(settings.retention_days, now)
    audit = audit or AuditLog(settings.audit_db)
    kept = not isinstance(audit, AuditLog) or Path(settings.audit_db).exists()
    removed = {"feedback": feedback.delete_period(until=before),
               "audit": audit.purge(before) if kept else 0}
    if any(removed.values()):
        audit.record("retention.purge", "system", detail={
            **removed, "before": before, "retention_days": settings.retention_days})
    return removed


def parse_day(value: str | None, name: str) -> str | None:
    """A YYYY-MM-DD query parameter, checked. Raises ValueError with a Swedish message."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"'{name}' ska vara ett datum, till exempel 2026-01-31.") from None


class Purger:
    """Purges at start and then every `interval` seconds in a daemon thread."""

    def __init__(self, settings, feedback, interval: float = PURGE_EVERY_SECONDS, audit=None):
        self.settings = settings
        self.feedback = feedback
        self.audit = audit
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> dict[str, int]:
        try:
            return purge(self.settings, self.feedback, audit=self.audit)
        except Exception:
            log.exception("retention purge failed")
            return {}

    def start(self) -> "Purger":
        self.run_once()
        self._thread = threading.Thread(target=self._loop, name="retention", daemon=True)
        self._thread.start()
        return self

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.run_once()

    def stop(self) -> None:
        self._stop.set()

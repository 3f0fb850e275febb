"""The audit log in PostgreSQL: the same methods as audit.AuditLog.

With ASSISTANT_DATABASE_URL set, every app process appends to one table
(`audit`, storage/pgschema.py), so an admin's read on one server is in the
log every other server shows. It is append-only there too: a trigger
refuses UPDATE and TRUNCATE, and DELETE of a row younger than a day; only
the retention purge removes rows, and only old ones. Rows are screened for
personal data exactly as in SQLite (audit._withheld).
"""

from __future__ import annotations

import logging

from ..errors import AssistantError
from ..storage.pgdb import Database, migrate
from .audit import (COLUMNS, UNAVAILABLE, Actor, AuditLog, AuditUnavailable, Entry, copied_row,
                    new_rows, select_entries)

log = logging.getLogger(__name__)

_INSERT = ("INSERT INTO audit (time, actor, role, via, address, action, target, detail) "
           "VALUES (%s, %s, %s, %s, %s, %s, %s, %s::jsonb)")


class PgAuditLog:
    """Appends entries to the shared database; safe to use from several threads."""

    def __init__(self, url: str, db: Database | None = None):
        self.db = db or Database(url)
        self.path = f"databasen ({url.rsplit('@', 1)[-1]})"  # for messages, no password
        migrate(self.db)

    def record(self, action: str, actor: str, role: str | None = None, via: str = "system",
               address: str = "-", target: str = "", detail: dict | None = None) -> int:
        """Append one entry. Raises AuditUnavailable if the database cannot take it."""
        entry = new_rows(Actor(actor, role, via, address), [(action, target, detail)])[0]
        try:
            return int(self.db.run(lambda conn: conn.execute(
                _INSERT + " RETURNING id", entry).fetchone()[0]))
        except AssistantError as err:
            log.error("audit entry %s not written to the database: %s", action, err)
            raise AuditUnavailable(UNAVAILABLE) from None

    def record_all(self, actor: Actor, rows: list[tuple[str, str, dict]]) -> None:
        """Several (action, target, detail) rows by one actor in one
        transaction: all of them are written, or (raising AuditUnavailable) none."""
        values = new_rows(actor, rows)

        def write(conn):
            with conn.transaction():
                conn.cursor().executemany(_INSERT, values)

        try:
            self.db.run(write)
        except AssistantError as err:
            log.error("audit rows not written to the database: %s", err)
            raise AuditUnavailable(UNAVAILABLE) from None

    def has_operation(self, op: str) -> bool:
        """Whether rows of the change `op` (their detail's "op") were written."""
        return self.db.run(lambda conn: conn.execute(
            "SELECT 1 FROM audit WHERE detail->>'op' = %s LIMIT 1", (op,)).fetchone()) is not None

    def entries(self, since: str | None = None, until: str | None = None,
                limit: int | None = None) -> list[Entry]:
        """Entries oldest first, optionally within [since, until) (ISO dates or times)."""
        sql, args = select_entries(since, until, limit, "time::timestamptz >= %s::timestamptz",
                                   "time::timestamptz < %s::timestamptz")
        rows = self.db.run(lambda conn: conn.execute(sql, args).fetchall())
        return [Entry(**dict(zip(COLUMNS, r))) for r in rows]

    def purge(self, before: str) -> int:
        """Delete entries older than `before` (ISO time, at least a day ago). Returns how many."""
        return self.db.run(lambda conn: conn.execute(
            "DELETE FROM audit WHERE time::timestamptz < %s::timestamptz", (before,)).rowcount)

    def append_entries(self, entries: list[Entry]) -> int:
        """Copy entries as they are (`assistant db import`), oldest first."""
        values = [copied_row(e) for e in entries]

        def write(conn):
            with conn.transaction():
                conn.cursor().executemany(_INSERT, values)

        self.db.run(write)
        return len(values)


def open_audit(settings) -> AuditLog | PgAuditLog:
    """Where the audit log is kept: the database when one is configured
    (shared by every app process), else the SQLite file `settings.audit_db`."""
    url = getattr(settings, "database_url", None)
    if not url:
        return AuditLog(settings.audit_db)
    return PgAuditLog(url)

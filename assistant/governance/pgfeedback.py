"""Officials' feedback in PostgreSQL: the same methods as feedback.FeedbackStore.

With ASSISTANT_DATABASE_URL set, every app process writes its verdicts to
the shared database (table `feedback`, migration 2 in storage/pgdb.py) instead of a
SQLite file of its own, so `assistant db feedback-export` sees the feedback
given on every server. Rows have the same fields as in SQLite.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..config import Settings
from ..errors import AssistantError
from ..storage.pgdb import Database, migrate
from .feedback import FeedbackStore, Verdicts, export_rows
from .signing import answer_id as sign_answer, genuine

_COLUMNS = ("id", "time", "source", "verdict", "quote", "question", "interpreted_as",
            "no_answer", "passages", "answer", "answer_key", "answer_id")


class PgFeedbackStore(Verdicts):
    """Verdicts in the shared database; safe to use from several threads."""

    def __init__(self, url: str, retention_days: int = 90):
        self.db = Database(url)
        self.retention_days = retention_days
        self._key: bytes | None = None
        migrate(self.db)

    def key(self) -> bytes:
        """The key answer ids are signed with: one for every app process on
        the database, made by whichever asks first."""
        if self._key is None:
            def work(conn):
                with conn.transaction():
                    conn.execute("INSERT INTO feedback_secret (id, key) VALUES (1, %s) "
                                 "ON CONFLICT (id) DO NOTHING", (os.urandom(32),))
                    return bytes(conn.execute(
                        "SELECT key FROM feedback_secret WHERE id = 1").fetchone()[0])
            self._key = self.db.run(work)
        return self._key

    def delete_period(self, since: str | None = None, until: str | None = None) -> int:
        """As FeedbackStore.delete_period."""
        where = " AND ".join(clause for clause, value in (
            ("time::timestamptz >= %(since)s::timestamptz", since),
            ("time::timestamptz < %(until)s::timestamptz", until)) if value)
        return self.db.run(lambda conn: conn.execute(
            "DELETE FROM feedback" + (f" WHERE {where}" if where else ""),
            {"since": since, "until": until}).rowcount)

    def record(self, answer: dict, verdict: str, quote: int | None = None,
               source: str = "chat", key: str | None = None, answer_id: str | None = None) -> int:
        """As FeedbackStore.record (Verdicts.checked says what is refused);
        `key` replaces an earlier verdict on the same chat message."""
        from psycopg.types.json import Jsonb

        passages, quote, now = self.checked(answer, verdict, quote, answer_id)
        row = (now, source, verdict, quote,
               answer["question"], answer.get("interpreted_as"), bool(answer.get("no_answer")),
               Jsonb(passages), Jsonb(answer), key, answer_id)

        def write(conn) -> int:
            with conn.transaction():
                if key is not None:
                    conn.execute("DELETE FROM feedback WHERE answer_key = %s", (key,))
                return int(conn.execute(
                    "INSERT INTO feedback (time, source, verdict, quote, question, "
                    "interpreted_as, no_answer, passages, answer, answer_key, answer_id) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                    row).fetchone()[0])

        return self.db.run(write)

    def append_rows(self, rows: list[dict], key: bytes) -> int:
        """Copy verdict rows (as FeedbackStore.rows gives them) whose answer
        ids were signed with `key` (`assistant db import`): the database's key
        is `key` if it had none; else the ids that check out are signed anew."""
        from psycopg.types.json import Jsonb

        def write(conn) -> bytes:
            with conn.transaction():
                conn.execute("INSERT INTO feedback_secret (id, key) VALUES (1, %s) "
                             "ON CONFLICT (id) DO NOTHING", (key,))
                mine = bytes(conn.execute(
                    "SELECT key FROM feedback_secret WHERE id = 1").fetchone()[0])
                conn.cursor().executemany(
                    "INSERT INTO feedback (time, source, verdict, quote, question, "
                    "interpreted_as, no_answer, passages, answer, answer_key, answer_id) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    [(r["time"], r["source"], r["verdict"], r["quote"], r["question"],
                      r["interpreted_as"], bool(r["no_answer"]), Jsonb(r["passages"]),
                      Jsonb(r["answer"]), r["answer_key"],
                      sign_answer(mine, r["answer"]) if mine != key
                      and genuine(key, r["answer"], r["answer_id"]) else r["answer_id"])
                     for r in rows])
                return mine

        self._key = self.db.run(write)
        return len(rows)

    def withdraw(self, key: str) -> None:
        self.db.run(lambda conn: conn.execute(
            "DELETE FROM feedback WHERE answer_key = %s", (key,)))

    def rows(self, genuine_only: bool = False) -> list[dict]:
        """All verdicts, oldest first, with passages and answer decoded;
        `genuine_only`: only those whose answer id checks out."""
        found = self.db.run(lambda conn: conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM feedback ORDER BY id").fetchall())
        rows = [dict(zip(_COLUMNS, r)) for r in found]
        if genuine_only:
            key = self.key()
            rows = [r for r in rows if genuine(key, r["answer"], r.get("answer_id"))]
        return rows


def cmd_export(url: str, output: Path | None, include_unreviewed: bool) -> int:
    rows = PgFeedbackStore(url).rows(genuine_only=True)
    if not rows:
        raise AssistantError("Det finns ingen sparad återkoppling i databasen än.")
    n = export_rows(rows, output or sys.stdout, include_unreviewed)
    print(f"{n} frågor skrivna.", file=sys.stderr)
    return 0


def open_feedback(settings: Settings):
    """Where verdicts are kept: the database when one is configured (shared
    by every app process), else the SQLite file `settings.feedback_db`."""
    url = getattr(settings, "database_url", None)
    if not url:
        return FeedbackStore(settings.feedback_db, settings.retention_days)
    return PgFeedbackStore(url, settings.retention_days)

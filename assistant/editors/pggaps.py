"""The declined questions in PostgreSQL: gaps.GapStore with the shared database.

With ASSISTANT_DATABASE_URL set, a question declined on any app process is
in the table `declined` (storage/pgschema.py), so every server's report of
what the corpus lacks is the same. Only the question's text, day, week and
reason are kept, screened as in SQLite (gaps.GapStore.record).
"""

from __future__ import annotations

from pathlib import Path

from ..storage.pgdb import Database, migrate
from .gaps import GapStore


class PgGapStore(GapStore):
    def __init__(self, url: str, retention_days: int, enabled: bool = True):
        super().__init__(Path("-"), retention_days, enabled)
        self.db = Database(url)
        migrate(self.db)

    def _insert(self, cutoff: str, row: tuple) -> None:
        def write(conn):
            with conn.transaction():
                conn.execute("DELETE FROM declined WHERE day < %s", (cutoff,))
                conn.execute("INSERT INTO declined (day, week, question, reason) "
                             "VALUES (%s, %s, %s, %s)", row)

        self.db.run(write)

    def _rows(self, cutoff: str) -> list[tuple[str, str, str | None]]:
        def read(conn):
            conn.execute("DELETE FROM declined WHERE day < %s", (cutoff,))
            return conn.execute("SELECT week, question, reason FROM declined "
                                "ORDER BY id").fetchall()

        return self.db.run(read)

    def all_rows(self) -> list[tuple[str, str, str, str | None]]:
        return self.db.run(lambda conn: conn.execute(
            "SELECT day, week, question, reason FROM declined ORDER BY id").fetchall())

    def append_rows(self, rows: list[tuple[str, str, str, str | None]]) -> int:
        """Copy (day, week, question, reason) rows as they are (`assistant db import`)."""
        def write(conn):
            with conn.transaction():
                conn.cursor().executemany("INSERT INTO declined (day, week, question, reason) "
                                          "VALUES (%s, %s, %s, %s)", rows)

        self.db.run(write)
        return len(rows)


def gaps_path(settings) -> Path:
    """The SQLite file of a folder deployment (ASSISTANT_GAPS_DB, by default
    beside the feedback file)."""
    return Path(settings.gaps_db or Path(settings.feedback_db).with_name("gaps.sqlite3"))


def open_gaps(settings) -> GapStore:
    """Where declined questions are kept: the database when one is
    configured (shared by every app process), else a SQLite file."""
    url = getattr(settings, "database_url", None)
    if not url:
        return GapStore(gaps_path(settings), settings.retention_days, enabled=settings.gaps)
    return PgGapStore(url, settings.retention_days, enabled=settings.gaps)

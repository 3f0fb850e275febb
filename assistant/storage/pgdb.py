"""PostgreSQL connections, the versioned schema, and binary COPY rows.

The only module that imports psycopg. Connections are opened lazily and
kept in a small pool; one that fails is dropped, so the process recovers by
itself when the database is back. Every failure to reach or use the
database becomes `DatabaseUnavailable` with a Swedish message that names
the server (never the password).

The schema's steps are storage/pgschema.py's SCHEMA, numbered and recorded
in `schema_version`; `migrate` runs the missing ones in order, each in its
own transaction, under an advisory lock so that several app processes
starting at once apply each one once (the same shape as the SQLite runner,
storage/migrations.py). A database newer than the program is refused.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import struct
import threading
from typing import Callable, Iterator
from urllib.parse import urlsplit

import numpy as np

from ..errors import DatabaseUnavailable
from .migrations import Schema, too_new
from .pgschema import SCHEMA

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3
POOL_SIZE = 4
# pg_advisory_lock keys: one for migrations, one for index writers
MIGRATION_LOCK = 0x5A3D_0001
WRITER_LOCK = 0x5A3D_0002
_HELD: dict[tuple[str, int], tuple[int, int]] = {}  # (url, key) -> (thread, depth)

SCHEMA_VERSION = SCHEMA.version


def server_name(url: str) -> str:
    """host:port/database of a URL, for messages (no user, no password)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "localhost"
        return f"{host}:{parts.port or 5432}{parts.path or ''}"
    except ValueError:
        return "(ogiltig adress)"


def unavailable(url: str, err: Exception | None = None, quiet: bool = False) -> DatabaseUnavailable:
    """The error to raise; the technical detail goes to the log (at debug
    level when `quiet`: at start-up the one-line message says it all)."""
    if err is not None:
        (log.debug if quiet else log.warning)(
            "database %s: %s", server_name(url), " ".join(str(err).split()))
    return DatabaseUnavailable(
        f"Databasen {server_name(url)} (ASSISTANT_DATABASE_URL) går inte att nå just nu. "
        "Kontrollera att PostgreSQL körs och att adressen stämmer; försök sedan igen.")


class Database:
    """A pool of connections to one database URL; safe to use from several threads."""

    def __init__(self, url: str, pool_size: int = POOL_SIZE, settings: dict | None = None):
        try:
            import psycopg
        except ImportError:
            raise DatabaseUnavailable(
                "ASSISTANT_DATABASE_URL är satt men psycopg saknas. "
                "Installera med  pip install -e \".[pg]\".") from None
        self._psycopg = psycopg
        self.url = url
        # session settings, e.g. hnsw.ef_search, sent with each new connection
        self._options = " ".join(f"-c {k}={v}" for k, v in (settings or {}).items())
        self._connected = False  # once connected, a lost database is logged as a warning
        self._idle: queue.LifoQueue = queue.LifoQueue(maxsize=pool_size)

    def _connect(self):
        try:
            conn = self._psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT_S,
                                         autocommit=True, application_name="samverkan",
                                         options=self._options or None)
        except self._psycopg.Error as err:
            raise unavailable(self.url, err, quiet=not self._connected) from None
        self._connected = True
        return conn

    def run(self, work: Callable):
        """`work(conn)` on a pooled connection, and once more on a new one if
        that failed: a connection idle across a database restart or a network
        cut is broken, and the question should not fail for that."""
        try:
            pooled = self._idle.get_nowait()
        except queue.Empty:
            pooled = None
        if pooled is not None:
            try:
                with self.connection(pooled) as conn:
                    return work(conn)
            except DatabaseUnavailable:
                pass
        with self.connection(self._connect()) as conn:
            return work(conn)

    @contextlib.contextmanager
    def connection(self, conn=None) -> Iterator:
        """An autocommit connection (`conn`, or one from the pool); open
        transactions with `conn.transaction()`.

        Any database error (lost connection, server down) drops the connection
        and is raised as DatabaseUnavailable.
        """
        if conn is None:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                conn = self._connect()
        try:
            yield conn
        except self._psycopg.Error as err:
            conn.close()
            raise unavailable(self.url, err) from None
        except BaseException:
            conn.close()
            raise
        if conn.closed or conn.info.transaction_status != 0:  # 0: idle, outside a transaction
            conn.close()
            return
        try:
            self._idle.put_nowait(conn)
        except queue.Full:
            conn.close()

    @contextlib.contextmanager
    def advisory_lock(self, key: int) -> Iterator:
        """Hold a session advisory lock on a dedicated connection."""
        with self.connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (key,))
            try:
                yield conn
            finally:
                if not conn.closed:
                    conn.execute("SELECT pg_advisory_unlock(%s)", (key,))

    @contextlib.contextmanager
    def try_advisory_lock(self, key: int) -> Iterator[bool]:
        """The session advisory lock `key` on a dedicated connection if no
        other session holds it: yields True (held until the block ends), or
        False at once (another process has it)."""
        with self.connection() as conn:
            got = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]
            try:
                yield bool(got)
            finally:
                if got and not conn.closed:
                    conn.execute("SELECT pg_advisory_unlock(%s)", (key,))

    @contextlib.contextmanager
    def held(self, key: int) -> Iterator:
        """The advisory lock `key` on this database, re-entrant within one
        thread of this process (an editor's change holds the writer lock
        while the index update it calls takes it again)."""
        mark = (self.url, key)
        holder = _HELD.get(mark)
        if holder is not None and holder[0] == threading.get_ident():
            _HELD[mark] = (holder[0], holder[1] + 1)
            try:
                yield
            finally:
                _HELD[mark] = (holder[0], _HELD[mark][1] - 1)
            return
        with self.advisory_lock(key):
            _HELD[mark] = (threading.get_ident(), 1)
            try:
                yield
            finally:
                del _HELD[mark]

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


def schema_version(conn) -> int:
    exists = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(db: Database, schema: Schema = SCHEMA) -> int:
    """Apply the missing steps of `schema` in order; the schema version
    afterwards. Raises AssistantError for a database newer than the program."""
    with db.connection() as conn:
        current = schema_version(conn)
    if current > schema.version:
        raise too_new(schema, current, server_name(db.url))
    if current == schema.version:
        return current
    with db.advisory_lock(MIGRATION_LOCK) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, "
                     "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        current = schema_version(conn)
        if current > schema.version:
            raise too_new(schema, current, server_name(db.url))
        for version, step in enumerate(schema.steps[current:], current + 1):
            with conn.transaction():
                conn.execute(step.sql)
                conn.execute("INSERT INTO schema_version (version, description) VALUES (%s, %s)",
                             (version, step.description))
            log.info("database schema migrated to version %d (%s)", version, step.description)
        return schema_version(conn)


# ------------------------------------------------------ binary COPY rows
#
# Fixed-width rows of int4/int8/vector/halfvec columns are read and written
# with numpy in one pass instead of one Python object per value: 100,000
# chunk rows with their vectors load in a fraction of a second.

_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_TRAILER = struct.pack(">h", -1)


def row_dtype(columns: list[tuple[str, str]], dim: int = 0) -> np.dtype:
    """numpy dtype of one binary COPY row; column kinds: int4, int8, vector, halfvec."""
    fields: list[tuple] = [("_n", ">i2")]
    for name, kind in columns:
        fields.append((f"_len_{name}", ">i4"))
        if kind in ("int4", "int8"):
            fields.append((name, ">i4" if kind == "int4" else ">i8"))
        elif kind in ("vector", "halfvec"):
            fields += [(f"_dim_{name}", ">i2"), (f"_unused_{name}", ">i2"),
                       (name, ">f4" if kind == "vector" else ">f2", (dim,))]
        else:
            raise ValueError(kind)
    return np.dtype(fields)


def encode_rows(columns: list[tuple[str, str]], values: dict[str, np.ndarray],
                dim: int = 0) -> bytes:
    """The whole binary COPY stream (header, rows, trailer) for `values`."""
    dtype = row_dtype(columns, dim)
    n = len(next(iter(values.values())))
    rows = np.zeros(n, dtype)
    rows["_n"] = len(columns)
    for name, kind in columns:
        size = {"int4": 4, "int8": 8}.get(kind, 4 + dim * (4 if kind == "vector" else 2))
        rows[f"_len_{name}"] = size
        if kind in ("vector", "halfvec"):
            rows[f"_dim_{name}"] = dim
        rows[name] = values[name]
    return _SIGNATURE + rows.tobytes() + _TRAILER


def copy_in(conn, table_columns: str, columns: list[tuple[str, str]],
            values: dict[str, np.ndarray], dim: int = 0) -> None:
    """COPY `table_columns` ("chunks (article, no, ...)") FROM binary rows."""
    if len(next(iter(values.values()))) == 0:
        return
    with conn.cursor().copy(f"COPY {table_columns} FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(encode_rows(columns, values, dim))


_SEND = {"int4": "int4send", "int8": "int8send", "vector": "vector_send",
         "halfvec": "halfvec_send"}


def read_by_article(conn, table: str, columns: list[tuple[str, str]], dim: int = 0,
                    order: str = "") -> np.ndarray:
    """Rows of `table` (which has an `article` column) as a structured array,
    article by article in `articles.pos` order, within one article by `order`.

    The server packs each article's rows into one bytea (the columns' binary
    send format): a few thousand values per round of the client's loop
    instead of one, so 300,000 sentence rows load in well under a second.
    """
    row = " || ".join(f"{_SEND[kind]}(t.{name})" for name, kind in columns)
    within = f" ORDER BY t.{order}" if order else ""
    cur = conn.cursor(binary=True)
    cur.execute(f"SELECT string_agg({row}, ''::bytea{within}) FROM {table} t "
                "JOIN articles a ON a.pk = t.article GROUP BY a.pk, a.pos ORDER BY a.pos")
    fields: list[tuple] = []
    for name, kind in columns:
        if kind in ("int4", "int8"):
            fields.append((name, ">i4" if kind == "int4" else ">i8"))
        else:
            fields += [(f"_dim_{name}", ">i2"), (f"_unused_{name}", ">i2"),
                       (name, ">f4" if kind == "vector" else ">f2", (dim,))]
    dtype = np.dtype(fields)
    buf = b"".join(r[0] for r in cur)
    if len(buf) % dtype.itemsize:
        raise DatabaseUnavailable("Databasen gav rader av oväntad storlek (fel vektordimension?).")
    return np.frombuffer(buf, dtype)

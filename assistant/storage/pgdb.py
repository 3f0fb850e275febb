"""PostgreSQL connections, the versioned schema, and binary COPY rows.

The only module that imports psycopg. Connections are opened lazily and
kept in a small pool; one that fails is dropped, so the process recovers by
itself when the database is back. Every failure to reach or use the
database becomes `DatabaseUnavailable` with a Swedish message that names
the server (never the password).

Migrations are numbered and recorded in `schema_version`; `migrate` runs the
missing ones in order, each in its own transaction, under an advisory lock
so that several app processes starting at once apply each one once.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import struct
from typing import Callable, Iterator
from urllib.parse import urlsplit

import numpy as np

from ..errors import DatabaseUnavailable

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3
POOL_SIZE = 4
# pg_advisory_lock keys: one for migrations, one for index writers
MIGRATION_LOCK = 0x5A3D_0001
WRITER_LOCK = 0x5A3D_0002

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "articles, chunks, sentences, BM25 postings, index state", """
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE index_state (
    id int PRIMARY KEY CHECK (id = 1),
    generation bigint NOT NULL,
    manifest jsonb NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO index_state (id, generation, manifest) VALUES (1, 0, '{}');
CREATE SEQUENCE article_pos;
CREATE TABLE articles (
    pk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    pos bigint NOT NULL DEFAULT nextval('article_pos'),
    title text NOT NULL,
    municipality text,
    partners text[] NOT NULL DEFAULT '{}',
    published text,
    updated text,
    source text,
    path text NOT NULL,
    fingerprint text NOT NULL,
    body text NOT NULL
);
-- sent_lo/sent_hi: the chunk's sentences [lo, hi), numbered within the article
CREATE TABLE chunks (
    pk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article bigint NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    no int NOT NULL,
    start_at int NOT NULL,
    end_at int NOT NULL,
    sent_lo int NOT NULL,
    sent_hi int NOT NULL,
    embedding vector NOT NULL,
    UNIQUE (article, no)
);
CREATE TABLE sentences (
    article bigint NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    no int NOT NULL,
    start_at int NOT NULL,
    end_at int NOT NULL,
    n_terms int NOT NULL,
    embedding halfvec NOT NULL,
    PRIMARY KEY (article, no)
);
CREATE TABLE terms (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    term text NOT NULL UNIQUE
);
-- BM25 postings exactly as index/lexical.py counts them (stems, compound parts),
-- one row per article: parallel little-endian int32 arrays (sentence number
-- within the article, term id, term frequency). Rows of single postings
-- cost 30 s more per 100,000 chunks to write (a foreign-key check each).
CREATE TABLE postings (
    article bigint PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
    sentence bytea NOT NULL,
    term bytea NOT NULL,
    tf bytea NOT NULL
);
"""),
    (2, "feedback (as feedback.py keeps it in SQLite)", """
CREATE TABLE feedback (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time text NOT NULL,
    source text NOT NULL,
    verdict text NOT NULL CHECK (verdict IN ('helpful', 'not_helpful', 'wrong_quote')),
    quote int,
    question text NOT NULL,
    interpreted_as text,
    no_answer boolean NOT NULL,
    passages jsonb NOT NULL,
    answer jsonb NOT NULL,
    answer_key text
);
CREATE INDEX feedback_answer_key ON feedback (answer_key);
"""),
    (3, "feedback: the answer id the server gave, the key that signs answers, purging by time", """
ALTER TABLE feedback ADD COLUMN answer_id text;
CREATE INDEX feedback_time ON feedback (time);
CREATE TABLE feedback_secret (id int PRIMARY KEY CHECK (id = 1), key bytea NOT NULL);
"""),
    (4, "articles: what the source says of its dates when it gives none", """
ALTER TABLE articles ADD COLUMN date_note text;
"""),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


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


def migrate(db: Database) -> int:
    """Apply the missing migrations in order; the schema version afterwards."""
    with db.connection() as conn:
        if schema_version(conn) == SCHEMA_VERSION:
            return SCHEMA_VERSION
    with db.advisory_lock(MIGRATION_LOCK) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, "
                     "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        current = schema_version(conn)
        for version, description, sql in MIGRATIONS:
            if version <= current:
                continue
            with conn.transaction():
                conn.execute(sql)
                conn.execute("INSERT INTO schema_version (version, description) VALUES (%s, %s)",
                             (version, description))
            log.info("database schema migrated to version %d (%s)", version, description)
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

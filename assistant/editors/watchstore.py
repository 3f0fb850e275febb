"""Where the watched sources are kept: the sources, the items waiting for
an editor's review (`pending`) and the ones turned down (`dismissed`, so a
check does not bring them back).

`Watched` is the folder deployment's: `corpus/.watched.json` (a hidden
name, never read as an article), read, changed and written whole under the
file's lock, atomically. `PgWatched` is the shared database's, under
ASSISTANT_DATABASE_URL: the tables watched_sources, watched_pending and
watched_dismissed (storage/pgschema.py), each change one transaction under
an advisory lock, so two servers changing the list at once lose nothing.
Both have the same methods; `open_watched` picks one by the rule the other
stores use (a database when the Editor has one). Addresses are compared as
feeds.address_key writes them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import AssistantError, StorageError
from ..governance.audit import Actor
from ..storage.files import exclusive_lock, replace_durable, storage_error
from .feeds import address_key
from .fetch import check_url
from .provenance import now

STORE = ".watched.json"
MAX_SOURCES = 200
MAX_PENDING = 5000
WATCH_LOCK = 0x5A3D_0003  # pg_advisory_xact_lock key (storage/pgdb.py has 1 and 2)
KINDS = ("sources", "pending", "dismissed")


@dataclass(frozen=True)
class WatchedSource:
    url: str
    added_by: str
    added_at: str
    trusted: bool = False
    last_checked: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_result: str | None = None  # Swedish: what the last check found


@dataclass(frozen=True)
class Pending:
    url: str
    title: str | None
    feed: str
    found_at: str


SOURCE_FIELDS = tuple(WatchedSource.__dataclass_fields__)
PENDING_FIELDS = tuple(Pending.__dataclass_fields__)


def _source(values: dict) -> WatchedSource:
    return WatchedSource(**{k: values.get(k) for k in SOURCE_FIELDS if k in values})


def _new_source(url: str, actor: Actor, trusted: bool) -> WatchedSource:
    url = url.strip()
    check_url(url)
    return WatchedSource(url, actor.name, now(), bool(trusted))


class Watched:
    """The folder deployment's list: corpus/.watched.json."""

    def __init__(self, corpus_dir: Path):
        self.corpus = Path(corpus_dir)
        self.path = self.corpus / STORE

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {k: [] for k in KINDS}
        except (OSError, ValueError) as err:
            raise StorageError(f"Listan över bevakade källor ({self.path}) kan inte läsas "
                               f"({err.__class__.__name__}).") from None
        return {k: list(data.get(k) or []) for k in KINDS}

    def _write(self, data: dict) -> None:
        try:
            replace_durable(self.path, json.dumps(data, ensure_ascii=False, indent=1)
                            .encode("utf-8"))
        except OSError as err:
            raise storage_error(err, self.corpus, "listan över bevakade källor", "--corpus") \
                from None

    def _change(self, change) -> object:
        try:
            lock = exclusive_lock(self.corpus / ".watched.lock")
            with lock:
                data = self._read()
                out = change(data)
                self._write(data)
                return out
        except OSError as err:
            raise storage_error(err, self.corpus, "listan över bevakade källor", "--corpus") \
                from None

    # --- reading
    def sources(self) -> list[WatchedSource]:
        return [_source(s) for s in self._read()["sources"]]

    def pending(self) -> list[Pending]:
        return [Pending(**p) for p in self._read()["pending"]]

    def waiting(self) -> set[str]:
        """The address keys of the items waiting or turned down."""
        data = self._read()
        return ({address_key(p["url"]) for p in data["pending"]}
                | {address_key(u) for u in data["dismissed"]})

    def dump(self) -> dict:
        """Everything, as the JSON file has it (`assistant db export`)."""
        data = self._read()
        return {"sources": [asdict(s) for s in self.sources()], "pending": data["pending"],
                "dismissed": data["dismissed"]}

    # --- editors' changes
    def add_source(self, url: str, actor: Actor, trusted: bool = False) -> WatchedSource:
        source = _new_source(url, actor, trusted)

        def change(data):
            if any(address_key(s["url"]) == address_key(source.url) for s in data["sources"]):
                raise AssistantError(f"{source.url} bevakas redan.")
            if len(data["sources"]) >= MAX_SOURCES:
                raise AssistantError(f"Högst {MAX_SOURCES} källor kan bevakas.")
            data["sources"].append(asdict(source))
        self._change(change)
        return source

    def remove_source(self, url: str) -> None:
        def change(data):
            before = len(data["sources"])
            data["sources"] = [s for s in data["sources"]
                               if address_key(s["url"]) != address_key(url)]
            if len(data["sources"]) == before:
                raise AssistantError(f"{url} bevakas inte.")
            data["pending"] = [p for p in data["pending"]
                               if address_key(p["feed"]) != address_key(url)]
        self._change(change)

    def set_trusted(self, url: str, trusted: bool) -> None:
        def change(data):
            for s in data["sources"]:
                if address_key(s["url"]) == address_key(url):
                    s["trusted"] = bool(trusted)
                    return
            raise AssistantError(f"{url} bevakas inte.")
        self._change(change)

    def take_pending(self, urls: list[str], dismiss: bool = False) -> list[Pending]:
        """Remove these items from the waiting list (and, with `dismiss`,
        remember them as turned down); returns the ones that were there."""
        keys = {address_key(u) for u in urls}

        def change(data):
            taken = [p for p in data["pending"] if address_key(p["url"]) in keys]
            data["pending"] = [p for p in data["pending"] if address_key(p["url"]) not in keys]
            if dismiss:
                data["dismissed"] = (data["dismissed"] + [p["url"] for p in taken])[-MAX_PENDING:]
            return [Pending(**p) for p in taken]
        return self._change(change)

    # --- a check's results
    def queue(self, feed: str, items: list) -> None:
        """Put new items (each with .url and .title) on the waiting list."""
        at = now()

        def change(data):
            have = {address_key(p["url"]) for p in data["pending"]}
            for i in items:
                if address_key(i.url) not in have and len(data["pending"]) < MAX_PENDING:
                    data["pending"].append(asdict(Pending(i.url, i.title, feed, at)))
                    have.add(address_key(i.url))
        if items:
            self._change(change)

    def checked(self, url: str, result: str, headers: tuple | None = None) -> None:
        """Note a check of `url`: when, what it found, and (etag,
        last_modified) for the next conditional request when it was read."""
        def change(data):
            for s in data["sources"]:
                if address_key(s["url"]) == address_key(url):
                    s["last_checked"], s["last_result"] = now(), result
                    if headers is not None:
                        s["etag"], s["last_modified"] = headers
        self._change(change)

    def merge(self, other: dict) -> int:
        """Add what `other` (a dump) has and this list lacks, compared by
        address; the number of sources added (`assistant db export`)."""
        def change(data):
            added = 0
            for kind, url_of in (("sources", lambda x: x["url"]), ("pending", lambda x: x["url"]),
                                 ("dismissed", lambda x: x)):
                have = {address_key(url_of(x)) for x in data[kind]}
                for x in other.get(kind) or []:
                    if address_key(url_of(x)) not in have:
                        data[kind].append(x)
                        have.add(address_key(url_of(x)))
                        added += kind == "sources"
            return added
        return self._change(change)


class PgWatched:
    """The list in the shared database (`db`: storage/pgdb.Database)."""

    def __init__(self, db):
        self.db = db

    def _read(self, sql: str, args: tuple = ()) -> list[tuple]:
        return self.db.run(lambda conn: conn.execute(sql, args).fetchall())

    def _change(self, work) -> object:
        """`work(conn)` in one transaction, one change at a time on every server."""
        def run(conn):
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WATCH_LOCK,))
                return work(conn)
        return self.db.run(run)

    # --- reading
    def sources(self) -> list[WatchedSource]:
        return [WatchedSource(*r) for r in self._read(
            f"SELECT {', '.join(SOURCE_FIELDS)} FROM watched_sources ORDER BY pos")]

    def pending(self) -> list[Pending]:
        return [Pending(*r) for r in self._read(
            f"SELECT {', '.join(PENDING_FIELDS)} FROM watched_pending ORDER BY pos")]

    def waiting(self) -> set[str]:
        return {r[0] for r in self._read("SELECT key FROM watched_pending UNION "
                                         "SELECT key FROM watched_dismissed")}

    def dump(self) -> dict:
        return {"sources": [asdict(s) for s in self.sources()],
                "pending": [asdict(p) for p in self.pending()],
                "dismissed": [r[0] for r in self._read(
                    "SELECT url FROM watched_dismissed ORDER BY pos")]}

    # --- editors' changes
    def add_source(self, url: str, actor: Actor, trusted: bool = False) -> WatchedSource:
        source = _new_source(url, actor, trusted)

        def work(conn):
            n = conn.execute("SELECT count(*) FROM watched_sources").fetchone()[0]
            if n >= MAX_SOURCES:
                raise AssistantError(f"Högst {MAX_SOURCES} källor kan bevakas.")
            if not _insert_source(conn, asdict(source)):
                raise AssistantError(f"{source.url} bevakas redan.")
        self._change(work)
        return source

    def remove_source(self, url: str) -> None:
        def work(conn):
            if not conn.execute("DELETE FROM watched_sources WHERE key = %s",
                                (address_key(url),)).rowcount:
                raise AssistantError(f"{url} bevakas inte.")
            conn.execute("DELETE FROM watched_pending WHERE feed_key = %s", (address_key(url),))
        self._change(work)

    def set_trusted(self, url: str, trusted: bool) -> None:
        def work(conn):
            if not conn.execute("UPDATE watched_sources SET trusted = %s WHERE key = %s",
                                (bool(trusted), address_key(url))).rowcount:
                raise AssistantError(f"{url} bevakas inte.")
        self._change(work)

    def take_pending(self, urls: list[str], dismiss: bool = False) -> list[Pending]:
        keys = sorted({address_key(u) for u in urls})

        def work(conn):
            rows = sorted(conn.execute(
                f"DELETE FROM watched_pending WHERE key = ANY(%s) "
                f"RETURNING pos, {', '.join(PENDING_FIELDS)}", (keys,)).fetchall())
            taken = [Pending(*r[1:]) for r in rows]
            if dismiss and taken:
                _insert_dismissed(conn, [p.url for p in taken])
            return taken
        return self._change(work)

    # --- a check's results
    def queue(self, feed: str, items: list) -> None:
        at = now()

        def work(conn):
            room = MAX_PENDING - conn.execute("SELECT count(*) FROM watched_pending").fetchone()[0]
            for i in items:
                if room <= 0:
                    return
                room -= _insert_pending(conn, asdict(Pending(i.url, i.title, feed, at)))
        if items:
            self._change(work)

    def checked(self, url: str, result: str, headers: tuple | None = None) -> None:
        def work(conn):
            conn.execute("UPDATE watched_sources SET last_checked = %s, last_result = %s "
                         "WHERE key = %s", (now(), result, address_key(url)))
            if headers is not None:
                conn.execute("UPDATE watched_sources SET etag = %s, last_modified = %s "
                             "WHERE key = %s", (*headers, address_key(url)))
        self._change(work)

    def merge(self, other: dict) -> int:
        """Add what `other` (a dump, e.g. a folder's) lacks here; the number
        of sources added (`assistant db import`)."""
        def work(conn):
            added = sum(_insert_source(conn, s) for s in other.get("sources") or [])
            for p in other.get("pending") or []:
                _insert_pending(conn, p)
            _insert_dismissed(conn, other.get("dismissed") or [])
            return added
        return self._change(work)


def _insert_source(conn, s: dict) -> int:
    values = {k: s.get(k) for k in SOURCE_FIELDS}
    values["trusted"] = bool(values["trusted"])
    return conn.execute(
        f"INSERT INTO watched_sources (key, {', '.join(SOURCE_FIELDS)}) "
        f"VALUES (%s{', %s' * len(SOURCE_FIELDS)}) ON CONFLICT (key) DO NOTHING",
        (address_key(s["url"]), *values.values())).rowcount


def _insert_pending(conn, p: dict) -> int:
    return conn.execute(
        f"INSERT INTO watched_pending (key, feed_key, {', '.join(PENDING_FIELDS)}) "
        f"VALUES (%s, %s{', %s' * len(PENDING_FIELDS)}) ON CONFLICT (key) DO NOTHING",
        (address_key(p["url"]), address_key(p["feed"]),
         *(p.get(k) for k in PENDING_FIELDS))).rowcount


def _insert_dismissed(conn, urls: list[str]) -> None:
    for url in urls:
        conn.execute("INSERT INTO watched_dismissed (key, url) VALUES (%s, %s) "
                     "ON CONFLICT (key) DO NOTHING", (address_key(url), url))
    conn.execute("DELETE FROM watched_dismissed WHERE pos <= (SELECT pos FROM "
                 "watched_dismissed ORDER BY pos DESC OFFSET %s LIMIT 1)", (MAX_PENDING,))


def open_watched(corpus: Path, db=None) -> Watched | PgWatched:
    """The database's list when there is one (ASSISTANT_DATABASE_URL: the
    Editor's PgStore's `db`), else the corpus folder's."""
    return PgWatched(db) if db is not None else Watched(corpus)

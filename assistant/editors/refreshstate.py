"""Where the re-check state is kept: what each article's page gave last
time (url, etag, last_modified, sha256, checked_at; listed_as, the address
a feed gave when it led elsewhere; gone: status and since, for a page that
answered 404 or 410), by article id (refresh.py, feeds.py).

`State` is the folder deployment's: `corpus/.refresh.json` (a hidden name,
never read as an article), written atomically under the file's lock.
`PgState` is the shared database's, under ASSISTANT_DATABASE_URL: the table
refresh_state (storage/pgschema.py), one row per article, so every server
sees the pages gone at their source and the validators another server got.
Both have the same methods; `open_state` picks one by the rule the other
stores use (the database when the Editor has one).

It is a cache: entries are read once, changed in memory, and `save` writes
the changed ones (merged with what another process wrote meanwhile); a
failure to read or write it is logged, not raised. Lost or stale, the next
refresh fetches and compares again.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from ..errors import DatabaseUnavailable
from ..storage.files import exclusive_lock, replace_durable, storage_error
from .provenance import now

STATE = ".refresh.json"

log = logging.getLogger(__name__)


class _Entries:
    """The entries in memory; `_load` reads them, `save` writes the changed ones."""

    _entries: dict | None = None

    @property
    def entries(self) -> dict:
        if self._entries is None:
            self._entries = self._load()
            self._changed: set[str] = set()
        return self._entries

    def _load(self) -> dict:
        raise NotImplementedError

    def get(self, article_id: str) -> dict:
        entry = self.entries.get(article_id)
        return entry if isinstance(entry, dict) else {}

    def _set(self, article_id: str, entry: dict) -> None:
        self.entries[article_id] = entry
        self._changed.add(article_id)

    def _pending(self) -> dict:
        """The entries this object changed and has not saved."""
        if self._entries is None:
            return {}
        return {k: self._entries[k] for k in self._changed if k in self._entries}

    def remember(self, article_id: str, url: str, etag: str | None, last_modified: str | None,
                 sha256: str, listed_as: str | None = None) -> None:
        """`listed_as`: the address a feed gave, when it led elsewhere."""
        listed_as = listed_as or self.get(article_id).get("listed_as")
        self._set(article_id, {"url": url, "etag": etag, "last_modified": last_modified,
                               "sha256": sha256, "checked_at": now(),
                               **({"listed_as": listed_as} if listed_as else {})})

    def mark_gone(self, article_id: str, url: str, status: int) -> None:
        entry = self.get(article_id)
        since = (entry.get("gone") or {}).get("since") or now()
        self._set(article_id, {**entry, "url": url, "checked_at": now(),
                               "gone": {"status": status, "since": since}})

    def gone(self) -> dict[str, dict]:
        """Article id -> {"status", "since", "url"} for pages that are gone."""
        return {k: {**v["gone"], "url": v.get("url")} for k, v in self.entries.items()
                if isinstance(v, dict) and isinstance(v.get("gone"), dict)}


class State(_Entries):
    """The folder deployment's state: corpus/.refresh.json."""

    def __init__(self, corpus_dir: Path):
        self.corpus = Path(corpus_dir)
        self.path = self.corpus / STATE

    def _load(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data.get("articles", {}) if isinstance(data, dict) else {}

    def _write(self, change) -> None:
        """Read, `change(entries)`, write whole, under the file's lock."""
        with exclusive_lock(self.corpus / ".refresh.lock"):
            data = self._load()
            change(data)
            replace_durable(self.path, json.dumps({"version": 1, "articles": data},
                                                  ensure_ascii=False, indent=1,
                                                  sort_keys=True).encode("utf-8"))

    def save(self) -> None:
        pending = self._pending()
        if not pending:
            return
        try:
            self._write(lambda data: data.update(pending))
            self._changed.clear()
        except OSError as err:
            log.warning("the refresh state %s could not be written: %s", self.path, err)

    def dump(self) -> dict:
        """Every entry, as the file has it (`assistant db import`)."""
        return self._load()

    def merge(self, other: dict) -> int:
        """Add the entries of `other` this file lacks; how many (`assistant
        db export`). Raises StorageError."""
        added = []

        def change(data):
            added.extend(k for k in other if k not in data)
            data.update({k: other[k] for k in added})
        try:
            self._write(change)
        except OSError as err:
            raise storage_error(err, self.corpus, "kontrollen mot källorna", "--corpus") \
                from None
        return len(added)


UPSERT = ("INSERT INTO refresh_state (article, entry) VALUES (%s, %s::jsonb) "
          "ON CONFLICT (article) DO UPDATE SET entry = EXCLUDED.entry, changed_at = now()")


class PgState(_Entries):
    """The state in the shared database (`db`: storage/pgdb.Database)."""

    def __init__(self, db):
        self.db = db

    def _rows(self, where: str = "") -> dict:
        """article -> entry of the rows `where` selects ({} and a log line
        when the database cannot be read: the state is a cache)."""
        try:
            rows = self.db.run(lambda conn: conn.execute(
                "SELECT article, entry FROM refresh_state " + where).fetchall())
        except DatabaseUnavailable as err:
            log.warning("the refresh state could not be read: %s", err)
            return {}
        return {k: v for k, v in rows if isinstance(v, dict)}

    def _load(self) -> dict:
        return self._rows()

    def gone(self) -> dict[str, dict]:
        """As State.gone; read alone (the editors' page) only those rows."""
        if self._entries is not None:
            return super().gone()
        return {k: {**v["gone"], "url": v.get("url")}
                for k, v in self._rows("WHERE entry ? 'gone'").items()
                if isinstance(v.get("gone"), dict)}

    def _insert(self, sql: str, entries: dict) -> int:
        rows = [(k, json.dumps(v, ensure_ascii=False)) for k, v in sorted(entries.items())]

        def work(conn):
            with conn.transaction():
                return sum(conn.execute(sql, row).rowcount for row in rows)
        return self.db.run(work) if rows else 0

    def save(self) -> None:
        pending = self._pending()
        if not pending:
            return
        try:
            self._insert(UPSERT, pending)
            self._changed.clear()
        except DatabaseUnavailable as err:
            log.warning("the refresh state could not be written: %s", err)

    def dump(self) -> dict:
        """Every entry, as the folder's file has it (`assistant db export`)."""
        return {k: v for k, v in self.db.run(lambda conn: conn.execute(
            "SELECT article, entry FROM refresh_state ORDER BY article").fetchall())}

    def merge(self, other: dict) -> int:
        """Add the entries of `other` (a folder's) the database lacks; how
        many (`assistant db import`). Raises DatabaseUnavailable."""
        return self._insert("INSERT INTO refresh_state (article, entry) VALUES "
                            "(%s, %s::jsonb) ON CONFLICT (article) DO NOTHING", other)


def open_state(corpus: Path, db=None) -> State | PgState:
    """The database's state when there is one (ASSISTANT_DATABASE_URL: the
    Editor's `db`), else the corpus folder's."""
    return PgState(db) if db is not None else State(corpus)

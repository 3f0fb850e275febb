"""Watched sources ("Bevaka en källa"): feeds and sitemaps the server checks
on a schedule (Settings.feed_interval hours; web/schedule.py), whose new
items wait for an editor's review before they are published, unless the
source is trusted (then they are added at once, with every check of an add).

Kept in `corpus/.watched.json` (a hidden name, never read as an article)
for the folder deployment, with the fields of the PostgreSQL table
`watched_sources` (url, added_by, added_at, trusted, last_checked, etag,
last_modified), and the items waiting (`pending`) or turned down
(`dismissed`, so a check does not bring them back). Every change is read,
changed and written whole under the file's lock, atomically.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import AssistantError, FetchRefused, StorageError
from ..governance.audit import SYSTEM, Actor
from ..storage.files import exclusive_lock, replace_durable, storage_error
from .feeds import FeedImport, Item, address_key, import_items, known_addresses, read_feed
from .fetch import check_url
from .provenance import now

STORE = ".watched.json"
MAX_SOURCES = 200
MAX_PENDING = 5000


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


class Watched:
    def __init__(self, corpus_dir: Path):
        self.corpus = Path(corpus_dir)
        self.path = self.corpus / STORE

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"sources": [], "pending": [], "dismissed": []}
        except (OSError, ValueError) as err:
            raise StorageError(f"Listan över bevakade källor ({self.path}) kan inte läsas "
                               f"({err.__class__.__name__}).") from None
        return {k: list(data.get(k) or []) for k in ("sources", "pending", "dismissed")}

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
        return [WatchedSource(**{k: s.get(k) for k in WatchedSource.__dataclass_fields__
                                 if k in s}) for s in self._read()["sources"]]

    def pending(self) -> list[Pending]:
        return [Pending(**p) for p in self._read()["pending"]]

    # --- editors' changes
    def add_source(self, url: str, actor: Actor, trusted: bool = False) -> WatchedSource:
        url = url.strip()
        check_url(url)
        source = WatchedSource(url, actor.name, now(), bool(trusted))

        def change(data):
            if any(address_key(s["url"]) == address_key(url) for s in data["sources"]):
                raise AssistantError(f"{url} bevakas redan.")
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


def check_sources(editor, actor: Actor = SYSTEM) -> list[str]:
    """Check every watched source once: new items of a trusted one are added,
    of another one put on the waiting list. Returns one Swedish line per source."""
    watched = Watched(editor.corpus)
    lines = []
    for source in watched.sources():
        headers = {"If-None-Match": source.etag, "If-Modified-Since": source.last_modified}
        try:
            listing = read_feed(source.url, editor.settings, headers)
        except FetchRefused as err:
            result = f"kunde inte läsas: {err}"
            listing = None
        if listing is not None and listing.not_modified:
            result = "oförändrad sedan förra kontrollen"
        elif listing is not None:
            known = known_addresses(editor.corpus)
            data = watched._read()
            waiting = {address_key(p["url"]) for p in data["pending"]}
            waiting |= {address_key(u) for u in data["dismissed"]}
            new = [i for i in listing.items
                   if address_key(i.url) not in known and address_key(i.url) not in waiting]
            if source.trusted and new:
                done = import_items(editor, new, actor, result=FeedImport(listing))
                result = (f"{done.count('added')} nya artiklar publicerade, "
                          f"{done.count('duplicate')} dubbletter eller kopior, "
                          f"{len(done.refused) + done.count('error')} med fel")
            else:
                result = f"{len(new)} nya att granska" if new else "inget nytt"
                _queue(watched, source.url, new)
        lines.append(f"{source.url}: {result}")
        _checked(watched, source.url, listing, result)
    return lines


def _queue(watched: Watched, feed: str, items: list[Item]) -> None:
    if not items:
        return
    at = now()

    def change(data):
        have = {address_key(p["url"]) for p in data["pending"]}
        for i in items:
            if address_key(i.url) not in have and len(data["pending"]) < MAX_PENDING:
                data["pending"].append(asdict(Pending(i.url, i.title, feed, at)))
    watched._change(change)


def _checked(watched: Watched, url: str, listing, result: str) -> None:
    def change(data):
        for s in data["sources"]:
            if address_key(s["url"]) == address_key(url):
                s["last_checked"] = now()
                s["last_result"] = result
                if listing is not None:
                    s["etag"], s["last_modified"] = listing.etag, listing.last_modified
    watched._change(change)


def publish_pending(editor, urls: list[str], actor: Actor = SYSTEM) -> FeedImport:
    """An editor publishes items that waited: each is fetched and added."""
    watched = Watched(editor.corpus)
    keys = {address_key(u) for u in urls}
    chosen = [p for p in watched.pending() if address_key(p.url) in keys]
    if not chosen:
        raise AssistantError("Ingen av de valda artiklarna väntar på granskning.")
    done = import_items(editor, [Item(p.url, p.title) for p in chosen], actor)
    watched.take_pending([p.url for p in chosen])  # only once they are in (or refused)
    return done

"""Watched sources ("Bevaka en källa"): feeds and sitemaps the server checks
on a schedule (Settings.feed_interval hours; web/schedule.py), whose new
items wait for an editor's review before they are published, unless the
source is trusted (then they are added at once, with every check of an add).

The list is the Editor's `watched` (editors/watchstore.py): the corpus
folder's `.watched.json`, or under ASSISTANT_DATABASE_URL the database's
tables, shared by every server. There every server runs the schedule, and
`one_round` lets one of them check at a time: the others skip that round.
"""

from __future__ import annotations

import contextlib

from ..errors import AssistantError, FetchRefused
from ..governance.audit import SYSTEM, Actor
from .feeds import FeedImport, Item, address_key, import_items, known_addresses, read_feed
from .watchstore import MAX_PENDING, MAX_SOURCES, STORE, Pending, Watched, WatchedSource

__all__ = ["MAX_PENDING", "MAX_SOURCES", "STORE", "Pending", "Watched", "WatchedSource",
           "check_sources", "one_round", "publish_pending"]

ROUND_LOCK = 0x5A3D_0004  # pg_try_advisory_lock key (watchstore.py has 3, storage/pgdb.py 1, 2)


@contextlib.contextmanager
def one_round(editor, every_hours: float = 0.0):
    """True when this server is to run a scheduled round now. Always without
    a database. With one, not while another server runs its round (a
    session advisory lock, held until the block ends and let go by the
    database if the process dies), nor within half an interval
    (`every_hours`; 0: no lease) of the start of the last round any server
    began (the lease row in schedule_rounds: servers started at different
    times would otherwise each check once an interval). Raises
    DatabaseUnavailable."""
    if editor.db is None:
        yield True
        return
    half = every_hours * 1800  # seconds
    with editor.db.try_advisory_lock(ROUND_LOCK) as mine:
        if mine and half > 0:
            mine = editor.db.run(lambda conn: conn.execute(
                "INSERT INTO schedule_rounds (name, started_at) VALUES ('sources', now()) "
                "ON CONFLICT (name) DO UPDATE SET started_at = now() WHERE "
                "schedule_rounds.started_at < now() - make_interval(secs => %s)",
                (half,)).rowcount == 1)
        yield mine


def check_sources(editor, actor: Actor = SYSTEM) -> list[str]:
    """Check every watched source once: new items of a trusted one are added,
    of another one put on the waiting list. Returns one Swedish line per source."""
    watched = editor.watched
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
            known = known_addresses(editor.corpus, editor.db)
            waiting = watched.waiting()
            new = [i for i in listing.items
                   if address_key(i.url) not in known and address_key(i.url) not in waiting]
            if source.trusted and new:
                done = import_items(editor, new, actor, result=FeedImport(listing))
                result = (f"{done.count('added')} nya artiklar publicerade, "
                          f"{done.count('duplicate')} dubbletter eller kopior, "
                          f"{len(done.refused) + done.count('error')} med fel")
            else:
                result = f"{len(new)} nya att granska" if new else "inget nytt"
                watched.queue(source.url, new)
        lines.append(f"{source.url}: {result}")
        watched.checked(source.url, result, None if listing is None
                        else (listing.etag, listing.last_modified))
    return lines


def publish_pending(editor, urls: list[str], actor: Actor = SYSTEM) -> FeedImport:
    """An editor publishes items that waited: each is fetched and added."""
    watched = editor.watched
    keys = {address_key(u) for u in urls}
    chosen = [p for p in watched.pending() if address_key(p.url) in keys]
    if not chosen:
        raise AssistantError("Ingen av de valda artiklarna väntar på granskning.")
    done = import_items(editor, [Item(p.url, p.title) for p in chosen], actor)
    watched.take_pending([p.url for p in chosen])  # only once they are in (or refused)
    return done

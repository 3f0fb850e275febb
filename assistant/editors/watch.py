"""Watched sources ("Bevaka en källa"): feeds and sitemaps the server checks
on a schedule (Settings.feed_interval hours; web/schedule.py), whose new
items wait for an editor's review before they are published, unless the
source is trusted (then they are added at once, with every check of an add).

The list is the Editor's `watched` (editors/watchstore.py): the corpus
folder's `.watched.json`, or under ASSISTANT_DATABASE_URL the database's
tables, shared by every server.
"""

from __future__ import annotations

from ..errors import AssistantError, FetchRefused
from ..governance.audit import SYSTEM, Actor
from .feeds import FeedImport, Item, address_key, import_items, known_addresses, read_feed
from .watchstore import MAX_PENDING, MAX_SOURCES, STORE, Pending, Watched, WatchedSource

__all__ = ["MAX_PENDING", "MAX_SOURCES", "STORE", "Pending", "Watched", "WatchedSource",
           "check_sources", "publish_pending"]


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
            known = known_addresses(editor.corpus)
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

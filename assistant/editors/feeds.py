"""Following a feed: the articles an RSS 2.0 (or 1.0) or Atom feed, or a
sitemap (urlset, and a sitemapindex's sitemaps), lists.

The feed is fetched with the safe fetch (fetch.py: its address checks,
deadline and size cap; XML types only) and parsed with defusedxml: no
document type, no entities, no external references, so neither a "billion
laughs" nor a file of the server's can come in through it. At most
`Settings.feed_items` items are read (ASSISTANT_FEED_ITEMS), and at most
MAX_SITEMAPS sitemaps of an index are followed.

`import_feed` adds every listed article that is not already in the corpus
by its address (its source or another place it is published at), through
the editors' add (adding.py: the same checks, near-copies included, one
change of the journal per batch of BATCH articles), and notes each page's
ETag, Last-Modified and hash for the next re-check (refresh.py; kept by
refreshstate.py).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit
from xml.etree.ElementTree import ParseError

from ..corpus.articles import load_corpus
from ..corpus.ingest import Outcome, Overrides
from ..errors import FetchRefused
from ..governance.audit import SYSTEM, Actor
from .fetch import FEED_TYPES, allow_list, fetch
from .refresh import page_hash
from .refreshstate import open_state

MAX_SITEMAPS = 20
BATCH = 50  # articles added (and indexed) as one change


@dataclass(frozen=True)
class Item:
    url: str
    title: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Listing:
    """What a feed lists, at most `limit` items."""

    url: str
    kind: str  # rss, atom, sitemap
    items: tuple[Item, ...]
    truncated: bool = False  # it listed more than the limit
    problems: tuple[str, ...] = ()  # Swedish: child sitemaps that could not be read
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # a conditional request answered 304


def address_key(url: str) -> str:
    """An address as compared with the corpus's: without its fragment, its
    host lower-cased, without a trailing slash."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def _name(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element, name: str):
    return next((c for c in element if _name(c.tag) == name), None)


def _text(element, name: str) -> str | None:
    found = _child(element, name)
    text = (found.text or "").strip() if found is not None else ""
    return " ".join(text.split())[:500] or None


def parse(data: bytes, base: str, limit: int) -> tuple[str, list[Item], list[str], bool]:
    """(kind, items, child sitemaps, truncated) of a feed's bytes; links
    resolved against `base`, only http(s), each once. Raises FetchRefused."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise FetchRefused("Flödet innehåller en dokumenttyp eller entiteter (<!DOCTYPE>, "
                           "<!ENTITY>), som inte läses av säkerhetsskäl.") from None
    except (ParseError, ValueError):
        raise FetchRefused("Flödet är inte giltig XML.") from None
    kind, found, children = _name(root.tag), [], []
    if kind == "rss":
        channel = _child(root, "channel")
        for item in (channel if channel is not None else ()):
            if _name(item.tag) == "item":
                link = _text(item, "link")
                guid = _child(item, "guid")
                if not link and guid is not None and guid.get("isPermaLink", "true") == "true":
                    link = (guid.text or "").strip()
                found.append((link, _text(item, "title"), _text(item, "pubDate")))
    elif kind == "RDF":  # RSS 1.0
        kind = "rss"
        for item in root:
            if _name(item.tag) == "item":
                found.append((_text(item, "link"), _text(item, "title"), _text(item, "date")))
    elif kind == "feed":
        kind = "atom"
        for entry in root:
            if _name(entry.tag) != "entry":
                continue
            links = [c for c in entry if _name(c.tag) == "link"]
            link = next((c.get("href") for c in links
                         if c.get("rel", "alternate") == "alternate" and c.get("href")), None)
            found.append((link, _text(entry, "title"),
                          _text(entry, "updated") or _text(entry, "published")))
    elif kind in ("urlset", "sitemapindex"):
        target = children if kind == "sitemapindex" else None
        for entry in root:
            if _name(entry.tag) in ("url", "sitemap"):
                loc = _text(entry, "loc")
                if target is not None and loc:
                    target.append(urljoin(base, loc))
                else:
                    found.append((loc, None, _text(entry, "lastmod")))
        kind = "sitemap"
    else:
        raise FetchRefused("Adressen ger XML men inte ett RSS- eller Atom-flöde eller en "
                           "webbplatskarta.")
    items, seen = [], set()
    for link, title, date in found:
        if not link:
            continue
        url = urljoin(base, link.strip())
        if urlsplit(url).scheme.lower() not in ("http", "https") or address_key(url) in seen:
            continue
        seen.add(address_key(url))
        items.append(Item(url, title, date))
    return kind, items[:limit], children[:MAX_SITEMAPS], len(items) > limit


def read_feed(url: str, settings, headers: dict | None = None) -> Listing:
    """The items of the feed or sitemap at `url`. Raises FetchRefused (for
    the feed itself; a child sitemap that fails is a problem noted)."""
    allow = allow_list(settings.fetch_allow)
    got = fetch(url, allow, settings.fetch_timeout, types=FEED_TYPES, headers=headers)
    if got.status == 304:
        return Listing(url, "", (), etag=got.etag, last_modified=got.last_modified,
                       not_modified=True)
    try:
        data = got.file.read_bytes()
    finally:
        shutil.rmtree(got.file.parent, ignore_errors=True)
    kind, items, children, truncated = parse(data, got.url, settings.feed_items)
    problems = []
    for child in children:
        if len(items) >= settings.feed_items:
            truncated = True
            break
        try:
            sub = fetch(child, allow, settings.fetch_timeout, types=FEED_TYPES)
            try:
                data = sub.file.read_bytes()
            finally:
                shutil.rmtree(sub.file.parent, ignore_errors=True)
            _, more, _, cut = parse(data, sub.url, settings.feed_items - len(items))
        except FetchRefused as err:
            problems.append(f"{child}: {err}")
            continue
        known = {address_key(i.url) for i in items}
        items += [i for i in more if address_key(i.url) not in known]
        truncated = truncated or cut
    return Listing(got.url, kind, tuple(items[:settings.feed_items]), truncated, tuple(problems),
                   got.etag, got.last_modified)


def known_addresses(corpus_dir, db=None) -> set[str]:
    """Every address the corpus's articles came from or are published at,
    and the ones a feed listed them under (when the page names another;
    `db`: the Editor's database, which then keeps that note)."""
    out = set()
    noted = open_state(corpus_dir, db)
    for a in load_corpus(corpus_dir).articles:
        entry = noted.get(a.id)
        for url in ((a.source,) if a.source else ()) + a.also_published_at + tuple(
                u for u in (entry.get("url"), entry.get("listed_as")) if u):
            out.add(address_key(url))
    return out


@dataclass
class FeedImport:
    """What one import of a feed did."""

    listing: Listing
    known: int = 0  # items already in the corpus by their address
    outcomes: list[tuple[str, Outcome]] = field(default_factory=list)  # (address, outcome)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (address, Swedish reason)

    def count(self, status: str) -> int:
        return sum(1 for _, o in self.outcomes if o.status == status)


def import_items(editor, items: list[Item], actor: Actor = SYSTEM,
                 overrides: Overrides = Overrides(), result: FeedImport | None = None,
                 on_item=None) -> FeedImport:
    """Fetch and add `items` (none already known is checked here), BATCH at a
    time, each batch one change. Raises StorageError (the batches before stay)."""
    settings = editor.settings
    allow = allow_list(settings.fetch_allow)
    state = open_state(editor.corpus, editor.db)
    result = result or FeedImport(Listing("", "", tuple(items)))
    for start in range(0, len(items), BATCH):
        fetched = []
        try:
            listed = {}
            for item in items[start:start + BATCH]:
                try:
                    fetched.append(fetch(item.url, allow, settings.fetch_timeout))
                    listed[fetched[-1].url] = item.url
                except FetchRefused as err:
                    result.refused.append((item.url, str(err)))
                if on_item:
                    on_item(item)
            if not fetched:
                continue
            hashes = {f.url: page_hash(f.file.read_bytes()) for f in fetched}
            outcomes = editor.add([f.file for f in fetched], overrides, actor=actor,
                                  shown=[f.url for f in fetched],
                                  sources=[f.url for f in fetched])
            for f, outcome in zip(fetched, outcomes):
                result.outcomes.append((f.url, outcome))
                if outcome.status == "added":
                    state.remember(outcome.article.id, f.url,
                                   f.etag, f.last_modified, hashes[f.url], listed.get(f.url))
            state.save()
        finally:
            for f in fetched:
                shutil.rmtree(f.file.parent, ignore_errors=True)
    return result


def import_feed(editor, url: str, actor: Actor = SYSTEM,
                overrides: Overrides = Overrides(), on_item=None) -> FeedImport:
    """Add every article the feed at `url` lists that the corpus lacks.
    Raises FetchRefused (the feed), StorageError."""
    listing = read_feed(url, editor.settings)
    known = known_addresses(editor.corpus, editor.db)
    new = [i for i in listing.items if address_key(i.url) not in known]
    result = FeedImport(listing, known=len(listing.items) - len(new))
    return import_items(editor, new, actor, overrides, result, on_item)

"""How an answer cites an article: the reader's address for an article and
a span of it, the original page, and the place and date in words.

Every reader link is relative to the app root (`reader_url`), so it works
under a sub-path behind a proxy and from inside an iframe.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, urlsplit

from ..corpus.articles import Article

READER = "artiklar"  # the reader's path under the app root; the corpus page is READER itself
MARK_ID = "citat"
NO_DATE = "Källan anger inget datum"


def quote_key(text: str) -> str:
    """A short fingerprint of a quote's text, carried by the reader's link so
    the reader can tell when the article has changed under the quote."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def reader_url(article_id: str, start: int | None = None, end: int | None = None,
               quoted: str | None = None) -> str:
    """The reader's address for an article (and a span of its body, with
    `quoted`, the text there, as its fingerprint), relative to the app root:
    'artiklar/<id>?start=..&end=..&q=..#citat'."""
    url = f"{READER}/{quote(article_id, safe='')}"
    if start is not None and end is not None:
        url += f"?start={int(start)}&end={int(end)}"
        if quoted is not None:
            url += f"&q={quote_key(quoted)}"
        url += f"#{MARK_ID}"
    return url


def original_url(a: Article) -> str | None:
    """The page the article was taken from, when its source is a web address."""
    source = (a.source or "").strip()
    parts = urlsplit(source)
    if parts.scheme in ("http", "https") and parts.netloc and not re.search(r"\s", source):
        return source
    return None


def date_words(published: str | None, updated: str | None) -> str:
    """'publicerad 2019-04-01, uppdaterad 2019-04-08' (an update on the day of
    publishing is not repeated); '' when there is neither."""
    parts = [f"publicerad {published}"] if published else []
    if updated and updated != published:
        parts.append(f"uppdaterad {updated}")
    return ", ".join(parts)


def date_text(a: Article) -> str:
    """The dates the source gives, in words; or why it gives none."""
    return date_words(a.published, a.updated) or a.date_note or NO_DATE


def place_text(a: Article) -> str:
    place = a.municipality or "kommun anges inte i artikeln"
    if a.partners:
        place += f" (tillsammans med {', '.join(a.partners)})"
    return place


def source_line(a: Article) -> str:
    """The short reference under a quote in the chat and the CLI: title,
    place, dates ('källan anger inget datum' when none; the reader and the
    full reference give the article's own note on it)."""
    return f"{a.title} – {place_line(a)}"


def place_line(a: Article) -> str:
    """Place and dates of the short reference (the title is a link in the chat)."""
    return f"{place_text(a)}, {date_words(a.published, a.updated) or NO_DATE.lower()}"


def reference(a: Article, url: str | None) -> str:
    """A reference for a report: title, municipality, date, address (the
    source's own; none when the source has no web address)."""
    text = f"”{a.title}”, {place_text(a)}, {date_text(a).rstrip('.')}."
    return f"{text} {url}" if url else text


def source_name(a: Article) -> str | None:
    """The source as a reader may see it: not an internal file name
    ("000_e1e987b85e8bb81e.txt", "corpus/...")."""
    source = (a.source or "").strip()
    if not source or re.fullmatch(r"[\w.-]+\.(?:txt|md|html?|pdf|docx?)", source, re.I) \
            or "/" in source or "\\" in source:
        return None
    return source

"""Saved web pages: the article and its metadata, taken out with trafilatura
and htmldate (imported here, lazily, and nowhere else), which leave menus,
cookie banners, search boxes, related links, footers and scripts behind."""

from __future__ import annotations

import logging
import re
import unicodedata

from ...errors import BadArticle
from ...swedish.dates import labelled_dates
from ...swedish.places import from_site_name, guess_municipality
from .base import MIN_WORDS, Extracted
from .decoding import INVISIBLE
from .textblocks import same, strip_metadata_lines, title_and_body

log = logging.getLogger(__name__)

_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)


def from_html(text: str, name: str, notes: tuple[str, ...]) -> Extracted:
    import trafilatura
    from htmldate import find_date

    page_url = None
    saved = _SAVED_FROM.search(text[:2000])
    if saved and saved.group(1).startswith("http"):
        page_url = saved.group(1)
    # Documents that declare their encoding inside are refused by lxml as str.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        doc = trafilatura.bare_extraction(
            text, url=page_url, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False,
            # the page's own date only: a search of the whole text finds "© 2024"
            date_extraction_params={"extensive_search": False, "original_date": True})
    except MemoryError:  # the reader's budget (corpus/extract/process.py), not broken markup
        raise
    except Exception:  # lxml and trafilatura raise many kinds on broken markup
        log.debug("trafilatura failed", exc_info=True)
        doc = None
    if doc is None or not (doc.text or "").strip():
        raise BadArticle("hittar ingen artikeltext på webbsidan; spara sidan igen "
                         "('Webbsida, endast HTML') eller kopiera texten till en .txt-fil")
    # trafilatura gives one paragraph, heading or list item per line
    paras = [unicodedata.normalize("NFC", line).translate(INVISIBLE).strip()
             for line in doc.text.split("\n")]
    paras, dates = strip_metadata_lines([p for p in paras if p])
    title, body = title_and_body(_clean_title(doc.title, doc.sitename), paras)
    if len(body.split()) < MIN_WORDS:
        raise BadArticle(f"hittar ingen artikeltext på webbsidan (bara {len(body.split())} ord "
                         "utanför menyer och sidfot)")

    page_dates = dict(reversed(labelled_dates(trafilatura.html2txt(text) or "")))
    published = dates.get("published") or doc.date or page_dates.get("published")
    updated = dates.get("updated") or page_dates.get("updated")
    if updated is None:
        try:
            latest = find_date(text, extensive_search=False, original_date=False)
        except MemoryError:
            raise
        except Exception:
            latest = None
        if latest and published and latest > published:
            updated = latest
    municipality, reason = guess_municipality(f"{title or ''}\n\n{body}", doc.sitename,
                                              doc.hostname)
    return Extracted(file=name, kind="html", title=title, body=body, published=published,
                     updated=updated if updated != published else None,
                     municipality=municipality, municipality_reason=reason,
                     source=doc.url or page_url, notes=notes)


def _clean_title(title: str | None, site: str | None) -> str | None:
    """The page title without a " - Vårgårda kommun" suffix."""
    if not title:
        return None
    title = " ".join(unicodedata.normalize("NFC", title).split())
    parts = re.split(r"\s+[|–—-]\s+", title)
    if len(parts) > 1 and (
            (site and same(parts[-1], site)) or from_site_name(parts[-1])
            or re.search(r"\b(kommun|stad)$", parts[-1], re.IGNORECASE)):
        title = " - ".join(parts[:-1])
    return title or None

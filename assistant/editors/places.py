"""Other places an article is published: when a new address gives nearly
the same text as an article in the corpus (corpus/copies.py), the editor
records the address with that article instead of adding a second one. The
addresses are kept in the article's front matter (`also_published_at`), so
they travel with the file; the reader lists them, and a feed's item at
such an address counts as known (feeds.py). One change of the editors'
journal (editing.py), with its audit row; the text is not touched."""

from __future__ import annotations

import json

from ..corpus.articles import Article, format_article, parse_front_matter, read_article
from ..errors import AssistantError
from ..governance.audit import SYSTEM, Actor
from ..storage.files import replace_durable, storage_error
from .feeds import address_key
from .fetch import check_url
from .journal import rewritten
from .provenance import now

MAX_PLACES = 50


def add_place(editor, article_id: str, url: str, actor: Actor = SYSTEM) -> Article:
    """Record `url` as another address of the article. Raises
    ArticleNotFound, AssistantError (a bad address), StorageError."""
    url = (url or "").strip()
    check_url(url)  # http(s), a host, no user name (FetchRefused is an AssistantError)
    with editor._turn():
        file, article = editor.find(article_id)
        known = {address_key(u) for u in (article.source or "", *article.also_published_at) if u}
        if address_key(url) in known:
            return article
        if len(article.also_published_at) >= MAX_PLACES:
            raise AssistantError(f"Artikeln har redan {MAX_PLACES} andra publiceringsplatser.")
        before = file.read_bytes()
        meta, _ = parse_front_matter(before.decode("utf-8"))
        text = format_article(title=article.title, body=article.body,
                              id=meta.get("id") and article.id,
                              municipality=article.municipality, partners=article.partners,
                              published=article.published, updated=article.updated,
                              source=article.source,
                              also_published_at=(*article.also_published_at, url))
        if article.date_note and not (article.published or article.updated):
            text = text.replace("\n---\n", "\ndate_note: " + json.dumps(
                article.date_note, ensure_ascii=False) + "\n---\n", 1)
        data = text.encode("utf-8")
        at = now()
        record = editor.journal.new("place", at, [rewritten(file, before, data)],
                                    {article_id: {"changed_by": actor.name, "changed_at": at}})
        with editor._change(record, actor, [("article.place", article_id, {"url": url})]):
            try:
                replace_durable(file, data)
            except OSError as err:
                raise storage_error(err, editor.corpus, "artikelfilen", "--corpus") from None
        return read_article(file, editor.corpus.resolve().parent)

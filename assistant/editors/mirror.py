"""Under ASSISTANT_DATABASE_URL the database holds the articles with their
files; a server's corpus folder is a working copy written from it.

A new server needs no copy of corpus/: before every editor's change (and
`assistant add`) the folder is made equal to the database, under the
database's writer lock, so a change made on another server is never
undone by this one. An article the database no longer has is moved aside
to the removed folder (a hidden name, deleted after the retention period),
not deleted. `assistant index` still makes the database equal to the
folder it is run on (docs/it.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from ..corpus.articles import (Article, article_files, format_article, normalise_text,
                               read_article)
from ..errors import BadArticle
from ..storage.files import exclusive_lock, fsync_dir, replace_durable

log = logging.getLogger(__name__)


def file_text(article: Article, text: str | None) -> str:
    """The article's file: as it was read, or written anew from its fields."""
    if text is not None:
        return text
    text = format_article(title=article.title, body=article.body, id=article.id,
                          municipality=article.municipality, partners=article.partners,
                          published=article.published, updated=article.updated,
                          source=article.source)
    if article.date_note and not (article.published or article.updated):
        note = json.dumps(article.date_note, ensure_ascii=False)
        text = text.replace("\n---\n", f"\ndate_note: {note}\n---\n", 1)
    return text


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CorpusMirror:
    """The corpus folder `corpus` kept equal to the articles of `store` (a PgStore)."""

    def __init__(self, store, corpus: Path, removed: Path):
        self.store = store
        self.corpus = Path(corpus)
        self.removed = Path(removed)

    @contextlib.contextmanager
    def turn(self):
        """The database's writer lock, with the folder written from the database."""
        with self.store.lock():
            self.sync()
            yield

    def refresh(self) -> int:
        """`sync` under the folder's lock (an app starting: a new server's
        folder is written from the database)."""
        self.corpus.mkdir(parents=True, exist_ok=True)
        with exclusive_lock(self.corpus):
            return self.sync()

    def listed(self) -> list[Article]:
        """The articles as the database holds them (no folder read)."""
        return [article for article, _ in self.store.files()]

    def _target(self, path: str) -> Path:
        """Where an article stored as `path` (relative to the folder's parent,
        "corpus/a.md") goes in this server's folder, whatever its name."""
        parts = PurePosixPath(path).parts
        inner = parts[1:] if len(parts) > 1 and not PurePosixPath(path).is_absolute() \
            else parts[-1:]
        if any(p in ("..", "") for p in inner):
            inner = parts[-1:]
        return self.corpus.joinpath(*inner)

    def sync(self) -> int:
        """Make the folder hold exactly the database's articles; how many
        files changed. Nothing is done while the database holds no index yet
        (the folder is what fills it then)."""
        self.corpus.mkdir(parents=True, exist_ok=True)
        if self.store.generation() is None:
            return 0
        root = self.corpus.resolve().parent
        local: dict[str, tuple[Path, str]] = {}
        for file in article_files(self.corpus):
            try:
                article = read_article(file, root)
            except BadArticle:
                continue
            local.setdefault(article.id, (file, article.fingerprint))
        wanted, known, kept = {}, [], set()
        for article, text in self.store.files():
            have = local.get(article.id)
            if text is None and have is not None:
                kept.add(article.id)
                # stored before the database kept files: the file here stays,
                # and is kept in the database when it is the one indexed
                if have[1] == article.fingerprint:
                    known.append((normalise_text(have[0].read_bytes()), article.id,
                                  article.fingerprint))
                continue
            wanted[article.id] = (self._target(article.path), file_text(article, text))
        self.store.keep_files(known)
        changed = 0
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        for article_id, (file, _) in local.items():
            if article_id not in wanted and article_id not in kept:
                self.removed.mkdir(parents=True, exist_ok=True)
                os.replace(file, self.removed / f".{stamp}-{os.getpid()}-{file.name}")
                fsync_dir(file.parent)
                changed += 1
        for article_id, (target, text) in wanted.items():
            have = local.get(article_id)
            if have is not None and have[1] == _digest(text):
                continue
            file = have[0] if have is not None else target
            file.parent.mkdir(parents=True, exist_ok=True)
            replace_durable(file, text.encode("utf-8"))
            changed += 1
        if changed:
            log.info("corpus folder %s: %d files written from the database", self.corpus, changed)
        return changed


def shared_parts(settings, corpus: Path, removed: Path):
    """(notes, mirror) for an Editor: the database's under
    ASSISTANT_DATABASE_URL, else the folder's notes and no mirror."""
    from .provenance import FolderNotes, PgNotes

    url = getattr(settings, "database_url", None)
    if not url:
        return FolderNotes(corpus), None
    from ..index.pgstore import PgStore

    store = PgStore(url)
    Path(corpus).mkdir(parents=True, exist_ok=True)  # a new server starts with none
    return PgNotes(store.db), CorpusMirror(store, corpus, removed)


def listed_articles(corpus: Path, mirror: CorpusMirror | None) -> list[Article]:
    """The articles an editor's list shows: the database's, or the folder's
    readable files."""
    if mirror is not None:
        return mirror.listed()
    root = Path(corpus).resolve().parent
    out = []
    for file in article_files(corpus):
        try:
            out.append(read_article(file, root))
        except BadArticle:
            continue
    return out

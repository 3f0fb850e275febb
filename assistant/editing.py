"""What editors do to the corpus from the browser: preview, add with
corrected metadata, edit metadata, remove, list with who added what.

Adding goes through ingest.add_files (the importer `assistant add` uses), so
the checks, messages and exclusive creates are the same. After every change
the index is updated incrementally (service.update_index) and this process
reloads it at once; other app processes pick the new generation up within
a second (Assistant.maybe_reload).

A removed article is not destroyed: its file moves to `corpus/.removed/`
(a hidden name, so neither `assistant index` nor `add` sees it) and is
deleted there after the retention period. Who added or last changed an
article, and when, is kept beside the corpus in `corpus/.editors.json`
(the audit log is purged after the retention period; this list is not).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from .articles import Article, article_files, format_article, parse_front_matter, read_article
from .errors import ArticleNotFound, AssistantError, BadArticle, StorageError
from .extract_process import Budget
from .files import exclusive_lock, fsync_dir, replace_durable
from .ingest import Outcome, Overrides, _render, add_files, check_overrides, withdraw
from .places import canonical_municipality

REMOVED = ".removed"
PROVENANCE = ".editors.json"
FIELDS = ("title", "municipality", "partners", "published", "updated")


@dataclass(frozen=True)
class Listed:
    """An article as the editors' list shows it."""

    article: Article
    added_by: str | None = None
    added_at: str | None = None
    changed_by: str | None = None
    changed_at: str | None = None


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Editor:
    """Corpus changes for one app: `assistant` is the app's Assistant (or
    a wrapper of it: its settings, embedder and reload are used)."""

    def __init__(self, assistant, settings, removed_dir: Path | None = None):
        self.assistant = assistant
        self.settings = settings
        self.corpus = Path(settings.corpus_dir)
        self.removed = Path(removed_dir) if removed_dir else self.corpus / REMOVED

    # --- adding
    def add(self, files: list[Path], overrides: Overrides = Overrides(), dry_run: bool = False,
            user: str = "") -> list[Outcome]:
        """One Outcome per file, in order. Nothing is written for a refused
        file, nor at all with `dry_run`. Raises AssistantError for overrides
        that are wrong for every file, StorageError if the index cannot take
        the new articles (then they are withdrawn again)."""
        check_overrides(overrides)
        outcomes = list(add_files(self.corpus, files, overrides, dry_run=dry_run,
                                  budget=Budget.of(self.settings)))
        written = [o for o in outcomes if o.status == "added"]
        if written:
            try:
                self.reindex()
            except StorageError:
                withdraw([o.file for o in written])
                raise
            self._note({o.article.id: {"added_by": user, "added_at": _now()} for o in written})
        return outcomes

    # --- editing
    def find(self, article_id: str) -> tuple[Path, Article]:
        for file in article_files(self.corpus):
            try:
                article = read_article(file, self.corpus.resolve().parent)
            except BadArticle:
                continue
            if article.id == article_id:
                return file, article
        raise ArticleNotFound(f"Det finns ingen artikel med id {article_id!r}.")

    def edit(self, article_id: str, changes: dict, user: str = "") -> Article:
        """Set title, municipality, partners, published, updated ("" or None
        in `changes` clears a field, a missing key keeps it). The body is
        not touched, so quotes keep their offsets. Raises AssistantError."""
        unknown = sorted(set(changes) - set(FIELDS))
        if unknown:
            raise AssistantError(f"Okända fält: {', '.join(unknown)}. Bara {', '.join(FIELDS)} "
                                 "kan ändras.")
        partners = changes.get("partners")
        if isinstance(partners, str):
            partners = [p for p in (x.strip() for x in partners.split(",")) if p]
        if partners is not None and not (isinstance(partners, list)
                                         and all(isinstance(p, str) for p in partners)):
            raise AssistantError("partners ska vara en lista med kommuner.")
        for key in ("title", "municipality", "published", "updated"):
            if changes.get(key) is not None and not isinstance(changes[key], str):
                raise AssistantError(f"{key} ska vara text.")
        check_overrides(Overrides(
            title=changes.get("title") if "title" in changes else None,
            municipality=changes.get("municipality") or None,
            published=changes.get("published") or None, updated=changes.get("updated") or None,
            partners=tuple(partners) if partners is not None else None))
        with exclusive_lock(self.corpus):
            file, article = self.find(article_id)
            meta, _ = parse_front_matter(file.read_text(encoding="utf-8"))
            fields = dict(title=article.title, body=article.body, id=meta.get("id") and article.id,
                          municipality=article.municipality, partners=article.partners,
                          published=article.published, updated=article.updated,
                          source=article.source)
            if "title" in changes:
                fields["title"] = " ".join(changes["title"].split())
            if "municipality" in changes:
                fields["municipality"] = canonical_municipality(changes["municipality"]) \
                    if changes["municipality"] else None
            if partners is not None:
                fields["partners"] = tuple(canonical_municipality(p) for p in partners)
            for key in ("published", "updated"):
                if key in changes:
                    fields[key] = changes[key] or None
            _render(fields)  # the checks `assistant index` makes
            text = format_article(**fields)
            if article.date_note and not (fields["published"] or fields["updated"]):
                text = text.replace("\n---\n", f"\ndate_note: {json.dumps(article.date_note, ensure_ascii=False)}\n---\n", 1)
            replace_durable(file, text.encode("utf-8"))
            self.reindex()
        self._note({article_id: {"changed_by": user, "changed_at": _now()}})
        return replace(read_article(file, self.corpus.resolve().parent))

    # --- removing
    def remove(self, article_id: str, user: str = "") -> Path:
        """Move the article's file aside and drop it from the index; returns
        where the file now is. Raises ArticleNotFound."""
        with exclusive_lock(self.corpus):
            file, _ = self.find(article_id)
            self.removed.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
            # a hidden name: `assistant index` and `add` skip it wherever the folder is
            target = self.removed / f".{stamp}-{os.getpid()}-{file.name}"
            os.replace(file, target)
            fsync_dir(file.parent)
            fsync_dir(self.removed)
            self.reindex()
        self._note({article_id: None})
        return target

    def purge_removed(self, now: float | None = None) -> int:
        """Delete removed article files older than the retention period."""
        if not self.removed.is_dir():
            return 0
        before = (now or time.time()) - self.settings.retention_days * 86400
        n = 0
        for file in self.removed.iterdir():
            with contextlib.suppress(OSError):
                if file.is_file() and file.stat().st_mtime < before:
                    file.unlink()
                    n += 1
        return n

    # --- listing
    def listed(self) -> list[Listed]:
        known = self._provenance()
        out = []
        for file in article_files(self.corpus):
            try:
                article = read_article(file, self.corpus.resolve().parent)
            except BadArticle:
                continue
            note = known.get(article.id) or {}
            out.append(Listed(article, note.get("added_by"), note.get("added_at"),
                              note.get("changed_by"), note.get("changed_at")))
        return sorted(out, key=lambda x: x.article.id)

    # --- the index
    def reindex(self) -> None:
        """Update the index from corpus/ and load it here at once."""
        from .service import update_index

        update_index(self.settings, self.assistant.embedder)
        self.assistant.reload()

    # --- who and when
    def _provenance(self) -> dict:
        try:
            data = json.loads((self.corpus / PROVENANCE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _note(self, changes: dict) -> None:
        path = self.corpus / PROVENANCE
        with contextlib.suppress(OSError), exclusive_lock(self.corpus / ".editors.lock"):
            data = self._provenance()
            for article_id, note in changes.items():
                if note is None:
                    data.pop(article_id, None)
                else:
                    data[article_id] = {**data.get(article_id, {}), **note}
            replace_durable(path, json.dumps(data, ensure_ascii=False, indent=1,
                                             sort_keys=True).encode("utf-8"))

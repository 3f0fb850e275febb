"""An editor corrects an article's metadata (never its text, so quotes keep
their offsets), as one change of the editors' journal (editing.py)."""

from __future__ import annotations

import json
from pathlib import Path

from ..corpus.articles import Article, article_files, format_article, parse_front_matter, read_article
from ..corpus.ingest import Overrides, _render, check_overrides
from ..errors import ArticleNotFound, AssistantError, BadArticle
from ..governance.audit import SYSTEM, Actor
from ..storage.files import replace_durable, storage_error
from ..swedish.places import canonical_municipality
from .journal import rewritten
from .provenance import now as _now

FIELDS = ("title", "municipality", "partners", "published", "updated")


class Changing:
    """Editor.find and Editor.edit."""

    def find(self, article_id: str) -> tuple[Path, Article]:
        for file in article_files(self.corpus):
            try:
                article = read_article(file, self.corpus.resolve().parent)
            except BadArticle:
                continue
            if article.id == article_id:
                return file, article
        raise ArticleNotFound(f"Det finns ingen artikel med id {article_id!r}.")

    def edit(self, article_id: str, changes: dict, actor: Actor = SYSTEM) -> Article:
        """Set title, municipality, partners, published, updated ("" or None
        in `changes` clears a field, a missing key keeps it). The body is
        not touched, so quotes keep their offsets. Raises AssistantError
        (StorageError: nothing changed)."""
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
        with self._turn():
            file, article = self.find(article_id)
            before = file.read_bytes()
            meta, _ = parse_front_matter(file.read_text(encoding="utf-8"))
            fields = dict(title=article.title, body=article.body, id=meta.get("id") and article.id,
                          municipality=article.municipality, partners=article.partners,
                          published=article.published, updated=article.updated,
                          source=article.source, also_published_at=article.also_published_at)
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
            data = text.encode("utf-8")
            at = _now()
            record = self.journal.new("edit", at, [rewritten(file, before, data)],
                                      {article_id: {"changed_by": actor.name, "changed_at": at}})
            rows = [("article.edit", article_id, {"fields": sorted(changes)})]
            with self._change(record, actor, rows):
                try:
                    replace_durable(file, data)
                except OSError as err:
                    raise storage_error(err, self.corpus, "artikelfilen", "--corpus") from None
            return read_article(file, self.corpus.resolve().parent)


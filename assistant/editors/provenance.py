"""The editors' side data: who added or last changed an article, and when.

Kept beside the corpus in `corpus/.editors.json` (a hidden name, so neither
`assistant index` nor `add` reads it). The audit log is purged after the
retention period; this list is not. It is written once a change is
committed (editing.py), so a change that is undone leaves no note.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from ..corpus.articles import Article, article_files, read_article
from ..errors import BadArticle
from ..storage.files import exclusive_lock, replace_durable

PROVENANCE = ".editors.json"


@dataclass(frozen=True)
class Listed:
    """An article as the editors' list shows it."""

    article: Article
    added_by: str | None = None
    added_at: str | None = None
    changed_by: str | None = None
    changed_at: str | None = None


def now() -> str:
    """UTC now, as the notes and journal records write it."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Provenance:
    """Who and when, for an Editor (its `corpus` folder)."""

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


    # --- who and when
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

"""Who added or last changed each article, and when: the editors' notes.

In a folder deployment the notes are `corpus/.editors.json` beside the
articles; under ASSISTANT_DATABASE_URL they are the table `editor_notes`
(storage/pgschema.py), so every server's list of articles says the same.
The audit log is purged after the retention period; these notes are not.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..corpus.articles import Article

from ..storage.files import exclusive_lock, replace_durable

PROVENANCE = ".editors.json"
NOTE_FIELDS = ("added_by", "added_at", "changed_by", "changed_at")


class FolderNotes:
    """The notes as a JSON file in the corpus folder."""

    def __init__(self, corpus: Path):
        self.path = Path(corpus) / PROVENANCE
        self._lock = Path(corpus) / ".editors.lock"

    def read(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def write(self, changes: dict[str, dict | None]) -> None:
        """Merge `changes` (article id -> fields, or None to forget the article)."""
        with contextlib.suppress(OSError), exclusive_lock(self._lock):
            data = self.read()
            for article_id, note in changes.items():
                if note is None:
                    data.pop(article_id, None)
                else:
                    data[article_id] = {**data.get(article_id, {}), **note}
            replace_durable(self.path, json.dumps(data, ensure_ascii=False, indent=1,
                                                  sort_keys=True).encode("utf-8"))


class PgNotes:
    """The notes in the shared database."""

    def __init__(self, db):
        self.db = db

    def read(self) -> dict[str, dict]:
        rows = self.db.run(lambda conn: conn.execute(
            f"SELECT article, {', '.join(NOTE_FIELDS)} FROM editor_notes").fetchall())
        return {r[0]: {k: v for k, v in zip(NOTE_FIELDS, r[1:]) if v is not None} for r in rows}

    def write(self, changes: dict[str, dict | None]) -> None:
        def work(conn):
            with conn.transaction():
                for article_id, note in changes.items():
                    if note is None:
                        conn.execute("DELETE FROM editor_notes WHERE article = %s", (article_id,))
                        continue
                    note = {k: v for k, v in note.items() if k in NOTE_FIELDS}
                    columns = ", ".join(note)
                    updates = ", ".join(f"{k} = excluded.{k}" for k in note) or "article = article"
                    conn.execute(
                        f"INSERT INTO editor_notes (article{', ' if note else ''}{columns}) "
                        f"VALUES (%s{', %s' * len(note)}) "
                        f"ON CONFLICT (article) DO UPDATE SET {updates}",
                        (article_id, *note.values()))

        self.db.run(work)


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
        from .mirror import listed_articles  # mirror imports the notes below

        for article in listed_articles(self.corpus, self.mirror):
            note = known.get(article.id) or {}
            out.append(Listed(article, note.get("added_by"), note.get("added_at"),
                              note.get("changed_by"), note.get("changed_at")))
        return sorted(out, key=lambda x: x.article.id)


    # --- who and when
    def _provenance(self) -> dict:
        return self.notes.read()

    def _note(self, changes: dict) -> None:
        self.notes.write(changes)

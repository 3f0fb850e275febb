"""Where the index lives: the folder (default) or PostgreSQL.

`open_store(settings)` gives an object with `generation()`, `lock()`,
`load()` and `save(data)`; answering/pipeline.py and the CLI use only
these, so the folder index and the database are interchangeable
(`governance.pgfeedback.open_feedback` does the same for feedback).
"""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from .store import IndexData, build_lock, current_generation, load_index, save_index


class FolderStore:
    """The index folder (store.py): generation folders, CURRENT, manifest."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir

    def generation(self) -> str | None:
        return current_generation(self.index_dir)

    def lock(self):
        return build_lock(self.index_dir)

    def load(self) -> IndexData:
        return load_index(self.index_dir)

    def save(self, data: IndexData, text_of=None) -> None:
        """`text_of` is for the database (its articles keep their files)."""
        save_index(self.index_dir, data)

    def describe(self) -> str:
        return str(self.index_dir)


def open_store(settings: Settings):
    """The database when `settings.database_url` is set, else the folder.

    Raises DatabaseUnavailable when the database cannot be reached."""
    url = getattr(settings, "database_url", None)
    if not url:
        return FolderStore(settings.index_dir)
    from .pgstore import PgStore  # psycopg only when a database is configured

    return PgStore(url)

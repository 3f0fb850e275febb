"""An editor removes an article: its file moves to `corpus/.removed/` (a
hidden name, so neither `assistant index` nor `add` sees it) and is deleted
there after the retention period; the article leaves the index. One change
of the editors' journal (editing.py)."""

from __future__ import annotations

import contextlib
import os
import time
from datetime import datetime, timezone
from pathlib import Path

from ..governance.audit import SYSTEM, Actor
from ..storage.files import fsync_dir, storage_error
from .journal import moved
from .provenance import now as _now

REMOVED = ".removed"


class Removing:
    """Editor.remove and Editor.purge_removed."""

    def remove(self, article_id: str, actor: Actor = SYSTEM) -> Path:
        """Move the article's file aside and drop it from the index; returns
        where the file now is. Raises ArticleNotFound, StorageError (then
        nothing changed)."""
        with self._turn():
            file, _ = self.find(article_id)
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
            # a hidden name: `assistant index` and `add` skip it wherever the folder is
            target = self.removed / f".{stamp}-{os.getpid()}-{file.name}"
            record = self.journal.new("remove", _now(), [moved(file, target)],
                                      {article_id: None})
            rows = [("article.remove", article_id, {"kept_as": target.name})]
            with self._change(record, actor, rows):
                try:
                    self.removed.mkdir(parents=True, exist_ok=True)
                    os.replace(file, target)
                    fsync_dir(file.parent)
                    fsync_dir(self.removed)
                except OSError as err:
                    raise storage_error(err, self.corpus, "artikelfilen", "--corpus") from None
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


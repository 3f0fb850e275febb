"""What editors do to the corpus from the browser: preview, add with
corrected metadata, edit metadata, remove, list with who added what.

Adding goes through ingest.add_files (the importer `assistant add` uses), so
the checks, messages and names are the same. After every change the index
is updated incrementally (index.build.update_index) and this process reloads
it at once; other app processes pick the new generation up within a second
(Assistant.maybe_reload).

Every change is all or nothing with its audit row: the files, the index and
the audit log change in steps written ahead in a journal (editors/journal.py); a
change that fails is undone and the editor told in Swedish (StorageError
when the disk is full or read-only, the audit log included), and one a
killed process left is rolled back or forward by the next change or the
next start (`recover`). Changes take turns on the corpus folder's lock,
with `assistant add` too.

A removed article is not destroyed: its file moves to `corpus/.removed/`
(a hidden name, so neither `assistant index` nor `add` sees it) and is
deleted there after the retention period. Who added or last changed an
article, and when, is kept in the editors' notes (editors/provenance.py).
Under ASSISTANT_DATABASE_URL the database holds the articles (editors/mirror.py).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from ..corpus.articles import (Article, article_files, format_article, load_corpus,
                               parse_article, parse_front_matter, read_article, relative_path)
from ..corpus.extract.process import Budget
from ..corpus.ingest import (Outcome, Overrides, _render, add_files, check_overrides, check_read,
                             read_files)
from ..errors import ArticleNotFound, AssistantError, BadArticle, StorageError
from ..governance.audit import SYSTEM, Actor, AuditLog
from ..governance.pgaudit import open_audit
from ..index.build import update_index
from ..storage.files import create_exclusive, exclusive_lock, fsync_dir, replace_durable, storage_error
from ..swedish.places import canonical_municipality
from .mirror import listed_articles, shared_parts
from .provenance import PROVENANCE  # noqa: F401  (the notes' file name, re-exported)
from .journal import (JOURNAL, Journal, Record, checkpoint, created, disagreement, moved,
                      rewritten, undo)

log = logging.getLogger(__name__)

REMOVED = ".removed"
FIELDS = ("title", "municipality", "partners", "published", "updated")
AUDIT_FAILED = ("Granskningsloggen kunde inte skrivas (disken kan vara full eller "
                "skrivskyddad), och ingen ändring görs utan sin rad i granskningsloggen.")
UNDONE = "Ingenting ändrades."
NOT_UNDONE = ("Ändringen kunde inte tas tillbaka helt nu; det görs vid nästa ändring eller när "
              "appen startas om.")


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


class _NoApp:
    """What an Editor needs of the app's Assistant, for commands: the model
    on first use, and no loaded index (so the index is always updated)."""

    searcher = None

    def __init__(self, settings):
        self.settings = settings
        self._embedder = None

    @property
    def embedder(self):
        if self._embedder is None:
            from ..index.embedding import load_embedder

            self._embedder = load_embedder(self.settings.model, threads=2)
        return self._embedder

    def reload(self) -> bool:
        return False


_SAME = ("id", "title", "body", "municipality", "partners", "published", "updated", "source")


def _article_file(article: Article, path: str) -> tuple[bytes, Article]:
    """The file for an article `add` checked, and the article as `assistant
    index` will read it from `path`; refused if that is not the one checked."""
    text = format_article(title=article.title, body=article.body, id=article.id,
                          municipality=article.municipality, partners=article.partners,
                          published=article.published, updated=article.updated,
                          source=article.source)
    written = parse_article(text, path=path, default_id=article.id)
    if any(getattr(written, f) != getattr(article, f) for f in _SAME):
        raise AssistantError("internt fel: artikelfilen läses inte tillbaka likadant")
    return text.encode("utf-8"), written


class Editor:
    """Corpus changes for one app: `assistant` is the app's Assistant (or
    a wrapper of it: its settings, embedder, searcher and reload are used);
    `audit` gets one row per change, written with the change or not at all."""

    def __init__(self, assistant, settings, removed_dir: Path | None = None,
                 audit: AuditLog | None = None):
        self.assistant = assistant
        self.settings = settings
        self.corpus = Path(settings.corpus_dir)
        self.removed = Path(removed_dir) if removed_dir else self.corpus / REMOVED
        self.audit = audit
        self.journal = Journal(self.corpus)
        # who added what; under a database also the folder written from it
        self.notes, self.mirror = shared_parts(settings, self.corpus, self.removed)

    # --- adding
    def add(self, files: list[Path], overrides: Overrides = Overrides(), dry_run: bool = False,
            actor: Actor = SYSTEM, shown: list[str] | None = None) -> list[Outcome]:
        """One Outcome per file, in order; `shown` names the files in the audit
        rows (default: their names). Nothing is written for a refused file, nor
        at all with `dry_run`. Raises AssistantError for overrides that are
        wrong for every file, StorageError if the corpus, the index or the
        audit log cannot take the new articles (then none is added)."""
        check_overrides(overrides)
        budget = Budget.of(self.settings)
        if dry_run:
            return list(add_files(self.corpus, files, overrides, dry_run=True, budget=budget))
        shown = shown or [f.name for f in files]
        read = read_files(files, budget)  # in a process of its own, before the lock
        with self._turn():
            # the checks and names of a real `add`, decided under the lock that
            # `add` itself takes; the files are written below, as one change
            outcomes = list(check_read(self.corpus, read, overrides, preview=False))
            planned = [(n, o) for n, o in enumerate(outcomes) if o.status == "checked"]
            if not planned:
                return outcomes
            root = self.corpus.resolve().parent
            files = {n: _article_file(o.article, relative_path(o.file, root)) for n, o in planned}
            at = _now()
            record = self.journal.new(
                "add", at, [created(o.file, files[n][0]) for n, o in planned],
                {o.article.id: {"added_by": actor.name, "added_at": at} for _, o in planned})
            rows = [("article.add", o.article.id,
                     {"file": shown[n], "source": o.article.source,
                      **({"personal_data": list(o.personal_data)} if o.personal_data else {})})
                    for n, o in planned]
            with self._change(record, actor, rows):
                for n, o in planned:
                    try:
                        create_exclusive(o.file, files[n][0])
                    except FileExistsError:
                        raise AssistantError(f"Filen {o.file.name} kom till under tiden; försök "
                                             "igen.") from None
                    except OSError as err:
                        raise storage_error(err, self.corpus, "artikelfilen", "--corpus") \
                            from None
        for n, o in planned:
            outcomes[n] = replace(o, status="added", article=files[n][1])
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

    # --- removing
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

    # --- one change at a time, all or nothing
    @contextlib.contextmanager
    def _turn(self):
        """This process's turn on the corpus folder (`assistant add` takes the
        same lock), with a change a killed process left settled first."""
        if not self.corpus.is_dir():
            raise AssistantError(f"Hittar ingen artikelmapp {self.corpus}.")
        shared = self.mirror.turn() if self.mirror is not None else contextlib.nullcontext()
        with exclusive_lock(self.corpus), shared:
            try:
                self.settled = self._settle()
            except AssistantError as err:
                raise StorageError(f"En tidigare ändring som avbröts kunde inte göras klart: "
                                   f"{err}") from None
            yield

    @contextlib.contextmanager
    def _change(self, record: Record, actor: Actor, rows: list[tuple[str, str, dict]]):
        """Write `record` ahead, run the block (the corpus step), update the
        index, write the audit rows (the commit point), note who and when,
        delete the record. Any failure before the audit rows are written
        undoes the change and raises; nothing has changed then."""
        kind = record.kind
        try:
            self.journal.write(record)
        except StorageError as err:
            raise StorageError(f"{err} {UNDONE}") from None
        checkpoint(f"{kind}:intent")
        try:
            yield
            checkpoint(f"{kind}:corpus")
            self.reindex()
            checkpoint(f"{kind}:index")
            self._commit(record, actor, rows)
        except Exception as err:
            log.error("%s of %s failed, undoing it: %s", kind, ", ".join(record.articles), err)
            settled = self._roll_back(record)
            if isinstance(err, StorageError):
                raise StorageError(f"{err} {UNDONE if settled else NOT_UNDONE}") from None
            raise
        checkpoint(f"{kind}:audit")
        self._note(record.notes)
        try:
            self.journal.clear()
        except OSError as err:  # committed all the same: the next change completes it
            log.error("the record of %s %s stays: %s", kind, record.op, err)

    def _commit(self, record: Record, actor: Actor, rows: list[tuple[str, str, dict]]) -> None:
        if self.audit is None:
            return
        try:
            self.audit.record_all(actor, [(a, t, {**d, "op": record.op}) for a, t, d in rows])
        except (sqlite3.Error, OSError) as err:
            log.error("audit rows of %s %s not written: %s", record.kind, record.op, err)
            try:  # written after all (an error on closing)?
                written = self.audit.has_operation(record.op)
            except (sqlite3.Error, OSError):
                written = False
            if not written:
                raise StorageError(AUDIT_FAILED) from None

    def _committed(self, record: Record) -> bool:
        """Whether the change's audit rows were written. Raises StorageError
        if the audit log cannot be read (then it cannot be decided)."""
        if self.audit is None:
            return False
        try:
            return self.audit.has_operation(record.op)
        except (sqlite3.Error, OSError) as err:
            raise StorageError(f"Granskningsloggen kan inte läsas ({err}).") from None

    def _roll_back(self, record: Record) -> bool:
        """Undo `record` now; True if it is fully settled (else the record
        stays for the next change or start to settle)."""
        try:
            self._undo(record)
            return True
        except (AssistantError, OSError) as err:
            log.error("%s %s could not be undone yet: %s", record.kind, record.op, err)
            return False

    def _undo(self, record: Record) -> None:
        """Files back as they were, the index made to agree, the record deleted."""
        try:
            for note in undo(record):
                log.warning("undoing %s %s: %s", record.kind, record.op, note)
        except OSError as err:
            raise storage_error(err, self.corpus, "artikelfilen", "--corpus") from None
        checkpoint("undo:corpus")
        if not self._index_agrees():
            self.reindex()
        self.journal.clear()

    def _settle(self) -> str | None:
        """Settle a change a killed process left (call with the lock held):
        "forward" if its audit rows were written (only the provenance and the
        record were left), "back" if not (undone), None if there was none."""
        record = self.journal.pending()
        if record is None:
            return None
        if self._committed(record):
            self._note(record.notes)
            if not self._index_agrees():
                self.reindex()
            self.journal.clear()
            log.warning("an unfinished %s of %s (%s) was completed", record.kind,
                        ", ".join(record.articles), record.op)
            return "forward"
        self._undo(record)
        log.warning("an unfinished %s of %s (%s) was undone", record.kind,
                    ", ".join(record.articles), record.op)
        return "back"

    @classmethod
    def without_app(cls, settings) -> "Editor":
        """An Editor for a command run on the server, with no app and no
        loaded index (the model is loaded only if the index must be updated)."""
        return cls(_NoApp(settings), settings, settings.removed_dir, open_audit(settings))

    def recover(self) -> str | None:
        """At start-up: settle a change a killed process left. Returns
        "forward", "back" or None (nothing to do). Raises AssistantError."""
        if not self.corpus.is_dir() or not (self.corpus / JOURNAL).exists():
            return None
        if self.mirror is not None:  # settled on the folder as the database has it
            with self._turn():
                return self.settled
        with exclusive_lock(self.corpus):
            return self._settle()

    def _index_agrees(self) -> bool:
        """Whether the stored index holds exactly the articles of corpus/."""
        try:
            self.assistant.reload()
            indexed = self.assistant.searcher.data.articles
        except (AssistantError, AttributeError):
            return False
        return not disagreement(list(load_corpus(self.corpus).articles), list(indexed))

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
        for article in listed_articles(self.corpus, self.mirror):
            note = known.get(article.id) or {}
            out.append(Listed(article, note.get("added_by"), note.get("added_at"),
                              note.get("changed_by"), note.get("changed_at")))
        return sorted(out, key=lambda x: x.article.id)

    # --- the index
    def reindex(self) -> None:
        """Update the index from corpus/ and load it here at once."""
        update_index(self.settings, self.assistant.embedder)
        self.assistant.reload()

    # --- who and when
    def _provenance(self) -> dict:
        return self.notes.read()

    def _note(self, changes: dict) -> None:
        self.notes.write(changes)

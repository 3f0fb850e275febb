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

This module holds the Editor and its change machinery (one change at a
time, all or nothing); what each change does is in a module of its own:
adding.py (add and preview), changing.py (correct metadata), removing.py
(remove, kept aside until the retention period ends), provenance.py (the
editors' side data: who added or changed what, and when). refresh.py (texts
changed at their source) and places.py (other addresses of an article) run
their changes through the same machinery. Under ASSISTANT_DATABASE_URL the
database holds the articles and the notes (editors/mirror.py).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from pathlib import Path

from ..corpus.articles import load_corpus
from ..errors import AssistantError, StorageError
from ..governance.audit import Actor, AuditLog
from ..governance.pgaudit import open_audit
from ..index.build import update_index
from ..storage.files import exclusive_lock, storage_error
from .adding import Adding
from .changing import FIELDS, Changing
from .mirror import shared_parts
from .journal import JOURNAL, Journal, Record, checkpoint, disagreement, undo
from .provenance import PROVENANCE, Listed, Provenance
from .removing import REMOVED, Removing
from .watchstore import open_watched

__all__ = ["Editor", "FIELDS", "Listed", "PROVENANCE", "REMOVED"]

log = logging.getLogger(__name__)

AUDIT_FAILED = ("Granskningsloggen kunde inte skrivas (disken kan vara full eller "
                "skrivskyddad), och ingen ändring görs utan sin rad i granskningsloggen.")
UNDONE = "Ingenting ändrades."
NOT_UNDONE = ("Ändringen kunde inte tas tillbaka helt nu; det görs vid nästa ändring eller när "
              "appen startas om.")


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


class Editor(Adding, Changing, Removing, Provenance):
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
        # the shared database under a mirror (ASSISTANT_DATABASE_URL), else None: the
        # watched sources and the re-check state are its, else corpus/.watched.json and
        # corpus/.refresh.json (editors/watchstore.py, refreshstate.py)
        self.db = self.mirror.store.db if self.mirror else None
        self.watched = open_watched(self.corpus, self.db)
        self.last_build = None  # the last index update's BuildSummary (what was embedded)

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

    # --- the index
    def reindex(self) -> None:
        """Update the index from corpus/ and load it here at once."""
        self.last_build, _ = update_index(self.settings, self.assistant.embedder)
        self.assistant.reload()


"""The editors' write-ahead record, and whether corpus/ and the index agree.

An editor's add, edit or remove changes three stores that share no
transaction: the article files in corpus/, the index (folder or
PostgreSQL) and the audit log. editing.py therefore runs each change as
numbered steps under the corpus folder's lock:

1. intent: this record (`corpus/.editing-journal.json`, fsynced) says what
   will change and how to undo it, file by file;
2. corpus: the article files change (created, rewritten, moved aside);
3. index: the index is updated from corpus/ and loaded;
4. audit: the audit rows are written in one transaction, each carrying the
   change's id in `detail.op`: this is the commit point;
5. the record is deleted.

A failure before step 4 undoes the files (`undo`) and, if the index had
already taken the change, updates it again, so nothing has changed. A
killed process leaves the record behind: the next start and the next
change (in any process) roll it back if its audit rows are missing, or
forward (only step 5 is left) if they are there. Undoing is idempotent and
never touches a file that is neither as the change left it nor as it was,
so it can itself be interrupted and run again.

`checkpoint` is the one place the crash tests reach in: with
ASSISTANT_TEST_CRASH_AT=<kind>:<step> the process kills itself there.

`disagreement` compares the articles in corpus/ with the index's (ids and
fingerprints); /healthz reports it (api.py).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import logging
import os
import signal
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..corpus.articles import Article, article_files, load_corpus
from ..errors import StorageError
from ..storage.files import fsync_dir, lock_if_free, replace_durable, storage_error

log = logging.getLogger(__name__)

JOURNAL = ".editing-journal.json"  # a hidden name: `assistant index` and `add` skip it
VERSION = 1
CRASH_VARIABLE = "ASSISTANT_TEST_CRASH_AT"


def checkpoint(point: str) -> None:
    """Crash tests only: SIGKILL this process at `point` ("add:corpus", ...,
    "undo:corpus": files undone, index not yet) when ASSISTANT_TEST_CRASH_AT
    names it."""
    if os.environ.get(CRASH_VARIABLE) == point:
        os.kill(os.getpid(), signal.SIGKILL)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Record:
    """One editor's change, as written ahead.

    `undo` holds one step per file, in the order they are done:
    {"created": path, "sha256": ...} (an added article),
    {"rewritten": path, "before": base64 bytes, "sha256": of the new bytes},
    {"moved": from, "to": where it was moved aside}. `notes` is what
    editing.py notes as provenance once the change is committed.
    """

    op: str
    kind: str  # add, edit, remove; refresh (refresh.py), place (places.py)
    at: str  # when it began (UTC, ISO 8601)
    undo: tuple[dict, ...]
    notes: dict

    def to_json(self) -> dict:
        return {"version": VERSION, "op": self.op, "kind": self.kind, "at": self.at,
                "undo": list(self.undo), "notes": self.notes}

    @classmethod
    def from_json(cls, d: dict) -> "Record":
        return cls(d["op"], d["kind"], d["at"], tuple(d["undo"]), d.get("notes") or {})

    @property
    def articles(self) -> list[str]:
        return sorted(self.notes)


def created(path: Path, data: bytes) -> dict:
    return {"created": str(Path(path).resolve()), "sha256": sha256(data)}


def rewritten(path: Path, before: bytes, after: bytes) -> dict:
    return {"rewritten": str(Path(path).resolve()),
            "before": base64.b64encode(before).decode("ascii"), "sha256": sha256(after)}


def moved(source: Path, target: Path) -> dict:
    return {"moved": str(Path(source).resolve()), "to": str(Path(target).resolve())}


class Journal:
    """The record of the change under way in one corpus folder (at most one:
    changes take turns on the folder's lock)."""

    def __init__(self, corpus_dir: Path):
        self.corpus = Path(corpus_dir)
        self.path = self.corpus / JOURNAL

    def new(self, kind: str, at: str, undo: list[dict], notes: dict) -> Record:
        return Record(uuid.uuid4().hex, kind, at, tuple(undo), notes)

    def write(self, record: Record) -> None:
        """Write the record durably before anything it describes is done.
        Raises StorageError (Swedish) when corpus/ cannot take it."""
        data = json.dumps(record.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        try:
            replace_durable(self.path, data)
        except OSError as err:
            raise storage_error(err, self.corpus, "ändringsjournalen", "--corpus") from None

    def pending(self) -> Record | None:
        """The record a change left unfinished, if any. Raises StorageError
        for a record that cannot be read (then nothing may be changed)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as err:
            raise StorageError(f"Ändringsjournalen {self.path} kan inte läsas "
                               f"({err.strerror}).") from None
        try:
            data = json.loads(raw)
            if data.get("version") != VERSION:
                raise ValueError(data.get("version"))
            return Record.from_json(data)
        except (ValueError, KeyError, TypeError, AttributeError):
            if not raw.strip():  # killed while the record itself was first written
                return None
            raise StorageError(f"Ändringsjournalen {self.path} är trasig. Kontrollera "
                               "artiklarna och indexet och ta sedan bort filen.") from None

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        with contextlib.suppress(OSError):
            fsync_dir(self.corpus)


def undo(record: Record) -> list[str]:
    """Put every file the change touched back as it was, last step first.
    Returns what could not be undone (a file someone else has changed since),
    as Swedish notes for the log. Raises OSError if a file cannot be written."""
    left = []
    for step in reversed(record.undo):
        if "created" in step:
            path = Path(step["created"])
            if path.exists():
                if sha256(path.read_bytes()) != step["sha256"]:
                    left.append(f"{path} har ändrats efter att den lades till; den lämnas kvar")
                    continue
                path.unlink()
                fsync_dir(path.parent)
        elif "rewritten" in step:
            path = Path(step["rewritten"])
            before = base64.b64decode(step["before"])
            now = path.read_bytes() if path.exists() else None
            if now == before:
                continue
            if now is not None and sha256(now) != step["sha256"]:
                left.append(f"{path} har ändrats igen efteråt; den lämnas som den är")
                continue
            replace_durable(path, before)
        elif "moved" in step:
            source, target = Path(step["moved"]), Path(step["to"])
            if target.exists() and not source.exists():
                os.replace(target, source)
                fsync_dir(source.parent)
                fsync_dir(target.parent)
    return left


@dataclass(frozen=True)
class Disagreement:
    """Where corpus/ and the index differ, by article id."""

    only_in_corpus: tuple[str, ...] = ()
    only_in_index: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()  # in both, but the index holds another text
    unfinished: tuple[str, ...] = ()  # articles of an editor's change a killed process left

    def __bool__(self) -> bool:
        return bool(self.only_in_corpus or self.only_in_index or self.changed or self.unfinished)

    def message(self) -> str:
        """Swedish, for the operators who read /healthz."""
        def ids(items: tuple[str, ...]) -> str:
            shown = ", ".join(items[:5])
            return shown + (f" och {len(items) - 5} till" if len(items) > 5 else "")

        parts = []
        if self.only_in_corpus:
            parts.append(f"{len(self.only_in_corpus)} artiklar finns i artikelmappen men inte i "
                         f"indexet ({ids(self.only_in_corpus)})")
        if self.only_in_index:
            parts.append(f"{len(self.only_in_index)} artiklar finns i indexet men inte i "
                         f"artikelmappen ({ids(self.only_in_index)})")
        if self.changed:
            parts.append(f"{len(self.changed)} artiklar har en annan text i indexet än i "
                         f"artikelmappen ({ids(self.changed)})")
        text = "Artiklarna och indexet stämmer inte överens: " + "; ".join(parts) + "." \
            if parts else ""
        if self.unfinished:
            text = (text + " " if text else "") + (
                "En redaktörs ändring avbröts innan den var klar (" + ids(self.unfinished)
                + "); den görs om eller tas tillbaka vid nästa ändring eller omstart av appen.")
        elif parts:
            text += " Kör  assistant index  så att indexet följer artikelmappen."
        return text

    def to_json(self) -> dict:
        return {"only_in_corpus": list(self.only_in_corpus),
                "only_in_index": list(self.only_in_index), "changed": list(self.changed),
                "unfinished_change": list(self.unfinished)}


def disagreement(corpus: list[Article], indexed: list[Article],
                 unfinished: tuple[str, ...] = ()) -> Disagreement:
    """How the corpus's articles and the index's differ (empty: they agree);
    `unfinished`: the article ids of a change a killed process left."""
    have = {a.id: a.fingerprint for a in corpus}
    held = {a.id: a.fingerprint for a in indexed}
    return Disagreement(
        only_in_corpus=tuple(sorted(set(have) - set(held))),
        only_in_index=tuple(sorted(set(held) - set(have))),
        changed=tuple(sorted(i for i in set(have) & set(held) if have[i] != held[i])),
        unfinished=tuple(unfinished))


class CorpusCheck:
    """Whether corpus/ and the loaded index agree, cheap enough for every
    health check: corpus/ is read again only when an article file's name,
    size or time has changed."""

    def __init__(self, corpus_dir: Path):
        self.corpus = Path(corpus_dir)
        self._signature: tuple | None = None
        self._articles: list[Article] = []

    def __call__(self, indexed: list[Article]) -> Disagreement | None:
        """How they differ (empty: they agree), or None when it cannot be told
        now: no corpus folder, or an editor's change is under way (it holds
        the lock, and the two differ for a moment)."""
        if not self.corpus.is_dir():
            return None
        try:
            with lock_if_free(self.corpus) as free:
                if not free:
                    return None
                files = article_files(self.corpus)
                signature = tuple((f.name, st.st_size, st.st_mtime_ns)
                                  for f, st in ((f, f.stat()) for f in files))
                if signature != self._signature:
                    self._articles = list(load_corpus(self.corpus).articles)
                    self._signature = signature
                try:
                    record = Journal(self.corpus).pending()
                    unfinished = tuple(record.articles) if record else ()
                except StorageError:  # unreadable: unfinished all the same
                    unfinished = ("?",)
        except OSError:  # a file went while it was looked at
            return None
        return disagreement(self._articles, indexed, unfinished)

"""Moving a folder deployment into PostgreSQL and back.

`assistant db import` copies what one machine keeps in files into the
database: the index (vectors copied, nothing embedded again) with every
article's file, the audit log, the declined questions, the feedback (its
answer ids still check out), the editors' notes, the watched sources
(with the items waiting for review and the ones turned down) and the
re-check state (.refresh.json: validators, pages gone). It can be run again:
rows already in the database are not copied twice (each kind is compared
as a multiset, so two equal rows stay two).

`assistant db export DIR` writes the database as a folder deployment in an
empty or new DIR: corpus/ (the articles' files, .editors.json,
.watched.json and .refresh.json), index/ (the same vectors, in FAISS), audit.sqlite3,
gaps.sqlite3 and feedback.sqlite3. A folder moved in and back out holds the
same.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import fields
from pathlib import Path

from ..editors.gaps import GapStore
from ..editors.mirror import CorpusMirror
from ..editors.pggaps import PgGapStore, gaps_path
from ..editors.provenance import FolderNotes, PgNotes
from ..editors.refreshstate import PgState, State
from ..editors.watchstore import PgWatched, Watched
from ..errors import AssistantError
from ..governance.audit import AuditLog, Entry
from ..governance.feedback import FeedbackStore
from ..governance.pgaudit import PgAuditLog
from ..governance.pgfeedback import PgFeedbackStore
from ..index.build import file_text_in
from ..index.faiss_index import FaissVectors
from ..index.pgstore import PgStore
from ..index.store import IndexData, build_lock, current_generation, load_index, save_index
from ..storage.pgdb import read_by_article


def _missing(source: list, present: list, key) -> list:
    """The rows of `source` not yet in `present` (a multiset difference, in order)."""
    have = Counter(key(r) for r in present)
    out = []
    for row in source:
        k = key(row)
        if have[k]:
            have[k] -= 1
        else:
            out.append(row)
    return out


def _audit_key(e: Entry) -> tuple:
    return (e.time, e.actor, e.role, e.via, e.address, e.action, e.target,
            json.dumps(e.detail or {}, sort_keys=True, ensure_ascii=False))


def _feedback_key(r: dict) -> tuple:
    return (r["time"], r["source"], r["verdict"], r["quote"], r["question"], r["answer_key"],
            json.dumps(r["answer"], sort_keys=True, ensure_ascii=False))


def import_folder(settings, url: str) -> dict[str, int]:
    """Copy a folder deployment (`settings`' paths) into the database at `url`."""
    store = PgStore(url)  # reachable, and migrated, before anything is read
    counts = {"articles": 0, "files": 0, "audit": 0, "gaps": 0, "feedback": 0, "notes": 0,
              "watched": 0, "refresh": 0}
    if current_generation(Path(settings.index_dir)) is not None:
        data = load_index(Path(settings.index_dir))
        text_of = file_text_in(settings.corpus_dir)
        with store.lock():
            store.save(data, text_of=text_of)
        counts["articles"] = len(data.articles)
        counts["chunks"], counts["sentences"] = data.n_chunks, len(data.sent_start)
        texts = [(t, a.id, a.fingerprint) for a in data.articles
                 if (t := text_of(a)) is not None]
        store.keep_files(texts)
        counts["files"] = len(texts)
    elif Path(settings.corpus_dir).is_dir():
        raise AssistantError(f"Det finns inget index i {settings.index_dir}. Kör  assistant "
                             "index  först, så flyttas vektorerna utan ny inbäddning.")
    if Path(settings.audit_db).exists():
        pg = PgAuditLog(url, store.db)
        new = _missing(AuditLog(settings.audit_db).entries(), pg.entries(), _audit_key)
        counts["audit"] = pg.append_entries(new)
    if gaps_path(settings).exists():
        pg = PgGapStore(url, settings.retention_days)
        new = _missing(GapStore(gaps_path(settings), settings.retention_days).all_rows(),
                       pg.all_rows(), tuple)
        counts["gaps"] = pg.append_rows(new)
    if Path(settings.feedback_db).exists():
        local, pg = FeedbackStore(settings.feedback_db), PgFeedbackStore(url)
        new = _missing(local.rows(), pg.rows(), _feedback_key)
        counts["feedback"] = pg.append_rows(new, local.key())
    notes = FolderNotes(settings.corpus_dir).read()
    if notes:
        PgNotes(store.db).write(notes)
        counts["notes"] = len(notes)
    if Path(settings.corpus_dir).is_dir():
        counts["watched"] = PgWatched(store.db).merge(Watched(settings.corpus_dir).dump())
        counts["refresh"] = PgState(store.db).merge(State(settings.corpus_dir).dump())
    return counts


def export_folder(url: str, folder: Path) -> dict[str, int]:
    """Write the database as a folder deployment in `folder` (new or empty)."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise AssistantError(f"{folder} finns redan och är inte en tom mapp. Ange en ny mapp.")
    store = PgStore(url)
    corpus = folder / "corpus"
    counts = {"articles": 0}
    if store.generation() is not None:
        counts["articles"] = len(store.files())
        CorpusMirror(store, corpus, corpus / ".removed").sync()
        data = store.load()
        dim = int(data.manifest["dimension"])
        vectors = store.db.run(lambda conn: read_by_article(
            conn, "chunks", [("embedding", "vector")], dim, order="no"))["embedding"]
        plain = IndexData(**{f.name: getattr(data, f.name) for f in fields(IndexData)})
        plain.vectors = FaissVectors.build(vectors.astype("float32"))
        with build_lock(folder / "index"):
            save_index(folder / "index", plain)
    corpus.mkdir(parents=True, exist_ok=True)
    notes = PgNotes(store.db).read()
    if notes:
        FolderNotes(corpus).write(notes)
    counts["notes"] = len(notes)
    watched = PgWatched(store.db).dump()
    counts["watched"] = Watched(corpus).merge(watched) if any(watched.values()) else 0
    checked = PgState(store.db).dump()
    counts["refresh"] = State(corpus).merge(checked) if checked else 0
    counts["audit"] = AuditLog(folder / "audit.sqlite3").append_entries(
        PgAuditLog(url, store.db).entries())
    counts["gaps"] = GapStore(folder / "gaps.sqlite3", 0).append_rows(
        PgGapStore(url, 0).all_rows())
    pg = PgFeedbackStore(url)
    counts["feedback"] = FeedbackStore(folder / "feedback.sqlite3").append_rows(
        pg.rows(), pg.key())
    return counts

"""The index in PostgreSQL with pgvector, shared by several app processes.

What the index folder holds lives in tables (pgdb.MIGRATIONS): articles,
chunks with their vectors (HNSW, inner product), sentences with their
float16 vectors and spans, the BM25 postings exactly as `lexical.py` counts
them, and the index state (manifest, generation counter).

- **Writes**: one transaction per changed article (its old rows deleted, its
  new rows inserted) and one per removed article, each bumping the
  generation. A process killed mid-write leaves the previous state: the
  transaction is rolled back. The first import, or a change of model or
  chunking (vectors of two models must never mix), is one transaction for
  everything. One writer at a time (advisory lock).
- **Reads**: a process loads one consistent snapshot (REPEATABLE READ) into
  an `IndexData` and polls the generation counter (`Assistant.maybe_reload`,
  at most once a second) to load a newer one.
- **Search**: the top chunks for a question come from SQL over the HNSW
  index (`hnsw.ef_search` = `EF_SEARCH`); a filtered search is exact over
  the allowed chunks. Sentence scoring and BM25 run in the process on the
  loaded snapshot, with the same arrays as the folder index, so answers are
  the same (eval figures in docs/scaling.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import datetime as dt
import logging
from dataclasses import dataclass

import numpy as np

from ..corpus.articles import Article
from ..errors import IndexMissing
from ..storage.pgdb import WRITER_LOCK, Database, copy_in, migrate, read_by_article
from .lexical import LexicalIndex
from .pgvectors import PgVectors
from .store import IndexData

log = logging.getLogger(__name__)

HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64
# >= the 64 candidate chunks a question asks for (pgvector returns at most
# ef_search rows per index scan); recall@10 measured by bench/pg.py
EF_SEARCH = 200
_SPACE_KEYS = ("model", "dimension", "chunking")  # what makes vectors comparable

_CHUNK_COLS = [("article", "int8"), ("no", "int4"), ("start_at", "int4"), ("end_at", "int4"),
               ("sent_lo", "int4"), ("sent_hi", "int4"), ("embedding", "vector")]
_SENT_COLS = [("article", "int8"), ("no", "int4"), ("start_at", "int4"), ("end_at", "int4"),
              ("n_terms", "int4"), ("embedding", "halfvec")]


@dataclass
class PgIndexData(IndexData):
    """A loaded snapshot: `generation` is the state it was loaded at."""

    generation: int = 0


class PgStore:
    """The index state in one PostgreSQL database (see the module docstring)."""

    def __init__(self, url: str, ef_search: int = EF_SEARCH):
        self.url = url
        self.ef_search = ef_search
        self.db = Database(url, settings={"hnsw.ef_search": ef_search})
        migrate(self.db)

    # -- state

    def generation(self) -> str | None:
        """The generation counter, None while nothing was ever saved."""
        gen, manifest = self.db.run(lambda conn: conn.execute(
            "SELECT generation, manifest FROM index_state").fetchone())
        return str(gen) if manifest else None

    @contextlib.contextmanager
    def lock(self):
        """One writer at a time, across processes and machines."""
        with self.db.held(WRITER_LOCK):
            yield

    # -- load

    def load(self) -> PgIndexData:
        """The current state as one consistent snapshot."""
        def read(conn) -> PgIndexData:
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                gen, manifest = conn.execute(
                    "SELECT generation, manifest FROM index_state").fetchone()
                if not manifest:
                    raise IndexMissing(
                        "Databasen har inget index än. Kör  assistant index  eller "
                        "assistant db import  för att fylla den.")
                return self._read(conn, int(gen), manifest)

        return self.db.run(read)

    def _read(self, conn, gen: int, manifest: dict) -> PgIndexData:
        dim = int(manifest["dimension"])
        rows = conn.execute(
            "SELECT pk, id, title, municipality, partners, published, updated, source, path, "
            "fingerprint, body, date_note FROM articles ORDER BY pos").fetchall()
        articles = [Article(id=r[1], title=r[2], municipality=r[3], partners=tuple(r[4]),
                            published=r[5], updated=r[6], source=r[7], path=r[8],
                            fingerprint=r[9], body=r[10], date_note=r[11]) for r in rows]
        art_pk = np.asarray([r[0] for r in rows], np.int64)
        order = np.argsort(art_pk)
        pos_of = lambda pks: order[np.searchsorted(art_pk[order], pks)]  # noqa: E731

        chunks = read_by_article(conn, "chunks", [("pk", "int8"), *_CHUNK_COLS[:-1]],
                                 order="no")
        sents = read_by_article(conn, "sentences", _SENT_COLS, dim, order="no")
        posts = _read_postings(conn)
        words = dict(conn.execute("SELECT id, term FROM terms WHERE id = ANY(%s)",
                                  (np.unique(posts["term"]).tolist(),)))
        sent_article = pos_of(sents["article"]) if len(sents) else np.zeros(0, np.int64)
        sent_base = np.searchsorted(sent_article, np.arange(len(articles) + 1))
        chunk_article = pos_of(chunks["article"]) if len(chunks) else np.zeros(0, np.int64)
        base = sent_base[chunk_article]
        post_doc = sent_base[pos_of(posts["article"])] + posts["sentence"] \
            if len(posts["term"]) else np.zeros(0, np.int64)
        lexical = _lexical(posts["term"], post_doc, posts["tf"], words,
                           sents["n_terms"].astype(np.float32))
        data = PgIndexData(
            manifest={**manifest, "counts": {"articles": len(articles), "chunks": len(chunks),
                                             "sentences": len(sents)},
                      "articles": {a.id: a.fingerprint for a in articles}},
            articles=articles,
            chunk_article=chunk_article.astype(np.int32),
            chunk_no=chunks["no"].astype(np.int32),
            chunk_start=chunks["start_at"].astype(np.int32),
            chunk_end=chunks["end_at"].astype(np.int32),
            chunk_sent_lo=(base + chunks["sent_lo"]).astype(np.int32),
            chunk_sent_hi=(base + chunks["sent_hi"]).astype(np.int32),
            sent_article=sent_article.astype(np.int32),
            sent_start=sents["start_at"].astype(np.int32),
            sent_end=sents["end_at"].astype(np.int32),
            sentence_vectors=np.ascontiguousarray(sents["embedding"], np.float16),
            vectors=PgVectors(self.db, chunks["pk"].astype(np.int64), dim, self.ef_search),
            lexical=lexical,
            generation=gen)
        return data

    # -- save

    def save(self, data: IndexData, text_of=None) -> None:
        """Make the database hold `data`: only articles whose text changed
        are written, one transaction each; all in one when the database is
        empty or was built with another model or chunking. `text_of(article)`
        gives an article's file as read (kept, so that a server can write
        corpus/ from the database), or None."""
        manifest = _stored_manifest(data, EF_SEARCH)
        dim = int(manifest["dimension"])
        with self.db.connection() as conn:
            stored_manifest = conn.execute("SELECT manifest FROM index_state").fetchone()[0]
            stored = dict(conn.execute("SELECT id, fingerprint FROM articles").fetchall())
            same_space = stored_manifest and all(
                stored_manifest.get(k) == manifest.get(k) for k in _SPACE_KEYS)
            rows = _ArticleRows(data, text_of)
            term_ids = _term_ids(conn, rows.vocab)
            if not same_space:
                with conn.transaction():
                    conn.execute("DELETE FROM articles")
                    conn.execute("DROP INDEX IF EXISTS chunks_hnsw")
                    rows.insert(conn, list(range(len(data.articles))), term_ids, dim)
                    _create_hnsw(conn, dim)
                    _set_state(conn, manifest)
                return
            removed = sorted(set(stored) - {a.id for a in data.articles})
            changed = [i for i, a in enumerate(data.articles)
                       if stored.get(a.id) != a.fingerprint]
            for aid in removed:
                with conn.transaction():
                    conn.execute("DELETE FROM articles WHERE id = %s", (aid,))
                    _bump(conn)
            for i in changed:
                with conn.transaction():
                    conn.execute("DELETE FROM articles WHERE id = %s", (data.articles[i].id,))
                    rows.insert(conn, [i], term_ids, dim)
                    _bump(conn)
            refocused = (stored_manifest or {}).get("focus") != manifest.get("focus")
            if removed or changed or refocused:  # else every app would reload for nothing
                with conn.transaction():
                    _set_state(conn, manifest)

    def files(self) -> list[tuple[Article, str | None]]:
        """Every stored article (without vectors) with its file as read (None
        when not known: it was imported from an index folder)."""
        rows = self.db.run(lambda conn: conn.execute(
            "SELECT id, title, municipality, partners, published, updated, source, path, "
            "fingerprint, body, date_note, file_text FROM articles ORDER BY pos").fetchall())
        return [(Article(id=r[0], title=r[1], municipality=r[2], partners=tuple(r[3]),
                         published=r[4], updated=r[5], source=r[6], path=r[7], fingerprint=r[8],
                         body=r[9], date_note=r[10]), r[11]) for r in rows]

    def keep_files(self, texts: list[tuple[str, str, str]]) -> None:
        """Remember (file text, article id, fingerprint) where the stored
        article has that fingerprint and no file yet."""
        if texts:
            self.db.run(lambda conn: conn.cursor().executemany(
                "UPDATE articles SET file_text = %s WHERE id = %s AND fingerprint = %s "
                "AND file_text IS NULL", texts))

    def describe(self) -> str:
        from ..storage.pgdb import server_name

        return f"databasen {server_name(self.url)}"

    def close(self) -> None:
        self.db.close()


def _read_postings(conn) -> dict[str, np.ndarray]:
    """Every article's postings, concatenated: article (its key), sentence
    (number within the article), term (id), tf."""
    packed = conn.cursor(binary=True).execute(
        "SELECT p.article, p.sentence, p.term, p.tf FROM postings p "
        "JOIN articles a ON a.pk = p.article ORDER BY a.pos").fetchall()
    out = {name: np.concatenate([np.frombuffer(r[i], "<i4") for r in packed] or
                                [np.zeros(0, np.int32)]).astype(np.int64)
           for i, name in ((1, "sentence"), (2, "term"), (3, "tf"))}
    out["article"] = np.repeat(np.asarray([r[0] for r in packed], np.int64),
                               [len(r[1]) // 4 for r in packed])
    return out


def _lexical(term: np.ndarray, doc: np.ndarray, tf: np.ndarray, words: dict[int, str],
             doc_len: np.ndarray) -> LexicalIndex:
    """The same postings as LexicalIndex.build: terms in sorted order, doc ids ascending."""
    ids = sorted(words, key=words.get)
    vocab = {words[t]: i for i, t in enumerate(ids)}
    local = np.zeros(max(words, default=0) + 1, np.int64)
    local[ids] = np.arange(len(ids))
    t = local[term.astype(np.int64)]
    order = np.lexsort((doc, t))
    offsets = np.zeros(len(ids) + 1, np.int64)
    offsets[1:] = np.cumsum(np.bincount(t, minlength=len(ids)))
    return LexicalIndex(vocab, offsets, doc[order].astype(np.int32),
                        tf[order].astype(np.float32), doc_len)


class _ArticleRows:
    """The rows of each article of an IndexData, ready for COPY."""

    def __init__(self, data: IndexData, text_of=None):
        self.data = data
        self.text_of = text_of
        n_art = len(data.articles)
        self.chunk_bounds = np.searchsorted(data.chunk_article, np.arange(n_art + 1))
        self.sent_bounds = np.searchsorted(data.sent_article, np.arange(n_art + 1))
        self.vectors = data.chunk_vectors()
        lex = data.lexical
        self.vocab = sorted(lex.vocab, key=lex.vocab.get)
        post_term = np.repeat(np.arange(len(self.vocab)), np.diff(lex.offsets))
        order = np.argsort(lex.doc_ids, kind="stable")  # by sentence, so by article
        self.post_doc = lex.doc_ids[order].astype(np.int64)
        self.post_term = post_term[order]
        self.post_tf = lex.tfs[order]
        self.post_bounds = np.searchsorted(self.post_doc, self.sent_bounds)

    def file_text(self, article: Article) -> str | None:
        """The article's file as read, if known and the one indexed."""
        text = self.text_of(article) if self.text_of else None
        if text is None or hashlib.sha256(text.encode("utf-8")).hexdigest() != article.fingerprint:
            return None
        return text

    def insert(self, conn, which: list[int], term_ids: np.ndarray, dim: int) -> None:
        """Insert articles `which` (positions in the data) with all their rows:
        one article in an update, all of them in a first import."""
        d = self.data
        if not which:
            return
        cur = conn.cursor()
        cur.executemany(
            "INSERT INTO articles (id, title, municipality, partners, published, updated, "
            "source, path, fingerprint, body, date_note, file_text) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "RETURNING pk", [(a.id, a.title, a.municipality, list(a.partners), a.published,
                              a.updated, a.source, a.path, a.fingerprint, a.body, a.date_note,
                              self.file_text(a))
                             for a in (d.articles[i] for i in which)], returning=True)
        pk_of = np.zeros(len(d.articles), np.int64)
        for i in which:
            pk_of[i] = cur.fetchone()[0]
            cur.nextset()
        chunks = _ranges(self.chunk_bounds, which)
        sents = _ranges(self.sent_bounds, which)
        posts = _ranges(self.post_bounds, which)
        first_sent = self.sent_bounds[d.chunk_article[chunks]]
        copy_in(conn, "chunks (article, no, start_at, end_at, sent_lo, sent_hi, embedding)",
                _CHUNK_COLS, {
                    "article": pk_of[d.chunk_article[chunks]], "no": d.chunk_no[chunks],
                    "start_at": d.chunk_start[chunks], "end_at": d.chunk_end[chunks],
                    "sent_lo": d.chunk_sent_lo[chunks] - first_sent,
                    "sent_hi": d.chunk_sent_hi[chunks] - first_sent,
                    "embedding": self.vectors[chunks]}, dim)
        owner = d.sent_article[sents]
        copy_in(conn, "sentences (article, no, start_at, end_at, n_terms, embedding)",
                _SENT_COLS, {
                    "article": pk_of[owner], "no": sents - self.sent_bounds[owner],
                    "start_at": d.sent_start[sents], "end_at": d.sent_end[sents],
                    "n_terms": d.lexical.doc_len[sents],
                    "embedding": np.asarray(d.sentence_vectors[sents], np.float16)}, dim)
        doc = self.post_doc[posts]
        owner = d.sent_article[doc]
        ends = np.searchsorted(owner, np.asarray(which), side="right")
        starts = np.searchsorted(owner, np.asarray(which), side="left")
        rel = (doc - self.sent_bounds[owner]).astype("<i4")
        term = term_ids[self.post_term[posts]].astype("<i4")
        tf = self.post_tf[posts].astype("<i4")
        conn.cursor().executemany(
            "INSERT INTO postings (article, sentence, term, tf) VALUES (%s, %s, %s, %s)",
            [(int(pk_of[i]), rel[a:b].tobytes(), term[a:b].tobytes(), tf[a:b].tobytes())
             for i, a, b in zip(which, starts.tolist(), ends.tolist())])


def _ranges(bounds: np.ndarray, which: list[int]) -> np.ndarray:
    """Rows [bounds[i], bounds[i + 1]) of every i in `which`, concatenated."""
    parts = [np.arange(bounds[i], bounds[i + 1]) for i in which]
    return np.concatenate(parts) if parts else np.zeros(0, np.int64)


def _term_ids(conn, vocab: list[str]) -> np.ndarray:
    """Database ids of `vocab`, inserting new terms (outside any article's
    transaction: an unused term is harmless)."""
    conn.execute("INSERT INTO terms (term) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                 (vocab,))
    ids = dict(conn.execute("SELECT term, id FROM terms WHERE term = ANY(%s)", (vocab,)))
    return np.asarray([ids[t] for t in vocab], np.int64)


def _create_hnsw(conn, dim: int) -> None:
    conn.execute("SET LOCAL maintenance_work_mem = '512MB'")
    conn.execute(f"CREATE INDEX IF NOT EXISTS chunks_hnsw ON chunks USING hnsw "
                 f"((embedding::vector({dim})) vector_ip_ops) "
                 f"WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})")


def _bump(conn) -> None:
    conn.execute("UPDATE index_state SET generation = generation + 1, changed_at = now()")


def _set_state(conn, manifest: dict) -> None:
    from psycopg.types.json import Jsonb

    conn.execute("UPDATE index_state SET generation = generation + 1, changed_at = now(), "
                 "manifest = %s", (Jsonb(manifest),))


def _stored_manifest(data: IndexData, ef_search: int) -> dict:
    """The manifest kept in index_state: no per-article list or counts (the
    tables are the truth), the chunk index described as pgvector's."""
    keep = {k: v for k, v in data.manifest.items() if k not in ("articles", "counts", "files",
                                                              "index", "index_type")}
    return {**keep, "index_type": "pgvector-hnsw",
            "index": {"type": "pgvector-hnsw", "exact": False, "M": HNSW_M,
                      "ef_construction": HNSW_EF_CONSTRUCTION, "ef_search": ef_search},
            "saved_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}

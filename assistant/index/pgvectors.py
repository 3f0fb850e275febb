"""The chunk vectors of a PostgreSQL snapshot as a vector-index backend:
search in SQL over pgvector's HNSW index (vectors.VectorIndex)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..storage.pgdb import Database, read_by_article
from .vectors import NO_SCORE, VectorIndex

class PgVectors(VectorIndex):
    """The chunk vectors of one loaded snapshot, searched in SQL over the
    pgvector HNSW index. `chunk_pk` (n,) int64 are the chunks' keys in row
    order. Writes go through PgStore.save, never through this object."""

    backend = "pgvector"

    def __init__(self, db: Database, chunk_pk: np.ndarray, dim: int, ef_search: int):
        self.db = db
        self.ef_search = ef_search  # set on the pool's connections by pgstore.PgStore
        self.chunk_pk = chunk_pk
        self._dim = dim
        self._row_of = {int(pk): row for row, pk in enumerate(chunk_pk.tolist())}

    @property
    def dim(self) -> int:
        return self._dim

    def __len__(self) -> int:
        return len(self.chunk_pk)

    def search(self, queries: np.ndarray, n: int,
               allowed_rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """As VectorIndex.search. Chunks written after this snapshot was
        loaded are skipped until the next reload (within a second)."""
        n = max(1, min(n, len(self)))
        scores = np.full((len(queries), n), NO_SCORE, np.float32)
        rows = np.full((len(queries), n), -1, np.int64)
        for qi, q in enumerate(np.asarray(queries, np.float32)):
            vec = "[" + ",".join(map(str, q.tolist())) + "]"
            found = self.db.run(lambda conn: self._nearest(conn, vec, n, allowed_rows))
            known = [(self._row_of[pk], s) for pk, s in found if pk in self._row_of]
            for j, (row, s) in enumerate(known):
                rows[qi, j], scores[qi, j] = row, s
        return scores, rows

    def _nearest(self, conn, vec: str, n: int, allowed_rows) -> list[tuple[int, float]]:
        """(chunk key, inner product) of the `n` nearest chunks, best first."""
        dim = self._dim
        if allowed_rows is None:  # the HNSW index: ordered by its own expression
            return conn.execute(
                f"SELECT pk, -(embedding::vector({dim}) <#> %s::vector({dim})) FROM chunks "
                f"ORDER BY embedding::vector({dim}) <#> %s::vector({dim}) LIMIT %s",
                (vec, vec, n)).fetchall()
        # exact over the allowed chunks (a filter): not the index expression
        pks = self.chunk_pk[np.asarray(allowed_rows, np.int64)].tolist()
        return conn.execute(
            "SELECT pk, s FROM (SELECT pk, -(embedding <#> %s::vector) AS s "
            "FROM chunks WHERE pk = ANY(%s)) c ORDER BY s DESC LIMIT %s",
            (vec, pks, n)).fetchall()

    def vectors(self) -> np.ndarray:
        """(n, d) float32 chunk vectors of this snapshot's rows, for incremental builds."""
        with self.db.connection() as conn:
            got = read_by_article(conn, "chunks", [("pk", "int8"), ("embedding", "vector")],
                                  self._dim)
        out = np.zeros((len(self), self._dim), np.float32)
        if len(self) == 0:
            return out
        order = np.argsort(self.chunk_pk)
        at = np.minimum(np.searchsorted(self.chunk_pk[order], got["pk"]), len(self) - 1)
        ok = self.chunk_pk[order][at] == got["pk"]  # rows written after this snapshot: skipped
        out[order[at[ok]]] = got["embedding"][ok]
        return out

    def describe(self) -> dict:
        return {"backend": self.backend, "type": "hnsw", "exact": False, "ef_search": self.ef_search}

    def add(self, vectors: np.ndarray) -> None:
        raise NotImplementedError("the database's chunks are written by PgStore.save")

    def remove(self, rows: np.ndarray) -> None:
        raise NotImplementedError("the database's chunks are written by PgStore.save")

    def save(self, folder: Path) -> None:
        raise NotImplementedError("the database's chunks are written by PgStore.save")

    @classmethod
    def load(cls, folder: Path, info: dict) -> "PgVectors":
        raise NotImplementedError("a database snapshot is loaded by PgStore.load")

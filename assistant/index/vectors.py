"""The vector index behind a small interface: add, remove, search, save, load.

A backend holds the (n, d) float32 L2-normalised chunk vectors, one row per
chunk, and finds the rows with the highest inner product (= cosine) for a
query. Rows are numbered 0..n-1 in the order they were added; removing rows
renumbers the later ones, so row numbers always match the chunk tables of
`store.IndexData`. FAISS is the backend today (`faiss_index.py`, the only
module importing faiss); a PostgreSQL + pgvector backend implements the same
methods. The manifest's "index" record names the backend and its settings;
`backend(name)` finds the class that loads it. (After txtai's `ann/base.py`.)
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from pathlib import Path

import numpy as np

# what a backend reports for a missing result (faiss's own value)
NO_SCORE = -np.finfo(np.float32).max

# name in the manifest -> "module:class"; imported only when an index of that kind loads
BACKENDS = {"faiss": "assistant.index.faiss_index:FaissVectors"}


class VectorIndex(ABC):
    """Chunk vectors and nearest-neighbour search over them."""

    #: the backend's name in the manifest (`BACKENDS`)
    backend: str = ""
    #: files `save` writes into a generation folder (checksummed by store.py)
    files: tuple[str, ...] = ()

    @property
    @abstractmethod
    def dim(self) -> int:
        """The vectors' dimension d."""

    @abstractmethod
    def __len__(self) -> int:
        """The number of rows n."""

    @abstractmethod
    def add(self, vectors: np.ndarray) -> None:
        """Append (k, d) float32 L2-normalised rows, numbered n..n+k-1."""

    @abstractmethod
    def remove(self, rows: np.ndarray) -> None:
        """Delete these rows; the rows after them move down to fill the gaps."""

    @abstractmethod
    def search(self, queries: np.ndarray, n: int,
               allowed_rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """queries (q, d) float32 -> (scores (q, n) float32, rows (q, n) int64).

        Best first; where fewer than `n` rows qualify, rows are -1 and scores
        `NO_SCORE`. `allowed_rows`: only these rows may be returned (filters).
        """

    @abstractmethod
    def vectors(self) -> np.ndarray:
        """(n, d) float32: the stored rows (may be a read-only view)."""

    @abstractmethod
    def describe(self) -> dict:
        """The manifest's "index" record: at least "backend", "type", "exact"."""

    @abstractmethod
    def save(self, folder: Path) -> None:
        """Write `files` into `folder` and fsync them (store.py does the rest)."""

    @classmethod
    @abstractmethod
    def load(cls, folder: Path, info: dict) -> "VectorIndex":
        """Read what `save` wrote; `info` is the manifest's "index" record."""


def backend(name: str) -> type[VectorIndex]:
    """The class of backend `name` (KeyError if unknown)."""
    module, _, cls = BACKENDS[name].partition(":")
    return getattr(importlib.import_module(module), cls)


def exact_subset(vectors: np.ndarray, queries: np.ndarray, n: int,
                 rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact inner-product top `n` among `rows` of `vectors`, padded with
    (NO_SCORE, -1) like a backend's search. Any backend can use it for
    filters small enough to score every allowed row."""
    q = len(queries)
    scores = np.full((q, n), NO_SCORE, np.float32)
    labels = np.full((q, n), -1, np.int64)
    if len(rows) == 0:
        return scores, labels
    sims = queries @ vectors[rows].T  # (q, len(rows))
    take = min(n, len(rows))
    top = np.argpartition(-sims, take - 1, axis=1)[:, :take] if take < len(rows) else \
        np.tile(np.arange(len(rows)), (q, 1))
    top_sims = np.take_along_axis(sims, top, axis=1)
    order = np.argsort(-top_sims, axis=1, kind="stable")
    scores[:, :take] = np.take_along_axis(top_sims, order, axis=1)
    labels[:, :take] = rows[np.take_along_axis(top, order, axis=1)]
    return scores, labels

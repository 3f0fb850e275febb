"""The FAISS backend of the vector index (`vectors.VectorIndex`).

The only module that imports faiss. The chunk index is exact (`IndexFlatIP`)
up to `EXACT_MAX_CHUNKS` chunks and HNSW beyond, with `efSearch` chosen at
build time so that recall@10 against exact search is at least
`RECALL_TARGET`; the manifest records which, with the measured recall
(figures in docs/performance.md).
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import faiss
import numpy as np

from ..storage.files import fsync_file
from .vectors import VectorIndex, exact_subset

# Exact search up to this many chunks, HNSW beyond. Measured here on one
# core (docs/performance.md): IndexFlatIP answers one query over 20,000
# chunks in 1.1 ms and over 100,000 in 9.8 ms; HNSW tuned to recall@10 0.98
# on real questions takes about 2 ms at 100,000. Up to 30,000 chunks exact
# search is as fast, exact, and costs nothing to build.
EXACT_MAX_CHUNKS = 30_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
RECALL_K = 10
RECALL_TARGET = 0.98
RECALL_QUERIES = 400
EF_SEARCH_STEPS = (16, 32, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096)
FILE = "chunks.faiss"


class FaissVectors(VectorIndex):
    """A faiss `IndexFlatIP` (exact) or `IndexHNSWFlat` (approximate) and its
    manifest description."""

    backend = "faiss"
    files = (FILE,)

    def __init__(self, index: faiss.Index, info: dict | None = None):
        self.index = index
        self.info = {"type": "hnsw" if _hnsw(index) is not None else "flat-ip",
                     "exact": _hnsw(index) is None, **(info or {})}

    @classmethod
    def build(cls, vectors: np.ndarray, kind: str | None = None,
              probes: np.ndarray | None = None) -> "FaissVectors":
        """See `build_faiss_index`."""
        return cls(*build_faiss_index(vectors, kind, probes))

    def grown(self, vectors: np.ndarray,
              probes: np.ndarray | None = None) -> "FaissVectors | None":
        """This HNSW index grown in place to all of `vectors` (whose first rows
        it holds), or None if it cannot be (see `extend_faiss_index`)."""
        grown = extend_faiss_index(self.index, vectors, probes)
        return FaissVectors(*grown) if grown else None

    @property
    def dim(self) -> int:
        return int(self.index.d)

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def add(self, vectors: np.ndarray) -> None:
        with _build_threads():
            self.index.add(np.ascontiguousarray(vectors, np.float32))

    def remove(self, rows: np.ndarray) -> None:
        rows = np.asarray(rows, np.int64)
        if _hnsw(self.index) is None:
            self.index.remove_ids(faiss.IDSelectorBatch(rows))
            return
        # HNSW cannot delete: build it again from the rows that stay
        keep = np.setdiff1d(np.arange(len(self)), rows)
        rebuilt = build_faiss_index(stored_vectors(self.index)[keep].copy(), "hnsw")
        self.index, self.info = rebuilt

    def search(self, queries: np.ndarray, n: int,
               allowed_rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """A filter of at most `EXACT_MAX_CHUNKS` rows is searched exactly over
        those rows, a larger one through the index with a wider HNSW beam."""
        n = max(1, min(n, len(self)))
        queries = np.ascontiguousarray(queries, np.float32)
        _search_threads()
        if allowed_rows is None:
            return self.index.search(queries, n)
        allowed_rows = np.asarray(allowed_rows, np.int64)
        hnsw = _hnsw(self.index)
        if hnsw is None or len(allowed_rows) <= EXACT_MAX_CHUNKS:
            return exact_subset(stored_vectors(self.index), queries, n, allowed_rows)
        selector = _selector(allowed_rows, len(self))
        widen = -(-len(self) // max(1, len(allowed_rows)))  # 1 / share of rows allowed
        params = faiss.SearchParametersHNSW(
            sel=selector, efSearch=min(max(hnsw.hnsw.efSearch, n) * widen, 4 * EF_SEARCH_STEPS[-1]))
        return self.index.search(queries, n, params=params)

    def vectors(self) -> np.ndarray:
        return stored_vectors(self.index)

    def describe(self) -> dict:
        return {**self.info, "backend": self.backend}

    def save(self, folder: Path) -> None:
        # straight to the file: serialize_index would hold two copies in memory
        try:
            faiss.write_index(self.index, str(folder / FILE))
        except RuntimeError as err:  # faiss reports a failed write (disk full) this way
            raise OSError(_write_errno(folder), f"faiss: {err}") from None
        fsync_file(folder / FILE)

    @classmethod
    def load(cls, folder: Path, info: dict) -> "FaissVectors":
        index = faiss.read_index(str(folder / FILE))
        hnsw = _hnsw(index)
        if hnsw is not None and "ef_search" in info:
            hnsw.hnsw.efSearch = int(info["ef_search"])
        return cls(index, {k: v for k, v in info.items() if k != "backend"})


def _selector(allowed_rows: np.ndarray, n: int) -> faiss.IDSelector:
    """The rows a filtered HNSW search may return, as a bitmap: the same
    rows as an IDSelectorBatch of them, without hashing every allowed row
    per search (2.6 ms for 100,000 rows, the passages from elsewhere)."""
    mask = np.zeros(n, bool)
    mask[allowed_rows] = True
    bits = np.packbits(mask, bitorder="little")
    selector = faiss.IDSelectorBitmap(n, faiss.swig_ptr(bits))
    selector.bits_ref = bits  # the bitmap must outlive the selector
    return selector


def _write_errno(folder: Path) -> int:
    """Why faiss could not write: no room left, else a generic I/O error."""
    import errno

    try:
        stat = os.statvfs(folder)
        return errno.ENOSPC if stat.f_bavail * stat.f_frsize < 1 << 20 else errno.EIO
    except OSError:
        return errno.EIO


def _search_threads() -> None:
    """One OpenMP thread for this thread's searches. faiss splits even a
    single query over two threads, which wait for each other in spin loops:
    when another process wants a core, p95 goes from 4 ms to 24 ms over
    10,000 chunks (docs/performance.md). The setting is per calling thread."""
    faiss.omp_set_num_threads(1)


@contextlib.contextmanager
def _build_threads():
    """All cores (or OMP_NUM_THREADS) for building, then back to one."""
    faiss.omp_set_num_threads(int(os.environ.get("OMP_NUM_THREADS") or os.cpu_count() or 1))
    try:
        yield
    finally:
        faiss.omp_set_num_threads(1)


def stored_vectors(index: faiss.Index) -> np.ndarray:
    """(n, d) float32 view of the vectors an exact or HNSW index holds (no copy)."""
    hnsw = _hnsw(index)
    flat = faiss.downcast_index(hnsw.storage) if hnsw is not None else index
    if not isinstance(flat, faiss.IndexFlat):
        raise TypeError(f"unsupported index type {type(index).__name__}")
    if flat.ntotal == 0:
        return np.zeros((0, flat.d), np.float32)
    return faiss.rev_swig_ptr(flat.get_xb(), flat.ntotal * flat.d).reshape(flat.ntotal, flat.d)


def _hnsw(index: faiss.Index):
    return index if isinstance(index, faiss.IndexHNSW) else None


def make_faiss_index(vectors: np.ndarray, kind: str | None = None) -> faiss.Index:
    """Inner-product index over L2-normalised vectors (= cosine); see `build_faiss_index`."""
    return build_faiss_index(vectors, kind)[0]


def choose_kind(n_chunks: int) -> str:
    """The index type for a corpus of `n_chunks` chunks."""
    return "flat-ip" if n_chunks <= EXACT_MAX_CHUNKS else "hnsw"


def build_faiss_index(vectors: np.ndarray, kind: str | None = None,
                      probes: np.ndarray | None = None) -> tuple[faiss.Index, dict]:
    """The chunk index for (n, d) float32 L2-normalised vectors, and its
    description for the manifest.

    `kind`: "flat-ip" (exact) or "hnsw"; by default `choose_kind(n)`.
    `probes`: (p, d) float32 embedded questions. HNSW's efSearch is the
    smallest step at which both they and synthetic queries between stored
    vectors find at least `RECALL_TARGET` of the exact top 10.
    """
    vectors = np.ascontiguousarray(vectors, np.float32)
    n, d = vectors.shape
    kind = kind or choose_kind(n)
    if kind == "flat-ip":
        index = faiss.IndexFlatIP(d)
        if n:
            index.add(vectors)
        return index, {"type": "flat-ip", "exact": True}
    if kind != "hnsw":
        raise ValueError(f"unknown index type {kind!r}")
    index = faiss.IndexHNSWFlat(d, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    return index, _add_and_tune(index, vectors, probes)


def extend_faiss_index(index: faiss.Index, vectors: np.ndarray,
                       probes: np.ndarray | None = None) -> tuple[faiss.Index, dict] | None:
    """Grow an HNSW `index` holding the first rows of `vectors` by the rest,
    instead of building it anew; None if it does not hold them."""
    vectors = np.ascontiguousarray(vectors, np.float32)
    n_old = index.ntotal
    if _hnsw(index) is None or n_old > len(vectors) or choose_kind(len(vectors)) != "hnsw":
        return None
    held = stored_vectors(index)
    ends = [0, n_old - 1] if n_old else []
    if not all(np.array_equal(held[i], vectors[i]) for i in ends):
        return None
    # more vectors rarely need a narrower beam: start the search one step below
    lower = [ef for ef in EF_SEARCH_STEPS if ef < index.hnsw.efSearch]
    info = _add_and_tune(index, vectors, probes, start=n_old,
                         first_ef=lower[-1] if lower else EF_SEARCH_STEPS[0])
    return index, {**info, "grown_from": n_old}


def _add_and_tune(index: faiss.Index, vectors: np.ndarray, probes: np.ndarray | None,
                  start: int = 0, first_ef: int = EF_SEARCH_STEPS[0]) -> dict:
    """Add vectors[start:] to an HNSW index, tune efSearch; the manifest's description."""
    started = time.perf_counter()
    sets = {"pairs": recall_queries(vectors)}
    if probes is not None and len(probes):
        sets["questions"] = np.ascontiguousarray(probes, np.float32)
    with _build_threads():
        if len(vectors) > start:
            index.add(vectors[start:])
        built = time.perf_counter() - started
        ef, recalls = tune_ef_search(index, vectors, sets, first_ef)
    index.hnsw.efSearch = ef
    return {
        "type": "hnsw", "exact": False, "M": index.hnsw.nb_neighbors(1),
        "ef_construction": int(index.hnsw.efConstruction),
        "ef_search": ef, "recall_at_10": round(min(recalls.values(), default=1.0), 4),
        "recall_at_10_by_queries": {k: round(v, 4) for k, v in recalls.items()},
        "recall_queries": {k: len(v) for k, v in sets.items()},
        "recall_target": RECALL_TARGET, "add_seconds": round(built, 2),
    }


def recall_queries(vectors: np.ndarray, count: int = RECALL_QUERIES, seed: int = 0) -> np.ndarray:
    """(count, d) float32 test queries: normalised sums of two random stored
    vectors, which lie between documents (a stored vector itself would be
    found trivially)."""
    if len(vectors) == 0:
        return np.zeros((0, vectors.shape[1]), np.float32)
    rng = np.random.default_rng(seed)
    pairs = rng.integers(0, len(vectors), size=(count, 2))
    q = vectors[pairs[:, 0]] + vectors[pairs[:, 1]]
    return (q / np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int = RECALL_K) -> np.ndarray:
    """(q, k) int64 rows of the exact top `k` inner products."""
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(np.ascontiguousarray(vectors, np.float32))
    return exact.search(np.ascontiguousarray(queries, np.float32), min(k, len(vectors)))[1]


def recall_at(index: faiss.Index, truth: np.ndarray, queries: np.ndarray,
              ef_search: int | None = None) -> float:
    """Share of the exact top k (`truth`, from `exact_top`) that `index` also returns."""
    k = truth.shape[1]
    params = faiss.SearchParametersHNSW(efSearch=ef_search) if ef_search else None
    _, found = index.search(np.ascontiguousarray(queries, np.float32), k, params=params)
    pairs = zip(truth.tolist(), found.tolist())
    return float(np.mean([len(set(t) & set(f)) / k for t, f in pairs]))


def tune_ef_search(index: faiss.Index, vectors: np.ndarray, sets: dict[str, np.ndarray],
                   first_ef: int = EF_SEARCH_STEPS[0]) -> tuple[int, dict[str, float]]:
    """The smallest efSearch step from `first_ef` on at which every query set
    reaches the target."""
    sets = {k: q for k, q in sets.items() if len(q)}
    if len(vectors) == 0 or not sets:
        return EF_SEARCH_STEPS[0], {k: 1.0 for k in sets}
    truths = {k: exact_top(vectors, q) for k, q in sets.items()}
    recalls: dict[str, float] = {}
    for ef in [e for e in EF_SEARCH_STEPS if e >= first_ef]:
        recalls = {k: recall_at(index, truths[k], q, ef) for k, q in sets.items()}
        if min(recalls.values()) >= RECALL_TARGET:
            break
    return ef, recalls

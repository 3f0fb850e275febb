"""The index folder: FAISS vectors, chunk and sentence tables, a manifest.

Layout: `index/CURRENT` names the generation folder (`index/gen-*/`) that
holds a complete index. A build writes a new generation beside the old one
and then replaces CURRENT atomically, so a reader sees the old index or the
new one, never a mix. This is the only module that imports faiss.

The chunk index is exact (`IndexFlatIP`) up to `EXACT_MAX_CHUNKS` chunks and
HNSW beyond, with `efSearch` chosen at build time so that recall@10 against
exact search is at least `RECALL_TARGET`; the manifest records which, with
the measured recall (figures in docs/performance.md).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from .articles import Article
from .errors import IndexCorrupt, IndexMissing
from .lexical import LexicalIndex

FORMAT = 1
POINTER = "CURRENT"
_FILES = ("manifest.json", "articles.json", "tables.npz", "sentences.npy", "chunks.faiss")

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
_NO_SCORE = -np.finfo(np.float32).max  # what faiss reports for a missing result


@dataclass
class IndexData:
    """Everything a search needs, in memory.

    Chunk tables are int32 arrays of length n (rows of the FAISS index);
    sentence tables have length m, `sentence_vectors` is (m, d) float16.
    """

    manifest: dict
    articles: list[Article]
    chunk_article: np.ndarray
    chunk_no: np.ndarray
    chunk_start: np.ndarray
    chunk_end: np.ndarray
    chunk_sent_lo: np.ndarray
    chunk_sent_hi: np.ndarray
    sent_article: np.ndarray
    sent_start: np.ndarray
    sent_end: np.ndarray
    sentence_vectors: np.ndarray
    faiss_index: faiss.Index
    lexical: LexicalIndex

    @property
    def n_chunks(self) -> int:
        return int(self.faiss_index.ntotal)

    def chunk_id(self, row: int) -> str:
        return f"{self.articles[self.chunk_article[row]].id}#{int(self.chunk_no[row])}"

    def search(self, queries: np.ndarray, n: int,
               allowed_rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """queries (q, d) float32 -> (scores, rows), each (q, n); rows -1 = none.

        `allowed_rows`: search only these chunk rows (filters). A filter of at
        most `EXACT_MAX_CHUNKS` rows is searched exactly over those rows, a
        larger one through the index with a wider HNSW beam.
        """
        n = max(1, min(n, self.n_chunks))
        queries = np.ascontiguousarray(queries, np.float32)
        _search_threads()
        if allowed_rows is None:
            return self.faiss_index.search(queries, n)
        allowed_rows = np.asarray(allowed_rows, np.int64)
        hnsw = _hnsw(self.faiss_index)
        if hnsw is None or len(allowed_rows) <= EXACT_MAX_CHUNKS:
            return _exact_subset(stored_vectors(self.faiss_index), queries, n, allowed_rows)
        selector = faiss.IDSelectorBatch(allowed_rows)
        widen = -(-self.n_chunks // max(1, len(allowed_rows)))  # 1 / share of rows allowed
        params = faiss.SearchParametersHNSW(
            sel=selector, efSearch=min(max(hnsw.hnsw.efSearch, n) * widen, 4 * EF_SEARCH_STEPS[-1]))
        return self.faiss_index.search(queries, n, params=params)

    def chunk_vectors(self) -> np.ndarray:
        """(n, d) float32: the stored chunk vectors, for incremental rebuilds."""
        return stored_vectors(self.faiss_index).copy()


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


def _exact_subset(vectors: np.ndarray, queries: np.ndarray, n: int,
                  rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact inner-product top `n` among `rows` of `vectors`, padded like faiss."""
    q = len(queries)
    scores = np.full((q, n), _NO_SCORE, np.float32)
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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_write(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def build_lock(index_dir: Path):
    """One writer at a time per index folder."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _article_json(a: Article) -> dict:
    return {
        "id": a.id, "title": a.title, "municipality": a.municipality,
        "partners": list(a.partners), "published": a.published, "updated": a.updated,
        "source": a.source, "path": a.path, "fingerprint": a.fingerprint, "body": a.body,
        "date_note": a.date_note,
    }


def _article_from_json(d: dict) -> Article:
    return Article(
        id=d["id"], title=d["title"], municipality=d["municipality"],
        published=d["published"], updated=d["updated"], source=d["source"], path=d["path"],
        body=d["body"], fingerprint=d["fingerprint"], partners=tuple(d.get("partners", ())),
        date_note=d.get("date_note"),
    )


def save_index(index_dir: Path, data: IndexData) -> Path:
    """Write `data` as a new generation and switch CURRENT to it atomically.

    Call inside `build_lock(index_dir)`. Returns the generation folder.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    gen = f"gen-{time.time_ns()}"
    tmp = index_dir / f".tmp-{gen}"
    tmp.mkdir()
    _fsync_write(tmp / "articles.json", json.dumps(
        [_article_json(a) for a in data.articles], ensure_ascii=False).encode("utf-8"))
    tables = {name: getattr(data, name).astype(np.int32) for name in (
        "chunk_article", "chunk_no", "chunk_start", "chunk_end", "chunk_sent_lo",
        "chunk_sent_hi", "sent_article", "sent_start", "sent_end")}
    tables.update(data.lexical.to_arrays())
    with (tmp / "tables.npz").open("wb") as fh:
        np.savez(fh, **tables)
        fh.flush()
        os.fsync(fh.fileno())
    with (tmp / "sentences.npy").open("wb") as fh:
        np.save(fh, data.sentence_vectors.astype(np.float16))
        fh.flush()
        os.fsync(fh.fileno())
    # straight to the file: serialize_index would hold two copies in memory
    faiss.write_index(data.faiss_index, str(tmp / "chunks.faiss"))
    _fsync_file(tmp / "chunks.faiss")
    manifest = dict(data.manifest)
    manifest["format"] = FORMAT
    manifest["files"] = {
        name: {"bytes": (tmp / name).stat().st_size, "sha256": _sha256(tmp / name)}
        for name in _FILES if name != "manifest.json"
    }
    _fsync_write(tmp / "manifest.json",
                 json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    _fsync_dir(tmp)
    final = index_dir / gen
    os.rename(tmp, final)
    pointer_tmp = index_dir / f".{POINTER}.tmp"
    _fsync_write(pointer_tmp, gen.encode("ascii"))
    os.replace(pointer_tmp, index_dir / POINTER)
    _fsync_dir(index_dir)
    data.manifest = manifest
    _remove_old_generations(index_dir, keep=gen)
    return final


def _remove_old_generations(index_dir: Path, keep: str) -> None:
    for child in index_dir.iterdir():
        if child.is_dir() and child.name != keep and (
            child.name.startswith("gen-") or child.name.startswith(".tmp-gen-")
        ):
            shutil.rmtree(child, ignore_errors=True)


def current_generation(index_dir: Path) -> str | None:
    try:
        return (index_dir / POINTER).read_text("ascii").strip() or None
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError):
        raise IndexCorrupt(_corrupt_message(index_dir, "CURRENT kan inte läsas")) from None


def _corrupt_message(index_dir: Path, detail: str) -> str:
    return (f"Indexet i {index_dir} är skadat eller ofullständigt ({detail}). "
            "Kör  assistant index --rebuild  för att bygga om det.")


def read_manifest(index_dir: Path) -> dict | None:
    gen = current_generation(index_dir)
    if gen is None:
        return None
    try:
        return json.loads((index_dir / gen / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        raise IndexCorrupt(_corrupt_message(index_dir, "manifest.json saknas eller är trasig")) from None


def _unverified(folder: Path, files: dict) -> str | None:
    """The first file whose size or SHA-256 differs from the manifest, if any.

    Files are hashed in parallel (hashlib releases the GIL): the 480 MB of
    a 100,000-chunk index take 0.18 s instead of 0.35 s on two cores.
    """
    def ok(item) -> bool:
        name, meta = item
        path = folder / name
        return path.is_file() and path.stat().st_size == meta["bytes"] and \
            _sha256(path) == meta["sha256"]

    items = sorted(files.items(), key=lambda kv: -kv[1]["bytes"])
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(ok, items))
    return next((name for (name, _), good in zip(items, results) if not good), None)


def load_index(index_dir: Path) -> IndexData:
    """Load the current generation, verifying every file against the manifest."""
    gen = current_generation(index_dir)
    if gen is None:
        raise IndexMissing(
            f"Det finns inget index i {index_dir}. Kör  assistant index  för att bygga det.")
    folder = index_dir / gen
    manifest = read_manifest(index_dir)
    if manifest.get("format") != FORMAT:
        raise IndexCorrupt(_corrupt_message(index_dir, f"okänt format {manifest.get('format')}"))
    bad = _unverified(folder, manifest.get("files", {}))
    if bad:
        raise IndexCorrupt(_corrupt_message(index_dir, f"{bad} stämmer inte med manifestet"))
    try:
        articles = [_article_from_json(d)
                    for d in json.loads((folder / "articles.json").read_text("utf-8"))]
        with np.load(folder / "tables.npz") as npz:
            tables = {k: npz[k] for k in npz.files}
        lexical = LexicalIndex.from_arrays({k: tables.pop(k) for k in list(tables)
                                            if k.startswith("lex_")})
        # mapped, not read: a question touches a few hundred rows of it
        sentence_vectors = np.load(folder / "sentences.npy", mmap_mode="r")
        faiss_index = faiss.read_index(str(folder / "chunks.faiss"))
        hnsw = _hnsw(faiss_index)
        if hnsw is not None and "ef_search" in manifest.get("index", {}):
            hnsw.hnsw.efSearch = int(manifest["index"]["ef_search"])
        data = IndexData(manifest=manifest, articles=articles, faiss_index=faiss_index,
                         sentence_vectors=sentence_vectors, lexical=lexical, **tables)
    except Exception as err:  # numpy, faiss and json each raise their own kinds
        raise IndexCorrupt(_corrupt_message(index_dir, err.__class__.__name__)) from None
    n, m = data.n_chunks, len(data.sent_start)
    if not (len(data.chunk_start) == n and len(data.sentence_vectors) == m
            and len(data.lexical.doc_len) == m
            and (n == 0 or int(data.chunk_article.max()) < len(articles))):
        raise IndexCorrupt(_corrupt_message(index_dir, "tabellerna har olika längd"))
    return data

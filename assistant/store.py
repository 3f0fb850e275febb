"""The index folder: FAISS vectors, chunk and sentence tables, a manifest.

Layout: `index/CURRENT` names the generation folder (`index/gen-*/`) that
holds a complete index. A build writes a new generation beside the old one
and then replaces CURRENT atomically, so a reader sees the old index or the
new one, never a mix. This is the only module that imports faiss.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import time
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

        `allowed_rows`: search only these chunk rows (filters).
        """
        n = max(1, min(n, self.n_chunks))
        queries = np.ascontiguousarray(queries, np.float32)
        if allowed_rows is None:
            return self.faiss_index.search(queries, n)
        selector = faiss.IDSelectorBatch(np.asarray(allowed_rows, np.int64))
        return self.faiss_index.search(queries, n, params=faiss.SearchParameters(sel=selector))

    def chunk_vectors(self) -> np.ndarray:
        """(n, d) float32: the stored chunk vectors, for incremental rebuilds."""
        if self.n_chunks == 0:
            return np.zeros((0, self.faiss_index.d), np.float32)
        return self.faiss_index.reconstruct_n(0, self.n_chunks)


def make_faiss_index(vectors: np.ndarray) -> faiss.Index:
    """Exact inner-product search over L2-normalised vectors (= cosine)."""
    index = faiss.IndexFlatIP(vectors.shape[1])
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, np.float32))
    return index


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
    }


def _article_from_json(d: dict) -> Article:
    return Article(
        id=d["id"], title=d["title"], municipality=d["municipality"],
        published=d["published"], updated=d["updated"], source=d["source"], path=d["path"],
        body=d["body"], fingerprint=d["fingerprint"], partners=tuple(d.get("partners", ())),
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
    _fsync_write(tmp / "chunks.faiss", faiss.serialize_index(data.faiss_index).tobytes())
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
    for name, meta in manifest.get("files", {}).items():
        path = folder / name
        if not path.is_file() or path.stat().st_size != meta["bytes"] or _sha256(path) != meta["sha256"]:
            raise IndexCorrupt(_corrupt_message(index_dir, f"{name} stämmer inte med manifestet"))
    try:
        articles = [_article_from_json(d)
                    for d in json.loads((folder / "articles.json").read_text("utf-8"))]
        with np.load(folder / "tables.npz") as npz:
            tables = {k: npz[k] for k in npz.files}
        lexical = LexicalIndex.from_arrays({k: tables.pop(k) for k in list(tables)
                                            if k.startswith("lex_")})
        sentence_vectors = np.load(folder / "sentences.npy")
        raw = np.fromfile(folder / "chunks.faiss", dtype=np.uint8)
        faiss_index = faiss.deserialize_index(raw)
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

"""The index folder: generations, the CURRENT pointer, the manifest, checksums.

Layout: `index/CURRENT` names the generation folder (`index/gen-*/`) that
holds a complete index. A build writes a new generation beside the old one
and then replaces CURRENT atomically, so a reader sees the old index or the
new one, never a mix. A generation holds the chunk and sentence tables
(`tables.npz`), the sentence vectors, the articles, the vector index's own
files (`vectors.VectorIndex.save`) and `manifest.json`, which records the
SHA-256 of every other file, the index format and the lexical version; an
index of another format or lexical version is refused (`IndexMismatch`).
Writes and locks go through `storage/files.py`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..corpus.articles import Article, article_json
from ..errors import IndexCorrupt, IndexMismatch, IndexMissing
from ..storage.files import (check_writable, durable_open, exclusive_lock, fsync_dir,
                             replace_durable, sha256_file, storage_error, write_durable)
from . import lexical
from .lexical import LexicalIndex
from .vectors import VectorIndex, backend

# The layout of a generation folder. Raise it when the files or tables
# change so that an older index is refused with the command that rebuilds it.
FORMAT = 1
POINTER = "CURRENT"
LOCK = ".lock"
_TABLES = ("chunk_article", "chunk_no", "chunk_start", "chunk_end", "chunk_sent_lo",
           "chunk_sent_hi", "sent_article", "sent_start", "sent_end")
_OWN_FILES = ("articles.json", "tables.npz", "sentences.npy")
_WHAT = "indexet"


def lexical_version() -> int:
    """The BM25 term version an index must have been built with."""
    return lexical.LEXICAL_VERSION


@dataclass
class IndexData:
    """Everything a search needs, in memory.

    Chunk tables are int32 arrays of length n (rows of the vector index);
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
    vectors: VectorIndex
    lexical: LexicalIndex

    @property
    def n_chunks(self) -> int:
        return len(self.vectors)

    @property
    def faiss_index(self):
        """The raw faiss index of the FAISS backend (for benchmarks and tests)."""
        return self.vectors.index

    def sentence_spans(self):
        """(article row, start, end) of every sentence, in row order, as plain
        ints: one pass over all of them (the searcher's tables at load)."""
        return zip(self.sent_article.tolist(), self.sent_start.tolist(), self.sent_end.tolist())

    def chunk_id(self, row: int) -> str:
        return f"{self.articles[self.chunk_article[row]].id}#{int(self.chunk_no[row])}"

    def search(self, queries: np.ndarray, n: int,
               allowed_rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """queries (q, d) float32 -> (scores, rows), each (q, n); rows -1 = none.

        `allowed_rows`: search only these chunk rows (filters).
        """
        return self.vectors.search(queries, n, allowed_rows)

    def chunk_vectors(self) -> np.ndarray:
        """(n, d) float32: the stored chunk vectors, for incremental rebuilds."""
        return np.array(self.vectors.vectors(), np.float32)


@contextlib.contextmanager
def build_lock(index_dir: Path):
    """One writer at a time per index folder. Raises StorageError (Swedish)
    when the folder cannot be written. Generations a killed or failed build
    left half-written are removed once the lock is held."""
    with contextlib.ExitStack() as stack:
        try:
            index_dir.mkdir(parents=True, exist_ok=True)
            stack.enter_context(exclusive_lock(index_dir / LOCK))
        except OSError as err:
            raise storage_error(err, index_dir, _WHAT) from None
        remove_leftovers(index_dir)
        yield


def check_index_writable(index_dir: Path) -> None:
    """Raise StorageError now if a build could not write `index_dir` (after
    removing what failed builds left, which may be what filled the disk)."""
    with build_lock(index_dir):
        check_writable(index_dir, _WHAT)


def remove_leftovers(index_dir: Path) -> None:
    """Half-written generations and pointers of builds that did not finish.
    Call with the build lock held (no build is running then)."""
    for child in index_dir.iterdir():
        if child.name.startswith(".tmp-gen-") and child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        elif child.name == f".{POINTER}.tmp":
            with contextlib.suppress(OSError):
                child.unlink()


def _article_json(a: Article) -> dict:
    return {
        **article_json(a), "fingerprint": a.fingerprint, "body": a.body, "date_note": a.date_note,
        **({"also_published_at": list(a.also_published_at)} if a.also_published_at else {}),
    }


def _article_from_json(d: dict) -> Article:
    return Article(
        id=d["id"], title=d["title"], municipality=d["municipality"],
        published=d["published"], updated=d["updated"], source=d["source"], path=d["path"],
        body=d["body"], fingerprint=d["fingerprint"], partners=tuple(d.get("partners", ())),
        date_note=d.get("date_note"), also_published_at=tuple(d.get("also_published_at", ())),
    )


def save_index(index_dir: Path, data: IndexData) -> Path:
    """Write `data` as a new generation and switch CURRENT to it atomically.

    Call inside `build_lock(index_dir)`. Returns the generation folder. On a
    full disk or a read-only folder nothing is left behind and StorageError
    (Swedish) is raised; the previous generation stays current.
    """
    gen = f"gen-{time.time_ns()}"
    tmp = index_dir / f".tmp-{gen}"
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        manifest = _write_generation(tmp, data)
        final = index_dir / gen
        os.rename(tmp, final)
    except OSError as err:
        shutil.rmtree(tmp, ignore_errors=True)
        raise storage_error(err, index_dir, _WHAT) from None
    try:
        replace_durable(index_dir / POINTER, gen.encode("ascii"))
    except OSError as err:
        shutil.rmtree(final, ignore_errors=True)
        raise storage_error(err, index_dir, _WHAT) from None
    data.manifest = manifest
    _remove_old_generations(index_dir, keep=gen)
    return final


def _write_generation(folder: Path, data: IndexData) -> dict:
    """Every file of a generation, fsynced; returns the manifest written."""
    write_durable(folder / "articles.json", json.dumps(
        [_article_json(a) for a in data.articles], ensure_ascii=False).encode("utf-8"))
    tables = {name: getattr(data, name).astype(np.int32) for name in _TABLES}
    tables.update(data.lexical.to_arrays())
    with durable_open(folder / "tables.npz") as fh:
        np.savez(fh, **tables)
    with durable_open(folder / "sentences.npy") as fh:
        np.save(fh, data.sentence_vectors.astype(np.float16))
    data.vectors.save(folder)
    manifest = dict(data.manifest)
    manifest["format"] = FORMAT
    manifest["lexical_version"] = lexical_version()
    manifest["index"] = data.vectors.describe()
    manifest["index_type"] = manifest["index"]["type"]
    manifest["files"] = {
        name: {"bytes": (folder / name).stat().st_size, "sha256": sha256_file(folder / name)}
        for name in _OWN_FILES + tuple(data.vectors.files)
    }
    write_durable(folder / "manifest.json",
                  json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    fsync_dir(folder)
    return manifest


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


def check_versions(index_dir: Path, manifest: dict) -> None:
    """Refuse an index this version cannot read as it was meant (IndexMismatch)."""
    found = (manifest.get("format"), manifest.get("lexical_version", 1))
    wanted = (FORMAT, lexical_version())
    if found != wanted:
        raise IndexMismatch(
            f"Indexet i {index_dir} byggdes av en annan version av assistenten (format "
            f"{found[0]}, termversion {found[1]}; den här versionen använder format "
            f"{wanted[0]}, termversion {wanted[1]}). Kör  assistant index --rebuild  för att "
            "bygga om det.")


def _unverified(folder: Path, files: dict) -> str | None:
    """The first file whose size or SHA-256 differs from the manifest, if any.

    Files are hashed in parallel (hashlib releases the GIL): the 480 MB of
    a 100,000-chunk index take 0.18 s instead of 0.35 s on two cores.
    """
    def ok(item) -> bool:
        name, meta = item
        path = folder / name
        return path.is_file() and path.stat().st_size == meta["bytes"] and \
            sha256_file(path) == meta["sha256"]

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
    check_versions(index_dir, manifest)
    bad = _unverified(folder, manifest.get("files", {}))
    if bad:
        raise IndexCorrupt(_corrupt_message(index_dir, f"{bad} stämmer inte med manifestet"))
    info = manifest.get("index", {})
    try:
        articles = [_article_from_json(d)
                    for d in json.loads((folder / "articles.json").read_text("utf-8"))]
        with np.load(folder / "tables.npz") as npz:
            tables = {k: npz[k] for k in npz.files}
        lexical_index = LexicalIndex.from_arrays({k: tables.pop(k) for k in list(tables)
                                                  if k.startswith("lex_")})
        # mapped, not read: a question touches a few hundred rows of it
        sentence_vectors = np.load(folder / "sentences.npy", mmap_mode="r")
        vectors = backend(info.get("backend", "faiss")).load(folder, info)
        data = IndexData(manifest=manifest, articles=articles, vectors=vectors,
                         sentence_vectors=sentence_vectors, lexical=lexical_index, **tables)
    except Exception as err:  # numpy, faiss and json each raise their own kinds
        raise IndexCorrupt(_corrupt_message(index_dir, err.__class__.__name__)) from None
    n, m = data.n_chunks, len(data.sent_start)
    if not (len(data.chunk_start) == n and len(data.sentence_vectors) == m
            and len(data.lexical.doc_len) == m
            and (n == 0 or int(data.chunk_article.max()) < len(articles))):
        raise IndexCorrupt(_corrupt_message(index_dir, "tabellerna har olika längd"))
    return data

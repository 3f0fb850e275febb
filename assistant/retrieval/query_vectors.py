"""The query vectors a searcher has made lately (`QueryVectors`): a
question's search and its evidence read the same vector, a repeated
question is not embedded again, and several waiting questions are embedded
in one call of the model (`prime`, web/answer_pool.py's batches)."""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from ..index.embedding import Embedder


class QueryVectors:
    """The last `size` query vectors, least recently used dropped first.
    Safe to call from several threads."""

    def __init__(self, embedder: Embedder, size: int = 256):
        self.embedder, self.size = embedder, size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.misses = 0  # questions embedded alone, not primed in a batch

    def __call__(self, text: str) -> np.ndarray:
        """(d,) float32 read-only query vector of `text`."""
        with self._lock:
            vec = self._vectors.get(text)
            if vec is not None:
                self._vectors.move_to_end(text)
                return vec
            self.misses += 1
        return self._keep([text], self.embedder.embed_queries([text]))[0]

    def clear(self) -> None:
        """Forget every kept vector (a benchmark's cold question)."""
        with self._lock:
            self._vectors.clear()

    def prime(self, texts: list[str]) -> int:
        """Embed those of `texts` not kept yet, all in one call; how many."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            self._keep(missing, self.embedder.embed_queries(missing))
        return len(missing)

    def _keep(self, texts: list[str], vectors: np.ndarray) -> list[np.ndarray]:
        kept = []
        with self._lock:
            for text, vec in zip(texts, vectors):
                vec = np.array(vec, np.float32)  # its own memory, not a view of the batch
                vec.setflags(write=False)
                self._vectors[text] = vec
                self._vectors.move_to_end(text)
                kept.append(vec)
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return kept

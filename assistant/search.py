"""Dense retrieval over the index: best chunk per article, with sentence scores."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .articles import Article
from .embedding import Embedder, canonical_model_name
from .errors import IndexMismatch
from .store import IndexData


@dataclass(frozen=True)
class SentenceScore:
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Hit:
    article: Article
    chunk_id: str
    start: int
    end: int
    score: float
    sentences: tuple[SentenceScore, ...]  # the chunk's sentences, in body order


def check_compatible(data: IndexData, embedder: Embedder) -> None:
    built = data.manifest.get("model")
    wanted = canonical_model_name(embedder.name)
    if built != wanted:
        raise IndexMismatch(
            f"Indexet byggdes med modellen {built}, men inställd modell är {wanted}. "
            f"Kör  assistant index --rebuild  för att bygga om indexet med {wanted}, "
            f"eller ställ in ASSISTANT_MODEL={built}.")
    if data.manifest.get("dimension") != embedder.dim:
        raise IndexMismatch(
            "Indexets vektorer har en annan dimension än modellen. "
            "Kör  assistant index --rebuild.")


class Searcher:
    def __init__(self, data: IndexData, embedder: Embedder):
        check_compatible(data, embedder)
        self.data = data
        self.embedder = embedder

    def search(self, question: str, k: int, candidates: int = 50) -> list[Hit]:
        """The best chunk of each of the `k` best-matching articles."""
        data = self.data
        if data.n_chunks == 0 or k <= 0:
            return []
        query = self.embedder.embed_queries([question])
        scores, rows = data.search(query, max(candidates, 4 * k))
        best: dict[int, tuple[float, int]] = {}
        for score, row in zip(scores[0].tolist(), rows[0].tolist()):
            if row < 0:
                continue
            art = int(data.chunk_article[row])
            if art not in best:
                best[art] = (score, row)
            if len(best) == k:
                break
        q = query[0].astype(np.float32)
        return [self._hit(row, score, q) for score, row in best.values()]

    def _hit(self, row: int, score: float, q: np.ndarray) -> Hit:
        d = self.data
        lo, hi = int(d.chunk_sent_lo[row]), int(d.chunk_sent_hi[row])
        sent_scores = d.sentence_vectors[lo:hi].astype(np.float32) @ q
        sentences = tuple(
            SentenceScore(int(d.sent_start[i]), int(d.sent_end[i]), float(s))
            for i, s in zip(range(lo, hi), sent_scores.tolist()))
        return Hit(
            article=d.articles[int(d.chunk_article[row])],
            chunk_id=d.chunk_id(row),
            start=int(d.chunk_start[row]),
            end=int(d.chunk_end[row]),
            score=float(score),
            sentences=sentences,
        )

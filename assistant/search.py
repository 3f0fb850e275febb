"""Hybrid retrieval: sentences scored by dense and Swedish BM25 evidence.

A sentence's score is

    w_sentence * cos(question, title + sentence)
  + w_chunk    * cos(question, best chunk containing the sentence)
  + w_lexical  * BM25(sentence) / max BM25 over the corpus
  + w_place    * [the question names the article's municipality]

Candidates are the sentences of the best FAISS chunks plus the best BM25
sentences, so a query costs one embedding, one FAISS search and a few
hundred dot products whatever the corpus size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .articles import Article
from .config import Settings
from .embedding import Embedder, canonical_model_name
from .errors import IndexMismatch
from .lexical import query_terms
from .store import IndexData

CANDIDATE_CHUNKS = 64
CANDIDATE_SENTENCES = 64


@dataclass(frozen=True)
class SentenceScore:
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Hit:
    article: Article
    chunk_id: str
    start: int  # the chunk's span in the body
    end: int
    score: float  # the best sentence's score
    sentences: tuple[SentenceScore, ...]  # best sentence and its neighbours, in body order


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
            "Indexets vektorer har en annan dimension än modellen. Kör  assistant index --rebuild.")


def place_pattern(name: str) -> re.Pattern:
    """Matches a municipality name and its genitive: Vårgårda, Vårgårdas."""
    return re.compile(rf"\b{re.escape(name.lower())}s?\b")


class Searcher:
    def __init__(self, data: IndexData, embedder: Embedder, settings: Settings):
        check_compatible(data, embedder)
        self.data = data
        self.embedder = embedder
        self.settings = settings
        # sentence -> the chunk that contains most of it, for sentences no
        # candidate chunk covers
        self._home_chunk = np.zeros(len(data.sent_start), np.int32)
        for row in range(data.n_chunks - 1, -1, -1):
            self._home_chunk[data.chunk_sent_lo[row]:data.chunk_sent_hi[row]] = row
        self._places = [[place_pattern(m) for m in a.municipalities] for a in data.articles]
        self.covered_places = frozenset(m.lower() for a in data.articles for m in a.municipalities)

    def mentioned_articles(self, question: str) -> set[int]:
        q = question.lower()
        return {i for i, pats in enumerate(self._places) if any(p.search(q) for p in pats)}

    def search(self, question: str, k: int) -> list[Hit]:
        """Up to `k` passages, best first, at most `per_article` per article."""
        d, s = self.data, self.settings
        if d.n_chunks == 0 or k <= 0:
            return []
        q = self.embedder.embed_queries([question])[0]
        chunk_scores, rows = d.search(q[None, :], CANDIDATE_CHUNKS)
        best_chunk: dict[int, tuple[float, int]] = {}  # sentence -> (chunk score, row)
        for cs, row in zip(chunk_scores[0].tolist(), rows[0].tolist()):
            if row < 0:
                continue
            for sent in range(d.chunk_sent_lo[row], d.chunk_sent_hi[row]):
                if sent not in best_chunk:
                    best_chunk[sent] = (cs, row)
        floor = float(chunk_scores[0][rows[0] >= 0].min())

        bm = d.lexical.scores(query_terms(question))
        top_bm = float(bm.max()) if len(bm) else 0.0
        lexical_pick = np.argsort(-bm)[:CANDIDATE_SENTENCES] if top_bm > 0 else []
        candidates = sorted(set(best_chunk) | {int(i) for i in lexical_pick if bm[i] > 0})
        places = self.mentioned_articles(question)

        def scores(sents: np.ndarray) -> np.ndarray:
            dense = d.sentence_vectors[sents].astype(np.float32) @ q
            chunk = np.array([best_chunk.get(int(i), (floor, 0))[0] for i in sents], np.float32)
            lexical = bm[sents] / top_bm if top_bm > 0 else 0.0
            place = np.array([d.sent_article[i] in places for i in sents], np.float32)
            return (s.w_sentence * dense + s.w_chunk * chunk + s.w_lexical * lexical
                    + s.w_place * place)

        cand = np.asarray(candidates, np.int64)
        fused = scores(cand)
        picked: list[int] = []
        per_article: dict[int, int] = {}
        for i in np.argsort(-fused).tolist():
            sent = int(cand[i])
            art = int(d.sent_article[sent])
            if per_article.get(art, 0) >= s.per_article or any(
                    abs(sent - p) <= 1 and d.sent_article[p] == art for p in picked):
                continue
            per_article[art] = per_article.get(art, 0) + 1
            picked.append(sent)
            if len(picked) == k:
                break
        return [self._hit(sent, best_chunk, scores) for sent in picked]

    def _hit(self, sent: int, best_chunk: dict, scores) -> Hit:
        d = self.data
        art = int(d.sent_article[sent])
        around = np.array([i for i in (sent - 1, sent, sent + 1)
                           if 0 <= i < len(d.sent_start) and d.sent_article[i] == art])
        around_scores = scores(around)
        row = best_chunk.get(sent, (0.0, int(self._home_chunk[sent])))[1]
        return Hit(
            article=d.articles[art],
            chunk_id=d.chunk_id(row),
            start=int(d.chunk_start[row]),
            end=int(d.chunk_end[row]),
            score=float(around_scores[list(around).index(sent)]),
            sentences=tuple(SentenceScore(int(d.sent_start[i]), int(d.sent_end[i]), float(v))
                            for i, v in zip(around.tolist(), around_scores.tolist())),
        )

"""Hybrid retrieval: sentences scored by dense and Swedish BM25 evidence.

A sentence's score is

    w_sentence * cos(question, title + sentence)
  + w_chunk    * cos(question, best chunk containing the sentence)
  + w_lexical  * BM25(sentence) / BM25 of a sentence holding every query term
  + w_answer_type * [the sentence has what the question asks for: a time,
                     a person's name, a number]

Candidates are the sentences of the best FAISS chunks plus the best BM25
sentences, so a query costs one embedding, one FAISS search and a few
hundred dot products whatever the corpus size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .articles import Article
from .config import Settings
from .embedding import Embedder, canonical_model_name
from .errors import IndexMismatch
from .evidence import expected_answer, has_answer_type, is_cross_article, named_places
from .lexical import is_english, query_terms, terms
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


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the `n` highest scores, unordered (O(m), not a full sort)."""
    if len(scores) <= n:
        return np.arange(len(scores))
    return np.argpartition(-scores, n)[:n]


def lexical_terms(question: str) -> dict[str, float]:
    """BM25 terms without the municipalities the question names: the
    municipality is in every embedded passage of its article, and a sentence
    that repeats the town name is no likelier to hold the answer (eval: MRR
    0.703 -> 0.730, held-out 0.654 -> 0.673, hit@3 unchanged)."""
    named = {t for place in named_places(question) for t in terms(place) + terms(place + "s")}
    return {t: w for t, w in query_terms(question).items() if t not in named}


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
        self.covered_places = frozenset(m.lower() for a in data.articles for m in a.municipalities)

    def searchable(self, question: str) -> bool:
        """Some word of the question (or a synonym) occurs in the articles."""
        vocab = self.data.lexical.vocab
        return is_english(question) or any(t in vocab for t in query_terms(question))

    def allowed_articles(self, municipality: str | None, year: int | None) -> set[int] | None:
        """Articles that pass the filters; None when there are no filters."""
        if not municipality and not year:
            return None
        wanted = (municipality or "").strip().lower()
        return {i for i, a in enumerate(self.data.articles)
                if (not wanted or wanted in (m.lower() for m in a.municipalities))
                and (not year or (a.date or "").startswith(str(year)))}

    def search(self, question: str, k: int, municipality: str | None = None,
               year: int | None = None) -> list[Hit]:
        """Up to `k` passages, best first, at most `per_article` per article
        (one per article for questions about several municipalities)."""
        d, s = self.data, self.settings
        allowed = self.allowed_articles(municipality, year)
        if d.n_chunks == 0 or k <= 0 or allowed == set():
            return []
        allowed_rows = None
        if allowed is not None:
            allowed_rows = np.flatnonzero(np.isin(d.chunk_article, list(allowed)))
        q = self.embedder.embed_queries([question])[0]
        chunk_scores, rows = d.search(q[None, :], CANDIDATE_CHUNKS, allowed_rows)
        best_chunk: dict[int, tuple[float, int]] = {}  # sentence -> (chunk score, row)
        for cs, row in zip(chunk_scores[0].tolist(), rows[0].tolist()):
            if row < 0:
                continue
            for sent in range(d.chunk_sent_lo[row], d.chunk_sent_hi[row]):
                if sent not in best_chunk:
                    best_chunk[sent] = (cs, row)
        if not best_chunk:
            return []
        floor = float(chunk_scores[0][rows[0] >= 0].min())

        query = lexical_terms(question)
        bm = d.lexical.scores(query)
        if allowed is not None:
            bm[~np.isin(d.sent_article, list(allowed))] = 0.0
        top_bm = d.lexical.ideal_score(query)
        lexical_pick = _top(bm, CANDIDATE_SENTENCES) if bm.max(initial=0) > 0 else []
        candidates = sorted(set(best_chunk) | {int(i) for i in lexical_pick if bm[i] > 0})
        # English questions share no words with the Swedish articles: BM25
        # only adds noise there (eval: English hit@3 1.0 without, 0.83 with).
        w_lexical = s.w_lexical_english if is_english(question) else s.w_lexical
        per_article_cap = 1 if is_cross_article(question) else s.per_article
        wanted = expected_answer(question)

        def scores(sents: np.ndarray) -> np.ndarray:
            dense = d.sentence_vectors[sents].astype(np.float32) @ q
            chunk = np.array([best_chunk.get(int(i), (floor, 0))[0] for i in sents], np.float32)
            lexical = bm[sents] / top_bm if top_bm > 0 else 0.0
            kind = np.array([wanted is not None and has_answer_type(self._text(i), wanted)
                             for i in sents], np.float32)
            return (s.w_sentence * dense + s.w_chunk * chunk + w_lexical * lexical
                    + s.w_answer_type * kind)

        cand = np.asarray(candidates, np.int64)
        fused = scores(cand)
        picked: list[int] = []
        per_article: dict[int, int] = {}
        for i in np.argsort(-fused).tolist():
            sent = int(cand[i])
            art = int(d.sent_article[sent])
            if per_article.get(art, 0) >= per_article_cap or any(
                    abs(sent - p) <= 1 and d.sent_article[p] == art for p in picked):
                continue
            per_article[art] = per_article.get(art, 0) + 1
            picked.append(sent)
            if len(picked) == k:
                break
        scored = dict(zip(cand.tolist(), fused.tolist()))
        return [self._hit(sent, best_chunk, scored, scores) for sent in picked]

    def _text(self, sent: int) -> str:
        d = self.data
        return d.articles[d.sent_article[sent]].body[d.sent_start[sent]:d.sent_end[sent]]

    def _hit(self, sent: int, best_chunk: dict, scored: dict[int, float], scores) -> Hit:
        """The passage around `sent`; `scored` holds the candidates' fused
        scores, and only neighbours outside them are scored here."""
        d = self.data
        art = int(d.sent_article[sent])
        around = [i for i in (sent - 1, sent, sent + 1)
                  if 0 <= i < len(d.sent_start) and d.sent_article[i] == art]
        missing = [i for i in around if i not in scored]
        if missing:
            scored.update(zip(missing, scores(np.asarray(missing, np.int64)).tolist()))
        row = best_chunk.get(sent, (0.0, int(self._home_chunk[sent])))[1]
        return Hit(
            article=d.articles[art],
            chunk_id=d.chunk_id(row),
            start=int(d.chunk_start[row]),
            end=int(d.chunk_end[row]),
            score=float(scored[sent]),
            sentences=tuple(SentenceScore(int(d.sent_start[i]), int(d.sent_end[i]), float(scored[i]))
                            for i in around),
        )

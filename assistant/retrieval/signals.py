"""Candidates of a question and their signals, one row per sentence.

Candidates are the sentences of the best FAISS chunks plus the best BM25
sentences, so a query costs one embedding, one FAISS search and a few
hundred dot products whatever the corpus size. Each candidate gets one row
of `SIGNALS` (assistant/ranking.py):

    dense        cos(question, title + sentence)
    chunk        cos(question, best candidate chunk containing the sentence)
    lexical      BM25(sentence) / BM25 of a sentence holding every query term
    answer_type  1 if the sentence has what the question asks for (a time,
                 a person's name, a number), else 0
    role         1 if the question asks who holds a role and the sentence
                 names that role and a person (or, for a Swedish question,
                 the holder of the role the sentence before names), else 0
    outcome      1 if the question asks for a gain or result and the
                 sentence has an outcome word, else 0
    fact         1 if the sentence holds a fact of the kind the question
                 asks for (kinds.py: a number before the counted word, a
                 sum, a date, a name), else 0; for how long a thing holds,
                 0.5 for a date that tells no end or span
    plan         1 if the question asks what comes next and the sentence
                 tells what is started, planned or will be done, else 0
    reason       1 if the question asks why and the sentence states a cause
                 or purpose by a causal connective (`states_reason`), else 0
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..index.store import IndexData
from ..ranking import RankingSettings
from .evidence import has_answer_type, has_outcome, names_role
from .fact_heads import UNTIL, holds_head
from .kinds import holds_kind
from .persons import holder_next, names_holder
from .plans import tells_plan
from .query import Query
from .role_questions import Asked, asked_role

# A why-question: "Varför ...", "Vad var anledningen/orsaken/syftet ...", "why".
_WHY_Q = re.compile(
    r"^\s*(?:varför|why)\b|\b(?:av vilken (?:anledning|orsak)|vad (?:var|är) (?:anledningen|"
    r"orsaken|skälet|syftet|bakgrunden)|vad (?:låg|ligger) bakom|vad berodde|vad beror|"
    r"what (?:caused|led to|was the reason)|for what reason)\b", re.IGNORECASE)
# A cause or purpose stated by a causal connective. Not "för att" nor "så
# att" (as often a plain infinitive or result as a purpose), nor "då"; a
# reason named ("Det främsta skälet till ...", "Skälet är att ...", "... som
# skäl till att"), not a condition ("om inte särskilda skäl finns") nor none
# ("inga skäl till att ändra"); a reason cited ("tackade nej med hänvisning till ...")
_REASON = re.compile(
    r"\b(?:eftersom|därför|på grund av|till följd av|med anledning av|anledning\w*|orsak\w*|"
    r"bakgrund\w*|förklaring\w*|(?<!inga )skäl(?:et|en)? till|skäl(?:et|en) (?:är|var)|"
    r"som skäl|beror på|berodde på|syftar till|syftet|i syfte att|med hänvisning till)\b",
    re.IGNORECASE)


def asks_reason(question: str) -> bool:
    """The question asks why something is or was done."""
    return bool(_WHY_Q.search(question))


def states_reason(text: str) -> bool:
    """The sentence states a cause or purpose by a causal connective."""
    return bool(_REASON.search(text))


@dataclass(frozen=True)
class Candidates:
    sentences: np.ndarray  # (n,) int64 sentence rows, ascending
    best_chunk: dict[int, tuple[float, int]]  # sentence -> (chunk score, chunk row)
    floor: float  # chunk score of sentences no candidate chunk covers
    bm25: np.ndarray  # (m,) float32 BM25 of every sentence, 0 outside the filters
    ideal: float  # BM25 of a typical sentence holding each query term once


def top(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the `n` highest scores, unordered (O(m), not a full sort)."""
    if len(scores) <= n:
        return np.arange(len(scores))
    return np.argpartition(-scores, n)[:n]


def article_mask(n: int, allowed=None, exclude=None) -> np.ndarray:
    """(n,) bool over the articles: those of `allowed` (None: all), less
    those of `exclude`."""
    if allowed is None:
        keep = np.ones(n, bool)
    else:
        keep = np.zeros(n, bool)
        keep[np.fromiter(allowed, np.int64, len(allowed))] = True
    if exclude:
        keep[np.fromiter(exclude, np.int64, len(exclude))] = False
    return keep


def gather(data: IndexData, qvec: np.ndarray, query: Query, ranking: RankingSettings,
           keep: np.ndarray | None = None) -> Candidates | None:
    """The candidates of `query` (`qvec`: its (d,) float32 embedding);
    `keep`: the articles that pass the filters (`article_mask`), None for
    all. None when no chunk qualifies."""
    allowed_rows = None
    if keep is not None:  # the mask read through each row's article
        allowed_rows = np.flatnonzero(keep[data.chunk_article])
    chunk_scores, rows = data.search(qvec[None, :], ranking.candidate_chunks, allowed_rows)
    best_chunk: dict[int, tuple[float, int]] = {}
    for cs, row in zip(chunk_scores[0].tolist(), rows[0].tolist()):
        if row < 0:
            continue
        for sent in range(data.chunk_sent_lo[row], data.chunk_sent_hi[row]):
            if sent not in best_chunk:
                best_chunk[sent] = (cs, row)
    if not best_chunk:
        return None
    floor = float(chunk_scores[0][rows[0] >= 0].min())
    bm = data.lexical.scores(query.terms, ranking.k1, ranking.b)
    if keep is not None:
        bm[~keep[data.sent_article]] = 0.0
    ideal = data.lexical.ideal_score(query.terms)
    lexical_pick = top(bm, ranking.candidate_sentences) if bm.max(initial=0) > 0 else []
    sentences = sorted(set(best_chunk) | {int(i) for i in lexical_pick if bm[i] > 0})
    return Candidates(np.asarray(sentences, np.int64), best_chunk, floor, bm, ideal)


def _holder_after(data: IndexData, sent: int, text: str, asked: Asked,
                  places: frozenset[str]) -> bool:
    """Sentence row `sent` (`text`) names the holder of the role the sentence before it in
    its article names ("Med den nya verksamhetschefen ... Tjänsten går till NN")."""
    return (sent > 0 and int(data.sent_article[sent - 1]) == int(data.sent_article[sent])
            and holder_next(sentence_text(data, sent - 1), text, asked, places))


# the fact signal of a date that tells no end or span, when how long a thing holds is asked
_OTHER = 0.5


def sentence_text(data: IndexData, sent: int) -> str:
    return data.articles[data.sent_article[sent]].body[data.sent_start[sent]:data.sent_end[sent]]


def signal_matrix(data: IndexData, cands: Candidates, qvec: np.ndarray, query: Query,
                  sents: np.ndarray, ranking: RankingSettings | None = None,
                  places: tuple[tuple[str, ...], ...] | None = None) -> np.ndarray:
    """(len(sents), len(SIGNALS)) float32 signals of sentence rows `sents`
    (candidates or not: a sentence outside the candidate chunks gets the
    floor as its chunk score)."""
    dense = data.sentence_vectors[sents].astype(np.float32) @ qvec
    chunk = np.array([cands.best_chunk.get(int(i), (cands.floor, 0))[0] for i in sents],
                     np.float32)
    if cands.ideal > 0:
        lexical = cands.bm25[sents] / cands.ideal
    else:
        lexical = np.zeros(len(sents), np.float32)
    none = np.zeros(len(sents), np.float32)
    why = asks_reason(query.text)
    wanted = (query.answer_type is not None or bool(query.roles) or bool(query.outcome)
              or query.fact is not None or query.next_step or why)
    texts = [sentence_text(data, int(i)) for i in sents] if wanted else []  # read only if needed
    kind = none if query.answer_type is None else np.array(
        [has_answer_type(t, query.answer_type, bool(query.roles)) for t in texts], np.float32)
    if query.roles and ranking is not None and ranking.role_bound:
        asked = asked_role(query.text, query.roles, query.places, query.english)
        where = places or tuple(tuple(a.municipalities) for a in data.articles)
        # a holder named next lifts a Swedish question's only: two English questions on a
        # shared head fell with it, a deputy's "I Säter går uppdraget till NN" lifted
        nextone = not query.english
        role = none if asked is None else np.array(
            [names_holder(t, asked, at) or (nextone and _holder_after(data, int(i), t, asked, at))
             for t, i in zip(texts, sents)
             for at in [frozenset(where[int(data.sent_article[i])])]], np.float32)
    else:
        role = none if not query.roles else np.array(
            [names_role(t, query.roles) for t in texts], np.float32)
    outcome = none if not query.outcome else np.array([has_outcome(t) for t in texts], np.float32)
    fact = none if query.fact is None else np.array(
        [holds_kind(t, query.fact, query.counted, query.agent, query.grain) for t in texts], np.float32)
    if query.span and query.fact is not None:  # how long a thing holds: its end or span
        fact = fact * np.array([1.0 if any(holds_head(t.lower(), h) for h in UNTIL) else _OTHER
                                for t in texts], np.float32)  # over another date
    plan = none if not query.next_step else np.array([tells_plan(t) for t in texts], np.float32)
    reason = none if not why else np.array([states_reason(t) for t in texts], np.float32)
    return np.stack([dense, chunk, lexical.astype(np.float32), kind, role, outcome, fact, plan,
                     reason], axis=1)

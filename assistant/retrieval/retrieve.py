"""Retrieval for one question, in one call (`retrieve`): the hits, the
articles the question is about (focus), the evidence and the answerability
decision, and, when the articles about the place named do not answer, the
passages from elsewhere. The pipeline (answering/pipeline.py) calls it
once per question with the query it analysed once."""

from __future__ import annotations

from dataclasses import dataclass

from ..ranking import RankingSettings
from .answerability import TOP, Decision, Evidence, Model, decide, measure
from .query import Query
from .searcher import Hit, Searcher

ELSEWHERE = 2  # passages from other municipalities' articles shown with a decline


@dataclass(frozen=True)
class Scope:
    """What the search is limited to and how much of it is kept."""

    k: int  # quotes in the answer
    depth: int = 0  # hits kept for the evaluation
    municipality: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Found:
    hits: tuple[Hit, ...]  # best first, up to max(k, depth, TOP)
    focused: frozenset[int]  # the articles about the municipalities the question names
    evidence: Evidence | None = None  # what the decision read; None: not measured
    decision: Decision | None = None  # None: not judged (an article's own metadata answers)
    elsewhere: tuple[Hit, ...] = ()  # from other articles, when the focused ones decline

    @property
    def declined(self) -> bool:
        return bool(self.decision and self.decision.code)


def retrieve(searcher: Searcher, query: Query, scope: Scope, ranking: RankingSettings,
             model: Model | None, threshold: float, judge_found: bool = True) -> Found:
    """Search, then judge whether the hits answer (`judge_found` False: a
    question about an article's own front matter is answered from the first
    hit without judging, when there is one)."""
    hits = tuple(searcher.search(query, max(scope.k, scope.depth, TOP), scope.municipality,
                                 scope.year, ranking))
    filtered = bool(scope.municipality or scope.year)
    focused = frozenset() if filtered else frozenset(searcher.focused_articles(query, ranking))
    if hits and not judge_found:
        return Found(hits, focused)
    evidence = measure(searcher, query, list(hits), searcher.embed(query.text),
                       bool(focused)) if hits else None
    decision = decide(query, list(hits), evidence, searcher.covered_places,
                      searcher.searchable(query, ranking), model, threshold)
    elsewhere = ()
    if decision.code and focused:  # what other municipalities' articles say, labelled
        elsewhere = tuple(searcher.search(query, ELSEWHERE, ranking=ranking, exclude=set(focused)))
    return Found(hits, focused, evidence, decision, elsewhere)

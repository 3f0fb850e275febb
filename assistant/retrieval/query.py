"""The question, analysed once: every later step reads this record.

Made by `analyse` after follow-up resolution; search, answer, render and
the chat read its fields instead of classifying the question again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from ..evidence import expected_answer, is_cross_article
from ..places import question_places
from ..lexical import is_english, query_terms, terms
from .settings import RankingSettings

DEFAULT_RANKING = RankingSettings()


@dataclass(frozen=True)
class Query:
    text: str  # the question searched for (a follow-up already resolved)
    places: tuple[str, ...]  # municipalities it names, official spelling, sorted
    english: bool
    cross_article: bool  # about several municipalities: one passage from each
    answer_type: str | None  # 'time', 'person', 'number' or None (evidence.py)
    # BM25 terms -> weight: its own stemmed words 1.0, synonyms less
    terms: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def language(self) -> str:
        return "en" if self.english else "sv"


def analyse(text: str, ranking: RankingSettings = DEFAULT_RANKING) -> Query:
    """The query record of a cleaned (and resolved) question."""
    places = tuple(sorted(question_places(text)))
    weighted = query_terms(text, ranking.synonym_weight)
    if not ranking.places_in_bm25:
        named = {t for place in places for t in terms(place) + terms(place + "s")}
        weighted = {t: w for t, w in weighted.items() if t not in named}
    return Query(text=text, places=places, english=is_english(text),
                 cross_article=is_cross_article(text), answer_type=expected_answer(text),
                 terms=MappingProxyType(weighted))

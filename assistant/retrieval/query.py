"""The question, analysed once: every later step reads this record.

Made by `analyse` after follow-up resolution; search, answer, render and
the chat read its fields instead of classifying the question again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from ..ranking import RankingSettings
from ..swedish.places import question_places
from ..swedish.words import is_english, query_terms, terms
from .english_heads import english_heads
from .evidence import (asked_roles, asks_outcome, expected_answer, is_cross_article,
                       wants_time_after_preposition)
from .fact_heads import UNTIL, asked_heads
from .kinds import asked_grain
from .question_kinds import asked_agent, asked_kind, asks_decision, counted_noun
from .plans import asks_next

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
    roles: tuple[str, ...] = ()  # the role a who-question asks about, Swedish ('socialchef')
    outcome: bool = False  # asks what something gained, gave or led to
    # the kind of fact asked (question_kinds.asked_kind: 'count', 'amount', 'date' ...),
    # read by the answerability evidence; `fact`: the same when the ranking
    # lifts sentences holding one (RankingSettings.fact_kinds)
    kind: str | None = None
    fact: str | None = None
    # what a count question counts (question_kinds.counted_noun), and whether a
    # who-question may be answered by a body (question_kinds.asked_agent)
    counted: tuple[str, ...] = ()
    agent: bool = False
    grain: str | None = None  # of a date, a law or a name asked (kinds.asked_grain)
    next_step: bool = False  # asks what comes next (plans.py)
    decision: bool = False  # asks what a body decided (question_kinds.asks_decision)
    # what names the event, sum, person or study asked (fact_heads.asked_heads; an English
    # question's: english_heads), read by the answerability evidence and the ranking
    heads: tuple[str | re.Pattern, ...] = ()

    @property
    def span(self) -> bool:
        """Asks how long a thing holds: told by its end or span (fact_heads.UNTIL)."""
        return self.heads == UNTIL

    @property
    def language(self) -> str:
        return "en" if self.english else "sv"


def analyse(text: str, ranking: RankingSettings = DEFAULT_RANKING,
            covered: frozenset[str] = frozenset()) -> Query:
    """The query record of a cleaned (and resolved) question; `covered`: the
    municipalities some article is about (their names may be misspelt)."""
    places = tuple(sorted(question_places(text, covered if ranking.focus else frozenset())))
    weighted = query_terms(text, ranking.synonym_weight)
    if not ranking.places_in_bm25:
        named = {t for place in places for t in terms(place) + terms(place + "s")}
        weighted = {t: w for t, w in weighted.items() if t not in named}
    english = is_english(text)
    answer_type = expected_answer(text)
    if answer_type is None and ranking.time_after_preposition and wants_time_after_preposition(text):
        answer_type = "time"
    kind = asked_kind(text)
    fact = kind if ranking.w_fact and kind in ranking.fact_kinds else None
    # the kind, what a count counts and the agent, once: the ranking's fact
    # signal and the answerability evidence read them
    counted = counted_noun(text) if kind == "count" else ()
    heads = (english_heads if english else asked_heads)(text, kind)
    return Query(text=text, places=places, english=english,
                 cross_article=is_cross_article(text), answer_type=answer_type,
                 terms=MappingProxyType(weighted), roles=asked_roles(text, english),
                 outcome=asks_outcome(text), kind=kind, fact=fact, counted=counted,
                 agent=kind == "person" and asked_agent(text),
                 grain=asked_grain(text, kind), next_step=asks_next(text),
                 decision=asks_decision(text), heads=heads)

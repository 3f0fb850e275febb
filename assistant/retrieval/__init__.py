"""Retrieval, in the order a question meets it: the query record (query.py),
its candidates and their signals (signals.py), fusion and selection
(fusion.py), the evidence a passage must show (evidence.py) and the places
the corpus covers (coverage.py), all tuned by one settings record
(assistant/ranking.py). The searcher that runs them over a loaded index is
`searcher.Searcher`; one question's retrieval, decision included, is
`retrieve.retrieve`. Imports index, corpus, swedish, config and errors."""

from ..ranking import SIGNALS, RankingSettings
from .fusion import fuse, pick, pick_unquoted
from .query import Query, analyse

__all__ = ["Query", "analyse", "RankingSettings", "SIGNALS", "fuse", "pick", "pick_unquoted"]

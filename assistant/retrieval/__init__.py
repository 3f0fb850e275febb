"""Retrieval, in the order a question meets it: the query record (query.py),
its candidates and their signals (signals.py), fusion and selection
(fusion.py), all tuned by one settings record (settings.py). The searcher
that runs them over a loaded index is `assistant.search.Searcher`."""

from .fusion import fuse, pick, pick_unquoted
from .query import Query, analyse
from ..ranking import SIGNALS, RankingSettings

__all__ = ["Query", "analyse", "RankingSettings", "SIGNALS", "fuse", "pick", "pick_unquoted"]

"""A question as an entry point hands it to the pipeline (`Ask`), and the one
check of what it carries (`check`): the question's length and text, the
filters, the number of quotes. The chat, /api/ask, the CLI, /healthz and the
evaluation all build an `Ask`; nothing else validates a question or a filter.

`check` is cheap (no pattern runs on an over-long question): entry points
with a queue call it before queueing, and the pipeline calls it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import BadQuestion
from ..ranking import RankingSettings
from .questions import clean_question

# Where a question comes from; observers (metrics, the gaps report) decide by
# it. "library": a Python caller (tests, scripts, bench) through Assistant.ask.
SOURCES = frozenset({"chat", "api", "cli", "health", "eval", "library"})
MAX_FILTER_CHARS = 100
MAX_K = 10
NOT_A_YEAR = "Året måste vara ett årtal, till exempel 2019."


@dataclass(frozen=True)
class Ask:
    """One question as sent: nothing in it is trusted until `check`."""

    question: object
    source: str
    k: int | None = None  # at most this many quotes (1-10); None: the default
    municipality: object = None  # a filter, as sent
    year: object = None  # a filter, as sent: 2019 or "2019"
    history: tuple = ()  # the conversation's earlier questions, oldest first
    depth: int = 0  # also return the best `depth` hits (the evaluation's MRR@10)
    ranking: RankingSettings | None = None  # replaces the settings' ranking (evaluation)

    def __post_init__(self):
        if self.source not in SOURCES:
            raise ValueError(f"unknown source {self.source!r}")


@dataclass(frozen=True)
class Checked:
    """An `Ask` after `check`: the question cleaned, the filters usable."""

    request: Ask
    question: str  # NFC, control characters removed, whitespace folded
    municipality: str | None
    year: int | None
    k: int | None  # None: the default for the question (the pipeline decides)
    history: tuple[str, ...]  # still to be screened for personal data

    @property
    def selection(self) -> str | None:
        """The filters asked with, as a decline names them ("Tranemo 2019")."""
        return " ".join(str(x) for x in (self.municipality, self.year) if x) or None


def check(request: Ask, max_chars: int) -> Checked:
    """Raises BadQuestion with a Swedish message for a question that is not
    text, too long or empty, a filter that is not text or too long, a year
    that is not one."""
    question = clean_question(request.question, max_chars)
    municipality, year = check_filters(request.municipality, request.year)
    k = request.k or None  # 0 or None: the default for the question
    if k is not None and (isinstance(k, bool) or not isinstance(k, int)):
        raise BadQuestion(f"Antalet citat måste vara ett heltal mellan 1 och {MAX_K}.")
    history = tuple(h for h in request.history or () if isinstance(h, str))
    return Checked(request, question, municipality, year, k, history)


def check_filters(municipality, year) -> tuple[str | None, int | None]:
    """The municipality and year filters as the search uses them. Raises BadQuestion."""
    if municipality is not None and not isinstance(municipality, str):
        raise BadQuestion("Kommunfiltret måste vara text.")
    if municipality is not None and len(municipality) > MAX_FILTER_CHARS:
        raise BadQuestion(f"Kommunfiltret är för långt (högst {MAX_FILTER_CHARS} tecken).")
    municipality = " ".join((municipality or "").split()) or None
    if year in (None, ""):
        return municipality, None
    if isinstance(year, bool) or not isinstance(year, (int, str)):
        raise BadQuestion(NOT_A_YEAR)
    if isinstance(year, str) and len(year) > MAX_FILTER_CHARS:
        raise BadQuestion(f"Året är för långt (högst {MAX_FILTER_CHARS} tecken).")
    try:
        year = int(year)
    except ValueError:
        raise BadQuestion(NOT_A_YEAR) from None
    if not 1900 <= year <= 2100:
        raise BadQuestion(NOT_A_YEAR)
    return municipality, year

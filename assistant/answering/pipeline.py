"""The assistant as one object: settings, loaded index, model, and `ask`."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import Settings
from ..corpus.articles import Article
from ..errors import AssistantError, BadQuestion, IndexMismatch
from ..index.build import BuildSummary, update_index
from ..index.embedding import Embedder, load_embedder
from ..index.stores import open_store
from ..retrieval import RankingSettings
from ..index.embedding import canonical_model_name
from ..retrieval.answerability import TOP, Evidence, WordVectors, decide, measure, model_for
from ..retrieval.searcher import Hit, Searcher
from .answer import Answer, Metadata, build_answer, to_passage
from .followup import resolve
from .metadata import asked_metadata
from .questions import clean_question

log = logging.getLogger(__name__)

# The default, for readers of the old constant (RankingSettings holds it).
CROSS_ARTICLE_K = RankingSettings().cross_article_k


@dataclass(frozen=True)
class Asked:
    """An answer and the ranking it was built from."""

    answer: Answer
    ranked: tuple[Hit, ...]  # up to max(k, depth) hits, best first; the answer quotes the first k
    evidence: Evidence | None = None  # what the answerability decision read


class Assistant:
    """Loads the index once; `ask` is safe to call from several threads.

    A new index generation written by `assistant index` is picked up by the
    next question (checked at most once a second); a damaged one is logged
    and the loaded index keeps serving.
    """

    RELOAD_CHECK_SECONDS = 1.0

    def __init__(self, settings: Settings, embedder: Embedder | None = None, store=None):
        self.settings = settings
        self.store = store or open_store(settings)  # first: an unreachable database fails fast
        self.embedder = embedder or load_embedder(settings.model, settings.threads)
        self.word_vectors = WordVectors(self.embedder)
        # fitted for the default model only; another declines on its score floor
        self.answerability = model_for(canonical_model_name(self.embedder.name))
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._checked_at = 0.0
        self.searcher: Searcher | None = None
        self.reload()

    @classmethod
    def open(cls, settings: Settings, build_if_missing: bool = False) -> "Assistant":
        store = open_store(settings)
        embedder = load_embedder(settings.model, settings.threads)
        if build_if_missing and store.generation() is None:
            summary, _ = update_index(settings, embedder)
            log.info("index built: %s", summary.line())
        return cls(settings, embedder, store)

    @property
    def index_dir(self) -> Path:
        return self.settings.index_dir

    def reload(self) -> bool:
        """Load the current index generation if it changed. True if it did."""
        gen = self.store.generation()
        if gen is not None and gen == self._generation:
            return False
        data = self.store.load()
        if hasattr(data, "generation"):  # the database snapshot's own counter
            gen = str(data.generation)
        searcher = Searcher(data, self.embedder, self.settings, self.word_vectors)
        with self._lock:
            self.searcher, self._generation = searcher, gen
        log.info("index loaded: %s (%d articles, %d chunks)", gen, len(data.articles), data.n_chunks)
        return True

    def maybe_reload(self) -> None:
        now = time.monotonic()
        if now - self._checked_at < self.RELOAD_CHECK_SECONDS:
            return
        self._checked_at = now
        try:
            self.reload()
        except AssistantError as err:
            log.error("new index not loaded, still serving %s: %s", self._generation, err)

    def ask(self, question: str, k: int | None = None, municipality: str | None = None,
            year: int | None = None, history: list[str] | tuple[str, ...] = (),
            ranking: RankingSettings | None = None) -> Answer:
        """Answer `question`; `history` holds the conversation's earlier questions."""
        return self.ask_ranked(question, k, municipality, year, history, ranking=ranking).answer

    def ask_ranked(self, question: str, k: int | None = None, municipality: str | None = None,
                   year: int | None = None, history: list[str] | tuple[str, ...] = (),
                   depth: int = 0, ranking: RankingSettings | None = None) -> Asked:
        """`ask`, also returning the best `depth` hits (for evaluation);
        `ranking` replaces the settings' ranking for this question only."""
        self.maybe_reload()
        ranking = ranking or self.settings.ranking
        question = clean_question(question, self.settings.max_question_chars)
        municipality, year = check_filters(municipality, year)
        resolved = resolve_follow_up(question, history, self.settings.max_question_chars)
        with self._lock:  # one index for the whole question, even if a reload lands
            searcher = self.searcher
        query = searcher.query(resolved, ranking)
        # questions about several municipalities get one passage from each of more
        default_k = ranking.cross_article_k if query.cross_article else self.settings.top_k
        k = max(1, min(int(k or default_k), 10))
        hits = searcher.search(query, max(k, depth, TOP), municipality, year, ranking)
        asked = asked_metadata(query.text)
        if asked and hits:  # about the article itself: its front matter, not a quote
            answer = Answer(question, False, (), query=query,
                            metadata=Metadata(hits[0].article, asked),
                            interpreted_as=resolved if resolved != question else None)
            return Asked(answer, tuple(hits))
        focused = searcher.focused_articles(query, ranking) if not (municipality or year) else set()
        measured = measure(searcher, query, hits, searcher.embed(query.text), bool(focused)) \
            if hits else None
        decision = decide(query, hits, measured, searcher.covered_places,
                          searcher.searchable(query, ranking), self.answerability,
                          self.threshold(ranking))
        selection = " ".join(str(x) for x in (municipality, year) if x) or None
        answer = build_answer(query, hits[:k], decision, ranking, selection)
        if answer.no_answer and focused:  # what other municipalities' articles say, labelled
            others = searcher.search(query, 2, ranking=ranking, exclude=focused)
            answer = replace(answer, elsewhere=tuple(to_passage(h, ranking) for h in others))
        answer = replace(answer, question=question,
                         interpreted_as=resolved if resolved != question else None)
        return Asked(answer, tuple(sorted(hits, key=lambda h: -h.score))[:max(k, depth)],
                     measured)

    def threshold(self, ranking: RankingSettings | None = None) -> float:
        """The best passage score below which the assistant declines."""
        ranking = ranking or self.settings.ranking
        if ranking.min_score is not None:
            return ranking.min_score
        return self.embedder.min_score

    @property
    def min_score(self) -> float:
        return self.threshold()

    def municipalities(self) -> list[str]:
        """Municipalities the loaded articles are about, for filter menus."""
        names = {m for a in self.searcher.data.articles for m in a.municipalities}
        return sorted(names, key=str.lower)

    def years(self) -> list[int]:
        return sorted({int(a.date[:4]) for a in self.searcher.data.articles if a.date}, reverse=True)

    def stats(self) -> dict:
        data = self.searcher.data
        return {"articles": len(data.articles), "chunks": data.n_chunks,
                "model": data.manifest.get("model"), "built_at": data.manifest.get("built_at"),
                "generation": self._generation}


def loaded_articles(assistant) -> tuple[Article, ...]:
    """The articles of the index loaded now (a newer generation is picked up)."""
    assistant.maybe_reload()
    return tuple(assistant.searcher.data.articles)


def check_filters(municipality, year) -> tuple[str | None, int | None]:
    """Validate filter values from a user or an API client. Raises BadQuestion."""
    if municipality is not None and not isinstance(municipality, str):
        raise BadQuestion("Kommunfiltret måste vara text.")
    municipality = " ".join((municipality or "").split())[:100] or None
    if year in (None, ""):
        return municipality, None
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise BadQuestion("Året måste vara ett årtal, till exempel 2019.") from None
    if not 1900 <= year <= 2100:
        raise BadQuestion("Året måste vara ett årtal, till exempel 2019.")
    return municipality, year


def resolve_follow_up(question: str, history, max_chars: int) -> str:
    """The full question a follow-up like "Och i Tranemo?" stands for."""
    resolved: list[str] = []
    for earlier in history or ():
        try:
            resolved.append(resolve(clean_question(earlier, max_chars), resolved))
        except BadQuestion:
            continue
    return resolve(question, resolved)


__all__ = ["Assistant", "Asked", "update_index", "BuildSummary", "IndexMismatch"]

"""The question pipeline: one `ask`, in ordered steps, that every entry
point calls (the chat, /api/ask, `assistant ask`, /healthz, the evaluation),
and the assistant whose live index it answers from (`Assistant`).

    ask(assistant, Ask(question, source, ...), observers)
    admit: the steps that need no index
      1. check      the request, once: length, text, filters, k (request.py)
      2. screen     personal data, for every source (screening.py)
      3. resolve    a follow-up ("Och i Tranemo?") with the earlier questions
    answer:
      4. snapshot   one generation of the live index for the whole question
      5. analyse    the question into its query record, once
      6. retrieve   hits, focus, evidence, decision, passages from elsewhere (retrieval/retrieve.py)
      7. compose    quotes, an article's metadata, or a typed decline (answer.py)
      8. observe    each observer is told; it decides by the request's source

Observers are callables taking an `Observed` (governance/metrics.py,
editors/gaps.py); web/ and cli/ pass them in, so this wing imports neither.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..config import Settings
from ..corpus.articles import Article
from ..errors import AssistantError, BadQuestion, IndexMismatch, PersonalData
from ..index.build import BuildSummary, update_index
from ..index.embedding import Embedder, canonical_model_name, load_embedder
from ..index.stores import open_store
from ..retrieval import RankingSettings
from ..retrieval.answerability import Evidence, model_for
from ..retrieval.question_words import WordVectors
from ..retrieval.retrieve import Found, Scope, retrieve
from ..retrieval.searcher import Hit, Searcher
from .answer import Answer, Metadata, build_answer
from .followup import resolve
from .metadata import asked_metadata
from .questions import clean_question
from .request import MAX_K, Ask, Checked, check
from .screening import screen, screen_resolved

log = logging.getLogger(__name__)

# The default, for readers of the old constant (RankingSettings holds it).
CROSS_ARTICLE_K = RankingSettings().cross_article_k


@dataclass(frozen=True)
class Observed:
    """What an observer is told about one question: its answer, or the
    personal-data refusal (never the question's values), and how long it took."""

    request: Ask
    answer: Answer | None = None
    refusal: PersonalData | None = None
    seconds: float = 0.0


Observer = Callable[[Observed], None]


@dataclass(frozen=True)
class Admitted:
    """A question past the steps that need no index (1-3): it may be searched."""

    checked: Checked
    resolved: str  # the full question a follow-up stands for (else the question)


def ask(assistant: "Assistant", request: Ask, observers: Iterable[Observer] = ()) -> "Asked":
    """Answer one question: `admit`, then `answer`. Raises BadQuestion
    (PersonalData too) with a Swedish message for a question that cannot
    be asked, AssistantError when the index cannot answer."""
    return answer(assistant, admit(request, assistant.settings, observers), observers)


def admit(request: Ask, settings: Settings, observers: Iterable[Observer] = ()) -> Admitted:
    """Steps 1-3, which need no index (the CLI refuses before loading the model)."""
    max_chars = settings.max_question_chars
    checked = check(request, max_chars)                                         # 1
    try:
        history = screen(checked, max_chars)                                    # 2
        resolved = resolve_follow_up(checked.question, history, max_chars)      # 3
        screen_resolved(resolved)
    except PersonalData as refusal:
        _tell(observers, Observed(request, refusal=refusal))
        raise
    return Admitted(checked, resolved)


def answer(assistant: "Assistant", admitted: Admitted,
           observers: Iterable[Observer] = ()) -> "Asked":
    """Steps 4-8 for an admitted question: 4-7 by `assistant.compute` (in a
    worker process when the server has an answer pool, web/answer_pool.py),
    8 here, where the observers' state is."""
    started = time.perf_counter()
    asked = assistant.compute(admitted)                                         # 4-7
    _tell(observers, Observed(admitted.checked.request, asked.answer,            # 8
                              seconds=time.perf_counter() - started))
    return asked


def compute(assistant: "Assistant", admitted: Admitted, searcher: Searcher | None = None,
            query=None) -> "Asked":
    """Steps 4-7: the answer from one generation of the index (`searcher`
    and `query`: steps 4 and 5 already done, by `compute_batch`)."""
    checked, resolved = admitted.checked, admitted.resolved
    request, settings = checked.request, assistant.settings
    searcher = searcher or assistant.snapshot()                                 # 4
    ranking = request.ranking or settings.ranking
    query = query if query is not None else searcher.query(resolved, ranking)   # 5
    # questions about several municipalities get one passage from each of more
    default_k = ranking.cross_article_k if query.cross_article else settings.top_k
    scope = Scope(max(1, min(int(checked.k or default_k), MAX_K)), request.depth,
                  checked.municipality, checked.year)
    asked = asked_metadata(query.text)
    found = retrieve(searcher, query, scope, ranking, assistant.answerability,  # 6
                     assistant.threshold(ranking), judge_found=not asked)
    composed = compose(checked, resolved, query, found, scope, ranking, asked)  # 7
    if found.decision is None:  # an article's metadata: the hits as found
        return Asked(composed, found.hits)
    ranked = tuple(sorted(found.hits, key=lambda h: -h.score))[:max(scope.k, scope.depth)]
    return Asked(composed, ranked, found.evidence)


def compute_batch(assistant: "Assistant", batch: list[Admitted]) -> list:
    """Steps 4-7 for questions that waited together (web/answer_pool.py): one
    generation of the index, every query vector embedded in one call of the
    model, then each answer as `compute` makes it, the same to the byte. Per
    question, its Asked or the exception `compute` raised for it."""
    searcher = assistant.snapshot()                                             # 4
    queries: list = []
    for admitted in batch:                                                      # 5
        try:
            queries.append(searcher.query(admitted.resolved, admitted.checked.request.ranking
                                          or assistant.settings.ranking))
        except Exception as err:  # this question's own failure, raised for it alone
            queries.append(err)
    if searcher.data.n_chunks:
        searcher.embed.prime([q.text for q in queries if not isinstance(q, Exception)])
    results: list = []
    for admitted, query in zip(batch, queries):                                 # 6-7
        try:
            results.append(query if isinstance(query, Exception)
                           else compute(assistant, admitted, searcher, query))
        except Exception as err:
            results.append(err)
    return results


def compose(checked: Checked, resolved: str, query, found: Found, scope: Scope,
            ranking: RankingSettings, asked: str | None) -> Answer:
    """The answer: an article's front matter when asked for it, else quotes
    or a typed decline (its Swedish sentence in declines.py)."""
    interpreted_as = resolved if resolved != checked.question else None
    if found.decision is None:  # about the article itself: its front matter, not a quote
        return Answer(checked.question, False, (), query=query,
                      metadata=Metadata(found.hits[0].article, asked),
                      interpreted_as=interpreted_as)
    return build_answer(query, list(found.hits[:scope.k]), found.decision, ranking,
                        checked.selection, checked.question, interpreted_as, found.elsewhere)


def _tell(observers: Iterable[Observer], observed: Observed) -> None:
    for observer in observers:
        try:
            observer(observed)
        except Exception:  # the answer matters more than a report about it
            log.exception("an observer failed")


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

    def snapshot(self) -> Searcher:
        """The index to answer one question from: the newest generation
        (checked at most once a second), kept for the whole question even
        if a reload lands meanwhile."""
        self.maybe_reload()
        with self._lock:
            return self.searcher

    def compute(self, admitted: Admitted) -> Asked:
        """Steps 4-7 of the pipeline for an admitted question (`compute`);
        the server's PooledAssistant sends them to a worker process."""
        return compute(self, admitted)

    def compute_batch(self, batch: list[Admitted]) -> list:
        """`compute` for several questions at once (`compute_batch`)."""
        return compute_batch(self, batch)

    def ask(self, question: str, k: int | None = None, municipality: str | None = None,
            year: int | None = None, history: list[str] | tuple[str, ...] = (),
            ranking: RankingSettings | None = None) -> Answer:
        """`ask` (the pipeline) for a Python caller (tests, scripts): no observers."""
        return self.ask_ranked(question, k, municipality, year, history, ranking=ranking).answer

    def ask_ranked(self, question: str, k: int | None = None, municipality: str | None = None,
                   year: int | None = None, history: list[str] | tuple[str, ...] = (),
                   depth: int = 0, ranking: RankingSettings | None = None) -> Asked:
        """`ask` for a Python caller, also returning the best `depth` hits."""
        return ask(self, Ask(question, "library", k, municipality, year, tuple(history or ()),
                             depth, ranking))

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


def resolve_follow_up(question: str, history, max_chars: int) -> str:
    """The full question a follow-up like "Och i Tranemo?" stands for."""
    resolved: list[str] = []
    for earlier in history or ():
        try:
            resolved.append(resolve(clean_question(earlier, max_chars), resolved))
        except BadQuestion:
            continue
    return resolve(question, resolved)


__all__ = ["Admitted", "Ask", "Assistant", "Asked", "Observed", "admit", "answer", "ask", "update_index", "BuildSummary",
           "IndexMismatch"]

"""The assistant as one object: settings, loaded index, model, and `ask`."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Callable

from .answer import Answer, build_answer
from .articles import load_corpus
from .config import Settings
from .embedding import Embedder, load_embedder
from .errors import IndexCorrupt, IndexMismatch, IndexMissing
from .indexer import BuildSummary, build
from .questions import clean_question
from .search import Hit, Searcher
from .store import build_lock, current_generation, load_index, save_index

log = logging.getLogger(__name__)


def update_index(
    settings: Settings,
    embedder: Embedder,
    rebuild: bool = False,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
):
    """Build or update `settings.index_dir` from `settings.corpus_dir`.

    Returns (summary, corpus problems). Unchanged articles keep their vectors.
    """
    corpus = load_corpus(settings.corpus_dir)
    with build_lock(settings.index_dir):
        previous = None
        if not rebuild:
            try:
                previous = load_index(settings.index_dir)
            except (IndexMissing, IndexCorrupt):
                previous = None
        data, summary = build(corpus, embedder, settings, previous, progress, on_total)
        save_index(settings.index_dir, data)
    return summary, corpus.problems


class Assistant:
    """Loads the index once; `ask` is safe to call from several threads."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None):
        self.settings = settings
        self.embedder = embedder or load_embedder(settings.model, settings.threads)
        self._lock = threading.Lock()
        self._generation: str | None = None
        self.searcher: Searcher | None = None
        self.reload()

    @classmethod
    def open(cls, settings: Settings, build_if_missing: bool = False) -> "Assistant":
        embedder = load_embedder(settings.model, settings.threads)
        if build_if_missing and current_generation(settings.index_dir) is None:
            summary, _ = update_index(settings, embedder)
            log.info("index built: %s", summary.line())
        return cls(settings, embedder)

    @property
    def index_dir(self) -> Path:
        return self.settings.index_dir

    def reload(self) -> bool:
        """Load the current index generation if it changed. True if it did."""
        gen = current_generation(self.index_dir)
        if gen is not None and gen == self._generation:
            return False
        data = load_index(self.index_dir)
        searcher = Searcher(data, self.embedder, self.settings)
        with self._lock:
            self.searcher, self._generation = searcher, gen
        return True

    def retrieve(self, question: str, k: int) -> list[Hit]:
        with self._lock:
            searcher = self.searcher
        return searcher.search(question, k)

    def ask(self, question: str, k: int | None = None) -> Answer:
        question = clean_question(question, self.settings.max_question_chars)
        k = max(1, min(int(k or self.settings.top_k), 10))
        return self.answer(question, self.retrieve(question, k))

    def answer(self, question: str, hits: list[Hit]) -> Answer:
        return build_answer(question, hits, self.min_score, self.searcher.covered_places)

    @property
    def min_score(self) -> float:
        if self.settings.min_score is not None:
            return self.settings.min_score
        return self.embedder.min_score

    def stats(self) -> dict:
        data = self.searcher.data
        return {"articles": len(data.articles), "chunks": data.n_chunks,
                "model": data.manifest.get("model"), "built_at": data.manifest.get("built_at"),
                "generation": self._generation}


__all__ = ["Assistant", "update_index", "BuildSummary", "IndexMismatch"]

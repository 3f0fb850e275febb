"""The words of a question the answerability evidence weighs
(answerability.py): its content words, whether a passage covers one (the
same stem, a synonym, a compound holding it), and the query embeddings of
single words, cached, for coverage by meaning.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from functools import lru_cache

import numpy as np

from ..swedish.places import fold
from ..swedish.words import STOP_WORDS, stem, synonyms_of, terms
from .query import Query

# Question words that name no content ("Vad innebär ...", "Hur arbetar ...").
_NON_CONTENT = frozenset(stem(w) for w in """
kommun kommuner kommunen kommunerna kommunens municipality municipalities council stad staden
artikel artiklar artikeln artiklarna materialet texten nämns nämner enligt
hur vad vem vilka vilken vilket när varför var sedan finns fanns gör gjorde görs gjort får fick
kan kunde ska skulle vill blev blir bli haft hade har ha är var varit jobba jobbar arbeta arbetar
sätt annan andra olika nya ny nytt stor stora stort många mycket mest fler flera några något
själv själva egen egna just bara redan också även nu då sen idag hittills
does did do done have has had will would can could should make made get got take took
""".split())


def content_words(query: Query) -> list[str]:
    """The question's content words, in order, lower case: no stop words,
    no question words, no municipality it names."""
    places = {fold(p) for p in query.places}
    out: list[str] = []
    for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", query.text.lower()):
        if (len(w) < 3 or w in STOP_WORDS or stem(w) in _NON_CONTENT or w in out
                or fold(w) in places or fold(w.rstrip("s")) in places):
            continue
        out.append(w)
    return out


@lru_cache(maxsize=4096)
def term_set(text: str) -> frozenset[str]:
    """The terms of a passage or an article, kept: the same few texts recur
    across questions, and stemming a whole article costs more than the rest
    of the question's Python work (bench/profile_ask.py)."""
    return frozenset(terms(text))


def covers(word_stem: str, have: set[str], text: str) -> bool:
    """A question term is covered by a text with term set `have`: the same
    stem, a synonym, or a longer word of the text that holds it
    ("områden" in "problemområden" or the other way round)."""
    if word_stem in have or any(s in have for s in synonyms_of(word_stem)):
        return True
    return len(word_stem) >= 5 and word_stem in text


class WordVectors:
    """Query embeddings of single words, cached (the same words recur)."""

    def __init__(self, embedder, size: int = 20_000):
        self.embedder = embedder
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, words: list[str]) -> np.ndarray:
        """(len(words), d) float32, L2-normalised."""
        with self._lock:
            missing = [w for w in dict.fromkeys(words) if w not in self._cache]
        if missing:
            vectors = self.embedder.embed_queries(missing)
            with self._lock:
                for w, v in zip(missing, vectors):
                    self._cache[w] = np.asarray(v, np.float32)
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        with self._lock:
            return np.stack([self._cache[w] for w in words]) if words else \
                np.zeros((0, self.embedder.dim), np.float32)

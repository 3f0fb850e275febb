"""The words of a question the answerability evidence weighs
(answerability.py): its content words, whether a passage covers one (the
same stem, a synonym, a compound holding it), and the query embeddings of
single words, cached, for coverage by meaning; and whether it asks for
someone before the one the articles name.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from functools import lru_cache

import numpy as np

from ..swedish.places import fold
from ..swedish.words import STOP_WORDS, stem, synonyms_of, terms
from .evidence import ROLE_ENDINGS
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


# "Vem var socialchef innan ...": someone before the one the article names
# or the one who left ("som gick i pension")
_BEFORE = re.compile(r"\b(innan|före|förre|tidigare|dessförinnan|gick i pension|pensionerades|"
                     r"företrädare|f\.\s?d\.|before|previous|former|retired|predecessor|"
                     # "förra socialchefen", not "förra året", "förra årets utvärdering"
                     rf"förra(?=\s+(?:[\w-]*(?:{ROLE_ENDINGS}|sjuksköterska|ansvarig|rektor|"
                     r"kommunalråd)(?:en|n|er|erna|na|s|et)?|mas)\b))(?!\w)", re.I)
# a second question joined on asks of the person found, not for one before
# ("Vem är Ovanåkers nya socialchef och vad gjorde hon tidigare?")
_SECOND = re.compile(r",?\s+(?:och|and)\s+(?:vad|hur|när|varför|vilk\w+|what|how|where|when|"
                     r"why|which)\b", re.I)
# one asked in the present is of the one in the post now, whatever came
# before ("Who is running social services now that the previous head has
# retired?"), unless it asks for the former one ("Vem är Hjos förre
# socialchef?"), is a cleft ("Vem är det som var socialchef innan ...") or
# names the one who left ("Vem är socialchefen som gick i pension?")
_NOW = re.compile(
    r"^\W*(?:vem|vilka|who)(?:'s|\s+(?:är|leder|ansvarar|is|are|leads|runs|heads))\b"
    r"(?!\s+(?:(?:den|the)\s+)?(?:\w+(?:'s|s)\s+)?"
    r"(?:förre|före\s+detta|f\.\s?d\.|tidigare|former|previous|ex\b)"
    r"|\s+(?:det|den|de|it|the\s+(?:one|person)|those)\s+(?:som|that|who)\b)", re.I)
_LEFT = re.compile(r"\b(?:som|who)\s+(?:gick\s+i\s+pension|pensionerades|slutade|retired|left)\b",
                   re.I)


def first_question(text: str) -> str:
    """`text` up to a second question joined on ("... och vad gjorde hon tidigare?")."""
    m = _SECOND.search(text)
    return text[:m.start()] if m else text


def asks_before(text: str) -> bool:
    """The question asks for someone before the one the articles name
    ("Vem var socialchef i Vårgårda innan Ann-Charlotte Lilja?")."""
    first = first_question(text)
    return bool(_BEFORE.search(first)) and not (_NOW.match(first) and not _LEFT.search(first))

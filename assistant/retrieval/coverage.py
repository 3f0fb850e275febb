"""What the articles mention at all, for declining on evidence.

Evidence for the answerability model (answerability.py): the subject a
question asks about ("Vilket parti ...", "När öppnar badhuset?", "Vem är
kommunstyrelsens ordförande?") occurs in no article, nor any synonym of it
(data/synonyms.txt); each article's sentences, for whether a role is named
with a person in them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..index.store import IndexData
from ..swedish.places import fold
from ..swedish.words import STOP_WORDS, stem, synonyms_of
from .evidence import asked_subjects
from .kinds import holds_head
from .query import Query

_WORD = re.compile(r"[^\W\d_]+")


def _base(word: str) -> str:
    """The form to show: 'kommunstyrelsens' -> 'kommunstyrelsen'."""
    w = word.lower()
    return re.sub(r"(en|et|n)s$", r"\1", w)


@lru_cache(maxsize=8)
def _folded(places: frozenset[str]) -> frozenset[str]:
    """The covered municipalities folded, once per index (not per question)."""
    return frozenset(fold(p) for p in places)


@dataclass(frozen=True)
class Coverage:
    words: frozenset[str]  # every word of every article and title, lower case
    sentences: tuple[tuple[str, ...], ...]  # per article, its sentences
    texts: tuple[str, ...]  # per article, its sentences joined, lower case

    @classmethod
    def of(cls, data: IndexData) -> "Coverage":
        words = frozenset(w.lower() for a in data.articles
                          for w in _WORD.findall(a.title + " " + a.body))
        per: list[list[str]] = [[] for _ in data.articles]
        for i in range(len(data.sent_start)):
            art = int(data.sent_article[i])
            per[art].append(data.articles[art].body[data.sent_start[i]:data.sent_end[i]])
        return cls(words, tuple(tuple(s) for s in per),
                   tuple(" ".join(s).lower() for s in per))

    def mentions(self, word: str) -> bool:
        """Some article has the word, its stem as a word start or as a
        compound's last part ("grupper" in "arbetsgrupper"), or a synonym."""
        w = word.lower()
        stems = {stem(w)} | set(synonyms_of(stem(w)))
        if w in self.words or any(x.startswith(s) for s in stems for x in self.words if s):
            return True
        base = stem(w)
        return len(base) >= 5 and any(stem(x).endswith(base) for x in self.words if len(x) > len(w))

    def starts_compound(self, text: str) -> bool:
        """Some long word of `text` begins with a word of the articles of six
        letters or more ("samverkansmötena": "samverkan")."""
        long = [w.lower() for w in _WORD.findall(text) if len(w) >= 9]
        return any(w.startswith(x) for w in long for x in self.words
                   if len(x) >= 6 and len(w) > len(x) and x not in STOP_WORDS)

    def in_parts(self, word: str) -> bool:
        """A compound's two parts are in one article, as two words
        ("problemområden": "missbruksproblematik" ... "14 områden")."""
        base = stem(word.lower())
        return len(base) >= 9 and any(holds_head(text, base) for text in self.texts)

    def absent_subject(self, query: Query, covered: frozenset[str]) -> str | None:
        """The asked-for subject no article mentions, shown in its base form."""
        if query.english:
            return None
        places = _folded(covered) | {fold(p) for p in query.places}
        for word in asked_subjects(query.text):
            w = word.lower()
            if w in STOP_WORDS or fold(w) in places or fold(w.rstrip("s")) in places:
                continue
            if not self.mentions(w) and not self.in_parts(w):
                return _base(w)
        return None

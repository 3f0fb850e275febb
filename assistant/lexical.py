"""Swedish BM25 over sentences: Snowball stemming, stop words, compound parts.

Dense retrieval misses exact names and roles ("verksamhetschef för IFO");
this index catches them. Postings are plain numpy arrays so they persist in
the index folder beside the vectors.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

import numpy as np
import snowballstemmer

STOP_WORDS = frozenset("""
alla allt andra att av blev bli blir blivit de dem den denna deras dess dessa det detta dig din
dina ditt du där då efter ej eller en er era ert ett från för ha hade han hans har henne hennes
hon honom hur här i icke ingen inom inte jag ju kan kunde man med mellan men mig min mina mitt
mot mycket ni nu när någon något några och om oss på samma sedan sig sin sina sitta själv skulle
som så sådan sådana sådant till under upp ut utan vad var vara varför varit varje vars vart vem
vi vid vilka vilkas vilken vilket vår våra vårt än är åt över också ska sätt finns gäller säger
berättar
the a an of in on at to for and or is are was were be been by with what who which how why when
where does do did their its it this that these those from as has have had about there
""".split())

_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+")
# Compound heads worth indexing on their own: "äldreomsorgsnämnd" also counts
# as "omsorg" and "nämnd". Only long words are split, at known parts.
_PARTS = ("omsorg", "nämnd", "chef", "tjänst", "ledning", "samverkan", "kontor", "enhet",
          "grupp", "verksamhet", "styrning", "kostnad", "arbete", "placering", "ekonomi")

# What `terms()` and the sentence splitter (sentences.py) make of a text;
# the postings and sentence rows of an index depend on both, so an index
# built under another version must be rebuilt. 2: compound parts stemmed,
# sentences no longer cut after abbreviations and initials.
LEXICAL_VERSION = 2

# Words longer than this are not Swedish words (the longest compounds in the
# articles are under 30 letters); they are left out, which bounds the work of
# stemming a question of 1,000 characters without spaces (CJK, say).
MAX_WORD_CHARS = 40


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _stemmed_parts() -> tuple[tuple[str, str], ...]:
    return tuple((p, stem(p)) for p in _PARTS)


def terms(text: str) -> list[str]:
    """Stemmed, lower-cased index terms of `text`, stop words removed.

    A long word also yields the compound parts it ends or continues with,
    stemmed like a word of their own ("verksamhetschef" -> "verksam", as
    "verksamhet" in a question)."""
    words = [w for w in _TOKEN.findall(text.lower())
             if w not in STOP_WORDS and len(w) <= MAX_WORD_CHARS]
    out = []
    for w in words:
        out.append(stem(w))
        if len(w) >= 9:
            out += [s for p, s in _stemmed_parts() if p in w and not w.startswith(p)]
    return out


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, frozenset[str]]:
    from importlib import resources

    text = resources.files("assistant").joinpath("data/synonyms.txt").read_text("utf-8")
    groups: dict[str, set[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        stems = {stem(w) for w in line.lower().split() if w not in STOP_WORDS}
        for s in stems:
            groups.setdefault(s, set()).update(stems - {s})
    return {k: frozenset(v) for k, v in groups.items()}


def synonyms_of(word_stem: str) -> frozenset[str]:
    """Stems of the words data/synonyms.txt groups with `word_stem`."""
    return _synonyms().get(word_stem, frozenset())


def query_terms(question: str, synonym_weight: float = 0.5) -> dict[str, float]:
    """Weighted search terms: the question's own at 1, their synonyms at
    `synonym_weight` (RankingSettings.synonym_weight)."""
    own = terms(question)
    weights = {t: 1.0 for t in own}
    synonyms = _synonyms()
    for t in own:
        for s in synonyms.get(t, ()):
            weights.setdefault(s, synonym_weight)
    return weights


@dataclass
class LexicalIndex:
    """BM25 postings over m documents (sentences)."""

    vocab: dict[str, int]
    offsets: np.ndarray  # (V+1,) int64: postings of term t are [offsets[t], offsets[t+1])
    doc_ids: np.ndarray  # int32
    tfs: np.ndarray  # float32
    doc_len: np.ndarray  # (m,) float32

    @classmethod
    def build(cls, docs: list[list[str]]) -> "LexicalIndex":
        postings: dict[str, list[tuple[int, int]]] = {}
        for doc_id, doc in enumerate(docs):
            counts: dict[str, int] = {}
            for t in doc:
                counts[t] = counts.get(t, 0) + 1
            for t, c in counts.items():
                postings.setdefault(t, []).append((doc_id, c))
        vocab = {t: i for i, t in enumerate(sorted(postings))}
        offsets = np.zeros(len(vocab) + 1, np.int64)
        ids, tfs = [], []
        for t in sorted(postings):
            p = postings[t]
            offsets[vocab[t] + 1] = offsets[vocab[t]] + len(p)
            ids += [d for d, _ in p]
            tfs += [c for _, c in p]
        return cls(vocab, offsets, np.asarray(ids, np.int32), np.asarray(tfs, np.float32),
                   np.asarray([len(d) for d in docs], np.float32))

    @property
    def avg_len(self) -> float:
        if not hasattr(self, "_avg_len"):
            self._avg_len = float(self.doc_len.mean()) if len(self.doc_len) else 1.0
        return self._avg_len or 1.0

    def scores(self, query: Mapping[str, float], k1: float = 1.2, b: float = 0.75) -> np.ndarray:
        """(m,) float32 BM25 score of every document for weighted query terms
        (k1 and b: RankingSettings)."""
        m = len(self.doc_len)
        out = np.zeros(m, np.float32)
        if m == 0:
            return out
        avg = self.avg_len
        for t, weight in query.items():
            i = self.vocab.get(t)
            if i is None:
                continue
            lo, hi = self.offsets[i], self.offsets[i + 1]
            ids, tf = self.doc_ids[lo:hi], self.tfs[lo:hi]
            idf = math.log(1 + (m - len(ids) + 0.5) / (len(ids) + 0.5))
            norm = k1 * (1 - b + b * self.doc_len[ids] / avg)
            out[ids] += weight * idf * tf * (k1 + 1) / (tf + norm)
        return out

    def ideal_score(self, query: Mapping[str, float]) -> float:
        """Score of a typical-length document holding each known query term once:
        BM25 divided by this is the share of the question's evidence matched."""
        m = len(self.doc_len)
        total = 0.0
        for t, weight in query.items():
            i = self.vocab.get(t)
            if i is not None:
                n = self.offsets[i + 1] - self.offsets[i]
                total += weight * math.log(1 + (m - n + 0.5) / (n + 0.5))
        return total

    def to_arrays(self) -> dict[str, np.ndarray]:
        vocab = json.dumps(sorted(self.vocab, key=self.vocab.get), ensure_ascii=False)
        return {"lex_vocab": np.frombuffer(vocab.encode("utf-8"), np.uint8),
                "lex_offsets": self.offsets, "lex_doc_ids": self.doc_ids, "lex_tfs": self.tfs,
                "lex_doc_len": self.doc_len}

    @classmethod
    def from_arrays(cls, a: dict[str, np.ndarray]) -> "LexicalIndex":
        words = json.loads(a["lex_vocab"].tobytes().decode("utf-8"))
        return cls({w: i for i, w in enumerate(words)}, a["lex_offsets"], a["lex_doc_ids"],
                   a["lex_tfs"], a["lex_doc_len"])


_ENGLISH = frozenset("the what who which how why when where does do did is are was were of in "
                     "and for with their there this that these have has".split())
_SWEDISH = frozenset("är och i på det som för av med hur vad vem vilka vilken har att en ett "
                     "om till kommun kommunen".split())


def is_english(question: str) -> bool:
    """True for a question in English rather than Swedish."""
    words = _TOKEN.findall(question.lower())
    english = sum(w in _ENGLISH for w in words)
    swedish = sum(w in _SWEDISH for w in words) + 2 * bool(re.search(r"[åäö]", question.lower()))
    return english >= 2 and english > swedish

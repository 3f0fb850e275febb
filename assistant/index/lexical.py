"""Swedish BM25 over sentences: the postings of the terms that swedish/words.py makes
(Snowball stemming, stop words, compound parts).

Dense retrieval misses exact names and roles ("verksamhetschef för IFO");
this index catches them. Postings are plain numpy arrays so they persist in
the index folder beside the vectors.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np

# What `swedish.words.terms()` and the sentence splitter (sentences.py) make of a text;
# the postings and sentence rows of an index depend on both, so an index
# built under another version must be rebuilt. 2: compound parts stemmed,
# sentences no longer cut after abbreviations and initials.
LEXICAL_VERSION = 2


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
        norms = self.length_norms(k1, b)
        for t, weight in query.items():
            i = self.vocab.get(t)
            if i is None:
                continue
            lo, hi = self.offsets[i], self.offsets[i + 1]
            ids, tf = self.doc_ids[lo:hi], self.tfs[lo:hi]
            idf = math.log(1 + (m - len(ids) + 0.5) / (len(ids) + 0.5))
            out[ids] += weight * idf * tf * (k1 + 1) / (tf + norms[ids])
        return out

    def length_norms(self, k1: float, b: float) -> np.ndarray:
        """(m,) float32 k1 * (1 - b + b * len / avg_len) of every document,
        computed once per (k1, b), not for each term of each question."""
        cache = self.__dict__.setdefault("_norms", {})
        norms = cache.get((k1, b))
        if norms is None:
            norms = cache[(k1, b)] = k1 * (1 - b + b * self.doc_len / self.avg_len)
        return norms

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

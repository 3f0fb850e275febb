"""Republished copies: an article whose text is nearly the same as one in
the corpus (a joint organisation's news on both municipalities' sites, a
page republished with another header, a date or a sentence changed).

Texts are compared as sets of word shingles (every run of SHINGLE_WORDS
words, lower-cased), by their Jaccard similarity, estimated with MinHash
(datasketch; NUM_PERM permutations) and found among many with its LSH
index, so a new text is compared with the few candidates, not the whole
corpus. The threshold (Settings.copy_threshold, ASSISTANT_COPY_THRESHOLD,
default 0.6) was measured with scripts/copy_threshold.py on the 49 articles
of corpus/ and eval/grown/ (3-word shingles): distinct articles reach at
most 0.044 (two libraries' news on the same scheme); republished variants
reach at least 0.77 (another frame 0.93, last paragraph left out 0.77, one
word in 25 changed 0.78, dates and municipality names changed 0.89; the
MinHash estimate at least 0.70); all of these at once 0.58-0.71 (median
0.71); the first half alone (an excerpt, not a copy) 0.46-0.49. 0.6 sits
between the excerpts and the copies, with two standard deviations of the
128-permutation estimate (about 0.04) to spare; 3-word shingles keep a copy
with a word changed here and there higher than 5- or 8-word ones do (0.78
against 0.67 and 0.51) while distinct articles stay below 0.05.

This module is the only one importing datasketch.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SHINGLE_WORDS = 3
NUM_PERM = 128
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def shingles(text: str, k: int | None = None) -> set[bytes]:
    """The text's runs of `k` words (the whole text as one when shorter)."""
    k = k or SHINGLE_WORDS
    w = words(text)
    if len(w) < k:
        return {" ".join(w).encode("utf-8")} if w else set()
    return {" ".join(w[i:i + k]).encode("utf-8") for i in range(len(w) - k + 1)}


_PERMUTATIONS = []  # made once: MinHash draws them anew for every text otherwise


def signature(text: str):
    """The text's MinHash (NUM_PERM values)."""
    from datasketch import MinHash

    if not _PERMUTATIONS:
        first = MinHash(num_perm=NUM_PERM)
        _PERMUTATIONS.append((first.permutations, first.scheme))
    permutations, scheme = _PERMUTATIONS[0]
    m = MinHash(num_perm=NUM_PERM, permutations=permutations, scheme=scheme)
    m.update_batch(list(shingles(text)))
    return m


def jaccard(a: str, b: str) -> float:
    """The exact Jaccard similarity of two texts' shingle sets (for measuring)."""
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y) if x | y else 1.0


@dataclass(frozen=True)
class Copy:
    """The article a new text nearly repeats."""

    key: str  # the article's id
    similarity: float  # estimated Jaccard of the two texts' shingles


class CopyFinder:
    """The corpus's texts, to ask which one a new text nearly repeats."""

    def __init__(self, threshold: float = 0.6):
        from datasketch import MinHashLSH

        self.threshold = threshold
        # the LSH finds candidates around the threshold; each is then checked
        # against it with the signatures' own estimate
        self._lsh = MinHashLSH(threshold=max(0.1, threshold - 0.1), num_perm=NUM_PERM)
        self._signatures: dict[str, object] = {}

    def add(self, key: str, text: str) -> None:
        if key in self._signatures or not shingles(text):
            return
        m = signature(text)
        self._signatures[key] = m
        self._lsh.insert(key, m)

    def match(self, text: str) -> Copy | None:
        """The most similar text at or above the threshold, or None."""
        if not self._signatures or not shingles(text):
            return None
        m = signature(text)
        best = None
        for key in self._lsh.query(m):
            similarity = m.jaccard(self._signatures[key])
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = Copy(key, round(float(similarity), 3))
        return best

    def __len__(self) -> int:
        return len(self._signatures)

"""A word of a question that the articles write otherwise by one slip.

"Vem är socialcehf för den gemensamma organisationen ...?": officials type
fast. e5 reads through most slips, but every reading that looks for the
question's own words in the passages does not: the role asked, the subject
no article mentions, the lexical coverage. So the question is read with
such a word mended, once, before it is analysed (searcher.query).

A word is mended when no article has it, nor another form of it (its stem
is no article's), it has at least seven letters, and exactly one word of
the articles is one slip from it, of the kinds that make typos rather than
other words: two neighbouring letters swapped ("socialcehf"), a letter
doubled or undoubled ("tillitsbasserad", "utskotet"), or, in a word of at
least eight letters, a letter left out or added ("enhetchefer") when the
articles write the word they have more than once. A changed letter is no
slip here ("föräldrar" is not "förändrar", "läsning" not "lösning"), nor
is an edit of the first letter ("vintern", "intern") or, but for a swap,
of the last two, where Swedish inflects ("ekonomi", "ekonomin";
"gemensamt", "gemensam"), unless it is a vowel left out before the last
letter and what is left ends no word of the articles ("socialchf",
"enhetschefr"; not "uttryckt" for "uttrycket": "-kt" ends words). A
municipality is never mended into another ("Alvesta", "Avesta"), nor a
capitalised word inside a sentence: it is a name, and a person's name is
read with its own tolerance (coverage.py). English questions are left as typed: the articles are
Swedish. What the official typed is still what the answer shows as the
question.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from ..swedish.places import canonical_municipality

MIN_LETTERS = 7
_VOWELS = frozenset("aeiouyåäö")

_WORD = re.compile(r"[^\W\d_]+")


def _named(text: str, m: re.Match) -> bool:
    """The word of `m` is capitalised inside a sentence, not the whole text in capitals."""
    word = m.group()
    before = text[:m.start()].rstrip()
    return (word[:1].isupper() and not word.isupper() and bool(before)
            and before[-1] not in ".!?:;–-\"'(«»”“")


def _one_edit_away(word: str, letters: str) -> set[str]:
    """The strings one letter left out, added (of `letters`) or two
    neighbours swapped from `word`: made for the rare word no article has,
    so no table of the articles' words is kept for it."""
    out = {word[:i] + word[i + 1:] for i in range(len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    out |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in letters}
    return out


def slip(typed: str, word: str, endings: frozenset[str] | None = None) -> str | None:
    """How `typed` is one typing slip from `word`: "swap", "double" (a letter
    doubled or undoubled), "drop" (another letter left out or added), or
    None (equal, further apart, a changed letter, or an edit where a slip is
    no slip: the first letter; for all but a swap, the last two, unless a
    vowel was left out before the last letter and what is left ends no word
    of the articles: `endings`, their words' last two letters, None when
    unknown; "socialchf", not "uttryckt" for "uttrycket", nor
    "samverkansform" for "-forum")."""
    if typed == word:
        return None
    if len(typed) == len(word):
        diff = [i for i, (x, y) in enumerate(zip(typed, word)) if x != y]
        if (len(diff) == 2 and diff[1] == diff[0] + 1 and diff[0] > 0
                and typed[diff[0]] == word[diff[1]] and typed[diff[1]] == word[diff[0]]):
            return "swap"
        return None
    if abs(len(typed) - len(word)) != 1:
        return None
    short, long_ = (typed, word) if len(typed) < len(word) else (word, typed)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    letter = long_[i]
    if long_[:i] + long_[i + 1:] != short or i == 0:
        return None
    if i >= len(long_) - 2 and not (short == typed and i == len(long_) - 2 and letter in _VOWELS
                                    and endings is not None and typed[-2:] not in endings):
        return None
    return "double" if letter in (long_[i - 1], long_[i + 1]) else "drop"


class Speller:
    """Mends slips against the words of the articles (`counts`: word, lower
    case -> how often the articles write it); `known(word)`: some article
    has another form of the word."""

    def __init__(self, counts: Mapping[str, int], known: Callable[[str], bool]):
        self.counts = counts
        self.known = known
        self.letters = "".join(sorted({c for w in counts for c in w}))
        self.endings = frozenset(w[-2:] for w in counts if len(w) >= 2)

    @classmethod
    def of(cls, texts: Iterable[str], known: Callable[[str], bool]) -> "Speller":
        return cls(Counter(w.lower() for t in texts for w in _WORD.findall(t)), known)

    def mend_word(self, word: str) -> str:
        low = word.lower()
        if (len(low) < MIN_LETTERS or low in self.counts or self.known(low)
                or canonical_municipality(low)):
            return word
        found = set()
        for w in _one_edit_away(low, self.letters):
            if w in self.counts:
                kind = slip(low, w, self.endings)
                if kind in ("swap", "double") or (
                        kind == "drop" and len(low) >= 8 and self.counts[w] >= 2):
                    found.add(w)
        if len(found) != 1:
            return word
        mended = next(iter(found))
        if word.isupper():
            return mended.upper()
        return mended[:1].upper() + mended[1:] if word[:1].isupper() else mended

    def mend(self, text: str) -> str:
        """`text` with each slipped word mended (the same text when none is);
        a capitalised word inside a sentence is a name, left as typed: a
        "Petersson" is no slip for the "Pettersson" of an article."""
        return _WORD.sub(lambda m: m.group() if _named(text, m) else self.mend_word(m.group()),
                         text)

"""The proper names a question writes, and whether the few articles holding
one hold it as a name.

A question about no municipality may still name its article: a nursing
home ("Gustavsgården"), a home care group ("Linden"), a fair ("Vitalis"), a
person. Such a name is a word the question writes capitalised within a
sentence, which the articles holding it (at most `FEW` of them, and at most
half of a small corpus) write capitalised within a sentence and never in
lower case; it points to them, and the search answers from them as it does
from the articles about a municipality named (searcher.py, which finds the
articles holding the word by its index postings: nothing is read when an
index loads). A word opening a sentence ("Pandemin", "Vid"), one the
question writes in lower case, abbreviations in capitals ("IVO", "IFO") and
names many articles hold point nowhere.
"""

from __future__ import annotations

import re

# a name held by more articles than this names no article
FEW = 3
_CAPITALISED = re.compile(r"[A-ZÅÄÖÉ][^\W\d_]{2,}(?:-[^\W\d_]+)*")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# what may stand between a sentence's end and its first word: space, quotes, a dash
_OPENING = " \t\"'”»“(–-"


def few(articles: int) -> int:
    """How many articles a name may be held by, in a corpus of `articles`."""
    return min(FEW, max(1, articles // 2))


def _opens(text: str, at: int) -> bool:
    """The word at `at` opens `text` or a sentence, a line, a quote."""
    before = text[max(0, at - 12):at].rstrip(_OPENING)
    return not before or before[-1] in ".!?:;\n"


def asked_names(question: str) -> list[tuple[str, ...]]:
    """The words `question` writes capitalised within a sentence (not
    abbreviations), each with its form without a genitive's s
    ("Gustavsgårdens": also "Gustavsgården")."""
    out = []
    for m in _CAPITALISED.finditer(question):
        word = m.group(0)
        if _opens(question, m.start()) or word.isupper():
            continue  # a sentence's first word is capitalised anyway
        out.append((word, word[:-1]) if word.endswith("s") else (word,))
    return out


def words_of(title: str) -> set[str]:
    """The words of a title, lower case: a name named only there ("... i västra
    Värmland") is found by them, the body's by the index's postings."""
    return set(_WORD.findall(title.lower()))


def is_name(word: str, texts: list[str]) -> bool:
    """`texts` (the articles holding `word`'s stem) write `word` only
    capitalised, at least once within a sentence."""
    within = False
    for text in texts:
        for m in re.finditer(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", text, re.I):
            if not m.group(0)[:1].isupper():
                return False
            within = within or not _opens(text, m.start())
    return within

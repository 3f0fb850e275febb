"""The proper names only a few articles hold, and the articles a question
names by one.

A question about no municipality may still name its article: a nursing
home ("Gustavsgården"), a home care group ("Linden"), a fair ("Vitalis"), a
person. Such a name is a word the articles write capitalised within a
sentence and never in lower case; held by at most `FEW` articles (and at
most half of them), it points to them, and the search answers from them as
it does from the articles about a municipality named (searcher.py). A word
opening a sentence ("Pandemin", "Vid"), one the question writes in lower
case, letters ("IVO", "IFO") and names many articles hold point nowhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a name held by more articles than this names no article
FEW = 3
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CAPITALISED = re.compile(r"[A-ZÅÄÖÉ][^\W\d_]{2,}(?:-[^\W\d_]+)*")
# what may stand between a sentence's end and its first word: space, quotes, a dash
_OPENING = " \t\"'”»“(–-"


def _opens(text: str, at: int) -> bool:
    """The word at `at` opens `text` or a sentence, a line, a quote."""
    before = text[max(0, at - 12):at].rstrip(_OPENING)
    return not before or before[-1] in ".!?:;\n"


@dataclass(frozen=True)
class ProperNames:
    held: dict[str, frozenset[int]]  # a name, as written -> the articles (indices) holding it

    @classmethod
    def of(cls, texts: list[str]) -> "ProperNames":
        """From each article's text (title and body), in index order."""
        lower: set[str] = set()
        where: dict[str, set[int]] = {}
        for i, text in enumerate(texts):
            for m in _WORD.finditer(text):
                word = m.group(0)
                if not word[:1].isupper():
                    lower.add(word)
                elif not word.isupper() and not _opens(text, m.start()):
                    where.setdefault(word, set()).add(i)
        few = min(FEW, max(1, len(texts) // 2))
        return cls({w: frozenset(arts) for w, arts in where.items()
                    if len(arts) <= few and w.lower() not in lower and len(w) >= 3})

    def articles(self, question: str, places: frozenset[str] = frozenset()) -> set[int]:
        """The articles the proper names `question` writes point to (a
        genitive's too: "Gustavsgårdens"); municipalities (`places`, lower
        case) are the searcher's focus, no name here."""
        found: set[int] = set()
        for m in _CAPITALISED.finditer(question):
            if _opens(question, m.start()):
                continue  # a sentence's first word is capitalised anyway
            word = m.group(0)
            for form in (word, word[:-1] if word.endswith("s") else None):
                if form and form.lower() not in places and form in self.held:
                    found |= self.held[form]
                    break
        return found

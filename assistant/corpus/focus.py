"""The municipalities an article is about: its front matter's, and those its
text reports doing something.

Article 000 is Tranemo's, and it tells what Svenljunga did ("grannkommunen
Svenljunga trädde in och erbjöd ..."): a question about Svenljunga is
answered from it. A name in the text counts unless it is no municipality
acting there: part of a person's name ("Annika Berg"), of an institution
or region ("Karlstads universitet", "Sundsvalls sjukhus", "Region
Jönköpings län"), a destination ("tåget till Göteborg"), or one of the
names that are also common words without "kommun" after it.

Computed when the index is built (index/build.py) and stored in its
manifest under "focus" with `FOCUS_VERSION`; raise it when the rules
change, so that an index with the old places is refused until
`assistant index` has recomputed them (no embedding needed).
"""

from __future__ import annotations

import re

from ..swedish.places import AMBIGUOUS, _pattern
from .articles import Article

FOCUS_VERSION = 1

_INSTITUTION = re.compile(
    r"\s+(universitet|högskola|sjukhus|lasarett|län|tingsrätt|stift|hamn|station|flygplats|"
    r"centralstation|energi|vatten)\b", re.IGNORECASE)
_KOMMUN = re.compile(r"s?\s+(kommun|stad)\b", re.IGNORECASE)
_PREVIOUS = re.compile(r"([^\W\d_]+)\s+$")
_AWAY = frozenset("region regionen till mot".split())
_SITE = re.compile(r"\b(sjukhuset|lasarettet|universitetet|högskolan) i\s+$", re.IGNORECASE)


def _opens_sentence(text: str) -> bool:
    """Nothing but a sentence end, a line break or a dash before this point."""
    return not text.strip() or bool(re.search(r"(^|[.!?:–—\n])\s*$", text))


def text_places(body: str) -> set[str]:
    """The municipalities `body` names as acting or reported on."""
    found: set[str] = set()
    for m in _pattern(False).finditer(body):
        name = m.group(1)
        before = body[max(0, m.start() - 40):m.start()]
        if name in AMBIGUOUS and not _KOMMUN.match(body[m.start() + len(name):]):
            continue
        if _INSTITUTION.match(body[m.end():m.end() + 20]) or _SITE.search(before):
            continue
        prev = _PREVIOUS.search(before)
        if prev:
            word = prev.group(1)
            if word.lower() in _AWAY:
                continue
            if word[:1].isupper() and not _opens_sentence(before[:prev.start()]):
                continue  # a first name: "Birgitta Lund"
        found.add(name)
    return found


def article_places(article: Article) -> tuple[str, ...]:
    """Front matter municipality and partners first, then the text's, sorted."""
    own = article.municipalities
    return own + tuple(sorted(text_places(article.title + "\n" + article.body) - set(own)))

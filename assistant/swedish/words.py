"""Swedish words as the search counts them: Snowball stems, stop words,
compound parts, the synonyms of data/synonyms.txt, and whether a question
is English rather than Swedish.

`terms(text)` makes a text's index terms (BM25 postings, index/lexical.py);
`query_terms(question)` weighs a question's terms and their synonyms.
"""

from __future__ import annotations

import re
from functools import lru_cache

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


_ENGLISH = frozenset("the what who which how why when where does do did is are was were of in "
                     "and for with their there this that these have has to will many much by "
                     "can could should would they its".split())
_SWEDISH = frozenset("är och i på det som för av med hur vad vem vilka vilken har att en ett "
                     "om till kommun kommunen".split())


def is_english(question: str) -> bool:
    """True for a question in English rather than Swedish."""
    words = _TOKEN.findall(question.lower())
    english = sum(w in _ENGLISH for w in words)
    # å, ä, ö in a word written small: a name ("Vårgårda's", "Alingsås") is no Swedish
    written = any(not w[0].isupper() and re.search(r"[åäö]", w) for w in _TOKEN.findall(question))
    swedish = sum(w in _SWEDISH for w in words) + 2 * written
    return english >= 2 and english > swedish

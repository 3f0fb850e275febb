"""What the articles mention at all, for declining on evidence.

Evidence for the answerability model (answerability.py): the subject a
question asks about ("Vilket parti ...", "När öppnar badhuset?", "Vem är
kommunstyrelsens ordförande?") occurs in no article, nor any synonym of it
(data/synonyms.txt); each article's sentences, for whether a role is named
with a person in them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..index.store import IndexData
from ..swedish.places import edit_distance, fold, question_places
from ..swedish.words import STOP_WORDS, stem, synonyms_of
from .evidence import FULL_NAME, asked_names, asked_subjects, opinion_holder
from .fact_heads import holds_head
from .query import Query

_WORD = re.compile(r"[^\W\d_]+")
# words that open a sentence before a name ("Enligt Anna Berg ...")
_OPENERS = frozenset("enligt även både också dessutom därför samtidigt kanske bland inför "
                     "hos efter före utan trots".split())
# two capitalised words, overlapping ("Enligt Mårten Nygren": "Mårten Nygren" too)
_PAIRS = re.compile(rf"(?=({FULL_NAME}))")


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
    names: frozenset[str] = frozenset()  # words written capitalised somewhere, lower case
    # the persons the articles name, first and last name, lower case ("mårten nygren"):
    # a question typed in lower case names one only so
    persons: frozenset[str] = frozenset()

    @classmethod
    def of(cls, data: IndexData) -> "Coverage":
        # no word spans white space: the words of the distinct tokens, found once
        tokens: set[str] = set()
        for a in data.articles:
            tokens.update(a.title.split())
            tokens.update(a.body.split())
        found = {w for t in tokens for w in _WORD.findall(t)}  # as written
        words = frozenset(w.lower() for w in found)
        per: list[list[str]] = [[] for _ in data.articles]
        bodies = [a.body for a in data.articles]
        for art, start, end in data.sentence_spans():
            per[art].append(bodies[art][start:end])
        names = frozenset(w.lower() for w in found if w[:1].isupper())
        # a first name is written in lower case nowhere, nor is a function word
        # ("Även Helena", "Enligt Anna" are no persons)
        lower = {w for w in found if w.islower()} | STOP_WORDS | _OPENERS
        persons = frozenset(p for b in bodies for m in _PAIRS.finditer(b)
                            if (p := m.group(1).lower()).split()[0] not in lower)
        return cls(words, tuple(tuple(s) for s in per),
                   tuple(" ".join(s).lower() for s in per), names, persons)

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

    def in_parts(self, word: str, articles: frozenset[int] = frozenset()) -> bool:
        """A compound's two parts are in one article, as two words
        ("problemområden": "missbruksproblematik" ... "14 områden"); one
        of `articles` (indices) when given, else any."""
        base = stem(word.lower())
        texts = [self.texts[i] for i in sorted(articles)] if articles else self.texts
        return len(base) >= 9 and any(holds_head(text, base) for text in texts)

    def absent_subject(self, query: Query, covered: frozenset[str], passages: str = "",
                       about: frozenset[int] = frozenset(),
                       unplaced: frozenset[int] = frozenset()) -> str | None:
        """The asked-for subject no article mentions, shown in its base form;
        a general term whose instance `passages` name is not absent
        ("Vilken idrott ...": "fotbollsmatchen"). A compound held by its
        parts apart counts only in the articles `about` the municipality the
        question names (indices; any when empty): two common words in some
        article elsewhere say nothing of this one, and there are more such
        articles as the corpus grows. So must a name (unless the passages
        found name it), and one whose opinion is asked: "IVO" in articles
        elsewhere says nothing of what IVO thought of this municipality;
        neither when the question is about several articles or points to
        one ("... i Bengtsfors och i artikeln om Gustavsgården"). The
        articles about no municipality (`unplaced`) may be about this one."""
        for name in asked_names(query.text, query.english):
            if not self._holds_name(name, covered) or about and not self._several(query) and (
                    not self._held_in(name, about | unplaced, covered)
                    and name.lower() not in passages.lower()):
                return name
        if query.english:
            return None
        holder = opinion_holder(query.text)  # whose opinion: named here, or none told
        if holder and about and not self._several(query) and not self._held_in(
                holder, about | unplaced, covered):
            return holder
        places = _folded(covered) | {fold(p) for p in query.places}
        for word in asked_subjects(query.text):
            w = word.lower()
            if w in STOP_WORDS or fold(w) in places or fold(w.rstrip("s")) in places:
                continue
            if (not self.mentions(w) and not self.in_parts(w, about)
                    and not names_instance(w, passages)):
                return _base(w)
        return None

    def _holds_name(self, name: str, covered: frozenset[str]) -> bool:
        """A name is held by the articles, or is a municipality (whether
        an article is about it is the question of focus, not of this
        evidence): in any case, in the genitive, without its diacritics,
        misspelt by a letter or two (five letters or more), as a compound
        of a name the articles hold, or, for an acronym, written out ("IVO":
        "Inspektionen för vård och omsorg"). Set lookups and the words of
        about the name's length only, each table made once per index: this
        runs for every question."""
        low = name.lower()
        forms = {low, low[:-1] if low.endswith("s") and len(low) > 3 else low}
        if forms & self.words or question_places(name, covered):
            return True
        if any(fold(f) in self._folded_words for f in forms):
            return True
        if name.isupper():
            return low in self._spelt_out
        # ... misspelt ("Louise Bertilson": "Bertilsson")
        limit = _slips_allowed(low)
        if limit and any(edit_distance(x, low, limit) <= limit
                         for n in range(len(low) - limit, len(low) + limit + 1)
                         for x in self._by_start_and_length.get((low[0], n), ())):
            return True
        # ... a compound of a name the articles hold ("Lindengruppen": "Linden", "gruppen")
        # (the second part a word, a word's start or a compound's end: "hemtjänstgruppen")
        ordered, backwards = self._sorted_words
        for i in range(4, len(low) - 2):
            rest = low[i:]
            if low[:i] in self.names and len(rest) >= 3:
                start, end = stem(rest), rest[::-1]
                j, k = bisect_left(ordered, start), bisect_left(backwards, end)
                if (j < len(ordered) and ordered[j].startswith(start)
                        or k < len(backwards) and backwards[k].startswith(end)):
                    return True
        return False

    @staticmethod
    def _several(query: Query) -> bool:
        return query.cross_article or bool(_ARTICLE_NAMED.search(query.text))

    def _held_in(self, name: str, about: frozenset[int], covered: frozenset[str]) -> bool:
        """A name (or an opinion's holder) is in the articles `about`
        (indices): as a word, in the genitive, without its diacritics,
        misspelt by a letter or two (five letters or more), by a compound's
        first part ("Lindengruppen": "Linden"), an acronym written out; a
        word in lower case also in any form, by a synonym ("förtroendevalda":
        "politiker") or by a compound's last part ("hemtjänstkunderna":
        "kunderna"). A municipality is held anywhere. Set lookups over the
        words of those articles, each article's made once per index."""
        low = name.lower()
        if question_places(name, covered):
            return True
        words = frozenset().union(*(self._article_words[a] for a in about))
        base = low[:-1] if low.endswith("s") and len(low) > 3 else low
        if {low, base} & words:
            return True
        if name.isupper():
            return any(spelt in self.texts[a] for spelt in _ACRONYMS.get(low, ()) for a in about)
        if name[:1].isupper():
            limit = _slips_allowed(low)
            return (any(fold(base) in self._article_folded[a] for a in about)
                    or any(abs(len(w) - len(low)) <= limit and edit_distance(w, low, limit) <= limit
                           for w in words if limit)
                    or any(low[:i] in words and low[:i] in self.names for i in range(4, len(low) - 2)))
        root = stem(low)
        starts = (root[:max(4, len(root) - 1)], *synonyms_of(root),
                  *(root[i:] for i in range(1, len(root) - 3)))
        return any(w.startswith(starts) for w in words)

    @cached_property
    def _article_words(self) -> tuple[frozenset[str], ...]:
        """Per article, its words in lower case."""
        return tuple(frozenset(w.lower() for sentence in sentences for w in _WORD.findall(sentence))
                     for sentences in self.sentences)

    @cached_property
    def _article_folded(self) -> tuple[frozenset[str], ...]:
        """Per article, its words without diacritics."""
        return tuple(frozenset(map(fold, words)) for words in self._article_words)

    # tables for _holds_name, each made at its first use (a frozen dataclass
    # keeps a cached_property in its __dict__)
    @cached_property
    def _folded_words(self) -> frozenset[str]:
        return frozenset(fold(w) for w in self.words)

    @cached_property
    def _by_start_and_length(self) -> dict[tuple[str, int], tuple[str, ...]]:
        """The words by first letter and length."""
        out: dict[tuple[str, int], list[str]] = {}
        for w in self.words:
            out.setdefault((w[:1], len(w)), []).append(w)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _sorted_words(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The words sorted, and each written backwards sorted: a word start and
        a word end are found by bisection."""
        return tuple(sorted(self.words)), tuple(sorted(w[::-1] for w in self.words))

    @cached_property
    def _spelt_out(self) -> frozenset[str]:
        """The acronyms (_ACRONYMS) whose written-out form some article holds."""
        return frozenset(a for a in _ACRONYMS
                         if any(spelt in text for spelt in _ACRONYMS[a] for text in self.texts))


_ARTICLE_NAMED = re.compile(r"\bartikeln\b", re.I)


def _slips_allowed(name: str) -> int:
    """How many letters a name (lower case) may be misspelt by: none under
    five letters, one under ten, else two."""
    return 0 if len(name) < 5 else 1 if len(name) < 10 else 2


# acronyms an official may use for what an article writes out
_ACRONYMS = {
    "ivo": ("inspektionen för vård och omsorg",), "lso": ("skydd mot olyckor",),
    "skr": ("sveriges kommuner och regioner",),
    # LSS is also the unit that gives its support ("äldreomsorgen och funktionsstödet",
    # "funktionshinderområdet"); a form may be the plural ("särskilda boenden")
    "lss": ("stöd och service till vissa", "funktionsstöd", "funktionshinder"),
    "sol": ("socialtjänstlag",), "hsl": ("hälso- och sjukvårdslag",), "lvu": ("vård av unga",),
    "lvm": ("vård av missbrukare",), "ifo": ("familjeomsorg",),
    "mas": ("medicinskt ansvarig",), "bbic": ("barns behov i centrum",),
    "säbo": ("särskilt boende", "särskilda boende"), "usk": ("undersköterska",),
    "ssk": ("sjuksköterska",), "sip": ("samordnad individuell plan", "samordnade individuella plan"),
    "hvb": ("hem för vård eller boende",),
    "ibic": ("individens behov i centrum",),
}


# General terms a question asks by, and the forms of their instances: a
# sport as a word part ("fotbollsmatchen", "ishockeylaget"), an age limit
# (or an age, criteria, conditions: an age limit is one) as an age one must have
# reached ("måste ha fyllt 15 år", "minst 15 år", "75 år eller äldre")
_SPORTS = re.compile(
    r"fotboll|handboll|hockey|bandy|basket|volleyboll|tennis|golf|friidrott|simning|löpning|"
    r"skidor|skidåkning|orientering|brottning|boxning|ridning|cykling|segling|gymnastik|"
    r"curling|padel|badminton|maraton|stafett|schack")
_AGE_LIMIT = re.compile(r"\b(?:minst|fyllt|fylla|fyller)\s+\d+\s+år\b|\b\d+\s+år\s+(?:och|eller)\s+"
                        r"(?:äldre|yngre)\b|\bfrån\s+\d+\s+års\s+ålder\b")
_INSTANCES = {stem(w): form for form, words in (
    (_SPORTS, ("idrott", "sport", "idrottsgren", "sportgren", "bollsport")),
    (_AGE_LIMIT, ("ålder", "åldern", "åldersgräns", "åldersgränsen", "ålderskrav", "åldersgränser",
                  "kriterier", "kriterierna", "kriterium", "villkor", "villkoren")))
    for w in words}


def names_instance(word: str, text: str) -> bool:
    """`word` is a general term (`_INSTANCES`) and `text` names an instance of it."""
    form = _INSTANCES.get(stem(word.lower()))
    return bool(form and form.search(text.lower()))

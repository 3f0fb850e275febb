"""Whether the articles name the person a who-question asks for by role.

"Vem är enhetschef för hemtjänsten i Eda?" is answered only by a name
bound to that role in a sentence of the articles: in apposition
("enhetschefen Anna Berg", "Anna Berg, enhetschef") or as its holder ("Anna
Berg är/blev/tillträdde som enhetschef", "Ny enhetschef blir Anna Berg"),
with no other name between them. Any other name in a passage is no answer.
A place the role itself names ("socialchef i Årjäng", "Gnosjös
socialchef") must be the one asked; otherwise the sentence or its article
must be about it (a neighbour lending "sin socialchef" in an article about
the municipality asked names its holder). The sentence must hold the
role's qualifier ("för hemtjänsten", "på vuxenenheten") when the question
gives one and speak of the past when the question asks for an earlier
holder ("den förre socialchefen", "Vem var socialchef innan ..."); a person
the question names is not the one asked for ("... innan Anna Berg?"), nor
is a role the question gives someone ("Vem erbjöd sin socialchef ..."). The
answerability model weighs the result as `role_unnamed` (answerability.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..swedish.places import named_places
from ..swedish.words import STOP_WORDS, stem
from .kinds import holds_head

# a person's name: two or three capitalised words (a leading role or title
# word is cut off: "Socialsekreteraren Amir Haddad")
_CAP = r"[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?"
_NAME = re.compile(rf"(?<![\w-]){_CAP}(?: {_CAP}){{1,2}}(?![\w-])")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+")
# words that may stand between a name and its role: "NN, som i dag är
# enhetschef", "NN (S), ordförande", "NN tillträdde som socialchef"
_LINK = frozenset("""är var blir blev har hade varit blivit nu i dag idag som sedan tidigare
numera tillträdde tillträder tillträtt utsetts utsågs utses utsedd anställts anställd anställdes
rekryterats till ny nya nye tf tillförordnad tillförordnade ordinarie s m c v l kd mp sd
också även förre arbetat arbetar jobbat jobbar senast närmast kommer från en tjänst
""".split())
_SAYS = re.compile(r"\b(?:säger|berättar|menar|konstaterar|förklarar|tycker|fortsätter)\b")
# an earlier holder asked for, and a sentence that speaks of one
_FORMER_Q = re.compile(r"\b(?:tidigare|förre|förra|före detta|f\.d\.)\s+(?:\w+\s+)?\w*"
                       r"(?:chef|ordförande|direktör|ledare|samordnare)|"
                       r"^\s*(?:vem|vad)\s+(?:var|hette)\b.*\b(?:innan|före)\s+\w|"
                       r"\bsom (?:gick i pension|pensionerades|slutade|lämnade|sa upp sig|avgick)\b",
                       re.I)
_PAST = re.compile(r"\b(?:tidigare|förre|förra|före detta|fram till|gick i pension|pensioner\w*|"
                   r"slutade|lämnade|efterträd\w*|ersatte|ersätter|avgick|sa upp sig|var \w+ innan)\b",
                   re.I)
# the role's qualifier: the words after it up to the place or a clause
_QUALIFIER = re.compile(r"^\s*(?:för|på|i|inom|vid|hos)\s+(.*?)(?=\s+(?:som|och (?:vad|var|vilk|"
                        r"hur)|när|efter|innan|före|under|medan|just)\b|[?,.]|$)", re.I)
_ADJECTIVE = re.compile(r"^(?:den|det|de|nya|nye|ny|nytt|gemensamma|gemensam|nuvarande|delade|"
                        r"egna|centrala|sociala|nyinrättade|kommunens|hela)$", re.I)
_PREP = frozenset("för på i inom vid hos av med till och mellan både".split())


_PLACE_WORDS = frozenset("kommun kommuns kommunen stad staden region".split())
_POSSESSIVE = r"(?:sin|sina|sitt|deras|dess|hans|hennes|their|its)"


@dataclass(frozen=True)
class Asked:
    """The role a who-question asks for and what must go with its holder."""

    roles: tuple[str, ...]  # Swedish role words, base form ('socialchef',)
    qualifiers: tuple[str, ...]  # stems, the first (its head) in a sentence qualifying the role
    places: tuple[str, ...]  # municipalities asked about (official spelling)
    former: bool  # an earlier holder is asked for
    excluded: frozenset[str]  # names the question gives (lower case words)
    title: str | None = None  # a title before the role (_TITLES)


# titles that make another role of the one after them, and how a sentence
# gives them ("tf kommundirektör")
_TITLES = {"biträdande": r"\bbiträdande\b", "vice": r"\bvice\b",
           "tillförordnad": r"\b(?:tillförordnad\w*|tf|t\.f\.)\s"}


def asked_role(question: str, roles: tuple[str, ...], places: tuple[str, ...],
               english: bool = False) -> Asked | None:
    """What a who-question asking for `roles` (Query.roles) needs of a
    sentence naming the holder; None when it asks for no role."""
    if not roles and not english:
        roles = _roles_in(question)
    # "Vem erbjöd sin socialchef ...": a role someone has is the object, the
    # question asks who has it (a municipality, a body), not who holds it
    roles = tuple(r for r in roles if not re.search(rf"\b{_POSSESSIVE}\s+\w*{re.escape(r)}",
                                                    question, re.I))
    if not roles:
        return None
    qualifiers: list[str] = []
    low = question.lower()
    if not english:
        at = min((low.find(r) for r in roles if r in low), default=-1)
        if at >= 0:
            rest = question[at:]
            rest = rest[len(re.match(r"[\w-]*", rest).group(0)):]
            m = _QUALIFIER.match(rest)
            if m:
                qualifiers = _qualifier_stems(m.group(1), places)
    # a name the question gives, in any case ("... efter cecilia wahlund")
    excluded = frozenset(w.lower() for w in _WORD.findall(question)) - STOP_WORDS
    title = next((t for t in _TITLES if re.search(rf"\b{t}\w*\s+\w*(?:{'|'.join(roles)})", low)),
                 None)
    return Asked(roles, tuple(qualifiers), places,
                 bool(_FORMER_Q.search(question)) and not english, excluded,
                 None if english else title)


# a who-question's main clause (up to a clause of its own: "... som gick i
# pension", "... medan socialchefen ..."; "anställd som samordnare" goes on)
_WHO = re.compile(r"^\s*(?:vem|vad\s+(?:heter|hette))\b(.*?)(?:(?<!anställd)(?<!anställda)"
                  r"(?<!uppdraget)\s+(?:som|när|medan|innan|före|efter|och)\b|[?,]|$)", re.I)
_ROLE_WORD = re.compile(r"^([a-zåäö-]*(?:chef|direktör|ordförande|strateg|ledare|utvecklare|"
                        r"sekreterare|samordnare|handläggare))(?:en|n|s|ens|s?tjänsten|s?posten|"
                        r"s?uppdraget)?$")


def _roles_in(question: str) -> tuple[str, ...]:
    """The role words of a who-question's main clause that Query.roles
    misses: "Vad heter Tranås tidigare socialchef ...", "Vem hade
    socialchefstjänsten ...", "Vem är anställd som samordnare ..."."""
    m = _WHO.match(question)
    if not m:
        return ()
    found = (_ROLE_WORD.match(w.lower()) for w in _WORD.findall(m.group(1)))
    return tuple(dict.fromkeys(f.group(1) for f in found if f))


def _qualifier_stems(phrase: str, places: tuple[str, ...]) -> list[str]:
    """The nouns of a qualifier phrase, stemmed: "den nya bemanningsenheten
    i Alingsås äldreomsorg" -> ['bemanningsenhet', 'äldreomsorg']."""
    named = {p.lower() for p in places} | {p.lower()[:6] for p in places}
    out = []
    for w in _WORD.findall(phrase):
        lw = w.lower()
        if (lw in _PREP or lw in STOP_WORDS or _ADJECTIVE.match(lw) or len(lw) < 3
                or lw in named or lw[:6] in named or named_places(w) or lw in _PLACE_WORDS):
            continue
        out.append(stem(lw))
    return [s for s in out if len(s) >= 3]


def names_holder(sentence: str, asked: Asked, article_places: frozenset[str]) -> bool:
    """`sentence` (of an article about `article_places`) binds a name to
    the role asked, for the place, qualifier and time asked."""
    low = sentence.lower()
    if not any(r in low for r in asked.roles):
        return False
    names = [m for m in _NAME.finditer(sentence) if _person(m.group(0), asked)]
    if not names:
        return False
    if asked.places:  # a place in a name is none ("Annika Berg")
        bare = _NAME.sub("", sentence)
        named = {p.lower() for p in named_places(bare)}
        wanted = {p.lower() for p in asked.places}
        # the role's own place ("socialchef i Årjäng", "Gnosjös socialchef"),
        # else the sentence's or its article's ("Svenljunga ... delar med
        # sig av sin socialchef" in an article about Tranemo)
        own_place = {p.lower() for p in _role_places(bare, asked.roles)}
        if own_place and not own_place & wanted:
            return False
        if not own_place and not named & wanted and not {
                p.lower() for p in article_places} & wanted:
            return False
    # a role qualified otherwise ("enhetschef för barn och unga") is another role
    own = re.compile(rf"(?:{'|'.join(map(re.escape, asked.roles))})\w*\s+(?:för|på|inom|vid|i)\s+"
                     r"(?!att\b)[a-zåäö]")
    if asked.qualifiers and own.search(low) and not holds_head(low, asked.qualifiers[0]):
        return False
    # a title before the role asked is part of it ("biträdande socialchef")
    if asked.title and not re.search(_TITLES[asked.title], low):
        return False
    if asked.former and not _PAST.search(sentence):
        return False
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(sentence)]
    roles = [(s, e) for s, e, w in words if any(r in w.lower() for r in asked.roles)]
    for m in names:
        for rs, re_ in roles:
            if m.start() <= rs < m.end():  # "Socialsekreteraren Amir Haddad"
                if rs == m.start() and len(m.group(0).split()) == 3:
                    return True
                continue
            lo, hi = (m.end(), rs) if rs >= m.end() else (re_, m.start())
            if any(lo <= n.start() < hi for n in names if n is not m) or _SAYS.search(
                    sentence[lo:hi].lower()):
                continue
            if all(_links(w.lower(), asked) for s, _, w in words if lo <= s < hi):
                return True
    return False


def _role_places(sentence: str, roles: tuple[str, ...]) -> set[str]:
    """The municipalities named right by a role: in the five words after
    it, before a comma or a full stop, or as a genitive before it."""
    out: set[str] = set()
    low = sentence.lower()
    for r in roles:
        for m in re.finditer(re.escape(r), low):
            after = " ".join(re.split(r"[.,;:!?–]", sentence[m.end():])[0].split()[:5])
            before = " ".join(sentence[:m.start()].split()[-1:])
            out |= named_places(after) | {p for p in named_places(before) if before.endswith("s")}
    return out


def _links(word: str, asked: Asked) -> bool:
    """`word` may stand between a name and its role: a verb of being or
    becoming, a preposition, an article, a genitive ("den gemensamma
    nämndens första ordförande"), a word of the question."""
    return (word in _LINK or word in _PREP or word in asked.excluded or word in _ARTICLES
            or bool(_ADJECTIVE.match(word)) or word in ("första", "förste")
            or (word.endswith("s") and len(word) > 4))


_ARTICLES = frozenset("den det de en ett sin sitt sina".split())


def _person(name: str, asked: Asked) -> bool:
    """A capitalised pair that is not a name the question gives."""
    return name.split()[-1].lower() not in asked.excluded


def role_unnamed(asked: Asked, sentences, article_places) -> bool:
    """No sentence of the articles (`sentences`: per article, its
    sentences; `article_places`: per article, its municipalities) binds a
    name to the role asked."""
    for sents, places in zip(sentences, article_places):
        places = frozenset(places)
        if any(names_holder(s, asked, places) for s in sents):
            return False
        # the role ends a sentence and the name begins the next: "... har en
        # ny socialchef. Cecilia Wallin kommer närmast från ..."
        if any(_ends_with_role(a, asked) and _NAME.match(b)
               and names_holder(f"{a} {b}", asked, places) for a, b in zip(sents, sents[1:])):
            return False
    return True


def _ends_with_role(sentence: str, asked: Asked) -> bool:
    words = _WORD.findall(sentence)
    return bool(words) and any(r in words[-1].lower() for r in asked.roles)

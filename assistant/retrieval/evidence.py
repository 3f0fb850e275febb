"""What a question asks for and what a sentence holds, from their words:
the answer type (a time, a person, a number) and roles for the ranking
signals (signals.py), cross-article and outcome questions, the subject a
question asks about (coverage.py). The decision to decline is the
answerability model's (answerability.py), which reads some of these.
"""

from __future__ import annotations

import re

from ..swedish.places import named_places
from ..swedish.words import STOP_WORDS

_NUM = (r"(\d[\d  .,]*|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|fjorton|femton|"
        r"sexton|sjutton|arton|nitton|tjugo|trettio|fyrtio|femtio|sextio|sjuttio|åttio|nittio|"
        r"hundra|tusen|miljon(?:er)?|miljard(?:er)?|hälften|dubbelt)")
_MONTHS = r"(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)"
_DATE_OR_YEAR = re.compile(rf"\b\d{{1,2}} {_MONTHS}\b|\b(19|20)\d\d\b", re.IGNORECASE)
# a count in words that is no time ("under ett par år" answers "Hur många år",
# not "När")
_NUMBER = re.compile(rf"\b(?:{_NUM}|ett par|ett dussin|ett [a-zåäö]+tal)\b", re.IGNORECASE)


def _numbers(text: str) -> list[re.Match]:
    """Numbers in `text` that are not dates or years."""
    masked = _DATE_OR_YEAR.sub(lambda m: " " * len(m.group(0)), text)
    return list(_NUMBER.finditer(masked))


_CROSS = re.compile(
    r"\b(vilka|flera|olika|andra|alla|några|fler) kommuner|\bkommunerna\b|\bvar någonstans\b|"
    r"\bfinns det (?:några |fler |andra )?(?:exempel|kommuner)\b|\bnågon (?:annan )?kommun\b|"
    r"\b(?:vilka av|i vilka) artikl|\bde kommuner som\b|^\s*var (?:finns det|har man)\b|"
    r"\b(which|what|other|several|any) (municipalities|councils)\b|\bexamples? of\b|"
    r"\bin which articles\b", re.IGNORECASE)


def is_cross_article(question: str) -> bool:
    """Questions about several municipalities want one passage from each."""
    return bool(_CROSS.search(question))


# What kind of answer a question wants, and whether a sentence has one.
_WANTS_TIME = re.compile(
    r"^\s*(när|sedan när|hur länge|under vilken (tid|period)|vilken (tid|period|dag|månad|år)|"
    r"vilket år|when|since when|how long|what (date|year|period))\b", re.IGNORECASE)
# "Vems perspektiv/ansvar ..." and "whose ..." mostly want a group or a role
# ("brukarens"), not a named person (eval: hit@3 +0.02 and +0.04 without them).
_WANTS_PERSON = re.compile(r"^\s*(vem|vilka personer|who|whom)\b", re.IGNORECASE)
_WANTS_NUMBER = re.compile(r"^\s*(hur många|how many)\b", re.IGNORECASE)
_TIME = re.compile(
    rf"\b\d{{1,2}} {_MONTHS}\b|\b(19|20)\d\d\b|\b{_MONTHS}\b|\b(våren|hösten|sommaren|vintern)\b|"
    rf"\b{_NUM} (år|månader|veckor|dagar)\b|\b(sedan|från) \d", re.IGNORECASE)
_PERSON = re.compile(r"(?<![.!?] )(?<!^)\b[A-ZÅÄÖÉ][a-zåäöéü]+(-[A-ZÅÄÖ][a-zåäö]+)? [A-ZÅÄÖ][a-zåäöéü]+")
# ... or opening the sentence ("Cecilia Wallin kommer närmast från ..."), not after a word
# every sentence capitalises ("I Vetlanda", "Nu Anna") nor a place ("Region Jönköpings län")
_NOT_FIRST_NAMES = (STOP_WORDS - {"hans"}) | frozenset(
    "region kommun lilla stora upplands västra östra norra södra sveriges svenska röda nya gamla "
    "vision".split())
_PERSON_FIRST = re.compile(r"^\W*([A-ZÅÄÖÉ][a-zåäöéü]+)(?:-[A-ZÅÄÖ][a-zåäö]+)? [A-ZÅÄÖ][a-zåäöéü]+")


def expected_answer(question: str) -> str | None:
    """'time', 'person' or 'number' for questions that ask for one."""
    if _WANTS_TIME.search(question):
        return "time"
    if _WANTS_PERSON.search(question):
        return "person"
    if _WANTS_NUMBER.search(question):
        return "number"
    return None


def has_answer_type(text: str, kind: str | None, opening: bool = False) -> bool:
    """`text` has the answer type `kind`; `opening`: a name opening it counts as a person's
    (for a holder of a role asked: "Vem är ny socialchef ...", "Cecilia Wallin kommer ...")."""
    if kind == "time":
        return bool(_TIME.search(text))
    if kind == "person":
        first = _PERSON_FIRST.match(text) if opening else None
        return bool(_PERSON.search(text)) or bool(
            first and first.group(1).lower() not in _NOT_FIRST_NAMES
            and not named_places(first.group(1)))
    if kind == "number":
        return bool(_numbers(text))
    return False


# --- roles: "vem är socialchef i ...", "who is the head of social services ..."
# the last part of a role's name ("socialchef", "enhetsledare", "kvalitetsstrateg")
ROLE_ENDINGS = (r"chef|direktör|ordförande|strateg|ledare|utvecklare|sekreterare|behandlare|"
                r"handläggare|samordnare|controller|konsulent|kurator|jurist")
_ROLE_WORD = re.compile(rf"^[a-zåäöé-]*({ROLE_ENDINGS})$")
_ROLE_SUFFIXES = ("ens", "en", "erna", "er", "s", "n")
_ROLE_Q = re.compile(
    r"^\s*(vem|vilka personer|vad heter|vad hette|who|whom|what is the name of)\b", re.IGNORECASE)
_ROLE_HEAD = re.compile(
    r"\b(?:vem är|vem var|vem blir|vem leder|vad heter|vad hette|who is|who was|who leads|"
    r"what is the name of)\s+(?:the |den |det |de |nya |nye |new |current )*"
    r"([^\W\d_]+(?:-[^\W\d_]+)?(?:\s+[^\W\d_]+)?)", re.IGNORECASE)
# a person's name: two capitalised words, or the one after "säger"/"berättar"
FULL_NAME = (r"\b[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöé]+)? "
             r"[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?\b")
NAME = re.compile(FULL_NAME + r"|\b(?:säger|berättar|fortsätter) [A-ZÅÄÖ][a-zåäöé]+")
# a word, a hyphenated compound whole ("Nyström-Andersson", "lss-boende")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


def role_base(word: str) -> str | None:
    """'socialchefen' -> 'socialchef'; None when `word` names no role."""
    w = word.lower()
    if _ROLE_WORD.match(w):
        return w
    for suffix in _ROLE_SUFFIXES:
        base = w[:-len(suffix)]
        if w.endswith(suffix) and len(base) > 4 and _ROLE_WORD.match(base):
            return base
    return None


def _english_roles() -> list[tuple[str, str]]:
    from importlib import resources
    text = resources.files("assistant").joinpath("data/roles_en.txt").read_text("utf-8")
    pairs = [tuple(x.strip() for x in line.split("=", 1)) for line in text.splitlines()
             if "=" in line and not line.lstrip().startswith("#")]
    return sorted(pairs, key=lambda p: -len(p[0]))


_EN_ROLES = _english_roles()
# an English who-question whose role is the object of what someone did
_EN_OBJECT_Q = re.compile(
    r"^\s*who\s+(?:(?:will|would|has|have|had|did|is responsible for|was responsible for)\s+)?"
    r"(?:appoint(?:ed|ing)?|hir(?:e|ed|ing)|recruit(?:ed|ing)?|employ(?:ed|ing)?|lend|lent|"
    r"borrow(?:ed)?|cho(?:se|ose)|select(?:ed)?|interview(?:ed)?|support(?:ed)?|help(?:ed)?|"
    r"critici[sz]ed?|train(?:ed)?)\b")


def asked_roles(question: str, english: bool = False) -> tuple[str, ...]:
    """The role(s) a who-question asks about, in Swedish base form:
    "Vem är socialchef i Mellerud?" -> ('socialchef',); English role words
    are mapped ("head of social services" -> 'socialchef'). Only the words
    right after "vem är / vad heter / who is" count: a role elsewhere in the
    question is its premise, not what it asks."""
    if not _ROLE_Q.search(question):
        return ()
    if english:  # ... or the Swedish title it gives: "the head of care (förvaltningschef)"
        low = question.lower()
        if _EN_OBJECT_Q.match(low):  # "Who appointed the project manager ...": not its holder
            return ()
        given = [r for w in re.findall(r"\(([^\W\d_]+(?:-[^\W\d_]+)?)\)", low)
                 if (r := role_base(w))]
        return tuple(dict.fromkeys(given + [sv for en, sv in _EN_ROLES
                                            if re.search(rf"\b{re.escape(en)}\b", low)]))
    head = _ROLE_HEAD.search(question)
    if not head:
        return ()
    return tuple(r for r in (role_base(w) for w in head.group(1).split()) if r)


def names_role(text: str, roles: tuple[str, ...]) -> bool:
    """The sentence holds one of `roles` and a person's name."""
    low = text.lower()
    return any(r in low for r in roles) and bool(NAME.search(text))


# --- what a question asks about, for "no article mentions it"
_SUBJECT = re.compile(
    r"\b(?:vilket|vilken|vilka)\s+(?:(?:sorts|sorters|slags|(?:typ|typer|form|former|sort|sorter) av)\s+)?"
    r"([^\W\d_]+)"
    r"|\b(?:vem är|vem var|vad heter|vem leder)\s+(?:den |det |de |nya |nye |högsta |högste |"
    r"främsta |översta )*([^\W\d_]+)"
    r"|\bfinns det (?:några |en |ett |planer på (?:en |ett |att )?(?:ny |nytt |nya )?)?([^\W\d_]+)"
    r"|^\s*när (?:öppnar|stänger|invigs|byggdes|startar|börjar) (?:den |det |nya )?([^\W\d_]+)",
    re.IGNORECASE)
# "Vilka stöttade / hjälpte ...": a past-tense verb after "vilka" asks who, names no subject
_PAST_VERB = re.compile(r"[^\W\d_]{3,}(ade|erade|[^\W\daeiouyåäö]te)$", re.I)
_GENERIC = frozenset("som personer kommuner kommun år tid period sätt datum dag dagar månad vecka "
                     "veckodagar tidpunkt titel roll befattning artikel artikeln artiklar "
                     "artiklarna".split())


# A name the question gives inside a sentence: a capitalised word or an
# acronym ("fackförbundet Vision", "IVO:s tillsyn"); in an English question
# only an acronym or a word with a Swedish letter, since English
# capitalises months, weekdays and words such as "Swedish"; not common
# abbreviations ("CEO", "IT"), nor any word of a question typed in capitals
_NAME_WORD = re.compile(r"\b([A-ZÅÄÖ]{2,}|[A-ZÅÄÖ][a-zåäöé]{2,})\b")
_SENTENCE_END = ".!?:;…—–-)\"'(«»“”"
_SWEDISH_LETTER = re.compile(r"[åäöÅÄÖ]")
_COMMON_CAPS = frozenset("CEO AM PM UK US USA EU FTE ICT NGO HR IT OK TV ID FAQ PDF AI VD SMS".split())


def asked_names(question: str, english: bool = False) -> tuple[str, ...]:
    """The names a question gives, not at the start of a sentence."""
    letters = [c for c in question if c.isalpha()]
    if sum(c.isupper() for c in letters) * 2 > len(letters):
        return ()
    out = []
    for m in _NAME_WORD.finditer(question):
        w = m.group(1)
        before = question[:m.start()].rstrip()
        if not before or before[-1] in _SENTENCE_END or w in _COMMON_CAPS:
            continue
        if english and not (w.isupper() or _SWEDISH_LETTER.search(w)):
            continue
        out.append(w)
    return tuple(out)


# Whose opinion a Swedish question asks: "Vad tycker pensionärsrådet i Eda
# om ...", "Vad tyckte IVO om ...", "Hur ser facket på ...". An opinion of
# this place is told only where its articles name the holder.
_OPINION = re.compile(
    r"\b(?:vad|hur)\s+(?:tycker|tyckte|anser|ansåg|tänker|tänkte)\s+(?:den |det |de )?"
    r"([^\W\d_]+(?:-[^\W\d_]+)?)\s+(?:i\s+\S+\s+)?om\b"
    r"|\bhur\s+(?:ser|såg)\s+(?:den |det |de )?([^\W\d_]+)\s+(?:i\s+\S+\s+)?på\b", re.I)
_NO_HOLDER = frozenset("man ni vi de dom dem du jag hon han hen folk folket alla någon några "
                       "många flesta fler flera andra kommunen kommunerna".split())


def opinion_holder(question: str) -> str | None:
    """The one whose opinion a Swedish question asks ("pensionärsrådet",
    "IVO"), or None: no pronoun or quantifier ("dom", "de flesta"), no
    word under four letters but an acronym."""
    m = _OPINION.search(question)
    holder = m and (m.group(1) or m.group(2))
    if not holder or holder.lower() in _NO_HOLDER or len(holder) < 4 and not holder.isupper():
        return None  # no one in particular, a pronoun, or "Hur ser det ut på ..."
    return holder


# "Vilken sparsumma / vilket belopp ...": a sum asked, no subject of its own
_SUMS = ("summa", "summan", "summor", "summorna", "belopp", "beloppet", "beloppen")


def asked_subjects(question: str) -> tuple[str, ...]:
    """The nouns a Swedish question asks about ("Vilket parti ...", "När
    öppnar badhuset?", "Vem är kommunstyrelsens ordförande?")."""
    out = []
    for m in _SUBJECT.finditer(question):
        out += [g for g in m.groups() if g and len(g) >= 4 and g.lower() not in _GENERIC
                and not _PAST_VERB.search(g) and not g.lower().endswith(_SUMS)]
    return tuple(out)


# --- gains and results
_OUTCOME_Q = re.compile(
    r"\b(vunnit|vinner|vinna|vinst\w*|tjänar|tjäna|fått ut|få ut|gett|ger det|lett till|"
    r"resultat\w*|effekt\w*|nytta|förbättr\w*|billigare|gained|gain\w*|benefit\w*|results?|"
    r"effects?|outcomes?|achieved|improve\w*|drop(?:s|ped|ping)?(?!-)|decreas\w*|"
    r"reduc(?:e|ed|es|ing|tion)|"
    r"go(?:ne)? down)\b", re.IGNORECASE)
_OUTCOME = re.compile(
    r"(resultat|effekt|vinst|förbättr|kvalitetsökning|ökat|minskade|minskat|bättre|lyckosam|"
    r"möjligheter|stabilitet|balans)", re.IGNORECASE)


def asks_outcome(question: str) -> bool:
    return bool(_OUTCOME_Q.search(question))


def has_outcome(text: str) -> bool:
    return bool(_OUTCOME.search(text))


_TIME_AFTER_PREPOSITION = re.compile(
    r"^\s*(for|during|in|from|since|over)\s+(what|which)\s+(period|years?|date|time|months?)\b|"
    r"^\s*(från|för|i|sedan|fram till)\s+(vilken|vilket|när)\b", re.IGNORECASE)


def wants_time_after_preposition(question: str) -> bool:
    return bool(_TIME_AFTER_PREPOSITION.search(question))

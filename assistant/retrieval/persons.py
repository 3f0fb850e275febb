"""Whether the articles name the person a who-question asks for by role.

"Vem är enhetschef för hemtjänsten i Eda?" is answered only by a name bound to that role in a
sentence of the articles: in apposition ("enhetschefen Anna Berg", "Anna Berg, enhetschef") or
as its holder ("Anna Berg är/blev/tillträdde som enhetschef", "Ny enhetschef blir Anna Berg"),
no other name between; a municipality alone ("Lilla Edet") is no name. A role ending a sentence
is bound by the next only when it introduces the holder ("Hon heter Anna Berg", "I Säter går
uppdraget till Anna Berg" after a post made "i varje kommun": the place asked); a role anywhere
in it, when the next gives the post ("Tjänsten går till Anna Berg") and no other post or unit
follows the role there. A title right before the name is the holder's own ("Ordförande i
gruppen är Edas socialchef Anna Berg"). A place the
role names ("Gnosjös socialchef") must be the one asked, else the sentence's or its article's;
the question's qualifier ("för hemtjänsten") must be there; so must a title it gives ("tf"). An
earlier holder ("NN var socialchef", "förre socialchefen NN", "NN efterträder Eva Ek") answers
only a question for one ("... innan ...", "... tidigare?"), unless a present verb binds him now
("NN, som tidigare arbetat i Borås, är ny socialchef"); a question in the past tense alone ("Vem
var ...?") takes either. A name or a role the question gives is not the one asked for (what
the question asks: role_questions.py). The answerability model weighs the result as
`role_unnamed` (answerability.py).
"""

from __future__ import annotations

import re

from ..swedish.places import (AMBIGUOUS_NAME, blanked, canonical_municipality, masked, named_places,
                              place_spans)
from .evidence import role_base
from .fact_heads import holds_head
from .role_questions import ADJECTIVE, PLACE_WORDS, PREP, TITLES, Asked
from .role_questions import WORD as _WORD

# a name: two or three capitalised words (a leading role word is cut: "Socialsekreteraren Amir")
_CAP = r"[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?"
_NAME = re.compile(rf"(?<![\w-]){_CAP}(?: {_CAP}){{1,2}}(?![\w-])")
# words that may stand between a name and its role: "NN, som i dag är
# enhetschef", "NN (S), ordförande", "NN tar över som socialchef": verbs of being,
# becoming, naming, taking up and working, adverbs of time, titles, parties
_LINK = frozenset("""är blir blev har varit blivit bli vara nu i dag idag som sedan numera redan
tillträdde tillträder tillträtt tillträda utsetts utsågs utses utsedd utsedda utnämnts utnämndes
anställts anställd anställdes anställs rekryterats rekryterades rekryterad valts valdes vald
till ny nya nye nytt tf tillförordnad tillförordnade ordinarie också även arbetar jobbar verkar
tjänstgör s m c v l kd mp sd heter tar tagit över börjar börjat går
""".split())
# ... and those that make the holder an earlier one: "NN var socialchef",
# "NN har tidigare arbetat som socialchef", "NN kommer närmast från en
# tjänst som socialchef", "förre socialchefen NN"
_PAST_LINK = frozenset("""var hade tidigare förre förra före detta fd f d dåvarande senast närmast
kommer kom från arbetat jobbat verkat tjänstgjort en ett tjänst tjänsten jobb jobbet roll rollen tog
började""".split())
_PAST_MARK = frozenset("var hade tidigare förre förra detta fd dåvarande senast närmast arbetat "
                       "jobbat verkat tjänstgjort tog började".split())
_PRESENT = frozenset("är blir tillträder numera".split())
_SINCE = re.compile(r"^[^.;:!?–]*?\bsedan\b", re.I)
_PAST_BEFORE = re.compile(r"(?:förre|förra|tidigare|dåvarande|f\.\s?d\.|före detta|fd)\s+$", re.I)
# after the role, in its clause: "socialchef i Hjo fram till 2019", "mellan 2015 och 2020"
_PAST_AFTER = re.compile(r"^[^.,;:!?–]*?\b(?:fram till (?:\d{4}|i fjol|förra|förr|nyligen)|"
                         r"(?:mellan|åren) \d{4}\s*(?:och|-|–)\s*\d{4})", re.I)
# a name just after these is the one replaced: "NN efterträder Eva Ek som socialchef"
_REPLACED = re.compile(r"\b(?:efterträd\w*|ersätt\w*|ersatte|efter|avlös\w*)\s*$", re.I)
_REPLACING = frozenset("efterträder efterträtt efterträdde ersätter ersatt ersatte avlöser "
                       "avlöst avlöste".split())
# what ends a binding through the holder's own title: another's ("en ordförande och socialchefen
# NN"), an agent ("utses av socialchefen NN")
_TO_ROLE = r"(?:(?!\b(?<!- )och\b|\bsamt\b|,).)*$"  # from a title to its role
_JOINED = re.compile(r"\b(?:och|samt|eller|av|hos|med|enligt|till)\b|,")
_SAYS = re.compile(r"\b(?:säger|berättar|menar|konstaterar|förklarar|tycker|fortsätter)\b")
_PAST = re.compile(r"\b(?:tidigare|förre|förra|före detta|gick i pension|pensioner\w*|slutade|lämnade|"
                   r"efterträd\w*|ersatte|ersätter|avgick|sa upp sig|var \w+ innan|fram till [^.,;:!?–]*?"
                   r"(?:\d{4}|fjol|förr\w*|nyligen|våras|somras|höstas|vintras|sedan|pension\w*))\b", re.I)
_AGE = re.compile(r",\s*\d{1,3}(?:\s*år)?\s*,")


def names_holder(sentence: str, asked: Asked, article_places: frozenset[str]) -> bool:
    """`sentence` (of an article about `article_places`) binds a name to
    the role asked, for the place, qualifier and time asked."""
    low = sentence.lower()
    if not any(r in low for r in asked.roles) or asked.short and not any(
            r in low for r in asked.roles[:-1]) and not re.search(rf"\b{asked.short}", low):
        return False
    sentence = _AGE.sub(lambda m: " " * len(m.group(0)), sentence)  # "NN, 47, är ..."
    names = _names(sentence, asked)
    if not names:
        return False
    if asked.places:  # a place in a name is none ("Annika Berg")
        bare = blanked(sentence, [(s, e) for s, e, _ in names])
        named = {p.lower() for p in named_places(bare)}
        wanted = {p.lower() for p in asked.places}
        # the role's own place ("socialchef i Årjäng", "Gnosjös socialchef"), else the sentence's
        # or its article's ("Svenljunga ... delar med sig av sin socialchef" about Tranemo)
        own_place = {p.lower() for p in _role_places(bare, asked.roles)}
        if own_place and not own_place & wanted:
            return False
        if not own_place and not named & wanted and not {
                p.lower() for p in article_places} & wanted:
            return False
    # a role qualified otherwise ("enhetschef för barn och unga", "kulturnämndens ordförande",
    # "kommunstyrelsens ordförande"; a bare "nämndens" is the body named before) is another; a
    # place is none ("i Lilla Edet")
    alts = "|".join(map(re.escape, asked.roles))
    own = re.compile(rf"(?:{alts})\w*\s+(?:för|på|inom|vid|i)\s+(?!att\b)[a-zåäö]|"
                     rf"(?P<body>\w+(?:nämnd|utskott|styrelse|fullmäktige)\w*s)\s+(?:\w+\s+)?"
                     rf"(?:{alts})")
    other = asked.qualifiers and own.search(masked(sentence, asked.places).lower())
    # (a body's chair is that body's: "Kommunstyrelsens ordförande NN säger att socialnämnden")
    if other and not holds_head(other["body"] or low, asked.qualifiers[0]):
        return False
    # a title before the role asked is part of it ("biträdande socialchef")
    if asked.title and not re.search(TITLES[asked.title], low):
        return False
    # an earlier holder asked for: a sentence of the past or a binding of it
    any_past = asked.either or asked.former and bool(_PAST.search(sentence))
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(sentence)]
    roles = [(s, e) for s, e, w in words if any(r in w.lower() for r in asked.roles)
             and not _another_post(w, sentence[:s], sentence[e:], asked)
             # the title asked just before the role bound ("IFO-chefen NN får en biträdande
             # chef" names no biträdande chef; "biträdande förvaltnings- och socialchef" does)
             and (not asked.title or re.search(TITLES[asked.title] + _TO_ROLE,
                                               low[max(0, s - 40):s]))]
    # a municipality between them ("Lisa Dahl, förr chef i Kinda, blir ...")
    places = place_spans(sentence, asked.places) + [
        m.span() for m in AMBIGUOUS_NAME.finditer(sentence)
        if not any(s <= m.start() < e for s, e, _ in names)]
    # the one replaced ("NN efterträder Eva Ek som socialchef") is no holder now
    replaced = set() if asked.former else {n for n in names if _REPLACED.search(sentence[:n[0]])}
    transparent = places + [(s, e) for s, e, _ in replaced]
    for m in names:
        if m in replaced:
            continue
        for rs, re_ in roles:
            if m[0] <= rs < m[1]:  # "Socialsekreteraren Amir Haddad"
                if rs == m[0] and len(m[2].split()) == 3 and (
                        any_past or _past(sentence, rs, re_, rs) == asked.former):
                    return True
                continue
            lo, hi = (m[1], rs) if rs >= m[1] else (re_, m[0])
            between = [n for n in names if lo <= n[0] < hi and n is not m and n not in replaced]
            if between or _SAYS.search(sentence[lo:hi].lower()):
                continue
            # the name's own title, a word for a post right before it ("... är Oskarshamns
            # socialchef Anders Rydén"; not another's after "och": "en ordförande och
            # socialchefen NN")
            title = hi == m[0] and not _JOINED.search(sentence[lo:hi])
            if not all(_links(w.lower(), asked) or any(a <= s < b for a, b in transparent)
                       or title and sentence[e:hi].isspace() and role_base(w)
                       for s, e, w in words if lo <= s < hi):
                continue
            # the words of this binding: from the nearest other role on the name's side
            near = max([lo] + [e for s, e in roles if lo <= s and e <= hi]) if hi == rs else lo
            if any_past or _past(sentence, near, hi, rs) == asked.former:
                return True
    return False


# a post of a level, not a unit ("förvaltningschef"): the unit's own post where the unit asked
# ends in it ("chef för omsorgsförvaltningen")
_LEVELS = ("förvaltning", "verksamhet", "sektion", "avdelning")
# the unit after a post ("enhetschef i hemtjänsten"), a genitive just before it ("Hemtjänstens")
_UNIT_AFTER = re.compile(r"\s+(?:för|på|inom|vid|i)\s+((?:[\w-]+\s+){0,2}[\w-]+)")
_GENITIVE_BEFORE = re.compile(r"(\w{4,})s\s+$")


def _another_post(word: str, before: str, after: str, asked: Asked) -> bool:
    """A bare "chef" asked with a qualifier ("chef för individ- och familjeomsorgen"): a compound
    naming another post ("områdeschef") is not it, unless its first part begins as one of the
    qualifier's words does ("socialchef" for "socialtjänsten", "omsorgschefen" for "vård- och
    omsorgsförvaltningen", "IFO-chefen" for IFO), a genitive just before it does ("Hemtjänstens
    enhetschef"), or the unit follows it ("enhetschef i hemtjänsten")."""
    w = word.lower()
    if asked.roles != ("chef",) or not asked.qualifiers or w.startswith("chef"):
        return False
    quals = [q.replace("ifo", "individ") for q in asked.qualifiers]

    def unit(part: str) -> bool:
        part = part.replace("ifo", "individ")
        return len(part) >= 3 and any(q.startswith(part[:5]) or part.startswith(q[:5])
                                      or part in _LEVELS and q.endswith(part) for q in quals)
    follows = _UNIT_AFTER.match(after)
    genitive = _GENITIVE_BEFORE.search(before)
    return not (unit(w[:w.find("chef")].rstrip("s-"))
                or genitive and unit(genitive.group(1).lower())
                or follows and any(unit(x) for x in follows.group(1).lower().split()))


def _past(sentence: str, lo: int, hi: int, rs: int) -> bool:
    """The words `sentence[lo:hi]` between a name and the role at `rs`, the word before the role
    and its clause make the holder an earlier one ("NN var socialchef", "förre socialchefen NN",
    "socialchef fram till 2019")."""
    between = {w.lower() for w in _WORD.findall(sentence[lo:hi])}
    role_end = rs + len(_WORD.match(sentence, rs).group(0))
    # a present verb binds now, whatever the person's past or the term's end
    # ("NN är tf socialchef fram till 2025"); so does "har arbetat som ... sedan"
    if between & _PRESENT or "har" in between and _SINCE.match(sentence[role_end:]):
        return False
    return bool(between & _PAST_MARK or _PAST_BEFORE.search(sentence[:rs])
                or _PAST_AFTER.match(sentence[role_end:]))


def _names(sentence: str, asked: Asked) -> list[tuple[int, int, str]]:
    """The persons' names in `sentence` (start, end, name): no municipality
    ("Lilla Edet", "Upplands Väsby") and no name the question gives."""
    spans = place_spans(sentence)  # a surname may be a municipality ("Anna Norberg")
    return [(m.start(), m.end(), m.group(0)) for m in _NAME.finditer(sentence)
            if not any(a <= m.start() and m.end() <= b for a, b in spans)
            and _person(m.group(0), asked)]


def _role_places(sentence: str, roles: tuple[str, ...]) -> set[str]:
    """The municipalities named right by a role: in the five words after
    it, before a comma or a full stop, or as a genitive before it."""
    out: set[str] = set()
    low = sentence.lower()
    for r in roles:
        for m in re.finditer(re.escape(r), low):
            after = " ".join(re.split(r"[.,;:!?–]", sentence[m.end():])[0].split()[:5])
            before = " ".join(sentence[:m.start()].split()[-2:])  # "Lilla Edets socialchef"
            out |= named_places(after) | {p for p in named_places(before)
                                          if before.endswith(p + "s")}
    return out


def _links(word: str, asked: Asked) -> bool:
    """`word` may stand between a name and its role: a verb of being or becoming, a preposition,
    an article, a genitive ("den gemensamma nämndens första ordförande"), a question's word in
    any form ("för särskilt boende")."""
    return (word in _LINK or word in _PAST_LINK or word in _REPLACING or word in PREP
            or word in _ARTICLES or word in PLACE_WORDS or word in ("första", "förste")
            or word in asked.excluded or bool(ADJECTIVE.match(word)) or any(
                x[:6] == word[:6] for x in asked.excluded if len(x) > 5 and len(word) > 5)
            or (word.endswith("s") and len(word) > 4))


_ARTICLES = frozenset("den det de en ett sin sitt sina".split())
_BODIES = frozenset("Region Regionen Landstinget Förbundet Samordningsförbundet".split())


def _person(name: str, asked: Asked) -> bool:
    """A capitalised pair that is not a name the question gives."""
    return name.split()[-1].lower() not in asked.excluded and name.split()[0] not in _BODIES


# the next sentence names the holder only as its subject with a verb of taking up the post, or as
# the one introduced: "Anna Berg, 52, tillträder i maj", "Hon heter Anna Berg", "(I Säter) går
# uppdraget till Anna Berg"; any other name there ("Eva Ek tycker ...") is no holder
_NEXT_INTRO = re.compile(r"^(?:(?:Hon|Han|Hen|Personen|Den nya|Den nye|Den nyanställda) heter|"
                         r"(?:Det|Den nya|Den nye) (?:blir|blev|är)|Valet (?:föll|har fallit) på|"
                         r"(?:I (?P<ort>[A-ZÅÄÖ][\w-]+(?: [A-ZÅÄÖ][\w-]+)?(?: kommun)?) "
                         r"(?:går|gick) (?:uppdraget|tjänsten|rollen|posten|jobbet)|"
                         r"(?:Uppdraget|Tjänsten|Rollen|Posten|Jobbet) (?:går|gick)) till)\s+$")
_EACH = re.compile(r"\s+i (?:varje|båda|respektive|alla|samtliga|de)(?: \w+)? "
                   r"kommun(?:en|er|erna)?(?=\W*$)")
_NEXT_VERB = re.compile(r"^(?:,\s*\d+(?:\s+år)?,|\s+\(\w+\),?)?\s+(?:heter|tillträd\w*|"
                        r"har tillträtt|tar över|tog över|börjar|började|"
                        r"kommer(?: närmast| senast)? från|"
                        r"har (?:utsetts|anställts|rekryterats|valts|utnämnts)|utsågs|"
                        r"utses|anställdes|anställs|rekryterades|valdes|efterträder|efterträdde|"
                        r"ersätter|ersatte|har arbetat|har jobbat|arbetar|jobbar|är \d+ år)\b")


def _next_holder(sentence: str, asked: Asked) -> str | None:
    """The holder a sentence after the role names, by _NEXT_INTRO/_NEXT_VERB."""
    for s, e, name in _names(sentence, asked):
        intro = s > 0 and _NEXT_INTRO.match(sentence[:s])
        if s == 0 and _NEXT_VERB.match(sentence[e:]) or intro and (
                not intro["ort"] or not asked.places
                or canonical_municipality(intro["ort"]) in asked.places):
            return name
    return None


def role_unnamed(asked: Asked, sentences, article_places) -> bool:
    """No sentence of the articles (`sentences`: per article, its sentences;
    `article_places`: per article, its municipalities) binds a name to the role asked."""
    for sents, places in zip(sentences, article_places):
        places = frozenset(places)
        if any(names_holder(s, asked, places) for s in sents):
            return False
        if any(holder_next(a, b, asked, places) for a, b in zip(sents, sents[1:])):
            return False
    return True


def holder_next(before: str, sentence: str, asked: Asked, article_places: frozenset[str]) -> bool:
    """`sentence` names the holder of the role `before` (the sentence before it) names: the
    role ends `before`, its holder introduced next ("... socialchef. Hon heter NN."), or the
    post named anywhere in it is given next ("Med den nya verksamhetschefen får ...
    Tjänsten går till NN")."""
    if not any(r in before.lower() for r in asked.roles):  # (both need the role named)
        return False
    bare = _ending_in_role(before, asked) or _POST_GIVEN.match(sentence.lstrip()) and _up_to_role(
        before, asked)
    name = bare and _next_holder(sentence, asked)
    return bool(name) and names_holder(f"{bare} {name}. {sentence}", asked, article_places)


_POST_GIVEN = re.compile(r"(?:Uppdraget|Tjänsten|Rollen|Posten|Jobbet) (?:går|gick) till ")


def _up_to_role(sentence: str, asked: Asked) -> str | None:
    """`sentence` up to the end of the last word naming the role asked; None when there is
    none, or the post is another's: a unit after it other than the one asked ("chefen för
    LSS"), another post after it ("... ska anställa en enhetschef")."""
    found = [m for m in _WORD.finditer(sentence)
             if any(r in m.group(0).lower() for r in asked.roles)]
    if not found:
        return None
    rest = sentence[found[-1].end():]
    unit = _POST_UNIT.match(rest)
    if unit and not (asked.qualifiers and holds_head(unit.group(1).lower(), asked.qualifiers[0])):
        return None
    if any(map(role_base, _WORD.findall(rest))):
        return None
    return sentence[:found[-1].end()]


# (one word after för/på/inom/vid: not _UNIT_AFTER, whose "i" is as often the place)
_POST_UNIT = re.compile(r"\s+(?:för|på|inom|vid)\s+(?:den\s+|det\s+)?([\w-]+)")


def _ending_in_role(sentence: str, asked: Asked) -> str | None:
    """`sentence` bare of "i varje kommun" if it ends in the role (there a post made only)."""
    bare = _EACH.sub("", sentence)
    last = (_WORD.findall(bare) or [""])[-1].lower()
    ends = last in asked.roles if bare != sentence else any(r in last for r in asked.roles)
    return bare if ends else None

"""Which date, amount, person, study's result or changed measure a
question asks for, and whether a text names it.

The answerability evidence `fact_head_missing` (answerability.py): a
passage holding a fact of the kind asked (kinds.py) answers only if it
holds the fact's head too: the verb after "När" ("När fattade nämnden
beslut ..." -> fattade), the kind of money asked ("budgetunderskott" is a
deficit), the role a person is asked for, the study whose findings are
asked, the measure whose change is asked ("Har sjukfrånvaron minskat ...").
"""

from __future__ import annotations

import re

from ..swedish.places import canonical_municipality
from ..swedish.words import STOP_WORDS, stem, synonyms_of
from .question_kinds import CHANGED_SUPINE

# What says which date or amount is asked: the verb after "När" ("När
# fattade nämnden beslut ..." -> fattade; after an auxiliary, the next verb:
# "När ska X börja ..." -> börja), the kind of money an amount question
# asks about (its first money word; in a compound, the last part:
# "budgetunderskott" is a deficit).
_WHEN_VERB = re.compile(
    r"^\s*(?i:när|sedan när|fram till när|(?:från (?:och med )?)?vilket (?:år|datum)|"
    r"vilken (?:dag|månad))\s+"
    r"(?:(?:ska|skall|kommer|har|hade|kan|kunde|får|fick|bör)\s+(?:att\s+)?"
    r"(?:[A-ZÅÄÖ][\w-]*\s+|och\s+|den\s+|det\s+|de\s+|man\s+|hon\s+|han\s+)*)?([a-zåäö]+)")
_MONEY = (
    ("kost", "pris", "avgift", "taxa", "betal", "utgift", "notan", "faktur"),  # a cost
    ("hyr",),  # a rent
    ("spar", "minsk", "beräknas ge ", "väntas ge "),  # a saving ("beräknas ge 8 miljoner")
    ("underskott", "minus", "back", "förlust"),  # a deficit
    ("överskott", "plus"),  # a surplus
    ("budget", "anslag"),  # a budget
    ("lön", "arvode"),  # a pay
    ("bidrag", "stimulans", "finansier"),  # a grant
)

# "När ska arbetssättet ... utvärderas?": after an auxiliary and its
# subject, the verb is the passive or infinitive that follows
_AUX_WORDS = re.compile(r"^\s*\S+(?:\s+\S+)?\s+(?:ska|skall|kommer|kan|kunde|bör|får)\s", re.I)
_PASSIVE = re.compile(r"\b([a-zåäö]{4,}(?:as|ats))\b")

# where the auxiliary's clause ends: a mark, or a word opening another clause
_CLAUSE_END = re.compile(r"[,;:.?!]|\b(?:som|när|där|vilket|vilken|vilka|eftersom|medan|innan|"
                         r"men|fast|och (?:när|hur|vem|vad|var|varför))\b", re.I)


# municipalities that are words too: "När ska det vara ...", not Vara
_WORDS_TOO = frozenset("vara mark berg".split())


# an infinitive of an event ending the auxiliary's clause ("När ska andra omgången av
# programmet starta?"; not "... för äldre och anhöriga", "... i västra")
_LAST_INFINITIVE = re.compile(r"\b([a-zåäö]{4,}a)\s*$")


def _late_verb(question: str, m: re.Match) -> str:
    """The passive verb after an auxiliary's subject, in its clause ("När
    ska X utvärderas?", not "När ska X börja, som sedan utvärderas?"), else
    the infinitive of an event ending that clause ("När ska andra omgången av
    X starta?", not "... öppna för äldre och anhöriga?"); '' when none."""
    if not _AUX_WORDS.match(question[:m.end(1)]):
        return ""
    end = _CLAUSE_END.search(question, m.end(1))
    stop = end.start() if end else len(question)
    late = _PASSIVE.search(question, m.start(1), stop)
    if late:
        return late.group(1)
    last = _LAST_INFINITIVE.search(question, m.end(1), stop)
    word = last.group(1) if last else ""
    return word if stem(word).startswith(_EVENT_VERBS) else ""


# verbs that name no event ("När kom ...", "När var ..."); verbs of
# starting, and of taking place, which stand for one another ("började" /
# "startade" / "inleddes", "hölls" / "genomfördes")
_BARE_VERBS = frozenset("kom var blev blir är hände sker skedde gjordes görs".split())
_START = ("börj", "start", "inled", "tillträd", "öppn", "invig")
# an end asked ("När går avtalet ut?", "När upphör ..."), and how a sentence tells it
_ENDING = re.compile(r"\b(?:går|gick|löper|löpte)\b[\w ]{0,40}\but\b(?! (?:med|till)\b)|\bupphör\w*|"
                     r"\b(?:tar|tog) slut\b", re.I)
_END = ("löper", "går ut", "gick ut", "upphör", "till och med", "avslut")
# a work's end asked ("När ska översynen ... vara klar?", "... vara klar med
# översynen?"), and how a sentence tells it
_DONE_Q = re.compile(r"\b(?:vara|bli|är|blir|var|blev)\s+(?:klar|klart|klara|färdig|färdigt|"
                     r"färdiga)(?:\s+med\b|\s*\??\s*$)", re.I)
_DONE = ("klar", "färdig", "slutför", "avslut", "redovis")
# a sharing asked ("Sedan när delar Åsele och Dorotea socialchef?") is told
# by what is shared ("får en gemensam socialchef"): the word ending the clause, or
# the one before "med", "mellan", "sedan", "i" ("... socialchef med varandra")
_SHARED = re.compile(r"([^\W\d_]{3,})\s*(?:[?,.;]|$|\s+(?:med|mellan|sedan|i|inom|från)\b)")
_INTRODUCED = ("införa", "införs", "införd", "infört", "införde", "införande")
_GOING = re.compile(r"\b(?:i gång|igång|kick(?:ed)? off|got going)\b", re.I)
# taking effect asked ("När träder den nya organisationen i kraft?", "När börjar
# taxan gälla?"), told as a start, as taking effect, or by a date from which
# ("Från den 1 februari får ...", "gäller från och med"); not "när det gäller",
# "från den fackliga organisationen", "i kraftig takt"
_IN_FORCE_Q = re.compile(r"\btr[äe]\w*\s+(?:\S+\s+){0,12}i\s*kraft\b|\bikraftträd\w*|"
                         r"\bbörja[rd]?e?\s+(?:\S+\s+){0,8}gälla\b|\bgälla\s+från\b", re.I)
_IN_FORCE = _START + _INTRODUCED + (
    "i kraft ", "i kraft.", "i kraft,", "ikraft", "gäller från", "gälla från", "börjar gälla",
    "började gälla", "gäller sedan", "från och med", *(f"från den {d}" for d in range(1, 10)))
_HELD = ("höll", "håll", "genomför", "anordna", "ägde rum", "arrangera")
_WORKED = ("jobb", "arbet", "anställ", "tjänstgör", "verksam")
# the verbs of an event an infinitive ending a when-question's clause may be (_late_verb)
_EVENT_VERBS = _START + _HELD + ("inför", "flytt", "stäng", "slut", "avslut", "lämn")

# "Vem leder arbetsgruppen ...", "Vem är enhetschef för ...": the word
# after the verb names the role or body the person is asked for
_WHO_HEAD = re.compile(
    r"^\s*(?:vem\s+(?:är|var|blir|blev|leder|ledde|ansvarar för|har ansvar för)|"
    r"vad\s+(?:heter|hette))\s+"
    r"(?:den |det |de |nya |nye |nuvarande |förre |tidigare |gemensamma |gemensamme |gemensam |"
    r"interimistisk |interimistiske |interimistiska |"
    r"biträdande |tillförordnade |tillförordnad |ordinarie )*([^\W\d_]+)(-?)", re.I)

# "Vad visade utvärderingen ...", "Vad kom enkäten fram till?": the study
# whose findings are asked; a result of something else is no answer
_STUDIES = ("utvärder", "enkät", "undersökning", "mätning", "uppföljning", "studie", "granskning",
            "kartläggning", "rapport", "forskning", "revision")
# a study's finding told as made ("Betänkandet visade att ...", "Granskningen, som ...,
# visade brister", "Granskningen fann flera brister"): a result question is answered,
# whatever else is still to come; not "Det visade sig", "har visat intresse", "Rapportören"
_REPORTED = re.compile(
    rf"\b\w*(?:{'|'.join(_STUDIES)}|betänkande|utredning|tillsyn|analys|resultat|revisor)(?!ör)"
    r"\w*\b[^.?!]{0,60}?\b(?:har\s+|hade\s+)?(?:\w+\s+)?(?:visade|visat|visar|konstaterade|"
    r"konstaterat|kom fram till|kommit fram till|pekade på|fann|funnit|hittade|hittat)\b", re.I)


def reported(text: str) -> bool:
    """`text` tells a study's finding as made (_REPORTED)."""
    return bool(_REPORTED.search(text))

# "Har sjukfrånvaron minskat ...", "Minskade Svenljungas placeringskostnader
# ...", "Blev det färre orosanmälningar ...": the measure whose change is
# asked (a municipality's name before it skipped)
_CHANGED = re.compile(
    rf"(?:^|[–,])\s*(?i:(?:har|hade|hur har)\s+(?=.{{0,80}}\b{CHANGED_SUPINE}\b)|"
    r"(?:minskade|ökade|sjönk|steg|förbättrades|försämrades|hur (?:utvecklades|förändrades)|"
    r"hur mycket (?:har )?(?:förbättrades|ökade|minskade)|blev det (?:färre|fler|mindre|mer))\s+)"
    r"(?:(?i:det|den|de|man|antalet|andelen)\s+)*(?:[A-ZÅÄÖ][\w-]*\s+)*"
    r"(?:[a-zåäö]+[a-mo-zåäö]a\s+(?=[a-zåäö]{5,}))?([a-zåäö]{5,})")  # past "köpta" (not "-rna")


def asked_heads(question: str, kind: str | None) -> tuple[str, ...]:
    """Stems of the words that say which date, amount, person, study's
    result or changed measure `question` asks for (any of them in a
    sentence holding the fact will do); () for other kinds or when none is
    found."""
    if kind == "result":
        low = question.lower()
        studies = tuple(s for s in _STUDIES if s in low)
        if studies:
            return studies
        m = _CHANGED.search(question)
        word = m.group(1).lower() if m else ""
        if not word or word in STOP_WORDS:
            return ()
        head = stem(word)  # "sjukfrånvaron" keeps its ending: "sjukfrånvar"; the whole
        # stem names its synonyms ("sjukskrivning" for "sjukfrånvaro")
        return tuple(dict.fromkeys((head[:-2] if len(head) >= 8 else head, head)))
    if kind == "person":
        m = _WHO_HEAD.search(question)
        word = m.group(1).lower() if m else ""
        if len(word) < 4 or word in STOP_WORDS or word[0] != m.group(1)[0] or m.group(2):
            return ()  # a name ("Vem är Fredrik ...") is no role; nor is half a
            # compound ("Vem leder individ- och familjeomsorgen", told "IFO-chef")
        head = stem(word)
        return (head,) if len(head) >= 4 else ()
    if kind == "date":
        if _GOING.search(question):  # "drog/kom/sattes i gång": started
            return _START
        if _ENDING.search(question):  # "När går avtalet ut?": ends
            return _END
        if _DONE_Q.search(question):  # "När ska översynen ... vara klar?": done
            return _DONE
        if _IN_FORCE_Q.search(question):  # "När träder ... i kraft?": a start
            return _IN_FORCE
        m = _WHEN_VERB.search(question)
        verb = m.group(1) if m else ""
        if verb not in _WORDS_TOO and canonical_municipality(verb):  # "när ska katrineholm
            # införa ...": a place in lower case, the verb after it
            after = re.match(r"\s+(?:kommun\s+)?([a-zåäö]+)", question[m.end(1):])
            verb = after.group(1) if after else ""
        if m:  # "När ska arbetssättet ... utvärderas?": the verb after the subject
            verb = _late_verb(question, m) or verb
        if len(verb) < 3 or verb in STOP_WORDS or verb in _BARE_VERBS:
            return ()
        head = stem(verb)
        if head.startswith("inför"):  # "införas", not the preposition ("förberett ... inför")
            return _INTRODUCED
        if head in ("del", "dela"):
            shared = _SHARED.search(question, m.end(1))
            return (stem(shared.group(1).lower()),) if shared else ()
        for group in (_START, _HELD, _WORKED):
            if any(head.startswith(s) for s in group):
                return group
        return (head,)
    if kind == "amount":
        for word in re.findall(r"[^\W\d_]+", question.lower()):
            found = [(word.rfind(w), group) for group in _MONEY for w in group if w in word]
            if found:
                return max(found)[1]
    return ()


def holds_head(text: str, head: str) -> bool:
    """`text` (lower case) names `head` (a stem of asked_heads): as a word
    start or part, a synonym, or a compound's two parts apart
    ("placeringskostnad" in "kostnaderna för placeringar")."""
    if head in text or any(s in text for s in synonyms_of(head) if len(s) >= 4):
        return True
    if len(head) < 9:
        return False
    words = re.findall(r"[^\W\d_]+", text)
    for i in range(4, len(head) - 3):
        rest = head[i:].lstrip("s")
        if len(rest) >= 4 and any(w.startswith(head[:i]) for w in words) and any(
                w.startswith(rest[:5]) for w in words if not w.startswith(head[:i])):
            return True
    return False


# "När ska ... / När startar nästa omgång ... / When will ...": a date to
# come is asked; a date of what is done ("Den 5 september startade ...") is
# no answer to it. A sentence answers if it says what is to come (a future
# marker) or names no past event (a present "öppnar" may be a date to come).
_FUTURE_Q = re.compile(
    r"^\s*när\s+(?:ska|skall|kommer)\b|^\s*när\s+(?:startar|börjar|öppnar|tillträder|invigs)\b|"
    r"\bnästa\b|\bwhen will\b", re.I)
_FUTURE = re.compile(
    r"\b(?:ska|skall|kommer att|planer\w*|planera\w*|beräkna\w*|väntas|förvänta\w*|tänkt|nästa|"
    r"framöver|senare|ännu inte|inte än|startar|börjar|öppnar|tillträder|invigs|inleds)\b", re.I)
_PAST = re.compile(
    r"(?<!\bden )(?<!\bdet )(?<!\bde )(?<!\ben )(?<!\bett )"  # not an adjective: "den renoverade"
    r"\b(?:[a-zåäö]{3,}(?:ade|ades|dde|ddes|rde|rdes|lde|ldes)|blev|kom|tog|gick|fick|drog|"
    r"gav|höll|lät|fanns)\b", re.I)


# a date to come told in other words ("En andra omgång planeras till våren", "Inflyttningen
# beräknas ske ..."): a plan named outright; not a bare "ska" ("ingen chef ska ha ... år 2026")
_PLANNED_DATE = re.compile(r"\b(?:planer\w*|planera\w*|beräkna\w*|väntas|förvänta\w*|tänkt|"
                           r"nästa|går av stapeln|tas i bruk|inleds)\b", re.I)


def event_sentences(texts: list[str], named: list[str]) -> list[str]:
    """Of the sentences holding a date (`texts`), those that may tell the date
    of the event asked: the ones naming it (`named`) and the ones naming a plan
    outright."""
    return named + [t for t in texts if t not in named and _PLANNED_DATE.search(t)]


def past_only(question: str, texts: list[str]) -> bool:
    """A date to come is asked and every sentence holding a date tells of
    a past event, none of what is to come."""
    if not _FUTURE_Q.search(question) or not texts:
        return False
    return all(not _FUTURE.search(t) and any(not m.group(0).lower().endswith("värde")
                                            for m in _PAST.finditer(t)) for t in texts)


# the role whose holder's start or leaving a when-question asks: the subject after its
# verb ("När började den nya enhetschefen ...?", "När tillträder avdelningschefen ...?",
# typed "tilltäder"; not "När startade utbildningen för nya enhetschefer?", "När
# presenterade förvaltningschefen budgeten?", "När startade enhetschefens utbildning?",
# "När tillträdde socialchefen Anna Berg?" nor "Vilka veckodagar är chefen på plats?"),
# a compound ending in a role; its last part is what a passage must name ("ny chef för
# enheten", "ordförande i nämnden")
_ROLE_DATE = re.compile(
    r"^\s*(?:när|sedan när|(?:från (?:och med )?)?vilket (?:år|datum))\s+"
    r"(?:(?:ska|skall|kommer|har|hade)\s+(?:att\s+)?)?"
    r"(?:börj|tillt|slut|lämn|anställ|utsåg|utses|avg|rekryter|tog|tar|kom|blev|blir|gick|"
    r"går)[a-zåäö]*\s+"
    r"(?:(?:den|det|de)\s+)?(?-i:[a-zåäö]+[ae]\s+)?"
    r"[a-zåäö]*(chef|ordförande|direktör|samordnare|strateg|jurist)"
    r"(?:en|n|er|erna|na)?(?![a-zåäö])(?!\s+(?-i:[A-ZÅÄÖ]))", re.I)


def role_missing(question: str, texts: list[str]) -> bool:
    """A date of a role's holder is asked ("När började den nya
    enhetschefen på vuxenenheten?") and no passage holding a date names
    the role: another's date ("socialsekreterare sedan 2016") is no answer."""
    m = _ROLE_DATE.search(question)
    return bool(m) and not any(m.group(1).lower() in t.lower() for t in texts)


# An English question's event, amount kind or study, told in the Swedish of
# the articles: "When did Johan Isaksson take up the post ..." asks for a
# start ("tillträdde"); a date of something else is no answer. Whole words
# only ("joint" is no "join", "sick leave" no leaving); the phrase standing
# first in the question counts; a question none of them names gets no head
# (no evidence either way).
_DECIDED = ("beslut", "klubba", "godkän", "antog", "antag")
_EVALUATED = ("utvärder", "uppfölj", "följas upp", "följdes upp", "följs upp")
_AUDITED = ("gransk", "revision", "revisor", "tillsyn")
_JOINED = ("anställ", "rekryter", "utse", "utsåg", "tillträd", "börj")
_LEFT = (" slutade", " slutat", " slutar", " sluta ", "lämna", "avgå", "avgick", "sagt upp",
         "sade upp", "sa upp", "säga upp")  # " slutade": not "beslutade"
_MERGED = ("sammanslag", "slogs ihop", "slås ihop", "slå ihop", "slog ihop", "sammanför",
           "slogs samman", "slås samman", "gick samman")
_EN_DATE = (
    (r"start(?:s|ed|ing)?|beg[ia]ns?|begun|beginning|launch(?:es|ed|ing)?|"
     r"t(?:akes?|ook|aken) (?:up|over|office)|assum(?:e|es|ed)|inaugurat(?:e|es|ed|ion)|"
     r"open(?:s|ed|ing)?|kick(?:s|ed)? off|go(?:es)? live|went live|commenc(?:e|es|ed)|g[eo]t going",
     _START + ("sedan ",)),  # "Sedan den 3 april har ... en ny socialchef"
    (r"formed|formation|set up|establish(?:ed|ment)|creat(?:ed|ion)",
     _START + ("bild", "inrätt", "skapa")),
    (r"held|holds?|take place|took place|taken place|organi[sz]ed|arranged", _HELD),
    (r"ends?|ended|ending|expires?|expired|runs? out|ran out|ceases?|ceased", _END),
    (r"(?:be |been |is |was )?(?:ready|completed?|completion|finished|done)", _DONE),
    (r"introduc(?:e|es|ed|ing|tion)|implement(?:s|ed|ing|ation)?|roll(?:s|ed)? out|"
     r"put in place|in place", _INTRODUCED),
    (r"decid(?:e|es|ed)|decisions?|approv(?:e|es|ed|al)|adopt(?:s|ed|ion)?", _DECIDED),
    (r"evaluat(?:e|es|ed|ion)|follow(?:ed)?[- ]up", _EVALUATED),
    (r"review(?:s|ed)?|audit(?:s|ed)?|inspect(?:s|ed|ion)", _AUDITED + _EVALUATED),
    (r"report(?:s|ed)? (?:back|to|on)|presents|presented|present (?:its|their|the|a|his|her)",
     ("redovis", "rapport", "presenter", "återkomm")),
    (r"appoint(?:s|ed|ing|ments?)?|hired?|hiring|recruit(?:s|ed|ing|ment)?|employ(?:s|ed|ment)?|"
     r"join(?:s|ed|ing)?", _JOINED),
    (r"resign(?:s|ed|ing|ation)?|quit|(?<!sick )(?<!sick-)(?<!parental )(?<!annual )"
     r"(?<!maternity )(?<!paternity )(?<!study )leav(?:e|es|ing)(?! of absence)|left|"
     r"step(?:s|ped)? down", _LEFT),
    (r"merg(?:e|es|ed|er|ers|ing)|combin(?:e|es|ed)", _MERGED),
)
_EN_MONEY = (  # "pay (for)" is a cost, a "pay rise" a salary
    (r"costs?|cost(?:ed|ing)|prices?|fees?|(?<!in )charges?|spen[dt]|spending|expenses?|"
     r"expenditures?|pa(?:y|ys|id)(?! rises?| raises?| increases?)|bills?", _MONEY[0]),
    (r"rents?|rental|rented", _MONEY[1]),
    (r"sav(?:e|es|ed|ing|ings)|cuts?", _MONEY[2]),
    (r"deficits?|shortfalls?|overspen(?:d|t|ding)|overruns?|loss(?:es)?", _MONEY[3]),
    (r"surplus(?:es)?", _MONEY[4]),
    (r"budgets?|allocat(?:ed|ion|ions)|appropriations?", _MONEY[5]),
    (r"salar(?:y|ies)|wages?|pay (?:rises?|raises?|increases?)|"
     r"(?:monthly|hourly|basic|starting|overtime) pay", _MONEY[6]),
    (r"grants?|fund(?:s|ed|ing)?|subsid(?:y|ies|ised|ized)", _MONEY[7]),
)
_EN_STUDIES = (
    (r"evaluat(?:ion|ions|ed)", ("utvärder",)),
    (r"surveys?|questionnaires?", ("enkät", "undersökning")),
    (r"audits?|auditors?|inspections?|reviews?", _AUDITED),
    (r"follow(?:ed)?[- ]?ups?", ("uppföljning",)),
    (r"stud(?:y|ies)|research", ("studie", "forskning")),
    (r"mappings?", ("kartläggning",)),
)
# taking effect, asked before any other event named ("When does the decision on ...
# take effect?"); "in force" alone may ask for an end ("in force until")
_EN_IN_FORCE = re.compile(r"\bt(?:akes?|ook|aken|aking) effect|\b(?:go|goes|went|gone|come|comes|"
                          r"came|coming|enters?|entered|entering) into (?:force|effect)|"
                          r"\b(?:becom(?:e|es|ing)|became) effective")
_EN_TABLES = {kind: tuple((re.compile(rf"\b(?:{p})\b"), heads) for p, heads in table)
              for kind, table in (("date", _EN_DATE), ("amount", _EN_MONEY),
                                  ("result", _EN_STUDIES))}
# an appointment booked ("without an appointment", "by appointment", "need an appointment",
# "online appointment booking", "offers appointments in the evening", "appointments are
# available") is no hiring; "the appointments of ...", "appointments made to ..." are
_BOOKED = re.compile(
    r"\b(?:without|no|by|book(?:s|ed|ing)?|prior|online|digital|same-day|telephone|phone|video|"
    r"need(?:s|ed)?|make|makes|schedul(?:e|es|ed|ing)|request(?:s|ed)?|offer(?:s|ed|ing)?|get|"
    r"require[sd]?)\s+(?:an?\s+|the\s+)?(?:prior\s+|same-day\s+|telephone\s+|new\s+)?"
    r"appointments?\b(?!\s+of\b|\s+to\s+(?:the\s+|a\s+)?(?:post|role|position|job)\b)|"
    r"\bappointments?[- ](?:only|booking|system|times?|slots?)\b|"
    r"\bappointments?\s+(?:is\s+|are\s+)?(?:required|needed|available)\b")
# time spent, the time being what is spent ("What share of his working time will the
# manager spend ...", "How many hours a week does she spend ...", "spend two days a
# week"; not "In the last three weeks, how much did X spend", "spend on days of training",
# "How many hours did they work and how much did X spend")
_SPEND = r"\bspen(?:d|ds|t|ding)\b"
_TIME_SPENT = re.compile(
    r"\b(?:time|hours|days|weeks)\s+(?:(?!how\b|what\b)[a-z]+\s+){0,2}(?:will|does|did|do|"
    r"would|should|can|is|are)\s+(?:(?!how\b|what\b|and\b)[\w'-]+\s+){0,8}"
    rf"{_SPEND}|{_SPEND}\s+(?:(?:his|her|"
    r"their|its|the|more|less|most|much|some|a|an|one|two|three|four|five|half|\d+)\s+)?"
    r"(?:of\s+(?:his|her|their)\s+)?"
    r"(?:working\s+)?(?:time|hours|days|weeks)\b(?!-)")
_MONEY_NAMED = re.compile(r"\b(?:money|kronor|sek|crowns)\b")
_EN_WHEN = re.compile(r"\b(?:when|what (?:year|date|month|day))\b")


def english_heads(question: str, kind: str | None) -> tuple[str, ...]:
    """asked_heads for an English question: the Swedish stems of the event,
    money or study asked; () when it names none this table knows."""
    table = _EN_TABLES.get(kind)
    if not table:
        return ()
    low = _BOOKED.sub(" ", question.lower())
    if kind == "amount" and not _MONEY_NAMED.search(low):  # time spent ("What share of his
        low = _TIME_SPENT.sub(" ", low)  # working time will he spend ..."): no money
    if kind == "date":  # taking effect first; else the event follows the question word
        if _EN_IN_FORCE.search(low):
            return _IN_FORCE
        m = _EN_WHEN.search(low)
        low = low[m.end():] if m else low
    found = [(m.start(), heads) for pattern, heads in table for m in [pattern.search(low)] if m]
    return min(found, key=lambda x: x[0])[1] if found else ()

"""Which date, amount, person, study's result or changed measure a
question asks for, and whether a text names it.

The answerability evidence `fact_head_missing` (answerability.py): a
passage holding a fact of the kind asked (kinds.py) answers only if it
holds the fact's head too: the verb after "När" ("När fattade nämnden
beslut ..." -> fattade), the kind of money asked ("budgetunderskott" is a
deficit), the role a person is asked for, the study whose findings are
asked, the measure whose change is asked ("Har sjukfrånvaron minskat ...").
An English question's heads, in the articles' Swedish: english_heads.py.
"""

from __future__ import annotations

import re

from ..swedish.dates import MONTH_NAMES
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
MONEY = (
    ("kost", "pris", "avgift", "taxa", "betal", "utgift", "notan", "faktur"),  # a cost
    ("hyr",),  # a rent
    ("spar", "minsk", "beräknas ge ", "väntas ge "),  # a saving ("beräknas ge 8 miljoner")
    ("underskott", "minus", "back", "förlust"),  # a deficit
    ("överskott", "plus"),  # a surplus
    ("budget", "anslag", "ekonomisk ram", "ekonomiska ram"),  # a budget
    ("lön", "arvode"),  # a pay
    ("bidrag", "stimulans", "finansier"),  # a grant
)
_MONEY_WORDS = frozenset(w for group in MONEY for w in group)

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
START = ("börj", "start", "inled", "tillträd", "öppn", "invig")
# an end asked ("När går avtalet ut?", "När upphör ..."), and how a sentence tells it
_ENDING = re.compile(r"\b(?:går|gick|löper|löpte)\b[\w ]{0,40}\but\b(?! (?:med|till)\b)|\bupphör\w*|"
                     r"\b(?:tar|tog) slut\b", re.I)
END = ("löper", "går ut", "gick ut", "upphör", "till och med", "avslut")
# how long a thing holds asked ("Hur länge gäller avtalet ...?", "Hur länge kommer
# uppdelningen att gälla?", "Fram till när ...?", "Till vilket datum ...?"), in the clause of
# its verb (not "Hur länge ska man vänta innan taxan börjar gälla?"); not how long a thing
# has lasted ("Hur länge har X arbetat ...?")
_UNTIL_Q = re.compile(
    r"^\s*(?:hur\s+länge(?:\s+till)?\s+(?:gäller|gällde|löper|varar|(?:ska|skall|skulle|kommer)"
    r"\s+(?:(?!innan\b|när\b|för\b|tills\b|börja\w*\b|och\b)[^\s?,;]+\s+){0,8}"
    r"(?:gälla|löpa|vara)\b)|(?:fram\s+)?till\s+(?:och\s+med\s+)?(?:när|vilket\s+(?:datum|år)|"
    r"vilken\s+(?:dag|månad|tidpunkt))\b)", re.I)
# ... told by its end or its span (a head that is a pattern, holds_head): "löper till och med
# 2026", "fram till den 31 augusti", "gäller från 1 juni till den 31 december", "anställd till
# 2024", "tills vidare", "Under åtta veckor ersätts ...", "gäller i två år"; not "Sedan drygt två
# år tillbaka", "Utredningen kom fram till", "Fram till i dag", "Reglerna gäller i hela
# kommunen", nor another event's date ("Hon tillträder den 16 november")
_SPAN_TOLD = re.compile(
    r"(?<![^\W\d_])(?:i|under)\s+(?:drygt |knappt |ungefär |minst |högst )?"
    r"(?:\d+|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|ett par)\s+"
    r"(?:år|månader|månad|veckor|vecka|dagar)(?![^\W\d_])(?!\s+sedan)|"
    rf"\btill\s+(?:och\s+med\s+)?(?:den\s+)?(?:\d{{1,2}}\s+)?(?:{MONTH_NAMES})\b|"
    r"\btill\s+(?:och\s+med\s+)?(?:19|20)\d\d\b|\bt\.\s?o\.\s?m\.|\btills\s+vidare\b|"
    r"\bfram\s+till\s+(?:och\s+med|den)\b", re.I)
UNTIL = END + ("gäller till", "gällde till", "gälla till", _SPAN_TOLD)
# a work's end asked ("När ska översynen ... vara klar?", "... vara klar med
# översynen?"), and how a sentence tells it
_DONE_Q = re.compile(r"\b(?:vara|bli|är|blir|var|blev)\s+(?:klar|klart|klara|färdig|färdigt|"
                     r"färdiga)(?:\s+med\b|\s*\??\s*$)", re.I)
DONE = ("klar", "färdig", "slutför", "avslut", "redovis")
# a sharing asked ("Sedan när delar Åsele och Dorotea socialchef?") is told
# by what is shared ("får en gemensam socialchef"): the word ending the clause, or
# the one before "med", "mellan", "sedan", "i" ("... socialchef med varandra")
_SHARED = re.compile(r"([^\W\d_]{3,})\s*(?:[?,.;]|$|\s+(?:med|mellan|sedan|i|inom|från)\b)")
# ... and so is a joint thing had since a time, by the word ending its phrase as for a sharing
# ("Sedan när har X och Y en gemensam socialjour?": "socialjour"; "gemensam medicinskt
# ansvarig sjuksköterska": "sjuksköterska"); a date in a sentence of another thing is no answer
_JOINT_SINCE = re.compile(r"^\s*(?:sedan|sen|från(?: och med)?) när\b.*?\bgemensam(?:t|ma)?\s+",
                          re.I)
# what was gained asked ("När fick vuxenenheten sin nya enhetschef?", "När fick Hjo en
# gemensam socialchef?"): the thing got, not the one getting it, names the date's event
_GOT = re.compile(r"^\s*när\s+(?:fick|får)\b[^?]{0,60}?\b(?:sin|sitt|sina|en|ett)\s+"
                  r"(?:(?:nya?|nytt|nye|nuvarande|blivande|kommande|tillförordnade?|egen|eget|"
                  r"egna|gemensam(?:ma|t)?|första|ordinarie|permanenta?|fasta?|"
                  r"\w+(?:iga|liga|iska|isk|ig|lig))\s+)*"
                  r"(?:[\w-]*-)?([a-zåäö]{4,})", re.I)
INTRODUCED = ("införa", "införs", "införd", "infört", "införde", "införande")
_GOING = re.compile(r"\b(?:i gång|igång|kick(?:ed)? off|got going)\b", re.I)
# taking effect asked ("När träder den nya organisationen i kraft?", "När börjar
# taxan gälla?"), told as a start, as taking effect, or by a date from which
# ("Från den 1 februari får ...", "gäller från och med"); not "när det gäller",
# "från den fackliga organisationen", "i kraftig takt"
_IN_FORCE_Q = re.compile(r"\btr[äe]\w*\s+(?:\S+\s+){0,12}i\s*kraft\b|\bikraftträd\w*|"
                         r"\bbörja[rd]?e?\s+(?:\S+\s+){0,8}gälla\b|\bgälla\s+från\b", re.I)
IN_FORCE = START + INTRODUCED + (
    "i kraft ", "i kraft.", "i kraft,", "ikraft", "gäller från", "gälla från", "börjar gälla",
    "började gälla", "gäller sedan", "från och med", *(f"från den {d}" for d in range(1, 10)))
HELD = ("höll", "håll", "genomför", "anordna", "ägde rum", "arrangera")
# (a head opening with a space is a word's start, one ending in a space a whole word: "har
# arbetat", "verksam som", not "samarbetet", "verksamheten"; holds_head)
_WORKED = (" jobb", " arbet", "anställ", "tjänstgör", " verksam ", " verksamma ")
# the verbs of an event an infinitive ending a when-question's clause may be (_late_verb)
_EVENT_VERBS = START + HELD + ("inför", "flytt", "stäng", "slut", "avslut", "lämn")

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


def asked_heads(question: str, kind: str | None) -> tuple[str | re.Pattern, ...]:
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
        joint = _JOINT_SINCE.search(question)
        shared = joint and _SHARED.search(question, joint.end())
        if shared and len(shared.group(1)) >= 4:  # (not "MAS", told in full as often)
            return (stem(shared.group(1).lower()),)
        if got := _GOT.search(question):
            return (stem(got.group(1).lower()),)
        if _GOING.search(question):  # "drog/kom/sattes i gång": started
            return START
        if _DONE_Q.search(question):  # "När ska översynen ... vara klar?": done
            return DONE
        if _UNTIL_Q.search(question):  # "Hur länge gäller avtalet ...?": its end or span
            return UNTIL
        if _ENDING.search(question):  # "När går avtalet ut?": ends
            return END
        if _IN_FORCE_Q.search(question):  # "När träder ... i kraft?": a start
            return IN_FORCE
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
            return INTRODUCED
        if head in ("del", "dela"):
            shared = _SHARED.search(question, m.end(1))
            return (stem(shared.group(1).lower()),) if shared else ()
        for group in (START, HELD, _WORKED):
            if any(head.startswith(s.strip()) for s in group):
                return group
        return (head,)
    if kind == "amount":
        for word in re.findall(r"[^\W\d_]+", question.lower()):
            found = [(word.rfind(w), group) for group in MONEY for w in group if w in word]
            if found:
                return max(found)[1]
    return ()


def holds_head(text: str, head: str | re.Pattern) -> bool:
    """`text` (lower case) names `head` (a stem of asked_heads): as a word
    start or part, a synonym, or a compound's two parts apart
    ("placeringskostnad" in "kostnaderna för placeringar"); a head that is a
    pattern (UNTIL's end or span), by a match."""
    if isinstance(head, re.Pattern):
        return bool(head.search(text))
    if head.startswith(" "):  # a word's start, or (ending in a space) a whole word
        end = r"(?![^\W\d_])" if head.endswith(" ") else ""
        return bool(re.search(rf"(?<![^\W\d_]){re.escape(head.strip())}{end}", text))
    if head in text:
        return True
    if head in _MONEY_WORDS:  # a kind of money by its own words only: "budget"'s synonyms
        return False  # name costs and savings too ("sänka kostnaderna" tells no budget)
    if any(s in text for s in synonyms_of(head) if len(s) >= 4):
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

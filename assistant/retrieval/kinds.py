"""The kind of fact a question asks for, and whether a passage holds one.

Kinds: person, amount (money or a share), count, date (a time or a duration),
place, reason, result, municipalities (a list of them), legal (which law,
paragraph or norm applies, what a law requires). A question asks for at most
one; "Vad visade utvärderingen ...", "När invigdes ...", "Vad kostar ...". A
passage "holds" a kind when it has the form of such a fact: a person's name, a
sum of money, a number, a date, a place name, a causal phrase, an outcome, two
municipalities. It says nothing of whether that fact answers; the answerability
model (answerability.py) weighs it with everything else, and fact_heads.py
names which date, amount or person is asked.
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..swedish.places import named_places
from ..swedish.words import STOP_WORDS, stem, synonyms_of
from .evidence import NAME, _numbers
from .named_things import ASKS_NAME, NAME_OF_THING, names_thing

KINDS = ("person", "amount", "count", "date", "place", "reason", "result", "municipalities",
         "legal", "name")

_MONTHS = (r"januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|"
           r"december")
_NUMBER_WORD = (r"\d[\d  .,]*|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|femton|"
                r"tjugo|trettio|fyrtio|femtio|hundra|tusen|några|flera|ett par")

# A law by name ("kommunallagen", "socialtjänstlagen"), not a word that
# merely ends so ("beslutsunderlagen", "arbetslagen" are no laws).
_LAW_NAME = (r"(?:kommunal|socialtjänst|förvaltnings|arbetsmiljö|medbestämmande|sekretess|"
             r"skol|diskriminerings|upphandlings|lss-|hälso- och sjukvårds|sjukvårds)lagen")
# a measure's change, as a supine ("Har sjukfrånvaron minskat ..."; fact_heads.py reads
# the measure after "har" by the same words)
CHANGED_SUPINE = (r"(?:minskat|ökat|sjunkit|stigit|förbättrats|försämrats|utvecklats|halverats|"
                  r"fördubblats|förändrats|gått (?:ner|ned|upp))")
# a change asked as a comparative ("Blev körtiden kortare ...", "blev kunderna nöjdare")
_COMPARATIVE = (r"(?:kortare|längre|snabbare|bättre|sämre|nöjdare|tryggare|lägre|högre|färre|fler|"
                r"mindre|större|billigare|dyrare|stabilare)")
_ASK = (
    ("legal", re.compile(
        rf"\benligt (?:\w+ )?(?:lag|lagen|lagar|lagstiftningen|{_LAW_NAME})\b|\b{_LAW_NAME}\b|"
        r"\b(?:kräver|säger|föreskriver|tillåter) (?:lagen|lagstiftningen)\b|\blagkrav\w*|"
        r"\blagstad\w*|\bparagraf\w*|\briksnorm\w*|\bförordning\w*|"
        r"\b(?:according to|required by|under) (?:the )?(?:law|act)\b|\bstatutory\b|"
        r"\blegally\b", re.I)),
    ("amount", re.compile(
        r"\b(vad|hur mycket) (kostar|kostade|kostat|betalar|betalade|betalat|"
        r"kommer [\w ]{0,40}att kosta|ska [\w ]{0,30}kosta)|"
        r"\bhur (mycket|stora?|stort|höga?|högt) (är |var |blir |blev )?(\w+ )?\w*(pengar|kronor|"
        r"budget|kostnad|lön|underskott|överskott|besparing|bidrag|anslag|andel|del av|avgift|"
        r"taxa|pris)|"
        r"\bhur (mycket|många kronor|många miljoner)\b.{0,60}\b(spar\w*|betal\w*|kost\w*|pengar|"
        r"budget\w*|lön\w*|tjän\w*)|"
        r"\b\w*(budget\w*|lönen?|arvode\w*|taxa\w*|avgift\w*) (är|var|för|i|på)\b|"
        r"\bhur många (kronor|miljoner|procent)\b|\bi (?:miljoner |tusen )?kronor\b|"
        r"\bhur mycket (?:dyrare|billigare)\b|"
        r"\bhur mycket av\b.{0,60}\b(?:kronor\w*|pengar\w*|budget\w*|miljoner\w*|medlen)\b|"
        r"\bhow much\b.{0,80}\b(cost|money|spend|save|pay|budget)|\bwhat (does|did|do)\b.{0,60}"
        r"\bcost\b|\b(salary|budget|price|fee) (of|for|is)\b|\bwhat share\b|\bwhat percentage\b|"
        r"^(?!.*\b(?:caused|called|behind)\b)\s*what (?:is |was |are |were )?(?:the )?"
        r"(?:[\w'’-]+ ){0,3}(?:costs?|salar(?:y|ies)|budgets?|prices?|fees?|wages?|deficits?|"
        r"surplus|savings?|grants?|rents?)(?=\s*[,?]|\s+(?:of|for|in|per|at|on|to|does|did|do|will|"
        r"is|was|from|last|this|next|that|which|expected|target|overrun)\b|\s*$)",
        re.I)),
    ("municipalities", re.compile(
        r"\b(vilka|vilken|flera|andra|olika|alla) (andra )?(kommuner|kommun)\b|\bkommunerna\b|"
        r"\b(which|what|other) (municipalities|councils)\b", re.I)),
    ("count", re.compile(r"\bhur många\b|\bhow many\b|\bantal\w*\b.{0,20}\?$", re.I)),
    ("date", re.compile(
        r"^\s*(när|sedan när|hur länge|hur lång tid|under vilken (tid|period)|"
        r"vilket (år|datum)|vilken (dag|månad|vecka|tid|period|termin)|från (och med )?när|"
        r"från (och med )?vilket (år|datum)|"
        r"fram till när|since when|when|how long|what (date|year|period|time)|"
        r"(for|during|in|from|since|over|until) (what|which) (period|years?|date|time|months?))\b|"
        r"\b(när|hur länge|vilket år|what year|when) (ska|skall|började|startade|invigdes|öppnar|"
        r"öppnade|infördes|kom|blev|was|did|does|will)\b|"
        r"\b(vilka|vilken) (dagar|veckodagar|tider|öppettider)\b|\b(which|what) days\b", re.I)),
    ("person", re.compile(
        r"^\s*(vem|vilka personer|vilken person|vad (heter|hette) (den |det |de )?(nya |nye )?\w*"
        r"(chef|ordförande|direktör|ledare|strateg|utvecklare|sekreterare|samordnare)\w*|who|whom|"
        rf"(?!{NAME_OF_THING})what is the name of)\b|"
        r"\bvem\b (är|var|blir|leder|tar|ska)\b", re.I)),
    ("place", re.compile(
        r"^\s*(varifrån|vart|på vilket (boende|ställe)|i vilken (ort|stad|kommun|del)|"
        r"vilken (ort|plats|by)|where)\b", re.I)),
    ("reason", re.compile(
        r"\b(varför|av vilken (anledning|orsak)|vad (låg|ligger) bakom|vad berodde|vad beror|"
        r"vad var (anledningen|orsaken|skälet)|anledningen till|orsaken till|why|"
        r"what (caused|led to|was the reason))\b", re.I)),
    ("result", re.compile(
        rf"^\s*(?:har|hade)\b.{{0,80}}\b{CHANGED_SUPINE}\b|"
        rf"^\s*(?:har|hade)\b[\w ]{{0,60}}\bblivit {_COMPARATIVE}\b|"
        rf"(?:^|[–,])\s*blev\b[\w ]{{0,40}}\b{_COMPARATIVE}\b|"
        r"\bhur (?:utvecklades|förändrades|placerade sig)\b|\bby how much\b|\bturn(?:ed)? out\b|"
        r"^\s*(?:did|has|have)\b.{0,80}\b(?:fall|fallen|go (?:down|up)|gone (?:down|up)|drop|"
        r"dropped|improve|improved|decrease|decreased|increase|increased|reduce|reduced)\b|"
        r"^\s*(?:minskade|ökade|sjönk|steg|förbättrades|försämrades|ledde|lyckades)\b|"
        r"\bhur har\b.{0,80}\b(?:utvecklats|förändrats)\b|\bhur (?:föll|utföll)\b|"
        r"\bgick\b.{0,60}\bmed (?:överskott|underskott)\b|\bhur mycket (?:förbättrades|ökade|"
        r"minskade)\b|\bblev det (?:färre|fler|mindre|mer)\b|"
        r"\bhur mycket (?:kortare|längre|snabbare|bättre|sämre|mer|mindre|lägre|högre|större|"
        r"nöjdare|tryggare|enklare)\b|"
        r"\b(vad (visade|visar|har [\w ]{0,40}visat|kom [\w ,-]{0,60}fram till)|vilka siffror|"
        r"resultat\w*|"
        r"effekt\w*|utvärdering\w*|vad (har|har det) [\w ]{0,40}(gett|lett till|inneburit)|"
        r"slutsats\w*|utfall\w*|hur gick det|"
        r"lett till|har det (gått|blivit)|blev (det|något|omsorgen|\w+) (bättre|sämre)|"
        r"what (did|does|have|has) [\w ,'’-]{0,99}(show|find|found|achieve|deliver|conclude|reveal)|"
        r"results?|outcomes?|effects?|evaluation)\b", re.I)),
    # its name ("Vilket planeringssystem ..."), after the other kinds (named_things.py)
    ("name", ASKS_NAME),
)

_DATE = re.compile(
    rf"\b\d{{1,2}} ({_MONTHS})\b|\b(19|20)\d\d\b|\b({_MONTHS})\b|\b(våren|hösten|sommaren|"
    rf"vintern|vårterminen|höstterminen|årsskiftet|måndag\w*|tisdag\w*|onsdag\w*|torsdag\w*|"
    rf"fredag\w*|lördag\w*|söndag\w*|vardag\w*|helg\w*|kvartal\w*)\b|"
    rf"\b({_NUMBER_WORD}) (år|månader|månad|veckor|vecka|dagar|dag|timmar|timme)\b|"
    rf"\b(sedan|från|fram till|till och med) (\d|{_MONTHS})|\bklockan \d", re.I)
# a sum of money: a number before a currency ("3,1 miljoner kronor", "två miljoner kronor",
# "450 tkr"), or millions beside a word of money in the sentence ("en budget på 13 miljoner",
# "gick på en halv miljon"); "en miljon besökare" and "miljonär" are no sums
_CURRENCY = r"(?:kr|kronor|tkr|mkr|mnkr|msek|sek|euro|dollar)"
_MILLIONS = r"(?:(?:och )?en halv\s+|halv\s+)?(?:miljon|miljoner|miljard|miljarder)"
_FIGURE = rf"(?:\d[\d  .,]*\s*|\b(?:{_NUMBER_WORD})\s+)"
_MONEY_WORD = (r"\b(?:\w*?(?:kost|budget|bidrag|anslag|intäkt|utgift|avgift|lön|ersättning|"
               r"besparing|underskott|överskott|investering)\w*|\w+medel|\w+medlen|satsa\w*|"
               r"bevilja\w*|kost\w*|budget\w*|pengar\w*|anslag\w*|bidrag\w*|spar\w*|besparing\w*|"
               r"underskott\w*|överskott\w*|intäkt\w*|utgift\w*|lön\w*|avgift\w*|investe\w*|"
               r"medel|medlen|stöd\w*|notan|pris|priset|prislapp\w*|hyr\w*|ersättning\w*|"
               r"skatt\w*|betal\w*|finansi\w*|omsättning\w*|dyrare|billigare|belopp\w*|"
               r"(?:gick|går|landade|landar) på)\b")
SUM = re.compile(
    rf"{_FIGURE}(?:{_MILLIONS}\s+)?{_CURRENCY}\b|"
    rf"{_MONEY_WORD}[^.!?]{{0,80}}?{_FIGURE}{_MILLIONS}\b|"
    rf"{_FIGURE}{_MILLIONS}\b[^.!?]{{0,40}}?{_MONEY_WORD}", re.I)
_AMOUNT = re.compile(
    SUM.pattern + r"|\d[\d  .,]*\s*(?:(procent|öre)\b|%)|"
    rf"\b(?:{_NUMBER_WORD}) (?:procent|kronor)\b|"
    r"\b(halva|hälften|en tredjedel|en fjärdedel)\b.{0,30}\b(kostnad\w*|lön\w*|tid\w*)|"
    # a share ("Hur stor del av dokumenten ...": "ungefär en tredjedel")
    r"\b(?:en|två|tre) (?:tredjedel|fjärdedel|femtedel|tiondel)(?:ar)?\b", re.I)
# no sum, a price of none ("16 timmar avlösning per månad utan kostnad"):
# the answer to a price asked now (fact_objects.price_now), to no other amount
FREE = re.compile(r"\butan (?:\w+ )?(?:kostnad|avgift)\w*|\b(?:kostnadsfri|avgiftsfri|gratis)\w*",
                  re.I)
_LEGAL = re.compile(
    rf"\b(?:lag|lagen|lagar|lagarna|lagstiftning\w*|lagkrav\w*|lagstad\w*|{_LAW_NAME}|SoL|LSS|"
    r"LVU|LVM|HSL|förordning\w*|föreskrift\w*|riksnorm\w*|paragraf\w*|kapitlet)\b|§", re.I)
_REASON = re.compile(
    r"\b(eftersom|därför|för att|på grund av|berodde|beror på|orsak\w*|anledning\w*|syftar till|"
    r"syftet|med anledning av|bakgrunden|mot bakgrund av|ledde till|i och med|så att|behövde|"
    r"skäl(?:et|en)?|förklaring\w*|utgångspunkt(?:en)?|motiv(?:et|en|ering\w*)?|"
    r"efter (de |det |att )|brist\w*|problem\w*)\b", re.I)
_RESULT = re.compile(
    r"\b(resultat\w*|effekt\w*|visade?\w*|ökat|ökade|minskat|minskade|sjunkit|halverats|kortats|"
    r"kortades|förbättr\w*|försämr\w*|bättre|sämre|lyckosam\w*|kvalitetsökning|stärkt|gått från|"
    r"från \d[\d  ,.]* till \d|jämfört med|kortare|längre|färre|fler|tydligare|snabbare|"
    r"enklare|lättare|tryggare|stabilare)\b", re.I)
_PLACE = re.compile(
    r"(?<![.!?] )(?<!^)\b(i|på|vid|från|inom|till|utanför) [A-ZÅÄÖ][a-zåäöé]+|"
    r"\b[A-ZÅÄÖ][a-zåäöé]+(gården|hemmet|boendet|skolan|mässa|mässan)\b")


# "Var" first is "where" before a finite verb, "någonstans" or "i" ("Var ska enheten ligga?",
# "Var i kommunen ..."): a verb of the list or a lower-case word ending as a present, passive
# or past ("planeras", "satsar", "flyttades"); before a subject ("Var det ...", "Var alla
# nöjda ...", "Var Anna ...", "Var kommunens ...") it is "was"
_WHERE = re.compile(
    r"^\s*(?i:var)\s+(?:(?i:någonstans|i|inom)\b|"
    r"(?i:ska|skall|kommer|kan|kunde|bör|får|fick|har|hade|är|var|blir|blev|finns|fanns|"
    r"ligger|låg|sitter|satt|bor|bodde|tar|tog|gör|gjorde|går|gick|kom|sker|skedde|ser|sågs|"
    r"ges|gavs|görs|gjordes|byggs|läggs|hålls|hölls|sätts|hittar|hittade|hamnar|hamnade|"
    r"står|stod|exakt|ungefär)\b|(?!deras\b)[a-zåäö]{2,}[dvrt]s\b|"
    r"(?!deras\b)[a-zåäö]{2,}(?:ar|er|or|(?<!n)as|ade|ades|ats|(?<!en)des|tes)\b)")


def asks_where(question: str) -> bool:
    """The question opens with "Var" meaning "where", not "was" (_WHERE)."""
    return bool(_WHERE.search(question))


def asked_kind(question: str) -> str | None:
    """The kind of fact `question` asks for (KINDS), None for other questions
    ("Hur arbetar ...", "Vad innebär ..."); a date when it names the grain
    of one anywhere ("Vet ni vilket datum ...", date_grain)."""
    for kind, pattern in _ASK:
        if kind == "place" and asks_where(question):
            return kind
        if pattern.search(question):
            return kind
    return "date" if _ASKED_GRAIN.search(question) else None


# The grain a date question asks for, finest first: weekdays ("Vilka
# veckodagar ...", "Which days of the week ..."), a day ("Vilket datum
# ...", "What date ..."), a month ("Vilket år och vilken månad ..."), a
# year ("Vilket år ...", "In what year ..."); each with what a passage
# must hold to answer it. A coarser time ("2018" for a day, "våren" or
# "drygt två år" for a year) does not.
_WEEKDAY = r"(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)\w*"
_GRAINS = (
    ("weekday", re.compile(
        r"\bveckodag\w*|\b(?:vilka|vilken) dagar\b|\bdag(?:ar|en)? i veckan\b|"
        r"\b(?:which|what) days\b|\bdays? of the week\b|\bweekdays?\b", re.I),
     re.compile(rf"\b{_WEEKDAY}|\bvardag\w*|\bhelg\w*|\b(?:varje|alla) dag(?:ar)?\b|"
                r"\bdygnet runt\b", re.I)),
    ("day", re.compile(
        r"\b(?:vilket|vilka|exakt|exakta) datum\b|\b(?:what|which|exact) date\b|"
        r"\bvilken dag\b|\bwhich day\b", re.I),
     re.compile(rf"\b\d{{1,2}}(?::[ae])? (?:{_MONTHS})\b|\b\d{{4}}-\d\d-\d\d\b|\b{_WEEKDAY}|"
                r"\bi (?:dag|går|morgon)\b|\bsamma dag\b|\bdagen (?:innan|efter|före)\b", re.I)),
    ("month", re.compile(r"\bvilken månad\b|\b(?:which|what) month\b", re.I),
     re.compile(rf"\b(?:{_MONTHS})\b|\bmånadsskiftet\b|\bårsskiftet\b", re.I)),
    ("year", re.compile(r"\bvilket år\b|\b(?:which|what) year\b", re.I),
     re.compile(r"\b(?:19|20)\d\d\b|\bi (?:fjol|år)\b|\b(?:förra|nästa|samma) år(?:et)?\b",
                re.I)),
)


# a grain asked for, not a word in passing ("Vilka aktiviteter ... på veckodagarna?")
_ASKED_GRAIN = re.compile(r"\b(?:vilket|vilken|vilka|which|what|exakt)\s+(?:år|datum|månad|dag|"
                          r"dagar|veckodag\w*|date|year|month|days?|weekdays?)\b", re.I)


def date_grain(question: str) -> str | None:
    """The finest grain of date `question` asks for (_GRAINS), None for a
    date of any grain ("När ...")."""
    return next((g for g, ask, _ in _GRAINS if ask.search(question)), None)


# the counted word; of a hyphenated compound, its last part, after a word
# that names it ("Hur många lex Sarah-rapporter ...", "IVO-anmälningar")
_AUX = re.compile(r"har|hade|är|var|blev|blir|kan|kunde|ska|skall|fick|får|finns|fanns|"
                  r"have|has|are|were|was|do|does|did")
# a verb: "Hur många jobbar på enheten?" counts whoever does it, names nothing counted
_DOING = re.compile(r"jobbar|jobbade|arbetar|arbetade|bor|bodde|deltar|deltog|slutade|slutar|"
                    r"söker|sökte|väntar|väntade|work|works|worked|live|lives")
# a word between "hur många" and the noun counted ("hur många gratis timmar")
_BEFORE_COUNTED = (r"(?:(?:olika|nya|gratis|extra|lediga|fasta|fria|avgiftsfria|kostnadsfria)"
                   r"\s+){0,2}")
_COUNTED = re.compile(
    r"\bhur många (?:(?:av|ur) (?:(?:de|dem|alla|nya|[^\W\d_]+s)\s+){0,3})?" + _BEFORE_COUNTED +
    r"(?:[^\W\d_]+\s+(?=[^\W\d_]+-[^\W\d_]))?"
    r"(?:[^\W\d_]+-(?=[^\W\d_]))*([^\W\d_]+)|\bhow many (?:new )?([^\W\d_]+)", re.I)

# people of any kind, whom a count of "personer" counts too (whole stems: not "äldreboenden")
_PEOPLE = frozenset(stem(w) for w in (
    "patienter brukare kunder klienter deltagare vårdtagare elever medarbetare anställda "
    "familjer barn ungdomar vuxna äldre handläggare socialsekreterare chefer föräldrar boende "
    "undersköterskor").split())


_TIME_GENITIVES = frozenset("års dagars veckors månaders timmars minuters".split())


def counted_noun(question: str) -> tuple[str, ...]:
    """What a count question counts, stemmed, with its synonyms, each cut
    to five letters, and last the whole stem ("Hur många anställda ..." ->
    ('anstä', 'medar', ..., 'anställd'); "How many customers" finds "kund"
    by its synonyms); () when it names nothing: an auxiliary or a function
    word after "hur många" ("Hur många har teamet hjälpt ...", "Hur många
    finns ...", "Hur många i Munkedal ..."), checked before and after
    stemming, then any number will do. Made once per question
    (query.analyse: Query.counted)."""
    m = _COUNTED.search(question)
    if not m:
        return ()
    raw = (m.group(1) or m.group(2)).lower()
    word = stem(raw[:-1] if raw in _TIME_GENITIVES else raw)  # "hur många års ålder": years
    if any(_AUX.fullmatch(w) or _DOING.fullmatch(w) or w in STOP_WORDS for w in (raw, word)):
        return ()
    # people of any kind are counted as "personer" too ("120 personer" for patients)
    people = ("perso",) if word in _PEOPLE else ()
    return tuple(dict.fromkeys(s[:5] for s in (word, *sorted(synonyms_of(word)), *people))) + (word,)


# "Vem besvarar/ansvarar för/sköter ...": who does something may be a group
# or a body ("hemtjänstens nattpersonal", "socialnämnden"), not only a named
# person; "Vem är/var/blir/leder/heter ..." asks for a person.
_AGENT_Q = re.compile(
    r"^\s*vem\s+(?!(?:är|var|blir|blev|heter|hette|leder|ledde|tar|tog|ska|skall|kommer)\b)"
    r"[a-zåäö]+(?:ar|er|or)\b", re.I)
_BODY = re.compile(
    r"\b\w*(?:personal|personalen|nämnd|nämnden|styrelse|styrelsen|team|teamet|förvaltning|"
    r"förvaltningen|enhet|enheten|grupp|gruppen)\b", re.I)


def asked_agent(question: str) -> bool:
    """A who-question about who does something (see _AGENT_Q)."""
    return bool(_AGENT_Q.search(question))


_ANTAL = re.compile(r"\bantal(?:et)?\s+((?:[^\W\d_]+\s+){0,1}[^\W\d_]+)")
_COUNT_ADJ = frozenset(stem(w) for w in ("olika", "nya", "fler", "andra"))


_DIGITS = re.compile(r"\d[\d  ]*\d|\d")


def given_only(sentence: str, question: str) -> bool:
    """Every number of `sentence` is one `question` gives ("Hur mycket av
    Bollnäs 850 000 kronor gick till ..." is not answered by "850 000 kronor")."""
    def numbers(text: str) -> set[str]:
        return {re.sub(r"\D", "", m.group(0)) for m in _DIGITS.finditer(text)}
    have, given = numbers(sentence), numbers(question)
    return bool(have) and bool(given) and have <= given


_LIST_JOIN = re.compile(r",|\b(?:och|samt)\b")


def _enumerates(text: str, counted: tuple[str, ...]) -> bool:
    """A count answered by a list instead of a number: two or more of the
    counted thing ("socialnämnden, vård- och omsorgsnämnden samt ...nämnden"
    for "Hur många nämnder"), or two named persons for "Hur många personer"."""
    if counted[-1] == "person":
        return len(NAME.findall(text)) >= 2 and bool(_LIST_JOIN.search(text))
    if len(counted[0]) < 4 or counted[-1].endswith("chef"):  # titles list no head count
        return False
    # the counted things side by side in a list, not scattered ("enhetschefer ...
    # blev verksamhetschef" lists no chefs)
    low = text.lower()
    hits = [m for m in re.finditer(r"[a-zåäöé]+", low) if counted[0] in stem(m.group(0))]
    return any(b.start() - a.end() <= 40 and stem(a.group(0)) != stem(b.group(0))
               and _LIST_JOIN.search(low[a.end():b.start()])
               for a, b in pairwise(hits))


def holds_kind(text: str, kind: str | None, counted: tuple[str, ...] = (),
               agent: bool = False, grain: str | None = None) -> bool:
    """`text` has the form of a fact of `kind` (False for None); a count
    with `counted` (counted_noun) needs a number before one of those words;
    an `agent` question (asked_agent) is answered by a group or body too;
    a date of a `grain` (date_grain) needs a time of that grain."""
    if kind == "person":
        return bool(NAME.search(text)) or (agent and bool(_BODY.search(text)))
    if kind == "amount":
        return bool(_AMOUNT.search(text))
    if kind == "count":
        numbers = _numbers(text)
        if not counted:
            return bool(numbers)
        whole = counted[-1]
        for m in numbers:
            after = [stem(w.strip(".,;:!?()")) for w in text[m.end(): m.end() + 40].lower().split()]
            # the counted word within two words ("16 olika medarbetare"), a synonym right
            # after, or after an adjective ("16 olika medarbetare" for "olika personal")
            first = after[1:2] if after[:1] and after[0] in _COUNT_ADJ else after[:1]
            if any(counted[0] in w for w in after[:2]) or any(c in w for w in first
                                                                for c in counted[1:]):
                return True
            # a compound counted by its last part: "problemområden" / "14 områden"
            if any(len(w) >= 4 and whole.endswith(w) for w in after[:2]):
                return True
        if _enumerates(text, counted):
            return True
        # the counted word after "antalet", the numbers later: "minskat antalet
        # nyckeltal som förvaltningen rapporterar, från 31 till åtta"
        # (or a synonym of it: "antalet nyckeltal" for "mätetal")
        whole = {counted[-1], *synonyms_of(counted[-1])}
        return bool(numbers) and any(
            counted[0] in stem(w) or any(stem(w).startswith(s) for s in whole if len(s) >= 5)
            for m in _ANTAL.finditer(text.lower()) for w in m.group(1).split())
    if kind == "date":
        if grain is not None:
            return any(bool(held.search(text)) for g, _, held in _GRAINS if g == grain)
        return bool(_DATE.search(text))
    if kind == "place":
        return bool(_PLACE.search(text)) or bool(named_places(text))
    if kind == "reason":
        return bool(_REASON.search(text))
    if kind == "result":
        return bool(_RESULT.search(text)) or bool(_AMOUNT.search(text))
    if kind == "municipalities":
        return bool(named_places(text))
    if kind == "legal":
        return bool(_LEGAL.search(text))
    if kind == "name":
        return names_thing(text)
    return False


# a change as a quantity in words ("har halverats", "dubbelt så många"; "fem procent" is _AMOUNT)
_HALVED = re.compile(r"\b(?:halver\w*|fördubbl\w*|hälften|dubbelt så|tredubbl\w*)\b", re.I)
# "Hur mycket förbättrades ... i procent?", "Vilka siffror visade ...": a result asked as a quantity
_QUANTITY_Q = re.compile(r"\b(?:i procent|hur mycket|hur många procent|med hur många|"
                         r"vilka siffror|vilken siffra|siffrorna|(?:what|which) (?:figures|numbers))\b",
                         re.I)


def quantity_missing(question: str, holding: list[str]) -> bool:
    """A result is asked as a quantity and no sentence holding one has a
    number or a sum."""
    return bool(_QUANTITY_Q.search(question)) and not any(
        _numbers(t) or _AMOUNT.search(t) or _HALVED.search(t) for t in holding)

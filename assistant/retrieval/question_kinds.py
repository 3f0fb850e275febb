"""Which kind of fact a question asks for, and what a count counts.

A question asks for at most one kind of fact (kinds.KINDS): "Vem leder ...",
"Vad visade utvärderingen ...", "När invigdes ...", "Vad kostar ...", "Hur
många ...". `asked_kind` reads which, once per question (query.analyse);
`counted_noun` what a count counts and `asked_agent` whether a who-question
may be answered by a body. Whether a passage holds such a fact is kinds.py's.
"""

from __future__ import annotations

import re

from ..swedish.words import STOP_WORDS, stem, synonyms_of
from .named_things import ASKS_NAME, NAME_OF_THING


# A law by name ("kommunallagen", "socialtjänstlagen"), not a word that
# merely ends so ("beslutsunderlagen", "arbetslagen" are no laws).
LAW_NAME = (r"(?:kommunal|socialtjänst|förvaltnings|arbetsmiljö|medbestämmande|sekretess|"
            r"skol|diskriminerings|upphandlings|lss-|hälso- och sjukvårds|sjukvårds|alkohol|"
            r"färdtjänst|patientsäkerhets|patient|plan- och bygg)lagen")
# which law asked ("Vilken lag reglerar ...", "Enligt vilken lag ...", "Which law allows ...";
# not "vilka lag", teams, nor "What acts of neglect ...", "What law firm ..."): told only by
# a law named (kinds.legal_grain "law"), not "regleras av samma lag", "enligt lag"
_LAW_WORDS = r"(?:laws?|legislation|acts?(?!\s+of\b))\b(?!\s+firms?\b)"
LAW_ASKED = re.compile(rf"\b(?:vilken\s+lag|vilka\s+lagar|(?:which|what)\s+{_LAW_WORDS})\b", re.I)
# ... by name, in a genitive too ("socialtjänstlagens 4 kap."), by its number ("lag
# (1993:387) om ...", "socialtjänstlag (2001:453)"), by "lagen om ..." (not "i lagen om fyra",
# teams of four), or by its letters; not by a duty in one ("anmälningar enligt lex Maria")
LAW_NAMED = re.compile(rf"(?i:\b{LAW_NAME}s?\b|\b\w*lag\s+\(\d{{4}}:\d+\)|"
                       r"\blag(?:en)?\s+(?:\(\d{4}:\d+\)\s+)?om\s+(?!\d|en\b|ett\b|två\b|tre\b|"
                       r"fyra\b|fem\b|sex\b)\w|\bförordningen\s+om\s+\w|\w+balken\b)|"
                       r"\b(?:SoL|LSS|LVU|LVM|HSL|LOV|LOU|OSL|KL)\b")
# a measure's change, as a supine ("Har sjukfrånvaron minskat ..."; fact_heads.py reads
# the measure after "har" by the same words)
CHANGED_SUPINE = (r"(?:minskat|ökat|sjunkit|stigit|förbättrats|försämrats|utvecklats|halverats|"
                  r"fördubblats|förändrats|gått (?:ner|ned|upp))")
# ... and of one adjusted ("Hur mycket har väntetiden kortats?", "avgiften har sänkts med 5 %")
ADJUSTED_SUPINE = r"(?:sänkts|höjts|kortats)"
# a change asked as a comparative ("Blev körtiden kortare ...", "blev kunderna nöjdare")
_COMPARATIVE = (r"(?:kortare|längre|snabbare|bättre|sämre|nöjdare|tryggare|lägre|högre|färre|fler|"
                r"mindre|större|billigare|dyrare|stabilare)")
# a trial whose outcome "Hur gick ...?" asks ("Hur gick försöket ...", not "Hur gick X till väga")
_TRIAL = r"(?:\w*(?:försök|pilot|projekt|test|satsning|förändring|omorganisation)\w*|arbetet)\b"
_ASK = (
    ("legal", re.compile(
        rf"\benligt (?:\w+ )?(?:lag|lagen|lagar|lagstiftningen|{LAW_NAME})\b|\b{LAW_NAME}\b|"
        r"\b(?:kräver|säger|föreskriver|tillåter|anger|medger) (?:lagen|lagstiftningen)\b|"
        r"\b(?:which|what) (?:sections?|paragraphs?|chapters?) of\b|\bsou-?nummer\w*|\blagrum\w*|"
        r"\b(?:vilken|vilket) sou\b|\bvilken lag\b|\bvilka lagar\b|"  # not "vilka lag" (teams)
        r"\bhur (?:lång tid|många (?:dagar|veckor|månader)) ger (?:lagen|lagstiftningen)\b|"
        r"\benligt (?:socialstyrelsens|gällande|nationella) föreskrifter(?:na)?\b|"
        r"\benligt (?:de|det) nationella (?:reglerna|regelverket)\b|"
        r"\blagkrav\w*|"
        r"\blagstad\w*|\b\w*paragraf\w*|\briksnorm\w*|\bförordning\w*|"
        r"\b(?:according to|required by|under) (?:the )?(?:law|act)\b|\bstatutory\b|"
        rf"\b(?:which|what) {_LAW_WORDS}|"
        r"\blegally\b", re.I)),
    ("amount", re.compile(
        r"\b(vad|hur mycket) (kostar|kostade|kostat|betalar|betalade|betalat|"
        r"kommer [\w ]{0,40}att kosta|ska [\w ]{0,30}kosta|"
        # "Vad har omställningen (som startade 2021) kostat?", "kostat" its last verb (not "Vad
        # har hänt med projektet som kostat fem miljoner?")
        r"(?:har|hade) (?!inte\b)[^?]{1,150}?\bkostat(?:\s+(?:kommunen|hittills|totalt|"
        r"sammanlagt|oss|per år|i år|i kronor))*(?:\s+(?:utan|med|för|per)\s[^?]{1,40})?\s*\??\s*$|"
        r"(?:beräknas|väntas|bedöms|förväntas|skulle) (?:(?!inte\b|för att det\b)[\w ]){0,60}"
        r"kostat?\b)|"
        r"\bhur (mycket|stora?|stort|höga?|högt) (är |var |blir |blev )?(\w+ )?\w*(pengar|kronor|"
        r"budget|kostnad|lön|underskott|överskott|besparing|bidrag|anslag|andel|del av|avgift|"
        r"taxa|pris)|"
        r"\bhur (mycket|många kronor|många miljoner)\b.{0,60}\b(spar\w*|betal\w*|kost\w*|pengar|"
        # ("statliga medel", "stimulansmedel"; not "medelåldern", "läkemedel", "livsmedel")
        r"\w*(?<!läke)(?<!livs)(?<!hjälp)(?<!skydds)(?:medel|medlen)\b|"
        r"budget\w*|lön\w*|tjän\w*)|"
        r"\b\w*(budget\w*|lönen?|arvode\w*|taxa\w*|avgift\w*) (är|var|för|i|på)\b|"
        # "Vilken månadslön har ...", "Vad är den totala budgeten?": a sum, asked with a
        # verb of having or paying ("Vilken avgift infördes ...", "Vilken taxa gäller ...",
        # "Vilken avgift har höjts ...", "... tog Habo bort", "Vad är avgiften baserad på?"
        # ask which, not how much)
        r"^\s*(?:vilken|vilket) (?:(?:årliga?|totala?|samlade?|sammanlagda?|nya|ny|nuvarande|"
        r"ungefärliga?) )?\w*(?:lön|arvode|budget|avgift|taxa|årskostnad)(?:en|et|n)? "
        r"(?:(?:har|hade)(?! \w+(?:at|ats|ts|it|tt|jt|kt|nt|pt|lt|rt)\b)|får|fick|tar|tog|"
        r"betalar|betalade|ligger|låg|är|var)\b(?!.*\bbort\b)|"
        r"^\s*vad (?:är|var|blir|blev) (?:(?:den|det) )?(?:(?:årliga?|totala?|samlade?|"
        r"sammanlagda?|nya|nuvarande) )?\w*(?:lön|arvode|budget|avgift|taxa|årskostnad)"
        r"(?:en|et|n)?(?:\s+(?:för|i|på|per)\b|\s*\?|\s*$)|"
        r"\bhur många (kronor|miljoner|procent)\b|\bi (?:miljoner |tusen )?kronor\b|"
        r"\bhow many (?:millions? (?:of )?)?(?:kronor|crowns|sek)\b|"
        r"\bhow many millions?\b.{0,80}\b(?:cost|spend|spent|pay|paid|save|saved|budget)|"
        r"\bhur mycket (?:dyrare|billigare)\b|"
        r"\bhur mycket av\b.{0,60}\b(?:kronor\w*|pengar\w*|budget\w*|miljoner\w*|medlen)\b|"
        r"\bhow much\b.{0,80}\b(cost|money|spend|save|pay|budget)|"
        # funding as what is asked ("How much state funding ...", "how much of a grant")
        r"\bhow much (?:of an? )?(?:[\w-]+ ){0,2}(?:funding|funds|grants?|subsid(?:y|ies))\b|"
        r"\bhow much\b.{0,60}\b(?:receiv\w*|get|got|gotten|granted|awarded)\b.{0,30}"
        r"\b(?:funding|funds|grants?|subsid(?:y|ies))\b|"
        r"\bwhat (does|did|do|will|would)\b.{0,60}\bcost\b|"
        r"\b(salary|budget|price|fee) (of|for|is)\b|"
        r"\bwhat share\b|\bwhat percentage\b|"
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
        r"(?:fram )?till (?:och med )?när|since when|(?:until|till|up to) when|when|"
        r"(?:for )?how long|what (date|year|period|time)|"
        r"(for|during|in|from|since|over|until) (what|which) (period|years?|date|time|months?))\b|"
        r"\b(när|hur länge|vilket år|what year|when) (ska|skall|började|startade|invigdes|öppnar|"
        r"öppnade|infördes|kom|blev|was|did|does|will)\b|"
        r"\b(vilka|vilken) (dagar|veckodagar|tider|öppettider)\b|\b(which|what) days\b", re.I)),
    # "Vad heter Gnosjös tidigare socialchef": the name of a role, after a genitive
    # and an adjective of time; "What was the name of the unit manager"
    ("person", re.compile(
        r"^\s*(vem|vilka personer|vilken person|vad (heter|hette) (den |det |de )?"
        r"([^\W\d_]+s )?"
        r"((nya|nye|tidigare|förra|förre|dåvarande|nuvarande|ordinarie|gamla|gamle) )?"
        r"\w*(chef|ordförande|direktör|ledare|strateg|utvecklare|sekreterare|samordnare)"
        r"(en|ens|n|er|erna|na|s)?|who|whom|"
        rf"(?!{NAME_OF_THING})what (is|was) the name of|"
        rf"(?!{NAME_OF_THING})what (are|were) the names of)\b|"
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
        r"^\s*(?:did|has|have)\b.{0,80}\b(?:manage|managed|succeed|succeeded)\b|"
        # "Hur mycket har sjukfrånvaron minskat ...", "Nådde gruppen målet att ...?"
        rf"\bhur mycket har\b.{{0,80}}\b(?:{CHANGED_SUPINE}|{ADJUSTED_SUPINE}|förkortats)\b|"
        r"^\s*(?:nådde|når|nåddes|uppnådde|klarade)\b.{0,80}\bmål(?:et|en|s?ättning\w*)?\b|"
        r"^\s*har\b.{0,60}\b(?:nått|uppnått|klarat)\b.{0,40}\bmål(?:et|en)?\b|"
        r"^\s*(?:did|has|have)\b.{0,80}\b(?:reach|reached|meet|met|achieve|achieved)\b.{0,30}"
        r"\b(?:goal|target|aim)s?\b|"
        r"\bhur har\b.{0,80}\b(?:utvecklats|förändrats)\b|\bhur (?:föll|utföll)\b|"
        r"\bgick\b.{0,60}\bmed (?:överskott|underskott)\b|\bhur mycket (?:förbättrades|ökade|"
        r"minskade)\b|\bblev det (?:färre|fler|mindre|mer)\b|"
        r"\bhur mycket (?:kortare|längre|snabbare|bättre|sämre|mer|mindre|lägre|högre|större|"
        r"nöjdare|tryggare|enklare)\b|"
        r"\b(vad (visade|visar|har [\w ]{0,40}visat|kom [\w ,-]{0,60}fram till)|vilka siffror|"
        r"resultat\w*|"
        r"effekt\w*|utvärdering\w*|vad (har|har det) [\w ]{0,40}(gett|lett till|inneburit)|"
        r"slutsats\w*|utfall\w*|hur gick det|"
        # "Hur gick försöket ...?", not "Hur gick Vårgårda till väga ...?"
        rf"hur gick {_TRIAL}(?!.*\btill\s*väga\b)"
        r"(?![^?]*\btill(?:\s+(?:i|på|inom)\s+[^\W\d_]+)?\s*\??\s*$)|"
        rf"hur har {_TRIAL}[\w ]{{0,60}}\bgått\b|"
        r"lett till|har det (gått|blivit)|blev (det|något|omsorgen|\w+) (bättre|sämre)|"
        r"what (did|does|have|has) [\w ,'’-]{0,160}"
        r"(show|find|found|achieve|deliver|conclude|reveal)|"
        r"results?|outcomes?|effects?|evaluation)\b", re.I)),
    # its name ("Vilket planeringssystem ..."), after the other kinds (named_things.py)
    ("name", ASKS_NAME),
)


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


# what a body decided, asked whatever it was decided after ("Vad har nämnden bestämt efter
# utvärderingen ...?", "What did the board decide after the evaluation?"): a result asked,
# told by a decision even when what is decided is still to come (asks_decision)
# (in the main clause: not "Vad kostar satsningen som nämnden beslutade om?", "Vad kom
# utvärderingen fram till och vad beslutade ...?", a finding asked first)
_DECIDED = re.compile(r"^\s*(?:[^\W\d_]+\s*[,:–-]\s*)?(?:vad\b(?:\s+har)?|what\s+(?:did|has|have))"
                      r"\b(?:(?!\b(?:visade|visat|visar|show\w*|som|att|and|that|which|"
                      r"kost\w*|resultat\w*|fram|find|found)\b|\b(?<!- )och\b|,)[^?]){0,80}?\b"
                      r"(?:bestämde|beslutade|beslöt|bestämt|beslutat|decided?)\b", re.I)


def asks_decision(question: str) -> bool:
    """`question` asks what a body decided (_DECIDED)."""
    return bool(_DECIDED.search(question))


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


# a grain asked for, not a word in passing ("Vilka aktiviteter ... på veckodagarna?")
_ASKED_GRAIN = re.compile(r"\b(?:vilket|vilken|vilka|which|what|exakt)\s+(?:år|datum|månad|dag|"
                          r"dagar|veckodag\w*|date|year|month|days?|weekdays?)\b", re.I)


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
    "undersköterskor people persons individuals clients customers residents "
    "participants employees children families").split())


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
    cut = (s[:5] for s in (word, *sorted(synonyms_of(word)), *people))
    return tuple(dict.fromkeys(cut)) + (word,)


def counted_in_swedish(counted: tuple[str, ...]) -> tuple[str, ...]:
    """What an English count (counted_noun) counts, as the Swedish articles
    tell it: by its Swedish synonyms ("employees": medarbetare, anställda);
    () when it has none but the people of any kind ("how many people take
    part", told "32 deltagare"), and then any number will do."""
    return counted if len(set(counted[:-1]) - {"perso"}) > 1 else ()


# "Vem besvarar/ansvarar för/sköter ...": who does something may be a group
# or a body ("hemtjänstens nattpersonal", "socialnämnden"), not only a named
# person; "Vem är/var/blir/leder/heter ..." asks for a person.
_AGENT_Q = re.compile(
    r"^\s*vem\s+(?!(?:är|var|blir|blev|heter|hette|leder|ledde|tar|tog|ska|skall|kommer)\b)"
    r"[a-zåäö]+(?:ar|er|or)\b", re.I)


def asked_agent(question: str) -> bool:
    """A who-question about who does something (see _AGENT_Q)."""
    return bool(_AGENT_Q.search(question))

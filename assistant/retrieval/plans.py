"""Questions about what comes next, and sentences that tell of it.

"Vad ska Vårgårdas socialtjänst ta sig an härnäst?", "Vilken verksamhet
står på tur ...?", "What will ... focus on from now on?" ask what is
started, planned or will be done; their answer says so in its verbs ("Nu
påbörjar vi ett liknande arbete med LSS ...", "... kommer framöver att
fokusera på ...") more than in the question's words, which e5 does not
weigh. The `plan` ranking signal (signals.py) lifts such sentences for
such questions.

A question asks what comes next by a word of time to come ("härnäst",
"framöver", "what ... next?") or by asking of plans ("planerna",
"planerar", "plans") in the present: a plan adopted or made in the past
("Vilka planer antogs 2019?") is no plan still to come, and "plan" alone
is a document ("Vilken plan ..."), "next" before a noun a date ("When is
the next meeting?"). "Var" is "was" but, first and before a verb, "where"
("Var planeras det nya boendet?" asks of plans; question_kinds.asks_where). A
how-question asks a manner ("Hur vill Söderhamn styra ... framöver?"),
unless it asks of plans ("Hur ser planerna ut?").
A sentence tells of a plan by a verb of starting or intending, or a
future that is neither denied nor hedged: "Det kommer inte att räcka" and
"Beslutet avser 2019" plan nothing. A sentence about what is planned or
pending, not done (`pending`), is evidence that a result asked for is not
reported yet (answerability.py, result_pending); so is a recruitment under
way for a new holder of a role asked for ("Vem blir ny MAS ...?",
`successor_pending`).
"""

from __future__ import annotations

import re

from ..swedish.dates import MONTH_NAMES
from .evidence import ROLE_ENDINGS
from .question_kinds import ADJUSTED_SUPINE, CHANGED_SUPINE, asks_where

# next in turn ("står näst på tur", "Nästa år står äldreomsorgen på tur", "näst i tur",
# "turen är kommen"; not "i tur och ordning")
_TURN = (r"(?:står|är)\s+(?:[\w-]+\s+){0,3}?(?:(?:näst|nästa|härnäst)\s+)?(?:på|i)\s+tur"
         r"(?!\s+och\s+ordning)|nästa?\s+(?:på|i)\s+tur|turen\s+(?:är\s+)?kommen")
# time to come
_AHEAD_Q = re.compile(
    rf"\b(härnäst|framöver|{_TURN}|nästa steg|i framtiden|"
    r"på sikt|fortsättningsvis|what next|next steps?|from now on|in the future)\b|"
    r"\bnext\s*(?:[?.!]|$)", re.I)
# plans asked of
_PLANS_Q = re.compile(
    r"\b(planer|planerna|planerar|planeras|planerade|plans|planning|planned|plan to)\b", re.I)
# a finite verb of the past: the passive ("antogs", "beslutades",
# "infördes") and the past of the auxiliaries and of making and adopting
_PAST_Q = re.compile(
    r"\b(?:[a-zåäö]{2,}(?:ades|ogs|ödes|des|tes)|hade|var|blev|gjorde|antog|tog|fattade|"
    r"beslutade|did|was|were|had|adopted|made)\b", re.I)
_WHERE_VAR = re.compile(r"^\s*var\b", re.IGNORECASE)
_HOW = re.compile(r"^\s*(hur|how)\b(?! (många|mycket|many|much)\b)", re.I)

_FUTURE_HEDGE = r"(?:inte|aldrig|knappast|nog|troligen|troligtvis|förmodligen|sannolikt|antagligen|kanske|säkert)"
_PLAN = re.compile(
    rf"\b(påbörja\w*|planer\w*|planera\w*|kommer (?!sig\b)(?:(?!{_FUTURE_HEDGE}\b)\w+ ){{0,2}}att|"
    rf"nästa steg|framöver|härnäst|i framtiden|på sikt|{_TURN}|avser att|"
    r"siktar på|fortsättningsvis|nu (?:börjar|startar|inleder|drar igång)|"
    r"ska (?:nu|snart|sedan|därefter|framöver|också))\b",
    re.I)


def asks_next(question: str) -> bool:
    """The question asks what comes next: what is planned, started or will be done."""
    # "Var" first may be "where" ("Var planeras det nya boendet?"), no past
    tensed = _WHERE_VAR.sub("", question, count=1) if asks_where(question) else question
    if _PLANS_Q.search(question) and not _PAST_Q.search(tensed):
        return True
    return bool(_AHEAD_Q.search(question)) and not _HOW.search(question)


def tells_plan(text: str) -> bool:
    """The sentence tells of something started, planned or still to be done."""
    return bool(_PLAN.search(text))


# A sentence about what is planned or pending, not done: "ska utvärderas",
# "planeras till hösten", "Något resultat finns ännu inte", work only now begun ("Nu
# påbörjar vi ...", "påbörjas i höst"; not "Andelen som påbörjar studier har ökat", "Insatsen
# påbörjas samma dag som beslutet"), a report to come ("om det kommer ni kunna läsa
# framöver"; not "hålla den nivån även framöver")
PLANNED = re.compile(
    r"\b(ska|skall|kommer att|planeras|planerar|väntas|beräknas|pågår|ännu inte|inte ännu|"
    r"skjutits upp|finns ännu|"
    r"nu\s+påbörjar\s+(?:vi|kommunen|nämnden|förvaltningen|socialtjänsten|enheten)|"
    r"påbörjas\s+(?:(?:i|under|till|efter)\s+)?(?:(?:höst|vår|sommar|vinter)\w*|nästa\s+år|"
    rf"senare|inom\s+kort|{MONTH_NAMES})|"
    r"(?:läsa|höra|berätta|återkomma|återkommer|redovisa\w*|rapportera\w*|utvärdera\w*)\s+"
    r"(?:\w+\s+){0,2}?(?:om\s+)?framöver|"
    r"will|planned|pending|not yet)\b", re.I)
# A purpose or condition plans nothing: "för att vi ska kunna fatta rätt
# beslut", "när man ska bygga något nytt", "innan den nya nämnden ska ..."
# (its subject a pronoun or a noun of up to three words; after "om" only a
# pronoun: "beslutet om den nya enheten ska fattas" is pending). A time
# ("Innan årsskiftet planeras ...", "När hösten kommer ska ...") or a
# clause already closed by its verb ("När utredningen är klar ska ...")
# leaves the plan in the main clause: pending.
_TIME = (r"(?:dess|årsskiftet|året|årets|nästa|våren|sommaren|hösten|vintern|vårterminen|"
         r"höstterminen|terminen|terminsstarten|semestern|semestrarna|jul\w*|nyår\w*|påsk\w*|"
         rf"midsommar\w*|månadens|veckans|kvartalets|{MONTH_NAMES}|\d+)")
_CLOSED = r"(?:är|var|blir|blev|kommer|finns|fanns|har|hade|gäller|börjar|startar)"
_PURPOSE = re.compile(rf"\b(?:(?:för|så) att\s+(?:[\w-]+\s+){{0,3}}|(?:när|innan)\s+"
                      rf"(?!{_TIME}\b)(?:(?!{_CLOSED}\b)[\w-]+\s+){{1,3}}|"
                      r"om\s+(?:man|vi|de|du|jag|hon|han)\s+)$", re.I)


# a measure's change told as made, with its figure ("har minskat från 4,1 till 2,9 procent",
# "sjönk från 12 till 8 dagar", "minskade med 20 procent", "har gått från 34 procent till 12
# procent"): a result reported, whatever is pending. Not hoped, planned or conditioned ("Vi
# hoppas att ... har minskat till 5 procent", "Om kostnaderna har ökat med ...", "ska sänka
# ... till 5 procent"), denied ("har inte minskat"), an adjective ("Den ökade bemanningen"),
# nor years ("har ökat sedan 2020", "från 2019 till 2021")
_FIGURE = (r"(?:från\s+(?!(?:19|20)\d\d\b)[\d,]+\s*(?:\w+\s+){0,2}?till\s+[\d,]+|"
           r"(?:med|till)\s+[\d,]+\s*"
           r"(?:procent\w*|%|kronor|miljoner|miljarder|tusen|dagar|veckor|timmar|minuter|platser))")
_CHANGE_TOLD = re.compile(
    rf"\b(?:har|hade)\s+(?:(?!inte\b|ej\b|aldrig\b)\w+\s+){{0,2}}?(?:{CHANGED_SUPINE}|"
    rf"{ADJUSTED_SUPINE}|minskats|ökats|gått från)\b[^.!?]{{0,40}}?{_FIGURE}|"
    rf"(?<!\bden )(?<!\bdet )(?<!\bde )(?<!\ben )(?<!\bett )\b(?:minskade|ökade|sjönk|gick|"
    rf"sänktes|höjdes|kortades)\b[^.!?]{{0,40}}?{_FIGURE}|\bsteg\s+{_FIGURE}", re.I)  # (a step)
_HOPED = re.compile(r"\b(?:om|hoppas|ska|skall|kommer att|målet|mål|när|innan|tills|förväntas|"
                    r"beräknas|planerar)\b[^.!?]*$", re.I)


def change_told(text: str) -> bool:
    """`text` tells how a measure changed, with its figure (_CHANGE_TOLD)."""
    return any(not _HOPED.search(text[:m.start()]) for m in _CHANGE_TOLD.finditer(text))


# a decision told by a verb of deciding ("Nämnden beslutade den 26 april att ... ska införas"):
# a decision asked is answered, whatever it decided is still to come
_DECIDED_TOLD = re.compile(r"\b(?:beslutade|beslutat|beslöt|beslutades|beslutats|bestämde|"
                           r"bestämt|bestämdes|fattade beslut|fattat beslut)\b", re.I)


def decision_told(text: str) -> bool:
    """`text` tells a decision made (_DECIDED_TOLD)."""
    return bool(_DECIDED_TOLD.search(text))


def pending(text: str) -> bool:
    """`text` tells of something planned or not yet done (`PLANNED`), not
    in a clause of purpose or condition."""
    return any(not _PURPOSE.search(text[max(0, m.start() - 40):m.start()])
               for m in PLANNED.finditer(text))


# A new or permanent holder of a role asked for ("Vem blir ny MAS ...", "När tillträder
# Gnosjös nya ordinarie socialchef?", "Vem har rekryterats som ordinarie verksamhetschef
# ...", "When is Vimmerby's new permanent head ... expected to start?"), and a role word
# after it, inflected ("socialchefen"), not a word that begins as one ("strategin"; the
# role is read from the question's own words, not Query.roles, which an English
# question lacks)
_ROLE_END = rf"(?:{ROLE_ENDINGS}|mas|sjuksköterska)"
# between "ny" and the role only these ("ny medicinskt ansvarig sjuksköterska", not "den
# nya tjänsten som MAS"); "efterträdde" asks who did, not who will
_BETWEEN = r"(?:ordinarie|permanenta?|medicinskt|ansvarig|tillträdande|gemensamma?)"
_SUCCESSOR_Q = re.compile(
    rf"\b(?:ny|nya|nye|ordinarie|permanenta?)\s+(?:{_BETWEEN}\s+){{0,2}}(?P<sv>[\w-]*{_ROLE_END})"
    r"(?:en|er|erna|ens|n|s|na)?\b|\befterträd(?!de\b)\w*|\btar över efter\b|"
    r"\b(?:new|permanent)\s+(?:[\w-]+\s+){0,4}?(?P<en>head|manager|director|chief|nurse|mas|"
    r"leader)s?\b|\bsuccessor\b|\bsucceed\w*", re.I)
# ... or a role's start asked, the role with no name ("När tillträder avdelningschefen för
# den gemensamma individ- och familjeomsorgen?": its holder is the one to come)
_START_Q = re.compile(rf"^\W*när\s+(?:tillträder|börjar)\s+(?:den\s+)?(?:(?:{_BETWEEN})\s+)?"
                      rf"(?P<sv>[\w-]*{_ROLE_END})(?:en|n)?\b"
                      # (the role's start, not a task's: "När börjar socialchefen utredningen?";
                      # nor one named: "När tillträder socialchefen Per Lund?")
                      r"(?=\s*(?:[?.!]|$|(?:för|på|i|inom|vid|hos|som)\s|(?:sin |sitt )?"
                      r"(?:tjänst|uppdrag|jobb|anställning|arbeta|jobba)))"
                      r"(?!.*(?-i:\b[A-ZÅÄÖ][a-zåäö]+,?\s+[A-ZÅÄÖ][a-zåäö]+))", re.I)
# an acting holder or a return asked for is no new one ("Vem är tillförordnad ...",
# "När börjar den ordinarie enhetschefen igen?"; an interim's end may be: "när Göran
# Lindqvists interimsuppdrag tog slut")
_NOT_NEW_Q = re.compile(r"\b(?:tillförordnad\w*|acting|interimistisk\w*|igen|tillbaka|back)\b",
                        re.I)
# a recruitment of the role told as under way or ahead ("rekryteringen av en ny MAS
# pågår", "medan rekryteringen av nya chefer pågår", "om rekryteringen av en ny
# socialchef drar ut på tiden", "Samtidigt pågår rekryteringen av en ny ordinarie
# socialchef", "Rekryteringen av en ny socialchef startar i augusti"; not "Anna Berg
# vill rekrytera fler socionomer, som ska ...")
_RECRUITMENT_OF = re.compile(
    r"\brekrytering(?:en)?\s+av\s+(?:en\s+|ett\s+)?(?:(?:ny|nya|nye|ordinarie|permanenta?)\s+)"
    r"{0,2}(?P<what>[\w-]+)", re.I)
_RECRUITMENT_DONE = re.compile(r"\b(?:är|blev|har blivit)\s+(?:klar|avslutad)\b", re.I)
_UNDER_WAY = re.compile(r"\b(?:pågår|pågående|startar|börjar|påbörja\w*|inleds|inletts|drar ut|"
                        r"igång|ska|kommer att|medan|tills|till dess)\b", re.I)
# an acting holder of the role ("Göran Lindqvist som interimistisk verksamhetschef"), now:
# not one before ("tidigare tillförordnad", "har varit tillförordnad")
_ACTING = re.compile(r"\b(?:tillförordnad|interimistisk|interim|acting)\s+(?P<what>[\w-]+)|"
                     r"\bt\.\s?f\.\s*(?P<tf>[\w-]+)", re.I)
_EARLIER = re.compile(r"\b(?:tidigare|varit|var|före detta)\b", re.I)
# the new holder named as recruited or starting ("har rekryterats", "blir ny", "Kommunen
# har anställt Anna Berg som ...", "utsågs till", "börjar som", "ska tillträda", "tar över
# som" but not as an acting one, "Den nya socialchefen heter ...", "Sedan den 3 april har
# socialförvaltningen ... en ny socialchef" but not "har under hösten sökt en ny ...")
_RECRUITED = re.compile(
    r"\b(?:har|hade)\s+(?:rekryterats|anställts|utsetts|utnämnts)\b|"
    r"\b(?:har|hade)\s+(?:\w+\s+)?(?:anställt|utsett|rekryterat|utnämnt)\b|"
    r"\b(?:utsågs|anställdes|rekryterades|utnämndes)\b|\bbörjar\s+som\b|"
    r"\bska\s+(?:börja|tillträda)\b|"
    r"\b(?:är|blir|blev)\s+(?:nu\s+)?(?:\w+s\s+)?(?:ny|nya|nye|ordinarie)\b|"
    r"\btillträder\s+som\b|\btar över som\s+(?!tillförordnad|t\.?\s?f\.?\s|interim)|"
    r"\befterträd(?:s|des)\s+av\b|"
    r"\b(?:nya|nye)\s+[\w-]+\s+heter\b|"
    r"\b(?:har|fick|har fått)\s+(?:(?!sökt|söker|rekryter)[\w-]+\s+){0,6}?en ny\b", re.I)
# ... or by name: "Ny socialchef blir Anna Berg", "Anna Berg, Habos nya socialchef, ...", one
# moved into the post ("Till Solgården flyttas Sofia Hansson, som i dag är enhetschef ...")
_NAMED_NEW = re.compile(r"\b(?:[Bb]lir|[Bb]lev)\s+[A-ZÅÄÖ][a-zåäö]+\s+[A-ZÅÄÖ]|"
                        r"[A-ZÅÄÖ][a-zåäö]+\s+[A-ZÅÄÖ][\w-]+,\s+(?:\w+s\s+)?(?:nya|nye|ny)\s|"
                        r"\b[Tt]ill\s+[A-ZÅÄÖ]\w+\s+flyttas\s+[A-ZÅÄÖ][a-zåäö]+\s+[A-ZÅÄÖ]")
# no naming in a denial ("har inte rekryterat någon ny socialchef ännu")
_DENIED = re.compile(r"\b(?:inte|ännu inte|ingen|någon)\b", re.I)
# of a date asked: a start told with a date ("Anna Berg tillträder den 1 maj", "ska
# tillträda tjänsten den 1 maj"; not a recruitment's start or an acting one's)
_STARTS_ON = re.compile(r"^(?!.*\brekryter).*\b(?:tillträder|tillträda|börjar|börja)\b"
                        r"(?!\s+(?:som\s+)?(?:tillförordnad|interim))\W+(?:\w+\W+){0,6}?"
                        r"(?:den\s+)?(?:\d|\b(?:januari|februari|mars|april|maj|juni|juli|"
                        r"augusti|september|oktober|november|december)\b)", re.I)
# "ordinarie"/"permanent" asks for a new holder only with a start or a recruitment
# ("När tillträder den ordinarie ...", "Vem har rekryterats som ordinarie ...")
_STANDING = re.compile(r"(?:ordinarie|permanenta?)\b", re.I)
_TAKING = re.compile(r"\b(?:tillträd\w*|börja\w*|rekryter\w*|anställs|anställdes|anställts|"
                     r"utse\w*|på plats|blir|blev|start\w*|take office|took office|recruit\w*|"
                     r"appoint\w*|hired)\b", re.I)
# a start asked by when ("När tillträder ...", "When is ... expected to start?"), not how
# long a recruitment takes ("Hur lång tid tar det att hitta en ny chef ...?")
_WHEN = re.compile(r"^\W*(?:när|vilket datum|vilken dag|vilken månad|when|(?:by )?what date)\b",
                   re.I)


def _role_of(word: str) -> str:
    """What a word naming the role `word` holds: MAS, or a medically
    responsible nurse, for one; any chief or director for an English role;
    else the role word itself ("socialchef")."""
    low = word.lower().rstrip("-")
    if low in ("mas", "sjuksköterska", "nurse"):
        return r"\bmas\b|medicinskt|sjuksköterska"
    if low in ("head", "manager", "director", "chief", "leader"):
        return "chef|direktör|ledare"
    return re.escape(low)


def successor_pending(question: str, kind: str | None, sentences: list[str],
                      articles: list[list[str]] | None = None) -> bool:
    """A new or permanent holder of a role is asked for (who, or, of a date
    `kind`, when they start), and a sentence of their articles (`articles`:
    per article, its sentences; else the best passages, `sentences`) tells that
    a recruitment to that role (or of several chiefs) is under way, or names
    an acting holder of it, while no sentence of the best passages, nor one
    after it in its article, names the new one as recruited or starting."""
    m = _SUCCESSOR_Q.search(question) or _START_Q.search(question)
    if not m or kind == "date" and not _WHEN.search(question) or _NOT_NEW_Q.search(question):
        return False
    if _STANDING.match(m.group(0)) and not _TAKING.search(question):
        return False  # "medan den ordinarie förvaltningschefen ...": the one in post
    word = m.group("sv") or m.groupdict().get("en") or ""
    role = _role_of(word) if word else r"chef|direktör|ledare|\bmas\b"
    chief = "chef" in role
    of_role = re.compile(rf"(?:{role})" + (r"|^chef(?:er|erna)?$" if chief else ""), re.I)
    # the new one named for the role, or a chief in general ("ny chef för ..."; not
    # "chefer" or "en ny ledningsgrupp")
    named = re.compile(rf"(?:{role})" + (r"|\bchef(?:en)?\b" if chief else ""), re.I)

    def acting(s: str) -> bool:
        return any(of_role.search(a.group("what") or a.group("tf")) for a in _ACTING.finditer(s))

    def recruiting(s: str) -> bool:
        r = _RECRUITMENT_OF.search(s)
        near = s[max(0, r.start() - 40):r.end() + 40] if r else ""
        if r and of_role.search(r.group("what")) and _UNDER_WAY.search(near) and not (
                _RECRUITMENT_DONE.search(near)):
            return True
        return not _EARLIER.search(s) and acting(s)

    found = False
    later: list[str] = []  # the role's sentences after the recruitment, in its article
    for sents in [sentences] if articles is None else articles:
        first = next((i for i, s in enumerate(sents) if recruiting(s)), None)
        if first is not None:
            found = True  # (an acting one named meanwhile is none: "har utsett NN till tf ...")
            later += [s for s in sents[first + 1:] if named.search(s) and not acting(s)]
    if not found:
        return False
    # the new one named, or a start told with a date, in the best passages or after the
    # recruitment in its article ("Nu har kommunen rekryterat NN som ny socialchef")
    if kind == "date" and any(_STARTS_ON.search(s) for s in [*sentences, *later]):
        return False
    return not any((_RECRUITED.search(s) and not _DENIED.search(s) or _NAMED_NEW.search(s))
                   and named.search(s) for s in [*sentences, *later])

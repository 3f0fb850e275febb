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
reported yet (answerability.py, result_pending).
"""

from __future__ import annotations

import re

from .question_kinds import asks_where

# time to come
_AHEAD_Q = re.compile(
    r"\b(härnäst|framöver|står på tur|nästa steg|i framtiden|på sikt|fortsättningsvis|"
    r"what next|next steps?|from now on|in the future)\b|\bnext\s*(?:[?.!]|$)", re.I)
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
    r"nästa steg|framöver|härnäst|i framtiden|på sikt|står på tur|avser att|siktar på|"
    r"fortsättningsvis|nu (?:börjar|startar|inleder|drar igång)|"
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
# "planeras till hösten", "Något resultat finns ännu inte".
PLANNED = re.compile(
    r"\b(ska|skall|kommer att|planeras|planerar|väntas|beräknas|pågår|ännu inte|inte ännu|"
    r"skjutits upp|finns ännu|will|planned|pending|not yet)\b", re.I)
# A purpose or condition plans nothing: "för att vi ska kunna fatta rätt
# beslut", "när man ska bygga något nytt", "innan den nya nämnden ska ..."
# (its subject a pronoun or a noun of up to three words; after "om" only a
# pronoun: "beslutet om den nya enheten ska fattas" is pending). A time
# ("Innan årsskiftet planeras ...", "När hösten kommer ska ...") or a
# clause already closed by its verb ("När utredningen är klar ska ...")
# leaves the plan in the main clause: pending.
_TIME = (r"(?:dess|årsskiftet|året|årets|nästa|våren|sommaren|hösten|vintern|vårterminen|"
         r"höstterminen|terminen|terminsstarten|semestern|semestrarna|jul\w*|nyår\w*|påsk\w*|"
         r"midsommar\w*|månadens|veckans|kvartalets|januari|februari|mars|april|maj|juni|juli|"
         r"augusti|september|oktober|november|december|\d+)")
_CLOSED = r"(?:är|var|blir|blev|kommer|finns|fanns|har|hade|gäller|börjar|startar)"
_PURPOSE = re.compile(rf"\b(?:(?:för|så) att\s+(?:[\w-]+\s+){{0,3}}|(?:när|innan)\s+"
                      rf"(?!{_TIME}\b)(?:(?!{_CLOSED}\b)[\w-]+\s+){{1,3}}|"
                      r"om\s+(?:man|vi|de|du|jag|hon|han)\s+)$", re.I)


def pending(text: str) -> bool:
    """`text` tells of something planned or not yet done (`PLANNED`), not
    in a clause of purpose or condition."""
    return any(not _PURPOSE.search(text[max(0, m.start() - 40):m.start()])
               for m in PLANNED.finditer(text))

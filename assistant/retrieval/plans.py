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
("Var planeras det nya boendet?" asks of plans; kinds.asks_where). A
how-question asks a manner ("Hur vill Söderhamn styra ... framöver?"),
unless it asks of plans ("Hur ser planerna ut?").
A sentence tells of a plan by a verb of starting or intending, or a
future that is neither denied nor hedged: "Det kommer inte att räcka" and
"Beslutet avser 2019" plan nothing.
"""

from __future__ import annotations

import re

from .kinds import asks_where

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

"""Questions about what comes next, and sentences that tell of it.

"Vad ska Vårgårdas socialtjänst ta sig an härnäst?", "Vilken verksamhet
står på tur ...?", "What will ... focus on from now on?" ask what is
started, planned or will be done; their answer says so in its verbs ("Nu
påbörjar vi ett liknande arbete med LSS ...", "... kommer framöver att
fokusera på ...") more than in the question's words, which e5 does not
weigh. The `plan` ranking signal (signals.py) lifts such sentences for
such questions.
"""

from __future__ import annotations

import re

_NEXT_Q = re.compile(
    r"\b(härnäst|framöver|står på tur|nästa steg|i framtiden|på sikt|fortsättningsvis|"
    r"planer|planerna|planerar|planeras|planerade|"
    r"what next|next step|next\b(?! to)|plans?|planning|planned|in the future|from now on)\b",
    re.I)
_PLAN = re.compile(
    r"\b(påbörja\w*|planer\w*|planera\w*|kommer (?!sig\b)(?:\w+ ){0,2}att|nästa steg|framöver|"
    r"härnäst|i framtiden|på sikt|står på tur|avser|siktar på|fortsättningsvis|"
    r"nu (?:börjar|startar|inleder|drar igång)|ska (?:nu|snart|sedan|därefter|framöver|också))\b",
    re.I)


# "Hur vill Söderhamn styra sina verksamheter framöver?" asks how, not what
# comes next: its answer is a manner, seldom a plan.
_HOW = re.compile(r"^\s*(hur|how)\b(?! (många|mycket|many|much)\b)", re.I)


def asks_next(question: str) -> bool:
    """The question asks what comes next: what is planned, started or will be done."""
    return bool(_NEXT_Q.search(question)) and not _HOW.search(question)


def tells_plan(text: str) -> bool:
    """The sentence tells of something started, planned or still to be done."""
    return bool(_PLAN.search(text))

"""The articles telling that what a question asks is not known yet.

An article often says so itself: "Hur många som har slutat använda droger
går ännu inte att säga", "När det gemensamma befälet kan vara i drift är
ännu inte bestämt", "Hur mycket en sådan förändring skulle spara har ännu
inte beräknats". When such a clause of the best passages shares the
question's words and holds no fact of the kind asked, the answer is a fact
still to come (answerability.py reads it into `result_pending`, for a
Swedish question of any kind).

The clause is the part of the sentence that says it is unknown, between a
"men", a "medan" or a semicolon before it and one after it: what follows
is told ("Det är för tidigt att dra säkra slutsatser, men de första två
månaderna har antalet akuta sjukhusbesök ... varit lägre"), and so is what
precedes ("Projektet startade i januari 2023 men har ännu inte
utvärderats" answers when it started; "De största vinsterna har kommit
inom schemaläggning, medan arbetet med tidrapporter ännu inte har kommit
på plats"). Only the words are read: a paraphrase ("blivit drogfria") is
not.
"""

from __future__ import annotations

import math
import re

from .kinds import holds_kind
from .question_words import covers, term_set

# not known, decided or done yet: "ännu inte", "inte ännu", "ännu inga", "går inte att
# säga", "för tidigt att säga", "återstår att se", "oklart", "inte bestämt", "framgår inte"
# ("Vad den nya organisationen kostar framgår inte av nämndens beslut"), not told by whom
# should tell ("Förvaltningen har inte uppgett hur länge förordnandet gäller", "Hur stor
# nettokostnaden blir har förvaltningen inte redovisat", "vill inte uppge"; not a telling
# left undone that is the matter: "Skolan har inte meddelat föräldrarna beslutet")
_UNKNOWN = re.compile(
    r"\b(?:ännu|än så länge|fortfarande)\s+(?:inte|inga|ingen|inget)\b|\binte\s+ännu\b|"
    r"\bgår\s+(?:ännu\s+)?inte\s+att\s+(?:säga|svara|bedöma|veta)\b|"
    r"\bför\s+tidigt\s+att\s+(?:säga|dra|bedöma|veta|uttala)\b|\båterstår\s+att\s+se\b|"
    r"\b(?:är|förblir)\s+(?:ännu\s+|fortfarande\s+|i dag\s+)?(?:oklart|okänt)\b|"
    r"\bvet\s+(?:vi|man|de|ingen)\s+inte\s+(?:än|ännu)\b|"
    r"\b(?:är|har)\s+inte\s+(?:bestämt|bestämts|avgjorts|avgjort|fastställts|beslutats)\b|"
    r"\b(?:har|hade)\s+(?:\w+\s+){0,2}inte\s+(?:heller\s+|närmare\s+)?(?:uppg(?:ett|ivit|etts|"
    r"ivits)|ang(?:ett|ivit|etts|ivits)|meddelat?s?|redovisat?s?|offentliggjorts?|preciserat?s?)\b"
    r"(?=\s+(?:hur|vad|när|vilk\w*|om|var|vem|varför)\b|\s*[.,;!]|\s*$)|"
    r"\b(?:vill|kan|kunde|ville)\s+(?:\w+\s+){0,2}inte\s+(?:uppge|ange|meddela|redovisa)\b|"
    r"\bframg(?:år|ick)\s+(?:det\s+|ännu\s+|dock\s+|heller\s+)*inte\b"
    r"(?!\s+(?:minst|bara|enbart|endast)\b)|\binte\s+framg(?:år|ick)\b",
    re.I)
# where a clause begins before the statement and ends after it
_BOUND = re.compile(r"\s(?:men|medan)\s|;", re.I)


def _clause(sentence: str, m: re.Match) -> str:
    """The clause of `sentence` that holds the statement `m`."""
    start = 0
    for b in _BOUND.finditer(sentence, 0, m.start()):
        start = b.end()
    after = _BOUND.search(sentence, m.end())
    return sentence[start:after.start() if after else len(sentence)]


def told_unknown(stems: list[str], sentences: list[str], query) -> bool:
    """A sentence of `sentences` tells, in the clause saying it is not
    known yet, at least two of the question's content `stems` (all of them
    when it has fewer), and a third of them at least, and no fact of the
    kind `query` asks for ("Socialchefen Anna Berg har ännu inte kommenterat
    beslutet" names the socialchef asked)."""
    if not stems:
        return False
    need = max(min(2, len(stems)), math.ceil(len(stems) / 3))
    for s in sentences:
        for m in _UNKNOWN.finditer(s):
            clause = _clause(s, m)
            have, low = term_set(clause), clause.lower()
            if sum(covers(st, have, low) for st in stems) >= need and not (
                    query.kind not in (None, "result")  # "Något resultat finns ännu inte"
                    and holds_kind(clause, query.kind, query.counted, query.agent, query.grain)):
                return True
    return False

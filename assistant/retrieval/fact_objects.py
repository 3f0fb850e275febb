"""What a sum is the cost of, and whether a sentence holding a sum names it.

Evidence for the answerability model (answerability.py, fact_object_missing):
"Hur mycket kostade omorganisationen av IFO ..." is not answered by a sum
that is the cost of something else. The sentence holding the sum, or the
one before it in its paragraph, must name the object (`holds_head`, or a
compound's last part: "programmet" for "ledarskapsprogrammet"). Kronor,
a price, a pay or a budget asked for need a sum in kronor (kinds.SUM: in
figures or in words), or for a price asked now a price of none ("utan
kostnad"), not a share ("halva lönekostnaden"); so do they when asked in
English (`english_sum_missing`). A sum asked by the year, month or day
("Vad kostar det per år att driva ...?") is not answered by a sum paid
once ("Ombyggnaden har kostat 380 000 kronor"): the sentence, or the one
before it, must tell a period, a year or a budget (`rate_missing`).
"""

from __future__ import annotations

import re

from ..swedish.words import STOP_WORDS, stem
from .fact_heads import holds_head
from .kinds import FREE, SUM

# What an amount is the cost of ("Hur mycket kostade
# omorganisationen av IFO ...", "Vad kostar mentorprogrammet för ...")
_COST = re.compile(r"\b(?:kostar|kostade|kostat|kosta|kostnaden för|kostnaderna för)\s+", re.I)
_OBJECT_END = frozenset("i för per på av och som att vid med under till från om inom efter varje "
                        "sammanlagt totalt ungefär egentligen".split())
_KRONOR_Q = re.compile(r"\bi (?:miljoner |tusen )?kronor\b|\bhur många kronor\b|\bin kronor\b",
                       re.I)
# ... and so does a price, a payment, a pay or a budget asked, unless a share or a change is
# ("Hur mycket betalar Gnosjö ..." is not answered by "Gnosjö betalar halva lönekostnaden")
_MONEY_Q = re.compile(r"\b(?:vad (?:kostar|kostade)|hur mycket (?:kostar|kostade|betalar|betalade|"
                      r"tjänar)|\w*lönen?|arvodet?|budgeten)\b", re.I)
# ... or a change ("Hur mycket höjs lönen?": "med 4 procent")
_SHARE_Q = re.compile(r"\b(?:procent|andel\w*|del av|hur stor del|ökat|ökade|ökar|höjs|"
                      r"höjdes|höjts|sänks|sänktes|sänkts|minskat|minskade|minskar|"
                      r"förändrats)\b", re.I)


# a price asked now, or a fee: a price of none answers it ("vad kostar det?"), not
# what something cost ("Hur mycket kostade avlösningen under 2020?")
_PRICE_NOW_Q = re.compile(r"\b(?:kostar|avgift\w*)\b", re.I)


def price_now(question: str) -> bool:
    """A price asked now, or a fee, not its change: a price of none
    (kinds.FREE) answers it."""
    return bool(_PRICE_NOW_Q.search(question)) and not _SHARE_Q.search(question)


def cost_object(question: str) -> str:
    """The head noun of what the cost is asked of, stemmed; '' if none."""
    head = cost_word(question)
    if len(head) >= 8:
        return head[:-2]
    for ending in ("et", "en", "an"):
        if head.endswith(ending) and len(head) >= 6:
            return head[:-2]
    return head


def cost_word(question: str) -> str:
    """The word the cost is asked of, stemmed, not cut ("interimschef"
    for "de inhyrda interimscheferna"); '' if none."""
    m = _COST.search(question)
    if not m:
        return ""
    last = ""
    for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?|[?,.]", question[m.end():]):
        low = word.lower()
        if low in _OBJECT_END or word in "?,." or word[0].isupper():
            if last:
                break
            if low in _OBJECT_END and low != "att":
                break
            continue
        if low not in STOP_WORDS and len(low) >= 5:
            last = low
    return stem(last) if last else ""


def amount_object_missing(question: str, holding: list[str], english: bool = False) -> bool:
    """No sentence holding an amount names what its cost is asked of, or
    kronor (or a price, pay or budget) are asked and none holds a sum in kronor
    (of an English question only the latter: `english_sum_missing`), or a
    sum by the period and none tells one (`rate_missing`), or a pay is asked
    and none names a pay (`pay_missing`)."""
    if pay_missing(question, holding):
        return True
    if english:
        return english_sum_missing(question, holding) or rate_missing(question, holding, True)
    money = bool(_KRONOR_Q.search(question)) or (
        bool(_MONEY_Q.search(question)) and not _SHARE_Q.search(question))
    free = price_now(question)  # "vad kostar det?": "utan kostnad" answers
    if money and not any(SUM.search(t) or free and FREE.search(t) for t in holding):
        return True
    if rate_missing(question, holding):
        return True
    head, word = cost_object(question), cost_word(question)
    # the uncut word's last part may be short ("chefer" for "interimscheferna",
    # which the cut head "interimsch" has lost)
    return bool(head) and not any(holds_head(t.lower(), head) or holds_last_part(t.lower(), head)
                                  or holds_last_part(t.lower(), word, 4) for t in holding)


# A pay asked ("Vilken lön får den gemensamma MAS:en?", "månadslönen", "arvodet",
# "What salary ..."; not "lönar sig", "lönestöd") is told by a sentence naming a pay
# ("lönen", "lönekostnaden", "arvode", "ersättning"), not by another sum ("Den
# totala kostnaden för de gemensamma funktionerna beräknas till 3,4 miljoner kronor")
_PAY_ASKED = re.compile(r"(?<!inklusive )(?<!exklusive )(?<!utöver )(?<!med )"
                        r"\b\w*(?:lön|lönen|löner|lönerna|arvode|arvodet|arvoden)\b|"
                        r"\b(?:salar(?:y|ies)|wages?)\b", re.I)
# (not "lönsam", "belönades", "Lönnhagen")
_PAY_TOLD = re.compile(r"(?<![a-zåäö])lön(?!n|sam|a[dt]|ar\b)|[a-zåäö]lön(?:en|er|erna)?\b|"
                       r"arvod|ersättning", re.I)


def pay_missing(question: str, holding: list[str]) -> bool:
    """A pay is asked, not a share of it, and no sentence holding a sum names one."""
    return (bool(_PAY_ASKED.search(question)) and not _SHARE_Q.search(question)
            and not any(_PAY_TOLD.search(t) for t in holding))


# The same asked in English: kronor, a price, a payment, a pay or a budget ("How much
# does Gnosjö pay each month ..." is not answered by "Gnosjö betalar halva lönekostnaden"),
# unless a share or a change is
_MONEY_EN = re.compile(
    r"\bhow much (?:does|did|do|will|would|is|was|are|were)\b.{0,80}\b(?:pay|paid|cost|costs|"
    r"earn|earns|earned|charge|charged)\b|\bwhat (?:does|did|do|will)\b.{0,80}\bcost\b|"
    r"\b(?:salary|salaries|wages?|fees?|price|budget)\b|\bin kronor\b|"
    r"\bhow many (?:kronor|crowns|sek)\b|\bhow much money\b|"
    # "What is the annual cost of ...", "What would be the total cost for ..." (not "the
    # biggest cost", "the cost of doing nothing": no sum asked)
    r"\bwhat(?:'s|’s| is| was| are| were| will be| would be) (?:the |[\w-]+(?:'s|’s) )?"
    r"(?:(?:annual|yearly|monthly|total|estimated|expected|overall)\s+){0,2}costs? "
    r"(?:of|for|to|per) (?!doing\b|not\b|the delay\b)", re.I)
_SHARE_EN = re.compile(r"\b(?:percent|per cent|percentage|share|proportion|part of|how much of|"
                       r"what part|portion|half|fraction|increas\w*|rise|rose|raised|cut|"
                       r"reduc\w*|decreas\w*|chang\w*|more|less|deficit|overrun)\b", re.I)


# a sum without "kronor": "52 000 i månaden", "2 359:-" (a year is no sum)
_BARE_SUM = re.compile(r"\d[\d  ]*:-|\b\d{1,3}(?:[  ]\d{3})+\b")


def english_sum_missing(question: str, holding: list[str]) -> bool:
    """An English question asks kronor (or a price, pay or budget) and no
    sentence holding an amount holds a sum in kronor, or a price of none
    (what the sum is the cost of is read from Swedish questions only:
    amount_object_missing)."""
    return bool(_MONEY_EN.search(question)) and not _SHARE_EN.search(question) and not any(
        SUM.search(t) or FREE.search(t) or _BARE_SUM.search(t) for t in holding)


# A cost or payment asked by the period ("per år", "om året", "i månaden", "årligen",
# "per year", "annual cost"), not this year ("i år"), a change per year, nor an annual
# event ("den årliga konferensen"); a pay or a fee is by the month unless told otherwise
_RATE_Q = re.compile(r"\b(?:per|om|varje|i)\s+(?:året|månaden|veckan|dygnet|timmen)\b|"
                     r"\b(?:per|varje)\s+(?:år|månad|vecka|dygn|dag|natt|timme)\b|\bårligen\b",
                     re.I)
_RATE_EN = re.compile(r"\b(?:per|each|every)\s+(?:year|month|week|day|night|hour)\b|"
                      r"\ba (?:year|month|week)\b(?! ago| earlier| before| after| later)|"
                      r"\bannually\b|\b(?:annual|yearly|monthly|weekly) (?:costs?|budget|spending|"
                      r"expenses?|payments?)\b", re.I)
_COST_Q = re.compile(r"\b(?:kosta\w*|kostnad\w*|betala\w*|utgift\w*|spend\w*|spent|costs?|"
                     r"costing|pa(?:y|ys|id)|payments?|expenses?)\b", re.I)
_PAY_Q = re.compile(r"\b(?:\w*lön\w*|tjänar|arvode\w*|\w*avgift\w*|\w*taxa\w*|salary|salaries|"
                    r"wages?|fees?|earns?)\b|\b(?:is|are|was|were|get|gets)\b.{0,60}\bpaid\b", re.I)
# ... and how a sentence tells one: a period or a compound of one ("per plats och dygn",
# "kalendermånad", "helåret", "helårskostnaden", "vårddygnskostnaden", "dagsavgiften",
# "veckokostnaden"), this or a year ("årets", "detta års", "för 2024"), a budget
_RATE = re.compile(r"\b(?:(?:hel|verksamhets|läs|budget|kalender|räkenskaps|drift)?(?:år|året|åren|"
                   r"årets|års)|\w*(?:månad|månaden|dygn|dygnet|vecka|veckan|natt|natten|timme|"
                   r"timmen)|\w*(?:helårs|års|månads|dygns|dags|vecko|natt|tim)\w+|årlig\w*|"
                   r"(?:19|20)\d\d|\w*budget\w*)\b|(?:per|om|varje|/)\s*(?:dag|dagen|mån)\b|"
                   r"\b(?:per|a|an|each|every)\s+(?:year|month|week|day|night|hour)\b", re.I)


def rate_missing(question: str, holding: list[str], english: bool = False) -> bool:
    """A cost or payment is asked by the year, month or day, and no
    sentence holding a sum tells a period, a year or a budget: a sum paid
    once is no answer. A price of none answers by any period; a change or a
    share asked (`_SHARE_Q`), a pay or a fee (by the month unless told) are
    not read."""
    asked = (_RATE_EN if english else _RATE_Q).search(question)
    if not asked or not _COST_Q.search(question) or _PAY_Q.search(question):
        return False
    change = (_SHARE_EN if english else _SHARE_Q).search(question)
    return not change and not any(_RATE.search(t) or FREE.search(t) for t in holding)


def holds_last_part(text: str, head: str, shortest: int = 5) -> bool:
    """`text` names a compound `head`'s last part ("programmet" for
    "ledarskapsprogrammet"), of `shortest` letters or more."""
    words = re.findall(r"[^\W\d_]+", text)
    for i in range(4, len(head) - shortest + 1):
        rest = head[i:].lstrip("s")
        if len(rest) >= shortest and any(w.startswith(rest) for w in words):
            return True
    return False


def with_before(searcher, row: int) -> str:
    """A sentence and the one before it in the same paragraph: "... hyra in
    chefer från ett bemanningsföretag. Notan ... blev 3,1 miljoner kronor."
    names what the sum is the cost of in the sentence before."""
    d = searcher.data
    prev = row - 1
    if prev < 0 or d.sent_article[prev] != d.sent_article[row]:
        return searcher.sentence_text(row)
    body = d.articles[int(d.sent_article[row])].body
    if _PARAGRAPH.search(body[d.sent_end[prev]:d.sent_start[row]]):
        return searcher.sentence_text(row)
    return body[d.sent_start[prev]:d.sent_end[row]]


_PARAGRAPH = re.compile(r"\n\s*\n")

"""Which event, money or study an English question asks for, in the
Swedish stems of the articles (asked_heads of fact_heads.py, for a
question asked in English): "When did Gnosjö appoint ..." asks for a
hiring ("anställ", "rekryter", ...), "What salary ..." for a pay, "What
did the survey show ..." for an enkät.
"""

from __future__ import annotations

import re

from .fact_heads import DONE, END, HELD, IN_FORCE, INTRODUCED, MONEY, START, UNTIL

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
     START + ("sedan ",)),  # "Sedan den 3 april har ... en ny socialchef"
    (r"formed|formation|set up|establish(?:ed|ment)|creat(?:ed|ion)",
     START + ("bild", "inrätt", "skapa")),
    (r"held|holds?|take place|took place|taken place|organi[sz]ed|arranged", HELD),
    (r"ends?|ended|ending|expires?|expired|runs? out|ran out|ceases?|ceased", END),
    (r"(?:be |been |is |was )?(?:ready|completed?|completion|finished|done)", DONE),
    (r"introduc(?:e|es|ed|ing|tion)|implement(?:s|ed|ing|ation)?|roll(?:s|ed)? out|"
     r"put in place|in place", INTRODUCED),
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
     r"expenditures?|pa(?:y|ys|id)(?! rises?| raises?| increases?)|bills?", MONEY[0]),
    (r"rents?|rental|rented", MONEY[1]),
    (r"sav(?:e|es|ed|ing|ings)|cuts?", MONEY[2]),
    (r"deficits?|shortfalls?|overspen(?:d|t|ding)|overruns?|loss(?:es)?", MONEY[3]),
    (r"surplus(?:es)?", MONEY[4]),
    (r"budgets?|allocat(?:ed|ion|ions)|appropriations?", MONEY[5]),
    (r"salar(?:y|ies)|wages?|pay (?:rises?|raises?|increases?)|"
     r"(?:monthly|hourly|basic|starting|overtime) pay", MONEY[6]),
    (r"grants?|fund(?:s|ed|ing)?|subsid(?:y|ies|ised|ized)", MONEY[7]),
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
# how long a thing holds ("Until when is she appointed ...?", "How long is the agreement
# valid?", "How long will it last?"): its end or span (fact_heads.UNTIL), not its start; not
# "How long will it take to apply for ...", "How long ... before the rules are in force?"
_EN_UNTIL = re.compile(
    r"\b(?:until|till|up to) (?:when|what (?:date|day|year))\b|\bhow long (?:is|are|was|were|"
    r"will|does|do|did)\s+(?:(?!before\b|after\b|until\b|when\b|while\b|if\b|take\b|to\b|for\b|"
    r"who\b|that\b)[\w'-]+\s+){0,6}(?:be\s+)?(?:valid|in force|in effect|apply|applies|last)\b")


def english_heads(question: str, kind: str | None) -> tuple[str | re.Pattern, ...]:
    """asked_heads for an English question: the Swedish stems of the event,
    money or study asked; () when it names none this table knows."""
    table = _EN_TABLES.get(kind)
    if not table:
        return ()
    low = _BOOKED.sub(" ", question.lower())
    if kind == "amount" and not _MONEY_NAMED.search(low):  # time spent ("What share of his
        low = _TIME_SPENT.sub(" ", low)  # working time will he spend ..."): no money
    if kind == "date":  # a span, then taking effect; else the event follows the question word
        if _EN_UNTIL.search(low):
            return UNTIL
        if _EN_IN_FORCE.search(low):
            return IN_FORCE
        m = _EN_WHEN.search(low)
        low = low[m.end():] if m else low
    found = [(m.start(), heads) for pattern, heads in table for m in [pattern.search(low)] if m]
    return min(found, key=lambda x: x[0])[1] if found else ()

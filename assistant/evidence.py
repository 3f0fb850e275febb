"""Signs that the articles cannot answer a question, from the question itself.

A global score threshold cannot separate unanswerable questions (measured:
the cut-off that declined all unanswerable ones declined a quarter of the
answerable). These checks look for evidence instead: a municipality that no
article covers, or a question asking for a number or an amount that no
quoted passage contains.
"""

from __future__ import annotations

import re

from .lexical import stem

_NUM = (r"(\d[\d  .,]*|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tjugo|trettio|fyrtio|"
        r"femtio|hundra|tusen|miljon(?:er)?|miljard(?:er)?|hälften|dubbelt)")
_MONTHS = r"(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)"
_DATE_OR_YEAR = re.compile(rf"\b\d{{1,2}} {_MONTHS}\b|\b(19|20)\d\d\b", re.IGNORECASE)
_NUMBER = re.compile(rf"\b{_NUM}\b", re.IGNORECASE)
_AMOUNT = re.compile(r"\d[\d  .,]*\s*(kr|kronor|tkr|mkr|miljon|miljard|procent|%)", re.IGNORECASE)

_COUNT_Q = re.compile(r"\bhur många (\w+)|\bhow many (\w+)", re.IGNORECASE)
_MONEY_Q = re.compile(
    r"\b(kostar|kostnad\w*|budget\w*|lön\w*|pris\w*|arvode\w*|salary|cost\w*|price|budget)\b",
    re.IGNORECASE)
_QUANTITY_Q = re.compile(
    r"\b(hur (mycket|många|stor|stora|stort|hög|höga|högt|lång|länge)|vad kostar|"
    r"how (many|much|large|big|long))\b|\bwhat is the (salary|budget|cost|price|number)\b",
    re.IGNORECASE)

_DURATION_Q = re.compile(r"\b(hur länge|how long)\b", re.IGNORECASE)


def _numbers(text: str) -> list[re.Match]:
    """Numbers in `text` that are not dates or years."""
    masked = _DATE_OR_YEAR.sub(lambda m: " " * len(m.group(0)), text)
    return list(_NUMBER.finditer(masked))


def missing_quantity(question: str, quotes: list[str]) -> bool:
    """True if the question asks for a count or an amount that no quote gives.

    "Hur många kunder ...": a number near a word like "kunder";
    "Hur mycket kostar ...", "salary": an amount (kr, miljoner, procent);
    other "hur stor/lång ...": any number that is not a date or a year.
    """
    if not _QUANTITY_Q.search(question):
        return False
    text = " ".join(quotes)
    if _DURATION_Q.search(question):  # "sedan 1980" answers "hur länge" too
        return not (_numbers(text) or _DATE_OR_YEAR.search(text))
    if _MONEY_Q.search(question):
        return not _AMOUNT.search(text)
    count = _COUNT_Q.search(question)
    if count:
        noun = stem((count.group(1) or count.group(2)).lower())[:5]
        for m in _numbers(text):
            after = text[m.end(): m.end() + 40].lower().split()[:3]
            if any(stem(w.strip(".,;:!?")).startswith(noun) for w in after):
                return False
        return True
    return not _numbers(text)


_CROSS = re.compile(
    r"\b(vilka|flera|olika|andra|alla) kommuner|\bkommunerna\b|\bvar någonstans\b|"
    r"\b(which|what|other|several) (municipalities|councils)\b", re.IGNORECASE)


def is_cross_article(question: str) -> bool:
    """Questions about several municipalities want one passage from each."""
    return bool(_CROSS.search(question))


# What kind of answer a question wants, and whether a sentence has one.
_WANTS_TIME = re.compile(
    r"^\s*(när|sedan när|hur länge|under vilken (tid|period)|vilken (tid|period|dag|månad|år)|"
    r"vilket år|when|since when|how long|what (date|year|period))\b", re.IGNORECASE)
# "Vems perspektiv/ansvar ..." and "whose ..." mostly want a group or a role
# ("brukarens"), not a named person (eval: hit@3 +0.02 and +0.04 without them).
_WANTS_PERSON = re.compile(r"^\s*(vem|vilka personer|who|whom)\b", re.IGNORECASE)
_WANTS_NUMBER = re.compile(r"^\s*(hur många|how many)\b", re.IGNORECASE)
_TIME = re.compile(
    rf"\b\d{{1,2}} {_MONTHS}\b|\b(19|20)\d\d\b|\b{_MONTHS}\b|\b(våren|hösten|sommaren|vintern)\b|"
    rf"\b{_NUM} (år|månader|veckor|dagar)\b|\b(sedan|från) \d", re.IGNORECASE)
_PERSON = re.compile(r"(?<![.!?] )(?<!^)\b[A-ZÅÄÖÉ][a-zåäöéü]+(-[A-ZÅÄÖ][a-zåäö]+)? [A-ZÅÄÖ][a-zåäöéü]+")


def expected_answer(question: str) -> str | None:
    """'time', 'person' or 'number' for questions that ask for one."""
    if _WANTS_TIME.search(question):
        return "time"
    if _WANTS_PERSON.search(question):
        return "person"
    if _WANTS_NUMBER.search(question):
        return "number"
    return None


def has_answer_type(text: str, kind: str | None) -> bool:
    if kind == "time":
        return bool(_TIME.search(text))
    if kind == "person":
        return bool(_PERSON.search(text))
    if kind == "number":
        return bool(_numbers(text))
    return False

"""The kinds of fact a question may ask for, and whether a passage holds one.

Kinds: person, amount (money or a share), count, date (a time or a duration),
place, reason, result, municipalities (a list of them), legal (which law,
paragraph or norm applies, what a law requires). Which one a question asks
("Vad visade utvärderingen ...", "När invigdes ...", "Vad kostar ...") is read
by question_kinds.py. A passage "holds" a kind when it has the form of such a
fact: a person's name, a sum of money, a number, a date, a place name, a causal
phrase, an outcome, two municipalities. Whether that fact answers, the
answerability model (answerability.py) weighs with everything else, and
fact_heads.py names which date, amount or person is asked; three readings here
tell a fact missing in form: a result asked as a quantity with no number
(`quantity_missing`), a count told only vaguely (`count_untold`), clients never counted
(`clients_untold`).
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..swedish.places import named_places
from ..swedish.words import stem, synonyms_of
from .evidence import NAME, _numbers
from .named_things import name_grain, names_party, names_thing
from .question_kinds import LAW_ASKED, LAW_NAME, LAW_NAMED

KINDS = ("person", "amount", "count", "date", "place", "reason", "result", "municipalities",
         "legal", "name")

_MONTHS = (r"januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|"
           r"december")
_NUMBER_WORD = (r"\d[\d  .,]*|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|femton|"
                r"tjugo|trettio|fyrtio|femtio|hundra|tusen|några|flera|ett par")
_DATE = re.compile(
    rf"\b\d{{1,2}} ({_MONTHS})\b|\b(19|20)\d\d\b|\b({_MONTHS})\b|\b(våren|hösten|sommaren|"
    rf"vintern|vårterminen|höstterminen|årsskiftet|måndag\w*|tisdag\w*|onsdag\w*|torsdag\w*|"
    rf"fredag\w*|lördag\w*|söndag\w*|vardag\w*|helg\w*|kvartal\w*)\b|"
    rf"\b({_NUMBER_WORD}) (år|månader|månad|veckor|vecka|dagar|dag|timmar|timme)\b|"
    rf"\b(sedan|från|fram till|till och med) (\d|{_MONTHS})|\bklockan \d", re.I)
# an age: of people ("unga vuxna mellan 18 och 21 år", "barn 6-12 år", "invånare över 80
# år") or "65 år och äldre"; not a duration ("pågår i 2-3 år", "i över 20 år")
_AGES = re.compile(r"\b(?:unga|ungdomar|vuxna|barn|personer|brukare|invånare|äldre|elever|"
                   r"kvinnor|män|flickor|pojkar|den som är|de som är)\s+(?:\w+\s+){0,2}?"
                   r"(?:över\s+|under\s+|mellan\s+\d+\s+och\s+|upp till\s+|från\s+)?"
                   r"\d+(?:\s*[–-]\s*\d+)?\s+år\b|"
                   r"\b\d+\s+år\s+(?:och|eller)\s+(?:äldre|yngre|uppåt)\b", re.I)
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
    rf"\b(?:lag|lagen|lagar|lagarna|lagstiftning\w*|lagkrav\w*|lagstad\w*|{LAW_NAME}|SoL|LSS|"
    r"LVU|LVM|HSL|förordning\w*|föreskrift\w*|riksnorm\w*|paragraf\w*|kapitlet|"
    r"nationella (?:regler|reglerna|regelverket))\b|§", re.I)
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
    # (not a possessor ranked: "på Nordens största mässa", "i Sveriges första")
    r"(?<![.!?] )(?<!^)\b(i|på|vid|från|inom|till|utanför) (?![A-ZÅÄÖ][a-zåäöé]+s (?:näst |"
    r"hittills )?(?:största|första|främsta|bästa|ledande|enda|äldsta|mest)\b)[A-ZÅÄÖ][a-zåäöé]+|"
    r"\b[A-ZÅÄÖ][a-zåäöé]+(gården|hemmet|boendet|skolan|mässa|mässan)\b")


# The grain a date question asks for, finest first: weekdays ("Vilka
# veckodagar ...", "Which days of the week ..."), a date ("Vilket datum ...",
# "What date ...": a day's number, not "i dag"), a day ("Vilken dag ..."), a
# month ("Vilket år och vilken månad ..."), a year ("Vilket år ...", "In what
# year ..."), a point in time a state began ("Sedan när ...", "Från när ...",
# "Since when ..."); each with what a passage must hold to answer it. A
# coarser time ("2018" for a date, "våren" or "drygt två år" for a year)
# does not, nor days of the week for a point ("en gemensam socialjour på
# kvällar och helger" tells no "sedan när").
_WEEKDAY = r"(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)\w*"
_DAY_NUMBER = rf"\b\d{{1,2}}(?::[ae])? (?:{_MONTHS})\b|\b\d{{4}}-\d\d-\d\d\b"
_GRAINS = (
    ("weekday", re.compile(
        r"\bveckodag\w*|\b(?:vilka|vilken) dagar\b|\bdag(?:ar|en)? i veckan\b|"
        r"\b(?:which|what) days\b|\bdays? of the week\b|\bweekdays?\b", re.I),
     re.compile(rf"\b{_WEEKDAY}|\bvardag\w*|\bhelg\w*|\b(?:varje|alla) dag(?:ar)?\b|"
                r"\bdygnet runt\b", re.I)),
    ("date", re.compile(r"\b(?:vilket|vilka|exakt|exakta) datum\b|\b(?:what|which|exact) date\b",
                        re.I),
     re.compile(_DAY_NUMBER, re.I)),
    ("day", re.compile(r"\bvilken dag\b|\bwhich day\b", re.I),
     re.compile(rf"{_DAY_NUMBER}|\b{_WEEKDAY}|\bi (?:dag|går|morgon)\b|\bsamma dag\b|"
                r"\bdagen (?:innan|efter|före)\b", re.I)),
    ("month", re.compile(r"\bvilken månad\b|\b(?:which|what) month\b", re.I),
     re.compile(rf"\b(?:{_MONTHS})\b|\bmånadsskiftet\b|\bårsskiftet\b", re.I)),
    ("year", re.compile(r"\bvilket år\b|\b(?:which|what) year\b", re.I),
     re.compile(r"\b(?:19|20)\d\d\b|\bi (?:fjol|år)\b|\b(?:förra|nästa|samma) år(?:et)?\b",
                re.I)),
    ("since", re.compile(r"\b(?:sedan|sen|från(?: och med)?) när\b|\b(?:since|from) when\b",
                         re.I),
     re.compile(rf"\b(?:19|20)\d\d\b|\b(?:{_MONTHS})\b|\b(?:våren|hösten|sommaren|vintern|"
                r"vårterminen|höstterminen|årsskiftet|månadsskiftet|nyår)\b|\b\d0-talet\b|"
                rf"\bi (?:fjol|höstas|våras|somras|vintras|dag|år|{_WEEKDAY}s)\b|"
                r"\b(?:förra|samma|nästa) (?:år|året|veckan|månaden)\b|"
                r"\b(?:början|slutet|mitten) av (?:året|förra året)\b|"
                # a span of time back from now ("i tre år", "sedan två månader", "fem år sedan"),
                # not a span at a time ("tre veckor per månad", "två veckor åt gången")
                rf"\b(?:i|sedan|för|under) (?:drygt |snart |över |nästan |ungefär )?"
                rf"(?:{_NUMBER_WORD}) (?:år|månader|månad|veckor|vecka)\b"
                r"(?!\s+(?:per|åt gången)\b)|"
                rf"\b(?:{_NUMBER_WORD}) (?:år|månader|månad|veckor|vecka) sedan\b", re.I)),
)


def date_grain(question: str) -> str | None:
    """The finest grain of date `question` asks for (_GRAINS), None for a
    date of any grain ("När ...")."""
    return next((g for g, ask, _ in _GRAINS if ask.search(question)), None)


# the place in a law asked ("Vilken paragraf ...", "Vilket kapitel ...", "Which section ...",
# "Vilket SOU-nummer ..."), told only by one ("6 kap. 3 §", "SOU 2019:43")
_SECTION_ASKED = re.compile(r"\b(?:vilken|vilket|vilka|which|what)\s+(?:\w*paragraf\w*|"
                            r"\w*kapitel\w*|lagrum\w*|sections?|paragraphs?|chapters?|sou\b|"
                            r"sou-?nummer)", re.I)
_SECTION = re.compile(r"§|\b\d+\s*kap(?:\.|itlet\b|\b)|\bkapitel \d|\bparagraf(?:en)? \d|"
                      r"\b\d+\s*paragrafen\b|\bSOU \d{4}:\d+|\b(?:section|chapter) \d", re.I)


def legal_grain(question: str) -> str | None:
    """'section' when `question` asks which place in a law, 'law' which law, else None."""
    return "section" if _SECTION_ASKED.search(question) else "law" if LAW_ASKED.search(question) \
        else None


def asked_grain(question: str, kind: str | None) -> str | None:
    """The grain of the fact of `kind` asked: of a date (date_grain), a law (legal_grain) or
    a name (a party: named_things.name_grain)."""
    grains = {"date": date_grain, "legal": legal_grain, "name": name_grain}
    return grains[kind](question) if kind in grains else None


_BODY = re.compile(
    r"\b\w*(?:personal|personalen|nämnd|nämnden|styrelse|styrelsen|team|teamet|förvaltning|"
    r"förvaltningen|enhet|enheten|grupp|gruppen)\b", re.I)


_ANTAL = re.compile(r"\bantal(?:et)?\s+((?:[^\W\d_]+\s+){0,1}[^\W\d_]+)")
_SHARE_OR_AGE = re.compile(r"\s*(?:%|procent\w*|år\b(?!\s*(?:19|20)\d\d\b)|-?åring\w*)", re.I)
_AGE_BEFORE = re.compile(r"\b(?:över|under|än|fyllt|fyller|mellan)\s+$", re.I)  # "över 85 år 2030"
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
    a date of a `grain` (date_grain) needs a time of that grain, a place in a law asked
    (legal_grain) a section, a chapter or an SOU number, which law a law named, a
    politician's party (name_grain) a party named."""
    if kind == "person":
        return bool(NAME.search(text)) or (agent and bool(_BODY.search(text)))
    if kind == "amount":
        return bool(_AMOUNT.search(text))
    if kind == "count":
        numbers = _numbers(text)
        if not counted:
            return bool(numbers)
        for m in numbers:
            after = [stem(w.strip(".,;:!?()")) for w in text[m.end(): m.end() + 40].lower().split()]
            # the counted word within two words ("16 olika medarbetare"), a synonym right
            # after, or after an adjective ("16 olika medarbetare" for "olika personal")
            first = after[1:2] if after[:1] and after[0] in _COUNT_ADJ else after[:1]
            # (or a compound counted by its last part: "problemområden" / "14 områden")
            if any(_is_counted(w, counted) for w in after[:2]) or any(
                    c in w for w in first for c in counted[1:]):
                return True
        if _enumerates(text, counted):
            return True
        # the counted word after "antalet", the numbers later: "minskat antalet
        # nyckeltal som förvaltningen rapporterar, från 31 till åtta"
        # (or a synonym of it: "antalet nyckeltal" for "mätetal")
        # ... a number that counts: not a share or an age ("antalet invånare över 80 år
        # ... öka med närmare 40 procent" tells no number of inhabitants)
        whole = {counted[-1], *synonyms_of(counted[-1])}
        return any(not _SHARE_OR_AGE.match(text, m.end())
                   and not _AGE_BEFORE.search(text[:m.start()]) for m in numbers) and any(
            counted[0] in stem(w) or any(stem(w).startswith(s) for s in whole if len(s) >= 5)
            for m in _ANTAL.finditer(text.lower()) for w in m.group(1).split())
    if kind == "date":
        text = _AGES.sub(" ", text)  # "unga vuxna mellan 18 och 21 år" is no time
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
        return bool({"section": _SECTION, "law": LAW_NAMED}.get(grain, _LEGAL).search(text))
    if kind == "name":
        return names_party(text) if grain == "party" else names_thing(text)
    return False


def _is_counted(word: str, counted: tuple[str, ...]) -> bool:
    """A word (stemmed) names what a count counts (counted_noun), or is a
    compound's last part of it ("områden" for "problemområden")."""
    return counted[0] in word or len(word) >= 4 and counted[-1].endswith(word)


# a count left vague ("flera enhetschefer", "några av medarbetarna", "inte många chefer";
# not "inte några": none), unless a list of names follows ("Flera chefer slutade: Anna ...")
_VAGUE = re.compile(r"\b(?:flera|många|(?<!inte )(?<!ej )några|en handfull|en rad)\s+"
                    r"(?:(?:av|olika|nya|andra|de|dem)\s+){0,2}([a-zåäöé]+)"
                    r"(?![^.]*:\s*(?-i:[A-ZÅÄÖ][\w-]+(?: [A-ZÅÄÖ][\w-]+){0,2})(?:,| och))", re.I)
# ... told after it: "Enhetscheferna är nu fyra", "Kunderna är i dag cirka 310"
_TOLD_AFTER = re.compile(r"^\S*\s+(?:\w+\s+){0,2}?(?:är|var|blir|blev)\s+(?:(?:nu|numera|i\s?dag|"
                         r"totalt|sammanlagt|cirka|ca\.?|ungefär|drygt|knappt|omkring|runt|"
                         r"närmare)\s+){0,2}(?=\S)", re.I)


def count_untold(counted: tuple[str, ...], passages: list[str], articles: list[str]) -> bool:
    """A count is asked (`counted`: counted_noun), a sentence of the best
    `passages` tells it vaguely ("flera enhetschefer" for "Hur många
    enhetschefer ..."), and no sentence of their `articles` tells it, by a
    number before the counted word or a synonym of it (`holds_kind`) or
    after it ("Enhetscheferna är nu fyra"): the articles do not say how
    many."""
    if not counted:
        return False
    names = _namer(counted)
    vague = any(names(stem(m.group(1))) for t in passages for m in _VAGUE.finditer(t))
    return vague and not _counted_in(articles, counted, names)


# what a service counts (counted_noun's whole stem: not "patientsäkerhetsincidenter";
# an English one only with its Swedish synonyms, not "children", "households"):
# its clients, patients, households, residents, the children it places, its places;
# clients and places with the words an article may count them by ("240
# hemtjänsttagare", "58 inskrivna", "40 lägenheter"; not "18 år och äldre",
# "miljoner på placeringar" nor "fyra särskilda boenden": an age, a sum, the homes)
_BY_CLIENTS = ("tjänsttag", "omsorgstag", "hjälptag", "vårdtag", "inskriv")
_CLIENTS = {
    **dict.fromkeys(("kund", "bruk", "klient", "patient", "vårdtag", "customer", "client",
                     "user"), _BY_CLIENTS),
    **dict.fromkeys(("invån", "medborg", "resident", "citiz", "barn"), ()),
    "hushåll": ("famil",),
    **dict.fromkeys(("plats", "boendeplats", "boend"), ("lägen", "bädd", "plats")),
}

# a service's clients are not the inhabitants its synonyms name, and "personer" counts
# them only in a sentence of people served ("58 personer är inskrivna", "212 personer har
# fått stöd", "310 personer har hemtjänst", "besökte 120 personer"; not "Teamet består av
# åtta personer", "vända sig till två personer")
_NOT_CLIENTS = ("invån", "medbo", "resid", "citiz", "perso")
_SERVED = re.compile(r"\b(?:inskriv\w*|fått|får|fick|ta[gr]\w* emot|bor|bodde|bevilja\w*|"
                     r"väntar|stöd|hjälp\w*|insats\w*|besök\w*|hemtjänst\w*)\b", re.I)


# a total asked ("Hur många brukare har hemtjänsten totalt ...", "i hela kommunen") is not
# told by a count per team or an average ("i genomsnitt 25 per team")
TOTAL_ASKED = re.compile(r"\b(?:totalt|sammanlagt|sammantaget|(?<!jämfört med )i hela|in total|"
                         r"altogether)\b", re.I)
_PER_UNIT = re.compile(r"\bi (?:genom)?snitt\b|\bper (?:team|grupp|enhet|område)\b|"
                       r"\bvarje (?:team|grupp|enhet)\b", re.I)
_CLAUSES = re.compile(r"[,;]|\s[–-]\s")


def asks_total(question: str) -> bool:
    """A total is asked (TOTAL_ASKED), not a count per team ("Hur många brukare per team
    har hemtjänsten i hela Hjo?")."""
    return bool(TOTAL_ASKED.search(question)) and not _PER_UNIT.search(question)


def clients_untold(counted: tuple[str, ...], articles: list[str], total: bool = False) -> bool:
    """A count of a service's clients or places is asked ("Hur många kunder
    har hemtjänsten i Bergvik?", "How many patients ...") and no sentence of
    the best passages' `articles` counts them: the articles tell who the
    clients are, never how many; of a `total` asked (TOTAL_ASKED), not per
    team nor on average."""
    also = _CLIENTS.get(counted[-1]) if counted else None
    if also is None:
        return False
    if total:
        # (only the clause that counts per team: "totalt 300 brukare, i genomsnitt 25 per team")
        articles = [c for t in articles for c in _CLAUSES.split(t) if not _PER_UNIT.search(c)]
    if also == _BY_CLIENTS:  # not the inhabitants; "personer" only as people served
        served = [t for t in articles if _SERVED.search(t)]
        if _counted_in(served, ("perso",), _namer(("perso",))):
            return False
        counted = tuple(c for c in counted if c not in _NOT_CLIENTS)
    return not _counted_in(articles, counted, _namer(counted, also))


def _namer(counted: tuple[str, ...], also: tuple[str, ...] = ()):
    """Whether a word (stemmed) names what a count counts: the counted word
    or a compound of it (`_is_counted`), a synonym, or a word of `also`."""
    return lambda word: (_is_counted(word, counted) or any(c in word for c in counted[1:])
                         or any(a in word for a in also))


def _counted_in(articles: list[str], counted: tuple[str, ...], names) -> bool:
    """A sentence of `articles` counts what `names` accepts: a number before
    the counted word or a synonym (`holds_kind`), or told near it (`_told`)."""
    return any(holds_kind(t, "count", counted) or _told(t, names) for t in articles)


def _told(text: str, names) -> bool:
    """A number within three words before a word `names` accepts ("sju fast
    anställda medarbetare"), or told after it ("Enhetscheferna är nu fyra")."""
    words = list(re.finditer(r"[a-zåäöé]+|\d+", text.lower()))
    for j, m in enumerate(words):
        if names(stem(m.group(0))):
            if _numbers(text[words[max(0, j - 3)].start():m.start()]):
                return True
            told = _TOLD_AFTER.match(text[m.start():m.start() + 80])
            at = m.start() + told.end() if told else 0
            if told and any(n.start() == 0 for n in _numbers(text[at:at + 40])):
                return True
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
